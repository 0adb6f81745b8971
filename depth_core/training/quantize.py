"""Static int8 quantization (QDQ, per-channel weights), calibrated on real training frames."""
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


def quantize_int8(model_path: str | Path, out_path: str | Path, batches: list[np.ndarray]) -> Path:
    """Write an int8 QDQ copy of ``model_path``; the float input and output stay float."""
    import onnxruntime as ort
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    input_name = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"]).get_inputs()[0].name

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
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    finally:
        prepared.unlink(missing_ok=True)
    return out_path
