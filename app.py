"""Gradio app: compare encoders, slide between photo and depth, take the depth home, see it in 3D, check it against
ground truth, go live. Layout and wiring only: every computation is in depth_core."""
from __future__ import annotations

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
DELETE_CACHE = (600, 3600)  # every 10 min, delete uploads and results older than an hour
CONCURRENCY = 2  # predictions at once, as many as the 2 cores a free Space has; the rest wait in the queue
QUEUE_SIZE = 64  # waiting requests beyond this are told the queue is full
BOTH = "Both"
LIVE_MODEL = "mobilenetv2" if "mobilenetv2" in MODELS else next(iter(MODELS))  # the fastest, for webcam frames
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


class PhotoInput(gr.Image):
    """gr.Image that hands the uploaded file's path to depth_core undecoded, so the photo is checked and decoded
    once, with depth_core's messages (gr.Image would open it with PIL first and call a decompression bomb
    "not an image")."""

    is_template = True  # render with gr.Image's front end

    def preprocess(self, payload):
        if payload is not None and payload.path and not (payload.url or "").startswith("data:"):
            return str(payload.path)  # Gradio has already checked that it is an upload of this server's
        try:
            return super().preprocess(payload)
        except Exception:  # noqa: BLE001 - anything PIL cannot open is "not an image" to the user
            raise user_error("This file is not an image we can read (try JPEG, PNG or WebP).") from None


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
    with os.fdopen(fd, "wb") as fh:
        image.save(fh, format="JPEG")
    return path


def about(encoder: str) -> str:
    labels = list(LABELS) if encoder == BOTH else [encoder]
    return "\n\n".join(f"**{label}**: {model_summary(MODELS[LABELS[label]])}" for label in labels if label in LABELS)


def _labels(encoder: str) -> list[str]:
    """The encoders a choice runs, first the one the slider, downloads and 3D view use."""
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
    runtime of each encoder, and (for "Both") each encoder's map with its own runtime, side by side."""
    if photo is None:
        return None, "", "", None, "", None, ""
    labels, cmap = _labels(encoder), _cmap(cmap)
    images, lines = [], []
    for i, label in enumerate(labels):
        if len(labels) > 1:
            progress(i / len(labels), desc=f"{label} ({i + 1} of {len(labels)})")
        result, colored = _predict(label, photo, cmap)
        images.append(save_result(colored))
        lines.append(runtime_line(label, result))
        if i == 0:  # the range of the depth the colours were computed from (refined, at the photo's size)
            span = depth_range(result.depth)
            legend = colorbar_html(cmap, *span) if span else ""
    compare = [images[0], lines[0], images[1], lines[1]] if len(labels) > 1 else [None, "", None, ""]
    return (photo, images[0]), legend, "  \n".join(lines), *compare


def _first(photo: str, encoder: str) -> tuple[str, DepthResult]:
    label = _labels(encoder)[0]
    return label, RECENT.predict(get_estimator(LABELS[label]), photo)


@user_errors
def downloads(photo: str | None, encoder: str, cmap: str = DEFAULT_CMAP, fov: float = DEFAULT_FOV_DEG,
              intrinsics: str = ""):
    """The depth to take home, named after the photo and encoder: 16-bit PNG (mm), .npy (float32 m), the
    coloured map (PNG) and a coloured PLY point cloud in metres (intrinsics if given, else the field of view)."""
    if photo is None:
        return None, None, None, None
    label, result = _first(photo, encoder)
    width, height = result.size
    files = write_downloads(result, load_image(photo), Path(photo).name, label,
                            camera_for(width, height, fov, intrinsics), _cmap(cmap), request_folder())
    return tuple(str(files[key]) for key in ("png16", "npy", "colour", "ply"))


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


