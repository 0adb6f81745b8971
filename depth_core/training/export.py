"""Keras -> ONNX, a parity check against Keras on real photos, and the registry entry for the result."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..inference.registry import REGISTRY_FILE
from ..inference.weights import sha256_of


def export_onnx(model, path: str | Path) -> Path:
    """Write ``model`` as ONNX (opset chosen by Keras/tf2onnx); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = model.input_shape[1]
    model.predict(np.zeros((1, size, size, 3), "float32"), verbose=0)  # Keras exports only called models
    model.export(str(path), format="onnx", verbose=False)
    return path


def parity(model, onnx_path: str | Path, batch: np.ndarray) -> float:
    """Largest relative difference between Keras and ONNX Runtime outputs on ``batch``."""
    from ..inference.runtime import create_session

    session = create_session(onnx_path)
    ours = session.run(None, {session.get_inputs()[0].name: batch.astype(np.float32)})[0]
    theirs = np.asarray(model.predict(batch, verbose=0))
    return float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-6)))


def register(entry: dict, onnx_path: str | Path, registry: str | Path = REGISTRY_FILE) -> dict:
    """Add or replace ``entry`` (keyed by name) in the registry, with the file's name and sha256."""
    registry = Path(registry)
    data = json.loads(registry.read_text()) if registry.exists() else {"models": []}
    entry = {**entry, "file": Path(onnx_path).name, "sha256": sha256_of(onnx_path)}
    models = [m for m in data["models"] if m["name"] != entry["name"]]
    position = next((i for i, m in enumerate(data["models"]) if m["name"] == entry["name"]), len(models))
    models.insert(position, entry)
    registry.write_text(json.dumps({"models": models}, indent=2) + "\n")
    return entry
