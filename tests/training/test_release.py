"""After training: a kept model's record follows its file."""
import pytest

from depth_core.inference.registry import get_spec, register
from depth_core.inference.weights import sha256_of
from depth_core.training.release import check_int8, refresh_metrics

from ..tiny import tiny_onnx, tiny_release


def test_refresh_records_a_mended_files_checksum_and_its_scores(tmp_path, rgbd_folder):
    record = tiny_release(tmp_path / "run")
    registry = tmp_path / "bundle" / "models.json"
    registry.parent.mkdir()
    spec = register(record.spec("fp32", bundle_dir=registry.parent), registry)
    tiny_onnx(spec.bundled_path, scale=0.03)  # the file changes, as float_depth changes one
    refreshed = refresh_metrics(spec.name, [rgbd_folder], registry)
    assert refreshed.sha256 == sha256_of(spec.bundled_path) != spec.sha256
    assert [e["dataset"] for e in refreshed.evals] == [rgbd_folder.name]
    assert get_spec(spec.name, registry).sha256 == refreshed.sha256


def test_the_int8_gate_passes_a_graph_with_nothing_to_fuse_and_names_what_differs(tmp_path, rgbd_folder):
    from depth_core.evaluation.evaluate import evaluate
    from depth_core.inference.pipeline import DepthEstimator

    path = tiny_onnx(tmp_path / "m.onnx")
    evals = [evaluate(DepthEstimator(path, 64), rgbd_folder)]
    check_int8(path, 64, [rgbd_folder], evals)  # no depth ceiling; optimised and exact compute the same
    evals[0].median_scaled["delta1"] += 0.01
    with pytest.raises(AssertionError, match="exact"):
        check_int8(path, 64, [rgbd_folder], evals)


def test_the_int8_gate_refuses_a_quantized_depth(tmp_path, monkeypatch):
    import numpy as np

    from depth_core.training import quantize

    from .test_quantize import _conv_net

    monkeypatch.setattr(quantize, "output_convs", lambda model: [])  # the depth quantized, as in the first models
    photos = [np.full((1, 16, 16, 3), v, np.float32) for v in (10.0, 60.0)]
    clamped = quantize.quantize_int8(_conv_net(tmp_path / "net.onnx"), tmp_path / "net_int8.onnx", photos)
    with pytest.raises(AssertionError, match="at most"):
        check_int8(clamped, 16, [], [])
