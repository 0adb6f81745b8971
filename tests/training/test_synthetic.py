"""The synthetic-room generator: exact metric depth, planar walls, reproducible frames, the shared layout."""
import json

import numpy as np
import pytest
from PIL import Image

from depth_core.evaluation.rgbd import list_pairs
from depth_core.training.synthetic import (Camera, Scene, TexturePool, generate, look_rotation, random_camera,
                                           random_room, render, render_frame)


def _camera(position, yaw=0.0, pitch=0.0, roll=0.0, width=64, height=48, fx=50.0):
    return Camera(np.array(position, np.float32), look_rotation(yaw, pitch, roll), fx, fx, width / 2 - 0.5,
                  height / 2 - 0.5, width, height)


def test_a_wall_at_a_known_distance_has_that_depth_everywhere():
    scene = Scene(np.array([-50, -50, -50], np.float32), np.array([50, 50, 3.0], np.float32), (0, 0, 0))
    camera = _camera([0, 1.5, 0])
    depth, prim, normal = scene.cast(camera.position, camera.ray_directions())
    np.testing.assert_allclose(depth, 3.0, rtol=1e-5)
    assert (prim == 0).all() and np.allclose(normal, [0, 0, -1])


def test_a_box_in_front_of_the_wall_is_at_its_own_distance():
    scene = Scene(np.array([-50, -50, -50], np.float32), np.array([50, 50, 5.0], np.float32), (0, 0, 0))
    scene.add_box((-0.5, 1.0, 2.0), (0.5, 2.0, 2.5), 0)
    camera = _camera([0, 1.5, 0])
    depth, prim, _ = scene.cast(camera.position, camera.ray_directions(), camera.screen_rects(scene))
    assert depth[24, 32] == pytest.approx(2.0, rel=1e-5) and prim[24, 32] == 1
    assert depth[0, 0] == pytest.approx(5.0, rel=1e-5) and prim[0, 0] == 0


def test_back_projected_depth_lands_on_the_faces_it_hit():
    """Depth (camera z) and the written intrinsics put every pixel back on its box face: planar walls."""
    rng = np.random.default_rng(3)
    pool = TexturePool(rng, procedural=6, photos=0)
    room = random_room(rng, pool)
    camera = random_camera(rng, room, 80, 60)
    _, depth, prim = render(room, camera, pool)
    _, _, normal = room.scene.cast(camera.position, camera.ray_directions())
    k = camera.intrinsics()
    v, u = np.mgrid[0:60, 0:80]
    cam = np.stack([(u - k["cx"]) / k["fx"] * depth, (v - k["cy"]) / k["fy"] * depth, depth], -1)
    world = camera.position + cam @ camera.rotation.T
    lo, hi = room.scene.bounds()
    boxes = (prim >= 1) & (prim <= len(room.scene.boxes))
    assert boxes.sum() > 500
    axis = np.abs(normal).argmax(-1)
    face = np.where(np.take_along_axis(normal, axis[..., None], -1)[..., 0] > 0, hi[prim, axis], lo[prim, axis])
    coordinate = np.take_along_axis(world, axis[..., None], -1)[..., 0]
    np.testing.assert_allclose(coordinate[boxes], face[boxes], atol=2e-3)


def test_ambient_occlusion_darkens_the_floor_beside_a_box_not_the_open_floor():
    from depth_core.training.synthetic import _ambient_occlusion

    scene = Scene(np.array([-5, 0, -5], np.float32), np.array([5, 3, 5], np.float32), (0, 0, 0))
    scene.add_box((0, 0, 0), (1, 1, 1), 0)
    points = np.array([[[1.05, 0, 0.5], [3.5, 0, 3.5]]], np.float32)  # on the floor: beside the box, in the open
    up = np.array([[[0, 1, 0], [0, 1, 0]]], np.float32)
    ao = _ambient_occlusion(scene, points, up, 1, 2, step=1, rays=64)
    assert ao[0, 1] == pytest.approx(1.0) and ao[0, 0] < 0.9


def test_frames_are_reproducible_from_a_seed_and_depth_is_metric():
    pool = TexturePool(np.random.default_rng(0), procedural=6, photos=0)
    a = render_frame(np.random.default_rng(7), pool, 64, 48)
    b = render_frame(np.random.default_rng(7), pool, 64, 48)
    assert np.array_equal(a.rgb, b.rgb) and np.array_equal(a.depth, b.depth)
    valid = a.depth[a.depth > 0]
    assert a.rgb.shape == (48, 64, 3) and a.rgb.dtype == np.uint8
    assert 0.2 < valid.min() and valid.max() < 20 and 0.5 < (a.depth > 0).mean()


def test_views_spanning_more_depth_than_a_handheld_photo_are_drawn_again():
    from depth_core.training.synthetic import plausible_view

    rows = np.linspace(0, 1, 48)[:, None] * np.ones((1, 64))
    prim = (np.arange(64)[None, :] // 8 * np.ones((48, 1))).astype(np.int32)  # eight surfaces side by side
    assert plausible_view((1.5 + 2.0 * rows).astype(np.float32), prim)  # 1.5-3.5 m: spread about 2
    assert not plausible_view((1.5 + 8.0 * rows).astype(np.float32), prim)  # 1.5-9.5 m: a view down a hall
    assert plausible_view((1.5 + 8.0 * rows).astype(np.float32), prim, max_spread=np.inf)  # only the limit says no
    assert not plausible_view(np.full((48, 64), 2.0, np.float32), prim)  # a flat wall
    assert not plausible_view((0.4 + 0.4 * rows).astype(np.float32), prim)  # a close-up


def test_generate_writes_the_shared_layout(tmp_path, photo):
    out = generate(tmp_path / "syn", 3, seed=5, photo_folders=[photo.parent], workers=1, width=64, height=48)
    pairs = list_pairs(out)
    assert [p.id for p in pairs] == ["syn_000000", "syn_000001", "syn_000002"]
    rgb, depth = pairs[0].load()
    assert rgb.shape == (48, 64, 3) and depth.shape == (48, 64)
    with Image.open(pairs[0].depth_path) as im:
        assert im.mode in ("I;16", "I") and np.asarray(im).max() > 100  # millimetres
    intrinsics = json.loads((out / "intrinsics" / "syn_000000.json").read_text())
    assert intrinsics["width"] == 64 and intrinsics["fx"] > 0
