"""Is a model's metric error the lens? Each frame's scale (median predicted over true depth) beside its focal length,
and the metric δ1 before and after a canonical-camera correction (depth times fx / --reference-fx, Metric3D's rule:
a wider lens makes a room look farther than it is).

    python scripts/scale_by_frame.py                       # the shipped MobileNetV2 on both validation sets
    python scripts/scale_by_frame.py -m runs/rel/mobilenetv2_fastdepth_int8.onnx --reference-fx 292.5
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from depth_core.cli.predict import estimator  # noqa: E402
from depth_core.evaluation.metrics import compute_metrics  # noqa: E402
from depth_core.evaluation.rgbd import list_pairs, read_depth_png  # noqa: E402
from depth_core.inference.camera import load_intrinsics  # noqa: E402
from depth_core.paths import validation_dirs  # noqa: E402

KITCHEN_FX = 292.5  # the training kitchen's focal length at 320 pixels wide


def focal_at_320(folder: Path, frame_id: str, width: int) -> float:
    """fx of a ``width``-pixel-wide frame scaled to 320 pixels, from the frame's own intrinsics file or the folder's."""
    own = folder / "intrinsics" / f"{frame_id}.json"
    return load_intrinsics(own if own.exists() else folder / "intrinsics.json").fx * 320 / width


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="*", help="RGB-D folders with intrinsics (default: the validation sets)")
    parser.add_argument("-m", "--model", help="a registered name or an .onnx file (default: the first registered)")
    parser.add_argument("--reference-fx", type=float, default=KITCHEN_FX, help="the lens the correction assumes")
    args = parser.parse_args()
    model = estimator(args.model)
    for folder in map(Path, args.data or validation_dirs()):
        print(f"\n{folder.name}: frame | fx at 320 | scale | scale after correction")
        delta1, corrected = [], []
        for pair in list_pairs(folder):
            gt, pred = read_depth_png(pair.depth_path), model.predict(pair.rgb_path).depth
            fx, metric = focal_at_320(folder, pair.id, gt.shape[1]), compute_metrics(pred, gt)
            scale, factor = metric["scale"], fx / args.reference_fx
            delta1.append(metric["delta1"])
            corrected.append(compute_metrics(pred * factor, gt)["delta1"])
            print(f"{pair.id} | {fx:.1f} | {scale:.2f} | {scale * factor:.2f}")
        print(f"metric δ1 {np.mean(delta1):.3f} as predicted, {np.mean(corrected):.3f} corrected for the lens")


if __name__ == "__main__":
    main()
