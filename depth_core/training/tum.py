"""Convert a TUM RGB-D sequence to the shared layout, so a public recording of another room can join training.

A TUM sequence (https://cvg.cit.tum.de/data/datasets/rgbd-dataset, CC BY 4.0) has ``rgb/<t>.png`` and
``depth/<t>.png`` (uint16, 5000 per metre, registered to the colour camera), listed with their timestamps in
``rgb.txt`` and ``depth.txt``. The two streams are not synchronised, so each colour frame takes the depth frame
nearest in time, as TUM's own ``associate.py`` does.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from ..errors import DepthCoreError
from ..evaluation.rgbd import Frame, create_layout, write_frame

# TUM's published colour-camera intrinsics (fx, fy, cx, cy) at its 640x480 frames, one per Freiburg sensor.
CAMERAS = {"fr1": (517.3, 516.5, 318.6, 255.3), "fr2": (520.9, 521.0, 325.1, 249.7),
           "fr3": (535.4, 539.2, 320.1, 247.6)}
WIDTH = 640
DEPTH_PER_METRE = 5000.0


def read_list(path: str | Path) -> list[tuple[float, str]]:
    """(timestamp, file) rows of a TUM ``rgb.txt`` or ``depth.txt``; ``#`` lines are comments."""
    rows = []
    for line in Path(path).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            stamp, name = line.split()[:2]
            rows.append((float(stamp), name))
    return rows


def associate(rgb: list[tuple[float, str]], depth: list[tuple[float, str]],
              max_gap: float = 0.02) -> list[tuple[str, str]]:
    """(colour file, depth file) pairs: each colour frame with the depth frame nearest in time, if within
    ``max_gap`` seconds, and each depth frame used once."""
    stamps = np.array([t for t, _ in depth])
    pairs, used = [], set()
    for t, name in rgb:
        nearest = int(np.abs(stamps - t).argmin())
        if abs(stamps[nearest] - t) <= max_gap and nearest not in used:
            used.add(nearest)
            pairs.append((name, depth[nearest][1]))
    return pairs


def camera_of(sequence: Path) -> str:
    """The Freiburg sensor a sequence's folder name says (``rgbd_dataset_freiburg1_rpy`` -> ``fr1``)."""
    for number in "123":
        if f"freiburg{number}" in sequence.absolute().name:
            return f"fr{number}"
    raise DepthCoreError(f"{sequence}: name the camera (fr1, fr2 or fr3); the folder name does not say it")


def convert(sequence: str | Path, out_dir: str | Path, camera: str | None = None, stride: int = 1,
            size: tuple[int, int] = (320, 240)) -> int:
    """Write every ``stride``-th associated pair of ``sequence`` to ``out_dir`` at ``size`` (colour area-averaged,
    depth nearest, so holes stay holes), with the intrinsics scaled to match; returns the number written."""
    sequence = Path(sequence)
    camera = camera or camera_of(sequence)
    if camera not in CAMERAS:
        raise DepthCoreError(f"unknown TUM camera {camera!r}; choose one of {tuple(CAMERAS)}")
    pairs = associate(read_list(sequence / "rgb.txt"), read_list(sequence / "depth.txt"))[::stride]
    out = create_layout(out_dir)
    fx, fy, cx, cy = CAMERAS[camera]
    s = size[0] / WIDTH
    for rgb_name, depth_name in pairs:
        with Image.open(sequence / rgb_name) as im:
            rgb = np.asarray(im.convert("RGB").resize(size, Image.BOX))
        with Image.open(sequence / depth_name) as im:
            depth = np.asarray(im.resize(size, Image.NEAREST), np.float32) / DEPTH_PER_METRE
        intrinsics = {"fx": fx * s, "fy": fy * s, "cx": (cx + 0.5) * s - 0.5, "cy": (cy + 0.5) * s - 0.5,
                      "width": size[0], "height": size[1]}
        write_frame(Frame(rgb, depth, intrinsics), out, Path(rgb_name).stem, quality=92)
    (out / "SOURCE.md").write_text(
        f"TUM RGB-D sequence `{sequence.absolute().name}` ({camera} camera), {len(pairs)} pairs (every {stride}), "
        f"converted by `depth-core tum` to {size[0]}x{size[1]}.\nLicence: CC BY 4.0. Credit: J. Sturm, N. Engelhard, "
        "F. Endres, W. Burgard, D. Cremers, \"A Benchmark for the Evaluation of RGB-D SLAM Systems\", IROS 2012.\n")
    return len(pairs)
