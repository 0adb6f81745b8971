import json

import numpy as np
import pytest

from depth_core.evaluation.rgbd import Frame, block_split, create_layout, list_pairs, read_depth_png, write_frame


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


def test_a_written_frame_reads_back_in_whole_millimetres(tmp_path):
    """What the writer stores is what the reader finds: the depth to the millimetre (0 stays a hole), the intrinsics."""
    rgb = np.full((6, 8, 3), (200, 120, 40), np.uint8)
    depth = np.linspace(0.5, 4.0, 48, dtype=np.float32).reshape(6, 8)
    depth[0, 0] = 0
    intrinsics = {"fx": 7.0, "fy": 7.0, "cx": 3.5, "cy": 2.5, "width": 8, "height": 6}
    write_frame(Frame(rgb, depth, intrinsics), create_layout(tmp_path / "set"), "f0", quality=95)
    (pair,) = list_pairs(tmp_path / "set")
    read_rgb, read_depth = pair.load()
    assert read_rgb.shape == rgb.shape and np.abs(read_rgb.astype(int) - rgb).max() < 8  # a JPEG
    np.testing.assert_array_equal(read_depth, np.round(depth * 1000) / 1000)
    assert json.loads((tmp_path / "set" / "intrinsics" / "f0.json").read_text()) == intrinsics
