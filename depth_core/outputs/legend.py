"""A colour bar that says what the colours of a depth map mean, in metres.

Plain HTML (a CSS gradient sampled from the same lookup table), so it stays sharp at any width, phone included.
"""
from __future__ import annotations

import html

import numpy as np

from ..inference.colormap import COLORMAPS

NICE_METRES = (0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 75, 100, 200)


def tick_position(depth_m: float, near: float, far: float) -> float:
    """Where ``depth_m`` sits on the bar, 0 at the near (left) end and 1 at the far end.

    The colours are linear in inverse depth, so metres are not evenly spaced along the bar.
    """
    if far <= near:
        return 0.0
    return float((1 / near - 1 / depth_m) / (1 / near - 1 / far))


def ticks(near: float, far: float, min_gap: float = 0.14) -> list[tuple[float, float]]:
    """(metres, position) for round depths strictly inside the range, at least ``min_gap`` apart and from the ends."""
    chosen: list[tuple[float, float]] = []
    for value in NICE_METRES:
        if not near < value < far:
            continue
        pos = tick_position(value, near, far)
        if min_gap <= pos <= 1 - min_gap and all(abs(pos - p) >= min_gap for _, p in chosen):
            chosen.append((value, pos))
    return chosen


def _metres(value: float) -> str:
    return f"{value:.2f} m" if value < 1 else f"{value:.1f} m" if value < 10 else f"{value:.0f} m"


def colorbar_html(cmap: str, near: float, far: float, stops: int = 12) -> str:
    """A horizontal bar, near on the left, with the range and round depths in between labelled in metres."""
    lut = COLORMAPS[cmap]
    index = np.linspace(255, 0, stops).round().astype(int)  # near (255) on the left
    gradient = ", ".join(f"rgb({r},{g},{b}) {100 * i / (stops - 1):.0f}%" for i, (r, g, b) in enumerate(lut[index]))
    labels = "".join(f'<span style="position:absolute;left:{100 * pos:.1f}%;transform:translateX(-50%)">'
                     f"{_metres(value)}</span>" for value, pos in ticks(near, far))
    return (f'<div class="depth-colorbar" data-near="{near:.3f}" data-far="{far:.3f}" '
            f'title="{html.escape(cmap)}: near {_metres(near)}, far {_metres(far)}">'
            f'<div style="height:14px;border-radius:3px;background:linear-gradient(to right, {gradient})"></div>'
            f'<div style="position:relative;height:1.4em;font-size:0.85em">'
            f'<span style="position:absolute;left:0">near {_metres(near)}</span>{labels}'
            f'<span style="position:absolute;right:0">far {_metres(far)}</span></div></div>')
