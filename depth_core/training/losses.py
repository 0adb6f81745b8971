"""Masked depth losses, computed per image: pixels with ground truth 0 (no reading) never count.

Every term is reduced over each image on its own, so scale invariance holds per image: a batch
that mixes rooms of different sizes (a kitchen at 1.8 m, synthetic halls at 4 m) never lets one
image's scale offset set another's. Keras then averages the per-image values over the batch.
"""
from __future__ import annotations

import numpy as np

LOSSES = ("mse", "l1", "log_l1", "silog", "silog_l1")
SCALE_INVARIANT = ("silog", "silog_l1")  # the losses that take a lambda
GRADIENT_SCALES = (1, 2, 4, 8)
SILOG_LAMBDA = 0.85  # SILog keeps 15 % of each image's squared mean log error: a small metric term
NORMAL_SCALES = (2, 4, 8)  # pixel steps of the normal term: wider steps see through the sensor's noise
# The normal term's pinhole: focal lengths in image widths and heights. The training cameras' fx is 0.65-0.96 of the
# width, and a 4:3 frame squashed to a square makes fy 4/3 of that in the square's pixels.
NORMAL_FOCAL = (0.8, 0.8 * 4 / 3)


def _ops():
    from keras import ops

    return ops


def _masked_mean(values, mask):
    """Mean over each image's valid pixels: N values."""
    ops = _ops()
    return ops.sum(values * mask, axis=(1, 2, 3)) / ops.maximum(ops.sum(mask, axis=(1, 2, 3)), 1.0)


def _gradient_loss(d, mask, scales=GRADIENT_SCALES):
    """Multi-scale gradient matching of the log-depth error (MiDaS): sharp edges, flat planes, no scale."""
    ops = _ops()
    total = 0.0
    for s in scales:
        ds, ms = d[:, ::s, ::s], mask[:, ::s, ::s]
        dx = ops.abs(ds[:, :, 1:] - ds[:, :, :-1])
        dy = ops.abs(ds[:, 1:] - ds[:, :-1])
        total = total + _masked_mean(dx, ms[:, :, 1:] * ms[:, :, :-1]) + _masked_mean(dy, ms[:, 1:] * ms[:, :-1])
    return total / len(scales)


def _normals(z, step: int):
    """Unit surface normals (x, y, z) of depth ``z`` (N, H, W, 1) back-projected through a centred pinhole
    (``NORMAL_FOCAL``), from neighbours ``step`` pixels apart: (N, H' - 1, W' - 1, 1) each at the subsampled size."""
    ops = _ops()
    h, w = z.shape[1], z.shape[2]
    u = ((np.arange(w) - (w - 1) / 2) / (NORMAL_FOCAL[0] * w))[::step]  # rays of the full image's pixels, subsampled
    v = ((np.arange(h) - (h - 1) / 2) / (NORMAL_FOCAL[1] * h))[::step]
    z = z[:, ::step, ::step]
    u = ops.convert_to_tensor(u.reshape(1, 1, -1, 1), "float32")
    v = ops.convert_to_tensor(v.reshape(1, -1, 1, 1), "float32")
    points = (u * z, v * z, z)
    right = [p[:, :-1, 1:] - p[:, :-1, :-1] for p in points]
    down = [p[:, 1:, :-1] - p[:, :-1, :-1] for p in points]
    normal = (right[1] * down[2] - right[2] * down[1], right[2] * down[0] - right[0] * down[2],
              right[0] * down[1] - right[1] * down[0])
    length = ops.sqrt(ops.maximum(sum(c * c for c in normal), 1e-12))
    return tuple(c / length for c in normal)


def _normal_loss(y_true, y_pred, mask, scales=NORMAL_SCALES):
    """1 - cos of the angle between predicted and true surface normals (after Yin et al.'s virtual normals): a
    depth map times any factor has the same normals, and a plane's tilt costs the same at every distance."""
    total = 0.0
    for s in scales:
        m = mask[:, ::s, ::s]
        valid = m[:, :-1, :-1] * m[:, :-1, 1:] * m[:, 1:, :-1]
        cos = sum(t * p for t, p in zip(_normals(y_true, s), _normals(y_pred, s)))
        total = total + _masked_mean(1.0 - cos, valid)
    return total / len(scales)


def depth_loss(kind: str = "log_l1", gradient_weight: float = 0.0, silog_lambda: float = SILOG_LAMBDA,
               gradient_scales: tuple[int, ...] = GRADIENT_SCALES, normal_weight: float = 0.0):
    """A Keras loss ``f(y_true, y_pred)`` on depth in metres, one value per image.

    ``silog``: scale-invariant log error (Eigen et al.); ``silog_lambda`` = 1 ignores each image's scale entirely,
    0.85 keeps 15 % of the squared mean log error as a metric term. ``silog_l1`` is its absolute-value version: each
    image's log error minus a part of its mean, averaged as |.|, which aims at the median error rather than the mean,
    as δ1 (the share of pixels within 25 %) rewards; the part is 1 - sqrt(1 - lambda), so an error of scale alone
    costs what it costs in ``silog`` (measured at weight 6: lower than ``silog`` over five seeds; docs/experiments/history.md). A
    target with a second channel carries each image's own lambda there (``data.mixed_batches``): one batch can then
    hold frames whose metres the loss trusts and frames whose metres it ignores. The gradient term compares
    neighbours ``gradient_scales`` pixels apart (coarser scales: longer-range order). The normal term
    (``normal_weight``) compares the surfaces' orientations, which no scale changes.
    """
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}; choose one of {LOSSES}")

    def loss(y_true, y_pred):
        ops = _ops()
        lam = silog_lambda
        if y_true.shape[-1] == 2:
            lam = ops.mean(y_true[..., 1], axis=(1, 2))
            y_true = y_true[..., :1]
        mask = ops.cast(y_true > 0, "float32")
        if kind == "mse":  # the study's loss
            value = _masked_mean(ops.square(y_pred - y_true), mask)
        elif kind == "l1":
            value = _masked_mean(ops.abs(y_pred - y_true), mask)
        d = ops.log(ops.maximum(y_pred, 1e-3)) - ops.log(ops.maximum(y_true, 1e-3))
        if kind == "log_l1":
            value = _masked_mean(ops.abs(d), mask)
        elif kind == "silog":
            mean = _masked_mean(d, mask)
            value = ops.sqrt(ops.maximum(_masked_mean(ops.square(d), mask) - lam * mean**2, 1e-8))
        elif kind == "silog_l1":
            keep = ops.sqrt(ops.maximum(1.0 - lam, 0.0))  # the share of an error of scale alone that still costs
            aligned = d - ops.reshape((1.0 - keep) * _masked_mean(d, mask), (-1, 1, 1, 1))
            value = _masked_mean(ops.abs(aligned), mask)
        if gradient_weight:
            value = value + gradient_weight * _gradient_loss(d, mask, gradient_scales)
        if normal_weight:
            value = value + normal_weight * _normal_loss(y_true, ops.maximum(y_pred, 1e-3), mask)
        return value

    loss.__name__ = f"{kind}_loss"
    return loss
