"""Are the seeds' errors their own or shared? Each run's skill beside the skill of all their maps averaged (the
geometric mean of the depths, per pixel). If averaging many seeds gains little, a run's misses are the recipe's, and
distilling an ensemble into one network (a network per seed at training, one at inference) would gain as little.

    python scripts/ensemble_skill.py runs/grad6_block13_seed{0,1,3} runs/g6head_block13_seed{0,1,2,3,4} \
        > docs/results/ensemble.md  # as scripts/rooms.sh runs it

Each run is read from its ``select/size_160`` fp32 export (``depth-core select RUN --sizes 160`` makes it).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from depth_core.evaluation.evaluate import comparison_table, evaluate, mean_skill  # noqa: E402
from depth_core.inference.pipeline import DepthEstimator  # noqa: E402
from depth_core.paths import validation_dirs  # noqa: E402


@dataclass
class AveragedDepth:
    depth: np.ndarray


class Ensemble:
    """Quacks like a DepthEstimator for ``evaluate``: every member predicts, the depths are averaged in log."""

    def __init__(self, members: list[DepthEstimator]):
        self.members, self.name = members, f"ensemble of {len(members)}"

    def predict(self, path) -> AveragedDepth:
        logs = [np.log(np.maximum(m.predict(path).depth, 1e-3)) for m in self.members]
        return AveragedDepth(np.exp(np.mean(logs, axis=0)).astype(np.float32))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", help="run folders with a select/size_<size> export")
    parser.add_argument("--size", type=int, default=160)
    parser.add_argument("--refine-radius", type=int, default=6)
    args = parser.parse_args()
    members = [DepthEstimator(next(Path(run, "select", f"size_{args.size}").glob("*.onnx")), args.size,
                              refine_radius=args.refine_radius) for run in args.runs]
    rows = [(Path(run).name, [evaluate(m, d) for d in validation_dirs()]) for run, m in zip(args.runs, members)]
    members_mean = np.mean([mean_skill(evals)["delta1"] for _, evals in rows])
    rows.append((f"{len(members)} runs averaged", [evaluate(Ensemble(members), d) for d in validation_dirs()]))
    print(comparison_table(rows))
    print(f"\nMean δ1 skill: the runs one by one **{members_mean:+.3f}** on average, their maps averaged "
          f"**{mean_skill(rows[-1][1])['delta1']:+.3f}**.")


if __name__ == "__main__":
    main()
