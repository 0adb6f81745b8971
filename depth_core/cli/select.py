"""Choose a finished run's input size and refinement radius on mean validation skill, showing every candidate.

Several runs side by side (``depth-core select RUN_A RUN_B --labels a b --sizes 128 --radii 6``) compare recipes
exported and refined the same way. With ``--groups``, consecutive runs are seeds of one recipe and each recipe is
averaged over them (recipes with as many seeds, listed in the same seed order, are also compared with the first
seed by seed); ``--holdout`` adds each run's loss on its held-out training frames (never the validation sets)."""
from __future__ import annotations

from pathlib import Path


def add_arguments(p) -> None:
    p.add_argument("runs", nargs="+", help="finished run folders")
    p.add_argument("--labels", nargs="+", help="one per run (default: the folder names)")
    p.add_argument("--sizes", type=int, nargs="+", default=[128, 160, 192, 224])
    p.add_argument("--radii", type=int, nargs="+", default=[0, 2, 4, 6])
    p.add_argument("--out-root", help="where the exports go (default: RUN/select; one run only)")
    p.add_argument("--holdout", action="store_true",
                   help="also rank the runs by held-out training loss (for seeds of one recipe)")
    p.add_argument("--groups", type=int, nargs="+",
                   help="runs in order are seeds of recipes: how many consecutive runs each recipe has "
                        "(equal counts: the seeds in the same order, also compared seed by seed)")
    p.add_argument("--group-labels", nargs="+", help="one name per recipe of --groups")
    p.add_argument("--plot", help="also draw mean skill against input size to this PNG")


def run(args) -> None:
    from ..errors import DepthCoreError
    from ..paths import validation_dirs
    from ..evaluation.evaluate import comparison_table
    from ..training.select import best, candidates, holdout_loss, paired_summary, seed_summary

    labels = args.labels or [Path(r).name for r in args.runs]
    if len(labels) != len(args.runs) or (args.out_root and len(args.runs) > 1):
        raise DepthCoreError("give one label per run, and --out-root only with one run")
    named = args.labels or len(args.runs) > 1  # a lone run's rows are its settings, unless it was given a label
    rows = []
    for label, run_dir in zip(labels, args.runs):
        found = candidates(run_dir, args.sizes, args.radii, validation_dirs(), args.out_root or Path(run_dir) / "select")
        rows += [(f"{label}, {name}" if named else name, evals) for name, evals in found]
    print(comparison_table(rows))
    if args.plot:
        from ..training.figures import selection_curve

        selection_curve(rows, save_to=args.plot)
    print(f"\nChosen on mean δ1 skill over {len(rows[0][1])} validation sets: **{best(rows)}**")
    if args.groups:
        if len(rows) != len(args.runs):
            raise DepthCoreError("--groups needs one size and one radius (one candidate per run)")
        names = args.group_labels or [f"recipe {i + 1}" for i in range(len(args.groups))]
        print("\n" + seed_summary(rows, args.groups, names))
        if len(args.groups) > 1 and len(set(args.groups)) == 1:  # same seeds in the same order
            print("\n" + paired_summary(rows, args.groups, names))
    if args.holdout:
        losses = {label: holdout_loss(run_dir) for label, run_dir in zip(labels, args.runs)}
        print("\nHeld-out training loss (validation sets not consulted): "
              + ", ".join(f"{label} {loss:.4f}" for label, loss in losses.items()))
        print(f"Lowest held-out training loss: {min(losses, key=losses.get)}")
