"""The training notebook, executed end to end in its smoke configuration, for both encoders."""
import json

import pytest

from depth_core.registry import load_registry
from depth_core.pipeline import DepthEstimator

from .conftest import REPO

NOTEBOOK = REPO / "training_notebooks" / "train_depth.ipynb"


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["mobilenetv2", "resnet50"])
def test_notebook_smoke_run_trains_exports_and_bundles(encoder, shared, tmp_path, photo):
    papermill = pytest.importorskip("papermill")
    weights = str(shared / "weights" / "mobilenet_v2_1.00_224_imagenet_no_top.weights.h5") \
        if encoder == "mobilenetv2" else None
    registry = tmp_path / "bundle" / "models.json"
    registry.parent.mkdir()
    papermill.execute_notebook(
        str(NOTEBOOK), str(tmp_path / "executed.ipynb"), cwd=str(NOTEBOOK.parent), kernel_name="python3",
        parameters={"ENCODER": encoder, "CONFIG": "smoke", "WEIGHTS": weights,
                    "TRAIN_DIR": str(shared / "data" / "sevenscenes_redkitchen"),
                    "VAL_DIR": str(shared / "data" / "sun3d_office_frag1"),
                    "OUT_DIR": str(tmp_path / "run"), "BUNDLE": "int8", "REGISTRY": str(registry)},
        progress_bar=False)
    report = json.loads((tmp_path / "run" / "release.json").read_text())
    assert report["parity_max_rel"] < 1e-3
    assert set(report["variants"]) == {"fp32", "int8"}
    assert report["variants"]["fp32"]["eval"]["images"] == 50
    spec = load_registry(registry)[encoder]
    assert spec.metrics["variant"] == "int8" and spec.file == f"{encoder}_fastdepth_int8.onnx"
    estimator = DepthEstimator.from_file(registry.parent / spec.file)
    assert estimator.predict(photo).depth.shape == (480, 640)
