"""What a registered model is and how it scored, in one paragraph for the app (from the registry only)."""
from __future__ import annotations

from typing import Any

from .registry import ModelSpec


def _scores(metrics: dict[str, Any], name: str = "the validation set") -> list[tuple[str, dict]]:
    """(set name, {images, metric, median_scaled, ...}) for the top-level validation and any per-set entries."""
    found = [(metrics.get("dataset", name), metrics)] if isinstance(metrics.get("median_scaled"), dict) else []
    for key, value in metrics.items():
        items = value if isinstance(value, list) else [value]  # {"evals": [...]} as well as {"sun3d": {...}}
        for item in items:
            if not isinstance(item, dict) or key in {"metric", "median_scaled", "settings", "priors"}:
                continue
            if isinstance(item.get("median_scaled"), dict):
                found.append((item.get("dataset", key), item))
            else:
                found += [(n, v) for n, v in _scores(item, key) if n != metrics.get("dataset")]
    return found


def _fmt(values: dict, key: str) -> str:
    value = values.get(key)
    return f"{value:.3f}" if isinstance(value, (int, float)) else "?"


def model_summary(spec: ModelSpec) -> str:
    """Size, compute and validation scores; whatever the registry lacks is left out rather than failing."""
    m = spec.metrics or {}
    head = []
    if isinstance(m.get("params"), (int, float)):
        head.append(f"{m['params'] / 1e6:.1f} M parameters")
    if isinstance(m.get("gmacs"), (int, float)):
        head.append(f"{m['gmacs']:.2f} GMACs")
    if m.get("variant"):
        head.append(f"{m['variant']} ONNX")
    parts = [", ".join(head) + "." if head else ""]
    for dataset, scores in _scores(m):
        images = f" ({scores['images']} frames)" if "images" in scores else ""
        scaled = scores["median_scaled"]
        parts.append(f"Validation on {dataset}{images}, never seen in training, median-scaled: "
                     f"AbsRel {_fmt(scaled, 'abs_rel')}, δ1 {_fmt(scaled, 'delta1')}; "
                     f"metric scale: δ1 {_fmt(scores.get('metric', {}), 'delta1')}.")
    skill = m.get("mean_skill")
    if isinstance(skill, dict) and skill:
        parts.append(f"Skill over trivial priors (mean over sets): δ1 {skill.get('delta1', float('nan')):+.3f}, "
                     f"AbsRel {skill.get('abs_rel', float('nan')):+.3f}.")
    if "random init" in spec.provenance:
        parts.append("Encoder trained from scratch (no ImageNet weights were available).")
    return " ".join(p for p in parts if p)
