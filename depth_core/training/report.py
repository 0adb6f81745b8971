"""Markdown tables from release records (``release.json``): what the measuring scripts write to docs/.

``python -m depth_core.training.report RUN [RUN ...] --labels ...`` prints one skill table: each
run's median-scaled δ1 and AbsRel on every validation set, its skill over the better trivial prior
there (positive is better), the mean skill that models are chosen on, and the metric-scale δ1.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..evaluation.evaluate import Evaluation, mean_skill


def read_release(run_dir: str | Path, variant: str = "fp32") -> tuple[dict, list[Evaluation]]:
    """A run's release report and its ``variant``'s evaluations."""
    report = json.loads((Path(run_dir) / "release.json").read_text())
    return report, [Evaluation.from_dict(e) for e in report["variants"][variant]["evals"]]


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("runs", nargs="+", help="run folders holding release.json")
    parser.add_argument("--labels", nargs="+", help="one per run (default: the folder names)")
    parser.add_argument("--variant", default="fp32")
    args = parser.parse_args(argv)
    labels = args.labels or [Path(r).name for r in args.runs]
    print(skill_table([(label, read_release(run, args.variant)[1]) for label, run in zip(labels, args.runs)]))


if __name__ == "__main__":
    main()
