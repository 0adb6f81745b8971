import numpy as np
from PIL import Image

from depth_core.inference.processing import resize_depth, to_model_input


def test_model_input_is_float_batch_in_pixel_range():
    batch = to_model_input(Image.new("RGB", (640, 480), (255, 128, 0)), 224)
    assert batch.shape == (1, 224, 224, 3) and batch.dtype == np.float32
    assert batch[0, 100, 100].tolist() == [255.0, 128.0, 0.0]


def test_depth_goes_back_to_the_photo_size():
    depth = np.linspace(1, 2, 224 * 224, dtype=np.float32).reshape(1, 224, 224, 1)
    out = resize_depth(depth, 640, 480)
    assert out.shape == (480, 640) and out.dtype == np.float32
    assert 1.0 <= out.min() and out.max() <= 2.0


def test_same_size_is_returned_unchanged():
    depth = np.arange(200, dtype=np.float32).reshape(10, 20)
    assert np.array_equal(resize_depth(depth, 20, 10), depth)
