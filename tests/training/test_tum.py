import json

import numpy as np
import pytest
from PIL import Image

from depth_core.errors import DepthCoreError
from depth_core.evaluation.rgbd import list_pairs
from depth_core.training.tum import associate, convert


def _sequence(root, rgb_stamps, depth_stamps):
    """A TUM-style sequence of 64x48 frames: depth 10000 (2 m at 5000 per metre), colour a flat grey."""
    for sub in ("rgb", "depth"):
        (root / sub).mkdir(parents=True)
    for sub, stamps in (("rgb", rgb_stamps), ("depth", depth_stamps)):
        lines = [f"# {sub}", "# timestamp filename"] + [f"{t:.6f} {sub}/{t:.6f}.png" for t in stamps]
        (root / f"{sub}.txt").write_text("\n".join(lines) + "\n")
    for t in rgb_stamps:
        Image.fromarray(np.full((48, 64, 3), 120, np.uint8)).save(root / "rgb" / f"{t:.6f}.png")
    for t in depth_stamps:
        depth = np.full((48, 64), 10000, np.uint16)
        depth[:, :8] = 0  # a hole stays a hole
        Image.fromarray(depth).save(root / "depth" / f"{t:.6f}.png")
    return root


def test_each_colour_frame_takes_the_nearest_depth_frame_within_the_gap():
    rgb = [(1.00, "r1"), (1.03, "r2"), (1.50, "r3")]
    depth = [(1.005, "d1"), (1.04, "d2"), (1.20, "d3")]
    assert associate(rgb, depth) == [("r1", "d1"), ("r2", "d2")]  # r3 has no depth within 0.02 s


def test_a_sequence_converts_to_the_shared_layout_in_metres(tmp_path):
    seq = _sequence(tmp_path / "rgbd_dataset_freiburg2_desk", [1.0, 1.1, 1.2, 1.3], [1.001, 1.099, 1.2, 1.5])
    assert convert(seq, tmp_path / "out", size=(32, 24)) == 3
    pairs = list_pairs(tmp_path / "out")
    rgb, depth = pairs[0].load()
    assert rgb.shape == (24, 32, 3) and depth.shape == (24, 32)
    np.testing.assert_allclose(depth[:, 4:], 2.0)  # 10000 / 5000 metres
    assert (depth[:, :4] == 0).all()
    intrinsics = json.loads((tmp_path / "out" / "intrinsics" / f"{pairs[0].id}.json").read_text())
    assert intrinsics["fx"] == pytest.approx(520.9 / 20) and intrinsics["width"] == 32  # fr2's lens, 20x smaller
    assert "freiburg2_desk" in (tmp_path / "out" / "SOURCE.md").read_text()


def test_a_folder_that_does_not_name_its_camera_needs_one(tmp_path):
    seq = _sequence(tmp_path / "data", [1.0], [1.0])
    with pytest.raises(DepthCoreError, match="name the camera"):
        convert(seq, tmp_path / "out")
    assert convert(seq, tmp_path / "out", camera="fr3", size=(32, 24)) == 1
    with pytest.raises(DepthCoreError, match="unknown TUM camera"):
        convert(seq, tmp_path / "out", camera="fr9")