@user_errors
def live(frame: np.ndarray | None, cmap: str = DEFAULT_CMAP, meter: FrameRate | None = None):
    """One webcam frame (shrunk to 640 pixels at most) through MobileNetV2: its coloured depth, the stream's frame
    rate and this frame's runtime."""
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


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="FastDepth on CPU", delete_cache=DELETE_CACHE) as demo:
        gr.Markdown("# Monocular depth on the CPU\nOne photo in, a depth map out (near = warm, far = cool), in "
                    "milliseconds. Compare the two encoders, slide between photo and depth, take the depth home, see "
                    "it in 3D, check it against your ground truth, or go live. Trained on indoor scenes only (each "
                    "model's summary says which): expect rough results outdoors and on close-ups.")
        with gr.Row(equal_height=False):
            with gr.Column(scale=2, min_width=300):
                photo = PhotoInput(label="Photo", type="filepath", image_mode=None, sources=["upload", "clipboard"],
                                   height=300)
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
                legend = gr.HTML(elem_id="legend")
                runtime = gr.Markdown(elem_id="runtime")
                with gr.Row(visible=False, elem_id="compare") as compare_row:
                    with gr.Column(min_width=200):
                        depth_a = gr.Image(label=list(LABELS)[0], format="jpeg", interactive=False,
                                           elem_id="compare-a")
                        runtime_a = gr.Markdown(elem_id="runtime-a")
                    with gr.Column(min_width=200):
                        depth_b = gr.Image(label=list(LABELS)[-1], format="jpeg", interactive=False,
                                           elem_id="compare-b")
                        runtime_b = gr.Markdown(elem_id="runtime-b")
                gr.Markdown("**Take the depth home** (with Both: the first encoder's)")
                with gr.Row(elem_id="downloads"):
                    files = [gr.DownloadButton(text, size="sm", elem_id=f"download-{key}")
                             for key, text in (("png16", "Depth PNG (16-bit, mm)"), ("npy", "Depth .npy (float32, m)"),
                                               ("colour", "Coloured PNG"), ("ply", "Point cloud .ply"))]
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                model3d = gr.Model3D(label="3D (metres; drag to turn, scroll to zoom)", height=420,
                                     clear_color=(0.08, 0.08, 0.1, 1.0), elem_id="view3d")
                info3d = gr.Markdown(elem_id="info3d")
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
        check_note = gr.Markdown(elem_id="check-note")
        with gr.Tab("Live (webcam)"):
            with gr.Row():
                webcam = gr.Image(label="Webcam", sources=["webcam"], streaming=True, type="numpy", min_width=280,
                                  webcam_options=gr.WebcamOptions(constraints={"video": {"width": {"ideal": 640},
                                                                                         "height": {"ideal": 480}}}))
                live_out = gr.Image(label=f"Depth ({MODELS[LIVE_MODEL].label})", format="jpeg", interactive=False,
                                    min_width=280, elem_id="live-depth")
            live_rate = gr.Markdown(elem_id="live-rate")
            meter = gr.State(FrameRate())
            one_frame = gr.Button("One frame", visible=False)  # the API's way in: gradio_client cannot stream
        plain = gr.Button("Predict", visible=False)  # /predict: one encoder, one JPEG and its runtime
        with gr.Tab("Video"):
            with gr.Row():
                clip = gr.Video(label=f"Short video (the first {MAX_FRAMES} frames are used)", sources=["upload"],
                                min_width=280)
                clip_depth = gr.Video(label="Depth video", interactive=False, min_width=280, elem_id="video-depth")
            clip_info = gr.Markdown(elem_id="video-info")
        with gr.Accordion("Weights and photo credits", open=False):
            gr.Markdown(weights_status)
            gr.Markdown(credits_markdown())

        chosen = [photo, encoder, cmap]
        main = gr.on([run.click, photo.change, encoder.change, cmap.change], look, inputs=chosen,
                     outputs=[slider, legend, runtime, depth_a, runtime_a, depth_b, runtime_b], api_name="depth")
        plain.click(predict, [photo, encoder], [depth_a, runtime_a], api_name="predict")
        camera = [fov, intrinsics]
        (main.success(downloads, [*chosen, *camera], files, api_name="downloads")
             .success(view3d, [photo, encoder, *camera], [model3d, info3d], api_name="view3d")
             .success(check_ground_truth, [photo, encoder, ground_truth], [metrics, errors, check_note],
                      api_name="check"))
        gr.on([fov.release, intrinsics.submit], view3d, [photo, encoder, *camera], [model3d, info3d],
              api_visibility="private").success(downloads, [*chosen, *camera], files, api_visibility="private")
        gr.on([ground_truth.upload, ground_truth.clear], check_ground_truth, [photo, encoder, ground_truth],
              [metrics, errors, check_note], api_visibility="private")
        encoder.change(about, encoder, summary, api_visibility="private", queue=False)
        encoder.change(lambda choice: gr.Row(visible=choice == BOTH), encoder, compare_row,
                       api_visibility="private", queue=False)
        gallery.select(pick_photo, None, [photo, ground_truth, intrinsics], api_visibility="private", queue=False)
        photo.upload(lambda: (None, ""), None, [ground_truth, intrinsics], api_visibility="private", queue=False)
        rgbd.select(pick_rgbd, None, [photo, ground_truth, intrinsics], api_visibility="private", queue=False)
        webcam.stream(live, [webcam, cmap, meter], [live_out, live_rate, meter], api_name="live_stream",
                      api_visibility="private",
                      stream_every=0.1, time_limit=120, concurrency_limit=2, concurrency_id="live")
        one_frame.click(live, [webcam, cmap, meter], [live_out, live_rate, meter], api_name="live",
                        concurrency_id="live")
        clip.upload(video, [clip, cmap], [clip_depth, clip_info], api_name="video", concurrency_limit=1,
                    concurrency_id="video")
    # Two cores: two photos at a time keeps each one fast; a long queue is refused rather than left to time out.
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return demo


def warm_up(name: str) -> None:
    """Resolve, load and warm one model, then run one example photo through the whole path (decode, network,
    refinement, colours, legend), so the first visitor waits for none of it."""
    try:
        estimator = get_estimator(name)
        estimator.warmup()
        if PHOTOS:
            result = estimator.predict(PHOTOS[0])
            result.colored(DEFAULT_CMAP)
            depth_range(result.depth)
    except DepthCoreError as err:  # the app still serves the other encoder; the UI says why
        log.error("%s unavailable: %s", name, err)


def warm_up_models() -> None:
    """One background thread per model (overlapping the server's start-up): a slow source delays only its model."""
    for name in MODELS:
        threading.Thread(target=warm_up, args=(name,), daemon=True, name=f"warm-up-{name}").start()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    warm_up_models()
    # show_error: our own errors are gr.Errors already; this also shows Gradio's own refusals (such as a server
    # path sent to /predict) instead of an empty error. Unexpected failures reach users as a generic gr.Error.
    build_demo().launch(max_file_size=MAX_UPLOAD, show_error=True, css=CSS)
