import numpy as np
import pytest

from depth_core.evaluation.priors import gradient_prior
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


def test_a_wider_decoder_multiplies_every_stages_channels():
    wide = build_model("mobilenetv2", "fastdepth", weights=None, input_size=64, decoder_width=1.5)
    assert [wide.get_layer(f"fd{i}_pw").filters for i in range(5)] == [768, 384, 192, 96, 48]
    assert np.asarray(wide(np.zeros((1, 64, 64, 3), np.float32))).shape == (1, 64, 64, 1)


def test_imagenet_weights_from_a_file(shared):
    path = shared / "weights" / "mobilenet_v2_1.00_224_imagenet_no_top.weights.h5"
    model = build_model("mobilenetv2", "fastdepth", weights=path)
    kernel = model.get_layer("encoder").get_layer("Conv1").kernel
    assert float(np.abs(np.asarray(kernel)).mean()) > 0.01


def test_a_depth_prior_multiplies_the_same_network_by_its_map():
    plain = build_model("mobilenetv2", "fastdepth", weights=None, input_size=64)
    relative = build_model("mobilenetv2", "fastdepth", weights=None, input_size=64, depth_prior="gradient")
    relative.set_weights(plain.get_weights())  # no weights of its own: the prior is a constant
    photo = np.random.default_rng(0).uniform(0, 255, (1, 64, 64, 3)).astype(np.float32)
    ratio = np.asarray(relative(photo))[0, ..., 0] / np.asarray(plain(photo))[0, ..., 0]
    np.testing.assert_allclose(ratio, gradient_prior(64, 64), rtol=1e-4)
    with pytest.raises(ValueError, match="prior"):
        build_model("mobilenetv2", "fastdepth", weights=None, input_size=64, depth_prior="tilted")


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="encoder"):
        build_model("vgg", "study", weights=None)
    with pytest.raises(ValueError, match="decoder"):
        build_model("mobilenetv2", "unet", weights=None)


def test_fastdepth_upsampling_gives_upsampling2d_values_at_one_size_or_any():
    """The decoder's 2x resizes give UpSampling2D's values exactly (weights trained with either load), whether the
    network is built for one size or for any (multi-size training: traced with the size open, as training does)."""
    import keras
    import tensorflow as tf

    from depth_core.training.models import _up2

    x = np.random.default_rng(0).random((2, 5, 7, 3)).astype(np.float32)
    for interpolation in ("nearest", "bilinear"):
        inputs = keras.Input((5, 7, 3))
        expected = np.asarray(keras.Model(inputs, keras.layers.UpSampling2D(2, interpolation=interpolation)(inputs))(x))
        for shape in ((5, 7, 3), (None, None, 3)):
            inputs = keras.Input(shape)
            up = tf.function(keras.Model(inputs, _up2(inputs, "up", interpolation)),
                             input_signature=[tf.TensorSpec((None, *shape), tf.float32)])
            np.testing.assert_allclose(np.asarray(up(x)), expected, atol=1e-6, err_msg=f"{interpolation} {shape}")


def test_a_scale_head_keeps_the_decoders_shape_and_sets_its_scale():
    """With ``scale_head`` the output is the plain network's map times one number per image, and that number is
    the head's: its bias is the log of the image's geometric-mean depth."""
    plain = build_model("mobilenetv2", "fastdepth", weights=None, input_size=64)
    headed = build_model("mobilenetv2", "fastdepth", weights=None, input_size=64, scale_head=True)
    for layer in plain.layers:
        if layer.weights:
            headed.get_layer(layer.name).set_weights(layer.get_weights())
    head = headed.get_layer("scale_head")
    kernel, _ = head.get_weights()
    head.set_weights([np.zeros_like(kernel), np.array([np.log(3.0)], np.float32)])
    photo = np.random.default_rng(0).uniform(0, 255, (2, 64, 64, 3)).astype(np.float32)
    ratio = np.asarray(headed(photo))[..., 0] / np.asarray(plain(photo))[..., 0]
    np.testing.assert_allclose(ratio / ratio[:, :1, :1], 1.0, rtol=1e-4)  # same shape, pixel by pixel
    geometric_mean = np.exp(np.log(np.asarray(headed(photo))).mean(axis=(1, 2, 3)))
    np.testing.assert_allclose(geometric_mean, 3.0, rtol=1e-4)
