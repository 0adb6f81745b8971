"""Train a network as the notebook does, headless (then `depth-core release RUN` exports and evaluates it).

Unset options keep the preset's values (see depth_core.training.config: ModelConfig, DataConfig, ScheduleConfig).
"""
from __future__ import annotations


def folders(value: str) -> tuple[str, ...]:
    """A list of folders: ``runs/tum_fr1_rpy,runs/my_room``."""
    return tuple(value.split(","))


# flag -> type; every one is a TrainConfig setting of the same name
SETTINGS = {"encoder": str, "decoder": str, "init_weights": str, "input_size": int, "train_dir": str,
            "extra_train_dirs": folders, "synthetic_dir": str, "synthetic_fraction": float, "batch_size": int,
            "frozen_epochs": int, "frozen_lr": float, "finetune_epochs": int, "finetune_lr": float,
            "unfreeze_from": str, "steps_per_epoch": int, "patience": int, "loss": str, "gradient_weight": float,
            "seed": int, "out_dir": str}


def add_arguments(p) -> None:
    p.add_argument("--preset", choices=["smoke", "shipped", "full"], default="full")
    p.add_argument("--weights", help='"imagenet" (the default), a .weights.h5 file, or "none" to train the encoder '
                                     "from scratch (the shipped ResNet50's preset does)")
    for name, kind in SETTINGS.items():
        p.add_argument(f"--{name.replace('_', '-')}", type=kind)


def run(args) -> None:
    from ..paths import run_dir
    from ..training.config import TrainConfig
    from ..training.train import train

    settings = {k: getattr(args, k) for k in SETTINGS if getattr(args, k) is not None}
    if args.weights is not None:
        settings["weights"] = None if args.weights.lower() == "none" else args.weights
    settings.setdefault("out_dir", str(run_dir(f"{settings.get('encoder', 'mobilenetv2')}_"
                                               f"{settings.get('decoder', 'fastdepth')}")))
    config = TrainConfig.preset(args.preset, **settings)
    train(config)
    print(f"trained: {config.out_dir} (next: depth-core release {config.out_dir})")
