"""Copy each measured table from docs/results/ into the README, so the README never drifts from the files.

A block in README.md between ``<!-- include docs/results/NAME.md -->`` and ``<!-- end include -->`` is replaced
by that file's text. The measuring scripts call this last; tests/test_docs.py fails when a block is stale.
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


if __name__ == "__main__":
    path = ROOT / "README.md"
    old = path.read_text()
    new = synced(old)
    path.write_text(new)
    print("README.md updated" if new != old else "README.md already up to date", file=sys.stderr)
