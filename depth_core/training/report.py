"""The skill table of several models side by side (``depth-core report`` and ``select`` print it): each one's
median-scaled δ1 and AbsRel on every validation set, its skill over the better trivial prior there (positive is
better), the mean skill that models are chosen on, and the metric-scale δ1.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..evaluation.evaluate import Evaluation, mean_skill


def skill_table(runs: list[tuple[str, list[Evaluation]]]) -> str:
    """One row per (label, evaluations); columns per validation set, then the mean skill."""
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
    for prior in ("constant", "gradient"):
        cells = [f"*{prior} prior*"] + [f"{priors[s][prior]['delta1']:.3f} / {priors[s][prior]['abs_rel']:.3f}"
                                         for s in sets] + ["", *[""] * len(sets)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def architecture_table(runs: list[str | Path], photo: bytes, threads: int = 2, bench_runs: int = 30) -> str:
    """Encoder x decoder runs on one budget: size, compute, training time, accuracy on the first validation set
    and CPU latency through the app's pipeline (measured here), from each run's release record."""
    from ..evaluation.bench import bench_estimator
    from ..inference.pipeline import DepthEstimator
    from ..publishing.record import ReleaseRecord

    rows = ["| encoder (init) | decoder | parameters | GMACs | train time | AbsRel (median) | δ1 (median) "
            "| AbsRel (metric) | δ1 (metric) | CPU ms/image (p50, 2 threads) | ONNX exported by |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in map(Path, runs):
        record = ReleaseRecord.load(run)
        seconds = json.loads((run / "train_summary.json").read_text())["train_seconds"]
        ev = record.variants["fp32"].evals[0]
        onnx = run / record.variants["fp32"].file
        ms = bench_estimator(record.decoder, lambda: DepthEstimator(onnx, threads=threads), photo,
                             runs=bench_runs).p("total", 50)
        init = "ImageNet, frozen" if record.encoder_init == "imagenet" else "random, trained"
        rows.append(f"| {record.encoder} ({init}) | {record.decoder} | {record.params / 1e6:.1f} M | "
                    f"{record.gmacs:.2f} | {seconds / 60:.0f} min | {ev.median_scaled['abs_rel']:.3f} | "
                    f"{ev.median_scaled['delta1']:.3f} | {ev.metric['abs_rel']:.3f} | {ev.metric['delta1']:.3f} | "
                    f"{ms:.1f} | {record.export_backend} |")
    return "\n".join(rows)
