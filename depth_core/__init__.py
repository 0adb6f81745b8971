"""depth_core: fast monocular depth estimation on the CPU with ONNX Runtime.

The small API most callers need::

    from depth_core import get_estimator, colorize, save_depth
    result = get_estimator("mobilenetv2").predict("photo.jpg")
    save_depth(result.full_depth(), "photo_depth.png")   # 16-bit millimetres, at the photo's size
    result.colored().save("photo_color.jpg")             # at display size (at most ~1 MP)

Subpackages, by flow: ``inference`` (registry, weights, runtime, images, processing, pipeline, colour maps, depth
files), ``outputs`` (what a depth map becomes: legends, 3D scenes, downloads, folders and videos), ``evaluation``
(RGB-D sets, metrics, priors, skill, benchmarks), ``publishing`` (release records, the Hugging Face Hub) and
``training`` (Keras, imported only there). ``cli`` is the ``depth-core`` command. Importing this package loads
nothing heavy: each name below is imported on first use.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_API = {  # public name -> module that defines it
    "DepthEstimator": "inference.pipeline",
    "DepthResult": "inference.pipeline",
    "get_estimator": "inference.pipeline",
    "ModelSpec": "inference.registry",
    "load_registry": "inference.registry",
    "colorize": "inference.colormap",
    "save_depth": "inference.depth_files",
    "depth_to_png16": "inference.depth_files",
    "save_point_cloud": "inference.depth_files",
    "DepthCoreError": "errors",
}
__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'depth_core' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
