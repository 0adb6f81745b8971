"""Static int8 quantization (QDQ, per-channel weights), calibrated on real training frames, with the depth itself
left in float so no room is too deep for it."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..evaluation.rgbd import list_pairs
from ..inference.images import load_photo
from ..inference.processing import to_model_input


def calibration_batches(folder: str | Path, size: int, count: int = 64) -> list[np.ndarray]:
    """``count`` frames spread evenly over the folder (a video: neighbours are near-duplicates),
    read and resized exactly as the app reads a photo."""
    pairs = list_pairs(folder)
    picks = np.linspace(0, len(pairs) - 1, min(count, len(pairs))).astype(int)
    return [to_model_input(load_photo(pairs[i].rgb_path, min_side=size)[0], size) for i in picks]


def output_convs(model) -> list[str]:
    """The convolutions whose output is the depth (they feed the final Softplus): quantizing their output would clamp
    depth to the largest value calibration saw (3.47 m on the kitchen), so they stay float."""
    producers = {out: node for node in model.graph.node for out in node.output}
    return [producers[node.input[0]].name for node in model.graph.node
            if node.op_type == "Softplus" and node.input[0] in producers
            and producers[node.input[0]].op_type == "Conv"]


def depth_is_quantized(model) -> bool:
    """Whether the depth passes through int8 on its way out (a DequantizeLinear feeds the final Softplus): then it
    can never exceed the deepest depth calibration saw."""
    producers = {out: node for node in model.graph.node for out in node.output}
    return any(node.op_type == "Softplus" and node.input[0] in producers
               and producers[node.input[0]].op_type == "DequantizeLinear" for node in model.graph.node)


def quantize_int8(model_path: str | Path, out_path: str | Path, batches: list[np.ndarray]) -> Path:
    """Write an int8 QDQ copy of ``model_path``; the float input and the depth output stay float."""
    import onnx
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    input_name = onnx.load(str(model_path)).graph.input[0].name

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.items = iter({input_name: b} for b in batches)

        def get_next(self):
            return next(self.items, None)

    out_path = Path(out_path)
    prepared = out_path.with_suffix(".prep.onnx")
    # ONNX's own shape inference suffices for a convolutional network; the symbolic one cannot read every Resize.
    quant_pre_process(str(model_path), str(prepared), skip_symbolic_shape=True)
    try:
        quantize_static(str(prepared), str(out_path), Reader(), quant_format=QuantFormat.QDQ, per_channel=True,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        nodes_to_exclude=output_convs(onnx.load(str(prepared))))
    finally:
        prepared.unlink(missing_ok=True)
    return out_path


def float_depth(int8_path: str | Path, out_path: str | Path) -> Path:
    """An int8 file made before the depth stayed float, with the quantization of its depth removed: the depth
    convolution's float output goes straight to the Softplus (its weights and its input stay int8). For releases
    whose float weights are gone; a new release quantizes without it (``quantize_int8``)."""
    import onnx

    model = onnx.load(str(int8_path))
    producers = {out: node for node in model.graph.node for out in node.output}
    mended = 0
    for node in list(model.graph.node):
        dequantize = producers.get(node.input[0]) if node.op_type == "Softplus" else None
        if dequantize is not None and dequantize.op_type == "DequantizeLinear":
            quantize = producers[dequantize.input[0]]
            node.input[0] = quantize.input[0]
            model.graph.node.remove(dequantize)
            model.graph.node.remove(quantize)
            mended += 1
    if not mended:
        raise ValueError(f"{Path(int8_path).name} has no quantized depth to make float")
    used = {name for node in model.graph.node for name in node.input}
    for initializer in [t for t in model.graph.initializer if t.name not in used]:  # ORT warns of each at load
        model.graph.initializer.remove(initializer)
    onnx.save(model, str(out_path))
    return Path(out_path)


def depth_ceiling(model_path: str | Path) -> float:
    """The largest depth in metres the graph can output, read from its weights: the quantized depth's top code, or
    the float output convolution's best case over its int8 input's range; inf when nothing bounds it. A model for
    rooms of every size needs well over 8 m here."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(model_path))
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    producers = {out: node for node in model.graph.node for out in node.output}

    def dequantized(name: str) -> np.ndarray:  # an initializer as float, read through its DequantizeLinear if any
        if name in values:
            return values[name].astype(np.float32)
        node = producers[name]
        q, scale = values[node.input[0]], values[node.input[1]]
        zero = values[node.input[2]] if len(node.input) > 2 and node.input[2] else np.zeros((), q.dtype)
        axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
        shape = [1] * q.ndim
        if np.ndim(scale):  # per channel along ``axis`` (a bias has one axis)
            shape[axis if axis < q.ndim else 0] = -1
        return (q.astype(np.float32) - np.reshape(zero, shape)) * np.reshape(scale, shape)

    def code_range(name: str) -> tuple[float, float] | None:  # the values a DequantizeLinear output can take
        node = producers.get(name)
        if node is None or node.op_type != "DequantizeLinear":
            return None
        scale = float(values[node.input[1]])
        zero = values[node.input[2]] if len(node.input) > 2 and node.input[2] else np.uint8(0)
        info = np.iinfo(zero.dtype)
        return scale * (info.min - int(zero)), scale * (info.max - int(zero))

    softplus = lambda x: float(np.logaddexp(0.0, x))  # noqa: E731 - the models' last activation
    ceilings = []
    for node in model.graph.node:
        if node.op_type != "Softplus":
            continue
        source = producers.get(node.input[0])
        if source is not None and source.op_type == "DequantizeLinear":  # quantized depth: clamped at its top code
            ceilings.append(softplus(code_range(node.input[0])[1]))
        elif source is not None and source.op_type == "Conv" and code_range(source.input[0]) is not None:
            low, high = code_range(source.input[0])
            weights = dequantized(source.input[1])
            if weights.shape[0] != 1:
                return float("inf")  # not a one-channel depth head: nothing here bounds it
            weights = weights.reshape(-1)
            bias = float(dequantized(source.input[2]).reshape(-1)[0]) if len(source.input) > 2 else 0.0
            ceilings.append(softplus(bias + float(np.maximum(weights * low, weights * high).sum())))
        else:
            return float("inf")
    return max(ceilings) if ceilings else float("inf")
