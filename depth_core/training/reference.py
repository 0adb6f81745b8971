"""The study's exact architectures (encoder + its 5x5 "seed" decoder) as ONNX, for speed references.

``python -m depth_core.training.reference --out runs/reference`` writes ``<encoder>_seed.onnx`` files with
random weights: latency does not depend on the weights, and the benchmark then measures the study's
networks on the same machine, in the same run, as ours.

TensorFlow's ONNX export of ResNet50 + seed decoder (93 M parameters, 16.7 GMACs) ran out of 24 GiB here;
Keras' torch backend exports it in seconds: ``KERAS_BACKEND=torch python -m depth_core.training.reference``
(needs ``pip install torch``).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from .export import export_onnx
from .models import ENCODERS, build_model


def export_reference(encoder: str, out_dir: str | Path) -> Path:
    path = Path(out_dir) / f"{encoder}_seed.onnx"
    if not path.exists():
        export_onnx(build_model(encoder, "seed", weights=None), path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="runs/reference")
    parser.add_argument("--encoder", nargs="+", default=list(ENCODERS))
    args = parser.parse_args(argv)
    for encoder in args.encoder:
        print(export_reference(encoder, args.out))


if __name__ == "__main__":
    main()
