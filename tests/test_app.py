"""The app through its public API, as gradio_client users (and the Space's API page) see it: one named
endpoint per feature."""
import json
import re
import struct
from pathlib import Path

import numpy as np
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from PIL import Image

from depth_core.inference.registry import load_registry

from .conftest import PHOTO as REPO_PHOTO
from .conftest import REPO

LABELS = [spec.label for spec in load_registry().values()]
NAMES = {spec.label: name for name, spec in load_registry().items()}
RGBD = REPO / "examples" / "rgbd"
ENDPOINTS = {"/predict", "/depth", "/downloads", "/view3d", "/check", "/live", "/video", "/weights_status"}


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



# --- every feature, through its endpoint -------------------------------------------------------------------


def test_every_feature_is_a_documented_named_endpoint(client):
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert set(api) == ENDPOINTS
    assert [p["parameter_name"] for p in api["/depth"]["parameters"]] == ["photo", "encoder", "cmap"]
    assert [p["parameter_name"] for p in api["/predict"]["parameters"]] == ["photo", "encoder"]
    assert all(p["parameter_has_default"] for p in api["/downloads"]["parameters"][1:])


@pytest.mark.parametrize("label", LABELS)
def test_depth_gives_the_slider_pair_the_legend_and_the_runtime(client, photo, label):
    (before, depth_path), legend, runtime, *compare = client.predict(handle_file(str(photo)), label,
                                                                     api_name="/depth")
    with Image.open(depth_path) as depth:
        assert depth.size == (640, 480) and depth.mode == "RGB"
    assert Image.open(before).size == (640, 480)  # the slider's other side: the photo itself
    assert runtime.startswith(f"**{label}**") and "640x480 px" in runtime
    for stage in ("decode", "preprocess", "model", "postprocess", "ms total"):
        assert stage in runtime
    assert "near " in legend and " m</span>" in legend
    assert compare == [None, "", ""] * 2  # the side-by-side pair (map, legend, runtime) is for "Both" only


def test_both_runs_each_encoder_with_its_own_runtime(client, photo):
    _, _, runtime, depth_a, legend_a, runtime_a, depth_b, legend_b, runtime_b = client.predict(
        handle_file(str(photo)), "Both", api_name="/depth")
    assert " m</span>" in legend_a and " m</span>" in legend_b  # each panel's own colour bar
    assert runtime_a.startswith(f"**{LABELS[0]}**") and runtime_b.startswith(f"**{LABELS[1]}**")
    assert "ms total" in runtime_a and "ms total" in runtime_b and runtime == f"{runtime_a}  \n{runtime_b}"
    a, b = (np.asarray(Image.open(p), np.float32) for p in (depth_a, depth_b))
    assert a.shape == b.shape == (480, 640, 3) and np.abs(a - b).mean() > 2  # two different networks


def test_colour_map_changes_the_picture_and_the_legend(client, photo):
    grey = client.predict(handle_file(str(photo)), LABELS[0], "grey", api_name="/depth")
    magma = client.predict(handle_file(str(photo)), LABELS[0], "magma", api_name="/depth")
    g = np.asarray(Image.open(grey[0][1]), np.int16)
    assert np.abs(g[..., 0] - g[..., 1]).mean() < 2  # grey: R = G = B, up to JPEG
    m = np.asarray(Image.open(magma[0][1]), np.int16)
    assert np.abs(m[..., 0] - m[..., 2]).mean() > 10
    assert "rgb(255,255,255) 0%" in grey[1] and grey[1] != magma[1]
    with pytest.raises(AppError, match="not in the list of choices"):
        client.predict(handle_file(str(photo)), LABELS[0], "rainbow", api_name="/depth")


