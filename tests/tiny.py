"""Hand-made models and releases: the package's contracts tested in milliseconds, with no training."""
from __future__ import annotations

from pathlib import Path

from depth_core.evaluation.evaluate import Evaluation
from depth_core.inference.weights import sha256_of
from depth_core.publishing.record import ReleaseRecord, Variant

METRICS = {k: 0.1 for k in ("abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "delta1", "delta2", "delta3", "mse")}


def tiny_onnx(path: Path, size: int = 64, scale: float = 0.01) -> Path:
    """A size x size depth network in the pipeline's interface: depth = ``scale`` x the red channel."""
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, size, size, 3])
    y = helper.make_tensor_value_info("depth", TensorProto.FLOAT, [1, size, size, 1])
    weights = helper.make_tensor("scale", TensorProto.FLOAT, [3], [scale, 0.0, 0.0])
    graph = helper.make_graph([helper.make_node("Mul", ["image", "scale"], ["scaled"]),
                               helper.make_node("ReduceSum", ["scaled", "axes"], ["depth"], keepdims=1)],
                              "tiny", [x], [y], [weights, helper.make_tensor("axes", TensorProto.INT64, [1], [3])])
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    return path


def evaluation(dataset: str = "office", images: int = 1, value: float = 0.1) -> Evaluation:
    metrics = {k: value for k in METRICS}
    return Evaluation("m", dataset, images, metrics, metrics, {}, {"constant": METRICS, "gradient": METRICS})


def tiny_release(run_dir: Path, encoder: str = "mobilenetv2", encoder_init: str = "imagenet",
                 train_data=(("kitchen", 1.0),)) -> ReleaseRecord:
    """A release record in ``run_dir`` with two tiny ONNX variants, as ``training.release`` would write it."""
    variants = {}
    for name, scale in (("fp32", 0.01), ("int8", 0.02)):
        path = tiny_onnx(run_dir / f"{encoder}_fastdepth{'' if name == 'fp32' else '_int8'}.onnx", scale=scale)
        variants[name] = Variant(path.name, path.stat().st_size, sha256_of(path),
                                 [evaluation("office", 1), evaluation("rooms", 2, 0.2)])
    record = ReleaseRecord(encoder=encoder, decoder="fastdepth", input_size=64, params=1, gmacs=0.001,
                           parity_max_rel=1e-6, export_backend="hand-made", encoder_init=encoder_init,
                           train_data=list(train_data), trained_input_size=96, loss="silog", train_config={},
                           variants=variants)
    record.save(run_dir)
    return record
