import errno
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from depth_core.inference.camera import from_fov
from depth_core.outputs.downloads import request_folder, safe_name, write_downloads
from depth_core.inference.images import load_image
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry

from ..conftest import PHOTO


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


def test_downloads_of_a_large_photo_are_at_its_full_size(tmp_path, monkeypatch):
    from depth_core.inference import pipeline

    monkeypatch.setattr(pipeline, "DISPLAY_PIXELS", 100_000)
    photo = tmp_path / "wide.jpg"
    Image.open(PHOTO).resize((960, 720)).save(photo)
    result = get_estimator(next(iter(load_registry()))).predict(photo)
    assert result.display_size != (960, 720)
    files = write_downloads(result, load_image(photo), photo.name, "m", from_fov(960, 720), "turbo", tmp_path / "f")
    assert Image.open(files["png16"]).size == (960, 720) and np.load(files["npy"]).shape == (720, 960)
    assert Image.open(files["colour"]).size == result.display_size  # what the page shows


def test_a_full_disk_removes_the_request_folder_and_later_requests_still_work(photo, tmp_path, monkeypatch):
    """A write that fails half way (no space left) takes its folder with it; the next request writes all four."""
    from depth_core.outputs import downloads

    estimator = get_estimator(next(iter(load_registry())))
    result, image = estimator.predict(photo), load_image(photo)

    def full_disk(depth, photo, fx, fy, cx, cy, path):
        path.write_bytes(b"\0" * 100_000)
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(downloads, "save_point_cloud", full_disk)
        folder = request_folder(tmp_path)
        with pytest.raises(OSError) as failure:
            write_downloads(result, image, "a.jpg", "m", from_fov(640, 480), "turbo", folder)
        assert failure.value.errno == errno.ENOSPC
        assert not folder.exists() and list(tmp_path.iterdir()) == []
    files = write_downloads(result, image, "a.jpg", "m", from_fov(640, 480), "turbo", request_folder(tmp_path))
    assert all(path.stat().st_size > 0 for path in files.values())


def test_a_file_size_limit_fails_a_download_without_leaving_it_behind(tmp_path):
    """The same with the kernel's refusal (RLIMIT_FSIZE: a write past 2 MB fails with EFBIG) in a process of its
    own: the 640x480 photo's 4.6 MB point cloud fails, its folder goes, and a small photo's files still fit."""
    script = f"""
import resource, signal
from pathlib import Path
from PIL import Image
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (2 << 20, 2 << 20))
from depth_core.inference.camera import from_fov
from depth_core.inference.images import load_image
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry
from depth_core.outputs.downloads import request_folder, write_downloads
root = Path({str(tmp_path)!r})
estimator = get_estimator(next(iter(load_registry())))
photo = {str(PHOTO)!r}
try:
    write_downloads(estimator.predict(photo), load_image(photo), "big.jpg", "m", from_fov(640, 480), "turbo",
                    request_folder(root))
    print("written")
except OSError as err:
    print("failed", err.errno, sorted(p.name for p in root.rglob("*")))
small = root.parent / "small.jpg"
Image.open(photo).resize((160, 120)).save(small)
files = write_downloads(estimator.predict(small), load_image(small), "small.jpg", "m", from_fov(160, 120), "turbo",
                        request_folder(root))
print("then", len(files))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"failed {errno.EFBIG} []" in out.stdout and "then 4" in out.stdout


def test_the_app_can_move_downloads_into_its_web_servers_cache_and_remove_them_all(tmp_path):
    from depth_core.outputs import downloads

    before = downloads._root
    try:
        downloads.use_root(tmp_path / "cache" / "downloads")
        folder = request_folder()
        (folder / "x.png").write_bytes(b"x")
        assert folder.parent == tmp_path / "cache" / "downloads"
        downloads.remove_all()
        assert not (tmp_path / "cache" / "downloads").exists()
    finally:
        downloads.use_root(before)
