"""Publish to the Hugging Face Hub: model repos (ONNX files, config.json, model card) and the Space.

Pulling lives in ``weights.py``; this module only writes. ``huggingface_hub`` is imported lazily,
and every upload has a dry run that stages the exact folder without sending it.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from .registry import REGISTRY_FILE, load_registry

DEFAULT_NAMESPACE = "fastdepth-cpu"
LICENSE = "apache-2.0"
CARD_METRICS = (("abs_rel", "AbsRel"), ("rmse", "RMSE (m)"), ("delta1", "δ<1.25"))
DATA_NOTE = ("Trained on Microsoft 7-Scenes `redkitchen` (Microsoft Research non-commercial licence) and "
             "validated on SUN3D `office` frames (no open licence): the weights are released for research use; "
             "check those licences before any commercial use.")


def default_repo_id(encoder: str, namespace: str = DEFAULT_NAMESPACE) -> str:
    return f"{namespace}/{encoder}-fastdepth-onnx"


def _eval_results(report: dict, variant: str):
    from huggingface_hub import EvalResult

    ev = report["variants"][variant]["eval"]
    results = []
    for mode, label in (("metric", "metric scale"), ("median_scaled", "median-scaled")):
        for key, name in CARD_METRICS:
            results.append(EvalResult(task_type="depth-estimation", dataset_type="sun3d",
                                      dataset_name=f"SUN3D office (frag1, {ev['images']} frames)",
                                      metric_type=key, metric_name=f"{name}, {label}",
                                      metric_value=round(ev[mode][key], 4)))
    return results


def size_note(cfg: dict) -> str:
    """" at 224x224, exported at 128x128" when a run was re-exported at another size, else ""."""
    trained, exported = cfg.get("trained_input_size", cfg["input_size"]), cfg["input_size"]
    return "" if trained == exported else f" at {trained}x{trained}, exported at {exported}x{exported}"


def model_card(report: dict, repo_id: str, variant: str, runtime_table: str | None = None):
    """A ``huggingface_hub.ModelCard`` with a model-index built from the release report."""
    from huggingface_hub import ModelCard, ModelCardData

    cfg = report["train_config"]
    encoder = report["encoder"]
    data = ModelCardData(license=LICENSE, library_name="onnx", pipeline_tag="depth-estimation",
                         model_name=repo_id.split("/")[-1], eval_results=_eval_results(report, variant),
                         tags=["depth-estimation", "monocular-depth", "fastdepth", "onnx", "cpu", encoder])
    rows = ["| file | bytes | " + " | ".join(n for _, n in CARD_METRICS) + " (median-scaled) |",
            "|---|---|" + "---|" * len(CARD_METRICS)]
    for name, v in report["variants"].items():
        cells = " | ".join(f"{v['eval']['median_scaled'][k]:.3f}" for k, _ in CARD_METRICS)
        rows.append(f"| `{v['file']}` ({name}) | {v['bytes']:,} | {cells} |")
    scratch = "" if cfg["weights"] else (
        "\n**The encoder was trained from scratch**: no ImageNet ResNet50 weights could be downloaded where this "
        "model was trained, so these numbers say nothing about an ImageNet-pretrained ResNet50.\n")
    schedule = ("decoder first on a frozen encoder, then fine-tuned with BatchNorm in inference mode" if cfg["weights"]
                else "the whole network from random init, BatchNorm trained")
    body = f"""
# {encoder} + FastDepth decoder (ONNX, CPU)

Monocular depth: one RGB photo in, depth in metres out. Input `image`: 1 x {report['input_size']} x
{report['input_size']} x 3 float32 RGB in 0..255 (normalisation is inside the graph); output: 1 x H x W x 1
depth in metres. Resize the photo to the input size, run, resize the depth back.
{scratch}
- Parameters: {report['params']:,}; {report['gmacs']} GMACs per image
- ONNX vs Keras, largest relative difference on real photos: {report['parity_max_rel']:.1e}
- Trained on `{Path(cfg['train_dir']).name}`{size_note(cfg)}; loss `{cfg['loss']}`, Adam, {schedule}.

## Validation (SUN3D office, never seen in training)

{chr(10).join(rows)}

{runtime_table or ''}

## Intended use and limitations

A small, fast model for demos and for robotics prototypes on a CPU. It was trained on a single kitchen, so
it is far less accurate on other rooms and poor outdoors; metric scale in particular does not transfer.

## Licences

