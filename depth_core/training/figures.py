"""The pictures a training run should show: loss curves, predictions beside ground truth, skill, samples, latency.

Each function returns a matplotlib Figure and, given ``save_to``, also writes it as PNG (the notebook
keeps every figure under its run folder). matplotlib is imported lazily, with the Agg backend when
no display is set, so the functions run headless in CI.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from ..inference.colormap import normalise_inverse_depth
from ..evaluation.rgbd import RGBDPair


def _plt():
    import matplotlib

    if matplotlib.get_backend().lower() not in {"agg", "module://matplotlib_inline.backend_inline"}:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, save_to: str | Path | None):
    if save_to is not None:
        Path(save_to).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(save_to, dpi=110, bbox_inches="tight")
    return fig


def loss_curves(run_dir: str | Path, save_to: str | Path | None = None):
    """Training and held-out loss per epoch for every phase of a run (its ``*_log.csv``), phases marked."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 3.5))
    offset = 0
    for phase in ("frozen", "finetune"):
        log = Path(run_dir) / f"{phase}_log.csv"
        if not log.exists():
            continue
        rows = list(csv.DictReader(log.open()))
        if not rows:
            continue
        epochs = np.arange(1, len(rows) + 1) + offset
        ax.plot(epochs, [float(r["loss"]) for r in rows], "o-", label=f"{phase}: training")
        ax.plot(epochs, [float(r["val_loss"]) for r in rows], "s--", label=f"{phase}: held-out")
        if offset:
            ax.axvline(offset + 0.5, color="grey", lw=1)
            ax.text(offset + 0.6, ax.get_ylim()[1], "fine-tune", va="top", fontsize=8, color="grey")
        offset += len(rows)
    ax.set(xlabel="epoch", ylabel="loss", title="Loss per epoch")
    ax.legend(fontsize=8)
    return _save(fig, save_to)


def prediction_grid(estimator, pairs: list[RGBDPair], save_to: str | Path | None = None):
    """One row per pair: photo, ground truth, prediction (median-scaled), |error|; one depth scale per row."""
    plt = _plt()
    fig, axes = plt.subplots(len(pairs), 4, figsize=(12, 2.6 * len(pairs)), squeeze=False)
    for row, pair in zip(axes, pairs):
        rgb, gt = pair.load()
        pred = estimator.predict(pair.rgb_path).depth
        valid = gt > 0
        pred = pred * (np.median(gt[valid]) / np.median(pred[valid]))
        lo, hi = np.percentile(gt[valid], [2, 98])
        row[0].imshow(rgb)
        row[1].imshow(np.where(valid, gt, np.nan), cmap="Spectral", vmin=lo, vmax=hi)
        shown = row[2].imshow(pred, cmap="Spectral", vmin=lo, vmax=hi)
        error = row[3].imshow(np.where(valid, np.abs(pred - gt) / np.maximum(gt, 1e-3), np.nan), cmap="magma",
                              vmin=0, vmax=0.5)
        fig.colorbar(shown, ax=row[2], fraction=0.04, label="m")
        fig.colorbar(error, ax=row[3], fraction=0.04, label="|error| / depth")
        for ax, title in zip(row, ("photo", "ground truth", "prediction (median-scaled)", "relative error")):
            ax.set_title(f"{title}", fontsize=9)
            ax.axis("off")
        row[0].set_title(f"{pair.rgb_path.parent.parent.name}/{pair.id}", fontsize=9)
    fig.tight_layout()
    return _save(fig, save_to)


def skill_chart(runs: list[tuple[str, list]], save_to: str | Path | None = None):
    """Median-scaled δ1 per validation set: each model's bar beside the two trivial priors'."""
    plt = _plt()
    sets = [ev.dataset for ev in runs[0][1]]
    bars = [("constant prior", [ev.priors["constant"]["delta1"] for ev in runs[0][1]]),
            ("gradient prior", [ev.priors["gradient"]["delta1"] for ev in runs[0][1]])]
    bars += [(label, [ev.median_scaled["delta1"] for ev in evals]) for label, evals in runs]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    width = 0.8 / len(bars)
    for i, (label, values) in enumerate(bars):
        ax.bar(np.arange(len(sets)) + i * width, values, width, label=label,
               color="lightgrey" if "prior" in label else None, edgecolor="grey" if "prior" in label else None,
               hatch="//" if label == "gradient prior" else None)
    ax.set_xticks(np.arange(len(sets)) + 0.4 - width / 2, sets)
    ax.set(ylabel="δ1 (median-scaled)", ylim=(0.3, 1.0), title="Depth skill against trivial priors")
    ax.legend(fontsize=8, loc="lower right")
    return _save(fig, save_to)


def contact_sheet(folder: str | Path, count: int = 12, columns: int = 4, save_to: str | Path | None = None):
    """The first ``count`` RGB-D frames of a folder: each photo above its depth (near is warm)."""
    from ..evaluation.rgbd import list_pairs

    plt = _plt()
    pairs = list_pairs(folder)[:count]
    rows = -(-len(pairs) // columns)
    fig, axes = plt.subplots(2 * rows, columns, figsize=(3 * columns, 4.4 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i, pair in enumerate(pairs):
        rgb, depth = pair.load()
        r, c = 2 * (i // columns), i % columns
        axes[r, c].imshow(rgb)
        shown = np.where(depth > 0, normalise_inverse_depth(depth), np.nan)
        axes[r + 1, c].imshow(shown, cmap="Spectral_r", vmin=0, vmax=1)
        axes[r + 1, c].set_title(f"{np.median(depth[depth > 0]):.1f} m median", fontsize=8)
    fig.tight_layout()
    return _save(fig, save_to)


def latency_chart(results: list, save_to: str | Path | None = None):
    """Median milliseconds per stage (decode, pre-process, model, post-process, encode), stacked per model."""
    from ..evaluation.bench import STAGES

    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 1.2 + 0.5 * len(results)))
    stages = [s for s in STAGES if s != "total"]
    left = np.zeros(len(results))
    for stage in stages:
        values = np.array([r.p(stage, 50) for r in results])
        ax.barh([r.name for r in results], values, left=left, label=stage)
        left += values
    ax.set(xlabel="ms per image (p50 of each stage)", title="Where the time goes")
    ax.legend(fontsize=8, ncol=len(stages), loc="upper center", bbox_to_anchor=(0.5, -0.35))
    return _save(fig, save_to)


def selection_curve(rows: list[tuple[str, list]], save_to: str | Path | None = None):
    """Mean δ1 skill against input size, one line per refinement radius (labels "SxS, refine R" from select)."""
    from ..evaluation.evaluate import mean_skill

    plt = _plt()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    curves: dict[str, list[tuple[int, float]]] = {}
    for label, evals in rows:
        size, refine = label.split(", ")
        curves.setdefault(refine, []).append((int(size.split("x")[0]), mean_skill(evals)["delta1"]))
    for refine, points in curves.items():
        sizes, skills = zip(*sorted(points))
        ax.plot(sizes, skills, "o-", label=refine)
    ax.axhline(0, color="grey", lw=1, ls=":")
    ax.set(xlabel="input size (pixels a side)", ylabel="mean δ1 skill over the sets",
           title="Input size and refinement (0: as good as the better prior)")
    ax.legend(fontsize=8)
    return _save(fig, save_to)
