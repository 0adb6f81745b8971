"""The README's results figure, docs/results.png, from the measured files (run scripts/measure.sh first).

Left: median-scaled δ1 of each shipped model on every validation set, beside the two trivial priors.
Right: accuracy against speed (mean δ1 over the sets vs end-to-end ms per photo, 2 threads), with the
study's architectures marked at their measured speed (they were timed, not trained, so they have no δ1).

    python scripts/results_figure.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from depth_core.evaluation.evaluate import Evaluation  # noqa: E402
from depth_core.training.figures import _plt  # noqa: E402


def main() -> None:
    evals = [Evaluation.from_dict(e) for e in json.loads((ROOT / "docs/results/eval.json").read_text())]
    bench = json.loads((ROOT / "docs/results/bench.json").read_text())
    plt = _plt()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.8))
    sets = list(dict.fromkeys(ev.dataset for ev in evals))
    models = list(dict.fromkeys(ev.model for ev in evals))
    by = {(ev.model, ev.dataset): ev for ev in evals}
    first = by[(models[0], sets[0])]
    bars = [(f"{p} prior", [by[(models[0], s)].priors[p]["delta1"] for s in sets]) for p in first.priors]
    bars += [(m, [by[(m, s)].median_scaled["delta1"] for s in sets]) for m in models]
    width = 0.8 / len(bars)
    for i, (label, values) in enumerate(bars):
        prior = "prior" in label
        left.bar(np.arange(len(sets)) + i * width, values, width, label=label, color="lightgrey" if prior else None,
                 edgecolor="grey" if prior else None, hatch="//" if label.startswith("gradient") else None)
    left.set_xticks(np.arange(len(sets)) + 0.4 - width / 2, sets)
    left.set(ylim=(0.4, 1.0), ylabel="δ1, median-scaled (higher is better)", title="Rooms never seen in training")
    left.legend(fontsize=8, loc="upper right")
    for m in models:
        ms = bench[m]["total"]
        right.scatter(ms, np.mean([by[(m, s)].median_scaled["delta1"] for s in sets]), s=60, zorder=3)
        right.annotate(m, (ms, np.mean([by[(m, s)].median_scaled["delta1"] for s in sets])), textcoords="offset points",
                       xytext=(6, 4), fontsize=9)
    for p in first.priors:
        level = np.mean([by[(models[0], s)].priors[p]["delta1"] for s in sets])
        right.axhline(level, color="grey", ls=":", lw=1)
        right.text(0.99, level, f"{p} prior", fontsize=8, color="grey", va="bottom", ha="right",
                   transform=right.get_yaxis_transform())
    studies = [(name, stages["total"]) for name, stages in bench.items() if name.endswith("_study")]
    for i, (name, ms) in enumerate(studies):
        right.axvline(ms, color="tab:red", ls="--", lw=1)
        right.text(ms, 0.55 - 0.1 * i, f" study's {name.split('_')[0]}: {ms:.0f} ms", fontsize=8, color="tab:red",
                   transform=right.get_xaxis_transform())
    right.set_xlim(0, max(ms for _, ms in studies) * 1.5 if studies else None)
    right.set(xlabel="ms per 640x480 photo, end to end, p50", ylabel="mean δ1 over the sets (median-scaled)",
              title="Accuracy against speed (2 CPU threads)")
    fig.tight_layout()
    fig.savefig(ROOT / "docs" / "results.png", dpi=100)


if __name__ == "__main__":
    main()
