"""Gradio app: a photo in, a coloured depth map and its CPU runtime out. All the work is in depth_core."""
from __future__ import annotations

import logging
import os
import tempfile
import threading

import gradio as gr
from gradio.utils import get_upload_folder
from PIL import Image

from depth_core.errors import DepthCoreError
from depth_core.gallery import credits_markdown, example_photos
from depth_core.pipeline import get_estimator, peek_estimator
from depth_core.registry import load_registry

log = logging.getLogger("app")
MODELS = load_registry()
LABELS = {spec.label: name for name, spec in MODELS.items()}
DEFAULT_LABEL = next(iter(LABELS))
# Deliberate limits (the README's "Limits" section says why each is what it is).
MAX_UPLOAD = "20mb"  # any phone JPEG fits; larger uploads get HTTP 413 and are not kept
DELETE_CACHE = (600, 3600)  # every 10 min, delete uploads and results older than an hour
CONCURRENCY = 2  # predictions at once, as many as the 2 cores a free Space has; the rest wait in the queue
QUEUE_SIZE = 64  # waiting requests beyond this are told the queue is full


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


def model_summary(encoder: str) -> str:
    """What the chosen model is and how it scored on data it never saw (from the registry)."""
    spec = MODELS[LABELS[encoder]]
    m = spec.metrics
    if not m:
        return ""
    scratch = " Encoder trained from scratch (no ImageNet ResNet50 weights were available)." \
        if "random init" in spec.provenance else ""
    return (f"{m['params'] / 1e6:.1f} M parameters, {m['gmacs']:.2f} GMACs, {m['variant']} ONNX. "
            f"Validation on an unseen office ({m['images']} SUN3D frames), median-scaled: "
            f"AbsRel {m['median_scaled']['abs_rel']:.3f}, δ1 {m['median_scaled']['delta1']:.3f}; "
            f"metric scale: δ1 {m['metric']['delta1']:.3f}.{scratch}")


def save_result(image: Image.Image) -> str:
    """The depth map as a JPEG file of its own in Gradio's cache. Returned as a PIL image, Gradio would write it
    to a path named by its bytes, rewriting that file in place while a client with the same photo downloads it."""
    folder = get_upload_folder()
    os.makedirs(folder, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix="depth-", suffix=".jpg", dir=folder)
    with os.fdopen(fd, "wb") as fh:
        image.save(fh, format="JPEG")
    return path


def predict(photo: str | None, encoder: str) -> tuple[str | None, str]:
    """Depth for one photo with the chosen encoder: (coloured depth JPEG's path, runtime line)."""
    if photo is None:
        return None, ""
    if encoder not in LABELS:
        raise user_error(f"Unknown encoder {encoder!r}; choose one of {', '.join(LABELS)}.")
    try:
        result = get_estimator(LABELS[encoder]).predict(photo)
        colored = result.colored()
    except DepthCoreError as err:
        raise user_error(str(err)) from None
    except Exception:
        log.exception("prediction failed")
        raise gr.Error("Something went wrong while estimating depth for this photo.", print_exception=False) \
            from None
    try:
        depth_file = save_result(colored)
    except OSError as err:
        log.error("could not store a result: %s", err)
        raise gr.Error("The server could not store the result (its disk may be full); please try again later.",
                       print_exception=False) from None
    height, width = result.depth.shape
    runtime = f"**{encoder}** · {width}x{height} px · {result.timing_line()}"
    return depth_file, runtime


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="FastDepth on CPU", delete_cache=DELETE_CACHE) as demo:
        gr.Markdown("# Monocular depth on the CPU\nOne photo in, a depth map out (near = warm, far = cool). "
                    "Models trained on one kitchen (7-Scenes); expect rough results outdoors.")
        with gr.Row():
            with gr.Column():
                photo = PhotoInput(label="Photo", type="filepath", image_mode=None, sources=["upload", "clipboard"])
                encoder = gr.Radio(list(LABELS), value=DEFAULT_LABEL, label="Encoder")
                about = gr.Markdown(model_summary(DEFAULT_LABEL), elem_id="model-summary")
                run = gr.Button("Estimate depth", variant="primary")
            with gr.Column():
                depth = gr.Image(label="Depth", format="jpeg", interactive=False, elem_id="depth-output")
                runtime = gr.Markdown(elem_id="runtime")
        for title, paths in example_photos().items():
            if paths:
                gr.Examples([[str(p)] for p in paths], inputs=[photo], label=title, examples_per_page=12)
        with gr.Accordion("Weights and photo credits", open=False):
            gr.Markdown(weights_status)
            gr.Markdown(credits_markdown())
        gr.on([run.click, photo.change, encoder.change], predict, inputs=[photo, encoder],
              outputs=[depth, runtime], api_name="predict")
        encoder.change(model_summary, encoder, about, api_visibility="private")
    return demo


def warm_up(name: str) -> None:
    """Resolve, load and warm one model, so the first visitor does not wait for it."""
    try:
        get_estimator(name).warmup()
    except DepthCoreError as err:  # the app still serves the other encoder; the UI says why
        log.error("%s unavailable: %s", name, err)


def warm_up_models() -> None:
    """One background thread per model (overlapping the server's start-up): a slow source delays only its model."""
    for name in MODELS:
        threading.Thread(target=warm_up, args=(name,), daemon=True, name=f"warm-up-{name}").start()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    warm_up_models()
    demo = build_demo().queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    # show_error: our own errors are gr.Errors already; this also shows Gradio's own refusals (such as a server
    # path sent to /predict) instead of an empty error. Unexpected failures reach users as a generic gr.Error.
    demo.launch(max_file_size=MAX_UPLOAD, show_error=True)
