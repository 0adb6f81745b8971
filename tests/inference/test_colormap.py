import numpy as np
import pytest

from depth_core.inference.colormap import COLORMAPS, colorize, colorize_unit, depth_range, normalise_inverse_depth


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


def test_every_map_but_grey_is_warm_at_the_near_end_and_cool_at_the_far_end():
    for name, lut in COLORMAPS.items():
        near, far = lut[255].astype(int), lut[:64].astype(int).mean(axis=0)  # far: the first quarter
        if name == "grey":
            assert near.tolist() == [255] * 3 and lut[0].tolist() == [0] * 3
        elif name == "magma":  # near: pale yellow, far: black to purple
            assert near[0] > 240 and near[1] > 230 and far[2] > far[1] + 50
        else:
            assert near[0] > near[2] + 50 and far[2] > far[0] + 30, name


def test_magma_fit_matches_matplotlib_at_its_middle():
    assert np.abs(COLORMAPS["magma"][128].astype(int) - [183, 55, 121]).max() <= 4  # matplotlib: (0.716, 0.215, 0.475)


def test_depth_range_is_the_colour_scale_ends_in_metres():
    depth = np.tile(np.linspace(1.0, 5.0, 200, dtype=np.float32), (4, 1))
    near, far = depth_range(depth)
    assert 1.0 <= near < 1.1 and 4.5 < far <= 5.0
    assert depth_range(np.zeros((3, 3), np.float32)) is None


def test_colorize_unit_maps_one_to_the_last_entry():
    out = np.asarray(colorize_unit(np.array([[0.0, 1.0]]), "spectral"))
    assert out[0, 0].tolist() == COLORMAPS["spectral"][0].tolist()
    assert out[0, 1].tolist() == COLORMAPS["spectral"][255].tolist()
