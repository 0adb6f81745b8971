"""Sample sheet of the synthetic-room generator and its speed: docs/synthetic_samples.png, docs/results/synthetic.md.

    python scripts/synthetic_sheet.py [--frames 600] [--workers 2]

Only the public example photos texture these samples (training also crops the research-only kitchen
frames, which may not be shown). The speed is measured on ``--frames`` frames at 320x240.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from depth_core.training.figures import contact_sheet
from depth_core.training.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        generate(Path(tmp) / "syn", args.frames, seed=2, photo_folders=[ROOT / "examples" / "photos"],
                 workers=args.workers)
        seconds = time.perf_counter() - start
        contact_sheet(Path(tmp) / "syn", count=12, columns=6, save_to=ROOT / "docs" / "synthetic_samples.png")
    rate = args.frames / seconds
    (ROOT / "docs" / "results" / "synthetic.md").write_text(
        f"| frames | size | workers | seconds | frames/s | 5,000 frames take |\n|---|---|---|---|---|---|\n"
        f"| {args.frames} | 320x240 | {args.workers} | {seconds:.0f} | {rate:.1f} | {5000 / rate / 60:.1f} min |\n")
    print(f"{args.frames} frames in {seconds:.0f} s ({rate:.1f} frames/s)")


if __name__ == "__main__":
    main()
