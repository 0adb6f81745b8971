"""Parameters and GMACs of every encoder/decoder pair, as a markdown table."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("--input-size", type=int, default=224)


def run(args) -> None:
    from ..training.macs import count_macs
    from ..training.models import DECODERS, ENCODERS, build_model

    print("| encoder | decoder | parameters | GMACs |\n|---|---|---|---|")
    for encoder in ENCODERS:
        for decoder in DECODERS:
            model = build_model(encoder, decoder, weights=None, input_size=args.input_size)
            print(f"| {encoder} | {decoder} | {model.count_params() / 1e6:.1f} M | {count_macs(model) / 1e9:.2f} |")
