"""A data set of rendered rooms in the RGB-D layout, written by several processes; same seed, same frames."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from ...evaluation.rgbd import create_layout, write_frame
from .textures import TexturePool
from .views import render_frame


def _render_chunk(args) -> int:
    out, start, stop, seed, photo_folders, width, height = args
    out = Path(out)
    pool_rng = np.random.default_rng((seed, start, 0))
    pool = None
    for index in range(start, stop):
        if pool is None or (index - start) % 50 == 0:  # a fresh texture pool every 50 frames
            pool = TexturePool(pool_rng, photo_folders)
        rng = np.random.default_rng((seed, index))
        frame = render_frame(rng, pool, width, height)
        write_frame(frame, out, f"syn_{index:06d}", quality=int(rng.integers(75, 96)))
    return stop - start


def generate(out_dir: str | Path, count: int, seed: int = 0, photo_folders: list[str | Path] = (),
             workers: int | None = None, width: int = 320, height: int = 240, chunk: int = 50) -> Path:
    """Write ``count`` frames to ``out_dir`` with ``workers`` processes; same seed, same frames."""
    out = create_layout(out_dir)
    jobs = [(str(out), s, min(s + chunk, count), seed, [str(p) for p in photo_folders], width, height)
            for s in range(0, count, chunk)]
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for job in jobs:
            _render_chunk(job)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_render_chunk, jobs))
    (out / "SOURCE.md").write_text(
        f"Synthetic rooms from `depth_core.training.synthetic` (seed {seed}, {count} frames, {width}x{height}).\n"
        f"Textures: procedural and random crops of: {', '.join(Path(p).name for p in photo_folders) or 'none'}.\n")
    return out
