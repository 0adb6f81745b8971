"""Render a synthetic indoor RGB-D set in the shared layout (rgb/, depth/ in mm, intrinsics), reproducible from a seed."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("out_dir")
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, help="processes (default: every core)")
    p.add_argument("--photos", nargs="*", default=[],
                   help="folders whose photos give random texture crops, e.g. examples/photos (rgb/ subfolders are "
                        "searched); without any, every texture is procedural")
    p.add_argument("--width", type=int, default=320)
    p.add_argument("--height", type=int, default=240)


def run(args) -> None:
    import time

    from ..training.synthetic import generate

    started = time.time()
    generate(args.out_dir, args.count, args.seed, args.photos, args.workers, args.width, args.height)
    seconds = time.time() - started
    print(f"{args.count} frames in {args.out_dir} in {seconds:.0f} s ({args.count / seconds:.1f} frames/s)")
