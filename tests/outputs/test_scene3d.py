import json
import struct

import numpy as np
import pytest

from depth_core.inference.camera import from_fov
from depth_core.outputs.scene3d import depth_mesh, glb_bytes, srgb_to_linear


def _read_glb(data: bytes) -> tuple[dict, bytes]:
    magic, version, total = struct.unpack_from("<4sII", data)
    assert (magic, version, total) == (b"glTF", 2, len(data))
    json_len, kind = struct.unpack_from("<I4s", data, 12)
    assert kind == b"JSON"
    gltf = json.loads(data[20:20 + json_len])
    bin_len, kind = struct.unpack_from("<I4s", data, 20 + json_len)
    assert kind == b"BIN\0"
    return gltf, data[28 + json_len:28 + json_len + bin_len]


def test_mesh_is_decimated_to_the_grid_and_torn_at_depth_jumps():
    depth = np.full((480, 640), 2.0, np.float32)
    depth[:, 320:] = 4.0  # a step: no triangle may bridge it
    rgb = np.zeros((480, 640, 3), np.uint8)
    points, colours, faces = depth_mesh(depth, rgb, from_fov(640, 480), max_side=64)
    assert len(points) == 64 * 48 and colours.shape == (64 * 48, 3)
    z = points[:, 2][faces]
    assert len(faces) and np.all(z.max(1) == z.min(1))
    assert len(faces) == 2 * 47 * (63 - 1)  # every cell but the column that straddles the step


def test_back_projected_points_are_in_metres():
    depth = np.full((48, 64), 3.0, np.float32)
    points, _, _ = depth_mesh(depth, np.zeros((48, 64, 3), np.uint8), from_fov(64, 48, 90), max_side=64)
    assert np.allclose(points[:, 2], 3.0) and points[:, 0].min() == -3.0  # u=0 at 90°: x = -z


def test_invalid_depth_makes_no_triangles():
    _, _, faces = depth_mesh(np.zeros((10, 10), np.float32), np.zeros((10, 10, 3), np.uint8), from_fov(10, 10))
    assert faces.shape == (0, 3)


def test_glb_is_valid_gltf_with_colours_and_flipped_axes():
    points = np.array([[0, 0, 1], [1, 0, 1], [0, 1, 2]], np.float32)
    colours = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255]], np.uint8)
    gltf, binary = _read_glb(glb_bytes(points, colours, np.array([[0, 1, 2]], np.uint32)))
    prim = gltf["meshes"][0]["primitives"][0]
    assert prim["mode"] == 4 and gltf["accessors"][prim["indices"]]["count"] == 3
    xyz = np.frombuffer(binary[:36], "<f4").reshape(3, 3)
    assert xyz[2].tolist() == [0, -1, -2]  # y up, looking down -z
    rgb = np.frombuffer(binary[36:72], "<f4").reshape(3, 3)
    assert rgb.tolist() == np.eye(3).tolist() and len(binary) == sum(v["byteLength"] for v in gltf["bufferViews"])
    points_only, _ = _read_glb(glb_bytes(points, colours))
    assert points_only["meshes"][0]["primitives"][0]["mode"] == 0


def test_srgb_mid_grey_is_about_a_fifth_of_linear_light():
    assert srgb_to_linear(np.array([0, 128, 255])).tolist() == pytest.approx([0.0, 0.2158605, 1.0], abs=1e-6)


def test_a_display_sized_depth_of_a_larger_photo_gives_the_same_mesh():
    """The camera is in the photo's pixels: a half-size depth map of the same scene lands on the same points."""
    v, u = np.indices((480, 640), dtype=np.float32)
    depth = 2.0 + u / 640 + v / 960  # a tilted plane
    rgb = np.zeros((480, 640, 3), np.uint8)
    camera = from_fov(640, 480)
    full, _, _ = depth_mesh(depth, rgb, camera, max_side=64)
    half = depth[::2, ::2] + (depth[1::2, 1::2] - depth[::2, ::2]) / 2  # each 2x2 block's centre
    shown, _, _ = depth_mesh(half, rgb, camera, max_side=64)
    assert shown.shape == full.shape and np.abs(shown - full).max() < 1e-3
