"""Keras 3 encoder-decoder depth networks: the study's decoder and FastDepth's.

Every model takes square RGB float32 in 0..255 (224x224 unless built otherwise), normalises it
inside the graph the way its encoder was pretrained, and returns positive depth in metres, so the
exported ONNX file needs no pre-processing knowledge beyond "resize to the input size".
"""
from __future__ import annotations

from pathlib import Path

INPUT_SIZE = 224
ENCODERS = ("mobilenetv2", "resnet50")
DECODERS = ("study", "fastdepth")  # the study's plain NNConv5, and FastDepth's separable one with skips

# Encoder feature maps used as additive skips by the FastDepth decoder, from 112x112 down to 14x14.
SKIP_LAYERS = {
    "mobilenetv2": ["expanded_conv_project_BN", "block_2_add", "block_5_add", "block_12_add"],
    "resnet50": ["conv1_relu", "conv2_block3_out", "conv3_block4_out", "conv4_block6_out"],
}
FASTDEPTH_WIDTHS = (512, 256, 128, 64, 32)


def _keras():
    import keras  # lazy: depth_core must import without Keras installed

    return keras


def build_encoder(encoder: str, weights: str | Path | None = "imagenet", input_size: int = INPUT_SIZE):
    """The ImageNet backbone without its classifier.

    ``weights``: ``"imagenet"`` (Keras downloads), a path to a ``.weights.h5`` file, or None.
    """
    keras = _keras()
    shape = (input_size, input_size, 3)
    weights = str(weights) if isinstance(weights, Path) else weights
    if encoder == "mobilenetv2":
        return keras.applications.MobileNetV2(input_shape=shape, include_top=False, weights=weights)
    if encoder == "resnet50":
        return keras.applications.ResNet50(input_shape=shape, include_top=False, weights=weights)
    raise ValueError(f"unknown encoder {encoder!r}; choose one of {ENCODERS}")


def _normalise(encoder: str, x):
    """The encoder's own ImageNet normalisation, as graph ops (no Lambda, so it exports)."""
    keras = _keras()
    if encoder == "mobilenetv2":  # x / 127.5 - 1
        return keras.layers.Rescaling(1.0 / 127.5, offset=-1.0, name="normalise")(x)
    # ResNet50 "caffe" mode: RGB -> BGR, minus the ImageNet mean, as a fixed 1x1 conv (exports cleanly).
    import numpy as np

    conv = keras.layers.Conv2D(3, 1, name="normalise", trainable=False)
    conv.build((None, None, None, 3))
    conv.set_weights([np.eye(3, dtype="float32")[::-1].reshape(1, 1, 3, 3),
                      -np.array([103.939, 116.779, 123.68], dtype="float32")])
    return conv(x)


def _positive_depth(x):
    keras = _keras()
    # Softplus keeps depth positive with a useful gradient everywhere.
    return keras.layers.Activation("softplus", name="depth")(x)


def _study_decoder(features, name_prefix: str = "study"):
    """The decoder of the study this project started from: 5 x [5x5 conv halving channels, nearest 2x up,
    LeakyReLU, BN], then a 1x1 conv. It is NNConv5 of Wofk et al., "FastDepth: Fast Monocular Depth Estimation on
    Embedded Systems" (ICRA 2019), without its depthwise separation and skips."""
    keras = _keras()
    x = features
    channels = features.shape[-1]
    for i in range(5):
        channels //= 2
        x = keras.layers.Conv2D(channels, 5, padding="same", name=f"{name_prefix}{i}_conv")(x)
        x = keras.layers.UpSampling2D(2, interpolation="nearest", name=f"{name_prefix}{i}_up")(x)
        x = keras.layers.LeakyReLU(negative_slope=0.2, name=f"{name_prefix}{i}_lrelu")(x)
        x = keras.layers.BatchNormalization(name=f"{name_prefix}{i}_bn")(x)
    return _positive_depth(keras.layers.Conv2D(1, 1, name=f"{name_prefix}_out")(x))


def _up2(x, name: str, interpolation: str = "nearest"):
    """2x upsampling as one resize. Nearest: the values of ``UpSampling2D(2)``, which exports as a chain of Tile,
    Reshape and Slice nodes (a fifth of the int8 network's time) where this exports as one ONNX Resize."""
    keras = _keras()

    class Up2(keras.layers.Layer):
        def call(self, inputs):
            height, width = inputs.shape[1:3]
            return keras.ops.image.resize(inputs, (2 * height, 2 * width), interpolation=interpolation)

    return Up2(name=name)(x)


def _fastdepth_decoder(features, skips, widths=FASTDEPTH_WIDTHS):
    """FastDepth's NNConv5: depthwise 5x5 + pointwise per stage, nearest 2x up, additive skips.

    The last stage's 1x1 output conv and softplus run before its upsampling, so the full-size tensor
    has 1 channel, not 32; that last upsampling is bilinear, so the map has no 2x2 blocks.
    """
    keras = _keras()
    layers = keras.layers
    x = features
    last = len(widths) - 1
    for i, width in enumerate(widths):
        x = layers.DepthwiseConv2D(5, padding="same", use_bias=False, name=f"fd{i}_dw")(x)
        x = layers.BatchNormalization(name=f"fd{i}_dw_bn")(x)
        x = layers.ReLU(name=f"fd{i}_dw_relu")(x)
        x = layers.Conv2D(width, 1, use_bias=False, name=f"fd{i}_pw")(x)
        x = layers.BatchNormalization(name=f"fd{i}_pw_bn")(x)
        x = layers.ReLU(name=f"fd{i}_pw_relu")(x)
        if i == last:
            x = _positive_depth(layers.Conv2D(1, 1, name="fd_out")(x))
        x = _up2(x, f"fd{i}_up", "bilinear" if i == last else "nearest")
        if i < len(skips):
            skip = skips[-1 - i]
            if skip.shape[-1] != width:  # project the encoder feature to the decoder's width
                skip = layers.Conv2D(width, 1, use_bias=False, name=f"fd{i}_skip_proj")(skip)
            x = layers.Add(name=f"fd{i}_skip")([x, skip])
    return x


def build_model(encoder: str = "mobilenetv2", decoder: str = "fastdepth",
                weights: str | Path | None = "imagenet", input_size: int = INPUT_SIZE):
    """Build the full network: uint8-range RGB in, metres out (shape N x H x W x 1)."""
    if decoder not in DECODERS:
        raise ValueError(f"unknown decoder {decoder!r}; choose one of {DECODERS}")
    keras = _keras()
    backbone = build_encoder(encoder, weights, input_size)
    inputs = keras.Input((input_size, input_size, 3), name="image")
    x = _normalise(encoder, inputs)
    taps = SKIP_LAYERS[encoder] if decoder == "fastdepth" else []
    # One sub-model named "encoder" in every variant, so freezing and BatchNorm handling find it.
    encoder_model = keras.Model(backbone.inputs, [backbone.get_layer(n).output for n in taps] + [backbone.output],
                                name="encoder")
    outputs = encoder_model(x)
    *skips, features = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    out = _fastdepth_decoder(features, skips) if decoder == "fastdepth" else _study_decoder(features)
    return keras.Model(inputs, out, name=f"{encoder}_{decoder}")


def encoder_of(model):
    """The encoder sub-model, for freezing and BatchNorm handling."""
    return model.get_layer("encoder")
