"""depth_core: fast monocular depth estimation on the CPU with ONNX Runtime.

Imports nothing heavy at top level; the app, the CLI and the notebooks pull in what they use.
"""
__version__ = "0.1.0"
