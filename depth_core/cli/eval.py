"""Metrics and skill over trivial priors on RGB-D folders (rgb/*.jpg, depth/*.png in mm)."""
from __future__ import annotations

import json
from pathlib import Path


def add_arguments(p) -> None:
    p.add_argument("data", nargs="*", help="RGB-D folders (default: every validation set under $DEPTH_SHARED/data)")
    p.add_argument("-m", "--model", nargs="+", help="registered names or .onnx files (default: all registered)")
    p.add_argument("--min-depth", type=float, default=0.1)
    p.add_argument("--max-depth", type=float, default=10.0)
    p.add_argument("--crop", type=int, nargs=4, metavar=("TOP", "BOTTOM", "LEFT", "RIGHT"))
    p.add_argument("--limit", type=int)
    p.add_argument("--flip", action="store_true", help="average each photo's depth with its mirror image's")
    p.add_argument("--json", help="every metric of every evaluation")
    p.add_argument("--markdown", help="the skill table and the mean skill")


def run(args) -> None:
    from ..evaluation.evaluate import evaluate, markdown_table, mean_skill, skill_table
    from ..inference.registry import load_registry
    from ..paths import validation_dirs
    from ..inference.pipeline import load_estimator

    crop = tuple(args.crop) if args.crop else None
    folders = args.data or validation_dirs()
    estimators = [load_estimator(m, flip_average=args.flip) for m in args.model or load_registry()]  # one session per model
    evaluations = [evaluate(e, folder, args.min_depth, args.max_depth, crop, args.limit)
                   for e in estimators for folder in folders]
    by_model: dict[str, list] = {}
    for ev in evaluations:
        by_model.setdefault(ev.model, []).append(ev)
    means = "\n".join(f"Mean skill of {model} over {len(evs)} sets: δ1 {s['delta1']:+.3f}, AbsRel {s['abs_rel']:+.3f}"
                      for model, evs in by_model.items() for s in [mean_skill(evs)])
    summary = f"{skill_table(evaluations)}\n\n{means}"
    print(f"{summary}\n\n{markdown_table(evaluations)}")
    if args.json:
        Path(args.json).write_text(json.dumps([e.to_dict() for e in evaluations], indent=2))
    if args.markdown:
        Path(args.markdown).write_text(summary + "\n")
