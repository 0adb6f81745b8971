"""A depth map as a coloured 3D surface in metres, written as GLB (what Gradio's Model3D and most viewers load).

The mesh is decimated to a small grid so it loads at once in a browser, and torn where neighbouring depths jump
(an object's edge in front of a wall) instead of stretching skin across the gap.
"""
from __future__ import annotations

import json
import math
import struct

import numpy as np
from PIL import Image

from ..inference.camera import Intrinsics
from ..inference.depth_files import back_project

MAX_SIDE = 192  # grid points along the longer side: ~27k vertices for a 4:3 photo, under 1 MB of GLB


def depth_mesh(depth: np.ndarray, rgb: np.ndarray, camera: Intrinsics, max_side: int = MAX_SIDE,
               max_jump: float = 0.25) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(N x 3 float32 points in camera metres, N x 3 uint8 colours, M x 3 uint32 triangles) on a decimated grid.

    Each grid point is the mean of its block of pixels (depth and colour), which also smooths the network's
    pixel noise. A triangle is dropped when a corner is invalid or its corners' depths differ by more than
    ``max_jump`` (relative), which is where the surface is really a silhouette. ``camera`` is in the pixels of
    ``rgb`` (the photo); ``depth`` may be smaller with the same aspect (a display-sized map of a large photo).
    """
    stride = max(1, math.ceil(max(depth.shape) / max_side))
    height, width = depth.shape
    photo_height, photo_width = np.shape(rgb)[:2]  # the camera's pixels; the depth may be display-sized
    size = (max(1, width // stride), max(1, height // stride))
    valid = (depth > 0).astype(np.float32)
    measured = np.where(depth > 0, depth, 0).astype(np.float32)
    block_mean = np.asarray(Image.fromarray(measured, "F").resize(size, Image.BOX))
    block_valid = np.asarray(Image.fromarray(valid, "F").resize(size, Image.BOX))
    small = np.where(block_valid > 0.5, block_mean / np.maximum(block_valid, 1e-6), 0.0)  # mostly measured blocks
    rgb = np.asarray(Image.fromarray(np.asarray(rgb, np.uint8)).resize(size, Image.BOX))
    sx, sy = photo_width / size[0], photo_height / size[1]  # block centres in photo pixels: (i + 0.5) * s - 0.5
    grid = back_project(small, camera.fx / sx, camera.fy / sy, (camera.cx + 0.5) / sx - 0.5,
                        (camera.cy + 0.5) / sy - 0.5)
    h, w = grid.shape[:2]
    z = grid[..., 2]
    index = np.arange(h * w, dtype=np.uint32).reshape(h, w)
    corners = [index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]]  # a, b, c, d of each cell
    zc = [z.ravel()[c] for c in corners]
    quad_lo, quad_hi = np.minimum.reduce(zc), np.maximum.reduce(zc)
    keep = (quad_lo > 0) & (quad_hi <= quad_lo * (1 + max_jump))
    a, b, c, d = (corner[keep] for corner in corners)
    faces = np.concatenate([np.stack([a, c, b], 1), np.stack([b, c, d], 1)]).astype(np.uint32)
    colours = rgb.reshape(-1, 3)
    return grid.reshape(-1, 3).astype(np.float32), colours, faces


def srgb_to_linear(colours: np.ndarray) -> np.ndarray:
    """uint8 sRGB -> float32 linear 0..1 (the sRGB transfer function)."""
    c = np.asarray(colours, np.float32) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _pad4(data: bytes, fill: bytes) -> bytes:
    return data + fill * (-len(data) % 4)


def glb_bytes(points: np.ndarray, colours: np.ndarray, faces: np.ndarray | None = None) -> bytes:
    """Binary glTF 2.0: a triangle mesh (or points without ``faces``) with unlit vertex colours.

    Camera coordinates (y down, z forward) become glTF's (y up, looking down -z), so viewers show the scene
    the right way up, seen from where the photo was taken. glTF vertex colours are linear light, so the photo's
    sRGB colours are converted (viewers otherwise show them washed out).
    """
    positions = np.ascontiguousarray(points * np.array([1, -1, -1], np.float32), dtype="<f4")
    rgb = np.ascontiguousarray(srgb_to_linear(colours), dtype="<f4")
    blobs = [positions.tobytes(), rgb.tobytes()]
    views = [{"buffer": 0, "byteOffset": 0, "byteLength": len(blobs[0]), "target": 34962},
             {"buffer": 0, "byteOffset": len(blobs[0]), "byteLength": len(blobs[1]), "target": 34962}]
    accessors = [
        {"bufferView": 0, "componentType": 5126, "count": len(positions), "type": "VEC3",
         "min": positions.min(0).tolist() if len(positions) else [0, 0, 0],
         "max": positions.max(0).tolist() if len(positions) else [0, 0, 0]},
        {"bufferView": 1, "componentType": 5126, "count": len(rgb), "type": "VEC3"},
    ]
    primitive = {"attributes": {"POSITION": 0, "COLOR_0": 1}, "material": 0, "mode": 0}
    if faces is not None:
        blobs.append(np.ascontiguousarray(faces, dtype="<u4").tobytes())
        views.append({"buffer": 0, "byteOffset": views[-1]["byteOffset"] + len(blobs[1]),
                      "byteLength": len(blobs[2]), "target": 34963})
        accessors.append({"bufferView": 2, "componentType": 5125, "count": int(faces.size), "type": "SCALAR"})
        primitive.update(indices=2, mode=4)
    binary = b"".join(blobs)  # every blob is a multiple of 4 bytes: float32 xyz and rgb, uint32 indices
    gltf = {
        "asset": {"version": "2.0", "generator": "depth_core"},
        "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [primitive]}],
        "materials": [{"pbrMetallicRoughness": {"baseColorFactor": [1, 1, 1, 1], "metallicFactor": 0.0,
                                                "roughnessFactor": 1.0},
                       "doubleSided": True, "extensions": {"KHR_materials_unlit": {}}}],
        "extensionsUsed": ["KHR_materials_unlit"],
        "buffers": [{"byteLength": len(binary)}], "bufferViews": views, "accessors": accessors,
    }
    json_chunk = _pad4(json.dumps(gltf, separators=(",", ":")).encode(), b" ")
    bin_chunk = _pad4(binary, b"\0")
    total = 12 + 8 + len(json_chunk) + 8 + len(bin_chunk)
    return b"".join([struct.pack("<4sII", b"glTF", 2, total),
                     struct.pack("<I4s", len(json_chunk), b"JSON"), json_chunk,
                     struct.pack("<I4s", len(bin_chunk), b"BIN\0"), bin_chunk])
