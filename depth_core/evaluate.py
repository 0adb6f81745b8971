"""Evaluate a model on an RGB-D folder through the same pipeline the app uses."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .datasets import list_pairs, read_depth_png
from .metrics import compute_metrics, mean_metrics
from .pipeline import DepthEstimator

TABLE_METRICS = ("abs_rel", "rmse", "rmse_log", "delta1", "delta2", "delta3")


@dataclass
class Evaluation:
    model: str
    dataset: str
    images: int
    metric: dict[str, float]  # absolute scale, as predicted
    median_scaled: dict[str, float]
    settings: dict

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2)


def evaluate(estimator: DepthEstimator, folder: str | Path, min_depth: float = 0.1, max_depth: float = 10.0,
             crop: tuple[int, int, int, int] | None = None, limit: int | None = None) -> Evaluation:
    """Predict every pair of ``folder`` at its stored size and average the metrics over images."""
    pairs = list_pairs(folder)[:limit]
    metric, scaled = [], []
    for pair in pairs:
        gt = read_depth_png(pair.depth_path)
        pred = estimator.predict(pair.rgb_path).depth  # from the file, exactly as the app reads a photo
        metric.append(compute_metrics(pred, gt, min_depth, max_depth, crop))
        scaled.append(compute_metrics(pred, gt, min_depth, max_depth, crop, median_scaling=True))
    settings = {"min_depth": min_depth, "max_depth": max_depth, "crop": crop}
    return Evaluation(estimator.spec.name, Path(folder).name, len(pairs), mean_metrics(metric),
                      mean_metrics(scaled), settings)


def markdown_table(evaluations: list[Evaluation], metrics: tuple[str, ...] = TABLE_METRICS) -> str:
    """One row per model and scaling mode."""
    head = "| model | data | scaling | " + " | ".join(metrics) + " |"
    rows = [head, "|" + "---|" * (3 + len(metrics))]
    for ev in evaluations:
        for mode, values in (("metric", ev.metric), ("median", ev.median_scaled)):
            cells = " | ".join(f"{values[m]:.3f}" for m in metrics)
            rows.append(f"| {ev.model} | {ev.dataset} ({ev.images}) | {mode} | {cells} |")
    return "\n".join(rows)
