"""The app through its public API, as gradio_client users (and the Space's API page) see it."""
import re

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from PIL import Image

from depth_core.registry import load_registry

from .conftest import PHOTO as REPO_PHOTO

LABELS = [spec.label for spec in load_registry().values()]


@pytest.fixture(scope="module")
def client(app_url):
    return Client(app_url, verbose=False)


@pytest.mark.parametrize("label", LABELS)
def test_gallery_photo_gives_a_depth_map_at_photo_size_and_its_runtime(client, photo, label):
    depth_path, runtime = client.predict(handle_file(str(photo)), label, api_name="/predict")
    with Image.open(depth_path) as depth:
        assert depth.size == (640, 480) and depth.mode == "RGB"
    assert runtime.startswith(f"**{label}**") and "640x480 px" in runtime
    for stage in ("decode", "preprocess", "model", "postprocess", "ms total"):
        assert stage in runtime


def test_non_image_gets_a_clear_message(client, tmp_path):
    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo")
    with pytest.raises(AppError, match="not an image we can read"):
        client.predict(handle_file(str(bad)), LABELS[0], api_name="/predict")


def test_truncated_photo_gets_a_clear_message(client, photo, tmp_path):
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(photo.read_bytes()[:2000])
    with pytest.raises(AppError, match="damaged|not an image"):
        client.predict(handle_file(str(cut)), LABELS[0], api_name="/predict")


def test_tiny_image_is_refused_politely(client, tmp_path):
    tiny = tmp_path / "tiny.png"
    Image.new("RGB", (4, 4)).save(tiny)
    with pytest.raises(AppError, match="too small"):
        client.predict(handle_file(str(tiny)), LABELS[0], api_name="/predict")


def test_rgba_and_16bit_images_work(client, tmp_path):
    import numpy as np

    rgba = tmp_path / "rgba.png"
    Image.new("RGBA", (100, 80), (200, 100, 50, 128)).save(rgba)
    grey16 = tmp_path / "grey16.png"
    Image.fromarray(np.tile(np.linspace(0, 65535, 90).astype(np.uint16), (70, 1))).save(grey16)
    for path, size in ((rgba, (100, 80)), (grey16, (90, 70))):
        depth_path, _ = client.predict(handle_file(str(path)), LABELS[0], api_name="/predict")
        assert Image.open(depth_path).size == size


def test_a_corrupt_weight_file_is_a_message_not_a_crash(tmp_path, photo):
    """One encoder's file is damaged: the app still starts, serves the other, and says what is wrong."""
    import json
    import shutil

    from depth_core.registry import REGISTRY_FILE

    from .conftest import launch_app, stop_app

    bundle = tmp_path / "bundle"
    shutil.copytree(REGISTRY_FILE.parent, bundle)
    broken = json.loads((bundle / "models.json").read_text())["models"][-1]
    (bundle / broken["file"]).write_bytes(b"truncated download")
    proc, url = launch_app({"DEPTH_CORE_REGISTRY": str(bundle / "models.json"), "HF_HUB_OFFLINE": "1"})
    try:
        client = Client(url, verbose=False)
        with pytest.raises(AppError, match=f"No usable weights for {broken['label']}"):
            client.predict(handle_file(str(photo)), broken["label"], api_name="/predict")
        assert f"**{broken['label']}**: unavailable" in client.predict(api_name="/weights_status")
        if len(LABELS) > 1:
            _, runtime = client.predict(handle_file(str(photo)), LABELS[0], api_name="/predict")
            assert "ms total" in runtime
    finally:
        stop_app(proc)


# --- the app's own code, in this process --------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_module():
    import app

    return app


def test_identical_results_get_files_of_their_own(app_module, photo):
    """Gradio rewrote one cache file in place for byte-identical PIL results: truncated downloads under load."""
    first, _ = app_module.predict(str(photo), LABELS[0])
    second, _ = app_module.predict(str(photo), LABELS[0])
    assert first != second
    for path in (first, second):
        with Image.open(path) as depth:
            depth.load()
            assert depth.format == "JPEG" and depth.size == (640, 480)


