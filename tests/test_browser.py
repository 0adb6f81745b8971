"""A real user in headless Chromium: upload, compare both encoders, slide, recolour, download, 3D, ground truth.

With UPDATE_SCREENSHOT=1 the screenshots land in docs/ (the README's), otherwise in a temporary folder.
"""
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from depth_core.inference.registry import load_registry

from .conftest import REPO

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
LABELS = [spec.label for spec in load_registry().values()]
NAMES = {spec.label: name for name, spec in load_registry().items()}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            "--use-angle=swiftshader", "--enable-unsafe-swiftshader",  # software WebGL for the 3D view
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"])  # a synthetic webcam
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True, permissions=["camera"])
    yield page
    page.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return REPO / "docs" if os.environ.get("UPDATE_SCREENSHOT") else tmp_path_factory.mktemp("shots")


def _shoot(page, path: Path, *selectors: str) -> None:
    """A screenshot of the box around the given elements (what the README shows)."""
    page.locator(selectors[0]).scroll_into_view_if_needed()
    boxes = [page.locator(s).bounding_box() for s in selectors]  # viewport coordinates
    scroll_x, scroll_y = page.evaluate("() => [window.scrollX, window.scrollY]")
    boxes = [{**b, "x": b["x"] + scroll_x, "y": b["y"] + scroll_y} for b in boxes]
    x0, y0 = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
    x1, y1 = max(b["x"] + b["width"] for b in boxes), max(b["y"] + b["height"] for b in boxes)
    page.screenshot(path=str(path), full_page=True, clip={"x": x0 - 8, "y": y0 - 8,
                                                          "width": x1 - x0 + 16, "height": y1 - y0 + 16})
    assert path.stat().st_size > 10_000


def _depth_src(page) -> str:
    return page.locator("#depth-slider img").nth(1).get_attribute("src")


