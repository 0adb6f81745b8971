"""Gradio app: compare encoders, slide between photo and depth, take the depth home, see it in 3D, check it against
ground truth, go live. Layout and wiring only: every computation is in depth_core."""
from __future__ import annotations

import base64
import functools
import logging
import os
import tempfile
import threading
from pathlib import Path

import gradio as gr
import numpy as np
from gradio.utils import get_upload_folder
from PIL import Image

from depth_core.errors import DepthCoreError
from depth_core.evaluation.evaluate import TABLE_METRICS
from depth_core.evaluation.groundtruth import ERROR_CAP, check, error_map, load_ground_truth
from depth_core.evaluation.summary import model_summary
from depth_core.inference.camera import DEFAULT_FOV_DEG, camera_for
from depth_core.inference.colormap import COLORMAPS, DEFAULT_CMAP, depth_range
from depth_core.inference.depth_files import removed_on_failure
from depth_core.inference.images import load_image
from depth_core.inference.pipeline import DepthResult, get_estimator, peek_estimator
from depth_core.inference.recent import RecentPredictions
from depth_core.inference.registry import load_registry
from depth_core.outputs.downloads import request_folder, safe_name, write_downloads
from depth_core.outputs.legend import colorbar_html
from depth_core.outputs.live import FrameRate, fit_frame
from depth_core.outputs.scene3d import depth_mesh, glb_bytes
from depth_core.outputs.video import MAX_FRAMES, depth_video, probe
from gallery import credits_markdown, example_photos, rgbd_examples, thumbnail

log = logging.getLogger("app")
MODELS = load_registry()
LABELS = {spec.label: name for name, spec in MODELS.items()}
DEFAULT_LABEL = next(iter(LABELS))
# Deliberate limits (docs/reliability.md says why each is what it is).
MAX_UPLOAD = "20mb"  # any phone JPEG fits; larger uploads get HTTP 413 and are not kept
MAX_UPLOAD_BYTES = int(MAX_UPLOAD.removesuffix("mb")) * 2**20  # files sent inline are held to it too
DELETE_CACHE = (600, 3600)  # every 10 min, delete uploads and results older than an hour
# Predictions at once, the rest wait in the queue; and ONNX Runtime threads per session. Chosen by a sweep of
# scripts/load_test.py on 2 cores (docs/speed.md); another machine can set its own through the environment.
CONCURRENCY = int(os.environ.get("DEPTH_CORE_CONCURRENCY", "2"))
THREADS = int(os.environ.get("DEPTH_CORE_THREADS", "1"))
QUEUE_SIZE = 64  # waiting requests beyond this are told the queue is full
BOTH = "Both"
EMPTY_VIEW = (None, "", "", *(None, "", "") * 2)  # slider, legend, runtime; each panel's map, legend, runtime
LIVE_MODEL = "mobilenetv2" if "mobilenetv2" in MODELS else next(iter(MODELS))  # the fastest, for webcam frames
DOWNLOADS = {"png16": "Depth PNG (16-bit, mm)", "npy": "Depth .npy (float32, m)", "colour": "Coloured PNG",
             "ply": "Point cloud .ply"}
CMAP_CHOICES = [("Turbo", "turbo"), ("Spectral", "spectral"), ("Magma", "magma"), ("Grey", "grey")]
assert {value for _, value in CMAP_CHOICES} == set(COLORMAPS)
RECENT = RecentPredictions()
PHOTOS = [p for paths in example_photos().values() for p in paths]
RGBD = rgbd_examples()
CSS = """
.depth-colorbar { margin: 0 4px; }
#photo-gallery .thumbnail-item, #rgbd-gallery .thumbnail-item { min-width: 0; }
"""


def user_error(message: str) -> gr.Error:
    """An error the user caused and can fix: shown to them, without a traceback in the server log."""
    return gr.Error(message, print_exception=False)


