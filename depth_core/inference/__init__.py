"""Photo in, depth out: the model registry, weights (Hub, cache, local, bundled), ONNX Runtime sessions, image
loading, pre/post-processing, the pipeline, colour maps and depth files."""
