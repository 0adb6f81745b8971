"""Pre- and post-processing around the network: resize in; back out bilinear or guided by the photo."""
from __future__ import annotations

import math
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
# Up to this many pixels (any display size) the refinement's last step is one ONNX call; larger outputs (downloads)
# are refined in bands of this many pixels, so a 49 MP depth needs its own array and ~40 MB beside it.
BAND_PIXELS = 2_000_000


def display_size(width: int, height: int, max_pixels: int) -> tuple[int, int]:
    """The photo's size, or that size shrunk (aspect kept) to at most ``max_pixels``: what a screen shows, and
    so all the refinement and colouring a view needs, whatever the camera's resolution."""
    if width * height <= max_pixels:
        return width, height
    scale = math.sqrt(max_pixels / (width * height))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _window_sums(x: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Sums of every ``k`` consecutive elements along ``axis`` by doubling (sums of 1, 2, 4, 8 ... added as k's bits
    say): log2(k) additions of whole arrays, exact in float32, and no sequential running sum."""
    def part(a: np.ndarray, start: int, stop: int | None) -> np.ndarray:
        index = [slice(None)] * a.ndim
        index[axis] = slice(start, stop)
        return a[tuple(index)]

    n_out = x.shape[axis] - k + 1
    out, offset, power, width = None, 0, x, 1
    while k:
        if k & 1:
            piece = part(power, offset, offset + n_out)
            out = piece.copy() if out is None else np.add(out, piece, out=out)
            offset += width
        k >>= 1
        if k:
            power = part(power, 0, power.shape[axis] - width) + part(power, width, None)
            width *= 2
    return out


def _box(x: np.ndarray, r: int) -> np.ndarray:
    """Mean over (2r+1)^2 windows of each trailing H x W plane, edges clamped (one call for a whole stack)."""
    k = 2 * r + 1
    x = np.asarray(x, np.float32)
    rows = np.concatenate([np.repeat(x[..., :1], r, -1), x, np.repeat(x[..., -1:], r, -1)], -1)  # np.pad's "edge",
    sums = _window_sums(rows, k, -1)  # for a third of its time
    sums = np.concatenate([np.repeat(sums[..., :1, :], r, -2), sums, np.repeat(sums[..., -1:, :], r, -2)], -2)
    sums = _window_sums(sums, k, -2)
    sums *= np.float32(1 / (k * k))
    return sums


def guided_coefficients(depth: np.ndarray, guide_small: np.ndarray, radius: int = 2,
                        eps: float = 1e-3) -> np.ndarray:
    """2 x S x S float32: the fast guided filter's (He & Sun, 2015) a and b, fitted at the network's resolution so
    that depth ~ a * luma + b with luma in 0..255 and depth in metres.

    The local linear model d = a * I + b is fitted against the grey photo I (``guide_small``, 0..1, the size of
    ``depth``). Depth is divided by its median first, so ``eps`` (how strong an edge must be to be kept) does not
    depend on the scene's scale. Cheap (S x S); ``apply_coefficients`` brings it to any size.
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
    return coefficients


def apply_coefficients(coefficients: np.ndarray, guide: Image.Image, width: int, height: int,
                       threads: int | None = None) -> np.ndarray:
    """H x W float32 metres (at least 1 mm): a and b upsampled (bilinear, half-pixel centres) and applied to the grey
    ``guide`` at ``width`` x ``height``. The guide may have any size (a draft-decoded JPEG, a display-size copy, the
    full photo): it is resized to the output as PIL's bilinear does (antialiased when shrinking).

    Up to BAND_PIXELS (any display size) this is one call of a small ONNX graph (``training.export.refiner_graph``),
    faster there than PIL's float resizes and the copies out of them. Beyond (a download's full size) it runs band by
    band through PIL: the graph would hold five full-size float planes, 1 GB for 49 MP, where
    bands need the output array and a few MB. A band of a PIL resize with a source box is exactly that band of the
    whole resize, so the bands join without seams; tests hold both ways to the same plain guided filter.
    """
    if width * height <= BAND_PIXELS:
        session = get_session(REFINER_FILE, threads)
        feeds = {"coefficients": np.ascontiguousarray(coefficients, np.float32)[None],
                 "luma": np.asarray(guide.convert("L")), "sizes": np.array([1, 2, height, width], np.int64)}
        return session.run(None, feeds)[0]
    h, w = coefficients.shape[-2:]
    planes = [Image.fromarray(np.ascontiguousarray(c, np.float32), "F") for c in coefficients]
    same_size = guide.size == (width, height)
    luma = None if same_size else Image.fromarray(np.asarray(guide.convert("L"), np.float32), "F")
    out = np.empty((height, width), np.float32)
    rows = max(1, BAND_PIXELS // width)
    for top in range(0, height, rows):
        bottom = min(height, top + rows)
        size = (width, bottom - top)
        a, b = (np.asarray(plane.resize(size, Image.BILINEAR, box=(0, top * h / height, w, bottom * h / height)))
                for plane in planes)
        if same_size:
            grey_band = np.asarray(guide.crop((0, top, width, bottom)).convert("L"), np.float32)
        else:
            gw, gh = guide.size
            grey_band = np.asarray(luma.resize(size, Image.BILINEAR, box=(0, top * gh / height, gw, bottom * gh / height)))
        band = out[top:bottom]
        np.multiply(a, grey_band, out=band)
        band += b
        np.maximum(band, np.float32(1e-3), out=band)
    return out


def guided_upsample(depth: np.ndarray, guide_small: np.ndarray, guide: Image.Image, width: int, height: int,
                    radius: int = 2, eps: float = 1e-3, threads: int | None = None) -> np.ndarray:
    """Depth at the network's resolution -> ``width`` x ``height``, with edges that follow the photo ``guide``:
    ``guided_coefficients`` then ``apply_coefficients``."""
    return apply_coefficients(guided_coefficients(depth, guide_small, radius, eps), guide, width, height, threads)


def grey(batch_image: np.ndarray) -> np.ndarray:
    """An H x W x 3 float image in 0..255 -> grey in 0..1 (ITU-R 601 luma, as PIL's "L")."""
    return batch_image @ np.array([0.299, 0.587, 0.114], np.float32) / 255.0
