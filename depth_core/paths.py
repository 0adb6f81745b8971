"""Where research data and training runs live, resolved in one place.

``$DEPTH_SHARED`` (default ``../shared``) holds ``data/`` (RGB-D folders) and ``weights/``; ``$DEPTH_RUNS``
(default ``runs``) receives training runs. Both are read when called, so a test or a notebook can set them.
"""
from __future__ import annotations

import os
from pathlib import Path

TRAIN_SET = "sevenscenes_redkitchen"  # the real kitchen, a video: its tail is held out for early stopping
EXTRA_TRAIN_SETS = ("piv_rooms",)  # five more real rooms (fixed cameras), trained on beside the kitchen
SYNTHETIC_SOURCE = "synthetic rooms"  # how records name frames rendered by `depth-core synthetic`
VALIDATION_SETS = ("sun3d_office_frag1", "multiroom_val", "piv_val")  # never trained on; models are chosen on all
IMAGENET_MOBILENETV2 = "mobilenet_v2_1.00_224_imagenet_no_top.weights.h5"  # Keras' file, when it cannot download


def shared_dir() -> Path:
    return Path(os.environ.get("DEPTH_SHARED", "../shared"))


def data_dir(name: str) -> Path:
    """One research RGB-D folder under ``$DEPTH_SHARED/data``."""
    return shared_dir() / "data" / name


def train_dir() -> Path:
    return data_dir(TRAIN_SET)


def extra_train_dirs() -> list[Path]:
    return [data_dir(name) for name in EXTRA_TRAIN_SETS]


def validation_dirs() -> list[Path]:
    """Every validation set, in the order the tables list them."""
    return [data_dir(name) for name in VALIDATION_SETS]


def local_imagenet_weights() -> Path:
    """ImageNet MobileNetV2 weights for machines that cannot download them (pass as ``weights=``)."""
    return shared_dir() / "weights" / IMAGENET_MOBILENETV2


def runs_dir() -> Path:
    return Path(os.environ.get("DEPTH_RUNS", "runs"))


def run_dir(name: str) -> Path:
    return runs_dir() / name
