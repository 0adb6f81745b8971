import numpy as np
import pytest

from depth_core.errors import InvalidImageError
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.recent import RecentPredictions
from depth_core.inference.registry import load_registry


def test_a_remembered_prediction_is_reused_but_never_shared(photo, tmp_path, monkeypatch):
    estimator = get_estimator(next(iter(load_registry())))
    recent = RecentPredictions(size=1)
    first = recent.predict(estimator, photo)
    fresh = estimator.predict(photo)
    assert np.array_equal(recent.predict(estimator, photo).depth, fresh.depth)  # the same post-processing
    calls = []
    monkeypatch.setattr(estimator, "predict", lambda source: calls.append(source))
    again = recent.predict(estimator, photo)
    assert not calls and np.array_equal(again.raw, first.raw) and again.timings_ms == first.timings_ms
    again.timings_ms["postprocess"] = 99.0
    assert "postprocess" not in recent.predict(estimator, photo).timings_ms  # a copy each time


def test_another_file_or_a_full_cache_runs_the_network_again(photo, tmp_path):
    estimator = get_estimator(next(iter(load_registry())))
    recent = RecentPredictions(size=1)
    other = tmp_path / "other.jpg"
    other.write_bytes(photo.read_bytes())
    recent.predict(estimator, photo)
    recent.predict(estimator, other)  # evicts the first
    assert len(recent._items) == 1 and str(other.resolve()) in next(iter(recent._items))[1]


def test_a_file_gone_since_it_was_uploaded_is_said_as_such(tmp_path):
    """Not an OSError, which the app would report as a full disk."""
    estimator = get_estimator(next(iter(load_registry())))
    with pytest.raises(InvalidImageError, match="gone.jpg; it may have expired"):
        RecentPredictions().predict(estimator, tmp_path / "gone.jpg")