def test_downloads_are_named_after_photo_and_encoder_and_hold_the_pipeline_depth(client, photo):
    from depth_core.inference.pipeline import get_estimator

    png, npy, colour, ply, *second = client.predict(handle_file(str(photo)), LABELS[0], "spectral",
                                                    api_name="/downloads")
    assert second == [None] * 4  # the second encoder's files are for "Both"
    stem = f"{photo.stem}_{LABELS[0]}"
    assert [p.split("/")[-1] for p in (png, npy, colour, ply)] == [
        f"{stem}_depth_mm.png", f"{stem}_depth_m.npy", f"{stem}_spectral.png", f"{stem}_points.ply"]
    expected = get_estimator(NAMES[LABELS[0]]).predict(photo).depth
    mm = np.asarray(Image.open(png))
    assert mm.dtype == np.uint16 and np.abs(mm / 1000.0 - expected).max() < 0.002
    assert np.allclose(np.load(npy, allow_pickle=False), expected, atol=1e-3)
    assert Image.open(colour).size == (640, 480)
    with open(ply, "rb") as f:
        assert b"element vertex 307200" in f.read(200)


def test_downloads_of_two_photos_never_share_a_file(client, photo, tmp_path):
    small = tmp_path / "small.png"
    Image.open(photo).resize((320, 240)).save(small)
    first = client.predict(handle_file(str(photo)), LABELS[0], api_name="/downloads")[:4]
    second = client.predict(handle_file(str(small)), LABELS[0], api_name="/downloads")[:4]
    assert not set(first) & set(second)
    assert Image.open(second[0]).size == (320, 240) and Image.open(first[0]).size == (640, 480)


def _glb_json(path) -> dict:
    data = open(path, "rb").read()
    assert data[:4] == b"glTF"
    (length,) = struct.unpack_from("<I", data, 12)
    return json.loads(data[20:20 + length])


def test_3d_view_is_a_decimated_mesh_with_the_field_of_view_or_exact_intrinsics(client, photo):
    glb, info = client.predict(handle_file(str(photo)), LABELS[0], 90, "", api_name="/view3d")
    gltf = _glb_json(glb)
    vertices = gltf["accessors"][0]["count"]
    assert glb.endswith(".glb") and 10_000 < vertices <= 192 * 144
    assert "90° horizontal field of view" in info and "fx 320.0" in info and "ms total" in info
    _, exact = client.predict(handle_file(str(photo)), LABELS[0], 90, "520.9, 521.0, 325.1, 249.7",
                              api_name="/view3d")
    assert "given" in exact and "fx 520.9" in exact and "cy 249.7" in exact
    with pytest.raises(AppError, match="four numbers"):
        client.predict(handle_file(str(photo)), LABELS[0], 60, "520.9", api_name="/view3d")


def test_check_against_an_rgbd_pair_gives_the_evaluation_commands_metrics(client, tmp_path):
    import shutil

    from depth_core.evaluation.evaluate import TABLE_METRICS, evaluate
    from depth_core.inference.pipeline import get_estimator

    rgb, gt = RGBD / "rgb" / "tum_fr2_desk_pair.jpg", RGBD / "depth" / "tum_fr2_desk_pair.png"
    table, error_path, note = client.predict(handle_file(str(rgb)), "Both", handle_file(str(gt)), api_name="/check")
    assert table["headers"] == ["encoder", "scaling", *TABLE_METRICS]
    assert [row[:2] for row in table["data"]] == [[LABELS[0], "metric"], [LABELS[0], "median"],
                                                  [LABELS[1], "metric"], [LABELS[1], "median"],
                                                  ["constant prior", "median"], ["gradient prior", "median"]]
    for sub, src in (("rgb", rgb), ("depth", gt)):
        (tmp_path / sub).mkdir()
        shutil.copy(src, tmp_path / sub)
    for label, offset in ((LABELS[0], 0), (LABELS[1], 2)):  # the command's numbers, to the table's 3 decimals
        ev = evaluate(get_estimator(NAMES[label]), tmp_path)
        for row, values in ((table["data"][offset], ev.metric), (table["data"][offset + 1], ev.median_scaled)):
            assert row[2:] == pytest.approx([values[m] for m in TABLE_METRICS], abs=2e-3)
        shown = re.search(rf"\*\*{label}\*\*: skill over the better prior δ1 ([-+]\d\.\d+)", note)
        assert float(shown[1]) == pytest.approx(ev.skill["delta1"], abs=2e-3)
    for row, prior in zip(table["data"][4:], ("constant", "gradient")):
        assert row[2:] == pytest.approx([ev.priors[prior][m] for m in TABLE_METRICS], abs=2e-3)
    assert Image.open(error_path).size == (640, 480) and "times the truth" in note


