"""Pre- and post-processing around the network: resize in, resize back out."""
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