def test_a_decompression_bomb_is_too_large_not_unreadable(app_module, tmp_path):
    import gradio as gr
    from gradio.data_classes import FileData

    from .corpus import blank_png

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(blank_png(30000, 30000))
    photo_input = app_module.PhotoInput(type="filepath", image_mode=None)
    with pytest.raises(gr.Error, match="too large"):
        app_module.predict(photo_input.preprocess(FileData(path=str(bomb), orig_name="bomb.png")), LABELS[0])


def test_user_errors_reach_the_log_without_a_traceback(app_module, tmp_path):
    import gradio as gr

    bad = tmp_path / "notes.jpg"
    bad.write_text("not a photo")
    for photo, label in ((str(bad), LABELS[0]), (str(bad), "VGG")):
        with pytest.raises(gr.Error) as caught:
            app_module.predict(photo, label)
        assert caught.value.print_exception is False


def test_a_cache_folder_that_cannot_be_written_is_a_message(app_module, photo, tmp_path, monkeypatch):
    import gradio as gr

    blocker = tmp_path / "a-file"
    blocker.write_text("nothing can be created below a regular file")
    monkeypatch.setattr(app_module, "get_upload_folder", lambda: str(blocker / "gradio"))
    with pytest.raises(gr.Error, match="could not store the result"):
        app_module.predict(str(photo), LABELS[0])


def test_the_weights_status_never_waits_for_a_loading_model(app_module, monkeypatch):
    import threading

    from depth_core import pipeline

    release = threading.Event()
    monkeypatch.setattr(pipeline, "_slots", {})
    monkeypatch.setattr(pipeline, "DepthEstimator", lambda spec: release.wait(30))
    loading = threading.Thread(target=pipeline.get_estimator, args=(app_module.LABELS[LABELS[0]],), daemon=True)
    loading.start()
    try:
        answered = threading.Event()
        status = []
        threading.Thread(target=lambda: (status.append(app_module.weights_status()), answered.set()),
                         daemon=True).start()
        assert answered.wait(5), "a page load waited for a model's weights"
        assert f"**{LABELS[0]}**: still loading" in status[0]
    finally:
        release.set()
        loading.join(5)


def test_uploads_are_limited_and_the_cache_is_cleaned(app_module):
    assert app_module.build_demo().delete_cache == app_module.DELETE_CACHE
    frequency, age = app_module.DELETE_CACHE
    assert frequency <= age <= 24 * 3600


# --- limits and security, over HTTP --------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_refused_before_it_is_stored(app_url):
    import httpx

    from app import MAX_UPLOAD

    limit = int(MAX_UPLOAD.removesuffix("mb")) * 1024 * 1024
    response = httpx.post(f"{app_url}gradio_api/upload", files={"files": ("fill.bin", b"\0" * (limit + 1))},
                          timeout=60)
    assert response.status_code == 413
    assert httpx.post(f"{app_url}gradio_api/upload", files={"files": ("ok.bin", b"\0" * 1000)}).status_code == 200