def test_check_reads_npy_metres_and_refuses_pickles(client, photo, tmp_path):
    from depth_core.evaluation.rgbd import read_depth_png

    rgb, gt = RGBD / "rgb" / "tum_fr2_desk_pair.jpg", RGBD / "depth" / "tum_fr2_desk_pair.png"
    npy = tmp_path / "gt.npy"
    np.save(npy, read_depth_png(gt))
    from_png = client.predict(handle_file(str(rgb)), LABELS[0], handle_file(str(gt)), api_name="/check")[0]
    from_npy = client.predict(handle_file(str(rgb)), LABELS[0], handle_file(str(npy)), api_name="/check")[0]
    assert from_npy["data"] == from_png["data"]
    evil = tmp_path / "evil.npy"
    np.save(evil, np.array([{"x": 1}], dtype=object))  # np.save pickles object arrays by default
    with pytest.raises(AppError, match="could not be read"):
        client.predict(handle_file(str(rgb)), LABELS[0], handle_file(str(evil)), api_name="/check")
    wide = tmp_path / "wide.jpg"
    Image.open(photo).crop((0, 0, 640, 360)).save(wide)
    with pytest.raises(AppError, match="not the same view"):
        client.predict(handle_file(str(wide)), LABELS[0], handle_file(str(npy)), api_name="/check")


def test_live_frame_gives_depth_with_frame_rate_and_runtime(client, photo):
    depth, rate = client.predict(handle_file(str(photo)), "turbo", api_name="/live")
    assert Image.open(depth).size == (640, 480)
    assert ("frames/s" in rate or "first frame" in rate) and f"**{LABELS[0]}**" in rate and "ms total" in rate


def test_video_gives_a_depth_video_with_its_runtime(client, video):
    import cv2

    path, info = client.predict(handle_file(str(video)), "turbo", api_name="/video")
    assert path.endswith("clip_MobileNetV2_depth.webm") and "5 frames" in info and "ms per frame" in info
    capture = cv2.VideoCapture(path)
    assert int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)) == 320
    capture.release()


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

    from depth_core.inference.registry import REGISTRY_FILE

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

    from depth_core.inference import pipeline

    release = threading.Event()
    monkeypatch.setattr(pipeline, "_slots", {})
    monkeypatch.setattr(pipeline.DepthEstimator, "from_spec", staticmethod(lambda spec: release.wait(30)))
    loading = threading.Thread(target=pipeline.get_estimator, args=(app_module.LABELS[LABELS[0]],), daemon=True)
    loading.start()
    try:
        assert loading.is_alive()  # still resolving its weights while the page loads
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

    from depth_core.inference.registry import REGISTRY_FILE

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


def test_queue_runs_two_requests_at_a_time_one_video_and_bounds_the_wait():
    import app

    demo = app.build_demo()
    fns = {fn.api_name: fn for fn in demo.fns.values()}
    assert demo._queue.default_concurrency_limit == 2 and demo._queue.max_size == 64
    assert fns["predict"].concurrency_limit == "default" and fns["video"].concurrency_limit == 1
    assert fns["live_stream"].concurrency_limit == 2 and fns["live"].concurrency_id == "live"


# --- what a hostile-input probe found (issue 37), each through the API as a client meets it ------------------------


def test_live_gives_the_same_messages_as_predict_without_internals(client, tmp_path):
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    for api_name in ("/predict", "/live"):
        with pytest.raises(AppError) as caught:
            client.predict(handle_file(str(empty)), LABELS[0] if api_name == "/predict" else "turbo",
                           api_name=api_name)
        message = str(caught.value)
        assert "not an image we can read" in message, api_name
        assert "/tmp" not in message and "preprocess" not in message and "Error" not in message.split(":")[0]


@pytest.mark.parametrize("size", [(16384, 16), (65536, 16), (2, 100000)])
def test_live_checks_the_frame_size_before_shrinking_it(client, tmp_path, size):
    path = tmp_path / "long.png"
    Image.new("L", size).save(path)
    with pytest.raises(AppError, match=f"\\({size[0]}x{size[1]}\\)"):
        client.predict(handle_file(str(path)), "turbo", api_name="/live")


