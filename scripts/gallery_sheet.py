"""Contact sheet of every gallery photo next to each registered model's depth: docs/gallery.jpg.

    python scripts/gallery_sheet.py [--out docs/gallery.jpg]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gallery import example_photos
from depth_core.inference.images import load_image
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry

THUMB = (240, 180)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/gallery.jpg")
    args = parser.parse_args()
    models = load_registry()
    photos = [p for group in example_photos().values() for p in group]
    columns = ["photo"] + [spec.label for spec in models.values()]
    sheet = Image.new("RGB", (THUMB[0] * len(columns), 20 + THUMB[1] * len(photos)), "white")
    draw = ImageDraw.Draw(sheet)
    for c, title in enumerate(columns):
        draw.text((c * THUMB[0] + 6, 4), title, fill="black")
    for r, path in enumerate(photos):
        tiles = [load_image(path)] + [get_estimator(name).predict(path).colored() for name in models]
        for c, tile in enumerate(tiles):
            sheet.paste(tile.resize(THUMB, Image.BILINEAR), (c * THUMB[0], 20 + r * THUMB[1]))
        draw.text((6, 20 + r * THUMB[1] + 4), path.stem, fill="white")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, quality=85)
    print(args.out)


if __name__ == "__main__":
    main()
