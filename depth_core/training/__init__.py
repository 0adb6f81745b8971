"""Training, with Keras imported only inside functions: models, data, losses, synthetic rooms, the two-phase
schedule, ONNX export and quantization, releases, reports and figures."""
