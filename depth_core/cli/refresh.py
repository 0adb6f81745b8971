"""Re-evaluate a bundled model with today's pipeline and evaluation, and record its metrics and skill in the
registry (for a model kept, not retrained, when the evaluation changes)."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("name", help="a registered model")
    p.add_argument("val_dirs", nargs="*", help="RGB-D folders (default: every validation set under $DEPTH_SHARED)")


def run(args) -> None:
    from ..evaluation.evaluate import Evaluation, mean_skill
    from ..paths import validation_dirs
    from ..training.release import refresh_metrics

    spec = refresh_metrics(args.name, args.val_dirs or validation_dirs())
    skill = mean_skill([Evaluation.from_dict(e) for e in spec.evals])
    print(f"{spec.name}: mean skill δ1 {skill['delta1']:+.3f}, AbsRel {skill['abs_rel']:+.3f}")
