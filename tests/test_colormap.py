import numpy as np
import pytest

from depth_core.colormap import COLORMAPS, colorize, normalise_inverse_depth


def test_luts_are_256_rgb_entries():
    for lut in COLORMAPS.values():
        assert lut.shape == (256, 3) and lut.dtype == np.uint8


def test_turbo_runs_from_blue_through_green_to_red():
    lut = COLORMAPS["turbo"].astype(int)
    assert lut[40, 2] > lut[40, 0] + 100  # far: blue
    assert lut[128, 1] > 200  # middle: green
    assert lut[230, 0] > lut[230, 2] + 100  # near: red


def test_near_is_one_and_far_is_zero():
    depth = np.tile(np.linspace(1.0, 5.0, 100, dtype=np.float32), (4, 1))
    norm = normalise_inverse_depth(depth)
    assert norm[0, 0] == 1.0 and norm[0, -1] == 0.0


def test_invalid_pixels_and_empty_maps_do_not_fail():
    assert np.all(normalise_inverse_depth(np.zeros((3, 3), np.float32)) == 0)
    out = np.asarray(colorize(np.array([[0.0, 1.0], [2.0, 3.0]], np.float32)))
    assert out.shape == (2, 2, 3) and out.dtype == np.uint8


def test_unknown_map_is_refused():
    with pytest.raises(ValueError, match="colour map"):
        colorize(np.ones((2, 2), np.float32), "rainbow")


def test_colour_can_be_upsampled_to_the_photo_size():
    depth = np.tile(np.linspace(1.0, 5.0, 56, dtype=np.float32), (56, 1))
    out = colorize(depth, size=(640, 480))
    assert out.size == (640, 480) and out.mode == "RGB"
