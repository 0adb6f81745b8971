"""The app's memory for the largest photo it accepts under "Both": one user, then two at once.

    python scripts/app_memory.py            # an 8064x6048 PNG made here (a few MB, deleted afterwards)
    python scripts/app_memory.py photo.png

Starts `python app.py` offline on 127.0.0.1, warms it with a gallery photo through every step, then sends the photo
through /depth, /downloads and /view3d with "Both" (as the page chains them) and prints the server's resident memory
from /proc at the start, its peak (VmHWM, reset before each round) and 2 s after, with each step's seconds. Targets
(docs/speed.md): one photo peaks under 1 GB and returns within 100 MB of its start; two at once stay under 1.5 GB.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_server import REPO, start_app, status_mb, stop_app  # noqa: E402

sys.path.insert(0, str(REPO))
from depth_core.evaluation.bench import write_large_png  # noqa: E402

SMALL = REPO / "examples" / "photos" / "tum_fr2_desk_1.jpg"


def user(url: str, photo: Path, downloads: Path, seconds: list[tuple[float, ...]]) -> None:
    """One visitor's "Both" for ``photo``: the view, the downloads, the 3D view; their seconds appended."""
    from gradio_client import Client, handle_file

    client = Client(url, verbose=False, ssl_verify=False, download_files=str(downloads))
    marks = [time.perf_counter()]
    for api_name, args in (("/depth", ("Both", "turbo")), ("/downloads", ("Both", "turbo", 60, "")),
                           ("/view3d", ("Both", 60, ""))):
        client.predict(handle_file(str(photo)), *args, api_name=api_name)
        marks.append(time.perf_counter())
    client.close()
    seconds.append(tuple(b - a for a, b in zip(marks, marks[1:])))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("photo", nargs="?", help="default: an 8064x6048 PNG made for the run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="app_memory_") as tmp:
        tmp = Path(tmp)
        (tmp / "cache").mkdir()
        photo = Path(args.photo) if args.photo else write_large_png(tmp / "large.png")
        proc, url = start_app(tmp / "app.log", {"HF_HUB_OFFLINE": "1", "GRADIO_TEMP_DIR": str(tmp / "cache")})
        try:
            time.sleep(3)  # the models' background warm-up
            user(url, SMALL, tmp / "client", [])
            for users in (1, 2):
                start = status_mb(proc.pid, "VmRSS")
                Path(f"/proc/{proc.pid}/clear_refs").write_text("5")  # the peak starts again from here
                seconds: list[tuple[float, ...]] = []
                threads = [threading.Thread(target=user, args=(url, photo, tmp / "client", seconds))
                           for _ in range(users)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                time.sleep(2)
                steps = "; ".join(", ".join(f"{s:.1f}" for s in one) for one in seconds)
                print(f"{users} at once: start {start:.0f} MB, peak {status_mb(proc.pid, 'VmHWM'):.0f} MB, "
                      f"2 s after {status_mb(proc.pid, 'VmRSS'):.0f} MB; seconds (view, downloads, 3D): {steps}")
        finally:
            stop_app(proc)


if __name__ == "__main__":
    main()
