import numpy as np
import pytest

from depth_core.training.models import build_model, encoder_of
from depth_core.training.macs import count_macs


@pytest.mark.parametrize("encoder", ["mobilenetv2", "resnet50"])
@pytest.mark.parametrize("decoder", ["study", "fastdepth"])
def test_every_variant_maps_a_photo_to_positive_depth(encoder, decoder):
    model = build_model(encoder, decoder, weights=None)
    out = np.asarray(model(np.full((1, 224, 224, 3), 128.0, np.float32)))
    assert out.shape == (1, 224, 224, 1) and np.all(out > 0)
    assert encoder_of(model).count_params() > 2e6  # the training code can find and freeze the encoder


def test_study_decoder_matches_the_study():
    model = build_model("mobilenetv2", "study", weights=None)
    convs = [layer for layer in model.layers if layer.name.startswith("study") and "conv" in layer.name]
    assert [c.filters for c in convs] == [640, 320, 160, 80, 40]
    assert all(c.kernel_size == (5, 5) for c in convs)
    assert model.get_layer("study_out").kernel_size == (1, 1)


def test_fastdepth_is_an_order_of_magnitude_cheaper():
    study = count_macs(build_model("mobilenetv2", "study", weights=None))
    fast = count_macs(build_model("mobilenetv2", "fastdepth", weights=None))
    assert 5.0e9 < study < 5.6e9 and fast < study / 8


def test_imagenet_weights_from_a_file(shared):
    path = shared / "weights" / "mobilenet_v2_1.00_224_imagenet_no_top.weights.h5"
    model = build_model("mobilenetv2", "fastdepth", weights=path)
    kernel = model.get_layer("encoder").get_layer("Conv1").kernel
    assert float(np.abs(np.asarray(kernel)).mean()) > 0.01


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="encoder"):
        build_model("vgg", "study", weights=None)
    with pytest.raises(ValueError, match="decoder"):
        build_model("mobilenetv2", "unet", weights=None)


def test_fastdepth_upsampling_gives_upsampling2d_values():
    """The decoder's 2x resizes give UpSampling2D's values exactly (weights trained with either load)."""
    import keras

    from depth_core.training.models import _up2

    x = np.random.default_rng(0).random((2, 5, 7, 3)).astype(np.float32)
    for interpolation in ("nearest", "bilinear"):
        inputs = keras.Input((5, 7, 3))
        expected = np.asarray(keras.Model(inputs, keras.layers.UpSampling2D(2, interpolation=interpolation)(inputs))(x))
        up = keras.Model(inputs, _up2(inputs, "up", interpolation))
        np.testing.assert_allclose(np.asarray(up(x)), expected, atol=1e-6, err_msg=interpolation)
