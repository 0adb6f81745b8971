"""Training batches: augmentation applied to image and depth together so they stay aligned."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

from ..evaluation.rgbd import RGBDPair


@dataclass(frozen=True)
class Augment:
    """The study's flip and small rotation, plus FastDepth's scale and colour jitter, and optionally a camera's blur
    and sensor noise (off by default): rendered rooms are sharper and cleaner than any photo. ``max_shading`` lays a
    smooth random light field over the photo (off by default), so that how bright a region is says less about how
    far it is, as the shipped models read dark chairs as far; measured, it costs the rendered rooms and leaves the real
    office level (docs/experiments/history.md, "A light field on every photo"). ``max_colour_mix`` mixes the colour channels at
    random (off by default): a crude style randomisation, so that hue and white balance say less about which source
    a photo came from; measured, level with no mix (docs/experiments/history.md, "A random colour mix"). ``max_flat_patch``
    paints a random rectangle one flat colour (off by default; random erasing, the depth kept), as the shipped models
    read plain walls and panels far: the network must take a plain region's depth from around it; measured, lower on
    both sets (docs/experiments/history.md, "A flat patch on every photo"). ``cut_depth`` is the chance of CutDepth (Ishii and
    Yamashita, 2021; off by default): a random rectangle of the photo replaced by its true depth as grey levels."""

    flip: bool = True
    max_rotation_deg: float = 5.0
    max_scale: float = 1.5
    colour_jitter: float = 0.4
    max_blur: float = 0.0  # Gaussian blur radius in pixels of the stored frame, drawn from 0..max_blur
    max_noise: float = 0.0  # std of Gaussian noise on 0..255 values, drawn from 0..max_noise
    max_shading: float = 0.0  # std of the light field's natural log, drawn from 0..max_shading
    max_colour_mix: float = 0.0  # weight of a random channel mix, drawn from 0..max_colour_mix (1: all mix)
    max_flat_patch: float = 0.0  # share of the frame painted one flat colour, drawn from 0..max_flat_patch
    cut_depth: float = 0.0  # chance that a rectangle of the photo shows its depth instead (_cut_depth)
    zoom_moves_camera: bool = True  # a zoom by s divides depth by s (FastDepth); False: depth kept (a longer lens)

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
        if self.max_shading:
            img = _shaded(img, rng.uniform(0, self.max_shading), rng)
        if self.max_colour_mix:
            img = _colour_mixed(img, rng.uniform(0, self.max_colour_mix), rng)
        if self.max_flat_patch:
            img = _flat_patched(img, rng.uniform(0, self.max_flat_patch), rng)
        if self.cut_depth and rng.random() < self.cut_depth:
            img = _cut_depth(img, np.asarray(dep, np.float32), rng)
        if self.max_blur:
            img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0, self.max_blur)))
        if self.max_noise:
            noisy = np.asarray(img, np.float32) + rng.normal(0, rng.uniform(0, self.max_noise), (h, w, 3))
            img = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))
        # Zooming in by `scale` makes everything look `scale` times closer (FastDepth's rule). Un-zoomed photos then
        # look farther than the average training view, so the network learns depth biased short; a crop is really a
        # longer lens, which leaves depth as it is.
        return img, dep, box, 1.0 / scale if self.zoom_moves_camera else 1.0


def _shaded(img: Image.Image, log_std: float, rng: np.random.Generator, cells: int = 4) -> Image.Image:
    """``img`` times a light field that varies smoothly over the frame: a ``cells`` x ``cells`` grid of random log
    gains, upsampled bicubic, centred so the frame's overall brightness is the colour jitter's to set."""
    grid = Image.fromarray(rng.normal(0, 1, (cells, cells)).astype(np.float32), mode="F")
    field = np.asarray(grid.resize(img.size, Image.BICUBIC), np.float32)
    field = (field - field.mean()) / max(float(field.std()), 1e-6) * log_std
    lit = np.asarray(img, np.float32) * np.exp(field)[..., None]
    return Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8))


def _colour_mixed(img: Image.Image, weight: float, rng: np.random.Generator) -> Image.Image:
    """``img`` with each channel replaced by ``weight`` of a random mix of all three (rows summing to 1, so greys stay
    grey) and ``1 - weight`` of itself: hues and white balance change, brightness and geometry do not."""
    mix = (1 - weight) * np.eye(3) + weight * rng.dirichlet(np.ones(3), size=3)
    mixed = np.asarray(img, np.float32) @ mix.T.astype(np.float32)
    return Image.fromarray(np.clip(mixed, 0, 255).astype(np.uint8))


def _flat_patched(img: Image.Image, area: float, rng: np.random.Generator) -> Image.Image:
    """``img`` with a random rectangle of ``area`` (share of the frame; aspect 1:3 to 3:1) painted its own mean colour,
    depth untouched: a plain surface whose depth only its surroundings can tell."""
    w, h = img.size
    aspect = np.exp(rng.uniform(-np.log(3), np.log(3)))
    pw, ph = min(w, round(np.sqrt(area * w * h * aspect))), min(h, round(np.sqrt(area * w * h / aspect)))
    if pw < 1 or ph < 1:
        return img
    x0, y0 = int(rng.integers(0, w - pw + 1)), int(rng.integers(0, h - ph + 1))
    out = np.asarray(img).copy()
    patch = out[y0:y0 + ph, x0:x0 + pw]
    patch[:] = patch.reshape(-1, 3).mean(0).round().astype(np.uint8)
    return Image.fromarray(out)


CUT_DEPTH_RANGE_M = 10.0  # depth shown as grey: 0 m black, this far or farther white
CUT_DEPTH_EXTENT = 0.75  # the rectangle's sides reach at most this share of the way to the frame's far edges


def _cut_depth(img: Image.Image, depth: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """CutDepth: a rectangle (corner anywhere, sides up to ``CUT_DEPTH_EXTENT`` of the room left to the far edges)
    painted with the true depth as grey levels, so the network sees, on part of some frames, the answer's own shape
    in place of the photo's texture; the paper reports sharper far regions on small training sets."""
    w, h = img.size
    x0, y0 = int(rng.uniform(0, w)), int(rng.uniform(0, h))
    pw = max(1, int((w - x0) * rng.uniform(0, 1) * CUT_DEPTH_EXTENT))
    ph = max(1, int((h - y0) * rng.uniform(0, 1) * CUT_DEPTH_EXTENT))
    out = np.asarray(img).copy()
    grey = np.clip(depth[y0:y0 + ph, x0:x0 + pw] / CUT_DEPTH_RANGE_M * 255, 0, 255).round().astype(np.uint8)
    out[y0:y0 + ph, x0:x0 + pw] = grey[..., None]
    return Image.fromarray(out)


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
                 augment: Augment | None, seed: int, shuffle: bool, lambdas: np.ndarray | None = None):
    """A keras.utils.PyDataset yielding (N x size x size x 3, N x size x size x 1) float32 (x 2 with ``lambdas``,
    each frame's SILog lambda: see ``mixed_batches``)."""
    source = (rgb, depth) if lambdas is None else (rgb, depth, lambdas)
    return mixed_batches([source], [1.0], batch_size, size, augment, seed, shuffle)


