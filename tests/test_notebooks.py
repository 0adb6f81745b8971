"""The training notebook: its full run is the shipped preset, and its smoke configuration runs end to end on public
data for both encoders."""
import json

import pytest

from depth_core.inference.pipeline import DepthEstimator
from depth_core.inference.registry import load_registry
from depth_core.publishing.record import ReleaseRecord
from depth_core.training.config import TrainConfig

from .conftest import NOTEBOOK, SMOKE_VAL_FRAMES


def notebook_config(**parameters) -> TrainConfig:
    """The configuration the notebook's setup cell builds from its parameters cell, with papermill's ``parameters``."""
    code = ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "code"]
    namespace = {}
    exec(code[0], namespace)
    namespace.update(parameters)
    exec(code[1], namespace)
    return namespace["config"]


@pytest.mark.parametrize("encoder", ["mobilenetv2", "resnet50"])
def test_the_notebooks_full_run_is_the_shipped_preset(encoder, monkeypatch):
    """Re-running the notebook in full (only the encoder chosen) trains the bundled models' recipe; only where its
    outputs go is the notebook's own."""
    monkeypatch.chdir(NOTEBOOK.parent)  # where Jupyter runs it; the cell then moves to the repository
    config = notebook_config(ENCODER=encoder)
    assert config == TrainConfig.preset("shipped", encoder=encoder, out_dir=config.out_dir,
                                        synthetic_dir=config.data.synthetic_dir)


@pytest.mark.slow
@pytest.mark.parametrize("encoder", ["mobilenetv2", "resnet50"])
def test_notebook_smoke_run_trains_exports_and_bundles(smoke_runs, encoder, photo):
    root = smoke_runs[encoder]
    record = ReleaseRecord.load(root / "run")
    assert record.parity_max_rel < 1e-3
    assert set(record.variants) == {"fp32", "int8"}
    evals = record.variants["fp32"].evals
    assert [(e.dataset, e.images) for e in evals] == [("rooms_val", SMOKE_VAL_FRAMES)]
    assert set(evals[0].priors) == {"constant", "gradient"}
    # ResNet50 from scratch, as the shipped preset trains it
    assert record.encoder_init == ("imagenet" if encoder == "mobilenetv2" else "scratch")
    assert record.train_data == [("rgbd", 0.25), ("synthetic rooms", 0.75)]  # examples/rgbd and rendered rooms
    spec = load_registry(root / "bundle" / "models.json")[encoder]
    assert spec.variant == "int8" and spec.file == f"{encoder}_fastdepth_int8.onnx"
    assert spec.eval_data == ("rooms_val",)
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
