import json

import pytest

from depth_core.errors import DepthCoreError, RegistryError
from depth_core.inference.registry import REGISTRY_FILE, get_spec, load_registry
from depth_core.inference.weights import sha256_of


def test_every_bundled_model_exists_and_matches_its_checksum():
    registry = load_registry()
    assert {"mobilenetv2", "resnet50"} <= set(registry)
    for spec in registry.values():
        assert spec.bundled_path.is_file(), spec.file
        assert sha256_of(spec.bundled_path) == spec.sha256, spec.name


def test_bundled_weights_stay_small():
    total = sum(spec.bundled_path.stat().st_size for spec in load_registry().values())
    assert total < 40e6


def test_bundled_models_carry_their_skill_on_every_validation_set():
    from depth_core.evaluation.rgbd import VALIDATION_SETS
    from depth_core.evaluation.evaluate import Evaluation, mean_skill

    for spec in load_registry().values():
        evals = [Evaluation.from_dict(e) for e in spec.metrics["evals"]]
        assert tuple(ev.dataset for ev in evals) == VALIDATION_SETS
        assert all(0 < ev.median_scaled["delta1"] <= 1 for ev in evals)
        assert spec.metrics["mean_skill"] == pytest.approx(mean_skill(evals))
        assert spec.metrics["command"] == f"python -m depth_core eval -m {spec.name}"


def test_unknown_model_is_a_clear_error():
    with pytest.raises(DepthCoreError, match="unknown model 'vgg'; registered: mobilenetv2"):
        get_spec("vgg")


@pytest.mark.parametrize("text", [
    "",  # an empty file
    '{"models": [{"name": "m", "label": "M"',  # a half-written copy
    "not json at all",
    '{"model": []}',  # a typo in the key
    '{"models": [{"name": "m", "label": "M", "encoder": "e", "decoder": "d", "file": "m.onnx"}]}',  # no sha256
    '{"models": [{"name": "m", "surprise": 1}]}',
    '["models"]',
    '{"models": []}',
])
def test_a_corrupt_registry_is_a_clear_error_naming_the_file(tmp_path, text):
    path = tmp_path / "models.json"
    path.write_text(text)
    with pytest.raises(RegistryError, match=f"model registry {path} "):
        load_registry(path)


def test_a_missing_registry_is_a_clear_error(tmp_path):
    with pytest.raises(RegistryError, match="unreadable"):
        load_registry(tmp_path / "models.json")


def test_registry_file_is_plain_json():
    assert "models" in json.loads(REGISTRY_FILE.read_text())
