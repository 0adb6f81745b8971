"""Standard monocular-depth metrics (Eigen et al. protocol), numpy only."""
from __future__ import annotations

import numpy as np


def valid_mask(gt: np.ndarray, min_depth: float = 0.1, max_depth: float = 10.0,
               crop: tuple[int, int, int, int] | None = None) -> np.ndarray:
    """Pixels with ground truth inside (min_depth, max_depth), optionally inside crop=(top, bottom, left, right)."""
    mask = np.isfinite(gt) & (gt > min_depth) & (gt < max_depth)
    if crop is not None:
        top, bottom, left, right = crop
        window = np.zeros_like(mask)
        window[top:bottom, left:right] = True
        mask &= window
    return mask


def compute_metrics(pred: np.ndarray, gt: np.ndarray, min_depth: float = 0.1, max_depth: float = 10.0,
                    crop: tuple[int, int, int, int] | None = None, median_scaling: bool = False) -> dict[str, float]:
    """Metrics of one image. Predictions are clipped to the depth range, as in the standard protocol.

    ``median_scaling`` multiplies the prediction by median(gt)/median(pred) first, which
    measures the shape of the depth map independently of its absolute scale.
    """
    if pred.shape != gt.shape:
        raise ValueError(f"prediction {pred.shape} and ground truth {gt.shape} differ in shape")
    mask = valid_mask(gt, min_depth, max_depth, crop)
    if not mask.any():
        raise ValueError(f"no valid ground-truth pixel in ({min_depth}, {max_depth}) m")
    g = gt[mask].astype(np.float64)
    p = pred[mask].astype(np.float64)
    if median_scaling:
        p = p * (np.median(g) / max(np.median(p), 1e-12))
    p = np.clip(p, min_depth, max_depth)
    ratio = np.maximum(g / p, p / g)
    err = g - p
    return {
        "abs_rel": float(np.mean(np.abs(err) / g)),
        "sq_rel": float(np.mean(err**2 / g)),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "rmse_log": float(np.sqrt(np.mean((np.log(g) - np.log(p)) ** 2))),
        "log10": float(np.mean(np.abs(np.log10(g) - np.log10(p)))),
        "delta1": float(np.mean(ratio < 1.25)),
        "delta2": float(np.mean(ratio < 1.25**2)),
        "delta3": float(np.mean(ratio < 1.25**3)),
        "mse": float(np.mean(err**2)),
        "scale": float(np.median(p) / np.median(g)),  # as predicted: below 1 reads depth short (1 when median-scaled)
    }


def mean_metrics(per_image: list[dict[str, float]]) -> dict[str, float]:
    """Mean over images (each image weighs the same, whatever its count of valid pixels)."""
    if not per_image:
        raise ValueError("no images to average")
    return {name: float(np.mean([m[name] for m in per_image])) for name in per_image[0]}
