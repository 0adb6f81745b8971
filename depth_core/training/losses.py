"""Masked depth losses: pixels with ground truth 0 (no sensor reading) never count."""
from __future__ import annotations

LOSSES = ("mse", "l1", "log_l1", "silog")


def _ops():
    from keras import ops

    return ops


def _masked_mean(values, mask):
    ops = _ops()
    return ops.sum(values * mask) / ops.maximum(ops.sum(mask), 1.0)


def _gradient_loss(log_pred, log_true, mask):
    """Match log-depth gradients: sharp edges and flat planes, independent of scale."""
    ops = _ops()
    d = log_pred - log_true
    dx = ops.abs(d[:, :, 1:] - d[:, :, :-1])
    mx = mask[:, :, 1:] * mask[:, :, :-1]
    dy = ops.abs(d[:, 1:] - d[:, :-1])
    my = mask[:, 1:] * mask[:, :-1]
    return _masked_mean(dx, mx) + _masked_mean(dy, my)


def depth_loss(kind: str = "log_l1", gradient_weight: float = 0.0, silog_lambda: float = 0.85):
    """A Keras loss ``f(y_true, y_pred)`` on depth in metres with invalid pixels masked out."""
    if kind not in LOSSES:
        raise ValueError(f"unknown loss {kind!r}; choose one of {LOSSES}")

    def loss(y_true, y_pred):
        ops = _ops()
        mask = ops.cast(y_true > 0, "float32")
        if kind == "mse":  # the study's loss
            value = _masked_mean(ops.square(y_pred - y_true), mask)
        elif kind == "l1":
            value = _masked_mean(ops.abs(y_pred - y_true), mask)
        log_pred = ops.log(ops.maximum(y_pred, 1e-3))
        log_true = ops.log(ops.maximum(y_true, 1e-3))
        if kind == "log_l1":
            value = _masked_mean(ops.abs(log_pred - log_true), mask)
        elif kind == "silog":
            d = log_pred - log_true
            mean = _masked_mean(d, mask)
            value = ops.sqrt(ops.maximum(_masked_mean(ops.square(d), mask) - silog_lambda * mean**2, 1e-8))
        if gradient_weight:
            value = value + gradient_weight * _gradient_loss(log_pred, log_true, mask)
        return value

    loss.__name__ = f"{kind}_loss"
    return loss
