"""A pinhole camera in the room: its rays, and which pixels each primitive can cover.

The camera looks along its +z (OpenCV axes: x right, y down). Ray directions are scaled so that their camera z is 1,
so the ray parameter t of a hit *is* its depth.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .raycast import Scene


@dataclass(frozen=True)
class Camera:
    """Pinhole camera: position, rotation (world from camera, OpenCV axes) and intrinsics in pixels."""

    position: np.ndarray
    rotation: np.ndarray
    fx: float
    fy: float
    cx: float
    cy: float
    width: int
    height: int

    def ray_directions(self) -> np.ndarray:
        """World directions of every pixel centre, scaled so that each has camera z = 1."""
        u, v = np.meshgrid(np.arange(self.width, dtype=np.float32), np.arange(self.height, dtype=np.float32))
        cam = np.stack([(u - self.cx) / self.fx, (v - self.cy) / self.fy, np.ones_like(u)], axis=-1)
        return (cam @ self.rotation.T).astype(np.float32)

    def screen_rects(self, scene: Scene) -> list[tuple[int, int, int, int] | None]:
        """Per primitive, the pixel rectangle its bounding box projects to (None: not in view).

        A box reaching behind the camera gets the whole image: its projection is unbounded.
        """
        lo, hi = scene.bounds()
        corners = np.stack([np.where(np.array(bits, bool), hi, lo) for bits in np.ndindex(2, 2, 2)], axis=1)
        cam = (corners - self.position) @ self.rotation  # P x 8 x 3, camera coordinates
        rects = []
        for c in cam:
            z = c[:, 2]
            if (z <= 0.05).all():
                rects.append(None)
                continue
            if (z <= 0.05).any():
                rects.append((0, self.height, 0, self.width))
                continue
            u, v = self.fx * c[:, 0] / z + self.cx, self.fy * c[:, 1] / z + self.cy
            x0, x1 = max(int(np.floor(u.min())), 0), min(int(np.ceil(u.max())) + 1, self.width)
            y0, y1 = max(int(np.floor(v.min())), 0), min(int(np.ceil(v.max())) + 1, self.height)
            rects.append((y0, y1, x0, x1) if x0 < x1 and y0 < y1 else None)
        return rects

    def scaled(self, factor: int) -> Camera:
        """The same view with ``factor`` times more pixels per side (pixel centres stay consistent)."""
        return Camera(self.position, self.rotation, self.fx * factor, self.fy * factor,
                      (self.cx + 0.5) * factor - 0.5, (self.cy + 0.5) * factor - 0.5, self.width * factor,
                      self.height * factor)

    def intrinsics(self) -> dict:
        return {"fx": self.fx, "fy": self.fy, "cx": self.cx, "cy": self.cy, "width": self.width,
                "height": self.height}


def look_rotation(yaw: float, pitch: float, roll: float = 0.0) -> np.ndarray:
    """World-from-camera rotation for a camera turned by yaw (about up), tilted by pitch (up > 0), rolled."""
    cy, sy, cp, sp, cr, sr = (math.cos(yaw), math.sin(yaw), math.cos(pitch), math.sin(pitch),
                              math.cos(roll), math.sin(roll))
    forward = np.array([sy * cp, sp, cy * cp])
    right = np.array([cy, 0.0, -sy])
    up = np.cross(forward, right)  # camera "up" in world
    right, up = cr * right + sr * up, -sr * right + cr * up
    return np.stack([right, -up, forward], axis=1).astype(np.float32)  # columns: camera x, y (down), z
