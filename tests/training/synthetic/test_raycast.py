"""What a ray hits: exact metric depth on walls and boxes."""
import numpy as np
import pytest

from depth_core.training.synthetic import Camera, Scene, look_rotation


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
