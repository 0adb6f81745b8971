"""Does int8 give the same depth on this CPU as the QDQ graph says? Each bundled model's median-scaled δ1 on a
validation set with three sessions: ONNX Runtime's defaults (u8 x s8 kernels, which saturate on x86 CPUs without
VNNI), the project's session (``runtime.create_session``: u8 x u8 kernels), and the exact, unoptimised graph.

    python scripts/int8_exactness.py [--data ../shared/data/sun3d_office_frag1] --markdown docs/results/int8_exactness.md
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from depth_core.evaluation.evaluate import evaluate  # noqa: E402
from depth_core.inference import pipeline  # noqa: E402
from depth_core.inference.registry import load_registry  # noqa: E402
from depth_core.inference.runtime import cpu_description, create_session  # noqa: E402
from depth_core.paths import validation_dirs  # noqa: E402


def default_session(path, threads=None, exact=False):
    """What a plain ``ort.InferenceSession(path)`` runs."""
    import onnxruntime as ort

    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(validation_dirs()[0]))
    p.add_argument("--markdown")
    args = p.parse_args()
    rows = ["| model | ONNX Runtime defaults δ1 | project session δ1 | exact δ1 | defaults vs exact: mean depth "
            "difference | project vs exact |", "|---|---|---|---|---|---|"]
    for spec in load_registry().values():
        scores, maps = {}, {}
        for name, factory in (("defaults", default_session), ("project", create_session),
                              ("exact", lambda path, threads=None, exact=False: create_session(path, exact=True))):
            original = pipeline.get_session
            pipeline.get_session = factory
            try:
                estimator = pipeline.DepthEstimator(spec.bundled_path, spec.input_size, spec.name)
            finally:
                pipeline.get_session = original
            scores[name] = evaluate(estimator, args.data).median_scaled["delta1"]
            photos = sorted((ROOT / "examples" / "photos").glob("*.jpg"))
            maps[name] = np.stack([estimator.predict(photo).raw for photo in photos])
        differ = {n: float(np.mean(np.abs(maps[n] - maps["exact"]) / maps["exact"])) for n in ("defaults", "project")}
        rows.append(f"| {spec.name} | {scores['defaults']:.4f} | {scores['project']:.4f} | {scores['exact']:.4f} "
                    f"| {differ['defaults']:.2%} | {differ['project']:.2%} |")
    text = "\n".join(rows) + f"\n\nδ1 on {Path(args.data).name}; depth differences over the example photos. " \
                             f"CPU: {cpu_description()}\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
