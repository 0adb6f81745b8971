"""Masked depth losses, computed per image: pixels with ground truth 0 (no reading) never count.

Every term is reduced over each image on its own, so scale invariance holds per image: a batch
that mixes rooms of different sizes (a kitchen at 1.8 m, synthetic halls at 4 m) never lets one
image's scale offset set another's. Keras then averages the per-image values over the batch.
"""
from __future__ import annotations

LOSSES = ("mse", "silog")  # the study's, and the one the shipped models train with
GRADIENT_SCALES = (1, 2, 4, 8)  # neighbour distances (pixels) the gradient term compares, as MiDaS does
# SILog keeps 15 % of each image's squared mean log error: a metric term both the sensor's and the renderer's depths
# can supply, small enough that the shape is learnt first.
SILOG_LAMBDA = 0.85


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


def depth_loss(kind: str = "silog", gradient_weight: float = 0.0):
    """A Keras loss ``f(y_true, y_pred)`` on depth in metres, one value per image.

    ``silog``: scale-invariant log error (Eigen et al.), which keeps only ``SILOG_LAMBDA``'s small share of each
    image's scale error, since one kitchen cannot teach the metres of every room; ``mse``: the study's loss. The
    gradient term (``gradient_weight``) asks for the right edges and planes whatever the scale.
    """
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}; choose one of {LOSSES}")

    def loss(y_true, y_pred):
        ops = _ops()
        mask = ops.cast(y_true > 0, "float32")
        d = ops.log(ops.maximum(y_pred, 1e-3)) - ops.log(ops.maximum(y_true, 1e-3))
        if kind == "mse":
            value = _masked_mean(ops.square(y_pred - y_true), mask)
        else:
            mean = _masked_mean(d, mask)
            value = ops.sqrt(ops.maximum(_masked_mean(ops.square(d), mask) - SILOG_LAMBDA * mean**2, 1e-8))
        if gradient_weight:
            value = value + gradient_weight * _gradient_loss(d, mask)
        return value

    loss.__name__ = f"{kind}_loss"
    return loss
