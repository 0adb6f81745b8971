"""Export the study's exact architectures (encoder + its 5x5 decoder) as ONNX with random weights: speed references
for `depth-core bench`, since latency does not depend on the weights.

TensorFlow's export of ResNet50 + that decoder ran out of 24 GiB here; Keras' torch backend exports it in seconds:
KERAS_BACKEND=torch depth-core reference --encoder resnet50 (needs `pip install torch`).
"""
from __future__ import annotations


def add_arguments(p) -> None:
    from ..paths import run_dir

    p.add_argument("--out", default=str(run_dir("reference")))
    p.add_argument("--encoder", nargs="+", default=["mobilenetv2", "resnet50"])


def run(args) -> None:
    from ..training.reference import export_reference

    for encoder in args.encoder:
        print(export_reference(encoder, args.out))
