"""Frame rate of a live stream, as the viewer experiences it (frames delivered per second, not model speed)."""
from __future__ import annotations

import time
from collections import deque


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
