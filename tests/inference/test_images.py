import io

import numpy as np
import pytest
from PIL import Image

from depth_core.inference import images
from depth_core.errors import InvalidImageError
from depth_core.inference.images import load_image, load_photo


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


def test_very_long_strips_are_refused_with_a_message():
    """65536x16 passed the short-side and pixel checks, then broke the app's JPEG output (over 65,500 px)."""
    from ..corpus import blank_png

    for size in ((65536, 16), (16, 65536), (images.MAX_SIDE + 1, 100)):
        with pytest.raises(InvalidImageError, match="too long or too wide"):
            load_photo(blank_png(*size))


def test_a_decompression_bomb_is_too_large_not_unreadable():
    from ..corpus import blank_png

    with pytest.raises(InvalidImageError, match="too large"):
        load_photo(blank_png(30000, 30000))  # 109 KB on disk, 900 megapixels


def test_pils_process_wide_limit_is_never_changed(monkeypatch):
    """The size check is per call: a global set per call races with other threads (and stayed at 50 MP)."""
    seen = []
    real_open = Image.open

    def spying_open(*args, **kwargs):
        seen.append(Image.MAX_IMAGE_PIXELS)
        return real_open(*args, **kwargs)

    before = Image.MAX_IMAGE_PIXELS
    monkeypatch.setattr(Image, "open", spying_open)
    load_photo(_png(Image.new("RGB", (32, 32))))
    assert seen == [before] and Image.MAX_IMAGE_PIXELS == before


def test_the_same_large_file_gets_the_same_message_from_many_threads():
    from concurrent.futures import ThreadPoolExecutor

    from ..corpus import blank_png

    data = blank_png(12000, 12000)  # 144 MP: over our limit, under PIL's own bomb limit

    def message(_):
        try:
            load_photo(data)
        except InvalidImageError as err:
            return str(err)

    with ThreadPoolExecutor(8) as pool:
        messages = set(pool.map(message, range(64)))
    assert messages == {"This image is too large (12000x12000); the limit is 50 megapixels."}


@pytest.mark.parametrize("name, image", [
    ("small.png", Image.new("RGB", (4, 4))),  # refused before decoding
    ("ok.png", Image.new("RGB", (64, 48))),
    ("animated.gif", Image.new("P", (64, 48))),  # multi-frame files keep their handle after load()
])
def test_files_are_closed_refused_or_not(tmp_path, name, image):
    import gc
    import warnings

    path = tmp_path / name
    image.save(path, save_all=name.endswith(".gif"), append_images=[Image.new("P", (64, 48), 3)]
               if name.endswith(".gif") else [])
    gc.collect()  # earlier tests' garbage (sockets, other files) is not this test's business
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            load_photo(path)
        except InvalidImageError:
            pass
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning) and name in str(w.message)]
