import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DEPTH_SHARED", REPO.parent / "shared"))
PHOTO = REPO / "examples" / "photos" / "tum_fr2_desk_1.jpg"
NOTEBOOK = REPO / "training_notebooks" / "train_depth.ipynb"
SMOKE_VAL_FRAMES = 6  # rooms rendered to validate the notebook's smoke runs on


def load_module(path: Path):
    """A module from a folder that is no package (scripts/, space_config/)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = sys.modules[path.stem] = importlib.util.module_from_spec(spec)  # dataclasses look modules up there
    spec.loader.exec_module(module)
    return module


def _script(name: str):
    return load_module(REPO / "scripts" / f"{name}.py")


app_server = _script("app_server")
free_port = app_server.free_port
os.environ["DEPTH_SHARED"] = str(SHARED)  # the package's defaults (depth_core.paths) then agree with the tests'


# huggingface_hub reads these at import time (gradio imports it too), so they are set before any test
# module is imported: every Hub call of the test session goes to the local test server, through classic
# LFS (Xet upload is not implemented by the test server), with a cache of its own.
HUB_PORT = free_port()
os.environ["HF_ENDPOINT"] = f"http://127.0.0.1:{HUB_PORT}"
os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="hf_home_")
os.environ["HF_TOKEN"] = "test-token"
os.environ.pop("HF_HUB_OFFLINE", None)
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"


@pytest.fixture
def photo() -> Path:
    return PHOTO


@pytest.fixture
def video(tmp_path, photo) -> Path:
    """A 5-frame MJPG video of a gallery photo, panning (320x240, 10 fps)."""
    pytest.importorskip("cv2")
    from depth_core.outputs.video import pan_clip

    return pan_clip(photo, tmp_path / "clip.avi")


@pytest.fixture
def shared() -> Path:
    """The research sets and weights (not redistributable): a fresh clone has none, so their tests skip."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"needs the research data at {SHARED} (set DEPTH_SHARED)")
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


load_test = _script("load_test")
app_bench = _script("app_bench")


def launch_app(extra_env: dict | None = None):
    """Start `python app.py` as a user runs it, on a free local port; returns (process, url)."""
    log = Path(tempfile.mkdtemp(prefix="app_log_")) / "app.log"
    try:
        return app_server.start_app(log, extra_env or {})
    except RuntimeError as err:
        pytest.fail(str(err))


stop_app = app_server.stop_app


@pytest.fixture(scope="session")
def app_url():
    """The app with its bundled weights and no network, as on a laptop offline."""
    proc, url = launch_app({"HF_HUB_OFFLINE": "1"})
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def hub():
    """A Hub-compatible HTTP server on 127.0.0.1 (tests/hub_server.py), at the HF_ENDPOINT set above."""
    from .hub_server import HubServer

    with HubServer(port=HUB_PORT) as server:
        yield server


def imagenet_mobilenetv2(folder: Path) -> Path:
    """The research copy of Keras' ImageNet MobileNetV2 weights or, on a fresh clone (no download either), a file of
    the same network's random weights: the smoke run checks the pretrained path, not the depth."""
    from depth_core.paths import local_imagenet_weights

    if local_imagenet_weights().exists():
        return local_imagenet_weights()
    import keras

    stand_in = folder / "mobilenetv2_stand_in.weights.h5"
    keras.applications.MobileNetV2(include_top=False, weights=None).save_weights(stand_in)
    return stand_in


@pytest.fixture(scope="session")
def smoke_runs(tmp_path_factory, hub):
    """Run the training notebook once per encoder in its smoke configuration, on public data only: the two TUM pairs
    of examples/rgbd beside the rooms the notebook renders, validated on rooms rendered here; MobileNetV2 pushes to
    the Hub. Returns {encoder: run folder}; each folder's bundle/models.json is a registry pinned to what was pushed.
    """
    import papermill

    from depth_core.training.synthetic import generate

    common = tmp_path_factory.mktemp("smoke_data")
    rooms_val = generate(common / "rooms_val", SMOKE_VAL_FRAMES, seed=2, photo_folders=[REPO / "examples" / "photos"])
    weights = {"mobilenetv2": str(imagenet_mobilenetv2(common)), "resnet50": "none"}
    runs = {}
    for encoder in ("mobilenetv2", "resnet50"):
        root = tmp_path_factory.mktemp(f"smoke_{encoder}")
        (root / "bundle").mkdir()
        papermill.execute_notebook(
            str(NOTEBOOK), str(root / "executed.ipynb"), cwd=str(NOTEBOOK.parent), kernel_name="python3",
            progress_bar=False,
            parameters={"ENCODER": encoder, "CONFIG": "smoke", "WEIGHTS": weights[encoder],
                        "TRAIN_DIR": str(REPO / "examples" / "rgbd"), "VAL_DIRS": [str(rooms_val)],
                        "SYNTHETIC_DIR": str(common / "rooms_train"), "OUT_DIR": str(root / "run"), "BUNDLE": "int8",
                        "REGISTRY": str(root / "bundle" / "models.json"), "PUSH_TO_HUB": encoder == "mobilenetv2",
                        "HUB_REPO_ID": f"tests/{encoder}-smoke"})
        runs[encoder] = root
    return runs
