import dataclasses
from pathlib import Path

import pytest

from depth_core.errors import WeightsError
from depth_core.inference.registry import ModelSpec
from depth_core.inference.weights import resolve_weights, sha256_of


@pytest.fixture
def spec(tmp_path, monkeypatch):
    """A spec whose bundled copy is a small file in tmp_path."""
    bundled = tmp_path / "bundle" / "model.onnx"
    bundled.parent.mkdir()
    bundled.write_bytes(b"bundled weights")
    monkeypatch.delenv("DEPTH_CORE_WEIGHTS", raising=False)
    return ModelSpec("m", "M", "mobilenetv2", "fastdepth", "model.onnx", sha256_of(bundled), bundle_dir=bundled.parent)


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


# --- faults: each refused file or failing source costs a note, never the model --------------------------------


@pytest.fixture
def published(hub, spec, monkeypatch, tmp_path):
    """The spec's weights published on the local Hub at a pinned revision, with an HF cache of this test's own."""
    import uuid

    from huggingface_hub import HfApi, constants

    repo_id = f"tests/faults-{uuid.uuid4().hex[:8]}"
    api = HfApi()
    api.create_repo(repo_id)
    commit = api.upload_file(path_or_fileobj=spec.bundled_path.read_bytes(), path_in_repo=spec.file, repo_id=repo_id)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    return dataclasses.replace(spec, repo_id=repo_id, revision=commit.oid)


def test_pinned_hub_file_is_downloaded_once_then_served_from_the_cache(published):
    assert resolve_weights(published).source == "hub"
    assert resolve_weights(published).source == "hf-cache"


def test_a_swapped_hub_file_is_refused_by_sha256_and_the_bundled_copy_serves(published, hub):
    hub.tamper(published.repo_id, published.file, b"another model's weights")
    try:
        resolved = resolve_weights(published)
    finally:
        hub.tamper(published.repo_id, published.file, None)
    assert resolved.source == "bundled"
    assert any(note.startswith("hub:") and "sha256" in note for note in resolved.notes)


def test_a_truncated_file_in_the_cache_is_refused(published):
    cached = resolve_weights(published).path
    cached.resolve().write_bytes(cached.read_bytes()[:5])  # the blob behind the snapshot link
    resolved = resolve_weights(published)
    assert resolved.source != "hf-cache" and sha256_of(resolved.path) == published.sha256
    assert any(note.startswith("hf-cache:") and "sha256" in note for note in resolved.notes)


def test_a_missing_local_file_is_skipped_for_the_next_source(spec, tmp_path):
    resolved = resolve_weights(spec, local=tmp_path / "gone.onnx", use_hub=False)
    assert resolved.source == "bundled" and "local:" in resolved.notes[0] and "does not exist" in resolved.notes[0]


def test_an_unwritable_cache_falls_back_to_the_bundled_copy(published, monkeypatch, tmp_path):
    from huggingface_hub import constants

    blocker = tmp_path / "a-file"
    blocker.write_text("the cache cannot be created below a regular file (root ignores read-only modes)")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(blocker / "hub"))
    resolved = resolve_weights(published)
    assert resolved.source == "bundled" and any(note.startswith("hub: Hub download") for note in resolved.notes)


def test_a_full_disk_during_download_falls_back_to_the_bundled_copy(published, monkeypatch):
    import errno

    def disk_fills(url, temp_file, *args, **kwargs):
        temp_file.write(b"the first bytes")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("huggingface_hub.file_download.http_get", disk_fills)
    resolved = resolve_weights(published)
    assert resolved.source == "bundled" and any("No space left" in note for note in resolved.notes)


def test_bad_files_are_refused_before_onnx_runtime_sees_them(tmp_path, monkeypatch):
    """Truncated, swapped and missing files never reach a session; the next source's file does."""
    from depth_core.inference import pipeline
    from depth_core.inference.registry import load_registry

    specs = list(load_registry().values())
    spec, other = specs[0], specs[-1]
    truncated = tmp_path / "truncated.onnx"
    truncated.write_bytes(spec.bundled_path.read_bytes()[:1000])
    sessions = []
    real_get_session = pipeline.get_session
    monkeypatch.setattr(pipeline, "get_session", lambda path, threads=None, exact=False: sessions.append(Path(path))
                        or real_get_session(path, threads))
    for bad in (truncated, other.bundled_path, tmp_path / "missing.onnx"):
        estimator = pipeline.DepthEstimator.from_spec(spec, weights=resolve_weights(spec, local=bad))
        assert estimator.weights.source == "bundled" and "local:" in estimator.weights.notes[0]
    assert sessions == [spec.bundled_path] * 3


def test_an_unreachable_hub_costs_bounded_time_and_leaves_a_note(tmp_path):
    """A Hub that accepts connections and never answers: the bundled copy serves after DEPTH_CORE_HUB_TIMEOUT.

    huggingface_hub alone retries such a server with backoff for minutes."""
    import json
    import os
    import socket
    import subprocess
    import sys
    import time

    from depth_core.inference.registry import REGISTRY_FILE

    from ..conftest import REPO

    registry = json.loads(REGISTRY_FILE.read_text())
    registry["models"][0]["revision"] = "a" * 40  # pinned, so the Hub is asked
    (tmp_path / "models.json").write_text(json.dumps(registry))
    (tmp_path / registry["models"][0]["file"]).symlink_to(REGISTRY_FILE.parent / registry["models"][0]["file"])
    code = ("import json; from depth_core.inference.registry import load_registry; from depth_core.inference.weights import "
            "resolve_weights; r = resolve_weights(next(iter(load_registry().values()))); "
            "print(json.dumps({'source': r.source, 'notes': r.notes}))")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        env = {**os.environ, "DEPTH_CORE_REGISTRY": str(tmp_path / "models.json"), "HF_HOME": str(tmp_path / "hf"),
               "HF_ENDPOINT": f"http://127.0.0.1:{silent.getsockname()[1]}", "DEPTH_CORE_HUB_TIMEOUT": "3"}
        start = time.monotonic()
        out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                             timeout=60)
        elapsed = time.monotonic() - start
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["source"] == "bundled" and elapsed < 3 + 15  # the timeout plus a Python start-up
    assert any("TimeoutError: no answer within 3 s" in note for note in result["notes"])
