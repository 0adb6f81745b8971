"""A real user in headless Chromium: upload a photo, see the depth map and runtime, switch encoder."""
import os
import shutil
from pathlib import Path

import pytest

from depth_core.registry import load_registry

from .conftest import REPO

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
LABELS = [spec.label for spec in load_registry().values()]


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


@pytest.mark.browser
def test_upload_see_depth_and_runtime_then_switch_encoder(page, app_url, photo, tmp_path):
    page.goto(app_url)
    page.locator("input[type=file]").first.set_input_files(str(photo))
    runtime = page.locator("#runtime")
    runtime.filter(has_text="ms total").wait_for(timeout=60_000)
    assert LABELS[0] in runtime.inner_text() and "640x480 px" in runtime.inner_text()
    depth_img = page.locator("#depth-output img")
    depth_img.wait_for(timeout=30_000)
    assert page.evaluate("img => img.naturalWidth", depth_img.element_handle()) == 640

    assert len(LABELS) > 1, "both encoders must be registered"
    page.get_by_label(LABELS[-1]).check()
    runtime.filter(has_text=LABELS[-1]).wait_for(timeout=60_000)
    assert "ms total" in runtime.inner_text()
    page.get_by_label(LABELS[0]).check()  # and back: the screenshot shows the default encoder, warm
    runtime.filter(has_text=LABELS[0]).wait_for(timeout=60_000)
    shot = REPO / "docs" / "screenshot.png" if os.environ.get("UPDATE_SCREENSHOT") else tmp_path / "shot.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_example_gallery_click_runs_the_model(page, app_url):
    page.goto(app_url)
    page.locator(".gallery img, button.gallery-item, [data-testid='examples'] img").first.click()
    page.locator("#runtime").filter(has_text="ms total").wait_for(timeout=60_000)
