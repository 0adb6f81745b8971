from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from depth_core.inference import depth_files
from depth_core.inference.depth_files import (depth_to_png16, ply_bytes, point_cloud, removed_on_failure, save_depth,
                                             save_point_cloud, strided_pixels)


def test_png16_is_millimetres_and_round_trips(tmp_path):
    depth = np.array([[0.0, 1.2345], [3.0, 70.0]], np.float32)
    path = save_depth(depth, tmp_path / "d.png")
    back = np.asarray(Image.open(path))
    assert back.dtype == np.uint16 and back.tolist() == [[0, 1235], [3000, 65535]]
    assert depth_to_png16(np.array([[np.nan]])).getpixel((0, 0)) == 0


def test_npy_keeps_float_metres(tmp_path):
    depth = np.random.default_rng(0).random((3, 4)).astype(np.float32)
    assert np.array_equal(np.load(save_depth(depth, tmp_path / "d.npy")), depth)


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unsupported"):
        save_depth(np.ones((2, 2)), tmp_path / "d.jpg")


def test_point_cloud_back_projects_the_principal_point():
    depth = np.zeros((3, 3), np.float32)
    depth[1, 1], depth[1, 2] = 2.0, 4.0
    rgb = np.full((3, 3, 3), 7, np.uint8)
    points, colours = point_cloud(depth, rgb, fx=2.0, fy=2.0, cx=1.0, cy=1.0)
    assert points.tolist() == [[0.0, 0.0, 2.0], [2.0, 0.0, 4.0]]
    assert colours.shape == (2, 3)


def test_ply_header_and_size():
    points = np.zeros((5, 3), np.float32)
    data = ply_bytes(points, np.zeros((5, 3), np.uint8))
    header, body = data.split(b"end_header\n")
    assert b"element vertex 5" in header and len(body) == 5 * 15


def test_png16_is_converted_a_few_rows_at_a_time_with_the_same_values(monkeypatch):
    depth = np.random.default_rng(1).uniform(0, 80, (37, 5)).astype(np.float32)
    depth[3, 2], depth[30, 1] = np.nan, np.inf
    monkeypatch.setattr(depth_files, "ROWS_PER_PASS", 4)
    expected = np.clip(np.nan_to_num(depth, nan=0.0) * 1000.0 + 0.5, 0, 65535).astype(np.uint16)
    assert np.array_equal(np.asarray(depth_to_png16(depth)), expected)


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    """A full disk in the middle of a file: the error reaches the caller, the half-written file does not stay."""
    def half_then_full(self, data):
        with open(self, "wb") as fh:
            fh.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    depth = np.full((40, 50), 2.0, np.float32)
    with pytest.raises(OSError, match="No space"):
        save_point_cloud(depth, Image.new("RGB", (50, 40)), 40, 40, 25, 20, tmp_path / "p.ply")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError), removed_on_failure(tmp_path / "x.bin") as path:
        path.write_text("partial")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_point_cloud_colours_of_a_subsampled_photo_are_its_pixels_without_a_full_copy():
    rgb = np.random.default_rng(2).integers(0, 256, (31, 45, 3), dtype=np.uint8)
    photo = Image.fromarray(rgb)
    assert np.array_equal(strided_pixels(photo, 4), rgb[::4, ::4])
    assert np.array_equal(strided_pixels(photo.convert("L"), 3), np.asarray(photo.convert("L").convert("RGB"))[::3, ::3])
    depth = np.ones((31, 45), np.float32)
    _, from_strided = point_cloud(depth, strided_pixels(photo, 4), 30, 30, 22, 15, stride=4)
    _, from_full = point_cloud(depth, rgb, 30, 30, 22, 15, stride=4)
    assert np.array_equal(from_strided, from_full)
