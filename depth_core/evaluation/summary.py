"""What a registered model is and how it scored, in one paragraph for the app (from the registry only)."""
from __future__ import annotations

from ..inference.registry import ModelSpec, describe_training
from .evaluate import Evaluation, mean_skill


def model_summary(spec: ModelSpec) -> str:
    """Size, compute, and on every validation set the median-scaled scores with the skill over trivial priors."""
    if not spec.evals:
        return ""
    evals = [Evaluation.from_dict(e) for e in spec.evals]
    parts = [f"{spec.params / 1e6:.1f} M parameters, {spec.gmacs:.2f} GMACs, {spec.variant} ONNX at "
             f"{spec.input_size}x{spec.input_size}; trained on "
             f"{describe_training(spec.train_data, spec.trained_input_size, spec.input_size)}."]
    for ev in evals:
        s = ev.skill
        parts.append(f"On {ev.dataset} ({ev.images} frames, never trained on), median-scaled: "
                     f"δ1 {ev.median_scaled['delta1']:.3f} (skill {s['delta1']:+.3f}), AbsRel "
                     f"{ev.median_scaled['abs_rel']:.3f} (skill {s['abs_rel']:+.3f}); metric δ1 "
                     f"{ev.metric['delta1']:.3f}.")
    skill = mean_skill(evals)
    parts.append(f"Mean skill over the better trivial prior (positive: better than a guess with no photo): "
                 f"δ1 {skill['delta1']:+.3f}, AbsRel {skill['abs_rel']:+.3f}.")
    cpus = sorted({ev.cpu for ev in evals if ev.cpu})
    if cpus:  # int8 results depend on the CPU's kernels
        parts.append(f"Measured on {'; '.join(cpus)}.")
    if spec.encoder_init == "scratch":
        parts.append("Encoder trained from scratch (no ImageNet weights were available).")
    return " ".join(parts)
