"""Publish a release to a Hugging Face model repo: its ONNX files, config.json and a model card.

Pulling lives in ``inference/weights.py``; the Space is staged by ``space_config/publish.py``. ``huggingface_hub`` is
imported lazily, and every upload has a dry run that stages the exact folder without sending it.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from ..evaluation.evaluate import skill_table
from ..evaluation.rgbd import credit
from ..inference.registry import REGISTRY_FILE, pin_revision
from .record import ReleaseRecord

DEFAULT_NAMESPACE = "fastdepth-cpu"
LICENSE = "apache-2.0"
CARD_METRICS = (("abs_rel", "AbsRel"), ("rmse", "RMSE (m)"), ("delta1", "δ<1.25"))


def default_repo_id(encoder: str, namespace: str = DEFAULT_NAMESPACE) -> str:
    return f"{namespace}/{encoder}-fastdepth-onnx"


def _eval_results(record: ReleaseRecord, variant: str):
    from huggingface_hub import EvalResult

    return [EvalResult(task_type="depth-estimation", dataset_type=ev.dataset,
                       dataset_name=f"{ev.dataset} ({ev.images} frames)", metric_type=key,
                       metric_name=f"{name}, {label}", metric_value=round(getattr(ev, mode)[key], 4))
            for ev in record.variants[variant].evals
            for mode, label in (("metric", "metric scale"), ("median_scaled", "median-scaled"))
            for key, name in CARD_METRICS]


def skill_markdown(record: ReleaseRecord) -> str:
    """Every variant on every validation set, beside the trivial priors, with its skill (the evaluation's table)."""
    return skill_table([replace(ev, model=f"`{v.file}` ({name})")
                        for name, v in record.variants.items() for ev in v.evals])


def data_note(record: ReleaseRecord) -> str:
    """Where the training and validation data came from, and their terms: rendered from the record."""
    trained = "; ".join(credit(name) for name, _ in record.train_data)
    validated = "; ".join(credit(ev.dataset) for ev in next(iter(record.variants.values())).evals)
    return (f"Trained on {trained}. Validated on {validated}. Check those licences before any commercial use: "
            "the weights inherit their terms.")


def model_card(record: ReleaseRecord, repo_id: str, variant: str, runtime_table: str | None = None):
    """A ``huggingface_hub.ModelCard`` with a model-index built from the release record."""
    from huggingface_hub import ModelCard, ModelCardData

    encoder, pretrained = record.encoder, record.encoder_init == "imagenet"
    data = ModelCardData(license=LICENSE, library_name="onnx", pipeline_tag="depth-estimation",
                         model_name=repo_id.split("/")[-1], eval_results=_eval_results(record, variant),
                         tags=["depth-estimation", "monocular-depth", "fastdepth", "onnx", "cpu", encoder])
    scratch = "" if pretrained else (
        "\n**The encoder was trained from scratch**: no ImageNet ResNet50 weights could be downloaded where this "
        "model was trained, so these numbers say nothing about an ImageNet-pretrained ResNet50.\n")
    schedule = ("decoder first on a frozen encoder, then fine-tuned with BatchNorm in inference mode" if pretrained
                else "the whole network from random init, BatchNorm trained")
    body = f"""
# {encoder} + FastDepth decoder (ONNX, CPU)

Monocular depth: one RGB photo in, depth in metres out. Input `image`: 1 x {record.input_size} x
{record.input_size} x 3 float32 RGB in 0..255 (normalisation is inside the graph); output: 1 x H x W x 1
depth in metres. Resize the photo to the input size, run, resize the depth back. For the int8 file on an x86 CPU
without VNNI, add the session option `session.x64quantprecision = "1"`: there ONNX Runtime's default int8 kernels
saturate and change the depth by up to 9 % (with VNNI they are exact, and faster than with the option).
{scratch}
- Parameters: {record.params:,}; {record.gmacs} GMACs per image
- ONNX vs Keras, largest relative difference on real photos: {record.parity_max_rel:.1e}
- Trained on {record.training_note}; loss `{record.loss}`, Adam, {schedule}.

## Validation (rooms never seen in training)

Median-scaled δ1 and AbsRel on each validation set, beside two trivial priors scored on the same pixels
(the same depth everywhere; depth falling linearly from the top row to the bottom). Skill is the model's
score minus the better prior's (for AbsRel: the prior's minus the model's), so positive means better than
both; `metric δ1` is the depth as predicted, without rescaling.

{skill_markdown(record)}

{runtime_table or ''}

## Intended use and limitations

A small, fast model for demos and for robotics prototypes on a CPU, trained on indoor scenes only (see above).
Expect it to be poor outdoors and on close-ups, and
check the skill above before trusting its metric scale.

## Licences

Weights: {LICENSE}. {data_note(record)}
"""
    return ModelCard(f"---\n{data.to_yaml()}\n---\n{body}")


def stage_model_repo(record: ReleaseRecord, run_dir: str | Path, stage_dir: str | Path, repo_id: str,
                     variant: str = "int8", runtime_table: str | None = None) -> Path:
    """Write exactly what the model repo will hold: every ONNX variant, config.json, README.md."""
    stage = Path(stage_dir)
    stage.mkdir(parents=True, exist_ok=True)
    for v in record.variants.values():
        shutil.copyfile(Path(run_dir) / v.file, stage / v.file)
    config = {"encoder": record.encoder, "decoder": record.decoder, "input_size": record.input_size,
              "params": record.params, "gmacs": record.gmacs, "parity_max_rel": record.parity_max_rel,
              "output_units": "metres", "default_file": record.variants[variant].file,
              "files": {v.file: {"sha256": v.sha256, "bytes": v.bytes, "metrics": [ev.to_dict() for ev in v.evals],
                                 "mean_skill": v.mean_skill} for v in record.variants.values()},
              "encoder_init": record.encoder_init, "training_data": [list(s) for s in record.train_data],
              "license": LICENSE}
    (stage / "config.json").write_text(json.dumps(config, indent=2))
    model_card(record, repo_id, variant, runtime_table).save(stage / "README.md")
    return stage


def push_release(record: ReleaseRecord, run_dir: str | Path, repo_id: str | None = None, token: str | None = None,
                 variant: str = "int8", dry_run: bool = False, registry: str | Path = REGISTRY_FILE) -> str:
    """Upload a release in one commit and pin the registry to it; returns the commit sha (or the staged folder)."""
    repo_id = repo_id or default_repo_id(record.encoder)
    stage = stage_model_repo(record, run_dir, Path(run_dir) / "hub_stage", repo_id, variant)
    if dry_run:
        return str(stage)
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    api.create_repo(repo_id, exist_ok=True)
    commit = api.upload_folder(repo_id=repo_id, folder_path=stage,
                               commit_message=f"{record.encoder} release ({variant} default)")
    pin_revision(record.encoder, repo_id, commit.oid, record.variants[variant].sha256, registry)
    return commit.oid
