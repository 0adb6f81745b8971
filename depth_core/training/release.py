"""After training: export ONNX, check it against Keras, quantize, evaluate, and optionally bundle.

The notebooks and ``python -m depth_core.training`` both end here, so the registry, the README
table and the model card all come from the same numbers.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..evaluation.evaluate import evaluate, mean_skill
from ..publishing.hub import default_repo_id, size_note, training_data_note
from ..inference.pipeline import DepthEstimator
from ..inference.registry import REGISTRY_FILE
from ..inference.weights import sha256_of
from .export import export_onnx, parity, register
from .quantize import calibration_batches, quantize_int8
from .train import TrainConfig

LABELS = {"mobilenetv2": "MobileNetV2", "resnet50": "ResNet50"}
PARITY_LIMIT = 1e-3


def load_trained(run_dir: str | Path, input_size: int | None = None):
    """Rebuild a finished run's Keras model from its ``config.json`` and ``model.weights.h5``,
    at its training input size or at ``input_size``."""
    from .models import build_model

    run_dir = Path(run_dir)
    config = json.loads((run_dir / "config.json").read_text())
    config["trained_input_size"] = config["input_size"]
    config["input_size"] = input_size or config["input_size"]
    model = build_model(config["encoder"], config["decoder"], weights=None, input_size=config["input_size"])
    model.load_weights(run_dir / "model.weights.h5")
    return model, config


def _params_and_gmacs(model) -> tuple[int, float]:
    from .macs import count_macs

    return int(model.count_params()), count_macs(model) / 1e9


def release(model, config: TrainConfig | dict, val_dirs: list[str | Path], out_dir: str | Path,
            calib_dir: str | Path | None = None, quantize: bool = True, bundle_variant: str | None = None,
            registry: str | Path = REGISTRY_FILE, eval_limit: int | None = None) -> dict:
    """Export, verify, evaluate and (with ``bundle_variant`` = "fp32" or "int8") bundle a trained model.

    Returns a report with both variants' files, sizes, parity, and metrics and skill over the
    trivial priors on every folder of ``val_dirs`` (the first also gives the parity photos).
    """
    import keras

    cfg = asdict(config) if isinstance(config, TrainConfig) else dict(config)
    out = Path(out_dir)
    name = f"{cfg['encoder']}_{cfg['decoder']}"
    size = cfg["input_size"]
    fp32 = export_onnx(model, out / f"{name}.onnx")
    val_dirs = [val_dirs] if isinstance(val_dirs, (str, Path)) else list(val_dirs)
    photos = np.concatenate(calibration_batches(val_dirs[0], size, count=4))
    max_rel = parity(model, fp32, photos)
    if max_rel > PARITY_LIMIT:
        raise AssertionError(f"ONNX differs from Keras by {max_rel:.2e} (limit {PARITY_LIMIT})")
    params, gmacs = _params_and_gmacs(model)
    variants = {"fp32": fp32}
    if quantize:
        batches = calibration_batches(calib_dir or cfg["train_dir"], size, count=cfg.get("calibration_frames", 64))
        variants["int8"] = quantize_int8(fp32, out / f"{name}_int8.onnx", batches)
    report = {"encoder": cfg["encoder"], "decoder": cfg["decoder"], "input_size": size, "params": params,
              "export_backend": keras.backend.backend(),
              "gmacs": round(gmacs, 3), "parity_max_rel": max_rel, "train_config": cfg, "variants": {}}
    for variant, path in variants.items():
        estimator = DepthEstimator.from_file(path, size)
        evals = [evaluate(estimator, folder, limit=eval_limit) for folder in val_dirs]
        report["variants"][variant] = {"file": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path),
                                       "evals": [ev.to_dict() for ev in evals], "mean_skill": mean_skill(evals)}
    (out / "release.json").write_text(json.dumps(report, indent=2, default=str))
    if bundle_variant:
        bundle(report, variants[bundle_variant], bundle_variant, registry)
    return report


def refresh_metrics(name: str, val_dirs: list[str | Path], registry: str | Path = REGISTRY_FILE) -> dict:
    """Re-evaluate a bundled model on ``val_dirs`` with today's pipeline and evaluation, and record the result.

    For a model that is kept rather than retrained when the evaluation changes (new sets, the priors).
    """
    from ..inference.registry import load_registry

    spec = load_registry(registry)[name]
    estimator = DepthEstimator.from_file(spec.bundled_path, spec.input_size)
    evals = [evaluate(estimator, folder) for folder in val_dirs]
    entry = json.loads(Path(registry).read_text())["models"]
    entry = next(e for e in entry if e["name"] == name)
    entry["metrics"] = {**{k: entry["metrics"][k] for k in ("variant", "params", "gmacs")},
                        "evals": [ev.to_dict() for ev in evals], "mean_skill": mean_skill(evals),
                        "command": f"python -m depth_core eval -m {name}"}
    return register(entry, spec.bundled_path, registry)


def bundle(report: dict, onnx_path: str | Path, variant: str, registry: str | Path = REGISTRY_FILE) -> dict:
    """Copy the chosen ONNX file next to the registry and record it, with its metrics and provenance."""
    encoder = report["encoder"]
    target = Path(registry).parent / Path(onnx_path).name
    if Path(onnx_path).resolve() != target.resolve():
        shutil.copyfile(onnx_path, target)
    cfg = report["train_config"]
    chosen = report["variants"][variant]
    encoder_init = ("ImageNet weights" if cfg["weights"] else
                    "random init (no ImageNet ResNet50 weights were available)")
    entry = {
        "name": encoder, "label": LABELS.get(encoder, encoder), "encoder": encoder, "decoder": report["decoder"],
        "input_size": report["input_size"], "repo_id": default_repo_id(encoder), "revision": None,
        "provenance": (f"{encoder}+{report['decoder']}, encoder from {encoder_init}, trained on "
                       f"{training_data_note(cfg)}{size_note(cfg)} with loss {cfg['loss']}; {variant} ONNX"),
        "metrics": {"variant": variant, "params": report["params"], "gmacs": report["gmacs"],
                    "evals": chosen["evals"], "mean_skill": chosen["mean_skill"],
                    "command": f"python -m depth_core eval -m {encoder}"},
    }
    return register(entry, target, registry)
