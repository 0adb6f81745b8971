"""The last few predictions, so the app's follow-up steps (downloads, 3D, ground-truth check) reuse the depth
the user is looking at instead of running the network again for each of them."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from ..errors import InvalidImageError
from .pipeline import DepthEstimator, DepthResult


class RecentPredictions:
    """A small LRU of network outputs keyed by model and file (path, size, mtime): a changed file is a miss.

    Every call returns a copy of the remembered ``DepthResult`` with timings of its own, so concurrent requests
    never add to each other's runtime; the timings are those of the run that made the prediction. Arrays are
    shared read-only.
    """

    def __init__(self, size: int = 8):
        self.size = size
        self._items: OrderedDict[tuple, DepthResult] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(estimator: DepthEstimator, path: str | Path) -> tuple:
        try:
            stat = Path(path).stat()
        except FileNotFoundError:  # e.g. an upload the app's cache has since deleted
            raise InvalidImageError(f"No such file: {Path(path).name}; it may have expired, please upload it "
                                    "again.") from None
        return estimator.name, str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns

    def remember(self, estimator: DepthEstimator, path: str | Path, result: DepthResult) -> None:
        """Keep a prediction just made (its timings as they are now: decode, preprocess, model)."""
        with self._lock:
            key = self._key(estimator, path)
            self._items[key] = replace(result, timings_ms=dict(result.timings_ms))
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def predict(self, estimator: DepthEstimator, path: str | Path) -> DepthResult:
        """The remembered prediction for this file and model, or a new one (then remembered)."""
        key = self._key(estimator, path)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is not None:
            return replace(hit, timings_ms=dict(hit.timings_ms))
        result = estimator.predict(path)
        self.remember(estimator, path, result)
        return result