def _inline_bytes(payload) -> bytes | None:
    """The bytes of a file sent inline as a data URL (which never passes the upload route and its size limit),
    refused before decoding when over the limit; None for an uploaded file."""
    url = payload.url or ""
    if not url.startswith("data:"):
        return None
    encoded = url.partition(",")[2]
    if len(encoded) * 3 // 4 > MAX_UPLOAD_BYTES:
        raise user_error(f"This file is too large; the limit is {MAX_UPLOAD_BYTES // 2**20} MB.")
    try:
        return base64.b64decode(encoded, validate=False)
    except ValueError:
        raise user_error("This file is not an image we can read (try JPEG, PNG or WebP).") from None


class PhotoInput(gr.Image):
    """gr.Image that hands the uploaded file's path to depth_core undecoded, so the photo is checked and decoded
    once, with depth_core's messages (gr.Image would open it with PIL first and call a decompression bomb
    "not an image"). A photo sent inline is held to the upload limit and stored as an upload."""

    is_template = True  # render with gr.Image's front end

    def preprocess(self, payload):
        if payload is None:
            return None
        data = _inline_bytes(payload)
        if data is None:
            return str(payload.path)  # Gradio has already checked that it is an upload of this server's
        folder = Path(get_upload_folder()) / "inline"
        folder.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(prefix="photo-", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return path


class FrameInput(gr.Image):
    """The webcam's gr.Image, decoding frames with depth_core (the same checks, at the frame's own size, and
    the same messages as a photo) instead of Gradio's, whose failures name server paths."""

    is_template = True

    def preprocess(self, payload):
        if payload is None:
            return None
        data = _inline_bytes(payload)
        try:
            return np.asarray(load_image(data if data is not None else str(payload.path)))
        except DepthCoreError as err:
            raise user_error(str(err)) from None


def user_errors(fn):
    """Our own errors reach the user as they are, without a traceback; anything else is logged and reported
    without internals; a full disk is said as such."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except DepthCoreError as err:
            raise user_error(str(err)) from None
        except OSError as err:
            log.error("%s could not store a result: %s", fn.__name__, err)
            raise gr.Error("The server could not store the result (its disk may be full); please try again later.",
                           print_exception=False) from None
        except Exception:
            log.exception("%s failed", fn.__name__)
            raise gr.Error("Something went wrong while estimating depth for this photo.", print_exception=False) \
                from None
    return wrapper


def weights_status() -> str:
    """Which source serves each encoder, read without waiting: a page load never waits for a slow Hub."""
    lines = []
    for label, name in LABELS.items():
        state = peek_estimator(name)
        if state is None:
            line = f"- **{label}**: still loading"
        elif isinstance(state, DepthCoreError):
            line = f"- **{label}**: unavailable: {state}"
        else:
            line = f"- **{label}**: {state.weights.describe()}"
            if state.weights.notes:
                line += " (" + "; ".join(state.weights.notes) + ")"
        lines.append(line)
    return "Weights in use:\n" + "\n".join(lines)


def save_result(image: Image.Image | np.ndarray) -> str:
    """An image result as a JPEG file of its own in Gradio's cache. Returned as a PIL image, Gradio would write it
    to a path named by its bytes, rewriting that file in place while a client with the same photo downloads it."""
    if isinstance(image, np.ndarray):
        image = Image.fromarray(image)
    folder = get_upload_folder()
    os.makedirs(folder, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix="depth-", suffix=".jpg", dir=folder)
    with removed_on_failure(path), os.fdopen(fd, "wb") as fh:  # a full disk keeps no partial JPEG
        image.save(fh, format="JPEG")
    return path


def about(encoder: str) -> str:
    labels = list(LABELS) if encoder == BOTH else [encoder]
    return "\n\n".join(f"**{label}**: {model_summary(MODELS[LABELS[label]])}" for label in labels if label in LABELS)


def _labels(encoder: str) -> list[str]:
    """The encoders a choice runs, first the one the slider and 3D view use."""
    if encoder == BOTH:
        return list(LABELS)[:2]
    if encoder not in LABELS:
        raise user_error(f"Unknown encoder {encoder!r}; choose one of {', '.join([*LABELS, BOTH])}.")
    return [encoder]


def _cmap(cmap: str) -> str:
    if cmap not in COLORMAPS:
        raise user_error(f"Unknown colour map {cmap!r}; choose one of {', '.join(COLORMAPS)}.")
    return cmap


def runtime_line(label: str, result: DepthResult) -> str:
    width, height = result.size
    return f"**{label}** · {width}x{height} px · {result.timing_line()}"


def _predict(label: str, photo: str, cmap: str) -> tuple[DepthResult, Image.Image]:
    """A fresh run (so the runtime shown is this request's) and its coloured map; remembered, depth included,
    for the follow-up steps (downloads, 3D, check), which then do not refine the depth again."""
    estimator = get_estimator(LABELS[label])
    result = estimator.predict(photo)
    colored = result.colored(cmap)
    result.depth  # noqa: B018 - computed once here (the colours may already have needed it)
    RECENT.remember(estimator, photo, result)
    return result, colored


def _legend(result: DepthResult, cmap: str) -> str:
    span = depth_range(result.depth)  # the range the colours were computed from (refined, at the photo's size)
    return colorbar_html(cmap, *span) if span else ""


@user_errors
def predict(photo: str | None, encoder: str) -> tuple[str | None, str]:
    """Depth for one photo with one encoder: (coloured depth JPEG's path, runtime line). The plain API call;
    the page uses /depth, which adds the slider, the colour bar, colour maps and "Both"."""
    if photo is None:
        return None, ""
    if encoder not in LABELS:
        raise user_error(f"Unknown encoder {encoder!r}; choose one of {', '.join(LABELS)}.")
    result, colored = _predict(encoder, photo, DEFAULT_CMAP)
    return save_result(colored), runtime_line(encoder, result)


@user_errors
def look(photo: str | None, encoder: str, cmap: str = DEFAULT_CMAP, progress=gr.Progress()):
    """Depth of one photo with one encoder or both: the photo/depth slider, the colour bar in metres, the
    runtime of each encoder, and (for "Both") each encoder's map with its own legend and runtime, side by side."""
    if photo is None:
        return EMPTY_VIEW
    labels, cmap = _labels(encoder), _cmap(cmap)
    panels = []
    for i, label in enumerate(labels):
        if len(labels) > 1:
            progress(i / len(labels), desc=f"{label} ({i + 1} of {len(labels)})")
        result, colored = _predict(label, photo, cmap)
        panels.append((save_result(colored), _legend(result, cmap), runtime_line(label, result)))
    (first, legend, _), compare = panels[0], [None, "", ""] * 2
    if len(panels) > 1:
        compare = [value for panel in panels for value in panel]
    return (photo, first), legend, "  \n".join(panel[2] for panel in panels), *compare


def _first(photo: str, encoder: str) -> tuple[str, DepthResult]:
    label = _labels(encoder)[0]
    return label, RECENT.predict(get_estimator(LABELS[label]), photo)


def arm_downloads(*paths: str | None) -> list[gr.DownloadButton]:
    """The download buttons, live only when they have a file to give."""
    return [gr.DownloadButton(value=path, interactive=path is not None) for path in paths]


def _no_downloads() -> list[gr.DownloadButton]:
    return arm_downloads(*[None] * 2 * len(DOWNLOADS))


@user_errors
def downloads(photo: str | None, encoder: str, cmap: str = DEFAULT_CMAP, fov: float = DEFAULT_FOV_DEG,
              intrinsics: str = ""):
    """The depth to take home from each encoder of the choice, named after the photo and encoder: 16-bit PNG
    (mm), .npy (float32 m), the coloured map (PNG) and a coloured PLY point cloud in metres (intrinsics if given,
    else the field of view). Four files per encoder; the second four are empty for a single encoder."""
    if photo is None:
        return [None] * 8
    paths: list[str | None] = [None] * 8
    image = load_image(photo)  # decoded once for both encoders' point clouds
    for i, label in enumerate(_labels(encoder)):
        result = RECENT.predict(get_estimator(LABELS[label]), photo)
        files = write_downloads(result, image, Path(photo).name, label, camera_for(*image.size, fov, intrinsics),
                                _cmap(cmap), request_folder())
        paths[4 * i:4 * i + 4] = [str(files[key]) for key in DOWNLOADS]
    return paths


@user_errors
def view3d(photo: str | None, encoder: str, fov: float = DEFAULT_FOV_DEG, intrinsics: str = "",
           progress=gr.Progress()):
    """The scene as a coloured 3D surface in metres (GLB), decimated to load at once, and how it was built."""
    if photo is None:
        return None, ""
    progress(0.1, desc="depth")
    label, result = _first(photo, encoder)
    width, height = result.size
    camera = camera_for(width, height, fov, intrinsics)
    progress(0.5, desc="mesh")
    points, colours, faces = depth_mesh(result.depth, np.asarray(load_image(photo)), camera)
    path = request_folder() / f"{safe_name(Path(photo).stem)}_{safe_name(label)}_3d.glb"
    with removed_on_failure(path):
        path.write_bytes(glb_bytes(points, colours, faces))
    info = (f"{runtime_line(label, result)}  \n{len(points):,} vertices, {len(faces):,} triangles · camera: "
            f"{camera.source} (fx {camera.fx:.1f}, fy {camera.fy:.1f}, cx {camera.cx:.1f}, cy {camera.cy:.1f} px)")
    return str(path), info


@user_errors
def check_ground_truth(photo: str | None, encoder: str, ground_truth: str | None):
    """The evaluation command's metrics (metric and median-scaled) for each encoder of the choice against an
    uploaded depth (16-bit PNG in mm or .npy in m), the trivial priors' and each encoder's skill over them,
    and the first encoder's error map (median-scaled)."""
    if photo is None or ground_truth is None:
        return None, None, ""
    gt = load_ground_truth(ground_truth)
    rows, notes, image = [], [], None
    for label in _labels(encoder):
        result = RECENT.predict(get_estimator(LABELS[label]), photo)
        outcome = check(result.depth, gt)
        rows += outcome.rows(label)
        skill = outcome.skill
        notes.append(f"**{label}**: skill over the better prior δ1 {skill['delta1']:+.3f}, AbsRel "
                     f"{skill['abs_rel']:+.3f} (positive: better than a trivial guess); metres read "
                     f"{outcome.metric['scale']:.2f} times the truth (median prediction / median ground truth)")
        if image is None:
            image = save_result(error_map(result.depth, gt, 1 / outcome.metric["scale"]))
    rows += outcome.prior_rows()
    note = (f"{outcome.valid_fraction:.0%} of pixels have ground truth in 0.1-10 m. " + "; ".join(notes) +
            f". Error map: relative error of the median-scaled {_labels(encoder)[0]} depth, black 0 to bright "
            f"{ERROR_CAP:.0%}+, grey where there is no ground truth.")
    return rows, image, note


def forget_outputs():
    """After a failed photo: nothing of the previous photo's stays on the page (maps, legends, runtimes,
    downloads, 3D view, metrics)."""
    return (*EMPTY_VIEW, *_no_downloads(), None, "", None, None, "")


@user_errors
def live(frame: np.ndarray | None, cmap: str = DEFAULT_CMAP, meter: FrameRate | None = None):
    """One webcam frame (checked at its own size, then shrunk to 640 pixels at most) through MobileNetV2: its
    coloured depth, the stream's frame rate and this frame's runtime."""
    meter = meter or FrameRate()
    if frame is None:
        return None, "", meter
    result = get_estimator(LIVE_MODEL).predict(fit_frame(frame))
    colored = save_result(result.colored(_cmap(cmap)))
    fps = meter.tick()
    rate = f"**{fps:.1f} frames/s**" if fps else "**first frame**"
    return colored, f"{rate} · {runtime_line(MODELS[LIVE_MODEL].label, result)}", meter


@user_errors
def video(path: str | None, cmap: str = DEFAULT_CMAP, progress=gr.Progress()):
    """A short video's depth, frame by frame through MobileNetV2 (WebM, the first 300 frames at most)."""
    if path is None:
        return None, ""
    _, count = probe(path)
    total = min(count, MAX_FRAMES) or None
    progress(0, desc="frames")
    out = request_folder() / f"{safe_name(Path(path).stem)}_{safe_name(MODELS[LIVE_MODEL].label)}_depth.webm"
    report = depth_video(get_estimator(LIVE_MODEL), path, out, _cmap(cmap),
                         progress=lambda n: progress((n, total) if total else n / MAX_FRAMES, desc="frames"))
    return str(report.path), f"**{MODELS[LIVE_MODEL].label}** · {report.timing_line()}"


def pick_photo(evt: gr.SelectData) -> tuple[str, None, str]:
    """A gallery photo, and no ground truth or intrinsics: those of the previous photo would be wrong for it."""
    return str(PHOTOS[evt.index]), None, ""


def pick_rgbd(evt: gr.SelectData) -> tuple[str, str, str]:
    pair = RGBD[evt.index]
    return str(pair.rgb), str(pair.depth), pair.camera.text()


def _markdown(label: str, elem_id: str, value: str = "") -> gr.Markdown:
    """Text output with a name for the API page (shown there, not on the page)."""
    return gr.Markdown(value, label=label, show_label=False, elem_id=elem_id)


def _download_row(title: str, suffix: str, visible: bool = True):
    """A heading and the four download buttons of one encoder, off until there is a file."""
    with gr.Column(visible=visible, elem_id=f"downloads{suffix}") as column:
        heading = gr.Markdown(f"**Take the depth home** ({title})")
        with gr.Row():
            buttons = [gr.DownloadButton(text, size="sm", interactive=False, elem_id=f"download{suffix}-{key}")
                       for key, text in DOWNLOADS.items()]
    return column, heading, buttons


def build_photo_section() -> dict:
    """Photo, encoder and colour map on the left; slider, legends, runtimes and downloads on the right."""
    first, second = list(LABELS)[0], list(LABELS)[-1]
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            photo = PhotoInput(label="Photo", elem_id="photo", type="filepath", image_mode=None,
                               sources=["upload", "clipboard"], height=300)
            encoder = gr.Radio([*LABELS, BOTH], value=DEFAULT_LABEL, label="Encoder",
                               info='"Both" runs each encoder on the photo, side by side', elem_id="encoder")
            cmap = gr.Radio(CMAP_CHOICES, value=DEFAULT_CMAP, label="Colour map", elem_id="cmap")
            run = gr.Button("Estimate depth", variant="primary")
            summary = gr.Markdown(about(DEFAULT_LABEL), elem_id="model-summary")
            gallery = gr.Gallery([(str(thumbnail(p)), p.stem) for p in PHOTOS], label="Example photos (click one)",
                                 columns=4, height="auto", allow_preview=False, object_fit="cover",
                                 elem_id="photo-gallery")
        with gr.Column(scale=3, min_width=300):
            slider = gr.ImageSlider(label="Photo | depth (drag the handle)", type="filepath", format="jpeg",
                                    interactive=False, elem_id="depth-slider", max_height=480)
            legend = gr.HTML(label="Colour bar (metres)", show_label=False, elem_id="legend")
            runtime = _markdown("Runtime", "runtime")
            with gr.Row(visible=False, elem_id="compare") as compare_row:
                compare = []
                for key, label in (("a", first), ("b", second)):
                    with gr.Column(min_width=200):
                        compare += [gr.Image(label=label, format="jpeg", interactive=False, elem_id=f"compare-{key}"),
                                    gr.HTML(label=f"{label} colour bar (metres)", show_label=False,
                                            elem_id=f"legend-{key}"),
                                    _markdown(f"{label} runtime", f"runtime-{key}")]
            _, heading_a, files_a = _download_row(DEFAULT_LABEL, "")
            row_b, _, files_b = _download_row(second, "-b", visible=False)
    return dict(photo=photo, encoder=encoder, cmap=cmap, run=run, summary=summary, gallery=gallery, slider=slider,
                legend=legend, runtime=runtime, compare_row=compare_row, compare=compare, heading_a=heading_a,
                row_b=row_b, files=files_a + files_b)


def build_3d_and_check_section() -> dict:
    """The 3D view and its camera; the ground-truth check with its RGB-D examples; the metrics."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            model3d = gr.Model3D(label="3D (metres; drag to turn, scroll to zoom)", height=420,
                                 clear_color=(0.08, 0.08, 0.1, 1.0), elem_id="view3d")
            info3d = _markdown("3D view details", "info3d")
        with gr.Column(scale=2, min_width=300):
            fov = gr.Slider(20, 120, value=DEFAULT_FOV_DEG, step=1, label="Horizontal field of view (degrees)",
                            info="Used when no intrinsics are given", elem_id="fov")
            intrinsics = gr.Textbox("", label="Camera intrinsics fx, fy, cx, cy (pixels, optional)",
                                    placeholder="e.g. 520.9, 521.0, 325.1, 249.7", elem_id="intrinsics")
            gr.Markdown("### Check against ground truth\nUpload the photo's true depth: a 16-bit PNG in "
                        "millimetres or a `.npy` in metres (read without pickle). Or pick a real RGB-D pair:")
            ground_truth = gr.File(label="Ground-truth depth (optional; cleared when a new photo is uploaded)",
                                   file_types=[".png", ".npy"], elem_id="ground-truth")
            rgbd = gr.Gallery([(str(thumbnail(p.rgb)), p.rgb.stem) for p in RGBD],
                              label="RGB-D pairs (TUM, photo + depth + intrinsics)", columns=2, height="auto",
                              allow_preview=False, object_fit="cover", elem_id="rgbd-gallery")
    with gr.Row(equal_height=False):
        metrics = gr.Dataframe(headers=["encoder", "scaling", *TABLE_METRICS], interactive=False,
                               label="Metrics (same code as `python -m depth_core eval`)", elem_id="metrics",
                               scale=3, min_width=300)
        errors = gr.Image(label="Error map", format="jpeg", interactive=False, elem_id="error-map", scale=2,
                          min_width=300)
    check_note = _markdown("How to read the metrics", "check-note")
    return dict(model3d=model3d, info3d=info3d, fov=fov, intrinsics=intrinsics, ground_truth=ground_truth,
                rgbd=rgbd, metrics=metrics, errors=errors, check_note=check_note)


def build_live_tab(cmap) -> None:
    with gr.Tab("Live (webcam)"):
        with gr.Row():
            webcam = FrameInput(label="Webcam", sources=["webcam"], streaming=True, type="numpy", min_width=280,
                                webcam_options=gr.WebcamOptions(constraints={"video": {"width": {"ideal": 640},
                                                                                       "height": {"ideal": 480}}}))
            live_out = gr.Image(label=f"Depth ({MODELS[LIVE_MODEL].label})", format="jpeg", interactive=False,
                                min_width=280, elem_id="live-depth")
        live_rate = _markdown("Frame rate and runtime", "live-rate")
        meter = gr.State(FrameRate())
        one_frame = gr.Button("One frame", visible=False)  # the API's way in: gradio_client cannot stream
    webcam.stream(live, [webcam, cmap, meter], [live_out, live_rate, meter], api_name="live_stream",
                  api_visibility="private", stream_every=0.1, time_limit=120, concurrency_limit=2,
                  concurrency_id="live")
    one_frame.click(live, [webcam, cmap, meter], [live_out, live_rate, meter], api_name="live",
                    concurrency_id="live")


def build_video_tab(cmap) -> None:
    with gr.Tab("Video"):
        with gr.Row():
            # A file box, not a video player: a player cannot preview many valid uploads (MJPG, mp4v) and
            # would report them as "not playable" although their depth is computed.
            clip = gr.File(label=f"Short video (the first {MAX_FRAMES} frames are used)", file_types=["video"],
                           min_width=280, elem_id="video-upload")
            clip_depth = gr.Video(label="Depth video", interactive=False, min_width=280, elem_id="video-depth")
        clip_info = _markdown("Frames and runtime", "video-info")
    clip.upload(video, [clip, cmap], [clip_depth, clip_info], api_name="video", concurrency_limit=1,
                concurrency_id="video")


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="FastDepth on CPU", delete_cache=DELETE_CACHE) as demo:
        gr.Markdown("# Monocular depth on the CPU\nOne photo in, a depth map out (near = warm, far = cool), in "
                    "milliseconds. Compare the two encoders, slide between photo and depth, take the depth home, see "
                    "it in 3D, check it against your ground truth, or go live. Trained on indoor scenes only (each "
                    "model's summary says which): expect rough results outdoors and on close-ups.")
        ui = build_photo_section()
        ui.update(build_3d_and_check_section())
        with gr.Tabs():
            build_live_tab(ui["cmap"])
            build_video_tab(ui["cmap"])
        with gr.Accordion("Weights and photo credits", open=False):
            gr.Markdown(weights_status, label="Weights in use", show_label=False)
            gr.Markdown(credits_markdown())
        # The plain API call: one encoder (no "Both"), one JPEG and its runtime.
        plain = gr.Button("Predict", visible=False)
        plain_encoder = gr.Radio(list(LABELS), value=DEFAULT_LABEL, label="Encoder", visible=False)
        plain_depth = gr.Image(label="Depth (coloured JPEG)", format="jpeg", visible=False)
        plain_runtime = gr.Markdown(label="Runtime", visible=False)
        plain.click(predict, [ui["photo"], plain_encoder], [plain_depth, plain_runtime], api_name="predict")
        wire_events(ui)
    # Two cores: two photos at a time keeps each one fast; a long queue is refused rather than left to time out.
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return demo


def wire_events(ui: dict) -> None:
    """A new photo, encoder or colour map runs the chain: depth, then downloads, 3D and check; a failure of the
    first step clears what the previous photo left. Uploads trigger it, not the photo's changes: replacing a
    photo changes its value twice (cleared, then set) and would run everything twice."""
    chosen = [ui["photo"], ui["encoder"], ui["cmap"]]
    camera = [ui["fov"], ui["intrinsics"]]
    shown = [ui["slider"], ui["legend"], ui["runtime"], *ui["compare"]]
    checked = [ui["metrics"], ui["errors"], ui["check_note"]]
    everything = [*shown, *ui["files"], ui["model3d"], ui["info3d"], *checked]

    def chain(first, public: bool) -> None:
        names = (lambda name: {"api_name": name}) if public else (lambda name: {"api_visibility": "private"})
        files = first.success(downloads, [*chosen, *camera], ui["files"], **names("downloads"))
        files.success(arm_downloads, ui["files"], ui["files"], api_visibility="private", queue=False)
        (files.success(view3d, [ui["photo"], ui["encoder"], *camera], [ui["model3d"], ui["info3d"]],
                       **names("view3d"))
              .success(check_ground_truth, [ui["photo"], ui["encoder"], ui["ground_truth"]], checked,
                       **names("check")))
        first.failure(forget_outputs, None, everything, api_visibility="private", queue=False)

    chain(gr.on([ui["run"].click, ui["photo"].upload, ui["encoder"].change, ui["cmap"].change], look, chosen, shown,
                api_name="depth", trigger_mode="always_last"), public=True)  # a photo chosen mid-run is run next
    picked = [ui["photo"], ui["ground_truth"], ui["intrinsics"]]  # a gallery pick sets the photo: no upload event
    for gallery, pick in ((ui["gallery"], pick_photo), (ui["rgbd"], pick_rgbd)):
        chain(gallery.select(pick, None, picked, api_visibility="private", queue=False)
              .success(look, chosen, shown, api_visibility="private"), public=False)
    ui["photo"].upload(lambda: (None, ""), None, [ui["ground_truth"], ui["intrinsics"]],
                       api_visibility="private", queue=False)
    ui["photo"].clear(forget_outputs, None, everything, api_visibility="private", queue=False)
    # A typed field of view counts as much as a dragged one.
    gr.on([ui["fov"].input, ui["intrinsics"].submit], view3d, [ui["photo"], ui["encoder"], *camera],
          [ui["model3d"], ui["info3d"]], api_visibility="private", trigger_mode="always_last") \
        .success(downloads, [*chosen, *camera], ui["files"], api_visibility="private") \
        .success(arm_downloads, ui["files"], ui["files"], api_visibility="private", queue=False)
    gr.on([ui["ground_truth"].upload, ui["ground_truth"].clear], check_ground_truth,
          [ui["photo"], ui["encoder"], ui["ground_truth"]], checked, api_visibility="private")
    ui["encoder"].change(about, ui["encoder"], ui["summary"], api_visibility="private", queue=False)
    ui["encoder"].change(show_encoders, ui["encoder"], [ui["compare_row"], ui["row_b"], ui["heading_a"]],
                         api_visibility="private", queue=False)


def show_encoders(choice: str):
    """The side-by-side maps and the second row of downloads for "Both"; the first row names its encoder."""
    first = list(LABELS)[0] if choice == BOTH else choice
    return gr.Row(visible=choice == BOTH), gr.Column(visible=choice == BOTH), f"**Take the depth home** ({first})"


def warm_up(name: str) -> None:
    """Resolve, load and warm one model, then run one example photo through the whole path (decode, network,
    refinement, colours, legend) and one blank photo at the largest display size, so the first visitor waits for
    none of it and the first phone photo grows no buffer."""
    try:
        estimator = get_estimator(name)
        estimator.warmup()
        if PHOTOS:
            result = estimator.predict(PHOTOS[0])
            result.colored(DEFAULT_CMAP)
            depth_range(result.depth)
        estimator.predict(np.zeros((1200, 1600, 3), np.uint8)).colored(DEFAULT_CMAP)  # a phone photo's display size
    except DepthCoreError as err:  # the app still serves the other encoder; the UI says why
        log.error("%s unavailable: %s", name, err)


def warm_up_models() -> None:
    """One background thread per model (overlapping the server's start-up): a slow source delays only its model."""
    for name in MODELS:
        threading.Thread(target=warm_up, args=(name,), daemon=True, name=f"warm-up-{name}").start()


if __name__ == "__main__":
    import signal

    from depth_core.inference.memory import return_large_buffers
    from depth_core.inference.runtime import set_default_threads
    from depth_core.outputs.downloads import remove_all, use_root

    logging.basicConfig(level=logging.INFO)
    return_large_buffers()  # a 49 MP photo's memory goes back to the system after its request
    set_default_threads(THREADS)  # before any model loads
    use_root(Path(get_upload_folder()) / "downloads")  # Gradio serves files in its cache as they are: written once
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C, so the cleanup below runs
    warm_up_models()
    # show_error: our own errors are gr.Errors already; this also shows Gradio's own refusals (such as a server
    # path sent to /predict) instead of an empty error. Unexpected failures reach users as a generic gr.Error.
    demo = build_demo()
    try:
        demo.launch(max_file_size=MAX_UPLOAD, show_error=True, css=CSS,
                    enable_monitoring=os.environ.get("DEPTH_CORE_MONITORING") == "1")  # off unless asked for
    finally:  # Ctrl-C or SIGTERM: Gradio's own shutdown cleanup waits for open connections and may never run
        from gradio.route_utils import delete_files_created_by_app

        delete_files_created_by_app(demo, None)  # every upload and result it tracked (not the app's own images)
        remove_all()  # and every download folder
