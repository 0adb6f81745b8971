"""How a view looks: planar faces where the depth says, and shadowed corners."""
import numpy as np
import pytest

from depth_core.training.synthetic import Scene, TexturePool, random_camera, random_room, render
from depth_core.training.synthetic.render import ambient_occlusion


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
    scene = Scene(np.array([-5, 0, -5], np.float32), np.array([5, 3, 5], np.float32), (0, 0, 0))
    scene.add_box((0, 0, 0), (1, 1, 1), 0)
    points = np.array([[[1.05, 0, 0.5], [3.5, 0, 3.5]]], np.float32)  # on the floor: beside the box, in the open
    up = np.array([[[0, 1, 0], [0, 1, 0]]], np.float32)
    ao = ambient_occlusion(scene, points, up, 1, 2, step=1, rays=64)
    assert ao[0, 1] == pytest.approx(1.0) and ao[0, 0] < 0.9
