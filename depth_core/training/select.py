"""Choose a finished run's input size and refinement on mean validation skill, and show every candidate.

The network is fully convolutional, so one run can be exported at several square sizes; each export
is evaluated with the photo-guided refinement off (radius 0) and on, on every validation set. The
choice is the candidate with the best mean δ1 skill over the sets (AbsRel skill breaks ties), never
the best on one set.

    depth-core select RUN --sizes 128 160 192 224 --radii 0 2 4 6 > docs/results/selection_mobilenetv2.md
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..errors import DepthCoreError
from ..evaluation.evaluate import Evaluation, evaluate, mean_skill
from ..inference.pipeline import DepthEstimator
from ..publishing.record import ReleaseRecord


def candidates(run_dir: str | Path, sizes: list[int], radii: list[int], val_dirs: list[Path],
               out_root: str | Path) -> list[tuple[str, list[Evaluation]]]:
    """(label, evaluations) for every size x radius; exports are reused when already released."""
    from .release import load_trained, release

    rows = []
    for size in sizes:
        out = Path(out_root) / f"size_{size}"
        if (out / "release.json").exists():
            record = ReleaseRecord.load(out)
        else:
            model, config = load_trained(run_dir, size)
            record = release(model, config, val_dirs, out, quantize=False)
        onnx = out / record.variants["fp32"].file
        for radius in radii:
            estimator = DepthEstimator(onnx, size, refine_radius=radius)
            rows.append((f"{size}x{size}, refine {radius or 'off'}", [evaluate(estimator, d) for d in val_dirs]))
    return rows


def best(rows: list[tuple[str, list[Evaluation]]]) -> str:
    """The label with the best mean δ1 skill (then AbsRel skill)."""
    return max(rows, key=lambda row: (round(mean_skill(row[1])["delta1"], 3), mean_skill(row[1])["abs_rel"]))[0]


def holdout_loss(run_dir: str | Path) -> float:
    """The run's loss on its own held-out training frames (the kitchen video's tail and a few dozen synthetic rooms)
    after its last epoch, read without looking at the validation sets. It flags a run whose training stalled; it
    does not predict skill on real rooms (docs/experiments/history.md, three seeds per recipe)."""
    for phase in ("finetune", "frozen"):  # the last phase a run trained
        log = Path(run_dir) / f"{phase}_log.csv"
        if log.exists():
            with log.open() as f:
                return float(list(csv.DictReader(f))[-1]["val_loss"])
    raise FileNotFoundError(f"no training log (finetune_log.csv or frozen_log.csv) in {run_dir}")


def _per_set(seeds: list[list[Evaluation]], value, spec: str) -> str:
    """``value`` of each validation set, averaged over the seeds: "a / b" in the sets' order."""
    return " / ".join(format(np.mean([value(evals[i]) for evals in seeds]), spec) for i in range(len(seeds[0])))


def seed_summary(rows: list[tuple[str, list[Evaluation]]], groups: list[int], names: list[str]) -> str:
    """Markdown lines: each recipe's mean δ1 / AbsRel skill over its seeds, with the lowest and highest seed, and
    its seeds' mean δ1 skill and metric δ1 on each validation set.

    ``rows`` are one candidate per run, in order; ``groups`` says how many consecutive rows are seeds of each recipe.
    A recipe is judged on this mean: one seed can move the mean skill by more than a recipe change does."""
    if sum(groups) != len(rows) or len(names) != len(groups):
        raise DepthCoreError(f"{len(rows)} runs cannot form groups of {groups} with {len(names)} names "
                             "(--groups must add up to the runs, one --group-labels name each)")
    sets = " / ".join(ev.dataset for ev in rows[0][1])
    lines = [f"| recipe | seeds | mean δ1 skill (lowest, highest seed) | mean AbsRel skill | δ1 skill on {sets} "
             f"| metric δ1 on {sets} |", "|---|---|---|---|---|---|"]
    start = 0
    for name, count in zip(names, groups):
        seeds = [evals for _, evals in rows[start:start + count]]
        skills = [mean_skill(evals) for evals in seeds]
        d1, ar = [s["delta1"] for s in skills], [s["abs_rel"] for s in skills]
        per_set = _per_set(seeds, lambda ev: ev.skill["delta1"], "+.3f")
        metric = _per_set(seeds, lambda ev: ev.metric["delta1"], ".3f")
        lines.append(f"| {name} | {count} | **{np.mean(d1):+.3f}** ({min(d1):+.3f}, {max(d1):+.3f}) "
                     f"| {np.mean(ar):+.3f} | {per_set} | {metric} |")
        start += count
    return "\n".join(lines)


def paired_summary(rows: list[tuple[str, list[Evaluation]]], groups: list[int], names: list[str]) -> str:
    """Markdown lines: each recipe against the first, seed by seed (the k-th run of each against the first's k-th).

    Runs with the same seed start from the same decoder weights and seed their batches alike, and that
    start moves skill more than most recipe changes do; differences taken seed by seed cancel it."""
    if len(groups) < 2 or len(set(groups)) != 1 or sum(groups) != len(rows) or len(names) != len(groups):
        raise DepthCoreError("a seed-by-seed comparison needs two or more recipes with the same number of seeds, "
                             "listed in the same seed order, and one name each")
    n = groups[0]
    recipes = [[evals for _, evals in rows[i:i + n]] for i in range(0, len(rows), n)]
    sets = " / ".join(ev.dataset for ev in rows[0][1])
    lines = [f"| recipe | against {names[0]}, seed by seed: mean δ1 skill difference (lowest, highest) "
             f"| better on (mean, then {sets}) | δ1 skill difference on {sets} |", "|---|---|---|---|"]
    for name, seeds in zip(names[1:], recipes[1:]):
        diffs = [mean_skill(a)["delta1"] - mean_skill(b)["delta1"] for a, b in zip(seeds, recipes[0])]
        pairs = [list(zip(a, b)) for a, b in zip(seeds, recipes[0])]
        per_set = _per_set(pairs, lambda pair: pair[0].skill["delta1"] - pair[1].skill["delta1"], "+.3f")
        wins = " / ".join(str(sum(p[i][0].skill["delta1"] > p[i][1].skill["delta1"] for p in pairs))
                          for i in range(len(pairs[0])))
        lines.append(f"| {name} | **{np.mean(diffs):+.3f}** ({min(diffs):+.3f}, {max(diffs):+.3f}) "
                     f"| {sum(d > 0 for d in diffs)} of {n} seeds; {wins} | {per_set} |")
    return "\n".join(lines)
