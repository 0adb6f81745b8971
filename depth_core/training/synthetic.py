"""Synthetic indoor RGB-D: random furnished rooms, ray cast in numpy, with exact metric depth.

Why numpy ray casting: every surface here is an axis-aligned box or a vertical cylinder, so one
vectorised slab test per primitive renders a 320x240 frame in a fraction of a second on one core,
with no GL context, no extra system package and bit-for-bit reproducible output from a seed.

Coordinates: world y is up and the floor is y = 0; the camera looks along its +z (OpenCV axes:
x right, y down). Ray directions are scaled so that their camera z is 1, so the ray parameter t
of a hit *is* its depth.
"""
from __future__ import annotations

import json
import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

EPS = 1e-4
TEXTURE_SIZE = 256
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}


# --------------------------------------------------------------------------- scene and ray casting
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


# --------------------------------------------------------------------------- camera
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


# --------------------------------------------------------------------------- textures
def procedural_texture(kind: str, rng: np.random.Generator, size: int = TEXTURE_SIZE) -> np.ndarray:
    """Wood, tiles, carpet, plaster, brick or plain paint, as size x size x 3 float32 in 0..1."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    if rng.random() < 0.6:  # most indoor surfaces are near-neutral: whites, greys, beiges
        base = (rng.uniform(0.3, 0.95) * rng.uniform(0.9, 1.1, 3)).astype(np.float32)
    else:
        base = rng.uniform(0.15, 0.9, 3).astype(np.float32)
    noise = _smooth_noise(rng, size, cells=rng.integers(4, 24))
    if kind == "wood":
        base = np.array([rng.uniform(0.35, 0.75), rng.uniform(0.2, 0.5), rng.uniform(0.08, 0.3)], np.float32)
        rings = 0.5 + 0.5 * np.sin((x * rng.uniform(20, 60) + 4 * noise) * 2 * np.pi)
        value = 0.75 + 0.25 * rings
    elif kind == "tiles":
        n = rng.integers(2, 8)
        gx, gy = (x * n) % 1, (y * n) % 1
        grout = (np.minimum(gx, 1 - gx) < 0.03) | (np.minimum(gy, 1 - gy) < 0.03)
        value = np.where(grout, 0.55, 0.9 + 0.1 * noise)
    elif kind == "carpet":
        value = 0.7 + 0.3 * rng.random((size, size), dtype=np.float32) * (0.6 + 0.4 * noise)
    elif kind == "brick":
        rows = np.floor(y * 8)
        gx = (x * 4 + 0.5 * (rows % 2)) % 1
        gy = (y * 8) % 1
        mortar = (np.minimum(gx, 1 - gx) < 0.04) | (np.minimum(gy, 1 - gy) < 0.06)
        base = np.array([rng.uniform(0.5, 0.8), rng.uniform(0.2, 0.4), rng.uniform(0.1, 0.3)], np.float32)
        value = np.where(mortar, 1.4, 0.8 + 0.2 * noise)
    elif kind == "plaster":
        value = 0.9 + 0.1 * noise
    else:  # plain paint
        value = np.full((size, size), 0.97, np.float32) + 0.03 * noise
    return np.clip(value[..., None] * base, 0, 1).astype(np.float32)


PROCEDURAL_KINDS = ("wood", "tiles", "carpet", "brick", "plaster", "paint")


def _smooth_noise(rng: np.random.Generator, size: int, cells: int) -> np.ndarray:
    """Value noise in 0..1: a small random grid upsampled bicubically (tileable enough for walls)."""
    grid = rng.random((int(cells), int(cells))).astype(np.float32)
    return np.asarray(Image.fromarray(grid, mode="F").resize((size, size), Image.BICUBIC)).clip(0, 1)


def photo_crops(folders: list[str | Path], count: int, rng: np.random.Generator,
                size: int = TEXTURE_SIZE) -> list[np.ndarray]:
    """Random square crops of the photos found in ``folders`` (and their ``rgb/`` subfolders)."""
    files = sorted(p for folder in folders for p in Path(folder).rglob("*")
                   if p.suffix.lower() in PHOTO_SUFFIXES and "depth" not in p.parts)
    crops = []
    for i in range(count if files else 0):
        with Image.open(files[rng.integers(len(files))]) as im:
            im = im.convert("RGB")
            side = int(min(im.size) * rng.uniform(0.2, 0.8))
            x0, y0 = rng.integers(0, im.width - side + 1), rng.integers(0, im.height - side + 1)
            crop = im.resize((size, size), Image.BILINEAR, box=(x0, y0, x0 + side, y0 + side))
        crops.append(np.asarray(crop, np.float32) / 255.0)
    return crops


class TexturePool:
    """A stack of textures (procedural and photo crops) sampled by metric surface coordinates."""

    def __init__(self, rng: np.random.Generator, photo_folders: list[str | Path] = (), photos: int = 24,
                 procedural: int = 24):
        textures = [procedural_texture(PROCEDURAL_KINDS[i % len(PROCEDURAL_KINDS)], rng) for i in range(procedural)]
        self.procedural = len(textures)
        textures += photo_crops(list(photo_folders), photos, rng)
        self.stack = np.stack(textures)

    def __len__(self) -> int:
        return len(self.stack)

    def sample(self, texture: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Per-pixel texture ids and coordinates (in texture widths, wrapping) -> N x 3 albedo."""
        size = self.stack.shape[1]
        iu = (np.floor(u * size).astype(np.int64)) % size
        iv = (np.floor(v * size).astype(np.int64)) % size
        return self.stack[texture, iv, iu]


