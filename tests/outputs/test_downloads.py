import numpy as np
from PIL import Image

from depth_core.inference.camera import from_fov
from depth_core.outputs.downloads import request_folder, safe_name, write_downloads
from depth_core.inference.images import load_image
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry


def test_every_file_is_named_after_photo_and_encoder_and_holds_the_pipeline_depth(photo, tmp_path):
    estimator = get_estimator(next(iter(load_registry())))
    result = estimator.predict(photo)
    files = write_downloads(result, load_image(photo), "My desk (1).jpg", "MobileNetV2", from_fov(640, 480),
                            "spectral", tmp_path)
    assert {p.name for p in files.values()} == {
        "My_desk_1_MobileNetV2_depth_mm.png", "My_desk_1_MobileNetV2_depth_m.npy",
        "My_desk_1_MobileNetV2_spectral.png", "My_desk_1_MobileNetV2_points.ply"}
    expected = estimator.predict(photo).depth
    mm = np.asarray(Image.open(files["png16"]))
    assert mm.dtype == np.uint16 and np.abs(mm / 1000.0 - expected).max() <= 0.0005 + 1e-6
    assert np.array_equal(np.load(files["npy"], allow_pickle=False), expected)
    assert Image.open(files["colour"]).size == (640, 480)
    header = files["ply"].read_bytes()[:200]
    assert b"element vertex 307200" in header


def test_each_request_gets_its_own_folder_and_old_ones_are_pruned(tmp_path):
    a, b = request_folder(tmp_path), request_folder(tmp_path)
    assert a != b and a.parent == b.parent == tmp_path
    request_folder(tmp_path, max_age_s=-1)  # everything older than "now + 1 s" goes
    assert not a.exists() and not b.exists()


def test_names_are_file_safe():
    assert safe_name("../../etc/passwd") == "etc_passwd" and safe_name("日本") == "depth"
