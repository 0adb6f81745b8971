"""``python -m depth_core.training``: what the notebooks do, headless (train, then export and evaluate)."""
from __future__ import annotations

import argparse
import json

from .train import TrainConfig, train


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", choices=["smoke", "full"], default="full")
    parser.add_argument("--encoder", default="mobilenetv2")
    parser.add_argument("--decoder", default="fastdepth")
    parser.add_argument("--weights", default="imagenet",
                        help='"imagenet", a .weights.h5 file, or "none" to train the encoder from scratch')
    parser.add_argument("--train-dir")
    parser.add_argument("--synthetic-dir", help="a folder written by `python -m depth_core.training.synthetic`")
    parser.add_argument("--synthetic-fraction", type=float, help="share of every batch from --synthetic-dir")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--unfreeze-from", help="fine-tune only the encoder layers from this one on")
    parser.add_argument("--patience", type=int, help="epochs without a better held-out loss before stopping")
    parser.add_argument("--out-dir")
    parser.add_argument("--frozen-epochs", type=int)
    parser.add_argument("--finetune-epochs", type=int)
    parser.add_argument("--steps-per-epoch", type=int)
    parser.add_argument("--loss")
    parser.add_argument("--frozen-lr", type=float)
    parser.add_argument("--input-size", type=int, help="square input side, a multiple of 32 (default 224)")
    parser.add_argument("--init-weights", help="a whole-model .weights.h5 to start from")
    parser.add_argument("--finetune-lr", type=float)
    parser.add_argument("--from-run", help="skip training: release the finished run in this folder (with "
                        "--input-size: at another input size, the network being fully convolutional; with "
                        "--out-dir: written there)")
    parser.add_argument("--release", metavar="VAL_DIR", nargs="+",
                        help="after training: export, quantize, evaluate on every VAL_DIR (with skill over the priors)")
    parser.add_argument("--bundle", choices=["fp32", "int8"], help="copy this variant into the bundled registry")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--fp32-only", action="store_true", help="release without the int8 copy")
    parser.add_argument("--refresh-metrics", metavar="NAME",
                        help="re-evaluate the bundled model NAME on --release VAL_DIR... (default: every validation "
                             "set) and record its metrics and skill in the registry; no training")
    args = parser.parse_args(argv)
    if args.refresh_metrics:
        from ..evaluation.rgbd import validation_dirs
        from .release import refresh_metrics

        entry = refresh_metrics(args.refresh_metrics, args.release or validation_dirs())
        print(json.dumps(entry["metrics"]["mean_skill"], indent=2))
        return

    if args.from_run:
        from .release import load_trained

        model, config = load_trained(args.from_run, args.input_size)
        out_dir = args.out_dir or args.from_run
    else:
        skip = {"preset", "from_run", "release", "bundle", "fp32_only"}
        overrides = {k: v for k, v in vars(args).items() if v is not None and k not in skip}
        overrides["weights"] = None if args.weights.lower() == "none" else args.weights
        overrides.setdefault("out_dir", f"runs/{args.encoder}_{args.decoder}")
        config = TrainConfig.preset(args.preset, **overrides)
        model, _ = train(config)
        out_dir = config.out_dir
    if args.release:
        from .release import release

        report = release(model, config, args.release, out_dir, quantize=not args.fp32_only,
                         bundle_variant=args.bundle)
        print(json.dumps({v: r["mean_skill"] for v, r in report["variants"].items()}, indent=2))


if __name__ == "__main__":
    main()
