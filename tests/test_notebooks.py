"""The training notebook, executed end to end in its smoke configuration, for both encoders."""
import json

import pytest

from depth_core.inference.pipeline import DepthEstimator
from depth_core.inference.registry import load_registry


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["mobilenetv2", "resnet50"])
def test_notebook_smoke_run_trains_exports_and_bundles(smoke_runs, encoder, photo):
    root = smoke_runs[encoder]
    report = json.loads((root / "run" / "release.json").read_text())
    assert report["parity_max_rel"] < 1e-3
    assert set(report["variants"]) == {"fp32", "int8"}
    evals = report["variants"]["fp32"]["evals"]
    assert [(e["dataset"], e["images"]) for e in evals] == [("sun3d_office_frag1", 50), ("multiroom_val", 14)]
    assert set(evals[0]["priors"]) == {"constant", "gradient"}
    if encoder == "resnet50":
        assert report["train_config"]["weights"] is None  # no ImageNet ResNet50 weights here: from scratch
    spec = load_registry(root / "bundle" / "models.json")[encoder]
    assert spec.metrics["variant"] == "int8" and spec.file == f"{encoder}_fastdepth_int8.onnx"
    assert spec.metrics["command"] == f"python -m depth_core eval -m {encoder}"
    assert set(spec.metrics["mean_skill"]) == {"delta1", "abs_rel"}
    estimator = DepthEstimator.from_file(spec.bundled_path)
    assert estimator.predict(photo).depth.shape == (480, 640)
    executed = json.loads((root / "executed.ipynb").read_text())
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for c in executed["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    figures = {p.name for p in (root / "run" / "figures").glob("*.png")}
    assert figures == {"synthetic_samples.png", "loss.png", "skill.png", "predictions.png", "latency.png"}
    assert len(images) == len(figures)  # each figure is shown in the notebook too
