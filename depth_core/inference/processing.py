"""Pre- and post-processing around the network: resize in; back out bilinear or guided by the photo."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
from PIL import Image

from .runtime import get_session


def to_model_input(image: Image.Image, size: int) -> np.ndarray:
    """RGB image -> 1 x size x size x 3 float32 in 0..255 (normalisation lives inside the model)."""
    resized = image.resize((size, size), Image.BILINEAR, reducing_gap=3.0)
    return np.asarray(resized, dtype=np.float32)[None]


def resize_depth(depth: np.ndarray, width: int, height: int) -> np.ndarray:
    """Model-sized depth (metres) back to the photo's size, bilinear."""
    depth = np.asarray(depth, dtype=np.float32).squeeze()
    if depth.shape == (height, width):
        return depth
    return np.asarray(Image.fromarray(depth, mode="F").resize((width, height), Image.BILINEAR))


REFINER_FILE = Path(str(resources.files("depth_core") / "bundled" / "refine.onnx"))  # built by training.export


def _box(x: np.ndarray, r: int) -> np.ndarray:
    """Mean over (2r+1)^2 windows of each trailing H x W plane, edges clamped: running sums along rows, then along
    columns (cost independent of r, and short enough sums for float32; one call for a whole stack)."""
    k = 2 * r + 1
    padded = np.pad(x, [(0, 0)] * (x.ndim - 2) + [(r + 1, r + 1)] * 2, mode="edge")
    sums = padded.cumsum(-1, dtype=np.float32)
    sums = (sums[..., k:] - sums[..., :-k]).cumsum(-2)
    window = sums[..., k:, :] - sums[..., :-k, :]
    return window[..., : x.shape[-2], : x.shape[-1]] * np.float32(1 / (k * k))


def guided_upsample(depth: np.ndarray, guide_small: np.ndarray, guide: Image.Image, width: int, height: int,
                    radius: int = 2, eps: float = 1e-3, threads: int | None = None) -> np.ndarray:
    """Depth at the network's resolution -> the photo's, with edges that follow the photo.

    Fast guided filter (He & Sun, 2015): a local linear model d = a * I + b is fitted at the
    network's resolution against the grey photo I (``guide_small``, 0..1, the size of ``depth``);
    only a and b are upsampled and applied to the grey ``guide`` at ``width`` x ``height``. Depth is divided by its
    median first, so ``eps`` (how strong an edge must be to be kept) does not depend on the scene's scale.
    The full-resolution step (bilinear upsampling of a, b and the grey photo, a * I + b) is a small ONNX graph
    (``training.export.refiner_graph``), one call instead of three PIL resizes and numpy passes.
    """
    p = np.asarray(depth, np.float32).squeeze()
    scale = float(np.median(p)) or 1.0
    p = p / scale
    i = guide_small
    mean_i, mean_p, mean_ii, mean_ip = _box(np.stack([i, p, i * i, i * p]), radius)
    a = (mean_ip - mean_i * mean_p) / (mean_ii - mean_i * mean_i + eps)
    b = mean_p - a * mean_i
    coefficients = _box(np.stack([a, b]), radius)
    coefficients *= np.array([scale / 255.0, scale], np.float32)[:, None, None]  # for I in 0..255, depth in metres
    session = get_session(REFINER_FILE, threads, spinning=False)  # idle threads must not slow the network's
    feeds = {"coefficients": coefficients[None], "luma": np.asarray(guide.convert("L")),  # any size: draft JPEGs
             "sizes": np.array([1, 2, height, width], np.int64)}
    return session.run(None, feeds)[0]


def grey(batch_image: np.ndarray) -> np.ndarray:
    """An H x W x 3 float image in 0..255 -> grey in 0..1 (ITU-R 601 luma, as PIL's "L")."""
    return batch_image @ np.array([0.299, 0.587, 0.114], np.float32) / 255.0
