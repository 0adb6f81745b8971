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
    after its last epoch. It ranks seeds of one recipe without looking at the validation sets, so the skill of the
    seed it picks stays an honest estimate (picking the seed with the best validation skill would not be)."""
    for phase in ("finetune", "frozen"):  # the last phase a run trained
        log = Path(run_dir) / f"{phase}_log.csv"
        if log.exists():
            with log.open() as f:
                return float(list(csv.DictReader(f))[-1]["val_loss"])
    raise FileNotFoundError(f"no training log (finetune_log.csv or frozen_log.csv) in {run_dir}")
