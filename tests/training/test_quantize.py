"""Int8 quantization: the depth stays float, so no room is too deep for a model; the ceiling is read from weights."""
import numpy as np
import pytest

from depth_core.inference.registry import load_registry
from depth_core.training.quantize import depth_ceiling, float_depth, output_convs, quantize_int8


def _conv_net(path, size: int = 16):
    """NHWC photo -> 3x3 conv, ReLU -> 1x1 conv -> Softplus: the shape of every model's head."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    inits = [numpy_helper.from_array(rng.normal(0, 0.02, (8, 3, 3, 3)).astype(np.float32), "w1"),
             numpy_helper.from_array(np.zeros(8, np.float32), "b1"),
             numpy_helper.from_array(np.abs(rng.normal(0, 0.1, (1, 8, 1, 1))).astype(np.float32), "w2"),
             numpy_helper.from_array(np.zeros(1, np.float32), "b2")]
    nodes = [helper.make_node("Transpose", ["image"], ["nchw"], perm=[0, 3, 1, 2]),
             helper.make_node("Conv", ["nchw", "w1", "b1"], ["features"], pads=[1, 1, 1, 1], name="body"),
             helper.make_node("Relu", ["features"], ["relu"]),
             helper.make_node("Conv", ["relu", "w2", "b2"], ["logits"], name="head"),
             helper.make_node("Softplus", ["logits"], ["depth"])]
    graph = helper.make_graph(nodes, "head", [helper.make_tensor_value_info("image", TensorProto.FLOAT,
                                                                            [1, size, size, 3])],
                              [helper.make_tensor_value_info("depth", TensorProto.FLOAT, [1, 1, size, size])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


def test_the_depth_convolution_stays_float_so_depth_is_not_clamped_at_calibration(tmp_path, monkeypatch):
    import onnx

    from depth_core.inference.runtime import create_session
    from depth_core.training import quantize

    fp32 = _conv_net(tmp_path / "net.onnx")
    assert output_convs(onnx.load(str(fp32))) == ["head"]
    photos = [np.full((1, 16, 16, 3), v, np.float32) for v in (10.0, 40.0, 60.0)]
    int8 = quantize_int8(fp32, tmp_path / "net_int8.onnx", photos)
    assert not [n for n in onnx.load(str(int8)).graph.node if n.op_type == "QuantizeLinear" and n.input[0] == "logits"]
    session = create_session(int8)
    seen = max(float(session.run(None, {"image": b})[0].max()) for b in photos)
    monkeypatch.setattr(quantize, "output_convs", lambda model: [])  # as the first int8 models were made
    clamped = quantize_int8(fp32, tmp_path / "clamped_int8.onnx", photos)
    assert depth_ceiling(clamped) == pytest.approx(seen, rel=0.02)  # the deepest calibration output, no deeper
    mended = float_depth(clamped, tmp_path / "mended_int8.onnx")
    assert depth_ceiling(mended) == pytest.approx(depth_ceiling(int8), rel=0.02)
    assert np.isfinite(depth_ceiling(int8)) and depth_ceiling(int8) > 1.5 * seen
    assert depth_ceiling(fp32) == float("inf")


@pytest.mark.parametrize("name", list(load_registry()))
def test_no_bundled_model_has_a_depth_ceiling_below_8_m(name):
    """The first int8 models clamped depth at the kitchen's calibration range: 3.47 m and 2.98 m."""
    assert depth_ceiling(load_registry()[name].bundled_path) > 8.0


# ResNet50 (from scratch) has not learned far depth: it reads this room's back wall at 2.3 m, nearer than a 4 m room's
# (2.9 m), though its graph can output 24.8 m. Strict: the day it passes, this mark must go.
FLAT_AT_THE_BACK = {"resnet50"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="reads far walls near"))
                                  if n in FLAT_AT_THE_BACK else n for n in load_registry()])
def test_a_room_with_its_back_wall_8_m_away_keeps_its_depth_at_the_back(name):
    """The shape is not flattened at the back: scaled to the room's median depth (the metres are the model's guess,
    read short in this room), the back wall comes out beyond 6 m; the clamped int8 MobileNetV2 gave 5.4 m."""
    from depth_core.inference.pipeline import get_estimator
    from depth_core.training.synthetic import deep_room

    photo, truth = deep_room(8.0)
    back = truth > 7.8
    assert back.mean() > 0.05  # the back wall fills part of the view
    depth = get_estimator(name).predict(photo).depth
    assert float(np.median(depth[back])) * np.median(truth) / np.median(depth) > 6.0
