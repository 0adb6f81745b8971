import numpy as np

from depth_core.inference.images import load_image
from depth_core.inference.processing import to_model_input
from depth_core.inference.registry import load_registry
from depth_core.training.export import export_onnx, parity, register
from depth_core.training.models import build_model


def test_onnx_matches_keras_on_real_photos(shared, tmp_path, photo):
    weights = shared / "weights" / "mobilenet_v2_1.00_224_imagenet_no_top.weights.h5"
    model = build_model("mobilenetv2", "fastdepth", weights=weights)
    path = export_onnx(model, tmp_path / "m.onnx")
    photos = sorted(photo.parent.glob("*.jpg"))[:4]
    batch = np.concatenate([to_model_input(load_image(p), 224) for p in photos])
    assert parity(model, path, batch) < 1e-3


def test_register_adds_and_replaces_entries(tmp_path):
    registry = tmp_path / "models.json"
    onnx = tmp_path / "a.onnx"
    onnx.write_bytes(b"first")
    register({"name": "a", "label": "A", "encoder": "e", "decoder": "d"}, onnx, registry)
    onnx.write_bytes(b"second")
    register({"name": "a", "label": "A", "encoder": "e", "decoder": "d"}, onnx, registry)
    specs = load_registry(registry)
    assert list(specs) == ["a"] and specs["a"].file == "a.onnx"
    assert specs["a"].sha256 == "16367aacb67a4a017c8da8ab95682ccb390863780f7114dda0a0e0c55644c7c4"
