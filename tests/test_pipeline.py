import numpy as np
import pytest

from depth_core.errors import InvalidImageError
from depth_core.pipeline import DepthEstimator, get_estimator
from depth_core.registry import load_registry

MODELS = list(load_registry())


@pytest.mark.parametrize("name", MODELS)
def test_gallery_photo_gives_positive_depth_at_photo_size(name, photo):
    result = get_estimator(name).predict(photo)
    assert result.depth.shape == (480, 640) and result.depth.dtype == np.float32
    assert np.all(result.depth > 0) and np.all(np.isfinite(result.depth))
    assert 0.2 < np.median(result.depth) < 20  # metres, indoor scale
    assert set(result.timings_ms) == {"decode", "preprocess", "model", "postprocess"}


def test_estimator_is_built_once():
    assert get_estimator(MODELS[0]) is get_estimator(MODELS[0])


def test_colored_output_and_timing_line(photo):
    result = get_estimator(MODELS[0]).predict(photo)
    colored = result.colored()
    assert colored.shape == (480, 640, 3) and colored.dtype == np.uint8
    assert "colormap" in result.timings_ms and result.timing_line().endswith("ms)")


def test_bad_input_raises_a_user_error():
    with pytest.raises(InvalidImageError):
        get_estimator(MODELS[0]).predict(b"not an image")


def test_any_onnx_file_can_be_loaded(photo):
    spec = load_registry()[MODELS[0]]
    estimator = DepthEstimator.from_file(spec.bundled_path)
    assert estimator.predict(photo).depth.shape == (480, 640)


def test_unknown_model_name():
    with pytest.raises(KeyError):
        get_estimator("nope")
