"""After training: export ONNX, check it against Keras, quantize, evaluate, and optionally bundle.

The notebook and ``depth-core release`` both end here, so the registry entry, the model card and the reports
all come from the same ``ReleaseRecord``.
"""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..evaluation.evaluate import evaluate
from ..inference.pipeline import DepthEstimator
from ..inference.registry import REGISTRY_FILE, get_spec, register
from ..inference.weights import sha256_of
from ..publishing.hub import default_repo_id
from ..publishing.record import ReleaseRecord, Variant
from .export import export_onnx, parity
from .quantize import calibration_batches, depth_ceiling, depth_is_quantized, quantize_int8
from .config import TrainConfig

PARITY_LIMIT = 1e-3
EXACT_DELTA1_LIMIT = 0.002  # largest δ1 change allowed between the optimised int8 session and the exact one


def load_trained(run_dir: str | Path, input_size: int | None = None):
    """A finished run's Keras model (from ``config.json`` and ``model.weights.h5``) at its training input size
    or at ``input_size`` (the network is fully convolutional), and the run's config."""
    config = TrainConfig.load(run_dir)
    model = config.model.build(weights=None, input_size=input_size)
    model.load_weights(Path(run_dir) / "model.weights.h5")
    return model, config


def _params_and_gmacs(model) -> tuple[int, float]:
    from .macs import count_macs

    return int(model.count_params()), count_macs(model) / 1e9


def release(model, config: TrainConfig, val_dirs: list[str | Path], out_dir: str | Path,
            calib_dir: str | Path | None = None, quantize: bool = True, bundle_variant: str | None = None,
            registry: str | Path = REGISTRY_FILE, eval_limit: int | None = None) -> ReleaseRecord:
    """Export, verify, evaluate and (with ``bundle_variant`` = "fp32" or "int8") bundle a trained model.

    The exported size is the model's own input size, which may differ from the size it trained at. The
    record holds both variants' files, sizes, parity, and metrics and skill over the trivial priors on every
    folder of ``val_dirs`` (the first also gives the parity photos).
    """
    import keras

    out = Path(out_dir)
    name = f"{config.model.encoder}_{config.model.decoder}"
    size = model.input_shape[1]
    fp32 = export_onnx(model, out / f"{name}.onnx")
    val_dirs = [val_dirs] if isinstance(val_dirs, (str, Path)) else list(val_dirs)
    photos = np.concatenate(calibration_batches(val_dirs[0], size, count=4))
    max_rel = parity(model, fp32, photos)
    if max_rel > PARITY_LIMIT:
        raise AssertionError(f"ONNX differs from Keras by {max_rel:.2e} (limit {PARITY_LIMIT})")
    params, gmacs = _params_and_gmacs(model)
    files = {"fp32": fp32}
    if quantize:
        # The real training video, not the far synthetic rooms: the depth stays float, and wider activation ranges
        # widened the δ1 gap between fused and exact int8 from 0.0005 to 0.003 (scripts/calibration_sources.py).
        batches = calibration_batches(calib_dir or config.data.train_dir, size, count=config.data.calibration_frames)
        files["int8"] = quantize_int8(fp32, out / f"{name}_int8.onnx", batches)
    variants = {}
    for variant, path in files.items():
        estimator = DepthEstimator(path, size)
        evals = [evaluate(estimator, folder, limit=eval_limit) for folder in val_dirs]
        if variant == "int8":
            check_int8(path, size, val_dirs, evals, eval_limit)
        variants[variant] = Variant(path.name, path.stat().st_size, sha256_of(path), evals)
    record = ReleaseRecord(
        encoder=config.model.encoder, decoder=config.model.decoder, input_size=size, params=params,
        gmacs=round(gmacs, 3), parity_max_rel=max_rel, export_backend=keras.backend.backend(),
        encoder_init="imagenet" if config.model.pretrained else "scratch", train_data=list(config.data.sources()),
        trained_input_size=config.model.input_size, loss=config.schedule.loss_name, train_config=config.to_dict(),
        variants=variants)
    record.save(out)
    if bundle_variant:
        bundle(record, out, bundle_variant, registry)
    return record


def check_int8(path: str | Path, size: int, val_dirs: list[str | Path], evals: list, limit: int | None = None):
    """Refuse an int8 file whose depth is quantized (clamped at the deepest calibration depth), or whose optimised
    session (fused int8 kernels) scores other than its exact, unoptimised one: on x86 CPUs without VNNI fused u8 x s8
    kernels once cost 0.08 δ1."""
    import onnx

    if depth_is_quantized(onnx.load(str(path))):
        raise AssertionError(f"{Path(path).name}: its depth is quantized, so it can output at most "
                             f"{depth_ceiling(path):.2f} m")
    exact = DepthEstimator(path, size, exact=True)
    for folder, ev in zip(val_dirs, evals):
        reference = evaluate(exact, folder, limit=limit).median_scaled["delta1"]
        if abs(ev.median_scaled["delta1"] - reference) > EXACT_DELTA1_LIMIT:
            raise AssertionError(f"{Path(path).name} on {ev.dataset}: δ1 {ev.median_scaled['delta1']:.4f} optimised, "
                                 f"{reference:.4f} exact (limit {EXACT_DELTA1_LIMIT}) on {ev.cpu}")


def bundle(record: ReleaseRecord, run_dir: str | Path, variant: str, registry: str | Path = REGISTRY_FILE):
    """Copy the chosen ONNX file next to the registry and register it, with its metrics and provenance."""
    source = Path(run_dir) / record.variants[variant].file
    target = Path(registry).parent / source.name
    if source.resolve() != target.resolve():
        shutil.copyfile(source, target)
    return register(record.spec(variant, default_repo_id(record.encoder), target.parent), registry)


def refresh_metrics(name: str, val_dirs: list[str | Path], registry: str | Path = REGISTRY_FILE):
    """Re-evaluate a bundled model on ``val_dirs`` with today's pipeline and evaluation, and record the result with
    the file's checksum.

    For a model that is kept rather than retrained when the evaluation changes (new sets, the priors) or when its
    file is mended (``quantize.float_depth``); an int8 file must pass ``check_exact`` first.
    """
    spec = get_spec(name, registry)
    evaluations = [evaluate(DepthEstimator(spec.bundled_path, spec.input_size, spec.name), f) for f in val_dirs]
    if spec.variant == "int8":
        check_int8(spec.bundled_path, spec.input_size, val_dirs, evaluations)
    evals, sha256 = tuple(ev.to_dict() for ev in evaluations), sha256_of(spec.bundled_path)
    revision = spec.revision if sha256 == spec.sha256 else None  # a mended file is not the one pinned on the Hub
    return register(replace(spec, sha256=sha256, revision=revision, evals=evals), registry)
