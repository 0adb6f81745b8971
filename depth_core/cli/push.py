"""Upload a training run's release (ONNX files, config.json, model card) to the Hugging Face Hub and pin it.

The Space is published by space_config/publish.py.
"""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("run_dir", help="a folder with release.json and the ONNX files (a notebook's OUT_DIR)")
    p.add_argument("--repo-id", help="default: fastdepth-cpu/<encoder>-fastdepth-onnx")
    p.add_argument("--variant", choices=["fp32", "int8"], default="int8", help="the file the registry serves")
    p.add_argument("--dry-run", action="store_true", help="stage the folder, upload nothing")


def run(args) -> None:
    from ..publishing.hub import push_release
    from ..publishing.record import ReleaseRecord

    record = ReleaseRecord.load(args.run_dir)
    print(push_release(record, args.run_dir, args.repo_id, variant=args.variant, dry_run=args.dry_run))
