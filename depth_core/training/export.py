"""Keras -> ONNX, a parity check against Keras on real photos, and the refinement's small ONNX graph."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def export_onnx(model, path: str | Path) -> Path:
    """Write ``model`` as ONNX (opset chosen by Keras/tf2onnx); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = model.input_shape[1]
    model.predict(np.zeros((1, size, size, 3), "float32"), verbose=0)  # Keras exports only called models
    model.export(str(path), format="onnx", verbose=False)
    _exact_nearest_resizes(path)
    return path


def _exact_nearest_resizes(path: Path) -> None:
    """tf2onnx writes TensorFlow's nearest resize with the deprecated ``tf_half_pixel_for_nn`` mode, which ONNX
    Runtime warns about at every load and its quantizer's shape inference cannot read. For the decoder's exact 2x
    it picks source pixel x // 2, which ``asymmetric`` with tf2onnx's ``floor`` rounding states plainly."""
    import onnx

    model = onnx.load(str(path))
    for node in model.graph.node:
        for attribute in node.attribute:
            if node.op_type == "Resize" and attribute.s == b"tf_half_pixel_for_nn":
                attribute.s = b"asymmetric"
    onnx.save(model, str(path))


def parity(model, onnx_path: str | Path, batch: np.ndarray) -> float:
    """Largest relative difference between Keras and ONNX Runtime outputs on ``batch``."""
    from ..inference.runtime import create_session

    session = create_session(onnx_path)
    ours = session.run(None, {session.get_inputs()[0].name: batch.astype(np.float32)})[0]
    theirs = np.asarray(model.predict(batch, verbose=0))
    return float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-6)))


def refiner_graph() -> bytes:
    """The full-resolution step of ``inference.processing.guided_upsample`` as ONNX: coefficients a, b
    (1 x 2 x h x w) and the grey photo (at any size, uint8) upsampled to ``sizes`` (1, 2, height, width) as PIL's
    bilinear does (half-pixel centres, antialiased when shrinking), then a * luma + b, at least 1 mm. Bundled as
    ``depth_core/bundled/refine.onnx``; rebuild with
    ``python -c "from depth_core.training.export import write_refiner; write_refiner()"``."""
    from onnx import TensorProto, helper

    def resize(source: str, sizes: str, out: str):
        return helper.make_node("Resize", [source, "", "", sizes], [out], mode="linear",
                                coordinate_transformation_mode="half_pixel", antialias=1)

    nodes = [
        resize("coefficients", "sizes", "up"),
        helper.make_node("Split", ["up"], ["a", "b"], axis=1, num_outputs=2),
        helper.make_node("Cast", ["luma"], ["grey"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["grey", "planes"], ["grey_4d"]),
        helper.make_node("Slice", ["sizes", "starts", "ends"], ["height_width"]),
        helper.make_node("Concat", ["ones", "height_width"], ["grey_sizes"], axis=0),
        resize("grey_4d", "grey_sizes", "grey_up"),
        helper.make_node("Mul", ["a", "grey_up"], ["scaled"]),
        helper.make_node("Add", ["scaled", "b"], ["fitted"]),
        helper.make_node("Max", ["fitted", "floor"], ["clamped"]),
        helper.make_node("Squeeze", ["clamped", "planes"], ["depth"]),
    ]
    int64 = TensorProto.INT64
    graph = helper.make_graph(
        nodes, "guided_upsample_full_resolution",
        [helper.make_tensor_value_info("coefficients", TensorProto.FLOAT, [1, 2, "h", "w"]),
         helper.make_tensor_value_info("luma", TensorProto.UINT8, ["photo_height", "photo_width"]),
         helper.make_tensor_value_info("sizes", int64, [4])],
        [helper.make_tensor_value_info("depth", TensorProto.FLOAT, ["height", "width"])],
        initializer=[helper.make_tensor("floor", TensorProto.FLOAT, [], [1e-3]),
                     helper.make_tensor("planes", int64, [2], [0, 1]),
                     helper.make_tensor("ones", int64, [2], [1, 1]),
                     helper.make_tensor("starts", int64, [1], [2]),
                     helper.make_tensor("ends", int64, [1], [4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="depth_core")
    model.ir_version = 8  # readable by every onnxruntime the package allows
    return model.SerializeToString()


def write_refiner(path: str | Path | None = None) -> Path:
    """Write ``refiner_graph()`` (by default over the bundled file, which a test keeps equal to it)."""
    from ..inference.processing import REFINER_FILE

    path = Path(path or REFINER_FILE)
    path.write_bytes(refiner_graph())
    return path
