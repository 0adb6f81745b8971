"""Random furnished rooms: box or L-shaped shells with doors and windows, furniture, people and clutter."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .raycast import Scene
from .textures import PROCEDURAL_KINDS, TexturePool


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
        if rect[2] <= w and rect[3] <= d and not any(overlap(rect, f, 0.1) for f in footprints):
            footprints.append(rect)
            return rect
    return None


def overlap(a, b, margin: float) -> bool:
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
