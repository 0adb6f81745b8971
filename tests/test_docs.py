"""The README's measured tables are the files in docs/results/ (see scripts/sync_readme.py)."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("sync_readme", ROOT / "scripts" / "sync_readme.py")
sync_readme = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_readme)


def test_every_page_shows_the_measured_files():
    pages = sync_readme.pages()
    assert sum(p.read_text().count("<!-- include docs/results/") for p in pages) >= 5
    for page in pages:
        text = page.read_text()
        assert sync_readme.synced(text) == text, f"stale table in {page.name}: run python scripts/sync_readme.py"


def test_a_stale_block_is_replaced_and_the_rest_kept(tmp_path):
    (tmp_path / "t.md").write_text("| new |\n")
    readme = "intro\n<!-- include t.md -->\n| old |\n<!-- end include -->\noutro\n"
    assert sync_readme.synced(readme, tmp_path) == "intro\n<!-- include t.md -->\n| new |\n<!-- end include -->\noutro\n"
