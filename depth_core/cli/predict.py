"""Depth for a photo, a folder of photos or a video: 16-bit PNG in millimetres, and optionally colour, .npy, PLY."""
from __future__ import annotations

from pathlib import Path

from ..inference.colormap import COLORMAPS, DEFAULT_CMAP


def add_arguments(p) -> None:
    p.add_argument("input")
    p.add_argument("-o", "--output", default="depth_out")
    p.add_argument("-m", "--model", help="a registered name or an .onnx file (default: the first registered)")
    p.add_argument("--color", action="store_true", help="also write a coloured JPEG")
    p.add_argument("--npy", action="store_true", help="also write float32 metres as .npy")
    p.add_argument("--ply", action="store_true", help="also write a coloured point cloud (field of view below)")
    p.add_argument("--fov", type=float, help="horizontal field of view in degrees for --ply (default 60)")
    p.add_argument("--cmap", default=DEFAULT_CMAP, choices=sorted(COLORMAPS))
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run(args) -> None:
    from ..errors import DepthCoreError
    from ..inference.pipeline import load_estimator
    from ..outputs.batch import predict_all

    if Path(args.output).exists() and not Path(args.output).is_dir():
        raise DepthCoreError(f"{args.output} is a file; -o takes a folder to write the depth maps into.")
    report = predict_all(load_estimator(args.model), args.input, args.output, color=args.color, npy=args.npy,
                         ply=args.ply, fov_deg=args.fov, cmap=args.cmap, progress=not args.quiet)
    print(f"{report.written} depth maps in {args.output} ({report.images_per_second:.1f} images/s), "
          f"{len(report.skipped)} skipped")
    if not report.written:
        raise DepthCoreError("no depth map was written: " + ("; ".join(report.skipped) or "no images found"))
