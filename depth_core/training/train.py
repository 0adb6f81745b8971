"""Two-phase training, as in the study: decoder on a frozen encoder, then the whole net at a low rate."""
from __future__ import annotations

import contextlib
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..evaluation.rgbd import block_split, list_pairs
from .config import TrainConfig
from .data import load_arrays, make_batches, mixed_batches, stream_batches
from .losses import depth_loss
from .models import encoder_of

STRATEGIES = ("default", "mirrored", "multiworker")


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

    steps = epochs * (config.schedule.steps_per_epoch or len(batches))  # the rate decays to 0 along a cosine
    lr = keras.optimizers.schedules.CosineDecay(lr, decay_steps=max(steps, 1))
    model.compile(optimizer=keras.optimizers.Adam(lr),
                  loss=depth_loss(config.schedule.loss, config.schedule.gradient_weight))


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
        keras.callbacks.EarlyStopping(patience=config.schedule.patience, restore_best_weights=True),
        keras.callbacks.ModelCheckpoint(str(out / f"{tag}.weights.h5"), save_best_only=True,
                                        save_weights_only=True),
        keras.callbacks.CSVLogger(str(out / f"{tag}_log.csv"), append=True),
    ]
    history = model.fit(train, validation_data=val, epochs=epochs, steps_per_epoch=config.schedule.steps_per_epoch,
                        callbacks=callbacks, verbose=2)
    (out / f"{tag}.done").write_text(json.dumps(history.history, default=float))
    return history.history


def _data(config: TrainConfig):
    """(training batches, held-out batches, counts) from local folders or a streamed Hub dataset."""
    data, schedule, size = config.data, config.schedule, config.model.input_size
    if data.hub_dataset is not None:
        hub = data.hub_dataset
        if not schedule.steps_per_epoch:
            raise ValueError("a streamed dataset has no length: set steps_per_epoch")
        val_split = replace(hub, split=hub.val_split or hub.split, shuffle_buffer=0)
        held = list(val_split.stream(limit=data.holdout_pairs))
        train = stream_batches(hub, schedule.batch_size, size, data.augment, schedule.seed)
        counts = {"train_pairs": "streamed", "holdout_pairs": len(held)}
    else:
        sources, held, counts = [], [], {}
        named = [("real" if i == 0 else f"real{i + 1}", folder, share)
                 for i, (folder, share) in enumerate(data.real_folders())]
        for name, folder, fraction in (*named, ("synthetic", data.synthetic_dir, data.synthetic_fraction)):
            if not folder or fraction <= 0:
                continue
            pairs = list_pairs(folder)
            if data.max_pairs:
                pairs = pairs[:data.max_pairs]
            train_pairs, hold_pairs = block_split(pairs, data.holdout, gap=0 if data.max_pairs else 10)
            if name == "synthetic":  # thousands of frames: a few dozen are enough to stop early on
                hold_pairs = hold_pairs[:data.holdout_pairs]
            sources.append((load_arrays(train_pairs), fraction))
            held += [pair.load() for pair in hold_pairs]
            counts.update({f"{name}_train_pairs": len(train_pairs), f"{name}_holdout_pairs": len(hold_pairs)})
        train = mixed_batches([s for s, _ in sources], [f for _, f in sources], schedule.batch_size, size,
                              data.augment, schedule.seed, shuffle=True, steps=schedule.steps_per_epoch)
    hold_rgb, hold_depth = _stack_resized(held, size)  # every source's frames, whatever their sizes
    val = make_batches(hold_rgb, hold_depth, schedule.batch_size, size, None, schedule.seed, shuffle=False)
    return train, val, counts


def _stack_resized(pairs, size: int):
    """Held-out pairs of any sizes as one array pair at the model's size, resized as ``data.resize_pair`` would
    (image bilinear, depth nearest), so the held-out batches are the same as from the pairs themselves."""
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

    keras.utils.set_random_seed(config.schedule.seed)
    out = Path(config.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config.save(out)
    train_batches, val_batches, counts = _data(config)
    strategy = make_strategy(config.schedule.strategy)
    scope = strategy.scope() if config.schedule.strategy != "default" else contextlib.nullcontext()

    history, started = {}, time.time()
    with scope:
        model = config.model.build(config.model.weights)
        if config.model.init_weights:
            model.load_weights(config.model.init_weights)
        if config.model.pretrained and config.schedule.frozen_epochs:
            if (out / "frozen.done").exists():
                model.load_weights(out / "frozen.weights.h5")
                history["frozen"] = json.loads((out / "frozen.done").read_text())
            else:
                _set_encoder_mode(model, trainable=False, bn_inference=True)
                _compile(model, config.schedule.frozen_lr, config, config.schedule.frozen_epochs, train_batches)
                history["frozen"] = _fit(model, train_batches, val_batches, config.schedule.frozen_epochs, config,
                                         "frozen", out)
        if config.schedule.finetune_epochs:
            _set_encoder_mode(model, trainable=True, bn_inference=config.model.pretrained, unfreeze_from=config.schedule.unfreeze_from)
            _compile(model, config.schedule.finetune_lr if config.model.pretrained else config.schedule.frozen_lr, config,
                     config.schedule.finetune_epochs, train_batches)
            history["finetune"] = _fit(model, train_batches, val_batches, config.schedule.finetune_epochs, config,
                                       "finetune", out)
    model.save_weights(out / "model.weights.h5")
    summary = {**counts, "strategy": config.schedule.strategy, "replicas": strategy.num_replicas_in_sync,
               "train_seconds": round(time.time() - started, 1), "history": history}
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2, default=float))
    return model, summary
