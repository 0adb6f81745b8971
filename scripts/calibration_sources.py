"""Which frames should calibrate the int8 copy? A finished release's fp32 file quantized with each calibration source
(the depth convolution float in every case), scored on every validation set by the optimised and the exact session.

    python scripts/calibration_sources.py runs/rel_mnv2_seed0 --markdown docs/results/calibration_sources.md
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from depth_core import paths  # noqa: E402
from depth_core.evaluation.evaluate import evaluate, mean_skill  # noqa: E402
from depth_core.inference.pipeline import DepthEstimator  # noqa: E402
from depth_core.inference.runtime import cpu_description  # noqa: E402
from depth_core.training.quantize import calibration_batches, depth_ceiling, quantize_int8  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("release_dir", help="holds <encoder>_fastdepth.onnx (depth-core release)")
    p.add_argument("--synthetic-dir", default="runs/synthetic_f35")
    p.add_argument("--frames", type=int, default=64)
    p.add_argument("--markdown")
    args = p.parse_args()
    fp32 = next(Path(args.release_dir).glob("*_fastdepth.onnx"))
    real = [paths.train_dir(), *paths.extra_train_dirs()]
    sources = {"the kitchen (shipped)": [paths.train_dir()], "the real rooms": real,
               "the real and the synthetic rooms": [*real, args.synthetic_dir]}
    rows = ["| calibration frames | mean δ1 skill | exact session | largest δ1 gap on one set | depth ceiling |",
            "|---|---|---|---|---|"]
    for label, folders in sources.items():
        share = args.frames // len(folders)
        batches = [b for folder in folders for b in calibration_batches(folder, 160, share)]
        int8 = quantize_int8(fp32, Path(args.release_dir) / f"calibrated_{len(rows)}.onnx", batches)
        fast, exact = ([evaluate(DepthEstimator(int8, 160, exact=e), d) for d in paths.validation_dirs()]
                       for e in (False, True))
        gap = max(abs(a.median_scaled["delta1"] - b.median_scaled["delta1"]) for a, b in zip(fast, exact))
        rows.append(f"| {label} | {mean_skill(fast)['delta1']:+.4f} | {mean_skill(exact)['delta1']:+.4f} | {gap:.4f} "
                    f"| {depth_ceiling(int8):.1f} m |")
    text = "\n".join(rows) + f"\n\n{args.frames} frames shared evenly, MinMax ranges. CPU: {cpu_description()}\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
