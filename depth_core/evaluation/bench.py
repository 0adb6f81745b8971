"""Latency of the whole photo -> coloured depth path, stage by stage, in one process and one run.

Numbers only mean something relative to each other on the same machine, so the study's exact
architectures can be benchmarked in the same run (ONNX files given to ``depth-core bench -m``) and every speed-up
is a ratio against ``--reference``.
"""
from __future__ import annotations

import io
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from ..inference.pipeline import DepthEstimator

STAGES = ("decode", "preprocess", "model", "postprocess", "encode", "total")


@dataclass
class BenchResult:
    name: str
    load_ms: float
    warmup_ms: float
    runs: int
    stages_ms: dict[str, list[float]] = field(default_factory=dict)

    def p(self, stage: str, q: float) -> float:
        return float(np.percentile(self.stages_ms[stage], q))


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def encode_jpeg(image: Image.Image, quality: int = 75) -> bytes:
    """What the app's output does (gr.Image(format="jpeg") saves with PIL's default quality, 75):
    JPEG is ~100x cheaper than PNG here."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def bench_estimator(name: str, make_estimator, photo: bytes, runs: int = 50, warmup: int = 5) -> BenchResult:
    """Time ``make_estimator()`` (the load), then ``warmup`` + ``runs`` full predictions of ``photo``."""
    start = time.perf_counter()
    estimator: DepthEstimator = make_estimator()
    load_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for _ in range(warmup):
        encode_jpeg(estimator.predict(photo).colored())
    warmup_ms = (time.perf_counter() - start) * 1000
    result = BenchResult(name, load_ms, warmup_ms, runs, {s: [] for s in STAGES})
    for _ in range(runs):
        begin = time.perf_counter()
        out = estimator.predict(photo)
        colored = out.colored()
        t_enc = time.perf_counter()
        encode_jpeg(colored)
        end = time.perf_counter()
        for stage in ("decode", "preprocess", "model", "postprocess"):
            result.stages_ms[stage].append(out.timings_ms[stage])
        result.stages_ms["encode"].append((end - t_enc) * 1000)
        result.stages_ms["total"].append((end - begin) * 1000)
    return result


def markdown(results: list[BenchResult], references: list[str] = ()) -> str:
    """p50 per stage (p95 of the total), and each row's speed-up over the reference of its encoder.

    A row's encoder is its name up to the first "_", so "mobilenetv2" compares with "mobilenetv2_study".
    """
    head = ("| model | load ms | " + " | ".join(f"{s} p50" for s in STAGES[:-1])
            + " | total p50 | total p95 | speed-up |")
    rows = [head, "|" + "---|" * (len(STAGES) + 4)]
    refs = {r.name.split("_")[0]: r for r in results if r.name in references}
    for r in results:
        ref = refs.get(r.name.split("_")[0])
        ratio = f"{ref.p('total', 50) / r.p('total', 50):.1f}x" if ref else "-"
        cells = " | ".join(f"{r.p(s, 50):.1f}" for s in STAGES[:-1])
        rows.append(f"| {r.name} | {r.load_ms:.0f} | {cells} | {r.p('total', 50):.1f} | "
                    f"{r.p('total', 95):.1f} | {ratio} |")
    return "\n".join(rows)


def throughput_table(folder: str | Path, estimators: dict[str, DepthEstimator]) -> str:
    """Images per second of ``predict`` over a folder (decode, depth, 16-bit PNG write) for each named estimator."""
    import tempfile

    from ..outputs.batch import predict_all

    rows = ["| model | folder | images | predict images/s |", "|---|---|---|---|"]
    for name, estimator in estimators.items():
        with tempfile.TemporaryDirectory() as out:
            report = predict_all(estimator, folder, out, progress=False)
        rows.append(f"| {name} | {Path(folder).name} | {report.written} | {report.images_per_second:.1f} |")
    return "\n".join(rows)


def write_large_png(path: str | Path, width: int = 8064, height: int = 6048) -> Path:
    """A smooth RGB photo of ``width`` x ``height`` (by default 48.8 MP, about the largest the app accepts) as a PNG of
    a few MB, written a band at a time: PNG has no draft mode, so it tests the memory a large photo costs."""
    rgb = np.empty((height, width, 3), np.uint8)
    ramp = np.linspace(0, 255, width, dtype=np.float32)
    for top in range(0, height, 512):
        rows = np.arange(top, min(height, top + 512), dtype=np.float32)[:, None] * (255 / height)
        rgb[top:top + 512] = ((ramp + rows) / 2)[..., None].astype(np.uint8)
    Image.fromarray(rgb).save(path, compress_level=1)
    return Path(path)


def photo_bytes(path: str | Path, size: tuple[int, int] | None = None, quality: int = 90, grain: int = 6) -> bytes:
    """The photo's file, or with ``size`` the photo resized to (width, height) and saved as a JPEG with a fixed
    sensor-like grain (+-``grain`` levels): a stand-in for a phone photo, made in memory so no large file is kept.
    Without the grain, an upscaled photo compresses to a third of a phone JPEG's size and decodes faster."""
    if size is None:
        return Path(path).read_bytes()
    with Image.open(path) as image:
        big = np.asarray(image.convert("RGB").resize(size, Image.BICUBIC), np.int16)
    big += np.random.default_rng(0).integers(-grain, grain + 1, big.shape, dtype=np.int16)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(big, 0, 255).astype(np.uint8)).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
