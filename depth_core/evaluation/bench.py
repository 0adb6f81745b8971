"""Latency of the whole photo -> coloured depth path, stage by stage, in one process and one run.

Numbers only mean something relative to each other on the same machine, so the study's exact
architectures can be benchmarked in the same run (``extra`` ONNX files) and every speed-up is a ratio.
"""
from __future__ import annotations

import io
import os
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

    A row's encoder is its name up to the first "_", so "mobilenetv2" compares with "mobilenetv2_seed".
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


def throughput_table(folder: str | Path, models: list[str]) -> str:
    """Images per second of ``predict`` over a folder (decode, depth, 16-bit PNG write), one session each."""
    import tempfile

    from ..outputs.batch import predict_all
    from ..inference.pipeline import get_estimator

    rows = ["| model | folder | images | predict images/s |", "|---|---|---|---|"]
    for name in models:
        with tempfile.TemporaryDirectory() as out:
            report = predict_all(get_estimator(name), folder, out, progress=False)
        rows.append(f"| {name} | {Path(folder).name} | {report.written} | {report.images_per_second:.1f} |")
    return "\n".join(rows)


def photo_bytes(path: str | Path) -> bytes:
    return Path(path).read_bytes()


# gradio_client builds a new httpx client for every upload, call and download; with its default
# ssl_verify=True each one loads the system CA bundle, even for a plain-http URL where
# no TLS happens. Both settings are timed so the table shows what the app costs and what the client does.
CLIENT_SETTINGS = {"defaults": {}, "ssl_verify=False": {"ssl_verify": False}}


@dataclass
class AppBench:
    cold_start_s: float  # `python app.py` to the first served page
    round_trip_ms: dict[tuple[str, str], list[float]]  # (encoder label, client setting): predict() wall times
    rss_mb: float  # the app process's peak resident memory, all models loaded
    endpoint_ms: dict[str, list[float]] = field(default_factory=dict)  # "call": wall times, ssl_verify=False
    load: tuple[float, float] = (float("nan"), float("nan"))  # 1-minute load average at the start and the end

    def endpoints_markdown(self) -> str:
        """One row per endpoint call: what a gradio_client user waits for each feature."""
        rows = ["| endpoint call | runs | round trip p50 ms | p95 ms |", "|---|---|---|---|"]
        for call, times in self.endpoint_ms.items():
            p50, p95 = np.percentile(times, 50), np.percentile(times, 95)
            rows.append(f"| `{call}` | {len(times)} | {p50:.1f} | {p95:.1f} |")
        start, end = self.load
        return "\n".join(rows) + (f"\n\nMachine load (1-minute load average, {os.cpu_count()} cores) at the start "
                                  f"and the end: {start:.1f} / {end:.1f}\n")

    def markdown(self) -> str:
        rows = ["| encoder | gradio_client | API round trip p50 ms | p95 ms |", "|---|---|---|---|"]
        for (label, setting), times in self.round_trip_ms.items():
            rows.append(f"| {label} | {setting} | {np.percentile(times, 50):.1f} | {np.percentile(times, 95):.1f} |")
        return "\n".join(rows) + (f"\n\nCold start (`python app.py` to a served page): {self.cold_start_s:.1f} s; "
                                  f"app peak RSS with every model loaded: {self.rss_mb:.0f} MB\n")


def _peak_rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def endpoint_calls(photo: str | Path, labels: list[str], rgbd: tuple[Path, Path], video: Path) -> dict[str, tuple]:
    """{row name: (api_name, args)}: every feature's endpoint, called as the app's UI calls it.

    The follow-up steps (downloads, 3D, check) come after a prediction of the same file, so, as in the UI,
    they reuse it; ``/predict``, ``/depth`` and ``/live`` run the network every time.
    """
    from gradio_client import handle_file

    rgb, depth = rgbd
    calls = {f"/predict {label}": ("/predict", (handle_file(str(photo)), label)) for label in labels}
    calls["/depth Both"] = ("/depth", (handle_file(str(photo)), "Both"))
    calls[f"/downloads {labels[0]}"] = ("/downloads", (handle_file(str(photo)), labels[0]))
    calls[f"/view3d {labels[0]}"] = ("/view3d", (handle_file(str(photo)), labels[0]))
    calls[f"/check Both, {rgb.stem}"] = ("/check", (handle_file(str(rgb)), "Both", handle_file(str(depth))))
    calls["/live one frame"] = ("/live", (handle_file(str(photo)), "turbo"))
    calls["/video 5 frames 320x240"] = ("/video", (handle_file(str(video)), "turbo"))
    return calls


def _time_endpoints(url: str, photo: str | Path, labels: list[str], runs: int) -> dict[str, list[float]]:
    import tempfile

    from gradio_client import Client

    from ..gallery import rgbd_examples
    from ..outputs.video import pan_clip

    pair = rgbd_examples()[0]
    with tempfile.TemporaryDirectory() as tmp:
        calls = endpoint_calls(photo, labels, (pair.rgb, pair.depth), pan_clip(photo, Path(tmp) / "clip.avi"))
        client = Client(url, verbose=False, ssl_verify=False)
        times: dict[str, list[float]] = {name: [] for name in calls}
        for name, (api_name, args) in calls.items():
            client.predict(*args, api_name=api_name)  # warm the path once
        for _ in range(runs):  # round-robin: a burst of load on a shared machine hits every row alike
            for name, (api_name, args) in calls.items():
                t0 = time.perf_counter()
                client.predict(*args, api_name=api_name)
                times[name].append((time.perf_counter() - t0) * 1000)
        client.close()
    return times


def bench_app(app: str | Path, photo: str | Path, labels: list[str], runs: int = 30, port: int = 7899,
              endpoints: bool = False) -> AppBench:
    """Start the app as a user would, then time its public API through gradio_client (local, one client);
    with ``endpoints``, every feature's endpoint too."""
    import subprocess
    import urllib.request

    from gradio_client import Client, handle_file

    load_start = os.getloadavg()[0]
    env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
           "GRADIO_ANALYTICS_ENABLED": "False"}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(app)], cwd=Path(app).parent, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            if proc.poll() is not None:
                raise RuntimeError("the app exited during start-up")
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        cold = time.perf_counter() - start
        times: dict[tuple[str, str], list[float]] = {}
        for setting, kwargs in CLIENT_SETTINGS.items():
            client = Client(url, verbose=False, **kwargs)
            for label in labels:
                client.predict(handle_file(str(photo)), label, api_name="/predict")  # warm the path once
                times[label, setting] = []
                for _ in range(runs):
                    t0 = time.perf_counter()
                    client.predict(handle_file(str(photo)), label, api_name="/predict")
                    times[label, setting].append((time.perf_counter() - t0) * 1000)
            client.close()
        per_endpoint = _time_endpoints(url, photo, labels, runs) if endpoints else {}
        return AppBench(cold, times, _peak_rss_of(proc.pid), per_endpoint, (load_start, os.getloadavg()[0]))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
