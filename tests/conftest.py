import os
import shutil
import socket
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DEPTH_SHARED", REPO.parent / "shared"))
PHOTO = REPO / "examples" / "photos" / "tum_fr2_desk_1.jpg"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def photo() -> Path:
    return PHOTO


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.fail(f"shared data not found at {SHARED}; set DEPTH_SHARED")
    return SHARED


@pytest.fixture
def rgbd_folder(tmp_path) -> Path:
    """The two public TUM pairs from examples/rgbd, in the shared layout (rgb/, depth/ in mm)."""
    src = REPO / "examples" / "rgbd"
    for sub in ("rgb", "depth"):
        shutil.copytree(src / sub, tmp_path / sub)
    return tmp_path


@pytest.fixture
def synthetic_rgbd(tmp_path) -> Path:
    """Six tiny pairs with a known depth ramp, for fast training and loader tests."""
    rng = np.random.default_rng(0)
    for sub in ("rgb", "depth"):
        (tmp_path / sub).mkdir()
    for i in range(6):
        rgb = rng.integers(0, 255, (48, 64, 3), dtype=np.uint8)
        depth = np.tile(np.linspace(800, 4000, 64, dtype=np.uint16), (48, 1))
        depth[:4] = 0
        Image.fromarray(rgb).save(tmp_path / "rgb" / f"frame-{i:06d}.jpg")
        Image.fromarray(depth).save(tmp_path / "depth" / f"frame-{i:06d}.png")
    return tmp_path
