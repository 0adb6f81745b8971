"""Per-stage latency of photo -> coloured depth, with the study's architectures in the same run if given.

The app's round trips are timed by scripts/app_bench.py, which starts the app as a user does.
"""
from __future__ import annotations

import json
from pathlib import Path


def add_arguments(p) -> None:
    p.add_argument("image")
    p.add_argument("-m", "--model", nargs="+",
                   help="registered names or .onnx files, e.g. the study's reference architectures (default: all)")
    p.add_argument("--reference", nargs="*", default=[],
                   help="models the speed-up column is relative to (matched to rows by encoder name)")
    p.add_argument("--size", type=lambda text: tuple(int(v) for v in text.lower().split("x")), metavar="WxH",
                   help="time the photo resized to this size as a JPEG made in memory, e.g. 4032x3024 for a "
                        "12 MP phone photo")
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int)
    p.add_argument("--folder", help="also time `predict` over this folder (16-bit PNG written per image)")
    p.add_argument("--json", help="also write each model's p50 per stage as JSON")
    p.add_argument("--markdown")


def run(args) -> None:
    from ..evaluation.bench import bench_estimator, markdown, peak_rss_mb, photo_bytes, throughput_table
    from ..inference.registry import load_registry
    from ..inference.runtime import cpu_description
    from ..inference.pipeline import load_estimator

    photo = photo_bytes(args.image, args.size)
    results = []
    models = args.model or list(load_registry())
    for model in models:
        make = lambda m=model: load_estimator(m, threads=args.threads, fresh=True)  # noqa: E731
        results.append(bench_estimator(Path(model).stem, make, photo, args.runs, args.warmup))
    table = markdown(results, references=[Path(r).stem for r in args.reference])
    if args.json:  # p50 per stage, for plots
        Path(args.json).write_text(json.dumps({r.name: {s: r.p(s, 50) for s in r.stages_ms} for r in results},
                                              indent=2))
    if args.folder:
        estimators = {Path(m).stem: load_estimator(m, threads=args.threads) for m in models}
        table += "\n\n" + throughput_table(args.folder, estimators)
    shown = f"{Path(args.image).name}" + (" as a {}x{} JPEG of {:.1f} MB".format(*args.size, len(photo) / 1e6)
                                          if args.size else "")
    text = (f"{table}\n\nImage: {shown}, runs: {args.runs}, threads: {args.threads or 'all'}, "
            f"peak RSS: {peak_rss_mb():.0f} MB, CPU: {cpu_description()}\n")
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)
