"""Check a prediction against a user's own ground truth, with the evaluation command's metrics.

Ground truth comes as a 16-bit PNG in millimetres (the RGB-D folders' format) or a ``.npy`` of metres, read
without pickle so an uploaded file can never run code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ..errors import DepthCoreError, InvalidImageError
from ..inference.colormap import colorize_unit
from ..inference.images import METADATA_LIMIT, check_size, is_metadata_bomb
from ..inference.processing import resize_depth
from .evaluate import TABLE_METRICS, image_scores, skill_over_priors
from .metrics import valid_mask
from .rgbd import read_depth_png

ERROR_CAP = 0.5  # the error map's colour scale: relative error 0 .. 50 % and more


def load_ground_truth(path: str | Path) -> np.ndarray:
    """H x W float32 metres (0 = no measurement) from a 16-bit PNG (mm) or a float ``.npy`` (m)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".npy":
            depth = np.load(path, mmap_mode="r", allow_pickle=False)  # the header first: its size is checked
            if depth.dtype.kind not in "fiu":
                raise DepthCoreError(f"{path.name}: a depth .npy holds numbers, not {depth.dtype}.")
            if depth.squeeze().ndim != 2:
                raise DepthCoreError(f"{path.name}: ground truth must be one H x W depth map, not an array of "
                                     f"shape {depth.shape}.")
            check_size(depth.shape[-1], depth.shape[-2])
            depth = np.asarray(depth, np.float32).squeeze()
        elif suffix == ".png":
            with Image.open(path) as image:
                if image.mode not in {"I;16", "I;16B", "I;16L", "I"}:
                    raise DepthCoreError(f"{path.name}: a depth PNG must be 16-bit greyscale in millimetres, "
                                         f"not {image.mode}.")
                check_size(*image.size)
            depth = read_depth_png(path)
        else:
            raise DepthCoreError(f"{path.name}: ground truth must be a 16-bit PNG in mm or a .npy in metres.")
    except InvalidImageError as err:  # too small or too large
        raise DepthCoreError(f"{path.name}: {err}") from None
    except Image.DecompressionBombError:  # PIL's own limit trips before ours can look
        raise DepthCoreError(f"{path.name} is too large to be a photo's depth.") from None
    except (ValueError, OSError) as err:  # pickled, damaged or not really that format
        if is_metadata_bomb(err):
            raise DepthCoreError(f"{path.name}: {METADATA_LIMIT}") from None
        reason = str(err).replace(str(path), path.name)  # the server's folders are no one's business
        raise DepthCoreError(f"{path.name} could not be read as depth ({reason}).") from None
    return np.nan_to_num(depth, nan=0.0, posinf=0.0, neginf=0.0)


def match_size(pred: np.ndarray, gt: np.ndarray) -> np.ndarray:
    """The prediction at the ground truth's size (many sensors' depth is smaller than their photo); the
    shapes must agree, so a depth map of another photo is not silently stretched."""
    (ph, pw), (gh, gw) = pred.shape, gt.shape
    if abs(pw / ph - gw / gh) > 0.01 * (pw / ph):
        raise DepthCoreError(f"The ground truth is {gw}x{gh} but the photo is {pw}x{ph}: not the same view.")
    return resize_depth(pred, gw, gh)


@dataclass
class Check:
    metric: dict[str, float]  # as predicted
    median_scaled: dict[str, float]  # scale-free: the prediction times median(gt) / median(pred)
    valid_fraction: float
    priors: dict[str, dict[str, float]]  # trivial priors' median-scaled metrics on the same pixels

    @property
    def skill(self) -> dict[str, float]:
        """δ1 and AbsRel against the better prior, as the evaluation command defines it (positive: better)."""
        return skill_over_priors(self.median_scaled, self.priors)

    def rows(self, label: str, metrics: tuple[str, ...] = TABLE_METRICS) -> list[list]:
        """Table rows as the evaluation command prints them: one per scaling mode."""
        return [[label, mode] + [round(values[m], 3) for m in metrics]
                for mode, values in (("metric", self.metric), ("median", self.median_scaled))]

    def prior_rows(self, metrics: tuple[str, ...] = TABLE_METRICS) -> list[list]:
        """What a trivial guess scores on this ground truth (median-scaled), the bar a model must clear."""
        return [[f"{name} prior", "median"] + [round(values[m], 3) for m in metrics]
                for name, values in self.priors.items()]


def check(pred: np.ndarray, gt: np.ndarray, min_depth: float = 0.1, max_depth: float = 10.0) -> Check:
    """The evaluation's metrics (``compute_metrics`` with its defaults), both scalings, and the trivial priors'
    on the same pixels, for one image."""
    pred = match_size(pred, gt)
    try:
        metric, scaled, priors = image_scores(pred, gt, min_depth, max_depth)
    except ValueError as err:
        raise DepthCoreError(f"The ground truth cannot be used: {err}.") from None
    return Check(metric, scaled, float(valid_mask(gt, min_depth, max_depth).mean()), priors)


def error_map(pred: np.ndarray, gt: np.ndarray, scale: float = 1.0, cmap: str = "magma",
              min_depth: float = 0.1, max_depth: float = 10.0) -> Image.Image:
    """Relative error |scale * pred - gt| / gt per pixel at the ground truth's size, 0 dark to ``ERROR_CAP``
    bright; pixels without ground truth are mid grey."""
    pred = match_size(pred, gt)
    mask = valid_mask(gt, min_depth, max_depth)
    error = np.zeros_like(gt, dtype=np.float32)
    np.divide(np.abs(np.clip(pred * scale, min_depth, max_depth) - gt), gt, out=error, where=mask)
    image = np.asarray(colorize_unit(error / ERROR_CAP, cmap)).copy()
    image[~mask] = 128
    return Image.fromarray(image)
