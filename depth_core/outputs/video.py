"""A short video in, a depth video out: every frame through the same pipeline as a photo."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .batch import opencv, video_frames
from ..errors import DepthCoreError, InvalidImageError
from ..inference.pipeline import DepthEstimator

MAX_FRAMES = 300  # 10 s at 30 fps: a demo, not a batch job (``python -m depth_core predict`` has no limit)


@dataclass
class VideoReport:
    path: Path
    frames: int
    fps: float  # the input's frame rate, kept in the output
    truncated: bool
    total_ms: dict[str, float]  # summed per stage over all frames

    def timing_line(self) -> str:
        per_frame = {stage: ms / max(self.frames, 1) for stage, ms in self.total_ms.items()}
        total = sum(per_frame.values())
        stages = " · ".join(f"{stage} {ms:.1f}" for stage, ms in per_frame.items())
        return (f"{self.frames} frames{' (first ' + str(MAX_FRAMES) + ' only)' if self.truncated else ''}, "
                f"{total:.1f} ms per frame ({stages} ms), {1000 / max(total, 1e-6):.0f} frames/s")


def pan_clip(photo: str | Path, out_path: str | Path, frames: int = 5, size: tuple[int, int] = (320, 240),
             fps: float = 10) -> Path:
    """A short MJPG clip panning across a photo: a video anyone can make offline, for tests and benchmarks."""
    from ..inference.images import load_image

    cv2 = opencv()

    frame = np.asarray(load_image(photo))[:, :, ::-1]
    width, height = size
    writer = cv2.VideoWriter(str(out_path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    for i in range(frames):
        writer.write(np.ascontiguousarray(frame[i * 20:i * 20 + height, i * 20:i * 20 + width]))
    writer.release()
    return Path(out_path)


def probe(path: str | Path) -> tuple[float, int]:
    """(frames per second, frame count) as the container states them; 25 fps and 0 frames when it does not."""
    cv2 = opencv()

    capture = cv2.VideoCapture(str(path))
    try:
        fps, count = capture.get(cv2.CAP_PROP_FPS), capture.get(cv2.CAP_PROP_FRAME_COUNT)
    finally:
        capture.release()
    return (fps if 1 <= fps <= 240 else 25.0), max(int(count), 0)


def depth_video(estimator: DepthEstimator, source: str | Path, out_path: str | Path, cmap: str,
                max_frames: int = MAX_FRAMES, progress: Callable[[int], None] | None = None) -> VideoReport:
    """Write the coloured depth of each frame as a WebM (VP8: plays in every browser, no ffmpeg needed)."""
    cv2 = opencv()

    out_path = Path(out_path).with_suffix(".webm")
    fps, _ = probe(source)
    writer = None
    totals: dict[str, float] = {}
    frames, truncated = 0, False
    try:
        for _, frame in video_frames(source):
            if frames == max_frames:
                truncated = True
                break
            result = estimator.predict(frame)
            colored = np.asarray(result.colored(cmap))
            if writer is None:
                height, width = colored.shape[:2]
                writer = cv2.VideoWriter(str(out_path), cv2.VideoWriter_fourcc(*"VP80"), fps, (width, height))
                if not writer.isOpened():
                    raise DepthCoreError("This server cannot write WebM video (OpenCV without VP8).")
            start = time.perf_counter()
            writer.write(cv2.cvtColor(colored, cv2.COLOR_RGB2BGR))
            result.timings_ms["encode"] = (time.perf_counter() - start) * 1000
            for stage, ms in result.timings_ms.items():
                totals[stage] = totals.get(stage, 0.0) + ms
            frames += 1
            if progress:
                progress(frames)
    finally:
        if writer is not None:
            writer.release()
    if frames == 0:
        raise InvalidImageError(f"{Path(source).name} has no frames we can read.")
    return VideoReport(out_path, frames, fps, truncated, totals)
