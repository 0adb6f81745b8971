import numpy as np
import pytest
from PIL import Image

from depth_core.inference.depth_files import depth_to_png16, ply_bytes, point_cloud, save_depth


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
