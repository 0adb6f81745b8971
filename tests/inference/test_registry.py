import pytest

from depth_core.errors import DepthCoreError, RegistryError
from depth_core.inference.registry import ModelSpec, get_spec, load_registry, pin_revision, register
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
    from depth_core.paths import VALIDATION_SETS
    from depth_core.evaluation.evaluate import Evaluation

    for spec in load_registry().values():
        evals = [Evaluation.from_dict(e) for e in spec.evals]
        assert spec.eval_data == VALIDATION_SETS
        assert all(0 < ev.median_scaled["delta1"] <= 1 for ev in evals)
        assert all(ev.priors and set(ev.skill) == {"delta1", "abs_rel"} for ev in evals)
        assert spec.params > 1e6 and spec.gmacs > 0.1 and spec.variant in {"fp32", "int8"}


def test_provenance_is_rendered_from_the_typed_fields():
    specs = load_registry()
    assert specs["mobilenetv2"].encoder_init == "imagenet" and specs["resnet50"].encoder_init == "scratch"
    assert "encoder from ImageNet weights" in specs["mobilenetv2"].provenance
    assert "encoder from random init" in specs["resnet50"].provenance
    assert "`sevenscenes_redkitchen`" in specs["mobilenetv2"].provenance


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


def _spec(name: str, content: bytes, folder) -> ModelSpec:
    path = folder / f"{name}.onnx"
    path.write_bytes(content)
    return ModelSpec(name, name.upper(), "e", "d", path.name, sha256_of(path), bundle_dir=folder)


def test_register_adds_and_replaces_entries_in_place(tmp_path):
    registry = tmp_path / "models.json"
    register(_spec("a", b"first", tmp_path), registry)
    register(_spec("b", b"other", tmp_path), registry)
    register(_spec("a", b"second", tmp_path), registry)
    specs = load_registry(registry)
    assert list(specs) == ["a", "b"]  # replaced where it was: the first stays the default
    assert specs["a"].sha256 == "16367aacb67a4a017c8da8ab95682ccb390863780f7114dda0a0e0c55644c7c4"
    assert specs["a"] == _spec("a", b"second", tmp_path)


def test_pin_revision_only_pins_the_registered_file(tmp_path):
    registry = tmp_path / "models.json"
    spec = register(_spec("a", b"first", tmp_path), registry)
    assert not pin_revision("a", "x/y", "b" * 40, "c" * 64, registry)
    assert load_registry(registry)["a"].revision is None
    assert pin_revision("a", "x/y", "b" * 40, spec.sha256, registry)
    assert (load_registry(registry)["a"].repo_id, load_registry(registry)["a"].revision) == ("x/y", "b" * 40)


def test_an_unknown_encoder_init_is_a_damaged_registry(tmp_path):
    path = tmp_path / "models.json"
    path.write_text('{"models": [{"name": "m", "label": "M", "encoder": "e", "decoder": "d", "file": "m.onnx", '
                    '"sha256": "a", "encoder_init": "magic"}]}')
    with pytest.raises(RegistryError, match="encoder_init"):
        load_registry(path)
