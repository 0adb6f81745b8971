"""Load test: gradio_client users hammer `python app.py` on 127.0.0.1 with mixed valid and invalid photos.

    python scripts/load_test.py                            # full form: 8 clients x 50 requests (the figures in docs/reliability.md)
    python scripts/load_test.py --clients 3 --requests 8   # short form (tests/test_app.py runs it in CI)

Four in ten requests send the very same photo (byte-identical results, the case that once truncated downloads),
three send other gallery photos, three send photos the app must refuse, each with its own message. Encoders
alternate. Only 127.0.0.1 is contacted; every client stops after its requests or at --max-seconds, whichever comes
first, and the app is stopped at the end. Exit status 0 when the targets hold: no unexpected failure, every invalid
photo answered with its message, app RSS growth under 50 MB.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_server import REPO, start_app, status_mb, stop_app  # noqa: E402

RSS_GROWTH_LIMIT_MB = 50.0
SAME_PHOTO = REPO / "examples" / "photos" / "tum_fr2_desk_1.jpg"


@dataclass(frozen=True)
class Photo:
    path: Path
    size: tuple[int, int] | None  # upright size of the depth map, or None when the app must refuse it
    message: str = ""  # regex the refusal must match


@dataclass
class Report:
    clients: int
    requests: int
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    invalid_sent: int = 0
    invalid_answered: int = 0  # refused with the expected message
    unexpected: list[str] = field(default_factory=list)
    rss_served_mb: float = 0.0  # when the page first answered (models may still be loading)
    rss_start_mb: float = 0.0  # after the warm-up pass
    rss_end_mb: float = 0.0
    tracebacks_in_log: int = 0

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_end_mb - self.rss_start_mb

    @property
    def ok(self) -> bool:
        return (not self.unexpected and self.invalid_answered == self.invalid_sent
                and self.rss_growth_mb < RSS_GROWTH_LIMIT_MB)

    def text(self) -> str:
        sent = len(self.latencies_ms)
        p50, p95 = np.percentile(self.latencies_ms, [50, 95]) if sent else (float("nan"),) * 2
        lines = [
            f"clients x requests: {self.clients} x {self.requests} ({sent} sent in {self.seconds:.1f} s)",
            f"unexpected failures: {len(self.unexpected)}",
            f"invalid photos answered with their message: {self.invalid_answered} of {self.invalid_sent}",
            f"latency p50 {p50:.0f} ms, p95 {p95:.0f} ms (every request, valid and invalid)",
            f"throughput: {sent / max(self.seconds, 1e-9):.2f} requests/s",
            f"app RSS: {self.rss_served_mb:.0f} MB at the first page, {self.rss_start_mb:.0f} MB after a warm-up pass "
            f"(every client sends every photo once per encoder), {self.rss_end_mb:.0f} MB at the end "
            f"(growth {self.rss_growth_mb:+.0f} MB, target < {RSS_GROWTH_LIMIT_MB:.0f})",
            f"tracebacks in the app log: {self.tracebacks_in_log}",
            f"targets met: {'yes' if self.ok else 'NO'}",
        ]
        return "\n".join(lines + [f"  unexpected: {u}" for u in self.unexpected[:10]])


def make_photos(folder: Path) -> tuple[list[Photo], list[Photo]]:
    """(valid, invalid) photos; valid ones come from the gallery, invalid ones are made here."""
    def upright(path: Path) -> tuple[int, int]:
        with Image.open(path) as image:
            return ImageOps.exif_transpose(image).size

    gallery = sorted(p for p in (REPO / "examples" / "photos").glob("*.jpg") if p != SAME_PHOTO)[:4]
    valid = [Photo(p, upright(p)) for p in [SAME_PHOTO, *gallery]]
    (folder / "notes.jpg").write_text("not a photo")
    (folder / "cut.jpg").write_bytes(SAME_PHOTO.read_bytes()[:3000])
    Image.new("RGB", (8, 8)).save(folder / "tiny.png")
    Image.new("1", (20000, 16)).save(folder / "strip.png")
    Image.new("1", (7200, 7200)).save(folder / "huge.png")  # 52 MP, a few KB on disk
    invalid = [Photo(folder / "notes.jpg", None, "not an image we can read"),
               Photo(folder / "cut.jpg", None, "damaged or truncated|not an image"),
               Photo(folder / "tiny.png", None, "too small"),
               Photo(folder / "strip.png", None, "too long or too wide"),
               Photo(folder / "huge.png", None, "too large")]
    return valid, invalid


def _rss_mb(pid: int) -> float:
    return status_mb(pid, "VmRSS")


def _one_request(client, photo: Photo, label: str, report: Report, lock: threading.Lock) -> None:
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    start = time.perf_counter()
    problem = None
    try:
        depth_path, _ = client.submit(handle_file(str(photo.path)), label, api_name="/predict").result(timeout=120)
        with Image.open(depth_path) as depth:
            depth.load()  # the whole JPEG: a truncated download fails here
            if depth.size != photo.size:
                problem = f"{photo.path.name}: depth map {depth.size}, expected {photo.size}"
    except AppError as err:
        if photo.size is not None or not re.search(photo.message, str(err)):
            problem = f"{photo.path.name}: {err}"
        else:
            with lock:
                report.invalid_answered += 1
    except Exception as err:  # noqa: BLE001 - every other outcome is what this script is here to count
        problem = f"{photo.path.name}: {type(err).__name__}: {err}"
    with lock:
        report.latencies_ms.append((time.perf_counter() - start) * 1000)
        report.invalid_sent += photo.size is None
        if problem:
            report.unexpected.append(problem)


def run(clients: int = 8, requests: int = 50, max_seconds: float = 900) -> Report:
    """Start the app, warm both encoders, run the clients, stop the app; the figures as a Report."""
    from gradio_client import Client

    sys.path.insert(0, str(REPO))  # the depth_core that app.py (run from REPO) imports
    from depth_core.inference.registry import load_registry

    report = Report(clients, requests)
    lock = threading.Lock()
    with tempfile.TemporaryDirectory(prefix="load_test_") as tmp:
        tmp = Path(tmp)
        (tmp / "cache").mkdir()
        valid, invalid = make_photos(tmp)
        proc, url = start_app(tmp / "app.log", {"HF_HUB_OFFLINE": "1", "GRADIO_TEMP_DIR": str(tmp / "cache")})
        try:
            labels = [spec.label for spec in load_registry().values()]
            report.rss_served_mb = _rss_mb(proc.pid)

            def user(i: int, schedule: list[tuple[Photo, str]], into: Report, deadline: float) -> None:
                client = Client(url, verbose=False, ssl_verify=False, download_files=str(tmp / f"downloads{i}"))
                for photo, label in schedule:
                    if time.monotonic() > deadline:
                        return
                    _one_request(client, photo, label, into, lock)

            def users(schedules: list[list[tuple[Photo, str]]], into: Report, seconds: float) -> None:
                deadline = time.monotonic() + seconds
                threads = [threading.Thread(target=user, args=(i, schedule, into, deadline), daemon=True)
                           for i, schedule in enumerate(schedules)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(seconds + 130)

            # Warm-up: every client sends every photo once per encoder, so the growth measured afterwards is what
            # the load adds (worker threads, allocator arenas and ONNX Runtime buffers exist by then).
            warm_up = Report(clients, 0)
            users([[(photo, label) for label in labels for photo in valid + invalid]] * clients, warm_up, max_seconds)
            report.unexpected += [f"warm-up: {u}" for u in warm_up.unexpected]
            report.rss_start_mb = _rss_mb(proc.pid)

            def schedule(i: int) -> list[tuple[Photo, str]]:
                """4 in 10 the same photo, 3 other gallery photos, 3 invalid ones; encoders alternate."""
                photos = [valid[0] if (i + j) % 10 < 4 else valid[1 + (i + j) % (len(valid) - 1)]
                          if (i + j) % 10 < 7 else invalid[(i * requests + j) % len(invalid)] for j in range(requests)]
                return [(photo, labels[j % len(labels)]) for j, photo in enumerate(photos)]

            start = time.perf_counter()
            users([schedule(i) for i in range(clients)], report, max_seconds)
            report.seconds = time.perf_counter() - start
            report.rss_end_mb = _rss_mb(proc.pid)
            if proc.poll() is not None:
                report.unexpected.append(f"the app exited with status {proc.returncode}")
        finally:
            stop_app(proc)
        report.tracebacks_in_log = (tmp / "app.log").read_text().count("Traceback")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=50, help="per client")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop sending after this long")
    args = parser.parse_args(argv)
    report = run(args.clients, args.requests, args.max_seconds)
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