TRAVERSALS = [
    "../../../../etc/passwd", "/etc/passwd", "%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "..%2f..%2f..%2f..%2fetc%2fpasswd", "%252e%252e%252f%252e%252e%252fetc%252fpasswd", ".%2e/.%2e/.%2e/etc/passwd",
    "..%5c..%5c..%5cetc%5cpasswd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/proc/self/environ", "app.py",
    "depth_core/bundled/models.json", "{cache}/../../etc/passwd", "{cache_encoded}%2f..%2f..%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_through_the_file_route_is_forbidden(app_url, path):
    import http.client
    import urllib.parse

    from gradio.utils import get_upload_folder

    cache = get_upload_folder()
    path = path.format(cache=cache, cache_encoded=urllib.parse.quote(cache, safe=""))
    url = urllib.parse.urlsplit(app_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:  # http.client sends the target as written (httpx would normalise "../" away), as an attacker would
        connection.request("GET", f"/gradio_api/file={path}")
        assert connection.getresponse().status == 403
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/etc/passwd", str(REPO_PHOTO), "../../etc/passwd"])
def test_a_server_path_sent_to_predict_is_refused_with_a_message(app_url, path):
    import httpx

    data = [{"path": path, "meta": {"_type": "gradio.FileData"}}, LABELS[0]]
    event = httpx.post(f"{app_url}gradio_api/call/predict", json={"data": data}).json()["event_id"]
    answer = httpx.get(f"{app_url}gradio_api/call/predict/{event}", timeout=60).text
    assert "event: error" in answer and "not uploaded by a user" in answer


# --- the bad-input corpus, through gradio_client --------------------------------------------------------------


def test_bad_input_corpus_through_gradio_client(client, tmp_path):
    """Every case gets its depth map or its message, and the worker still answers afterwards."""
    from . import corpus

    wrong = []
    for case in corpus.cases():
        path = case.write(tmp_path)
        try:
            depth_path, _ = client.predict(handle_file(str(path)), LABELS[0], api_name="/predict")
            with Image.open(depth_path) as depth:
                outcome = depth.size
        except AppError as err:
            outcome = str(err)
        expected = case.expect
        if (isinstance(expected, str) and not re.search(expected, str(outcome))) or \
                (not isinstance(expected, str) and outcome != expected):
            wrong.append(f"{case.name}: expected {expected}, got {outcome}")
    assert not wrong, "\n".join(wrong)
    _, runtime = client.predict(handle_file(str(REPO_PHOTO)), LABELS[0], api_name="/predict")
    assert "ms total" in runtime


# --- the load test's short form (its full form's figures are in the README) -------------------------------------


def test_short_load_run_meets_the_targets():
    """3 concurrent clients x 8 mixed requests (identical photos included) after a concurrent warm-up pass."""
    from .conftest import load_test

    report = load_test.run(clients=3, requests=8, max_seconds=300)
    assert report.ok, report.text()
    assert len(report.latencies_ms) == 24 and report.invalid_sent > 0 and report.tracebacks_in_log == 0


# --- faults at start-up ----------------------------------------------------------------------------------------


def test_a_silent_hub_stalls_neither_the_page_nor_the_other_encoder(tmp_path, photo):
    """The first model is pinned to a Hub that accepts connections and never answers: while it waits, the page's
    weights status answers at once and the other encoder serves predictions."""
    import json
    import socket

    from depth_core.registry import REGISTRY_FILE

    from .conftest import launch_app, stop_app

    registry = json.loads(REGISTRY_FILE.read_text())
    registry["models"][0]["revision"] = "a" * 40
    (tmp_path / "models.json").write_text(json.dumps(registry))
    for model in registry["models"]:
        (tmp_path / model["file"]).symlink_to(REGISTRY_FILE.parent / model["file"])
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        proc, url = launch_app({"DEPTH_CORE_REGISTRY": str(tmp_path / "models.json"), "HF_HOME": str(tmp_path / "hf"),
                                "HF_ENDPOINT": f"http://127.0.0.1:{silent.getsockname()[1]}",
                                "DEPTH_CORE_HUB_TIMEOUT": "120"})
        try:
            client = Client(url, verbose=False)
            _, runtime = client.submit(handle_file(str(photo)), LABELS[-1], api_name="/predict").result(timeout=60)
            assert "ms total" in runtime
            status = client.submit(api_name="/weights_status").result(timeout=30)
            assert f"**{LABELS[0]}**: still loading" in status and f"**{LABELS[-1]}**: the weights bundled" in status
        finally:
            stop_app(proc)


def test_a_corrupt_registry_stops_the_app_with_a_message_naming_it(tmp_path):
    import os
    import subprocess
    import sys

    from .conftest import REPO

    broken = tmp_path / "models.json"
    broken.write_text('{"models": [{"name": "mobilenetv2", "label"')  # a half-written copy
    out = subprocess.run([sys.executable, "app.py"], cwd=REPO, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "DEPTH_CORE_REGISTRY": str(broken), "GRADIO_SERVER_NAME": "127.0.0.1"})
    assert out.returncode != 0
    assert f"RegistryError: The model registry {broken} is unreadable or damaged" in out.stderr.strip().splitlines()[-1]
