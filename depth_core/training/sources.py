"""Where training pairs come from: a local folder in the shared layout, or a Hub dataset streamed.

Both yield (H x W x 3 uint8 RGB, H x W float32 metres with 0 = invalid), so the augmentation and
batching code never knows which one it is reading.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class HubDataset:
    """An RGB-D dataset readable by ``datasets.load_dataset`` (a Hub id, or a local folder of Parquet files).

    ``depth_scale`` converts the stored depth to metres: 1.0 for metres, 0.001 for millimetres.
    """

    dataset_id: str
    split: str = "train"
    image_column: str = "image"
    depth_column: str = "depth"
    depth_scale: float = 1.0
    val_split: str | None = None  # held-out split for early stopping (default: the first rows of `split`)
    shuffle_buffer: int = 256

    def stream(self, seed: int = 0, limit: int | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Stream pairs without downloading the whole set (``streaming=True``), shuffled through a buffer."""
        import datasets

        ds = datasets.load_dataset(self.dataset_id, split=self.split, streaming=True)
        if self.shuffle_buffer:
            ds = ds.shuffle(seed=seed, buffer_size=self.shuffle_buffer)
        if limit:
            ds = ds.take(limit)
        for row in ds:
            yield _rgb(row[self.image_column]), _depth(row[self.depth_column], self.depth_scale)


def _rgb(value) -> np.ndarray:
    image = value if isinstance(value, Image.Image) else Image.fromarray(np.asarray(value, dtype=np.uint8))
    return np.asarray(image.convert("RGB"))


def _depth(value, scale: float) -> np.ndarray:
    array = np.asarray(value, dtype=np.float32)
    if array.ndim == 3:  # H x W x 1
        array = array[..., 0]
    depth = array * scale
    depth[~np.isfinite(depth) | (depth < 0)] = 0.0
    return depth
