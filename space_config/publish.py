"""Stage the Gradio Space (this repo's app, depth_core without training, the examples, this folder's README with
the registry's pinned model revisions) and upload it in one commit.

    python space_config/publish.py --repo-id your-name/fastdepth-cpu [--dry-run]
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from depth_core.inference.registry import REGISTRY_FILE, load_registry

ROOT = Path(__file__).resolve().parent.parent
SPACE_FILES = ("app.py", "gallery.py", "requirements.txt")
SPACE_DIRS = ("examples",)


def stage_space(stage_dir: str | Path, registry: str | Path = REGISTRY_FILE, root: Path = ROOT) -> Path:
    """The Space's folder; the README's ``models`` and ``preload_from_hub`` come from the registry's pins."""
    from huggingface_hub import SpaceCard

    stage = Path(stage_dir)
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
    card.data.preload_from_hub = [f"{s.repo_id} {s.file} {s.revision}" for s in specs if s.revision] or None
    card.save(stage / "README.md")
    return stage


def publish_space(repo_id: str, token: str | None = None, dry_run: bool = False,
                  registry: str | Path = REGISTRY_FILE, stage_dir: str | Path = ROOT / "runs" / "space_stage") -> str:
    """Stage and upload the Space; returns the commit sha (or, with ``dry_run``, the staged folder)."""
    stage = stage_space(stage_dir, registry)
    if dry_run:
        return str(stage)
    from huggingface_hub import HfApi

    api = HfApi(token=token)
    api.create_repo(repo_id, repo_type="space", space_sdk="gradio", exist_ok=True)
    return api.upload_folder(repo_id=repo_id, repo_type="space", folder_path=stage,
                             commit_message="Publish the depth app").oid


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo-id", required=True, help="e.g. your-name/fastdepth-cpu")
    parser.add_argument("--dry-run", action="store_true", help="stage the folder, upload nothing")
    args = parser.parse_args(argv)
    print(publish_space(args.repo_id, dry_run=args.dry_run))


if __name__ == "__main__":
    main()
