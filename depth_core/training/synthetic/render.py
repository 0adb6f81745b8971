"""How a view looks: textured, lit by point lights with shadows and bounced light, through a camera and a depth
sensor's noise and holes."""
from __future__ import annotations

import numpy as np
from PIL import Image

from .camera import Camera
from .raycast import Scene
from .rooms import Room
from .textures import TexturePool


def render(room: Room, camera: Camera, pool: TexturePool, shadow_step: int = 2,
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(linear RGB H x W x 3 float, exact depth H x W, primitive id H x W) of one view.

    Lambertian shading from point lights with a soft falloff, hard shadows traced on every
    ``shadow_step``-th pixel (upsampled: they are soft in rooms anyway), and a hemisphere ambient term
    darkened by ambient occlusion in corners and under objects (what bounced light looks like).
    """
    dirs = camera.ray_directions()
    t, prim, normal = room.scene.cast(camera.position, dirs, camera.screen_rects(room.scene))
    points = camera.position + t[..., None] * dirs
    mats = room.scene.material_of(prim, normal)
    texture = np.array([m.texture for m in room.materials], np.int32)[mats]
    scale = np.array([m.metres_per_tile for m in room.materials], np.float32)[mats]
    tint = np.stack([m.tint for m in room.materials])[mats]
    axis = np.abs(normal).argmax(axis=-1)  # texture coordinates: the two world axes in the hit face
    u = np.where(axis == 0, points[..., 2], points[..., 0]) / scale
    v = np.where(axis == 1, points[..., 2], points[..., 1]) / scale
    albedo = pool.sample(texture, u, v) * tint
    h, w = t.shape
    coarse = points[::shadow_step, ::shadow_step] + normal[::shadow_step, ::shadow_step] * 2e-3
    ambient = room.ambient * (1 + room.sky * normal[..., 1]) * ambient_occlusion(room.scene, points, normal, h, w)
    light = np.repeat(ambient[..., None], 3, axis=-1).astype(np.float32)
    for position, colour in room.lights:
        to_light = position - points
        dist2 = np.maximum((to_light**2).sum(axis=-1), 1e-6)
        lambert = np.maximum((normal * to_light).sum(axis=-1) / np.sqrt(dist2), 0)
        blocked = room.scene.occluded(coarse.reshape(-1, 3), (position - coarse).reshape(-1, 3), 1.0 - 1e-3)
        lit = (~blocked).reshape(coarse.shape[:2]).astype(np.float32)
        lit = np.repeat(np.repeat(lit, shadow_step, 0), shadow_step, 1)[:h, :w]
        light += (lambert * lit / (1.0 + dist2 / room.falloff**2))[..., None] * colour
    return albedo * light, t, prim


def ambient_occlusion(scene: Scene, points: np.ndarray, normal: np.ndarray, h: int, w: int, step: int = 4,
                       rays: int = 6, reach: float = 0.5, rng_seed: int = 0) -> np.ndarray:
    """Share of short hemisphere rays (``reach`` metres) that escape, on every ``step``-th pixel: 0.35..1."""
    rng = np.random.default_rng(rng_seed)
    p = points[::step, ::step].reshape(-1, 3)
    n = normal[::step, ::step].reshape(-1, 3)
    p = p + n * 2e-3
    free = np.zeros(len(p), np.float32)
    for _ in range(rays):
        d = rng.normal(size=(len(p), 3)).astype(np.float32)
        d /= np.linalg.norm(d, axis=-1, keepdims=True)
        d = np.where(((d * n).sum(-1) < 0)[:, None], -d, d) + n  # cosine-weighted around the normal
        d *= reach / np.maximum(np.linalg.norm(d, axis=-1, keepdims=True), 1e-6)
        free += ~scene.occluded(p, d, 1.0)
    ao = (free / rays).reshape(points[::step, ::step].shape[:2])
    ao = np.asarray(Image.fromarray(ao, mode="F").resize((w, h), Image.BILINEAR))
    return 0.35 + 0.65 * ao


def camera_effects(linear: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Auto-exposure, vignetting, gamma, sensor noise: linear RGB -> uint8 sRGB-like."""
    h, w, _ = linear.shape
    exposure = rng.uniform(0.7, 1.0) / max(np.percentile(linear, 97), 1e-4)
    y, x = np.mgrid[0:h, 0:w]
    r2 = ((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2
    image = linear * exposure * (1 - rng.uniform(0, 0.3) * r2 / 2)[..., None]
    image = np.clip(image, 0, 1) ** (1 / rng.uniform(1.8, 2.4))
    image = image + rng.normal(0, rng.uniform(0.003, 0.02), image.shape)
    return (np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8)


def sensor_depth(depth: np.ndarray, prim: np.ndarray, rng: np.random.Generator,
                 max_range: float = 10.0) -> np.ndarray:
    """Kinect-like depth: noise growing with distance, holes at edges, random dropouts, a range limit."""
    noisy = depth + rng.normal(0, 1, depth.shape) * (0.0012 + 0.0019 * (depth - 0.4) ** 2)
    holes = noisy > max_range
    edge = np.zeros_like(holes)
    edge[:, 1:] |= prim[:, 1:] != prim[:, :-1]
    edge[1:] |= prim[1:] != prim[:-1]
    holes |= edge & (rng.random(depth.shape) < 0.5)
    h, w = depth.shape
    y, x = np.mgrid[0:h, 0:w]
    for _ in range(rng.integers(0, 4)):  # blobs (dark or shiny surfaces)
        cy, cx, ry, rx = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(3, 20), rng.uniform(3, 20)
        holes |= ((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 < 1
    return np.where(holes, 0.0, noisy).astype(np.float32)
