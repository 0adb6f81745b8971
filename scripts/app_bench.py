"""The app as a user meets it: cold start, API round trips through gradio_client, memory; with --endpoints,
every feature's endpoint.

    python scripts/app_bench.py examples/photos/tum_fr2_desk_1.jpg --runs 30 --markdown docs/results/app.md
    python scripts/app_bench.py examples/photos/tum_fr2_desk_1.jpg --endpoints --runs 20
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_server import REPO, start_app, status_mb, stop_app  # noqa: E402

sys.path.insert(0, str(REPO))  # the checkout's depth_core and gallery, as app.py (run from REPO) imports them
from depth_core.inference.runtime import cpu_description  # noqa: E402
from depth_core.inference.registry import load_registry  # noqa: E402
from depth_core.outputs.video import pan_clip  # noqa: E402
from gallery import rgbd_examples  # noqa: E402


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
                                  f"app peak RSS with every model loaded: {self.rss_mb:.0f} MB; CPU: {cpu_description()}\n")


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
    from gradio_client import Client

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


def bench_app(photo: str | Path, labels: list[str], runs: int = 30, endpoints: bool = False) -> AppBench:
    """Start the app as a user would, then time its public API through gradio_client (local, one client);
    with ``endpoints``, every feature's endpoint too."""
    from gradio_client import Client, handle_file

    load_start = os.getloadavg()[0]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_app(Path(tmp) / "app.log", {})
        try:
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
            return AppBench(cold, times, status_mb(proc.pid, "VmHWM"), per_endpoint,
                            (load_start, os.getloadavg()[0]))
        finally:
            stop_app(proc)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--endpoints", action="store_true",
                        help="every feature endpoint's round trip instead (gradio_client, ssl_verify=False)")
    parser.add_argument("--markdown", help="also write the table here")
    args = parser.parse_args(argv)
    labels = [spec.label for spec in load_registry().values()]
    result = bench_app(args.image, labels, args.runs, endpoints=args.endpoints)
    text = result.endpoints_markdown() if args.endpoints else result.markdown()
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
