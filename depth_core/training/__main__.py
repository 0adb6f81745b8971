"""``python -m depth_core.training --preset full --encoder mobilenetv2``: the notebooks' training, headless."""
from __future__ import annotations

import argparse

from .train import TrainConfig, train


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", choices=["smoke", "full"], default="full")
    parser.add_argument("--encoder", default="mobilenetv2")
    parser.add_argument("--decoder", default="fastdepth")
    parser.add_argument("--weights", default="imagenet",
                        help='"imagenet", a .weights.h5 file, or "none" to train the encoder from scratch')
    parser.add_argument("--train-dir")
    parser.add_argument("--out-dir")
    parser.add_argument("--frozen-epochs", type=int)
    parser.add_argument("--finetune-epochs", type=int)
    parser.add_argument("--steps-per-epoch", type=int)
    parser.add_argument("--loss")
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in vars(args).items() if v is not None and k != "preset"}
    overrides["weights"] = None if args.weights.lower() == "none" else args.weights
    overrides.setdefault("out_dir", f"runs/{args.encoder}_{args.decoder}")
    train(TrainConfig.preset(args.preset, **overrides))


if __name__ == "__main__":
    main()
