"""Export a finished run to ONNX, check it against Keras, quantize, evaluate on every validation set, and
optionally bundle it into the registry."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("run_dir", help="a training run (config.json, model.weights.h5)")
    p.add_argument("val_dirs", nargs="*", help="RGB-D folders (default: every validation set under $DEPTH_SHARED)")
    p.add_argument("--input-size", type=int,
                   help="export at this side instead of the training one (the network is fully convolutional)")
    p.add_argument("--out-dir", help="write the release here (default: the run folder)")
    p.add_argument("--fp32-only", action="store_true", help="no int8 copy")
    p.add_argument("--bundle", choices=["fp32", "int8"], help="copy this variant into the bundled registry")


def run(args) -> None:
    from ..paths import validation_dirs
    from ..training.release import load_trained, release

    model, config = load_trained(args.run_dir, args.input_size)
    record = release(model, config, args.val_dirs or validation_dirs(), args.out_dir or args.run_dir,
                     quantize=not args.fp32_only, bundle_variant=args.bundle)
    for name, variant in record.variants.items():
        skill = variant.mean_skill
        print(f"{name}: {variant.file}, mean skill δ1 {skill['delta1']:+.3f}, AbsRel {skill['abs_rel']:+.3f}")