@pytest.mark.browser
def test_main_path_upload_both_slide_recolour_download_3d_and_ground_truth(page, app_url, photo, tmp_path, shots):
    page.goto(app_url)
    page.locator("input[type=file]").first.set_input_files(str(photo))
    runtime = page.locator("#runtime")
    runtime.filter(has_text="ms total").wait_for(timeout=60_000)
    assert LABELS[0] in runtime.inner_text() and "640x480 px" in runtime.inner_text()
    assert "near" in page.locator("#legend").inner_text() and " m" in page.locator("#legend").inner_text()

    # Both: two maps side by side, each with its runtime.
    page.locator("#encoder").get_by_label("Both").check()
    page.locator("#runtime-b").filter(has_text="ms total").wait_for(timeout=60_000)
    assert LABELS[0] in page.locator("#runtime-a").inner_text() and LABELS[1] in page.locator("#runtime-b").inner_text()
    for side in ("#compare-a img", "#compare-b img"):  # the images arrive after the text: wait for them to load
        page.wait_for_function("sel => document.querySelector(sel)?.naturalWidth === 640", arg=side, timeout=30_000)
    _shoot(page, shots / "compare.png", "#depth-slider", "#compare")
    page.screenshot(path=str(shots / "screenshot.png"))  # the README's first picture: the app as it opens

    # The slider: drag the handle to the left, the depth side widens.
    handle = page.locator("#depth-slider [data-testid=slider]")
    depth_img = page.locator("#depth-slider img").nth(1)
    before = depth_img.evaluate("img => img.style.clipPath")
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] - 150, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    after = depth_img.evaluate("img => img.style.clipPath")
    assert before != after, "the slider did not move"
    _shoot(page, shots / "slider.png", "#depth-slider", "#legend", "#runtime")

    # Another colour map: a new picture and a grey legend.
    old_src = _depth_src(page)
    page.locator("#cmap").get_by_label("Grey").check()
    page.wait_for_function("src => document.querySelectorAll('#depth-slider img')[1].src !== src", arg=old_src,
                           timeout=60_000)
    bar = page.locator("#legend .depth-colorbar > div").first
    assert bar.evaluate("e => getComputedStyle(e).backgroundImage").startswith(
        "linear-gradient(to right, rgb(255, 255, 255)")  # grey: white (near) to black

    # Take the 16-bit PNG home: its millimetres are the pipeline's depth.
    page.locator("#encoder").get_by_label(LABELS[0]).check()
    page.wait_for_function("() => !document.querySelector('#runtime').innerText.includes('ResNet50')",
                           timeout=60_000)
    button = page.locator("#download-png16")
    page.wait_for_function("() => document.querySelector('#info3d').innerText.includes('MobileNetV2')",
                           timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{photo.stem}_{LABELS[0]}_depth_mm.png"
    from depth_core.inference.pipeline import get_estimator

    mm = np.asarray(Image.open(saved))
    expected = get_estimator(NAMES[LABELS[0]]).predict(photo).depth
    assert mm.dtype == np.uint16 and mm.shape == (480, 640) and np.abs(mm / 1000.0 - expected).max() < 0.002

    # The 3D view is there, with a mesh in it.
    assert "vertices" in page.locator("#info3d").inner_text()
    page.locator("#view3d canvas").wait_for(timeout=30_000)
    page.locator("#view3d").scroll_into_view_if_needed()
    page.wait_for_timeout(2000)  # let the viewer draw its first frames
    _shoot(page, shots / "3d.png", "#view3d", "#info3d")

    # An RGB-D example fills photo, ground truth and intrinsics: the metrics appear.
    page.locator("#rgbd-gallery img").first.click()
    page.locator("#check-note").filter(has_text="times the truth").wait_for(timeout=60_000)
    table = page.locator("#metrics").inner_text()
    assert "metric" in table and "median" in table and LABELS[0] in table
    assert "520.9" in page.locator("#intrinsics input, #intrinsics textarea").first.input_value()
    page.locator("#info3d").filter(has_text="fx 520.9").wait_for(timeout=60_000)
    _shoot(page, shots / "check.png", "#metrics", "#error-map")

    # Another photo drops that pair's ground truth and intrinsics: no metrics against the wrong depth.
    page.locator("#photo-gallery img").nth(3).click()
    page.wait_for_function("() => !document.querySelector('#check-note').innerText.includes('times the truth')",
                           timeout=60_000)
    assert page.locator("#intrinsics input, #intrinsics textarea").first.input_value() == ""


@pytest.mark.browser
def test_live_webcam_streams_depth_with_its_frame_rate_and_a_video_gets_a_depth_video(page, app_url, video):
    page.goto(app_url)
    page.get_by_role("tab", name="Live (webcam)").click()
    page.get_by_text("Click to Access Webcam").click()
    page.get_by_role("button", name="capture photo").click()  # Gradio's "Record": start streaming
    rate = page.locator("#live-rate").filter(has_text="frames/s")
    rate.wait_for(timeout=60_000)
    assert "MobileNetV2" in rate.inner_text() and "640x480 px" in rate.inner_text() and "ms total" in rate.inner_text()
    page.wait_for_function("() => document.querySelector('#live-depth img')?.naturalWidth === 640", timeout=30_000)

    page.get_by_role("tab", name="Video").click()
    page.locator("input[type=file][accept*='video']").set_input_files(str(video))
    info = page.locator("#video-info").filter(has_text="5 frames")
    info.wait_for(timeout=60_000)
    assert "ms per frame" in info.inner_text()
    assert page.locator("#video-depth video").get_attribute("src").endswith("clip_MobileNetV2_depth.webm")
    assert page.get_by_text("not playable").count() == 0  # an MJPG upload is not an error


@pytest.mark.browser
def test_example_gallery_click_runs_the_model_and_thumbnails_are_small(page, app_url):
    page.goto(app_url)
    thumbs = page.locator("#photo-gallery img")
    thumbs.first.wait_for(timeout=30_000)
    page.wait_for_function("() => [...document.querySelectorAll('#photo-gallery img')].every(i => i.complete)",
                           timeout=10_000)
    widths = [page.evaluate("img => img.naturalWidth", thumbs.nth(i).element_handle()) for i in range(thumbs.count())]
    assert len(widths) >= 12 and max(widths) <= 160  # thumbnails, not the photos
    thumbs.first.click()
    page.locator("#runtime").filter(has_text="ms total").wait_for(timeout=60_000)


@pytest.mark.browser
def test_phone_width_has_no_sideways_scroll(browser, app_url, photo):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(app_url)
        page.locator("input[type=file]").first.set_input_files(str(photo))
        page.locator("#runtime").filter(has_text="ms total").wait_for(timeout=60_000)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        slider = page.locator("#depth-slider").bounding_box()
        assert slider["width"] <= 390 and slider["width"] > 300
    finally:
        page.close()


# --- what a new user found (issue 37) ---------------------------------------------------------------------------


def _fn_index(app_url: str, api_name: str) -> int:
    import httpx

    config = httpx.get(f"{app_url}config", timeout=30).json()
    return next(d["id"] for d in config["dependencies"] if d.get("api_name") == api_name)


@pytest.mark.browser
def test_a_replacement_upload_runs_once_and_a_failed_photo_clears_the_old_results(page, app_url, photo, tmp_path):
    depth_fn = _fn_index(app_url, "depth")
    joins = []
    page.on("request", lambda r: joins.append(r.post_data_json.get("fn_index"))
            if "/queue/join" in r.url and r.method == "POST" else None)
    page.goto(app_url)
    downloads = page.locator("#download-png16")
    assert downloads.is_disabled()  # nothing to take home before there is a photo
    upload = page.locator("#photo input[type=file]")
    upload.set_input_files(str(photo))
    page.locator("#info3d").filter(has_text="vertices").wait_for(timeout=60_000)
    assert downloads.is_enabled()
    joins.clear()
    other = photo.with_name("tum_fr2_desk_2.jpg")
    upload.set_input_files(str(other))  # replaced without clearing the first
    page.wait_for_function("() => document.querySelector('#runtime').innerText.includes('ms total')",
                           timeout=60_000)
    page.locator("#info3d").filter(has_text="vertices").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert joins.count(depth_fn) == 1, joins

    bad = tmp_path / "bad_text.jpg"
    bad.write_text("not a photo")
    upload.set_input_files(str(bad))
    page.get_by_text("not an image we can read").first.wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('#info3d').innerText.includes('vertices')",
                           timeout=30_000)
    assert downloads.is_disabled() and page.locator("#runtime").inner_text().strip() == ""
    assert page.locator("#view3d canvas").count() == 0


