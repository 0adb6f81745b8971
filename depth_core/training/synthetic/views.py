"""Which views are rendered: a camera where a person or a tripod would stand, redrawn until the view looks like a
photo someone would take; and a fixed deep room to test how far a model can see."""
from __future__ import annotations

import math

import numpy as np

from ...evaluation.rgbd import Frame
from .camera import Camera, look_rotation
from .raycast import Scene
from .render import camera_effects, render, sensor_depth
from .rooms import Material, Room, overlap, random_room
from .textures import TexturePool


def random_camera(rng: np.random.Generator, room: Room, width: int = 320, height: int = 240) -> Camera:
    """Human or tripod height, looking across the room with some pitch and roll; Kinect- or phone-like lens."""
    lo_x, lo_z, hi_x, hi_z = room.free
    for _ in range(50):
        x, z = rng.uniform(lo_x + 0.3, hi_x - 0.3), rng.uniform(lo_z + 0.3, hi_z - 0.3)
        if not any(overlap((x, z, x, z), f, 0.3) for f in room.footprints):
            break
    y = rng.uniform(1.3, 1.75) if rng.random() < 0.6 else rng.uniform(0.5, 1.3)
    tx, tz = rng.uniform(lo_x, hi_x), rng.uniform(lo_z, hi_z)
    if math.hypot(tx - x, tz - z) < 1.0:  # look at the far side instead
        tx, tz = hi_x + lo_x - x, hi_z + lo_z - z
    yaw = math.atan2(tx - x, tz - z) + rng.normal(0, 0.2)
    pitch = math.radians(rng.uniform(-35, 8))
    roll = math.radians(rng.normal(0, 3))
    hfov = math.radians(rng.uniform(55, 62) if rng.random() < 0.5 else rng.uniform(62, 75))
    fx = (width / 2) / math.tan(hfov / 2)
    return Camera(np.array([x, y, z], np.float32), look_rotation(yaw, pitch, roll), fx, fx,
                  width / 2 - 0.5 + rng.normal(0, 2), height / 2 - 0.5 + rng.normal(0, 2), width, height)


def depth_spread(depth: np.ndarray) -> float:
    """90th over 10th percentile of the valid (> 0) depth: how much deeper the far part of a view is."""
    valid = depth[depth > 0]
    return float(np.percentile(valid, 90) / max(np.percentile(valid, 10), 1e-3))


def plausible_view(depth: np.ndarray, prim: np.ndarray, min_median_depth: float = 1.0, min_spread: float = 1.25,
                   max_spread: float = 3.5, max_one_surface: float = 0.6) -> bool:
    """Whether a view looks like a photo someone would take: not a close-up of one surface, and neither flat nor
    deeper than a handheld indoor photo (``depth_spread``: the training kitchen never exceeds 3.43, while views
    through doors down long rooms reached 28 before this limit)."""
    spread = depth_spread(depth)
    one_surface = np.bincount(prim.reshape(-1)).max() / prim.size
    return bool(np.median(depth) >= min_median_depth and min_spread <= spread <= max_spread
                and one_surface < max_one_surface)


def render_frame(rng: np.random.Generator, pool: TexturePool, width: int = 320, height: int = 240,
                 attempts: int = 8, supersample: int = 2) -> Frame:
    """One plausible view (``plausible_view``); the room or the camera is re-drawn until it is one.

    The photo is rendered at ``supersample`` times the size and averaged down (anti-aliasing, as
    a real lens and sensor blur); the depth is cast at the output pixels' centres, so it is exact.
    """
    room = random_room(rng, pool)
    for attempt in range(attempts):
        if attempt and attempt % 3 == 0:
            room = random_room(rng, pool)
        camera = random_camera(rng, room, width, height)
        depth, prim, _ = room.scene.cast(camera.position, camera.ray_directions(), camera.screen_rects(room.scene))
        if plausible_view(depth, prim):
            break
    linear, _, _ = render(room, camera.scaled(supersample), pool)
    s = supersample
    linear = linear.reshape(height, s, width, s, 3).mean(axis=(1, 3))
    return Frame(camera_effects(linear, rng), sensor_depth(depth, prim, rng), camera.intrinsics())


def deep_room(back: float = 8.0, seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """A 5 m wide furnished room whose back wall is ``back`` metres in front of the camera: (photo, true depth), both
    320x240. How deep a model can see: the first int8 models read such a wall at 3.5 m."""
    rng = np.random.default_rng(seed)
    pool = TexturePool(rng, procedural=12)
    materials = [Material(i, 1.5, np.ones(3, np.float32)) for i in (0, 3, 2, 1, 4)]  # floor, ceiling, walls, ...
    length = back + 0.5
    scene = Scene(np.zeros(3, np.float32), np.array([5.0, 2.8, length], np.float32), (0, 1, 2))
    scene.add_box((0.6, 0, 2.5), (1.8, 0.75, 3.5), 3)  # a table
    scene.add_box((0.0, 0, 5.0), (0.5, 1.9, 7.0), 4)  # cabinets along the walls
    scene.add_box((4.4, 0, 4.0), (5.0, 1.2, 6.0), 4)
    lights = [(np.array([2.5, 2.7, z], np.float32), np.full(3, 3.0, np.float32)) for z in (2.0, 6.0)]
    room = Room(scene, materials, lights, 0.5, np.array([0, 0, 5, length], np.float32), [], falloff=4.0)
    camera = Camera(np.array([2.5, 1.5, 0.5], np.float32), look_rotation(0.0, math.radians(-6)), 250.0, 250.0,
                    159.5, 119.5, 320, 240)
    depth, _, _ = scene.cast(camera.position, camera.ray_directions(), camera.screen_rects(scene))
    linear, _, _ = render(room, camera.scaled(2), pool)
    return camera_effects(linear.reshape(240, 2, 320, 2, 3).mean(axis=(1, 3)), rng), depth
