"""Turn whatever a user hands us (path, bytes, PIL image, array) into an upright 8-bit RGB image."""
from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import InvalidImageError

MIN_SIDE = 16
MAX_PIXELS = 50_000_000  # ~50 MP: larger photos are refused with a message, not a memory blow-up
# Longest side: the network sees at most 224 px, and the app's JPEG output cannot hold a side over 65,500 px.
MAX_SIDE = 16_384

# PIL refuses a PNG text chunk that inflates beyond 1 MB (a decompression bomb in the metadata).
METADATA_LIMIT = ("This image carries more text metadata than we read (a compressed text chunk of over 1 MB); "
                  "save it again without metadata.")

log = logging.getLogger(__name__)
ORIENTATION_TAG = 274
ImageInput = str | Path | bytes | Image.Image | np.ndarray


@contextmanager
def _opened(source: ImageInput) -> Iterator[Image.Image]:
    """The image opened without decoding (so the size can be checked and JPEG draft mode chosen first);
    a file opened here is closed on the way out, refused or not."""
    if isinstance(source, Image.Image):
        yield source
        return
    if isinstance(source, np.ndarray):
        yield Image.fromarray(_array_to_uint8(source))
        return
    if not isinstance(source, bytes) and not Path(source).is_file():
        raise InvalidImageError(f"No such file: {Path(source).name}")
    with io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb") as fh:
        try:
            image = Image.open(fh)
        except Image.DecompressionBombError:  # PIL's own limit (~179 MP) trips before ours can look
            raise InvalidImageError(f"This image is too large; the limit is {MAX_PIXELS // 1_000_000} "
                                    "megapixels.") from None
        except ValueError as err:
            if is_metadata_bomb(err):
                raise InvalidImageError(METADATA_LIMIT) from None
            raise InvalidImageError("This file is not an image we can read (try JPEG, PNG or WebP).") from None
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise InvalidImageError("This file is not an image we can read (try JPEG, PNG or WebP).") from None
        yield image


def is_metadata_bomb(err: Exception) -> bool:
    """PIL's refusal of oversized PNG text metadata (a ValueError like any damaged file's)."""
    return "decompressed data too large" in str(err).lower()


def check_size(width: int, height: int) -> None:
    """Refuse what is too small to see, too big to decode safely, or too long for the output JPEG (photos, and the
    ground-truth depth the app compares with)."""
    if min(width, height) < MIN_SIDE:
        raise InvalidImageError(f"This image is too small ({width}x{height}); it needs at least "
                                f"{MIN_SIDE} pixels on each side.")
    if width * height > MAX_PIXELS:
        raise InvalidImageError(f"This image is too large ({width}x{height}); the limit is "
                                f"{MAX_PIXELS // 1_000_000} megapixels.")
    if max(width, height) > MAX_SIDE:
        raise InvalidImageError(f"This image is too long or too wide ({width}x{height}); the limit is "
                                f"{MAX_SIDE} pixels on a side.")


def _array_to_uint8(array: np.ndarray) -> np.ndarray:
    """Scale 16-bit or float data to 0..255 so it looks like what the sensor saw."""
    if array.dtype == np.uint8:
        return array
    array = np.asarray(array, dtype=np.float32)
    finite = array[np.isfinite(array)]
    if finite.size == 0:
        raise InvalidImageError("This image has no finite pixel values.")
    lo, hi = float(finite.min()), float(finite.max())
    scaled = (np.nan_to_num(array, nan=lo) - lo) / max(hi - lo, 1e-12) * 255.0
    return np.clip(scaled + 0.5, 0, 255).astype(np.uint8)


def to_rgb(image: Image.Image) -> Image.Image:
    """Any PIL mode to RGB: 16-bit and float greyscale rescaled, alpha composited on white."""
    if image.mode == "RGB":
        return image
    if image.mode in {"I;16", "I;16B", "I;16L", "I", "F"}:
        return Image.fromarray(_array_to_uint8(np.asarray(image))).convert("RGB")
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def load_photo(source: ImageInput, min_side: int | None = None) -> tuple[Image.Image, tuple[int, int]]:
    """(upright RGB image, upright full size). With ``min_side``, a JPEG is decoded at the smallest
    1/2, 1/4 or 1/8 scale that keeps both sides >= min_side: several times faster for large photos
    when only a model-sized copy is needed."""
    with _opened(source) as image:
        width, height = image.size
        check_size(width, height)
        if min_side and image.format == "JPEG":
            image.draft("RGB", (min_side, min_side))
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as err:
            raise InvalidImageError(f"This image file is damaged or truncated ({err}).") from None
        try:
            orientation = image.getexif().get(ORIENTATION_TAG, 1)
            if orientation in {5, 6, 7, 8}:  # a quarter turn swaps the sides
                width, height = height, width
            if orientation != 1:
                image = ImageOps.exif_transpose(image)
        except Exception as err:  # noqa: BLE001 - a broken EXIF block must not cost the user their photo
            log.info("ignoring unreadable EXIF orientation: %s", err)
        return to_rgb(image), (width, height)


def load_image(source: ImageInput) -> Image.Image:
    """Open, apply EXIF orientation, check the size, and convert to RGB (full resolution)."""
    return load_photo(source)[0]