@pytest.mark.browser
def test_a_typed_field_of_view_rebuilds_the_3d_view(page, app_url, photo):
    page.goto(app_url)
    page.locator("#photo input[type=file]").set_input_files(str(photo))
    page.locator("#info3d").filter(has_text="vertices").wait_for(timeout=60_000)
    box = page.locator("#fov input[type=number]")
    box.fill("90")
    box.press("Enter")
    page.locator("#info3d").filter(has_text="90° horizontal").wait_for(timeout=60_000)


@pytest.mark.browser
def test_live_and_video_are_one_tab_group(page, app_url):
    page.goto(app_url)
    tabs = page.get_by_role("tab", name="Live (webcam)")
    tabs.wait_for(timeout=30_000)
    tablist = tabs.locator("xpath=ancestor::*[@role='tablist'][1]")
    assert tablist.get_by_role("tab", name="Video").count() == 1


@pytest.mark.browser
def test_both_offers_each_encoders_files_and_a_legend_per_panel(page, app_url, photo):
    page.goto(app_url)
    page.locator("#encoder").get_by_label("Both").check()
    page.locator("#photo input[type=file]").set_input_files(str(photo))
    page.locator("#runtime-b").filter(has_text="ms total").wait_for(timeout=60_000)
    page.locator("#info3d").filter(has_text="vertices").wait_for(timeout=60_000)
    for key, button_id, label in (("a", "download-png16", LABELS[0]), ("b", "download-b-png16", LABELS[1])):
        button = page.locator(f"#{button_id}")
        button.wait_for(timeout=30_000)
        with page.expect_download(timeout=60_000) as download:
            button.click()
        assert download.value.suggested_filename == f"{photo.stem}_{label}_depth_mm.png"
        assert " m</span>" in page.locator(f"#legend-{key}").inner_html()
