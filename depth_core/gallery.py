"""The example photos shipped with the repo, grouped for the app's galleries."""
from __future__ import annotations

from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


def example_photos(examples_dir: str | Path = EXAMPLES_DIR) -> dict[str, list[Path]]:
    """{"Indoor (TUM RGB-D)": [...], "Other scenes": [...]}; empty if the folder is not shipped."""
    photos = sorted(Path(examples_dir, "photos").glob("*.jpg"))
    indoor = [p for p in photos if p.name.startswith("tum_") or "kitchen" in p.name or "waitingroom" in p.name]
    other = [p for p in photos if p not in indoor]
    return {"Indoor rooms": indoor, "Other scenes": other}


def credits_markdown(examples_dir: str | Path = EXAMPLES_DIR) -> str:
    path = Path(examples_dir, "CREDITS.md")
    return path.read_text() if path.exists() else ""