Weights: {LICENSE}. {DATA_NOTE}
"""
    return ModelCard(f"---\n{data.to_yaml()}\n---\n{body}")


def stage_model_repo(report: dict, run_dir: str | Path, stage_dir: str | Path, repo_id: str,
                     variant: str = "int8", runtime_table: str | None = None) -> Path:
    """Write exactly what the model repo will hold: every ONNX variant, config.json, README.md."""
    stage = Path(stage_dir)
    stage.mkdir(parents=True, exist_ok=True)
    for v in report["variants"].values():
        shutil.copyfile(Path(run_dir) / v["file"], stage / v["file"])
    config = {k: report[k] for k in ("encoder", "decoder", "input_size", "params", "gmacs", "parity_max_rel")}
    config.update(output_units="metres", default_file=report["variants"][variant]["file"],
                  files={v["file"]: {"sha256": v["sha256"], "bytes": v["bytes"], "metrics": v["eval"]}
                         for v in report["variants"].values()},
                  training_data=Path(report["train_config"]["train_dir"]).name, license=LICENSE)
    (stage / "config.json").write_text(json.dumps(config, indent=2))
    model_card(report, repo_id, variant, runtime_table).save(stage / "README.md")
    return stage


def push_release(report: dict, run_dir: str | Path, repo_id: str | None = None, token: str | None = None,
                 variant: str = "int8", dry_run: bool = False, registry: str | Path = REGISTRY_FILE) -> str:
    """Upload a release in one commit and pin the registry to it; returns the commit sha (or the staged folder)."""
    repo_id = repo_id or default_repo_id(report["encoder"])
    stage = stage_model_repo(report, run_dir, Path(run_dir) / "hub_stage", repo_id, variant)
    if dry_run:
        return str(stage)
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    api.create_repo(repo_id, exist_ok=True)
    commit = api.upload_folder(repo_id=repo_id, folder_path=stage,
                               commit_message=f"{report['encoder']} release ({variant} default)")
    pin_revision(report["encoder"], repo_id, commit.oid, report["variants"][variant]["sha256"], registry)
    return commit.oid


def pin_revision(name: str, repo_id: str, revision: str, sha256: str, registry: str | Path = REGISTRY_FILE) -> bool:
    """Point a registry entry at a Hub commit, if that commit holds the entry's exact file."""
    path = Path(registry)
    data = json.loads(path.read_text())
    for entry in data["models"]:
        if entry["name"] == name and entry["sha256"] == sha256:
            entry.update(repo_id=repo_id, revision=revision)
            path.write_text(json.dumps(data, indent=2) + "\n")
            return True
    return False


SPACE_FILES = ("app.py", "requirements.txt")
SPACE_DIRS = ("examples",)


def stage_space(repo_root: str | Path, stage_dir: str | Path, registry: str | Path = REGISTRY_FILE) -> Path:
    """The Space's folder: the app, depth_core without its training code, examples, and the Space README
    (whose ``models`` and ``preload_from_hub`` are filled from the registry's pinned revisions)."""
    from huggingface_hub import SpaceCard

    root, stage = Path(repo_root), Path(stage_dir)
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    for name in SPACE_FILES:
        shutil.copyfile(root / name, stage / name)
    for name in SPACE_DIRS:
        shutil.copytree(root / name, stage / name)
    shutil.copytree(root / "depth_core", stage / "depth_core",
                    ignore=shutil.ignore_patterns("training", "__pycache__", "*.pyc"))
    card = SpaceCard.load(root / "space_config" / "README.md")
    specs = [s for s in load_registry(registry).values() if s.repo_id]
    card.data.models = [s.repo_id for s in specs] or None
    preload = [f"{s.repo_id} {s.file} {s.revision}" for s in specs if s.revision]
    card.data.preload_from_hub = preload or None
    card.save(stage / "README.md")
    return stage


def publish_space(repo_root: str | Path, repo_id: str, token: str | None = None, dry_run: bool = False,
                  registry: str | Path = REGISTRY_FILE) -> str:
    """Stage and upload the Space in one commit; returns the commit sha (or the staged folder)."""
    stage = stage_space(repo_root, Path(repo_root) / "runs" / "space_stage", registry)
    if dry_run:
        return str(stage)
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    api.create_repo(repo_id, repo_type="space", space_sdk="gradio", exist_ok=True)
    return api.upload_folder(repo_id=repo_id, repo_type="space", folder_path=stage,
                             commit_message="Publish the depth app").oid
