"""Weight averaging ("model soup", Wortsman et al., ICML 2022): runs trained from one starting point, averaged
into one network.

Averaging several runs' depth maps (an ensemble) costs one network per run at inference. Averaging the weights of
runs that start from the same weights costs nothing at inference, and works while those runs stay in one basin.
A run's start is its origin: follow ``init_weights`` back to the first run of the chain, whose encoder weights and
seed fix the decoder's initial weights. So fine-tunes of one run, and runs of other data mixes or rates with the
same seed, can be averaged; runs with different starts (another seed) have no meaningful average and are refused.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..errors import DepthCoreError
from .release import load_trained
from .train import TrainConfig


def origin(config: TrainConfig) -> tuple:
    """What fixes a run's initial weights: its network, and the first run of its ``init_weights`` chain's encoder
    weights and seed (or an ``init_weights`` file that no run folder describes)."""
    network = (config.model.encoder, config.model.decoder, config.model.input_size, config.model.depth_prior,
               config.model.scale_head, config.model.decoder_width)
    seen = set()
    while config.model.init_weights:
        parent = Path(config.model.init_weights).parent
        if not (parent / "config.json").exists() or parent.resolve() in seen:
            return network + (config.model.init_weights,)
        seen.add(parent.resolve())
        config = TrainConfig.load(parent)
    return network + (config.model.weights, config.schedule.seed)


def average_runs(run_dirs: list[str | Path], out_dir: str | Path) -> Path:
    """Average the weights of finished runs that share their network and their start (``origin``) into a new run
    folder (``config.json``, ``model.weights.h5``, ``soup.json``) that ``release`` and ``select`` read like any run."""
    if len(run_dirs) < 2:
        raise DepthCoreError("A soup needs at least two runs.")
    configs = [TrainConfig.load(run) for run in run_dirs]
    starts = {origin(config) for config in configs}
    if len(starts) > 1:
        raise DepthCoreError("Only runs with the same start (the same network, encoder weights and seed, or "
                             "fine-tuned from the same init_weights) can be averaged; these start from: "
                             f"{'; '.join(sorted(str(start) for start in starts))}.")
    model, config = load_trained(run_dirs[0])
    total = [w.astype(np.float64) for w in model.get_weights()]
    for run in run_dirs[1:]:
        model.load_weights(Path(run) / "model.weights.h5")
        total = [t + w for t, w in zip(total, model.get_weights())]
    model.set_weights([(t / len(run_dirs)).astype(w.dtype) for t, w in zip(total, model.get_weights())])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_weights(out / "model.weights.h5")
    replace(config, out_dir=str(out)).save(out)
    (out / "soup.json").write_text(json.dumps({"runs": [str(run) for run in run_dirs]}, indent=2))
    return out