def test_the_plain_endpoint_offers_only_the_encoders_it_runs(client):
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    encoder = api["/predict"]["parameters"][1]
    assert "Both" not in json.dumps(encoder["type"]) and set(encoder["type"]["enum"]) == set(LABELS)
    assert "Both" in json.dumps(api["/depth"]["parameters"][1]["type"])


def test_every_output_is_named_for_what_it_is(client):
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    unnamed = [f"{name}: {r['label']}" for name, info in api.items() for r in info["returns"]
               if re.fullmatch(r"value_\d+", r["label"] or "")]
    assert not unnamed


def test_the_upload_limit_holds_for_a_file_sent_inline(app_url):
    import base64
    import time

    import httpx
    from gradio.utils import get_upload_folder

    from app import MAX_UPLOAD

    limit = int(MAX_UPLOAD.removesuffix("mb")) * 1024 * 1024
    payload = b"\x89PNG\r\n\x1a\n" + bytes(limit)  # over the limit once decoded
    url = "data:image/png;base64," + base64.b64encode(payload).decode()
    started = time.time()
    data = [{"url": url, "path": None, "meta": {"_type": "gradio.FileData"}}, LABELS[0]]
    event = httpx.post(f"{app_url}gradio_api/call/predict", json={"data": data}, timeout=60).json()["event_id"]
    answer = httpx.get(f"{app_url}gradio_api/call/predict/{event}", timeout=60).text
    assert "event: error" in answer and "too large" in answer
    cache = Path(get_upload_folder())
    kept = [p for p in cache.rglob("*") if p.is_file() and p.stat().st_mtime >= started - 1
            and p.stat().st_size > limit // 4]
    assert not kept


def test_messages_name_files_by_their_base_name_only(client, tmp_path):
    rgb = RGBD / "rgb" / "tum_fr2_desk_pair.jpg"
    text = tmp_path / "gt_text.png"
    text.write_text("not a depth map")
    with pytest.raises(AppError) as caught:
        client.predict(handle_file(str(rgb)), LABELS[0], handle_file(str(text)), api_name="/check")
    assert "gt_text.png" in str(caught.value) and "/" not in str(caught.value).replace(" / ", "")
    status = client.predict(api_name="/weights_status")
    assert str(REPO) not in status and "/tmp" not in status


def test_ground_truth_of_the_wrong_shape_or_with_big_metadata_gets_a_precise_message(client, tmp_path):
    from PIL import PngImagePlugin

    rgb = RGBD / "rgb" / "tum_fr2_desk_pair.jpg"
    colour = tmp_path / "colour.npy"
    np.save(colour, np.ones((480, 640, 3), np.float32))
    with pytest.raises(AppError, match="one H x W depth map") as caught:
        client.predict(handle_file(str(rgb)), LABELS[0], handle_file(str(colour)), api_name="/check")
    assert "too small" not in str(caught.value)
    tagged = tmp_path / "tagged.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("notes", "x" * 2_000_000, zip=True)  # compresses to a few kB, beyond PIL's 1 MB text limit
    Image.fromarray(np.full((480, 640), 1500, np.uint16)).save(tagged, pnginfo=info)
    for api_name, args in (("/check", (handle_file(str(rgb)), LABELS[0], handle_file(str(tagged)))),
                           ("/predict", (handle_file(str(tagged)), LABELS[0]))):
        try:
            client.predict(*args, api_name=api_name)
        except AppError as err:
            assert "not an image" not in str(err) and "metadata" in str(err), api_name


def test_the_monitoring_dashboard_is_off(app_url):
    import httpx

    response = httpx.get(f"{app_url}monitoring", timeout=30)
    assert "See console" not in response.text and response.status_code != 200


def test_a_failed_3d_write_leaves_no_partial_file(app_module, photo, tmp_path, monkeypatch):
    import gradio as gr

    def fill_the_disk(self, data):
        with open(self, "wb") as fh:
            fh.write(data[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(app_module, "request_folder", lambda: tmp_path)
    monkeypatch.setattr(Path, "write_bytes", fill_the_disk)
    with pytest.raises(gr.Error, match="could not store the result"):
        app_module.view3d(str(photo), LABELS[0], progress=lambda *args, **kwargs: None)
    assert list(tmp_path.iterdir()) == []
