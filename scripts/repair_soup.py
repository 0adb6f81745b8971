"""Renormalise a soup's BatchNorm outputs to its ingredients' (REPAIR, Jordan et al., ICLR 2023), into a new run.

Averaging the weights of networks that drifted apart shrinks the spread of their activations; REPAIR measures
each BatchNorm layer's per-channel output mean and standard deviation in every ingredient and in the soup, on
training frames, and rescales the soup's layer (its gamma and beta) to the ingredients' average, layer after
layer. docs/experiments/history.md asks whether this brings back the metric scale that the mix soups lose.

    python scripts/repair_soup.py runs/mixsoup_seed0 runs/mixsoup_repair_seed0

The ingredients are the soup's own (its soup.json); 64 unaugmented training frames at the run's input size, half
from the real training folder and half from the synthetic one, calibrate it. Only layers whose statistics differ
from the ingredients' are changed (the frozen lower encoder is the same in every ingredient).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from depth_core.evaluation.rgbd import block_split, list_pairs
from depth_core.training.data import load_arrays, mixed_batches
from depth_core.training.release import load_trained
from depth_core.training.train import TrainConfig

FRAMES = 64
RATIO_LIMITS = (0.5, 2.0)  # a channel's rescaling, bounded: channels with almost no spread give wild ratios


def calibration_frames(config: TrainConfig) -> np.ndarray:
    """FRAMES training frames (the part each run trained on, not its held-out block), half real, half synthetic."""
    sources = []
    for folder in (config.data.train_dir, config.data.synthetic_dir):
        pairs, _ = block_split(list_pairs(folder), config.data.holdout, gap=10)
        sources.append(load_arrays(pairs[::max(1, len(pairs) // 200)]))
    batches = mixed_batches(sources, [0.5, 0.5], 16, config.model.input_size, None, 123, shuffle=False,
                            steps=FRAMES // 16)
    return np.concatenate([batches[i][0] for i in range(len(batches))])


def batchnorm_layers(model) -> tuple[list, list]:
    """The encoder's BatchNorm layers and the decoder's, each in the order they run."""
    import keras

    def pick(layers) -> list:
        return [layer for layer in layers if isinstance(layer, keras.layers.BatchNormalization)]

    return pick(model.get_layer("encoder").layers), pick(model.layers)


def batchnorm_statistics(model, frames: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per-channel mean and standard deviation of every BatchNorm layer's output, encoder and decoder."""
    import keras

    encoder_bn, decoder_bn = batchnorm_layers(model)
    normalised = keras.Model(model.inputs, model.get_layer("normalise").output)(frames)
    probes = [(model.get_layer("encoder").inputs, encoder_bn, normalised), (model.inputs, decoder_bn, frames)]
    statistics = {}
    for inputs, layers, batch in probes:
        probe = keras.Model(inputs, [layer.output for layer in layers])
        outputs = [np.asarray(y, dtype=np.float64) for y in probe.predict(batch, batch_size=16, verbose=0)]
        for layer, y in zip(layers, outputs):
            statistics[layer.name] = (y.mean(axis=(0, 1, 2)), y.std(axis=(0, 1, 2)))
    return statistics


def repair(soup_dir: Path, out_dir: Path) -> None:
    ingredients = json.loads((soup_dir / "soup.json").read_text())["runs"]
    soup, config = load_trained(soup_dir)
    frames = calibration_frames(config)
    per_run = [batchnorm_statistics(load_trained(run)[0], frames) for run in ingredients]
    target = {name: tuple(np.mean([s[name][i] for s in per_run], axis=0) for i in (0, 1)) for name in per_run[0]}
    encoder_bn, decoder_bn = batchnorm_layers(soup)
    current = batchnorm_statistics(soup, frames)
    for layer in encoder_bn + decoder_bn:
        (mean, std), (mean_t, std_t) = current[layer.name], target[layer.name]
        if np.allclose(mean, mean_t, atol=1e-4) and np.allclose(std, std_t, rtol=1e-3, atol=1e-4):
            continue
        ratio = np.where((std < 1e-3) | (std_t < 1e-3), 1.0, np.clip(std_t / np.maximum(std, 1e-6), *RATIO_LIMITS))
        gamma, beta, moving_mean, moving_var = layer.get_weights()
        layer.set_weights([(gamma * ratio).astype(np.float32), ((beta - mean) * ratio + mean_t).astype(np.float32),
                           moving_mean, moving_var])
        print(f"{layer.name}: median spread ratio {np.median(std_t / np.maximum(std, 1e-6)):.3f}", flush=True)
        current = batchnorm_statistics(soup, frames)
    out_dir.mkdir(parents=True, exist_ok=True)
    soup.save_weights(out_dir / "model.weights.h5")
    replace(config, out_dir=str(out_dir)).save(out_dir)
    (out_dir / "soup.json").write_text(json.dumps({"runs": ingredients, "repaired_from": str(soup_dir)}, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("soup", type=Path)
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    repair(args.soup, args.out_dir)
