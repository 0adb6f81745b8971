"""What a ray hits: a room shell seen from inside, solid boxes and vertical cylinders, each with a material.

Every surface is an axis-aligned box or a vertical cylinder, so one vectorised slab test per primitive, limited to
the pixels its bounding box projects to, casts a whole frame. Coordinates: world y is up and the floor is y = 0.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

EPS = 1e-4


@dataclass
class Scene:
    """A room shell (seen from inside), solid boxes and vertical cylinders, each with a material id.

    Primitive 0 is the shell; boxes follow, then cylinders (stored with their bounding box).
    """

    shell_lo: np.ndarray
    shell_hi: np.ndarray
    shell_materials: tuple[int, int, int]  # floor, ceiling, walls
    boxes: list[tuple[np.ndarray, np.ndarray, int]] = field(default_factory=list)  # (lo, hi, material)
    cylinders: list[tuple[float, float, float, float, float, int]] = field(default_factory=list)  # x, z, r, y0, y1, m

    def add_box(self, lo, hi, material: int) -> None:
        lo, hi = np.asarray(lo, np.float32), np.asarray(hi, np.float32)
        self.boxes.append((np.minimum(lo, hi), np.maximum(lo, hi), material))

    def add_cylinder(self, x: float, z: float, radius: float, y0: float, y1: float, material: int) -> None:
        self.cylinders.append((x, z, radius, y0, y1, material))

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Per-primitive bounding boxes (P x 3 lo, P x 3 hi), the shell first."""
        lo = [self.shell_lo] + [b[0] for b in self.boxes] + [np.array([x - r, y0, z - r]) for x, z, r, y0, y1, _ in
                                                           self.cylinders]
        hi = [self.shell_hi] + [b[1] for b in self.boxes] + [np.array([x + r, y1, z + r]) for x, z, r, y0, y1, _ in
                                                           self.cylinders]
        return np.array(lo, np.float32), np.array(hi, np.float32)

    def material_of(self, prim: np.ndarray, normal: np.ndarray) -> np.ndarray:
        """Material id per hit: the shell's depends on which face (floor, ceiling, wall) was hit."""
        table = np.array([0] + [m for *_, m in self.boxes] + [c[5] for c in self.cylinders], np.int32)
        mats = table[prim]
        shell = prim == 0
        floor, ceiling, wall = self.shell_materials
        mats[shell] = np.where(normal[shell, 1] > 0.5, floor, np.where(normal[shell, 1] < -0.5, ceiling, wall))
        return mats

    def _hits(self):
        """(index, distance function) per solid primitive; each function maps (origin, inverse dir) to t."""
        for i, (lo, hi, _) in enumerate(self.boxes, start=1):
            yield i, lambda o, d, inv, lo=lo, hi=hi: _box_entry(o, inv, lo, hi)
        for j, (x, z, r, y0, y1, _) in enumerate(self.cylinders, start=1 + len(self.boxes)):
            yield j, lambda o, d, inv, c=(x, z, r, y0, y1): _cylinder_entry(o, d, inv, *c)

    def occluded(self, origins: np.ndarray, dirs: np.ndarray, t_max: float) -> np.ndarray:
        """Whether anything solid lies on each segment ``origin + t * dir``, t in (EPS, t_max): shadow rays."""
        o, d = origins.T, dirs.T
        inv = _inverse(d)
        blocked = np.zeros(len(dirs), bool)
        for _, distance in self._hits():
            blocked |= distance(o, d, inv) < t_max
        return blocked

    def cast(self, origin: np.ndarray, dirs: np.ndarray, rects=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Nearest hit of rays from one ``origin`` along ``dirs`` (H x W x 3): (t, primitive, normal).

        ``rects`` (one ``(y0, y1, x0, x1)`` or None per primitive, see ``Camera.screen_rects``) limits
        each primitive's test to the pixels it can cover, which is most of the speed.
        """
        o = tuple(np.float32(c) for c in origin)
        d = tuple(dirs[..., k] for k in range(3))
        inv = _inverse(d)
        t = _shell_exit(o, inv, self.shell_lo, self.shell_hi)
        prim = np.zeros(t.shape, np.int32)
        full = (0, t.shape[0], 0, t.shape[1])
        for i, distance in self._hits():
            rect = full if rects is None else rects[i]
            if rect is None:
                continue
            y0, y1, x0, x1 = rect
            window = (slice(y0, y1), slice(x0, x1))
            ti = distance(o, tuple(c[window] for c in d), tuple(c[window] for c in inv))
            closer = ti < t[window]
            t[window][closer] = ti[closer]
            prim[window][closer] = i
        points = np.asarray(origin, np.float32) + t[..., None] * dirs
        return t, prim, self._normals(points, prim)

    def _normals(self, points: np.ndarray, prim: np.ndarray) -> np.ndarray:
        """Face normals at hit points, from which face of its primitive each point lies on."""
        lo, hi = self.bounds()
        plo, phi = lo[prim], hi[prim]
        gap = np.concatenate([np.abs(points - plo), np.abs(points - phi)], axis=-1)  # 6 faces
        face = gap.argmin(axis=-1)
        normal = np.zeros(points.shape, np.float32)
        axis = face % 3
        sign = np.where(face < 3, -1.0, 1.0).astype(np.float32)
        sign = np.where(prim == 0, -sign, sign)  # the shell is seen from inside
        np.put_along_axis(normal, axis[..., None], sign[..., None], axis=-1)
        first_cylinder = 1 + len(self.boxes)
        if self.cylinders:
            centres = np.array([[x, 0.0, z] for x, z, *_ in self.cylinders], np.float32)
            is_cyl = prim >= first_cylinder
            cap = np.abs(normal[..., 1]) > 0.5
            radial = points - centres[np.clip(prim - first_cylinder, 0, None)]
            radial[..., 1] = 0
            radial /= np.maximum(np.linalg.norm(radial, axis=-1, keepdims=True), 1e-6)
            side = is_cyl & ~(cap & (gap[..., [1, 4]].min(axis=-1) < 1e-3))
            normal[side] = radial[side]
        return normal


def _inverse(d):
    with np.errstate(divide="ignore"):
        return tuple(np.float32(1.0) / np.where(c == 0, np.float32(1e-12), c) for c in d)


def _box_entry(o, inv, lo, hi):
    """Entry distance into a solid box, inf on a miss (slab test, one axis at a time)."""
    near = far = None
    for k in range(3):
        a, b = (lo[k] - o[k]) * inv[k], (hi[k] - o[k]) * inv[k]
        lo_k, hi_k = np.minimum(a, b), np.maximum(a, b)
        near = lo_k if near is None else np.maximum(near, lo_k)
        far = hi_k if far is None else np.minimum(far, hi_k)
    return np.where((near <= far) & (near > EPS), near, np.float32(np.inf))


def _shell_exit(o, inv, lo, hi):
    """Exit distance from inside the room shell."""
    far = None
    for k in range(3):
        a, b = (lo[k] - o[k]) * inv[k], (hi[k] - o[k]) * inv[k]
        far = np.maximum(a, b) if far is None else np.minimum(far, np.maximum(a, b))
    return far.astype(np.float32)


def _cylinder_entry(o, d, inv, x, z, r, y0, y1):
    """Entry distance into a capped vertical cylinder, inf on a miss."""
    ox, oy, oz = o[0] - x, o[1], o[2] - z
    dx, dy, dz = d
    a = dx * dx + dz * dz
    b = 2 * (ox * dx + oz * dz)
    c = ox * ox + oz * oz - r * r
    disc = b * b - 4 * a * c
    with np.errstate(invalid="ignore", divide="ignore"):
        t_side = (-b - np.sqrt(disc)) / (2 * a)
    y_side = oy + t_side * dy
    t = np.where((disc > 0) & (t_side > EPS) & (y_side >= y0) & (y_side <= y1), t_side, np.float32(np.inf))
    for cap in (y0, y1):
        tc = (cap - oy) * inv[1]
        inside = (ox + tc * dx) ** 2 + (oz + tc * dz) ** 2 <= r * r
        t = np.where(inside & (tc > EPS) & (tc < t), tc, t)
    return t.astype(np.float32)