# --------------------------------------------------------------------------- rooms
@dataclass
class Material:
    texture: int
    metres_per_tile: float  # how many metres one texture width covers
    tint: np.ndarray


def _material(rng, pool: TexturePool, materials: list[Material], photo_bias: float = 0.5,
              tile: tuple[float, float] = (0.4, 2.0), kinds: tuple[str, ...] = PROCEDURAL_KINDS) -> int:
    """A new material: a photo crop with probability ``photo_bias``, else a procedural texture of ``kinds``."""
    use_photo = len(pool) > pool.procedural and rng.random() < photo_bias
    if use_photo:
        texture = rng.integers(pool.procedural, len(pool))
    else:
        kind = PROCEDURAL_KINDS.index(kinds[rng.integers(len(kinds))])
        texture = kind + len(PROCEDURAL_KINDS) * rng.integers(pool.procedural // len(PROCEDURAL_KINDS))
    tint = rng.uniform(0.75, 1.15, 3).astype(np.float32)
    materials.append(Material(int(texture), float(rng.uniform(*tile)), tint))
    return len(materials) - 1


@dataclass
class Room:
    scene: Scene
    materials: list[Material]
    lights: list[tuple[np.ndarray, np.ndarray]]  # (position, rgb intensity)
    ambient: float
    free: np.ndarray  # (lo_x, lo_z, hi_x, hi_z) of the usable floor
    footprints: list[tuple[float, float, float, float]]  # occupied floor rectangles (x0, z0, x1, z1)
    falloff: float = 2.0  # metres at which a light's intensity has halved (soft, bounced light: large)
    sky: float = 0.0  # hemisphere ambient: how much brighter up-facing surfaces are than down-facing ones


def random_room(rng: np.random.Generator, pool: TexturePool) -> Room:
    """A furnished room: box or L-shaped, doors and windows to a space beyond, furniture and clutter."""
    mats: list[Material] = []
    w, d, h = rng.uniform(2.8, 7.5), rng.uniform(2.8, 8.0), rng.uniform(2.4, 3.2)
    beyond = rng.uniform(1.5, 5.0)
    floor = _material(rng, pool, mats, photo_bias=0.2, tile=(0.5, 2.5), kinds=("wood", "tiles", "carpet", "paint"))
    ceiling = _material(rng, pool, mats, photo_bias=0.02, tile=(1.0, 4.0), kinds=("paint", "plaster", "tiles"))
    outside = _material(rng, pool, mats, photo_bias=0.8, tile=(2.0, 6.0))
    scene = Scene(np.array([-beyond, 0, -beyond], np.float32), np.array([w + beyond, h, d + beyond], np.float32),
                  (floor, ceiling, outside))
    wall_kinds = ("paint", "paint", "plaster", "plaster", "brick", "tiles", "wood")
    wall = _material(rng, pool, mats, photo_bias=0.25, tile=(1.0, 4.0), kinds=wall_kinds)
    accent = _material(rng, pool, mats, photo_bias=0.5, tile=(0.5, 3.0), kinds=wall_kinds)
    t = 0.12
    # Walls: x = 0 and x = w (running along z), z = 0 and z = d (running along x), each with 0-2 openings.
    # Some walls are busy (wallpaper, a photo), so that plain does not mean far.
    for axis, pos, length in ((0, -t, d), (0, w, d), (2, -t, w), (2, d, w)):
        _wall_with_openings(scene, rng, axis, pos, t, length, h, accent if rng.random() < 0.25 else wall)
    footprints: list[tuple[float, float, float, float]] = []
    if rng.random() < 0.35:  # L shape: a solid corner block
        cw, cd = w * rng.uniform(0.25, 0.5), d * rng.uniform(0.25, 0.5)
        x0 = 0.0 if rng.random() < 0.5 else w - cw
        z0 = 0.0 if rng.random() < 0.5 else d - cd
        scene.add_box((x0, 0, z0), (x0 + cw, h, z0 + cd), wall)
        footprints.append((x0, z0, x0 + cw, z0 + cd))
    for _ in range(rng.integers(4, 15)):
        _add_furniture(scene, rng, pool, mats, w, d, h, footprints)
    for _ in range(rng.integers(0, 5)):  # pictures and panels on the walls
        _wall_panel(scene, rng, pool, mats, w, d, h)
    lights = []
    for _ in range(rng.integers(1, 4)):
        pos = np.array([rng.uniform(0.3, w - 0.3), h - rng.uniform(0.05, 0.6), rng.uniform(0.3, d - 0.3)], np.float32)
        warmth = rng.uniform(-0.15, 0.15)
        lights.append((pos, (rng.uniform(1.5, 5.0) * np.array([1 + warmth, 1.0, 1 - warmth])).astype(np.float32)))
    # Ambient (bounced) light as strong as the lamps in some rooms, so brightness does not say distance.
    return Room(scene, mats, lights, float(rng.uniform(0.1, 0.9)), np.array([0, 0, w, d], np.float32), footprints,
                falloff=float(rng.uniform(1.5, 6.0)), sky=float(rng.uniform(-0.3, 0.4)))


def _wall_with_openings(scene: Scene, rng, axis: int, pos: float, thick: float, length: float, h: float,
                        material: int) -> None:
    """A wall slab split around up to two openings (doors to the floor, windows with a sill)."""
    cuts = []
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        width = rng.uniform(0.7, 1.6)
        start = rng.uniform(0.2, max(0.3, length - width - 0.2))
        bottom, top = (0.0, rng.uniform(1.95, 2.2)) if rng.random() < 0.5 else (rng.uniform(0.6, 1.0),
                                                                                 rng.uniform(1.9, 2.3))
        if all(start > e + 0.2 or start + width < s - 0.2 for s, e, _, _ in cuts):
            cuts.append((start, start + width, bottom, min(top, h - 0.1)))
    segments, cursor = [], -thick
    for s, e, bottom, top in sorted(cuts):
        segments += [(cursor, s, 0.0, h), (s, e, 0.0, bottom), (s, e, top, h)]
        cursor = e
    segments.append((cursor, length + thick, 0.0, h))
    for s, e, y0, y1 in segments:
        if e - s < 1e-3 or y1 - y0 < 1e-3:
            continue
        if axis == 0:
            scene.add_box((pos, y0, s), (pos + thick, y1, e), material)
        else:
            scene.add_box((s, y0, pos), (e, y1, pos + thick), material)


def _place(rng, w, d, fw, fd, footprints, against_wall: bool):
    """A free floor rectangle (x0, z0, x1, z1) for an object of footprint fw x fd, or None."""
    for _ in range(12):
        if against_wall:
            side = rng.integers(4)
            if side in (0, 1):
                x0 = 0.0 if side == 0 else w - fw
                z0 = rng.uniform(0, max(1e-3, d - fd))
            else:
                fw, fd = fd, fw
                z0 = 0.0 if side == 2 else d - fd
                x0 = rng.uniform(0, max(1e-3, w - fw))
        else:
            x0, z0 = rng.uniform(0.3, max(0.31, w - fw - 0.3)), rng.uniform(0.3, max(0.31, d - fd - 0.3))
        rect = (x0, z0, x0 + fw, z0 + fd)
        if rect[2] <= w and rect[3] <= d and not any(_overlap(rect, f, 0.1) for f in footprints):
            footprints.append(rect)
            return rect
    return None


def _overlap(a, b, margin: float) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


FURNITURE = ("table", "cabinet", "shelf", "sofa", "chair", "bed", "clutter", "lamp", "counter", "desk", "desk",
             "partition", "person")


def _add_furniture(scene: Scene, rng, pool: TexturePool, mats: list[Material], w, d, h, footprints) -> None:
    kind = FURNITURE[rng.integers(len(FURNITURE))]
    # Mostly plain bodies: near things are often as uniform as walls (cabinets, panels, sofas).
    body = _material(rng, pool, mats, photo_bias=0.25, tile=(0.3, 1.5),
                     kinds=("wood", "wood", "paint", "paint", "plaster", "carpet"))
    sizes = {"table": (1.0, 1.8, 0.6, 1.0), "cabinet": (0.5, 1.6, 0.35, 0.6), "shelf": (0.6, 1.4, 0.25, 0.45),
             "sofa": (1.5, 2.4, 0.8, 1.0), "chair": (0.4, 0.55, 0.4, 0.55), "bed": (1.0, 1.8, 1.9, 2.2),
             "clutter": (0.2, 0.7, 0.2, 0.7), "lamp": (0.3, 0.5, 0.3, 0.5), "counter": (1.2, 3.0, 0.55, 0.65),
             "desk": (1.0, 1.8, 0.6, 0.85), "partition": (0.8, 2.0, 0.04, 0.08), "person": (0.4, 0.55, 0.3, 0.4)}
    a, b, c, e = sizes[kind]
    wall_bound = kind in {"cabinet", "shelf", "sofa", "bed", "counter"} or rng.random() < 0.3
    rect = _place(rng, w, d, rng.uniform(a, b), rng.uniform(c, e), footprints, wall_bound)
    if rect is None:
        return
    x0, z0, x1, z1 = rect
    if kind == "table" or kind == "chair":
        top = rng.uniform(0.7, 0.78) if kind == "table" else rng.uniform(0.42, 0.48)
        scene.add_box((x0, top - 0.04, z0), (x1, top, z1), body)
        leg = rng.uniform(0.03, 0.06)
        for lx, lz in ((x0, z0), (x1 - leg, z0), (x0, z1 - leg), (x1 - leg, z1 - leg)):
            scene.add_box((lx, 0, lz), (lx + leg, top - 0.04, lz + leg), body)
        if kind == "chair":
            scene.add_box((x0, top, z0), (x1, top + rng.uniform(0.35, 0.5), z0 + 0.05), body)
        else:
            _clutter_on(scene, rng, pool, mats, (x0, z0, x1, z1), top, rng.integers(0, 5))
    elif kind in {"cabinet", "counter"}:
        top = rng.uniform(0.5, 1.0) if kind == "cabinet" else rng.uniform(0.86, 0.94)
        scene.add_box((x0, 0, z0), (x1, top, z1), body)
        scene.add_box((x0 - 0.01, top, z0 - 0.01), (x1 + 0.01, top + 0.03, z1 + 0.01),
                      _material(rng, pool, mats, photo_bias=0.4))
        _clutter_on(scene, rng, pool, mats, (x0, z0, x1, z1), top + 0.03, rng.integers(0, 4))
    elif kind == "shelf":
        top = rng.uniform(1.2, min(2.2, h - 0.1))
        panel = 0.02
        scene.add_box((x0, 0, z0), (x0 + panel, top, z1), body)
        scene.add_box((x1 - panel, 0, z0), (x1, top, z1), body)
        for y in np.linspace(0.05, top - panel, rng.integers(3, 6)):
            scene.add_box((x0, y, z0), (x1, y + panel, z1), body)
            if rng.random() < 0.7:  # a row of books or boxes
                bw = (x1 - x0) * rng.uniform(0.3, 0.9)
                scene.add_box((x0 + panel, y + panel, z0 + 0.02), (x0 + panel + bw, y + rng.uniform(0.15, 0.3), z1 - 0.02),
                              _material(rng, pool, mats, photo_bias=0.8))
    elif kind == "sofa" or kind == "bed":
        seat = rng.uniform(0.35, 0.5)
        scene.add_box((x0, 0, z0), (x1, seat, z1), body)
        back = rng.uniform(0.75, 1.0)
        # The back goes along the side touching a wall, or the longer side.
        if z0 <= 0.01 or z1 >= d - 0.01 or (x1 - x0) > (z1 - z0):
            zb = z0 if z0 <= d - z1 else z1 - 0.15
            scene.add_box((x0, seat, zb), (x1, back, zb + 0.15), body)
        else:
            xb = x0 if x0 <= w - x1 else x1 - 0.15
            scene.add_box((xb, seat, z0), (xb + 0.15, back, z1), body)
        if kind == "bed":
            scene.add_box((x0 + 0.05, seat, z0 + 0.05), (x1 - 0.05, seat + 0.12, z1 - 0.05),
                          _material(rng, pool, mats, photo_bias=0.6))
    elif kind == "desk":
        _desk(scene, rng, pool, mats, rect, body)
    elif kind == "partition":  # a cubicle screen: fabric panel in a thin frame
        top = rng.uniform(1.1, 1.7)
        scene.add_box((x0, 0, z0), (x1, top, z1), _material(rng, pool, mats, photo_bias=0.3, tile=(0.3, 1.0),
                                                            kinds=("carpet", "paint", "plaster")))
        scene.add_box((x0 - 0.01, top, z0 - 0.01), (x1 + 0.01, top + 0.03, z1 + 0.01), body)
    elif kind == "person":
        _person(scene, rng, pool, mats, rect)
    elif kind == "lamp":
        cx, cz = (x0 + x1) / 2, (z0 + z1) / 2
        height = rng.uniform(1.2, 1.8)
        scene.add_cylinder(cx, cz, 0.02, 0, height, body)
        scene.add_cylinder(cx, cz, rng.uniform(0.12, 0.25), height, height + rng.uniform(0.2, 0.35),
                           _material(rng, pool, mats, photo_bias=0.2))
    else:  # clutter: boxes, bins, pots
        _clutter_on(scene, rng, pool, mats, rect, 0.0, rng.integers(1, 4), big=True)


def _desk(scene: Scene, rng, pool, mats, rect, body: int) -> None:
    """An office desk: a top on two side panels, a monitor on a stand at the back, a keyboard, clutter."""
    x0, z0, x1, z1 = rect
    top = rng.uniform(0.71, 0.77)
    scene.add_box((x0, top - 0.03, z0), (x1, top, z1), body)
    for px in (x0, x1 - 0.03):
        scene.add_box((px, 0, z0 + 0.03), (px + 0.03, top - 0.03, z1 - 0.03), body)
    if rng.random() < 0.5:  # a drawer unit under one end
        dx = rng.uniform(0.35, 0.45)
        scene.add_box((x1 - 0.03 - dx, 0, z0 + 0.05), (x1 - 0.03, top - 0.05, z1 - 0.05), body)
    # The monitor and keyboard sit along the desk's long side, facing into the room.
    along_x = (x1 - x0) >= (z1 - z0)
    dark = _material(rng, pool, mats, photo_bias=0.1, tile=(0.2, 0.5), kinds=("paint",))
    screen = _material(rng, pool, mats, photo_bias=0.9, tile=(0.4, 0.6))
    for _ in range(rng.integers(1, 3)):
        mw, mh = rng.uniform(0.45, 0.65), rng.uniform(0.28, 0.4)
        base = top + rng.uniform(0.08, 0.15)
        if along_x:
            cx, back = rng.uniform(x0 + mw / 2, max(x0 + mw / 2 + 1e-3, x1 - mw / 2)), z0 + rng.uniform(0.08, 0.2)
            scene.add_box((cx - 0.03, top, back), (cx + 0.03, base, back + 0.05), dark)
            scene.add_box((cx - mw / 2, base, back), (cx + mw / 2, base + mh, back + 0.03), dark)
            scene.add_box((cx - mw / 2 + 0.015, base + 0.015, back + 0.03), (cx + mw / 2 - 0.015, base + mh - 0.015,
                                                                            back + 0.035), screen)
            scene.add_box((cx - 0.22, top, back + 0.25), (cx + 0.22, top + 0.025, back + 0.4), dark)
        else:
            cz, back = rng.uniform(z0 + mw / 2, max(z0 + mw / 2 + 1e-3, z1 - mw / 2)), x0 + rng.uniform(0.08, 0.2)
            scene.add_box((back, top, cz - 0.03), (back + 0.05, base, cz + 0.03), dark)
            scene.add_box((back, base, cz - mw / 2), (back + 0.03, base + mh, cz + mw / 2), dark)
            scene.add_box((back + 0.03, base + 0.015, cz - mw / 2 + 0.015), (back + 0.035, base + mh - 0.015,
                                                                             cz + mw / 2 - 0.015), screen)
            scene.add_box((back + 0.25, top, cz - 0.22), (back + 0.4, top + 0.025, cz + 0.22), dark)
    _clutter_on(scene, rng, pool, mats, rect, top, rng.integers(1, 5))


def _person(scene: Scene, rng, pool, mats, rect) -> None:
    """A standing person from cylinders: legs, torso, arms, head (people fill real indoor photos)."""
    x0, z0, x1, z1 = rect
    cx, cz = (x0 + x1) / 2, (z0 + z1) / 2
    tall = rng.uniform(1.5, 1.9)
    hip, shoulder = tall * 0.5, tall * 0.82
    trousers = _material(rng, pool, mats, photo_bias=0.3, tile=(0.2, 0.5), kinds=("paint", "carpet"))
    shirt = _material(rng, pool, mats, photo_bias=0.5, tile=(0.2, 0.5), kinds=("paint", "carpet"))
    skin = len(mats)
    tone = rng.uniform(0.35, 0.95)
    mats.append(Material(int(rng.integers(pool.procedural)), 1.0, np.array([tone, tone * 0.8, tone * 0.65],
                                                                            np.float32)))
    facing = rng.uniform(0, 2 * np.pi)
    side = np.array([np.cos(facing), np.sin(facing)]) * 0.1
    for sign in (-1, 1):
        scene.add_cylinder(cx + sign * side[0], cz + sign * side[1], 0.07, 0, hip, trousers)
        scene.add_cylinder(cx + sign * 2.3 * side[0], cz + sign * 2.3 * side[1], 0.045, hip * 0.95, shoulder, shirt)
    scene.add_cylinder(cx, cz, rng.uniform(0.15, 0.19), hip, shoulder, shirt)
    scene.add_cylinder(cx, cz, 0.055, shoulder, shoulder + 0.06, skin)
    scene.add_cylinder(cx, cz, 0.095, shoulder + 0.06, tall, skin)


def _clutter_on(scene: Scene, rng, pool, mats, rect, y: float, count: int, big: bool = False) -> None:
    """Small boxes and cylinders standing on a surface at height ``y`` inside ``rect``."""
    x0, z0, x1, z1 = rect
    for _ in range(count):
        s = rng.uniform(0.1, 0.5 if big else 0.25)
        height = rng.uniform(0.05, 0.6 if big else 0.35)
        cx, cz = rng.uniform(x0 + s / 2, max(x0 + s / 2 + 1e-3, x1 - s / 2)), rng.uniform(z0 + s / 2, max(z0 + s / 2 + 1e-3, z1 - s / 2))
        mat = _material(rng, pool, mats, photo_bias=0.7, tile=(0.2, 0.6))
        if rng.random() < 0.5:
            scene.add_box((cx - s / 2, y, cz - s / 2), (cx + s / 2, y + height, cz + s / 2), mat)
        else:
            scene.add_cylinder(cx, cz, s / 2, y, y + height, mat)


def _wall_panel(scene: Scene, rng, pool, mats, w, d, h) -> None:
    """A picture, board or radiator: a thin box on a wall."""
    pw, ph = rng.uniform(0.3, 1.4), rng.uniform(0.3, 1.0)
    y0 = rng.uniform(0.2, max(0.25, h - ph - 0.3))
    mat = _material(rng, pool, mats, photo_bias=0.9, tile=(0.5, 1.5))
    side = rng.integers(4)
    depth = rng.uniform(0.02, 0.1)
    if side < 2:
        x = 0.0 if side == 0 else w - depth
        z = rng.uniform(0, max(0.01, d - pw))
        scene.add_box((x, y0, z), (x + depth, y0 + ph, z + pw), mat)
    else:
        z = 0.0 if side == 2 else d - depth
        x = rng.uniform(0, max(0.01, w - pw))
        scene.add_box((x, y0, z), (x + pw, y0 + ph, z + depth), mat)


# --------------------------------------------------------------------------- rendering
@dataclass
class Frame:
    rgb: np.ndarray  # H x W x 3 uint8
    depth: np.ndarray  # H x W float32 metres, 0 = no reading
    intrinsics: dict


def random_camera(rng: np.random.Generator, room: Room, width: int = 320, height: int = 240) -> Camera:
    """Human or tripod height, looking across the room with some pitch and roll; Kinect- or phone-like lens."""
    lo_x, lo_z, hi_x, hi_z = room.free
    for _ in range(50):
        x, z = rng.uniform(lo_x + 0.3, hi_x - 0.3), rng.uniform(lo_z + 0.3, hi_z - 0.3)
        if not any(_overlap((x, z, x, z), f, 0.3) for f in room.footprints):
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
    ambient = room.ambient * (1 + room.sky * normal[..., 1]) * _ambient_occlusion(room.scene, points, normal, h, w)
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


def _ambient_occlusion(scene: Scene, points: np.ndarray, normal: np.ndarray, h: int, w: int, step: int = 4,
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


# --------------------------------------------------------------------------- writing a data set
def write_frame(frame: Frame, out: Path, frame_id: str, quality: int) -> None:
    """The shared layout: rgb/<id>.jpg, depth/<id>.png (uint16 mm), intrinsics/<id>.json."""
    Image.fromarray(frame.rgb).save(out / "rgb" / f"{frame_id}.jpg", quality=quality)
    mm = np.clip(np.round(frame.depth * 1000), 0, 65535).astype(np.uint16)
    Image.fromarray(mm).save(out / "depth" / f"{frame_id}.png")
    (out / "intrinsics" / f"{frame_id}.json").write_text(json.dumps(frame.intrinsics))


def _render_chunk(args) -> int:
    out, start, stop, seed, photo_folders, width, height = args
    out = Path(out)
    pool_rng = np.random.default_rng((seed, start, 0))
    pool = None
    for index in range(start, stop):
        if pool is None or (index - start) % 50 == 0:  # a fresh texture pool every 50 frames
            pool = TexturePool(pool_rng, photo_folders)
        rng = np.random.default_rng((seed, index))
        frame = render_frame(rng, pool, width, height)
        write_frame(frame, out, f"syn_{index:06d}", quality=int(rng.integers(75, 96)))
    return stop - start


def generate(out_dir: str | Path, count: int, seed: int = 0, photo_folders: list[str | Path] = (),
             workers: int | None = None, width: int = 320, height: int = 240, chunk: int = 50) -> Path:
    """Write ``count`` frames to ``out_dir`` with ``workers`` processes; same seed, same frames."""
    out = Path(out_dir)
    for sub in ("rgb", "depth", "intrinsics"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    jobs = [(str(out), s, min(s + chunk, count), seed, [str(p) for p in photo_folders], width, height)
            for s in range(0, count, chunk)]
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for job in jobs:
            _render_chunk(job)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_render_chunk, jobs))
    (out / "SOURCE.md").write_text(
        f"Synthetic rooms from `depth_core.training.synthetic` (seed {seed}, {count} frames, {width}x{height}).\n"
        f"Textures: procedural and random crops of: {', '.join(Path(p).name for p in photo_folders) or 'none'}.\n")
    return out
