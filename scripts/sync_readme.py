"""Copy each measured table from docs/results/ into the pages that show it, so no page drifts from the files.

A block in README.md or docs/*.md between ``<!-- include PATH -->`` and ``<!-- end include -->`` is replaced by
the text of PATH (relative to the repository root). The measuring scripts call this last; tests/test_docs.py
fails when a block is stale.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(<!-- include (\S+) -->\n)(.*?)(<!-- end include -->)", re.S)


def synced(readme: str, root: Path = ROOT) -> str:
    """``readme`` with every include block holding the current text of its file."""
    return BLOCK.sub(lambda m: m[1] + (root / m[2]).read_text().rstrip("\n") + "\n" + m[4], readme)


def pages(root: Path = ROOT) -> list[Path]:
    """Every page that may hold include blocks."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


if __name__ == "__main__":
    for path in pages():
        old = path.read_text()
        new = synced(old)
        path.write_text(new)
        print(f"{path.relative_to(ROOT)} {'updated' if new != old else 'already up to date'}", file=sys.stderr)
