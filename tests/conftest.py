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


@pytest.fixture(scope="session")
def app_url():
    """`python app.py` as a user runs it, on a free local port; stopped after the session."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited early:\n{proc.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("app.py did not serve a page within 120 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
