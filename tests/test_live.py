import pytest

from depth_core.live import FrameRate


def test_rate_is_frames_over_the_window_once_there_are_two():
    meter = FrameRate(window=3)
    assert meter.tick(0.0) is None
    assert meter.tick(0.1) == pytest.approx(10)
    meter.tick(0.2)
    assert meter.tick(0.5) == pytest.approx(2 / 0.4)  # the oldest frame has left the window
