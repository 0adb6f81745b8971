"""Tables from release records: skill (each run's median-scaled δ1 and AbsRel on every validation set, its skill
over the better trivial prior there, the mean skill models are chosen on, the metric δ1), or architectures (size,
compute, training time, accuracy and CPU latency of encoder x decoder runs)."""
from __future__ import annotations

from pathlib import Path


def add_arguments(p) -> None:
    p.add_argument("runs", nargs="+", help="run folders holding release.json")
    p.add_argument("--labels", nargs="+", help="one per run (default: the folder names)")
    p.add_argument("--variant", default="fp32")
    p.add_argument("--table", choices=["skill", "architectures"], default="skill")
    p.add_argument("--photo", default="examples/photos/tum_fr2_desk_1.jpg", help="timed by --table architectures")


def run(args) -> None:
    from ..publishing.record import ReleaseRecord
    from ..evaluation.evaluate import comparison_table
    from ..training.report import architecture_table

    if args.table == "architectures":
        print(architecture_table(args.runs, Path(args.photo).read_bytes()))
        return

    labels = args.labels or [Path(r).name for r in args.runs]
    print(comparison_table([(label, ReleaseRecord.load(run).variants[args.variant].evals)
                       for label, run in zip(labels, args.runs)]))
