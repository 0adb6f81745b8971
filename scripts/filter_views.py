"""Keep the frames of a synthetic set whose depth a handheld indoor photo could have, as links.

    python scripts/filter_views.py runs/synthetic runs/synthetic_f35 --max-spread 3.5
    python scripts/filter_views.py ../shared/data/sevenscenes_redkitchen     # statistics only, nothing linked

Spread is the 90th over the 10th percentile of a frame's valid depth (``synthetic.depth_spread``); the top/bottom
ratio is the median depth of its top third over its bottom third (``synthetic.top_bottom_ratio``). Sets made
before the generator applied a rule (``plausible_view``) become what it makes with it, without re-rendering.
"""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from depth_core.evaluation.rgbd import list_pairs, read_depth_png
from depth_core.training.synthetic import depth_spread, top_bottom_ratio


def statistics(depth_path: str) -> tuple[float, float]:
    depth = read_depth_png(depth_path)
    return depth_spread(depth), top_bottom_ratio(depth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("target", nargs="?", help="where the kept frames are linked (none: print statistics only)")
    parser.add_argument("--max-spread", type=float, default=3.5)
    parser.add_argument("--min-top-bottom", type=float, default=0.0, help="drop views whose top third is nearer than "
                        "this times the bottom third (default: keep all)")
    parser.add_argument("--prefix", default="", help="added to every linked file's name (to merge several sets)")
    args = parser.parse_args()
    pairs = list_pairs(args.source)
    with ProcessPoolExecutor() as pool:
        spreads, ratios = np.array(list(pool.map(statistics, [str(p.depth_path) for p in pairs], chunksize=64))).T
    keep = (spreads <= args.max_spread) & (ratios >= args.min_top_bottom)
    kept = [p for p, k in zip(pairs, keep) if k]
    print(f"{args.source}: {len(pairs)} frames, spread median {np.median(spreads):.2f}, max {spreads.max():.2f}, "
          f"{np.mean(spreads > args.max_spread):.0%} above {args.max_spread}; top/bottom median "
          f"{np.median(ratios):.2f}, min {ratios.min():.2f}, {np.mean(ratios < 1):.0%} below 1")
    if not args.target:
        return
    target = Path(args.target)
    for kind in ("rgb", "depth"):
        (target / kind).mkdir(parents=True, exist_ok=True)
    for pair in kept:
        for path in (Path(pair.rgb_path), Path(pair.depth_path)):
            link = target / path.parent.name / f"{args.prefix}{path.name}"
            if not link.exists():
                os.symlink(path.resolve(), link)
    print(f"kept {len(kept)} of {len(pairs)} frames with spread <= {args.max_spread} and top/bottom >= "
          f"{args.min_top_bottom} in {target}")


if __name__ == "__main__":
    main()
