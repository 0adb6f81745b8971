"""Average the weights of runs trained from the same start into one run folder (a "model soup").

``depth-core soup runs/a runs/b runs/c --out-dir runs/soup`` writes a run that ``release`` and ``select`` read like
any other: one network, the cost of one at inference."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("runs", nargs="+", help="finished run folders with the same start: one --init-weights, or "
                   "chains of runs that began with the same encoder weights and --seed")
    p.add_argument("--out-dir", required=True, help="the new run folder")


def run(args) -> None:
    from ..training.soup import average_runs

    print(f"averaged {len(args.runs)} runs: {average_runs(args.runs, args.out_dir)}")
