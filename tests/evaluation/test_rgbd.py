import numpy as np
import pytest

from depth_core.evaluation.rgbd import block_split, list_pairs, read_depth_png


def test_pairs_load_as_rgb_and_metres(rgbd_folder):
    pairs = list_pairs(rgbd_folder)
    assert [p.id for p in pairs] == ["tum_fr2_desk_pair", "tum_fr3_office_pair"]
    rgb, depth = pairs[0].load()
    assert rgb.shape == (480, 640, 3) and rgb.dtype == np.uint8
    assert depth.shape == (480, 640) and depth.dtype == np.float32
    valid = depth[depth > 0]
    assert 0.3 < np.median(valid) < 10  # metres, not millimetres


def test_missing_depth_is_an_error(rgbd_folder):
    (rgbd_folder / "depth" / "tum_fr2_desk_pair.png").unlink()
    with pytest.raises(FileNotFoundError, match="no depth file"):
        list_pairs(rgbd_folder)


def test_wrong_layout_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="rgb/ and depth/"):
        list_pairs(tmp_path)


def test_depth_png_must_be_single_channel(tmp_path):
    from PIL import Image

    Image.new("RGB", (4, 4)).save(tmp_path / "d.png")
    with pytest.raises(ValueError, match="single-channel"):
        read_depth_png(tmp_path / "d.png")


def test_block_split_keeps_a_gap_between_train_and_holdout():
    items = list(range(100))
    train, hold = block_split(items, holdout=0.1, gap=10)
    assert train == list(range(80)) and hold == list(range(90, 100))
