"""Depth for many images with one session: a file, a folder of photos, or the frames of a video."""
from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DepthCoreError, InvalidImageError
from ..inference.camera import DEFAULT_FOV_DEG, from_fov
from ..inference.colormap import DEFAULT_CMAP, colorize
from ..inference.depth_files import save_depth, save_point_cloud
from ..inference.images import ImageInput, load_image
from ..inference.pipeline import DepthEstimator

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"}
VIDEO_SUFFIXES = {".mp4", ".avi", ".mov", ".mkv", ".webm", ".m4v"}


@dataclass
class BatchReport:
    written: int = 0
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def images_per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


def opencv():
    """The ``cv2`` module, which video needs (``pip install depth-core[video]``), or a message saying so."""
    try:
        import cv2
    except ImportError:
        raise DepthCoreError("Video needs OpenCV: pip install opencv-python-headless") from None
    return cv2


def video_frames(path: str | Path) -> Iterator[tuple[str, ImageInput]]:
    """(frame name, RGB array) for every frame."""
    cv2 = opencv()
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise InvalidImageError(f"{Path(path).name} is not a video we can read.")
    try:
        index = 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            yield f"{Path(path).stem}_{index:06d}", cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
            index += 1
    finally:
        capture.release()


def inputs(source: str | Path) -> tuple[int | None, Iterator[tuple[str, ImageInput]]]:
    """(count if known, iterator of (name, image source)) for a photo, a folder of photos or a video."""
    source = Path(source)
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        return len(files), ((p.stem, p) for p in files)
    if source.suffix.lower() in VIDEO_SUFFIXES:
        return None, video_frames(source)
    return 1, iter([(source.stem, source)])


def predict_all(estimator: DepthEstimator, source: str | Path, out_dir: str | Path, color: bool = False,
                npy: bool = False, ply: bool = False, fov_deg: float | None = None, cmap: str = DEFAULT_CMAP,
                progress: bool = True) -> BatchReport:
    """Write ``<name>_depth.png`` (16-bit mm), and optionally ``_depth.npy``, ``_color.jpg`` and ``_points.ply``
    (coloured, with a pinhole camera of ``fov_deg`` across the width), per image.

    Unreadable images are skipped with a message; everything else keeps going.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    total, items = inputs(source)
    if progress:
        from tqdm import tqdm

        items = tqdm(items, total=total, unit="img", file=sys.stderr)
    report, start = BatchReport(), time.perf_counter()
    for name, image in items:
        try:
            result = estimator.predict(image)
        except InvalidImageError as err:
            report.skipped.append(f"{name}: {err}")
            print(f"{name}: skipped: {err}", file=sys.stderr)
            continue
        photo = load_image(image) if ply and result.display_size != result.size else None  # decoded once
        depth = result.full_depth(photo)  # files are at the photo's own size
        save_depth(depth, out / f"{name}_depth.png")
        if npy:
            save_depth(depth, out / f"{name}_depth.npy")
        if color:
            colorize(depth, cmap).save(out / f"{name}_color.jpg", quality=90)
        if ply:
            camera = from_fov(*result.size, fov_deg or DEFAULT_FOV_DEG)
            save_point_cloud(depth, photo or load_image(image), camera.fx, camera.fy, camera.cx, camera.cy,
                             out / f"{name}_points.ply")
        report.written += 1
    report.seconds = time.perf_counter() - start
    return report
