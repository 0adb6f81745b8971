"""Trivial depth priors: what a model must beat before its depth map means anything.

With median scaling (the evaluation's shape metric) a constant map scores the depth spread of
the scene, and a vertical ramp scores how much "farther up the picture" explains. A model's
*skill* is its score minus the better of the two on the same pixels.
"""
from __future__ import annotations

import numpy as np

GRADIENT_RATIO = 2.0  # the ramp's top row is this many times farther than its bottom row


def constant_prior(height: int, width: int) -> np.ndarray:
    """The same depth everywhere (1 m; median scaling sets the scale)."""
    return np.ones((height, width), np.float32)


def gradient_prior(height: int, width: int, ratio: float = GRADIENT_RATIO) -> np.ndarray:
    """Depth falling linearly from ``ratio`` at the top row to 1 at the bottom row."""
    rows = np.linspace(ratio, 1.0, height, dtype=np.float32)[:, None]
    return np.broadcast_to(rows, (height, width)).copy()


PRIORS = {"constant": constant_prior, "gradient": gradient_prior}
