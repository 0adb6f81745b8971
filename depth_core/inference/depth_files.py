"""Depth maps to files people use: 16-bit PNG in millimetres, .npy in metres, PLY point clouds."""
from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
from PIL import Image


def depth_to_png16(depth: np.ndarray) -> Image.Image:
    """Metres -> uint16 millimetres (0 = invalid), the format of most RGB-D datasets."""
    mm = np.clip(np.nan_to_num(depth, nan=0.0) * 1000.0 + 0.5, 0, 65535).astype(np.uint16)
    return Image.fromarray(mm)


def save_depth(depth: np.ndarray, path: str | Path) -> Path:
    """Write by extension: ``.png`` (16-bit mm) or ``.npy`` (float32 m)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".png":
        depth_to_png16(depth).save(path)
    elif path.suffix.lower() == ".npy":
        np.save(path, depth.astype(np.float32))
    else:
        raise ValueError(f"unsupported depth format {path.suffix!r}: use .png or .npy")
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
    """Back-project with a pinhole camera: (N x 3 float32 points in metres, N x 3 uint8 colours)."""
    grid = back_project(depth, fx, fy, cx, cy, stride)
    valid = grid[..., 2] > 0
    return grid[valid], rgb[::stride, ::stride][valid].astype(np.uint8)


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
    """The photo's colours at the depth's 3D points as a binary PLY in metres (at most MAX_PLY_POINTS)."""
    stride = max(1, math.ceil(math.sqrt(depth.size / MAX_PLY_POINTS)))
    points, colours = point_cloud(depth, np.asarray(photo.convert("RGB")), fx, fy, cx, cy, stride)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ply_bytes(points, colours))
    return path
