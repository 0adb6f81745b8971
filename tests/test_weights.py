import dataclasses

import pytest

from depth_core.errors import WeightsError
from depth_core.registry import ModelSpec
from depth_core.weights import resolve_weights, sha256_of


@pytest.fixture
def spec(tmp_path, monkeypatch):
    """A spec whose bundled copy is a small file in tmp_path."""
    bundled = tmp_path / "bundle" / "model.onnx"
    bundled.parent.mkdir()
    bundled.write_bytes(b"bundled weights")
    monkeypatch.setattr("depth_core.registry.BUNDLED_DIR", bundled.parent)
    monkeypatch.delenv("DEPTH_CORE_WEIGHTS", raising=False)
    s = ModelSpec("m", "M", "mobilenetv2", "fastdepth", "model.onnx", sha256_of(bundled))
    monkeypatch.setattr(ModelSpec, "bundled_path", property(lambda self: bundled))
    return s


def test_bundled_is_the_offline_default(spec):
    resolved = resolve_weights(spec, use_hub=False)
    assert resolved.source == "bundled" and resolved.path.read_bytes() == b"bundled weights"


def test_local_file_wins_when_its_checksum_matches(spec, tmp_path):
    local = tmp_path / "local.onnx"
    local.write_bytes(b"bundled weights")
    assert resolve_weights(spec, local=local, use_hub=False).source == "local"


def test_local_folder_from_the_environment(spec, tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "model.onnx").write_bytes(b"bundled weights")
    monkeypatch.setenv("DEPTH_CORE_WEIGHTS", str(folder))
    assert resolve_weights(spec, use_hub=False).source == "local"


def test_tampered_local_file_is_never_loaded(spec, tmp_path):
    local = tmp_path / "local.onnx"
    local.write_bytes(b"something else")
    resolved = resolve_weights(spec, local=local, use_hub=False)
    assert resolved.source == "bundled"
    assert any("sha256" in note for note in resolved.notes)


def test_no_usable_file_is_a_clear_error(spec):
    spec.bundled_path.write_bytes(b"corrupted")
    with pytest.raises(WeightsError, match="No usable weights for M"):
        resolve_weights(spec, use_hub=False)


def test_describe_names_the_source_and_revision(spec, tmp_path):
    resolved = dataclasses.replace(resolve_weights(spec, use_hub=False), source="hub", revision="0123456789abcdef")
    assert resolved.describe() == "the Hugging Face Hub @ 0123456789"
