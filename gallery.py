"""The example photos and RGB-D pairs shipped with the repo, grouped for the app's galleries.

Only ``examples/`` is ever listed here: the research sets in ``../shared/data`` must not reach the app.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from depth_core.inference.camera import Intrinsics, load_intrinsics
from depth_core.evaluation.rgbd import list_pairs

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
THUMB_DIR = Path(tempfile.gettempdir()) / "depth_core_thumbs"


def example_photos(examples_dir: str | Path = EXAMPLES_DIR) -> dict[str, list[Path]]:
    """{"Indoor rooms": [...], "Other scenes": [...]}; empty if the folder is not shipped."""
    photos = sorted(Path(examples_dir, "photos").glob("*.jpg"))
    indoor = [p for p in photos if p.name.startswith("tum_") or "kitchen" in p.name or "waitingroom" in p.name]
    other = [p for p in photos if p not in indoor]
    return {"Indoor rooms": indoor, "Other scenes": other}


@dataclass(frozen=True)
class RGBDExample:
    rgb: Path
    depth: Path  # 16-bit PNG, millimetres
    camera: Intrinsics  # exact, from the dataset


def rgbd_examples(examples_dir: str | Path = EXAMPLES_DIR) -> list[RGBDExample]:
    """The public RGB-D pairs of ``examples/rgbd`` with their intrinsics; empty if not shipped."""
    root = Path(examples_dir, "rgbd")
    if not root.is_dir():
        return []
    return [RGBDExample(pair.rgb_path, pair.depth_path, load_intrinsics(root / "intrinsics" / f"{pair.id}.json"))
            for pair in list_pairs(root)]


def thumbnail(path: str | Path, size: int = 160, folder: Path = THUMB_DIR) -> Path:
    """A small JPEG of ``path`` (made once, named by the source's content), so a gallery shows at once."""
    path = Path(path)
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:16]
    out = folder / f"{path.stem}_{digest}_{size}.jpg"
    if not out.exists():
        folder.mkdir(parents=True, exist_ok=True)
        with Image.open(path) as image:
            image.draft("RGB", (size, size))
            image = image.convert("RGB")
            image.thumbnail((size, size))
            tmp = out.with_suffix(f".{os.getpid()}.tmp")
            image.save(tmp, "JPEG", quality=80)
            tmp.replace(out)  # atomic: a concurrent start-up never serves half a file
    return out


def credits_markdown(examples_dir: str | Path = EXAMPLES_DIR) -> str:
    path = Path(examples_dir, "CREDITS.md")
    return path.read_text() if path.exists() else ""
