"""Keep the frames of a synthetic set whose depth a handheld indoor photo could have, as links.

    python scripts/filter_views.py runs/synthetic runs/synthetic_f35 --max-spread 3.5
    python scripts/filter_views.py ../shared/data/sevenscenes_redkitchen     # statistics only, nothing linked

Spread is the 90th over the 10th percentile of a frame's valid depth (``synthetic.depth_spread``). The shipped
models' rooms were rendered before the generator applied this rule (``plausible_view``): this makes them what it
makes with it, without re-rendering (``scripts/ship.sh``).
"""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from depth_core.evaluation.rgbd import list_pairs, read_depth_png  # noqa: E402
from depth_core.training.synthetic import depth_spread  # noqa: E402


def spread_of(depth_path: str) -> float:
    return depth_spread(read_depth_png(depth_path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target", nargs="?", help="where the kept frames are linked (none: print statistics only)")
    parser.add_argument("--max-spread", type=float, default=3.5)
    args = parser.parse_args()
    pairs = list_pairs(args.source)
    with ProcessPoolExecutor() as pool:
        spreads = np.array(list(pool.map(spread_of, [str(p.depth_path) for p in pairs], chunksize=64)))
    kept = [p for p, spread in zip(pairs, spreads) if spread <= args.max_spread]
    print(f"{args.source}: {len(pairs)} frames, spread median {np.median(spreads):.2f}, max {spreads.max():.2f}, "
          f"{np.mean(spreads > args.max_spread):.0%} above {args.max_spread}")
    if not args.target:
        return
    target = Path(args.target)
    for kind in ("rgb", "depth"):
        (target / kind).mkdir(parents=True, exist_ok=True)
    for pair in kept:
        for path in (Path(pair.rgb_path), Path(pair.depth_path)):
            link = target / path.parent.name / path.name
            if not link.exists():
                os.symlink(path.resolve(), link)
    print(f"kept {len(kept)} of {len(pairs)} frames with spread <= {args.max_spread} in {target}")


if __name__ == "__main__":
    main()
