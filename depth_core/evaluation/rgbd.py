"""RGB-D folders in the shared layout: ``rgb/<id>.jpg`` + ``depth/<id>.png`` (uint16 mm, 0 = invalid), with
``intrinsics/<id>.json``; read here and written here, so both sides agree on it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ..paths import SYNTHETIC_SOURCE

DEPTH_SCALE_MM = 1000.0
LAYOUT = ("rgb", "depth", "intrinsics")


@dataclass
class Frame:
    """One frame to write: photo, metric depth and the camera's intrinsics (fx, fy, cx, cy, width, height)."""

    rgb: np.ndarray  # H x W x 3 uint8
    depth: np.ndarray  # H x W float32 metres, 0 = no reading
    intrinsics: dict


@dataclass(frozen=True)
class RGBDPair:
    id: str
    rgb_path: Path
    depth_path: Path

    def load(self) -> tuple[np.ndarray, np.ndarray]:
        """(H x W x 3 uint8 RGB, H x W float32 depth in metres with 0 where invalid)."""
        with Image.open(self.rgb_path) as im:
            rgb = np.asarray(im.convert("RGB"))
        return rgb, read_depth_png(self.depth_path)


def read_depth_png(path: str | Path, scale: float = DEPTH_SCALE_MM) -> np.ndarray:
    """A 16-bit depth PNG as float32 metres (0 stays 0 = invalid)."""
    with Image.open(path) as im:
        depth = np.asarray(im, dtype=np.float32)
    if depth.ndim != 2:
        raise ValueError(f"{path}: expected a single-channel 16-bit depth PNG, got shape {depth.shape}")
    return depth / scale


def list_pairs(root: str | Path) -> list[RGBDPair]:
    """All pairs of a folder, sorted by id; an rgb frame without depth is an error, not a skip."""
    root = Path(root)
    rgb_dir, depth_dir = root / "rgb", root / "depth"
    if not rgb_dir.is_dir() or not depth_dir.is_dir():
        raise FileNotFoundError(f"{root}: expected rgb/ and depth/ folders (rgb/<id>.jpg, depth/<id>.png in mm)")
    pairs = []
    for rgb_path in sorted(p for p in rgb_dir.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"}):
        depth_path = depth_dir / f"{rgb_path.stem}.png"
        if not depth_path.exists():
            raise FileNotFoundError(f"{rgb_path.name} has no depth file {depth_path}")
        pairs.append(RGBDPair(rgb_path.stem, rgb_path, depth_path))
    if not pairs:
        raise FileNotFoundError(f"{root}: no RGB-D pairs found")
    return pairs


def create_layout(root: str | Path) -> Path:
    """``root`` with the layout's empty folders, ready for ``write_frame``."""
    root = Path(root)
    for sub in LAYOUT:
        (root / sub).mkdir(parents=True, exist_ok=True)
    return root


def write_frame(frame: Frame, root: str | Path, frame_id: str, quality: int) -> None:
    """One frame into a folder made by ``create_layout``: the JPEG at ``quality``, the depth in whole millimetres."""
    root = Path(root)
    Image.fromarray(frame.rgb).save(root / "rgb" / f"{frame_id}.jpg", quality=quality)
    mm = np.clip(np.round(frame.depth * DEPTH_SCALE_MM), 0, 65535).astype(np.uint16)
    Image.fromarray(mm).save(root / "depth" / f"{frame_id}.png")
    (root / "intrinsics" / f"{frame_id}.json").write_text(json.dumps(frame.intrinsics))


def block_split(pairs: list[RGBDPair], holdout: float = 0.1, gap: int = 10) -> tuple[list, list]:
    """Split a video into a training head and a held-out tail, with a gap so neighbours don't leak."""
    n_hold = max(1, round(len(pairs) * holdout))
    train_end = max(1, len(pairs) - n_hold - gap)
    return pairs[:train_end], pairs[len(pairs) - n_hold:]


CREDITS = {  # what each known set is and on which terms, for model cards (an unknown folder shows its name)
    "sevenscenes_redkitchen": "Microsoft 7-Scenes `redkitchen` (Microsoft Research non-commercial licence)",
    "sun3d_office_frag1": "SUN3D `office` frames (no open licence)",
    "multiroom_val": "ICL-NUIM (CC BY 3.0) and Replica (research only) renders",
    "piv_rooms": "IST PIV course rooms, Asus Xtion (research use only: no licence stated)",
    "piv_val": "IST PIV course rooms, Asus Xtion (research use only: no licence stated)",
    SYNTHETIC_SOURCE: "synthetic rooms rendered by `depth-core synthetic` (textured partly with crops of the real "
                       "training frames)",
}


def credit(name: str) -> str:
    return CREDITS.get(name, f"`{name}`")
