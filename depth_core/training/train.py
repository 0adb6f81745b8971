"""Two-phase training, as in the study: decoder on a frozen encoder, then the whole net at a low rate."""
from __future__ import annotations

import contextlib
import json
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from ..evaluation.rgbd import block_split, list_pairs
from .data import Augment, load_arrays, make_batches, mixed_batches, stream_batches
from .losses import depth_loss
from .models import INPUT_SIZE, build_model, encoder_of
from .sources import HubDataset

STRATEGIES = ("default", "mirrored", "multiworker")


@dataclass
class TrainConfig:
    """Everything a run depends on; saved next to its outputs so the run can be reproduced."""

    encoder: str = "mobilenetv2"
    decoder: str = "fastdepth"
    weights: str | None = "imagenet"  # "imagenet", a .weights.h5 path, or None (from scratch)
    init_weights: str | None = None  # a whole-model .weights.h5 to start from (e.g. another resolution's run)
    train_dir: str = "../shared/data/sevenscenes_redkitchen"
    synthetic_dir: str | None = None  # a folder written by depth_core.training.synthetic
    synthetic_fraction: float = 0.0  # share of every batch from synthetic_dir (1.0: synthetic only)
    hub_dataset: HubDataset | None = None  # stream this instead of reading train_dir
    holdout: float = 0.1  # tail of the training video kept for early stopping
    holdout_pairs: int = 64  # held-out pairs of a Hub dataset's validation split or of the synthetic set
    max_pairs: int | None = None
    input_size: int = INPUT_SIZE
    batch_size: int = 16
    frozen_epochs: int = 10
    frozen_lr: float = 1e-3
    finetune_epochs: int = 20
    finetune_lr: float = 1e-4  # the study's 1e-5 barely moves the encoder in a short schedule
    unfreeze_from: str | None = None  # fine-tune only the encoder layers from this one on (e.g. "block_13_expand")
    cosine: bool = True  # decay each phase's rate to 0 along a cosine (the study keeps it constant)
    steps_per_epoch: int | None = None  # required with hub_dataset (a stream has no length)
    patience: int = 4
    loss: str = "silog"
    gradient_weight: float = 0.5
    augment: Augment = field(default_factory=Augment)
    strategy: str = "default"  # "mirrored": all local GPUs; "multiworker": machines named in TF_CONFIG
    seed: int = 0
    calibration_frames: int = 64  # training frames that calibrate the int8 copy
    out_dir: str = "runs/mobilenetv2_fastdepth"

    @classmethod
    def preset(cls, name: str, **overrides) -> TrainConfig:
        """``smoke``: seconds, for CI; ``full``: 10 + 20 epochs for real users (the bundled weights had less)."""
        if name == "smoke":
            base = cls(max_pairs=24, batch_size=4, frozen_epochs=1, finetune_epochs=1, steps_per_epoch=2,
                       patience=1, calibration_frames=8, holdout_pairs=4)
        elif name == "full":
            base = cls()
        else:
            raise ValueError(f"unknown preset {name!r}: use 'smoke' or 'full'")
        return replace(base, **overrides)

    @property
    def pretrained(self) -> bool:
        return self.weights is not None


def make_strategy(name: str):
    """A ``tf.distribute`` strategy: TensorFlow's own engine for several GPUs or machines."""
    import tensorflow as tf

    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    if name == "multiworker":
        return tf.distribute.MultiWorkerMirroredStrategy()  # cluster from the TF_CONFIG variable
    raise ValueError(f"unknown strategy {name!r}; choose one of {STRATEGIES}")


def _compile(model, lr: float, config: TrainConfig, epochs: int, batches):
    import keras

    if config.cosine:
        steps = epochs * (config.steps_per_epoch or len(batches))
        lr = keras.optimizers.schedules.CosineDecay(lr, decay_steps=max(steps, 1))
    model.compile(optimizer=keras.optimizers.Adam(lr), loss=depth_loss(config.loss, config.gradient_weight))


def _set_encoder_mode(model, trainable: bool, bn_inference: bool, unfreeze_from: str | None = None):
    """Freeze or unfreeze the encoder (from layer ``unfreeze_from`` on, if given: the lower layers keep
    their general ImageNet features); BN layers with trainable=False run in inference mode in Keras 3."""
    import keras

    encoder = encoder_of(model)
    encoder.trainable = trainable
    if trainable and unfreeze_from:
        names = [layer.name for layer in encoder.layers]
        if unfreeze_from not in names:
            raise ValueError(f"no layer {unfreeze_from!r} in the {model.name} encoder")
        for layer in encoder.layers[:names.index(unfreeze_from)]:
            layer.trainable = False
    if trainable and bn_inference:
        for layer in encoder.layers:
            if isinstance(layer, keras.layers.BatchNormalization):
                layer.trainable = False


