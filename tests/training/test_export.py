import numpy as np
import onnx

from depth_core.inference.images import load_image
from depth_core.inference.processing import to_model_input
from depth_core.paths import local_imagenet_weights
from depth_core.inference.processing import REFINER_FILE
from depth_core.training.export import export_onnx, parity, refiner_graph
from depth_core.training.models import build_model


def test_onnx_matches_keras_on_real_photos(shared, tmp_path, photo):
    model = build_model("mobilenetv2", "fastdepth", weights=local_imagenet_weights())
    path = export_onnx(model, tmp_path / "m.onnx")
    photos = sorted(photo.parent.glob("*.jpg"))[:4]
    batch = np.concatenate([to_model_input(load_image(p), 224) for p in photos])
    assert parity(model, path, batch) < 1e-3
    resizes = [n for n in onnx.load(str(path)).graph.node if n.op_type == "Resize"]
    assert len(resizes) == 5  # the decoder's four nearest upsamplings and its last bilinear one, no Tile chains
    assert all(a.s != b"tf_half_pixel_for_nn" for n in resizes for a in n.attribute)  # no deprecated mode


def test_bundled_refiner_is_the_graph_the_code_builds():
    """The bundled refine.onnx is built, not hand-edited: rebuild it with write_refiner() after changing the graph."""
    assert REFINER_FILE.read_bytes() == refiner_graph()
