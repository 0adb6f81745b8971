"""The training notebook, executed end to end in its smoke configuration, for both encoders."""
import json

import pytest

from depth_core.inference.pipeline import DepthEstimator
from depth_core.inference.registry import load_registry
from depth_core.publishing.record import ReleaseRecord


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["mobilenetv2", "resnet50"])
def test_notebook_smoke_run_trains_exports_and_bundles(smoke_runs, encoder, photo):
    root = smoke_runs[encoder]
    record = ReleaseRecord.load(root / "run")
    assert record.parity_max_rel < 1e-3
    assert set(record.variants) == {"fp32", "int8"}
    evals = record.variants["fp32"].evals
    assert [(e.dataset, e.images) for e in evals] == [("sun3d_office_frag1", 50), ("multiroom_val", 14), ("piv_val", 38)]
    assert set(evals[0].priors) == {"constant", "gradient"}
    # no ImageNet ResNet50 weights here: from scratch
    assert record.encoder_init == ("imagenet" if encoder == "mobilenetv2" else "scratch")
    assert record.train_data == [("sevenscenes_redkitchen", 0.25), ("synthetic rooms", 0.75)]
    spec = load_registry(root / "bundle" / "models.json")[encoder]
    assert spec.variant == "int8" and spec.file == f"{encoder}_fastdepth_int8.onnx"
    assert spec.eval_data == ("sun3d_office_frag1", "multiroom_val", "piv_val")
    assert spec.encoder_init == record.encoder_init
    if encoder == "mobilenetv2":  # the notebook pushed it to the local Hub, which pinned the registry
        from huggingface_hub import HfApi

        assert spec.repo_id == "tests/mobilenetv2-smoke" and HfApi().model_info(spec.repo_id).sha == spec.revision
    estimator = DepthEstimator(spec.bundled_path)
    assert estimator.predict(photo).depth.shape == (480, 640)
    executed = json.loads((root / "executed.ipynb").read_text())
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for c in executed["cells"] for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    figures = {p.name for p in (root / "run" / "figures").glob("*.png")}
    assert figures == {"synthetic_samples.png", "loss.png", "skill.png", "predictions.png", "latency.png"}
    assert len(images) == len(figures)  # each figure is shown in the notebook too