def _fit(model, train, val, epochs: int, config: TrainConfig, tag: str, out: Path):
    """One phase, resumable: an interrupted run restarts from its last finished epoch."""
    import keras

    callbacks = [
        keras.callbacks.BackupAndRestore(str(out / f"{tag}_backup")),
        keras.callbacks.EarlyStopping(patience=config.patience, restore_best_weights=True),
        keras.callbacks.ModelCheckpoint(str(out / f"{tag}.weights.h5"), save_best_only=True,
                                        save_weights_only=True),
        keras.callbacks.CSVLogger(str(out / f"{tag}_log.csv"), append=True),
    ]
    history = model.fit(train, validation_data=val, epochs=epochs, steps_per_epoch=config.steps_per_epoch,
                        callbacks=callbacks, verbose=2)
    (out / f"{tag}.done").write_text(json.dumps(history.history, default=float))
    return history.history


def _data(config: TrainConfig):
    """(training batches, held-out batches, counts) from a local folder or a streamed Hub dataset."""
    if config.hub_dataset is not None:
        hub = config.hub_dataset
        if not config.steps_per_epoch:
            raise ValueError("a streamed dataset has no length: set steps_per_epoch")
        val_split = replace(hub, split=hub.val_split or hub.split, shuffle_buffer=0)
        held = list(val_split.stream(limit=config.holdout_pairs))
        hold_rgb, hold_depth = _stack_resized(held, config.input_size)
        train = stream_batches(hub, config.batch_size, config.input_size, config.augment, config.seed)
        counts = {"train_pairs": "streamed", "holdout_pairs": len(held)}
    else:
        sources, holdouts, counts = [], [], {}
        for name, folder, fraction in (("real", config.train_dir, 1.0 - config.synthetic_fraction),
                                       ("synthetic", config.synthetic_dir, config.synthetic_fraction)):
            if not folder or fraction <= 0:
                continue
            pairs = list_pairs(folder)
            if config.max_pairs:
                pairs = pairs[:config.max_pairs]
            train_pairs, hold_pairs = block_split(pairs, config.holdout, gap=0 if config.max_pairs else 10)
            if name == "synthetic":  # thousands of frames: a few dozen are enough to stop early on
                hold_pairs = hold_pairs[:config.holdout_pairs]
            sources.append((load_arrays(train_pairs), fraction))
            holdouts.append(load_arrays(hold_pairs))
            counts.update({f"{name}_train_pairs": len(train_pairs), f"{name}_holdout_pairs": len(hold_pairs)})
        train = mixed_batches([s for s, _ in sources], [f for _, f in sources], config.batch_size,
                              config.input_size, config.augment, config.seed, shuffle=True,
                              steps=config.steps_per_epoch)
        hold_rgb = np.concatenate([r for r, _ in holdouts])
        hold_depth = np.concatenate([d for _, d in holdouts])
    val = make_batches(hold_rgb, hold_depth, config.batch_size, config.input_size, None, config.seed,
                       shuffle=False)
    return train, val, counts


def _stack_resized(pairs, size: int):
    """Held-out pairs of any sizes as one array pair at the model's size (depth nearest)."""
    from PIL import Image

    rgb = np.stack([np.asarray(Image.fromarray(r).resize((size, size), Image.BILINEAR)) for r, _ in pairs])
    depth = np.stack([np.asarray(Image.fromarray(d, mode="F").resize((size, size), Image.NEAREST))
                      for _, d in pairs])
    return rgb, depth


def train(config: TrainConfig):
    """Train per ``config``; writes ``model.weights.h5``, logs and ``config.json`` into ``out_dir``.

    A pretrained encoder gets the study's schedule (frozen, then fine-tuned with BatchNorm in
    inference mode). An encoder from scratch skips the frozen phase (a frozen random encoder
    teaches nothing) and trains its BatchNorm normally, since it has no statistics to keep.
    Re-running with the same ``out_dir`` resumes: a finished phase is skipped, an interrupted
    one restarts from its last epoch.
    """
    import keras

    keras.utils.set_random_seed(config.seed)
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(asdict(config), indent=2))
    train_batches, val_batches, counts = _data(config)
    strategy = make_strategy(config.strategy)
    scope = strategy.scope() if config.strategy != "default" else contextlib.nullcontext()

    history, started = {}, time.time()
    with scope:
        model = build_model(config.encoder, config.decoder, config.weights, config.input_size)
        if config.init_weights:
            model.load_weights(config.init_weights)
        if config.pretrained and config.frozen_epochs:
            if (out / "frozen.done").exists():
                model.load_weights(out / "frozen.weights.h5")
                history["frozen"] = json.loads((out / "frozen.done").read_text())
            else:
                _set_encoder_mode(model, trainable=False, bn_inference=True)
                _compile(model, config.frozen_lr, config, config.frozen_epochs, train_batches)
                history["frozen"] = _fit(model, train_batches, val_batches, config.frozen_epochs, config,
                                         "frozen", out)
        if config.finetune_epochs:
            _set_encoder_mode(model, trainable=True, bn_inference=config.pretrained, unfreeze_from=config.unfreeze_from)
            _compile(model, config.finetune_lr if config.pretrained else config.frozen_lr, config,
                     config.finetune_epochs, train_batches)
            history["finetune"] = _fit(model, train_batches, val_batches, config.finetune_epochs, config,
                                       "finetune", out)
    model.save_weights(out / "model.weights.h5")
    summary = {**counts, "strategy": config.strategy, "replicas": strategy.num_replicas_in_sync,
               "train_seconds": round(time.time() - started, 1), "history": history}
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2, default=float))
    return model, summary
