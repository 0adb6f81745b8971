"""The app through its public API, as gradio_client users (and the Space's API page) see it."""
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError
from PIL import Image

from depth_core.registry import load_registry

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
