"""Depth maps to files people use: 16-bit PNG in millimetres, .npy in metres, PLY point clouds."""
from __future__ import annotations

import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image


ROWS_PER_PASS = 512  # rows converted at a time: a 49 MP map's temporaries stay ~16 MB, not a second 196 MB map


@contextmanager
def removed_on_failure(path: str | Path) -> Iterator[Path]:
    """Yield ``path`` to write; if writing fails (a full disk, a file-size limit), the partial file is deleted, so a
    failed write leaves the disk as it found it and later requests still have room."""
    path = Path(path)
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def depth_to_png16(depth: np.ndarray) -> Image.Image:
    """Metres -> uint16 millimetres (0 = invalid), the format of most RGB-D datasets; a few hundred rows at a time."""
    mm = np.empty(depth.shape, np.uint16)
    for top in range(0, depth.shape[0], ROWS_PER_PASS):
        rows = np.multiply(depth[top:top + ROWS_PER_PASS], 1000.0, dtype=np.float32)
        rows += 0.5
        np.nan_to_num(rows, copy=False, nan=0.0)
        mm[top:top + ROWS_PER_PASS] = np.clip(rows, 0, 65535, out=rows)
    return Image.fromarray(mm)


def save_depth(depth: np.ndarray, path: str | Path) -> Path:
    """Write by extension: ``.png`` (16-bit mm) or ``.npy`` (float32 m); a failed write leaves no partial file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".npy"):
        raise ValueError(f"unsupported depth format {path.suffix!r}: use .png or .npy")
    path.parent.mkdir(parents=True, exist_ok=True)
    with removed_on_failure(path):
        if suffix == ".png":  # zlib's fastest level: 4.6x faster than its default for a 12 MP map, 16 % larger
            depth_to_png16(depth).save(path, compress_level=1)
        else:
            np.save(path, np.asarray(depth, np.float32))  # no copy of a float32 map
    return path


def back_project(depth: np.ndarray, fx: float, fy: float, cx: float, cy: float, stride: int = 1) -> np.ndarray:
    """Pinhole back-projection of every ``stride``-th pixel: an h x w x 3 grid of camera-frame points in metres
    (x right, y down, z forward); pixels with depth 0 land at the origin. The grid keeps neighbours for meshes."""
    depth = np.asarray(depth[::stride, ::stride], np.float32)
    v, u = np.indices(depth.shape, dtype=np.float32)
    u, v = u * stride, v * stride
    return np.stack([(u - cx) * depth / fx, (v - cy) * depth / fy, depth], axis=-1)


def point_cloud(depth: np.ndarray, rgb: np.ndarray, fx: float, fy: float, cx: float, cy: float,
                stride: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Back-project with a pinhole camera: (N x 3 float32 points in metres, N x 3 uint8 colours). ``rgb`` is the
    photo, or already every ``stride``-th pixel of it (so a large photo need not be copied whole)."""
    grid = back_project(depth, fx, fy, cx, cy, stride)
    valid = grid[..., 2] > 0
    if rgb.shape[:2] != grid.shape[:2]:
        rgb = rgb[::stride, ::stride]
    return grid[valid], rgb[valid].astype(np.uint8)


def strided_pixels(photo: Image.Image, stride: int) -> np.ndarray:
    """Every ``stride``-th pixel of every ``stride``-th row as an RGB array, one row at a time: the colours of a
    subsampled point cloud without a full-size copy of a 49 MP photo."""
    if stride == 1:
        return np.asarray(photo.convert("RGB"))
    width, height = photo.size
    return np.stack([np.asarray(photo.crop((0, y, width, y + 1)).convert("RGB"))[0, ::stride]
                     for y in range(0, height, stride)])


def ply_bytes(points: np.ndarray, colours: np.ndarray) -> bytes:
    """A binary little-endian PLY with x, y, z and red, green, blue per vertex."""
    header = ("ply\nformat binary_little_endian 1.0\n"
              f"element vertex {len(points)}\n"
              "property float x\nproperty float y\nproperty float z\n"
              "property uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n").encode()
    vertex = np.empty(len(points), dtype=[("xyz", "<f4", 3), ("rgb", "u1", 3)])
    vertex["xyz"], vertex["rgb"] = points, colours
    buffer = io.BytesIO()
    buffer.write(header)
    buffer.write(vertex.tobytes())
    return buffer.getvalue()


MAX_PLY_POINTS = 1_000_000  # larger photos are subsampled on a regular grid, so a PLY stays under ~15 MB


def save_point_cloud(depth: np.ndarray, photo: Image.Image, fx: float, fy: float, cx: float, cy: float,
                     path: str | Path) -> Path:
    """The photo's colours at the depth's 3D points as a binary PLY in metres (at most MAX_PLY_POINTS); a failed
    write leaves no partial file."""
    stride = max(1, math.ceil(math.sqrt(depth.size / MAX_PLY_POINTS)))
    points, colours = point_cloud(depth, strided_pixels(photo, stride), fx, fy, cx, cy, stride)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with removed_on_failure(path):
        path.write_bytes(ply_bytes(points, colours))
    return path
