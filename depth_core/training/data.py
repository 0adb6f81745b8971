"""Training batches: augmentation applied to image and depth together so they stay aligned."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageEnhance

from ..evaluation.rgbd import RGBDPair


@dataclass(frozen=True)
class Augment:
    """The study's flip and small rotation, plus FastDepth's zoom and colour jitter: one kitchen's frames must pass
    for many more views, and image and depth must move together to stay aligned."""

    flip: bool = True
    max_rotation_deg: float = 5.0
    max_scale: float = 1.5
    colour_jitter: float = 0.4

    def __call__(self, rgb: np.ndarray, depth: np.ndarray, rng: np.random.Generator):
        img, dep = Image.fromarray(rgb), Image.fromarray(depth.astype(np.float32), mode="F")
        if self.flip and rng.random() < 0.5:
            img, dep = img.transpose(Image.FLIP_LEFT_RIGHT), dep.transpose(Image.FLIP_LEFT_RIGHT)
        if self.max_rotation_deg:
            angle = rng.uniform(-self.max_rotation_deg, self.max_rotation_deg)
            img = img.rotate(angle, resample=Image.BILINEAR)
            dep = dep.rotate(angle, resample=Image.NEAREST)  # corners become 0 = invalid
        scale = rng.uniform(1.0, self.max_scale) if self.max_scale > 1 else 1.0
        w, h = img.size
        cw, ch = w / scale, h / scale
        x0, y0 = rng.uniform(0, w - cw), rng.uniform(0, h - ch)
        box = (x0, y0, x0 + cw, y0 + ch)
        if self.colour_jitter:
            j = self.colour_jitter
            for enhancer in (ImageEnhance.Brightness, ImageEnhance.Contrast, ImageEnhance.Color):
                img = enhancer(img).enhance(rng.uniform(1 - j, 1 + j))
        # Zooming in by `scale` makes everything look `scale` times closer (FastDepth's rule).
        return img, dep, box, 1.0 / scale


def resize_pair(img: Image.Image, dep: Image.Image, size: int, box=None) -> tuple[np.ndarray, np.ndarray]:
    """Image bilinear, depth nearest (never blends valid depth with holes)."""
    x = np.asarray(img.resize((size, size), Image.BILINEAR, box=box), dtype=np.float32)
    y = np.asarray(dep.resize((size, size), Image.NEAREST, box=box), dtype=np.float32)
    return x, y


def augment_pair(rgb: np.ndarray, depth: np.ndarray, size: int, augment: Augment | None,
                 rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One (image, depth) pair at the model's size, augmented together; depth rescaled with zoom."""
    if augment is None:
        img, dep, box, k = Image.fromarray(rgb), Image.fromarray(depth, mode="F"), None, 1.0
    else:
        img, dep, box, k = augment(rgb, depth, rng)
    x, y = resize_pair(img, dep, size, box)
    return x, y * k


def load_arrays(pairs: list[RGBDPair]) -> tuple[np.ndarray, np.ndarray]:
    """Decode every pair once: the training pool fits in memory (1000 frames ~ 0.5 GB)."""
    loaded = [p.load() for p in pairs]
    return np.stack([r for r, _ in loaded]), np.stack([d for _, d in loaded])


def make_batches(rgb: np.ndarray, depth: np.ndarray, batch_size: int, size: int,
                 augment: Augment | None, seed: int, shuffle: bool):
    """A keras.utils.PyDataset yielding (N x size x size x 3, N x size x size x 1) float32."""
    return mixed_batches([(rgb, depth)], [1.0], batch_size, size, augment, seed, shuffle)


def mixed_batches(sources: list[tuple[np.ndarray, np.ndarray]], fractions: list[float], batch_size: int,
                  size: int, augment: Augment | None, seed: int, shuffle: bool, steps: int | None = None):
    """Batches drawn from several (rgb, depth) sources, each filling its ``fractions`` share of every batch.

    One source without ``steps`` walks through it once per epoch (the held-out set in order);
    several sources draw each batch's share at random, ``steps`` batches an epoch (default: as many
    as the largest source needs), so a small real set and a large synthetic one keep their shares.
    """
    import keras

    counts = _shares(fractions, batch_size)
    sources = [s for s, c in zip(sources, counts) if c]
    counts = [c for c in counts if c]
    single = len(sources) == 1
    length = steps or math.ceil(max(len(s[0]) / c for s, c in zip(sources, counts)))

    class Batches(keras.utils.PyDataset):
        def __init__(self):
            super().__init__()
            self.epoch = 0

        def __len__(self):
            return length

        def on_epoch_end(self):
            self.epoch += 1

        def __getitem__(self, index):
            rng = np.random.default_rng((seed, self.epoch, index))
            pairs = []
            for (rgb, depth), count in zip(sources, counts):
                if single and not steps:
                    order = (np.random.default_rng((seed, self.epoch)).permutation(len(rgb)) if shuffle
                             else np.arange(len(rgb)))
                    idx = order[index * count:(index + 1) * count]
                else:
                    idx = rng.integers(0, len(rgb), count)
                pairs += [augment_pair(rgb[i], depth[i], size, augment, rng) for i in idx]
            return np.stack([x for x, _ in pairs]), np.stack([y for _, y in pairs])[..., None]

    return Batches()


def _shares(fractions: list[float], batch_size: int) -> list[int]:
    """Whole images per source per batch, summing to ``batch_size``."""
    total = sum(fractions)
    counts = [int(round(batch_size * f / total)) for f in fractions]
    counts[int(np.argmax(fractions))] += batch_size - sum(counts)
    return counts


def stream_batches(source, batch_size: int, size: int, augment: Augment | None, seed: int):
    """An endless ``tf.data.Dataset`` of batches from a streamed source (``source.stream(seed=...)``).

    tf.data (not a Python generator) so that ``tf.distribute`` strategies can split the batches.
    """
    import tensorflow as tf

    def batches():
        for epoch in range(1 << 30):  # each pass re-shuffles the stream with a new seed
            rng = np.random.default_rng((seed, epoch))
            xs, ys = [], []
            for rgb, depth in source.stream(seed=seed + epoch):
                x, y = augment_pair(rgb, depth, size, augment, rng)
                xs.append(x)
                ys.append(y[..., None])
                if len(xs) == batch_size:
                    yield np.stack(xs), np.stack(ys)
                    xs, ys = [], []

    signature = (tf.TensorSpec((batch_size, size, size, 3), tf.float32),
                 tf.TensorSpec((batch_size, size, size, 1), tf.float32))
    return tf.data.Dataset.from_generator(batches, output_signature=signature).prefetch(2)
