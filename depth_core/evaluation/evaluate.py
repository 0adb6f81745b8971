"""Evaluate a model on RGB-D folders through the same pipeline the app uses, against trivial priors."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import numpy as np

from ..inference.pipeline import DepthEstimator
from ..inference.runtime import cpu_description
from .metrics import compute_metrics, mean_metrics
from .priors import PRIORS
from .rgbd import list_pairs, read_depth_png

TABLE_METRICS = ("abs_rel", "rmse", "rmse_log", "delta1", "delta2", "delta3")


def skill_over_priors(median_scaled: dict[str, float], priors: dict[str, dict[str, float]]) -> dict[str, float]:
    """Median-scaled δ1 and AbsRel against the better prior on each; positive means better than both."""
    if not priors:
        return {}
    best_delta1 = max(p["delta1"] for p in priors.values())
    best_abs_rel = min(p["abs_rel"] for p in priors.values())
    return {"delta1": median_scaled["delta1"] - best_delta1, "abs_rel": best_abs_rel - median_scaled["abs_rel"]}


def image_scores(pred: np.ndarray, gt: np.ndarray, min_depth: float = 0.1, max_depth: float = 10.0,
                 crop: tuple[int, int, int, int] | None = None) -> tuple[dict, dict, dict[str, dict]]:
    """One image: the metrics as predicted, median-scaled, and each trivial prior's (median-scaled) on the
    same pixels. The folder evaluation averages these; the app's ground-truth check shows them."""
    metric = compute_metrics(pred, gt, min_depth, max_depth, crop)
    scaled = compute_metrics(pred, gt, min_depth, max_depth, crop, median_scaling=True)
    priors = {name: compute_metrics(prior(*gt.shape), gt, min_depth, max_depth, crop, median_scaling=True)
              for name, prior in PRIORS.items()}
    return metric, scaled, priors


