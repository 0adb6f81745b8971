import io

import numpy as np
import pytest
from PIL import Image

from depth_core import images
from depth_core.errors import InvalidImageError
from depth_core.images import load_image, load_photo


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def test_jpeg_path_loads_as_rgb(photo):
    image = load_image(photo)
    assert image.mode == "RGB" and image.size == (640, 480)


@pytest.mark.parametrize("mode", ["L", "RGBA", "LA", "P", "CMYK", "I;16", "I", "F", "1"])
def test_every_mode_becomes_rgb(mode):
    base = Image.fromarray(np.tile(np.arange(64, dtype=np.uint8) * 4, (32, 1))).convert("RGB")
    image = base.convert(mode) if mode not in {"I;16", "I", "F"} else Image.fromarray(
        (np.asarray(base.convert("L"), dtype=np.uint16) * 257).astype({"I;16": np.uint16, "I": np.int32,
                                                                         "F": np.float32}[mode]))
    out = load_image(image)
    assert out.mode == "RGB" and out.size == (64, 32)


def test_sixteen_bit_png_keeps_its_contrast():
    ramp = np.tile(np.linspace(0, 65535, 64).astype(np.uint16), (32, 1))
    out = np.asarray(load_image(_png(Image.fromarray(ramp))))
    assert out[:, 0].max() == 0 and out[:, -1].min() == 255


def test_transparent_pixels_become_white():
    rgba = Image.new("RGBA", (32, 32), (255, 0, 0, 0))
    assert np.asarray(load_image(rgba))[0, 0].tolist() == [255, 255, 255]


def test_exif_orientation_is_applied():
    image = Image.new("RGB", (60, 20), (10, 20, 30))
    exif = image.getexif()
    exif[274] = 6  # rotate 90 degrees clockwise to display
    buf = io.BytesIO()
    image.save(buf, format="JPEG", exif=exif)
    assert load_image(buf.getvalue()).size == (20, 60)


@pytest.mark.parametrize("data, message", [
    (b"this is not an image", "not an image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image"),
])
def test_non_images_get_a_clear_message(data, message):
    with pytest.raises(InvalidImageError, match=message):
        load_image(data)


def test_truncated_jpeg_is_reported_as_damaged(photo):
    with pytest.raises(InvalidImageError, match="damaged"):
        load_image(photo.read_bytes()[:3000])


def test_tiny_image_is_refused():
    with pytest.raises(InvalidImageError, match="too small"):
        load_image(Image.new("RGB", (8, 100)))


def test_huge_image_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 10_000)
    with pytest.raises(InvalidImageError, match="too large"):
        load_image(_png(Image.new("RGB", (200, 200))))


def test_missing_file(tmp_path):
    with pytest.raises(InvalidImageError, match="No such file"):
        load_image(tmp_path / "nope.jpg")


def test_draft_decoding_keeps_the_upright_full_size():
    image = Image.new("RGB", (1600, 1200), (10, 20, 30))
    exif = image.getexif()
    exif[274] = 6
    buf = io.BytesIO()
    image.save(buf, format="JPEG", exif=exif)
    small, size = load_photo(buf.getvalue(), min_side=224)
    assert size == (1200, 1600)  # what the user sees, at full resolution
    assert small.size == (300, 400) and small.mode == "RGB"  # decoded at 1/4 scale, still >= 224


def test_without_draft_the_image_is_full_size(photo):
    image, size = load_photo(photo)
    assert image.size == size == (640, 480)
