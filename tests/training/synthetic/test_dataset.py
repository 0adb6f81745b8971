"""A data set of rendered rooms, in the layout the RGB-D reader reads."""
import json

import numpy as np
from PIL import Image

from depth_core.evaluation.rgbd import list_pairs
from depth_core.training.synthetic import generate


def test_generate_writes_the_shared_layout(tmp_path, photo):
    out = generate(tmp_path / "syn", 3, seed=5, photo_folders=[photo.parent], workers=1, width=64, height=48)
    pairs = list_pairs(out)
    assert [p.id for p in pairs] == ["syn_000000", "syn_000001", "syn_000002"]
    rgb, depth = pairs[0].load()
    assert rgb.shape == (48, 64, 3) and depth.shape == (48, 64)
    with Image.open(pairs[0].depth_path) as im:
        assert im.mode in ("I;16", "I") and np.asarray(im).max() > 100  # millimetres
    intrinsics = json.loads((out / "intrinsics" / "syn_000000.json").read_text())
    assert intrinsics["width"] == 64 and intrinsics["fx"] > 0
