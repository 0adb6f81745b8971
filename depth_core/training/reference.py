"""The study's exact architectures (encoder + its 5x5 "study" decoder) as ONNX, for speed references.

``depth-core reference`` writes ``<encoder>_study.onnx`` files with random weights: latency does not depend on
the weights, so the benchmark measures the study's networks on the same machine, in the same run, as ours.
TensorFlow's ONNX export of ResNet50 + the study's decoder (93 M parameters, 16.7 GMACs) ran out of 24 GiB here;
Keras' torch backend exports it in seconds.
"""
from __future__ import annotations

from pathlib import Path

from .export import export_onnx
from .models import build_model


def export_reference(encoder: str, out_dir: str | Path) -> Path:
    path = Path(out_dir) / f"{encoder}_study.onnx"
    if not path.exists():
        export_onnx(build_model(encoder, "study", weights=None), path)
    return path
