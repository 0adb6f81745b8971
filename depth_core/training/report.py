"""The architectures table (``depth-core report --table architectures``): encoder x decoder runs on one budget, from
their release records, with CPU latency measured here."""
from __future__ import annotations

import json
from pathlib import Path


def architecture_table(runs: list[str | Path], photo: bytes, threads: int = 2, bench_runs: int = 30) -> str:
    """Encoder x decoder runs on one budget: size, compute, training time, accuracy on the first validation set
    and CPU latency through the app's pipeline (measured here), from each run's release record."""
    from ..evaluation.bench import bench_estimator
    from ..inference.pipeline import DepthEstimator
    from ..publishing.record import ReleaseRecord

    rows = ["| encoder (init) | decoder | parameters | GMACs | train time | AbsRel (median) | δ1 (median) "
            "| AbsRel (metric) | δ1 (metric) | CPU ms/image (p50, 2 threads) | ONNX exported by |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in map(Path, runs):
        record = ReleaseRecord.load(run)
        seconds = json.loads((run / "train_summary.json").read_text())["train_seconds"]
        ev = record.variants["fp32"].evals[0]
        onnx = run / record.variants["fp32"].file
        ms = bench_estimator(record.decoder, lambda: DepthEstimator(onnx, threads=threads), photo,
                             runs=bench_runs).p("total", 50)
        init = "ImageNet, frozen" if record.encoder_init == "imagenet" else "random, trained"
        rows.append(f"| {record.encoder} ({init}) | {record.decoder} | {record.params / 1e6:.1f} M | "
                    f"{record.gmacs:.2f} | {seconds / 60:.0f} min | {ev.median_scaled['abs_rel']:.3f} | "
                    f"{ev.median_scaled['delta1']:.3f} | {ev.metric['abs_rel']:.3f} | {ev.metric['delta1']:.3f} | "
                    f"{ms:.1f} | {record.export_backend} |")
    return "\n".join(rows)
