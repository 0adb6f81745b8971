"""Choose a finished run's input size and refinement radius on mean validation skill, showing every candidate."""
from __future__ import annotations

from pathlib import Path


def add_arguments(p) -> None:
    p.add_argument("run_dir")
    p.add_argument("--sizes", type=int, nargs="+", default=[128, 160, 192, 224])
    p.add_argument("--radii", type=int, nargs="+", default=[0, 2, 4, 6])
    p.add_argument("--out-root", help="where the exports go (default: RUN/select)")
    p.add_argument("--plot", help="also draw mean skill against input size to this PNG")


def run(args) -> None:
    from ..paths import validation_dirs
    from ..evaluation.evaluate import comparison_table
    from ..training.select import best, candidates

    rows = candidates(args.run_dir, args.sizes, args.radii, validation_dirs(),
                      args.out_root or Path(args.run_dir) / "select")
    print(comparison_table(rows))
    if args.plot:
        from ..training.figures import selection_curve

        selection_curve(rows, save_to=args.plot)
    print(f"\nChosen on mean δ1 skill over {len(rows[0][1])} validation sets: **{best(rows)}**")
