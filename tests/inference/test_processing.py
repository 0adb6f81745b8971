import numpy as np
import pytest
from PIL import Image

from depth_core.inference import processing
from depth_core.inference.processing import display_size, grey, guided_upsample, resize_depth, to_model_input


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


def _reference_guided_upsample(depth, guide_small, guide, width, height, radius, eps=1e-3):
    """He & Sun's fast guided filter written plainly (float64 box sums, PIL's bilinear resizes): what the
    pipeline's faster version (float32 running sums, ONNX Runtime for the full-resolution step) must reproduce."""
    def box(x):
        k = 2 * radius + 1
        s = np.pad(x, radius + 1, mode="edge").astype(np.float64).cumsum(0).cumsum(1)
        return (s[k:, k:] - s[:-k, k:] - s[k:, :-k] + s[:-k, :-k])[: x.shape[0], : x.shape[1]] / (k * k)

    scale = float(np.median(depth))
    p, i = depth / scale, guide_small
    a = (box(i * p) - box(i) * box(p)) / (box(i * i) - box(i) ** 2 + eps)
    b = box(p) - a * box(i)
    up = [np.asarray(Image.fromarray(box(c).astype(np.float32), "F").resize((width, height), Image.BILINEAR))
          for c in (a, b)]
    luma = np.asarray(guide.convert("L"), np.float32)
    luma = np.asarray(Image.fromarray(luma, "F").resize((width, height), Image.BILINEAR)) / 255.0
    return np.maximum((up[0] * luma + up[1]) * scale, 1e-3)


@pytest.mark.parametrize("band_pixels", [processing.BAND_PIXELS, 60_000], ids=["one ONNX call", "PIL bands"])
@pytest.mark.parametrize("photo_size, size", [
    ((640, 480), (640, 480)),
    ((320, 240), (640, 480)),  # a JPEG decoded at half size (draft mode)
    ((640, 480), (1001, 751)),
    ((50, 40), (50, 40)),  # smaller than the network's input: a and b shrink
])
def test_guided_upsample_matches_the_plain_guided_filter(photo, photo_size, size, band_pixels, monkeypatch):
    monkeypatch.setattr(processing, "BAND_PIXELS", band_pixels)
    image = Image.open(photo).convert("RGB")
    small = to_model_input(image, 128)[0]
    rng = np.random.default_rng(0)
    depth = (1.5 + grey(small) + 0.1 * rng.random((128, 128))).astype(np.float32)  # follows the photo, plus noise
    guide = image.resize(photo_size, Image.BILINEAR)
    out = guided_upsample(depth, grey(small), guide, *size, radius=6)
    expected = _reference_guided_upsample(depth, grey(small), guide, *size, radius=6)
    assert out.shape == (size[1], size[0]) and out.dtype == np.float32
    error = np.abs(out - expected) / expected.mean()
    # Shrinking, ONNX Runtime's antialiasing differs from PIL's at the border pixels only.
    assert error.mean() < 1e-5 and error.max() < (1e-4 if size[0] > 128 else 2e-2)


def test_display_size_keeps_small_photos_and_the_aspect_of_large_ones():
    assert display_size(640, 480, 1_000_000) == (640, 480)
    width, height = display_size(4032, 3024, 1_000_000)
    assert width * height <= 1_000_000 and abs(width / height - 4 / 3) < 0.005 and width > 1140
    assert display_size(8000, 200, 1_000_000)[1] >= 1


def test_bands_join_without_seams(photo, monkeypatch):
    """Bands of one row against bands of 1200 rows: the same map to float rounding, so no row shows a seam."""
    image = Image.open(photo).convert("RGB")
    small = to_model_input(image, 160)[0]
    depth = (1.5 + grey(small)).astype(np.float32)
    coefficients = processing.guided_coefficients(depth, grey(small), 6)
    monkeypatch.setattr(processing, "BAND_PIXELS", 1)  # 1 row a band, and never the ONNX call
    rows = processing.apply_coefficients(coefficients, image, 1601, 1201)
    monkeypatch.setattr(processing, "BAND_PIXELS", 1201 * 1601 - 1)
    whole = processing.apply_coefficients(coefficients, image, 1601, 1201)
    assert np.abs(rows - whole).max() < 1e-5 * whole.mean()
