"""Choose a finished run's input size and refinement on mean validation skill, and show every candidate.

The network is fully convolutional, so one run can be exported at several square sizes; each export
is evaluated with the photo-guided refinement off (radius 0) and on, on every validation set. The
choice is the candidate with the best mean δ1 skill over the sets (AbsRel skill breaks ties), never
the best on one set.

    python -m depth_core.training.select RUN --sizes 128 160 192 224 --radii 0 2 4 > docs/results/selection.md
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..evaluation.rgbd import validation_dirs
from ..evaluation.evaluate import Evaluation, evaluate, mean_skill
from ..inference.pipeline import DepthEstimator
from .report import read_release, skill_table


def candidates(run_dir: str | Path, sizes: list[int], radii: list[int], val_dirs: list[Path],
               out_root: str | Path) -> list[tuple[str, list[Evaluation]]]:
    """(label, evaluations) for every size x radius; exports are reused when already released."""
    from .release import load_trained, release

    rows = []
    for size in sizes:
        out = Path(out_root) / f"size_{size}"
        if not (out / "release.json").exists():
            model, config = load_trained(run_dir, size)
            release(model, config, val_dirs, out, quantize=False)
        report, _ = read_release(out)
        onnx = out / report["variants"]["fp32"]["file"]
        for radius in radii:
            estimator = DepthEstimator.from_file(onnx, size, refine_radius=radius)
            rows.append((f"{size}x{size}, refine {radius or 'off'}", [evaluate(estimator, d) for d in val_dirs]))
    return rows


def best(rows: list[tuple[str, list[Evaluation]]]) -> str:
    """The label with the best mean δ1 skill (then AbsRel skill)."""
    return max(rows, key=lambda row: (round(mean_skill(row[1])["delta1"], 3), mean_skill(row[1])["abs_rel"]))[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 160, 192, 224])
    parser.add_argument("--radii", type=int, nargs="+", default=[0, 2, 4, 6])
    parser.add_argument("--out-root", help="where the exports go (default: RUN/select)")
    parser.add_argument("--plot", help="also draw mean skill against input size to this PNG")
    args = parser.parse_args(argv)
    rows = candidates(args.run_dir, args.sizes, args.radii, validation_dirs(),
                      args.out_root or Path(args.run_dir) / "select")
    print(skill_table(rows))
    if args.plot:
        from .figures import selection_curve

        selection_curve(rows, save_to=args.plot)
    print(f"\nChosen on mean δ1 skill over {len(rows[0][1])} validation sets: **{best(rows)}**")


if __name__ == "__main__":
    main()
