"""The files a user takes home from the app, written into a fresh folder per request so that two people
downloading at the same moment can never receive each other's depth."""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image

from ..inference.camera import Intrinsics
from ..inference.depth_files import save_depth, save_point_cloud
from ..inference.pipeline import DepthResult

ROOT = Path(tempfile.gettempdir()) / "depth_core_downloads"
MAX_AGE_S = 3600  # folders older than this are removed when a new one is made


def safe_name(text: str) -> str:
    """A file-name-safe slug: letters, digits, '-' and '_' kept, the rest '_'."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "depth"


def request_folder(root: Path = ROOT, max_age_s: float = MAX_AGE_S) -> Path:
    """A new, unique folder for one request's files; stale ones from earlier requests are pruned."""
    root.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - max_age_s
    for old in root.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except FileNotFoundError:  # another request pruned it first
            pass
    return Path(tempfile.mkdtemp(dir=root))


def write_downloads(result: DepthResult, photo: Image.Image, photo_name: str, model_label: str,
                    camera: Intrinsics, cmap: str, folder: Path) -> dict[str, Path]:
    """{"png16", "npy", "colour", "ply"} -> files named ``<photo>_<encoder>_...`` in ``folder``.

    16-bit PNG in millimetres and ``.npy`` float32 metres at the photo's size, the coloured map as PNG,
    and a coloured point cloud in metres (binary PLY) with ``camera``.
    """
    stem = f"{safe_name(Path(photo_name).stem)}_{safe_name(model_label)}"
    depth = result.depth
    files = {"png16": save_depth(depth, folder / f"{stem}_depth_mm.png"),
             "npy": save_depth(depth, folder / f"{stem}_depth_m.npy"),
             "colour": folder / f"{stem}_{cmap}.png"}
    result.colored(cmap).save(files["colour"], compress_level=1)
    files["ply"] = save_point_cloud(depth, photo, camera.fx, camera.fy, camera.cx, camera.cy,
                                    folder / f"{stem}_points.ply")
    return files
