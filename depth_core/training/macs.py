"""Multiply-accumulate count of a Keras model (convolutions and dense layers, which dominate)."""
from __future__ import annotations

import math


def _layers(model, seen=None):
    seen = set() if seen is None else seen
    for layer in model.layers:
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        if hasattr(layer, "layers"):
            yield from _layers(layer, seen)
        else:
            yield layer


def count_macs(model) -> int:
    """MACs of one forward pass at the model's input size."""
    import keras

    total = 0
    for layer in _layers(model):
        if isinstance(layer, (keras.layers.Conv2D, keras.layers.DepthwiseConv2D)):
            out = layer.output.shape  # N, H, W, C
            kh, kw = layer.kernel_size
            cin = layer.input.shape[-1]
            if isinstance(layer, keras.layers.DepthwiseConv2D):
                total += math.prod(out[1:]) * kh * kw
            else:
                total += math.prod(out[1:]) * kh * kw * cin // layer.groups
        elif isinstance(layer, keras.layers.Dense):
            total += layer.kernel.shape[0] * layer.kernel.shape[1]
    return int(total)