@dataclass
class Evaluation:
    """Mean metrics of one model on one folder, with the priors' median-scaled metrics on the same pixels."""

    model: str
    dataset: str
    images: int
    metric: dict[str, float]  # absolute scale, as predicted
    median_scaled: dict[str, float]
    settings: dict
    priors: dict[str, dict[str, float]] = field(default_factory=dict)  # prior name -> median-scaled metrics
    largest_depth: float | None = None  # metres: the deepest pixel the model predicted on this set
    cpu: str = ""  # where it ran (runtime.cpu_description): int8 kernels differ by CPU

    @property
    def skill(self) -> dict[str, float]:
        return skill_over_priors(self.median_scaled, self.priors)

    def to_dict(self) -> dict:
        return {**asdict(self), "skill": self.skill}

    @classmethod
    def from_dict(cls, data: dict) -> Evaluation:
        """Read back ``to_dict`` (the derived ``skill`` is recomputed, not trusted)."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)


def evaluate(estimator: DepthEstimator, folder: str | Path, min_depth: float = 0.1, max_depth: float = 10.0,
             crop: tuple[int, int, int, int] | None = None, limit: int | None = None) -> Evaluation:
    """Predict every pair of ``folder`` at its stored size and average the metrics over images."""
    pairs = list_pairs(folder)[:limit]
    scores, largest = [], 0.0
    for pair in pairs:
        gt = read_depth_png(pair.depth_path)
        pred = estimator.predict(pair.rgb_path).full_depth()  # from the file, as the app reads a photo
        scores.append(image_scores(pred, gt, min_depth, max_depth, crop))
        largest = max(largest, float(pred.max()))
    metric, scaled, priors = zip(*scores)
    settings = {"min_depth": min_depth, "max_depth": max_depth, "crop": crop}
    return Evaluation(estimator.name, Path(folder).name, len(pairs), mean_metrics(metric), mean_metrics(scaled),
                      settings, {name: mean_metrics([p[name] for p in priors]) for name in PRIORS}, largest,
                      cpu_description())


def mean_skill(evaluations: list[Evaluation]) -> dict[str, float]:
    """Skill averaged over validation sets: the number models, sizes and schedules are chosen on."""
    return {key: float(np.mean([ev.skill[key] for ev in evaluations])) for key in ("delta1", "abs_rel")}


def markdown_table(evaluations: list[Evaluation], metrics: tuple[str, ...] = TABLE_METRICS) -> str:
    """One row per model and scaling mode."""
    head = "| model | data | scaling | " + " | ".join(metrics) + " |"
    rows = [head, "|" + "---|" * (3 + len(metrics))]
    for ev in evaluations:
        for mode, values in (("metric", ev.metric), ("median", ev.median_scaled)):
            cells = " | ".join(f"{values[m]:.3f}" for m in metrics)
            rows.append(f"| {ev.model} | {ev.dataset} ({ev.images}) | {mode} | {cells} |")
    return "\n".join(rows)


def skill_table(evaluations: list[Evaluation]) -> str:
    """Median-scaled δ1 / AbsRel of each model beside both priors', the skill, metric δ1 and the largest depth it
    predicted, then the CPU it ran on.

    Skill: δ1 minus the better prior's δ1, and the better prior's AbsRel minus the model's
    (positive is better on both).
    """
    rows = ["| model | data | δ1 | AbsRel | constant δ1 / AbsRel | gradient δ1 / AbsRel | skill δ1 | skill AbsRel "
            "| metric δ1 | largest depth |", "|" + "---|" * 10]
    for ev in evaluations:
        c, g, s = ev.priors["constant"], ev.priors["gradient"], ev.skill
        rows.append(f"| {ev.model} | {ev.dataset} ({ev.images}) | {ev.median_scaled['delta1']:.3f} "
                    f"| {ev.median_scaled['abs_rel']:.3f} | {c['delta1']:.3f} / {c['abs_rel']:.3f} "
                    f"| {g['delta1']:.3f} / {g['abs_rel']:.3f} | {s['delta1']:+.3f} | {s['abs_rel']:+.3f} "
                    f"| {ev.metric['delta1']:.3f} | {_metres(ev.largest_depth)} |")
    cpus = sorted({ev.cpu for ev in evaluations if ev.cpu})
    return "\n".join(rows) + (f"\n\nCPU: {'; '.join(cpus)}" if cpus else "")


def _metres(value: float | None) -> str:
    return "" if value is None else f"{value:.2f} m"


def comparison_table(runs: list[tuple[str, list[Evaluation]]]) -> str:
    """Models side by side (``depth-core report`` and ``select``): one row per (label, evaluations) with, per
    validation set, median-scaled δ1 / AbsRel and the skill; then the mean skill models are chosen on, and metric δ1."""
    sets = [ev.dataset for ev in runs[0][1]]
    head = ["model"] + [f"{s}: δ1 / AbsRel (skill)" for s in sets] + ["mean skill δ1 / AbsRel"] + \
        [f"metric δ1 {s}" for s in sets]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    priors = {}
    for label, evals in runs:
        by_set = {ev.dataset: ev for ev in evals}
        cells = [label]
        for s in sets:
            ev = by_set[s]
            cells.append(f"{ev.median_scaled['delta1']:.3f} / {ev.median_scaled['abs_rel']:.3f} "
                         f"({ev.skill['delta1']:+.3f} / {ev.skill['abs_rel']:+.3f})")
            priors.setdefault(s, ev.priors)
        mean = mean_skill(evals)
        cells.append(f"**{mean['delta1']:+.3f}** / {mean['abs_rel']:+.3f}")
        cells += [f"{by_set[s].metric['delta1']:.3f}" for s in sets]
        rows.append("| " + " | ".join(cells) + " |")
    for prior in PRIORS:
        cells = [f"*{prior} prior*"] + [f"{priors[s][prior]['delta1']:.3f} / {priors[s][prior]['abs_rel']:.3f}"
                                         for s in sets] + ["", *[""] * len(sets)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)
