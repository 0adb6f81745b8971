"""``python -m depth_core``: models, predict, eval and bench from the command line."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import DepthCoreError
from .inference.registry import load_registry


def _estimator(model: str):
    """A registered model name, or a path to any compatible ONNX file."""
    from .inference.pipeline import DepthEstimator, get_estimator

    return DepthEstimator.from_file(model) if model.endswith(".onnx") else get_estimator(model)


def cmd_models(args) -> None:
    from .inference.weights import resolve_weights

    for spec in load_registry().values():
        resolved = resolve_weights(spec, use_hub=not args.offline)
        print(f"{spec.name:12s} {spec.label:12s} {spec.encoder}+{spec.decoder}  {resolved.path}  "
              f"[{resolved.describe()}]")


def cmd_predict(args) -> None:
    from .outputs.batch import predict_all

    estimator = _estimator(args.model or next(iter(load_registry())))
    report = predict_all(estimator, args.input, args.output, color=args.color, npy=args.npy, cmap=args.cmap,
                         progress=not args.quiet)
    print(f"{report.written} depth maps in {args.output} ({report.images_per_second:.1f} images/s), "
          f"{len(report.skipped)} skipped")


def cmd_eval(args) -> None:
    from .evaluation.rgbd import validation_dirs
    from .evaluation.evaluate import evaluate, markdown_table, mean_skill, skill_table

    crop = tuple(args.crop) if args.crop else None
    folders = args.data or validation_dirs()
    evaluations = [evaluate(_estimator(m), folder, args.min_depth, args.max_depth, crop, args.limit)
                   for m in args.model or load_registry() for folder in folders]
    by_model: dict[str, list] = {}
    for ev in evaluations:
        by_model.setdefault(ev.model, []).append(ev)
    means = "\n".join(f"Mean skill of {model} over {len(evs)} sets: δ1 {s['delta1']:+.3f}, AbsRel {s['abs_rel']:+.3f}"
                      for model, evs in by_model.items() for s in [mean_skill(evs)])
    summary = f"{skill_table(evaluations)}\n\n{means}"
    print(f"{summary}\n\n{markdown_table(evaluations)}")
    if args.json:  # every metric of every evaluation
        Path(args.json).write_text(json.dumps([e.to_dict() for e in evaluations], indent=2))
    if args.markdown:  # the skill table and the mean skill
        Path(args.markdown).write_text(summary + "\n")


def cmd_bench(args) -> None:
    from .evaluation.bench import bench_estimator, markdown, peak_rss_mb, photo_bytes, throughput_table
    from .inference.pipeline import DepthEstimator
    from .inference.registry import get_spec

    if args.app:
        from .evaluation.bench import bench_app

        labels = [spec.label for spec in load_registry().values()]
        result = bench_app(Path(__file__).resolve().parent.parent / "app.py", args.image, labels, args.runs,
                           endpoints=args.endpoints)
        text = result.endpoints_markdown() if args.endpoints else result.markdown()
        print(text)
        if args.markdown:
            Path(args.markdown).write_text(text)
        return
    photo = photo_bytes(args.image)
    results = []
    models = args.model or list(load_registry())
    for model in models:
        if model.endswith(".onnx"):
            make = lambda m=model: DepthEstimator.from_file(m, threads=args.threads)
        else:
            make = lambda m=model: DepthEstimator(get_spec(m), threads=args.threads)
        results.append(bench_estimator(Path(model).stem, make, photo, args.runs, args.warmup))
    table = markdown(results, references=[Path(r).stem for r in args.reference])
    if args.json:  # p50 per stage, for plots
        Path(args.json).write_text(json.dumps({r.name: {s: r.p(s, 50) for s in r.stages_ms} for r in results},
                                              indent=2))
    if args.folder:
        table += "\n\n" + throughput_table(args.folder, [m for m in models if not m.endswith(".onnx")])
    text = (f"{table}\n\nImage: {Path(args.image).name}, runs: {args.runs}, threads: {args.threads or 'all'}, "
            f"peak RSS: {peak_rss_mb():.0f} MB\n")
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


def cmd_push(args) -> None:
    from .publishing.hub import push_release

    report = json.loads((Path(args.run_dir) / "release.json").read_text())
    print(push_release(report, args.run_dir, args.repo_id, variant=args.variant, dry_run=args.dry_run))


def cmd_publish_space(args) -> None:
    from .publishing.hub import publish_space

    print(publish_space(Path(__file__).resolve().parent.parent, args.repo_id, dry_run=args.dry_run))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="depth_core", description="Monocular depth on the CPU.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("models", help="list registered models and where their weights come from")
    p.add_argument("--offline", action="store_true", help="do not try the Hugging Face Hub")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("predict", help="depth for a photo, a folder of photos or a video")
    p.add_argument("input")
    p.add_argument("-o", "--output", default="depth_out")
    p.add_argument("-m", "--model", help="a registered name or an .onnx file (default: the first registered)")
    p.add_argument("--color", action="store_true", help="also write a coloured JPEG")
    p.add_argument("--npy", action="store_true", help="also write float32 metres as .npy")
    p.add_argument("--cmap", default="turbo")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("eval", help="metrics and skill over trivial priors on RGB-D folders (rgb/, depth/ in mm)")
    p.add_argument("data", nargs="*", help="RGB-D folders (default: every validation set under $DEPTH_SHARED/data)")
    p.add_argument("-m", "--model", nargs="+", help="registered names or .onnx files (default: all registered)")
    p.add_argument("--min-depth", type=float, default=0.1)
    p.add_argument("--max-depth", type=float, default=10.0)
    p.add_argument("--crop", type=int, nargs=4, metavar=("TOP", "BOTTOM", "LEFT", "RIGHT"))
    p.add_argument("--limit", type=int)
    p.add_argument("--json")
    p.add_argument("--markdown")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="per-stage latency of photo -> coloured depth")
    p.add_argument("image")
    p.add_argument("-m", "--model", nargs="+",
                   help="registered names or .onnx files, e.g. the study's reference architectures (default: all)")
    p.add_argument("--reference", nargs="*", default=[],
                   help="models the speed-up column is relative to (matched to rows by encoder name)")
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int)
    p.add_argument("--folder", help="also time `predict` over this folder (16-bit PNG written per image)")
    p.add_argument("--json", help="also write each model's p50 per stage as JSON")
    p.add_argument("--app", action="store_true",
                   help="end to end: start app.py, time its cold start and API round trips (gradio_client)")
    p.add_argument("--endpoints", action="store_true",
                   help="with --app: every feature endpoint's round trip instead (gradio_client, ssl_verify=False)")
    p.add_argument("--markdown")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("push", help="upload a training run's release to the Hugging Face Hub and pin it")
    p.add_argument("run_dir", help="a folder with release.json and the ONNX files (a notebook's OUT_DIR)")
    p.add_argument("--repo-id", help="default: fastdepth-cpu/<encoder>-fastdepth-onnx")
    p.add_argument("--variant", choices=["fp32", "int8"], default="int8", help="the file the registry serves")
    p.add_argument("--dry-run", action="store_true", help="stage the folder, upload nothing")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("publish-space", help="stage the Gradio Space and upload it")
    p.add_argument("--repo-id", required=True, help="e.g. your-name/fastdepth-cpu")
    p.add_argument("--dry-run", action="store_true", help="stage the folder, upload nothing")
    p.set_defaults(func=cmd_publish_space)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (DepthCoreError, FileNotFoundError, KeyError) as err:
        message = err.args[0] if isinstance(err, KeyError) else err
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0
