"""Surface textures: procedural wood, tiles, carpet, brick, plaster and paint, and crops of photos, sampled in
metres, so that a plain surface does not mean a far one."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

TEXTURE_SIZE = 256
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png"}


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
