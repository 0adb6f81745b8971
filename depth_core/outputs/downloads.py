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
_root = ROOT


def use_root(root: str | Path) -> Path:
    """Write every later request's files under ``root``: the app gives its web server's own cache folder, whose
    files the server sends as they are instead of copying each one again."""
    global _root
    _root = Path(root)
    return _root


def safe_name(text: str) -> str:
    """A file-name-safe slug: letters, digits, '-' and '_' kept, the rest '_'."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "depth"


def request_folder(root: Path | None = None, max_age_s: float = MAX_AGE_S) -> Path:
    """A new, unique folder for one request's files; stale ones from earlier requests are pruned."""
    root = Path(root or _root)
    root.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - max_age_s
    for old in root.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except FileNotFoundError:  # another request pruned it first
            pass
    return Path(tempfile.mkdtemp(dir=root))


def remove_all(root: Path | None = None) -> None:
    """Delete every request's files (at shutdown: nothing a stopped server wrote stays on its disk)."""
    shutil.rmtree(Path(root or _root), ignore_errors=True)


def write_downloads(result: DepthResult, photo: Image.Image, photo_name: str, model_label: str,
                    camera: Intrinsics, cmap: str, folder: Path) -> dict[str, Path]:
    """{"png16", "npy", "colour", "ply"} -> files named ``<photo>_<encoder>_...`` in ``folder``.

    16-bit PNG in millimetres and ``.npy`` float32 metres at the photo's size (its full-size depth, computed here
    the first time a download asks), the coloured map as PNG at display size, and a coloured point cloud in metres
    (binary PLY) with ``camera``. If any write fails (a full disk), ``folder`` is removed with whatever it held, so
    the failure does not keep the disk full; the error is raised for the caller to report.
    """
    stem = f"{safe_name(Path(photo_name).stem)}_{safe_name(model_label)}"
    try:
        depth = result.full_depth(photo)
        files = {"png16": save_depth(depth, folder / f"{stem}_depth_mm.png"),
                 "npy": save_depth(depth, folder / f"{stem}_depth_m.npy"),
                 "colour": folder / f"{stem}_{cmap}.png"}
        result.colored(cmap).save(files["colour"], compress_level=1)
        files["ply"] = save_point_cloud(depth, photo, camera.fx, camera.fy, camera.cx, camera.cy,
                                        folder / f"{stem}_points.ply")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return files
