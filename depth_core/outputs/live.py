"""Frame rate of a live stream, as the viewer experiences it (frames delivered per second, not model speed)."""
from __future__ import annotations

import time
from collections import deque

import numpy as np
from PIL import Image

from ..errors import InvalidImageError
from ..inference.images import MIN_SIDE, check_size

MAX_SIDE = 640  # live frames larger than this are shrunk first: the frame rate matters more than the detail


class FrameRate:
    """Frames per second over the last ``window`` frames; one per webcam session (the app keeps it in state)."""

    def __init__(self, window: int = 20):
        self.times: deque[float] = deque(maxlen=window)

    def tick(self, now: float | None = None) -> float | None:
        """Record a delivered frame; the rate so far, or None until there are two frames."""
        self.times.append(time.perf_counter() if now is None else now)
        if len(self.times) < 2 or self.times[-1] <= self.times[0]:
            return None
        return (len(self.times) - 1) / (self.times[-1] - self.times[0])


def fit_frame(frame: np.ndarray, max_side: int = MAX_SIDE) -> np.ndarray:
    """An H x W x 3 uint8 frame, refused if too small or too large, shrunk (aspect kept) so its longer side is at most ``max_side``; smaller
    frames are returned as they are."""
    height, width = frame.shape[:2]
    check_size(width, height)  # the frame as it came, not its shrunk copy
    if max(height, width) <= max_side:
        return frame
    scale = max_side / max(height, width)
    size = (round(width * scale), round(height * scale))
    if min(size) < MIN_SIDE:
        raise InvalidImageError(f"This frame is too long or too wide ({width}x{height}) for live depth, which "
                                f"shows frames at {max_side} pixels at most.")
    return np.asarray(Image.fromarray(np.asarray(frame, np.uint8)).resize(size, Image.BILINEAR))
