"""The bad-input corpus: every kind of file a public photo app is sent, written into a folder by the tests.

Each case is a file and what must happen to it: the upright (width, height) of a depth map, or a regex for the
message that refuses it. Nothing here is committed as a file: the largest case on disk is a few hundred KB
(decompression bombs are built row by row as zlib streams, so they cost no memory to make).
Used by tests/test_images.py (through the package) and tests/test_app.py (through gradio_client).
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

NOT_AN_IMAGE = "not an image we can read"
DAMAGED = "damaged or truncated|not an image we can read"
TOO_LARGE = "too large"


@dataclass(frozen=True)
class Case:
    name: str  # file name, as uploaded
    data: bytes
    expect: tuple[int, int] | str  # (width, height) of the result, or a regex its message matches

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.write_bytes(self.data)
        return path


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def blank_png(width: int, height: int) -> bytes:
    """A valid black 1-bit greyscale PNG of any size, made without ever holding its pixels."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _encode(image: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **params)
    return buf.getvalue()


def _scene(width: int = 96, height: int = 64) -> Image.Image:
    """A small RGB picture with some structure (a gradient and a block), so every decoder has work to do."""
    x = np.linspace(0, 255, width, dtype=np.float32)
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    rgb = np.stack([np.broadcast_to(x, (height, width)), np.broadcast_to(y, (height, width)),
                    np.full((height, width), 128, np.float32)], axis=-1).astype(np.uint8)
    rgb[height // 4: height // 2, width // 4: width // 2] = (250, 30, 30)
    return Image.fromarray(rgb)


def _oriented(orientation: int) -> Case:
    image = _scene(60, 20)
    exif = image.getexif()
    exif[274] = orientation
    upright = (20, 60) if orientation in {5, 6, 7, 8} else (60, 20)
    return Case(f"exif_orientation_{orientation}.jpg", _encode(image, "JPEG", exif=exif), upright)


def _gif() -> bytes:
    frames = [_scene().convert("P"), _scene().rotate(90, expand=False).convert("P"), _scene().convert("L").convert("P")]
    return _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def _float_tiff(values: np.ndarray) -> bytes:
    return _encode(Image.fromarray(values.astype(np.float32), mode="F"), "TIFF")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("photo.jpg", _encode(_scene(), "JPEG"))
    return buf.getvalue()


def _npy() -> bytes:
    buf = io.BytesIO()
    np.save(buf, np.zeros((64, 96, 3), np.uint8))
    return buf.getvalue()


def cases() -> list[Case]:
    """At least 30 cases: refusals with their message, and odd but valid images with their upright size."""
    jpeg = _encode(_scene(), "JPEG")
    png = _encode(_scene(), "PNG")
    ramp16 = np.tile(np.linspace(0, 65535, 96).astype(np.uint16), (64, 1))
    nan_tiff = np.tile(np.linspace(0.5, 4.0, 96, dtype=np.float32), (64, 1))
    nan_tiff[::7, ::5] = np.nan
    wide = _encode(_scene(8000, 200), "JPEG")
    return [
        Case("empty.jpg", b"", NOT_AN_IMAGE),
        Case("notes.jpg", b"this is a shopping list, not a photo\n", NOT_AN_IMAGE),
        Case("truncated.jpg", jpeg[: len(jpeg) // 2], DAMAGED),
        Case("truncated.png", png[: len(png) // 2], DAMAGED),
        Case("header_only.png", png[:33], DAMAGED),
        Case("bomb_30000x30000.png", blank_png(30000, 30000), TOO_LARGE),
        Case("large_12000x12000.png", blank_png(12000, 12000), TOO_LARGE),
        Case("large_10000x10000.png", blank_png(10000, 10000), TOO_LARGE),
        Case("one_pixel.png", _encode(Image.new("RGB", (1, 1)), "PNG"), "too small"),
        Case("narrow_15x100.png", _encode(Image.new("RGB", (15, 100)), "PNG"), "too small"),
        Case("strip_65536x16.png", blank_png(65536, 16), "too long or too wide"),
        Case("strip_16x65536.png", blank_png(16, 65536), "too long or too wide"),
        Case("wide_8000x200.jpg", wide, (6324, 158)),  # shown at display size (1 MP at most)
        Case("grey16.png", _encode(Image.fromarray(ramp16), "PNG"), (96, 64)),
        Case("grey.jpg", _encode(_scene().convert("L"), "JPEG"), (96, 64)),
        Case("bilevel.png", _encode(_scene().convert("1"), "PNG"), (96, 64)),
        Case("rgba.png", _encode(_scene().convert("RGBA"), "PNG"), (96, 64)),
        Case("grey_alpha.png", _encode(_scene().convert("LA"), "PNG"), (96, 64)),
        Case("cmyk.jpg", _encode(_scene().convert("CMYK"), "JPEG"), (96, 64)),
        Case("palette.png", _encode(_scene().convert("P"), "PNG"), (96, 64)),
        *[_oriented(k) for k in range(1, 9)],
        Case("animated.gif", _gif(), (96, 64)),
        Case("photo.webp", _encode(_scene(), "WEBP"), (96, 64)),
        Case("photo.tiff", _encode(_scene(), "TIFF"), (96, 64)),
        Case("photo.bmp", _encode(_scene(), "BMP"), (96, 64)),
        Case("nan_float.tiff", _float_tiff(nan_tiff), (96, 64)),
        Case("all_nan_float.tiff", _float_tiff(np.full((64, 96), np.nan)), "no finite pixel values"),
        Case("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="96" height="64">'
                            b'<rect width="96" height="64" fill="red"/></svg>', NOT_AN_IMAGE),
        Case("array.npy", _npy(), NOT_AN_IMAGE),
        Case("photos.zip", _zip(), NOT_AN_IMAGE),
        Case("фото глубины ☀.png", png, (96, 64)),
        Case("png_named.jpg", png, (96, 64)),
    ]
