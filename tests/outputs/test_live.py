import numpy as np
import pytest

from depth_core.outputs.live import FrameRate, fit_frame


def test_rate_is_frames_over_the_window_once_there_are_two():
    meter = FrameRate(window=3)
    assert meter.tick(0.0) is None
    assert meter.tick(0.1) == pytest.approx(10)
    meter.tick(0.2)
    assert meter.tick(0.5) == pytest.approx(2 / 0.4)  # the oldest frame has left the window


def test_large_frames_are_shrunk_to_the_live_size_and_small_ones_kept():
    big = np.zeros((1440, 1920, 3), np.uint8)
    assert fit_frame(big).shape == (480, 640, 3)
    small = np.zeros((240, 320, 3), np.uint8)
    assert fit_frame(small) is small
