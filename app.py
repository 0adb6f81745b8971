"""Gradio app: a photo in, a coloured depth map and its CPU runtime out. All the work is in depth_core."""
from __future__ import annotations

import logging
import threading

import gradio as gr

from depth_core.errors import DepthCoreError
from depth_core.gallery import credits_markdown, example_photos
from depth_core.pipeline import get_estimator
from depth_core.registry import load_registry

log = logging.getLogger("app")
MODELS = load_registry()
LABELS = {spec.label: name for name, spec in MODELS.items()}
DEFAULT_LABEL = next(iter(LABELS))


class PhotoInput(gr.Image):
    """gr.Image whose own decoding errors become a readable message instead of a generic failure."""

    is_template = True  # render with gr.Image's front end

    def preprocess(self, payload):
        try:
            return super().preprocess(payload)
        except Exception:  # noqa: BLE001 - anything PIL cannot open is "not an image" to the user
            raise gr.Error("This file is not an image we can read (try JPEG, PNG or WebP).") from None


def weights_status() -> str:
    lines = []
    for label, name in LABELS.items():
        try:
            weights = get_estimator(name).weights
            line = f"- **{label}**: {weights.describe()}"
            if weights.notes:
                line += " (" + "; ".join(weights.notes) + ")"
        except DepthCoreError as err:
            line = f"- **{label}**: unavailable: {err}"
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


def predict(photo: str | None, encoder: str):
    """Depth for one photo with the chosen encoder: (coloured depth, runtime line)."""
    if photo is None:
        return None, ""
    if encoder not in LABELS:
        raise gr.Error(f"Unknown encoder {encoder!r}; choose one of {', '.join(LABELS)}.")
    try:
        estimator = get_estimator(LABELS[encoder])
        result = estimator.predict(photo)
        colored = result.colored()
    except DepthCoreError as err:
        raise gr.Error(str(err)) from None
    except Exception:
        log.exception("prediction failed")
        raise gr.Error("Something went wrong while estimating depth for this photo.") from None
    height, width = result.depth.shape
    runtime = f"**{encoder}** · {width}x{height} px · {result.timing_line()}"
    return colored, runtime


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="FastDepth on CPU") as demo:
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


def warm_up_models() -> None:
    """Load and warm every model once, so the first visitor does not wait for it."""
    for name in MODELS:
        try:
            get_estimator(name).warmup()
        except DepthCoreError as err:  # the app still serves the other encoder; the UI says why
            log.error("%s unavailable: %s", name, err)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    threading.Thread(target=warm_up_models, daemon=True).start()  # overlaps with the server's start-up
    build_demo().launch()
