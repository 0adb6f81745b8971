"""The publish/pull loop against a Hub-compatible server on 127.0.0.1, with the real huggingface_hub client."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from huggingface_hub import HfApi, ModelCard, SpaceCard, hf_hub_download

from depth_core.inference.registry import load_registry, pin_revision, register
from depth_core.publishing.hub import model_card, push_release
from depth_core.publishing.record import ReleaseRecord

from ..conftest import REPO, launch_app, load_module, stop_app
from ..tiny import tiny_release

REPO_ID = "tests/mobilenetv2-tiny"
publish = load_module(REPO / "space_config" / "publish.py")


@pytest.fixture(scope="module")
def pushed(tmp_path_factory, hub):
    """A hand-made MobileNetV2 release (root/run), bundled into a registry of its own (root/bundle) and pushed to
    the local Hub, which pins that registry."""
    root = tmp_path_factory.mktemp("release")
    record = tiny_release(root / "run")
    registry = root / "bundle" / "models.json"
    registry.parent.mkdir()
    int8 = record.variants["int8"].file
    (registry.parent / int8).write_bytes((root / "run" / int8).read_bytes())
    register(record.spec("int8", bundle_dir=registry.parent), registry)
    push_release(record, root / "run", REPO_ID, registry=registry)
    return root, load_registry(registry)["mobilenetv2"]


def test_push_pins_the_registry_to_the_hub_commit(pushed, hub):
    _, spec = pushed
    assert spec.repo_id == REPO_ID and re.fullmatch(r"[0-9a-f]{40}", spec.revision)
    assert HfApi().model_info(REPO_ID).sha == spec.revision
    files = set(HfApi().list_repo_files(REPO_ID))
    assert {"config.json", "README.md", "mobilenetv2_fastdepth.onnx", "mobilenetv2_fastdepth_int8.onnx"} <= files


def test_model_card_metadata(pushed):
    card = ModelCard.load(hf_hub_download(REPO_ID, "README.md", revision=pushed[1].revision))
    assert card.data.library_name == "onnx" and card.data.pipeline_tag == "depth-estimation"
    assert card.data.license == "apache-2.0"
    assert {r.metric_type for r in card.data.eval_results} >= {"abs_rel", "rmse", "delta1"}
    assert "licence" in card.text and "metres" in card.text and "Trained on `kitchen`" in card.text
    config = json.loads(Path(hf_hub_download(REPO_ID, "config.json", revision=pushed[1].revision)).read_text())
    assert config["files"][pushed[1].file]["sha256"] == pushed[1].sha256


def test_app_pulls_the_pinned_revision_and_serves_a_prediction(pushed, photo, tmp_path):
    root, spec = pushed
    registry = root / "bundle" / "models.json"
    proc, url = launch_app({"DEPTH_CORE_REGISTRY": str(registry), "HF_HOME": str(tmp_path / "hf")})
    try:
        client = Client(url, verbose=False)
        status = client.predict(api_name="/weights_status")
        assert f"the Hugging Face Hub @ {spec.revision[:10]}" in status
        _, runtime = client.predict(handle_file(str(photo)), "MobileNetV2", api_name="/predict")
        assert "ms total" in runtime
    finally:
        stop_app(proc)


def test_second_push_moves_the_pin_and_the_old_revision_stays_pullable(pushed, tmp_path):
    root, spec = pushed
    record = ReleaseRecord.load(root / "run")
    registry = tmp_path / "models.json"
    registry.write_text((root / "bundle" / "models.json").read_text())
    record.gmacs += 0.001  # a changed config.json: a new commit
    new = push_release(record, root / "run", REPO_ID, registry=registry)
    assert new != spec.revision and load_registry(registry)["mobilenetv2"].revision == new
    old_file = hf_hub_download(REPO_ID, "config.json", revision=spec.revision, cache_dir=tmp_path / "c")
    new_file = hf_hub_download(REPO_ID, "config.json", revision=new, cache_dir=tmp_path / "c")
    assert json.loads(Path(old_file).read_text())["gmacs"] != json.loads(Path(new_file).read_text())["gmacs"]


def test_dry_run_stages_without_uploading(pushed):
    root, _ = pushed
    before = HfApi().model_info(REPO_ID).sha
    stage = push_release(ReleaseRecord.load(root / "run"), root / "run", REPO_ID, dry_run=True)
    assert {"config.json", "README.md"} <= set(os.listdir(stage))
    assert HfApi().model_info(REPO_ID).sha == before


def _resolve_in_subprocess(registry, env):
    """Weight resolution in a fresh process: HF_ENDPOINT/HF_HUB_OFFLINE are read at import time."""
    code = ("import json; from depth_core.inference.registry import load_registry; from depth_core.inference.weights import "
            "resolve_weights; r = resolve_weights(load_registry()['mobilenetv2']); "
            "print(json.dumps({'source': r.source, 'notes': r.notes}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         env={**os.environ, "DEPTH_CORE_REGISTRY": str(registry), **env})
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_tampered_download_is_refused_and_bundled_weights_serve(pushed, hub, tmp_path):
    root, spec = pushed
    hub.tamper(REPO_ID, spec.file, b"not the weights you pinned")
    try:
        result = _resolve_in_subprocess(root / "bundle" / "models.json", {"HF_HOME": str(tmp_path / "hf")})
    finally:
        hub.tamper(REPO_ID, spec.file, None)
    assert result["source"] == "bundled"
    assert any("sha256" in note and note.startswith("hub") for note in result["notes"])


def test_hub_down_falls_back_to_bundled_with_a_note(pushed, tmp_path):
    from ..conftest import free_port

    result = _resolve_in_subprocess(pushed[0] / "bundle" / "models.json",
                                    {"HF_HOME": str(tmp_path / "hf"), "HF_ENDPOINT": f"http://127.0.0.1:{free_port()}"})
    assert result["source"] == "bundled"
    assert any("Hub download" in note for note in result["notes"])


def test_offline_mode_is_honoured(pushed, tmp_path):
    result = _resolve_in_subprocess(pushed[0] / "bundle" / "models.json",
                                    {"HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1"})
    assert result["source"] == "bundled"
    assert any("Offline" in note or "offline" in note for note in result["notes"])


def test_cache_serves_after_one_download(pushed, tmp_path):
    env = {"HF_HOME": str(tmp_path / "hf")}
    assert _resolve_in_subprocess(pushed[0] / "bundle" / "models.json", env)["source"] == "hub"
    assert _resolve_in_subprocess(pushed[0] / "bundle" / "models.json", env)["source"] == "hf-cache"


def test_pin_refuses_a_commit_without_the_registered_file(tmp_path):
    registry = tmp_path / "models.json"
    registry.write_text(json.dumps({"models": [{"name": "m", "label": "M", "encoder": "e", "decoder": "d",
                                                "file": "m.onnx", "sha256": "a" * 64}]}))
    assert not pin_revision("m", "x/y", "b" * 40, "c" * 64, registry)
    assert pin_revision("m", "x/y", "b" * 40, "a" * 64, registry)
    assert load_registry(registry)["m"].revision == "b" * 40


def test_space_front_matter_follows_the_spaces_reference():
    card = SpaceCard.load(REPO / "space_config" / "README.md")
    data = card.data
    gradio_pin = re.search(r"^gradio==(\S+)$", (REPO / "requirements.txt").read_text(), re.MULTILINE).group(1)
    assert data.sdk == "gradio" and data.sdk_version == gradio_pin
    assert data.app_file == "app.py" and (REPO / data.app_file).exists()
    assert re.fullmatch(r"3\.\d+", str(data.python_version))
    assert data.colorFrom in {"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}
    assert data.colorTo in {"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}
    assert data.title and len(data.emoji) == 1 and data.license == "apache-2.0"
    assert 0 < len(data.short_description) <= 60
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+", m) for m in data.models)


def test_space_publish_uploads_exactly_the_staged_folder(pushed, hub):
    registry = pushed[0] / "bundle" / "models.json"
    stage = publish.publish_space("tests/space", dry_run=True, registry=registry, stage_dir=pushed[0] / "space")
    card = SpaceCard.load(os.path.join(stage, "README.md"))
    assert card.data.preload_from_hub == [f"{REPO_ID} {pushed[1].file} {pushed[1].revision}"]
    commit = publish.publish_space("tests/space", registry=registry, stage_dir=pushed[0] / "space")
    files = set(HfApi().list_repo_files("tests/space", repo_type="space", revision=commit))
    assert {"app.py", "gallery.py", "requirements.txt", "README.md", "depth_core/inference/pipeline.py"} <= files
    assert not any(f.startswith("depth_core/training") for f in files)
    assert any(f.startswith("examples/photos/") for f in files)


@pytest.mark.parametrize("init, says", [("imagenet", "frozen encoder"), ("scratch", "from random init")])
def test_model_card_says_how_the_encoder_was_trained(init, says, tmp_path):
    record = tiny_release(tmp_path, "resnet50", init, train_data=(("kitchen", 0.25), ("synthetic rooms", 0.75)))
    text = model_card(record, "a/b", "int8").text
    assert says in text and ("trained from scratch" in text) == (init == "scratch")
    assert ("Trained on `kitchen` (25% of each batch) + synthetic rooms (75%) at 96x96, exported at 64x64"
            in text)
    assert ("| `resnet50_fastdepth_int8.onnx` (int8) | office (1) | 0.100 | 0.100 | 0.100 / 0.100 | 0.100 / 0.100 "
            "| +0.000 | +0.000 |") in text
    assert "Microsoft" not in text and "synthetic rooms rendered by `depth-core synthetic`" in text  # from the data
