"""Depth for a photo, a folder of photos or a video: 16-bit PNG in millimetres, and optionally colour, .npy, PLY."""
from __future__ import annotations

from ..inference.colormap import COLORMAPS


def add_arguments(p) -> None:
    p.add_argument("input")
    p.add_argument("-o", "--output", default="depth_out")
    p.add_argument("-m", "--model", help="a registered name or an .onnx file (default: the first registered)")
    p.add_argument("--color", action="store_true", help="also write a coloured JPEG")
    p.add_argument("--npy", action="store_true", help="also write float32 metres as .npy")
    p.add_argument("--ply", action="store_true", help="also write a coloured point cloud (field of view below)")
    p.add_argument("--fov", type=float, help="horizontal field of view in degrees for --ply (default 60)")
    p.add_argument("--cmap", default="turbo", choices=sorted(COLORMAPS))
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def estimator(model: str | None, flip_average: bool = False, threads: int | None = None, fresh: bool = False):
    """A registered model name (default: the first), or a path to any compatible ONNX file: the app's shared
    session, unless a setting or ``fresh`` (a load to time) asks for one of its own."""
    from ..inference.pipeline import DepthEstimator, get_estimator
    from ..inference.registry import get_spec, load_registry

    model = model or next(iter(load_registry()))
    if model.endswith(".onnx"):
        return DepthEstimator(model, threads=threads, flip_average=flip_average)
    if flip_average or threads or fresh:
        return DepthEstimator.from_spec(get_spec(model), threads=threads, flip_average=flip_average)
    return get_estimator(model)


def run(args) -> None:
    from ..outputs.batch import predict_all

    report = predict_all(estimator(args.model), args.input, args.output, color=args.color, npy=args.npy,
                         ply=args.ply, fov_deg=args.fov, cmap=args.cmap, progress=not args.quiet)
    print(f"{report.written} depth maps in {args.output} ({report.images_per_second:.1f} images/s), "
          f"{len(report.skipped)} skipped")
