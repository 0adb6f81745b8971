"""Weight averaging ("model soup", Wortsman et al., ICML 2022): runs fine-tuned from one starting point, averaged
into one network.

Averaging several runs' depth maps (an ensemble) costs one network per run at inference. Averaging the weights of
runs that start from the same weights costs nothing at inference, and works while those runs stay in one basin;
runs with different starts (another decoder initialisation) have no meaningful average, so they are refused.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..errors import DepthCoreError
from .release import load_trained
from .train import TrainConfig


def average_runs(run_dirs: list[str | Path], out_dir: str | Path) -> Path:
    """Average the weights of finished runs that share their network and their ``init_weights`` into a new run
    folder (``config.json``, ``model.weights.h5``, ``soup.json``) that ``release`` and ``select`` read like any run."""
    if len(run_dirs) < 2:
        raise DepthCoreError("A soup needs at least two runs.")
    configs = [TrainConfig.load(run) for run in run_dirs]
    starts = {(c.model.encoder, c.model.decoder, c.model.input_size, c.model.depth_prior, c.model.init_weights)
              for c in configs}
    if len(starts) > 1 or configs[0].model.init_weights is None:
        raise DepthCoreError("Only runs fine-tuned from the same init_weights, with the same network, can be "
                             f"averaged; these start from: {sorted({str(c.model.init_weights) for c in configs})}.")
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
