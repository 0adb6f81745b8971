"""What a registered model is and how it scored, in one paragraph for the app (from the registry only)."""
from __future__ import annotations

from .evaluate import Evaluation
from ..inference.registry import ModelSpec


def model_summary(spec: ModelSpec) -> str:
    """Size, compute, and on every validation set the median-scaled scores with the skill over trivial priors."""
    m = spec.metrics or {}
    if not m:
        return ""
    parts = [f"{m['params'] / 1e6:.1f} M parameters, {m['gmacs']:.2f} GMACs, {m['variant']} ONNX at "
             f"{spec.input_size}x{spec.input_size}."]
    for ev in map(Evaluation.from_dict, m.get("evals", [])):
        s = ev.skill
        parts.append(f"On {ev.dataset} ({ev.images} frames, never trained on), median-scaled: "
                     f"δ1 {ev.median_scaled['delta1']:.3f} (skill {s['delta1']:+.3f}), AbsRel "
                     f"{ev.median_scaled['abs_rel']:.3f} (skill {s['abs_rel']:+.3f}); metric δ1 "
                     f"{ev.metric['delta1']:.3f}.")
    if "mean_skill" in m:
        parts.append(f"Mean skill over the better trivial prior (positive: better than a guess with no photo): "
                     f"δ1 {m['mean_skill']['delta1']:+.3f}, AbsRel {m['mean_skill']['abs_rel']:+.3f}.")
    if "random init" in spec.provenance:
        parts.append("Encoder trained from scratch (no ImageNet weights were available).")
    return " ".join(parts)
