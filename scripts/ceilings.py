"""The largest depth each model can produce, read from its graph (``depth_ceiling``), beside the largest it predicted
on each validation set (``docs/results/eval.json``) and on a rendered room whose back wall is 8 m away (as predicted,
and scaled to the room's median depth).

    python scripts/ceilings.py --markdown docs/results/ceilings.md [extra .onnx files, e.g. an earlier release's,
        with --eval-json docs/results/eval.json THEIR_EVAL.json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from depth_core.inference.pipeline import DepthEstimator  # noqa: E402
from depth_core.inference.registry import load_registry  # noqa: E402
from depth_core.training.quantize import depth_ceiling  # noqa: E402
from depth_core.training.synthetic import deep_room  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="*", help="more ONNX files (160 px input)")
    p.add_argument("--eval-json", nargs="+", default=[str(ROOT / "docs" / "results" / "eval.json")],
                   help="`depth-core eval --json` files of these models (the extra files' too)")
    p.add_argument("--markdown")
    args = p.parse_args()
    evals = [e for path in args.eval_json for e in json.loads(Path(path).read_text())]
    # (the name evaluations give the model, its file, input side)
    models = [(spec.name, spec.bundled_path, spec.input_size) for spec in load_registry().values()]
    models += [(Path(f).stem, Path(f), 160) for f in args.files]
    sets = sorted({e["dataset"] for e in evals}, key=[e["dataset"] for e in evals].index)
    photo, truth = deep_room(8.0)
    rows = ["| model file | largest depth it can produce | " + " | ".join(f"largest on {s}" for s in sets)
            + " | back wall of a room 8 m deep: as predicted / median-scaled |", "|" + "---|" * (3 + len(sets))]
    for name, path, size in models:
        largest = {e["dataset"]: e.get("largest_depth") for e in evals if e["model"] == name}
        depth = DepthEstimator(path, size).predict(photo).depth
        back = float(np.median(depth[truth > 7.8]))
        scaled = back * float(np.median(truth) / np.median(depth))
        cells = [f"{largest[s]:.2f} m" if largest.get(s) else "" for s in sets]
        rows.append(f"| `{path.name}` | {depth_ceiling(path):.2f} m | " + " | ".join(cells) + f" | {back:.2f} m / {scaled:.2f} m |")
    text = "\n".join(rows) + "\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
