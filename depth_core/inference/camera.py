"""Pinhole intrinsics for turning a depth map into 3D: exact ones when known, a field of view otherwise."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DepthCoreError

DEFAULT_FOV_DEG = 60.0  # horizontal; a phone's main camera is about 65-70, a Kinect's colour camera about 62


@dataclass(frozen=True)
class Intrinsics:
    fx: float
    fy: float
    cx: float
    cy: float
    source: str = ""  # what a person reads: where these numbers came from

    def text(self) -> str:
        """"fx, fy, cx, cy": the form ``parse_intrinsics`` reads back (what the app's intrinsics box holds)."""
        return f"{self.fx:g}, {self.fy:g}, {self.cx:g}, {self.cy:g}"


def from_fov(width: int, height: int, fov_deg: float = DEFAULT_FOV_DEG) -> Intrinsics:
    """Square pixels, principal point at the centre, ``fov_deg`` across the image's width."""
    if not 1.0 <= fov_deg <= 170.0:
        raise DepthCoreError(f"The field of view must be between 1 and 170 degrees, not {fov_deg:g}.")
    f = (width / 2) / math.tan(math.radians(fov_deg) / 2)
    return Intrinsics(f, f, width / 2, height / 2, f"{fov_deg:g}° horizontal field of view (assumed)")


def parse_intrinsics(text: str | None, source: str = "given") -> Intrinsics | None:
    """"fx, fy, cx, cy" in pixels (commas or spaces); None for an empty box, a clear error for anything else."""
    if not text or not text.strip():
        return None
    numbers = [float(n) for n in re.findall(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", text)]
    if len(numbers) != 4 or numbers[0] <= 0 or numbers[1] <= 0:
        raise DepthCoreError(f"Intrinsics must be four numbers, fx, fy, cx, cy in pixels (fx, fy > 0); got {text!r}.")
    return Intrinsics(*numbers, source=source)


def load_intrinsics(path: str | Path) -> Intrinsics:
    """A JSON file with fx, fy, cx, cy (and an optional note), as in ``examples/rgbd/intrinsics``."""
    data = json.loads(Path(path).read_text())
    return Intrinsics(data["fx"], data["fy"], data["cx"], data["cy"], data.get("note", Path(path).stem))


def camera_for(width: int, height: int, fov_deg: float = DEFAULT_FOV_DEG, intrinsics: str | None = None) -> Intrinsics:
    """The given intrinsics if any, else the field of view's: one rule for the 3D view and the PLY download."""
    return parse_intrinsics(intrinsics) or from_fov(width, height, fov_deg)