def mixed_batches(sources: list[tuple[np.ndarray, ...]], fractions: list[float], batch_size: int,
                  size: int | tuple[int, ...], augment: Augment | None, seed: int, shuffle: bool,
                  steps: int | None = None):
    """Batches drawn from several (rgb, depth) sources, each filling its ``fractions`` share of every batch.

    One source without ``steps`` walks through it once per epoch (the held-out set in order);
    several sources draw each batch's share at random, ``steps`` batches an epoch (default: as many
    as the largest source needs). A source may carry a third array, each frame's SILog lambda: it
    becomes the depth target's second channel (``losses.depth_loss``), so each source can keep its
    own share of metres in the loss. Several sizes: each batch at one of them, drawn at random, so the network
    learns how a room looks at more than one scale in pixels (multi-size training).
    """
    import keras

    counts = _shares(fractions, batch_size)
    if len({len(s) for s in sources}) > 1:
        raise ValueError("give every source its frames' SILog lambdas, or none")
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
            side = size if isinstance(size, int) else int(rng.choice(size))
            pairs, lambdas = [], []
            for (rgb, depth, *frame_lambdas), count in zip(sources, counts):
                if single and not steps:
                    order = (np.random.default_rng((seed, self.epoch)).permutation(len(rgb)) if shuffle
                             else np.arange(len(rgb)))
                    idx = order[index * count:(index + 1) * count]
                else:
                    idx = rng.integers(0, len(rgb), count)
                pairs += [augment_pair(rgb[i], depth[i], side, augment, rng) for i in idx]
                lambdas += [frame_lambdas[0][i] for i in idx] if frame_lambdas else []
            x, y = np.stack([x for x, _ in pairs]), np.stack([y for _, y in pairs])[..., None]
            if lambdas:
                y = np.concatenate([y, np.broadcast_to(np.float32(lambdas)[:, None, None, None], y.shape)], axis=-1)
            return x, y

    return Batches()


def _shares(fractions: list[float], batch_size: int) -> list[int]:
    """Whole images per source per batch, summing to ``batch_size``."""
    total = sum(fractions)
    counts = [int(round(batch_size * f / total)) for f in fractions]
    counts[int(np.argmax(fractions))] += batch_size - sum(counts)
    return counts


def any_size_batches(batches):
    """``batches`` (``mixed_batches`` at several sizes) as an endless ``tf.data.Dataset`` whose spec leaves the size
    open: Keras reads a PyDataset's spec from its first two batches, and two of one size would fix it."""
    import itertools

    import tensorflow as tf

    def endless():
        for epoch in itertools.count():  # the epochs as Keras would count them (steps per epoch = len(batches))
            batches.epoch = epoch
            for index in range(len(batches)):
                yield batches[index]

    x, y = batches[0]
    signature = (tf.TensorSpec((None, None, None, x.shape[-1]), tf.float32),
                 tf.TensorSpec((None, None, None, y.shape[-1]), tf.float32))
    return tf.data.Dataset.from_generator(endless, output_signature=signature).prefetch(2)


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
