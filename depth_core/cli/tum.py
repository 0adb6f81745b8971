"""Convert a TUM RGB-D sequence (rgb.txt, depth.txt, rgb/, depth/) to the shared layout, to train on another room."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("sequence", help="a TUM sequence folder, e.g. rgbd_dataset_freiburg1_rpy")
    p.add_argument("out_dir")
    p.add_argument("--camera", choices=["fr1", "fr2", "fr3"],
                   help="the Freiburg sensor (default: read from the folder name)")
    p.add_argument("--stride", type=int, default=1, help="keep every N-th frame")


def run(args) -> None:
    from ..training.tum import convert

    count = convert(args.sequence, args.out_dir, args.camera, args.stride)
    print(f"{count} pairs in {args.out_dir}")
