"""Keras -> ONNX, and a parity check against Keras on real photos."""
from __future__ import annotations

from pathlib import Path

import numpy as np



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
