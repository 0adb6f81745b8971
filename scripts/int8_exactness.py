"""Does int8 give the same depth on this CPU as the QDQ graph says, and at what cost? Each bundled model's
median-scaled δ1 on a validation set and its network time, with ONNX Runtime's default session (u8 x s8 kernels,
which saturate on x86 CPUs without VNNI), with its u8 x u8 kernels (``session.x64quantprecision``), with the project's
session (``runtime.create_session``: u8 x u8 only where the default ones saturate) and with the exact, unoptimised
graph; and how far the default and the project's maps are from the exact ones on the example photos.

    python scripts/int8_exactness.py [--data ../shared/data/sun3d_office_frag1] --markdown docs/results/int8_exactness.md
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from depth_core.evaluation.evaluate import evaluate  # noqa: E402
from depth_core.inference import pipeline  # noqa: E402
from depth_core.inference.registry import load_registry  # noqa: E402
from depth_core.inference.runtime import cpu_description, create_session  # noqa: E402
from depth_core.paths import validation_dirs  # noqa: E402


def plain_session(u8u8: bool):
    """What ``ort.InferenceSession(path)`` runs (2 threads, as the benchmarks), optionally with u8 x u8 kernels."""
    import onnxruntime as ort

    def make(path, threads=None, exact=False):
        options = ort.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = 2, 1
        if u8u8:
            options.add_session_config_entry("session.x64quantprecision", "1")
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return make


SESSIONS = {"defaults": plain_session(False), "u8 x u8": plain_session(True),
            "project": lambda path, threads=None, exact=False: create_session(path, 2),
            "exact": lambda path, threads=None, exact=False: create_session(path, 2, exact=True)}


def network_ms(estimator: pipeline.DepthEstimator, runs: int = 100) -> float:
    batch = np.random.default_rng(0).uniform(0, 255, (1, estimator.input_size, estimator.input_size, 3))
    batch = batch.astype(np.float32)
    for _ in range(10):
        estimator.infer(batch)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        estimator.infer(batch)
        times.append(time.perf_counter() - start)
    return float(np.median(times) * 1000)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(validation_dirs()[0]))
    p.add_argument("--markdown")
    args = p.parse_args()
    photos = sorted((ROOT / "examples" / "photos").glob("*.jpg"))
    names = list(SESSIONS)
    rows = ["| model | " + " | ".join(f"{n} δ1" for n in names) + " | " + " | ".join(f"{n} ms" for n in names[:3])
            + " | defaults vs exact: mean depth difference | project vs exact |", "|" + "---|" * 10]
    for spec in load_registry().values():
        scores, maps, ms = {}, {}, {}
        for name, factory in SESSIONS.items():
            original, pipeline.get_session = pipeline.get_session, factory
            try:
                estimator = pipeline.DepthEstimator(spec.bundled_path, spec.input_size, spec.name)
            finally:
                pipeline.get_session = original
            scores[name] = evaluate(estimator, args.data).median_scaled["delta1"]
            maps[name] = np.stack([estimator.predict(photo).raw for photo in photos])
            ms[name] = network_ms(estimator)
        differ = {n: float(np.mean(np.abs(maps[n] - maps["exact"]) / maps["exact"])) for n in ("defaults", "project")}
        rows.append(f"| {spec.name} | " + " | ".join(f"{scores[n]:.4f}" for n in names) + " | "
                    + " | ".join(f"{ms[n]:.1f}" for n in names[:3])
                    + f" | {differ['defaults']:.2%} | {differ['project']:.2%} |")
    text = "\n".join(rows) + f"\n\nδ1 on {Path(args.data).name}; network time p50 at 2 threads; depth differences " \
                             f"over the example photos. CPU: {cpu_description()}\n"
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)


if __name__ == "__main__":
    main()
