"""Pre- and post-processing around the network: resize in; back out bilinear or guided by the photo."""
from __future__ import annotations

import numpy as np
from PIL import Image


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


def _box(x: np.ndarray, r: int) -> np.ndarray:
    """Mean over (2r+1)^2 windows, edges clamped (summed-area table: cost independent of r)."""
    padded = np.pad(x, r + 1, mode="edge").astype(np.float64)
    s = padded.cumsum(0).cumsum(1)
    k = 2 * r + 1
    window = s[k:, k:] - s[:-k, k:] - s[k:, :-k] + s[:-k, :-k]
    return (window[: x.shape[0], : x.shape[1]] / (k * k)).astype(np.float32)


def guided_upsample(depth: np.ndarray, guide_small: np.ndarray, guide: Image.Image, width: int, height: int,
                    radius: int = 2, eps: float = 1e-3) -> np.ndarray:
    """Depth at the network's resolution -> the photo's, with edges that follow the photo.

    Fast guided filter (He & Sun, 2015): a local linear model d = a * I + b is fitted at the
    network's resolution against the grey photo I (``guide_small``, 0..1, the size of ``depth``);
    only a and b are upsampled and applied to the grey ``guide`` at ``width`` x ``height``. Depth is divided by its
    median first, so ``eps`` (how strong an edge must be to be kept) does not depend on the scene's scale.
    """
    p = np.asarray(depth, np.float32).squeeze()
    scale = float(np.median(p)) or 1.0
    p = p / scale
    i = guide_small
    mean_i, mean_p = _box(i, radius), _box(p, radius)
    var_i = _box(i * i, radius) - mean_i * mean_i
    a = (_box(i * p, radius) - mean_i * mean_p) / (var_i + eps)
    b = mean_p - a * mean_i
    a_up, b_up = (np.asarray(Image.fromarray(_box(c, radius), mode="F").resize((width, height), Image.BILINEAR))
                  for c in (a, b))
    luma = guide.convert("L")
    if luma.size != (width, height):  # a JPEG decoded at reduced size (draft mode)
        luma = luma.resize((width, height), Image.BILINEAR)
    full = np.asarray(luma, np.float32)
    out = a_up * full
    out *= scale / 255.0
    out += b_up * scale
    return np.maximum(out, 1e-3, out=out)


def grey(batch_image: np.ndarray) -> np.ndarray:
    """An H x W x 3 float image in 0..255 -> grey in 0..1 (ITU-R 601 luma, as PIL's "L")."""
    return batch_image @ np.array([0.299, 0.587, 0.114], np.float32) / 255.0
