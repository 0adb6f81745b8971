import numpy as np
import pytest

from depth_core.training.losses import LOSSES, NORMAL_FOCAL, depth_loss


def _value(loss, y_true, y_pred):
    return float(np.mean(loss(np.asarray(y_true, np.float32), np.asarray(y_pred, np.float32))))


@pytest.mark.parametrize("kind", LOSSES)
def test_invalid_pixels_never_count(kind):
    y_true = np.array([[[[2.0], [0.0]]]])
    loss = depth_loss(kind, gradient_weight=0.0)
    assert _value(loss, y_true, [[[[2.0], [0.1]]]]) == pytest.approx(_value(loss, y_true, [[[[2.0], [9.0]]]]),
                                                                      abs=1e-4)


@pytest.mark.parametrize("kind", LOSSES)
def test_perfect_prediction_costs_nothing(kind):
    y = np.full((1, 4, 4, 1), 2.0)
    assert _value(depth_loss(kind, gradient_weight=0.5), y, y) == pytest.approx(0.0, abs=1e-3)


def test_hand_computed_mse_and_log_l1():
    y_true = np.array([[[[1.0], [2.0]]]])
    y_pred = np.array([[[[2.0], [2.0]]]])
    assert _value(depth_loss("mse"), y_true, y_pred) == pytest.approx(0.5)
    assert _value(depth_loss("log_l1"), y_true, y_pred) == pytest.approx(np.log(2) / 2, rel=1e-5)


@pytest.mark.parametrize("kind", ["silog", "silog_l1"])
def test_silog_ignores_a_global_scale_when_lambda_is_one(kind):
    y = np.random.default_rng(0).uniform(1, 4, (1, 4, 4, 1))
    assert _value(depth_loss(kind, silog_lambda=1.0), y, 2 * y) == pytest.approx(0.0, abs=1e-3)


@pytest.mark.parametrize("lam", [0.0, 0.85])
def test_silog_l1_charges_an_error_of_scale_alone_what_silog_does(lam):
    y = np.random.default_rng(4).uniform(1, 4, (1, 6, 6, 1))
    assert _value(depth_loss("silog_l1", silog_lambda=lam), y, 1.5 * y) == pytest.approx(
        _value(depth_loss("silog", silog_lambda=lam), y, 1.5 * y), rel=1e-4)


def test_silog_l1_weighs_a_few_wild_pixels_less_than_silog():
    """One pixel 10x off among 35 right ones: the absolute error grows with it, the squared one with its square."""
    y = np.full((1, 6, 6, 1), 2.0)
    wild = y.copy()
    wild[0, 0, 0, 0] = 20.0
    small = y * np.exp(np.where(np.arange(36).reshape(1, 6, 6, 1) % 2, 0.1, -0.1))  # every pixel 10 % off
    ratio = {k: _value(depth_loss(k, silog_lambda=1.0), y, wild) / _value(depth_loss(k, silog_lambda=1.0), y, small)
             for k in ("silog", "silog_l1")}
    assert ratio["silog_l1"] < ratio["silog"]


def test_unknown_loss():
    with pytest.raises(ValueError):
        depth_loss("huber")


def test_silog_is_scale_invariant_per_image_not_per_batch():
    """Two images at different scales, each predicted up to its own factor: no cost with lambda = 1."""
    rng = np.random.default_rng(1)
    y = rng.uniform(1, 4, (2, 8, 8, 1))
    pred = y * np.array([0.5, 3.0])[:, None, None, None]
    loss = depth_loss("silog", gradient_weight=0.5, silog_lambda=1.0)
    assert _value(loss, y, pred) == pytest.approx(0.0, abs=1e-3)


def test_loss_is_one_value_per_image():
    y = np.full((3, 4, 4, 1), 2.0, np.float32)
    assert np.asarray(depth_loss("silog")(y, y * 1.5)).shape == (3,)


@pytest.mark.parametrize("kind", ["silog", "silog_l1"])
def test_a_second_target_channel_sets_each_images_own_lambda(kind):
    """A frame whose metres are trusted (lambda 0) pays for a wrong scale; one with lambda 1 does not."""
    y = np.random.default_rng(2).uniform(1, 4, (2, 8, 8, 1)).astype(np.float32)
    lambdas = np.broadcast_to(np.array([0.0, 1.0], np.float32)[:, None, None, None], y.shape)
    per_image = np.asarray(depth_loss(kind)(np.concatenate([y, lambdas], axis=-1), 2 * y))
    assert per_image[0] == pytest.approx(np.log(2), rel=1e-4) and per_image[1] == pytest.approx(0.0, abs=1e-3)
    assert per_image[0] == pytest.approx(float(np.asarray(depth_loss(kind, silog_lambda=0.0)(y, 2 * y))[0]))


def test_gradient_scales_set_which_neighbours_are_compared():
    """A step in the error between the image's halves is one difference in seven for neighbours 1 pixel apart and
    the only difference for neighbours 4 apart: the longer range weighs a wrong large-scale order more."""
    y = np.full((1, 8, 8, 1), 2.0, np.float32)
    pred = y.copy()
    pred[:, :, 4:] *= 1.5  # one step at the middle column
    for scales in ((1,), (4,)):
        loss = depth_loss("log_l1", gradient_weight=1.0, gradient_scales=scales)
        value = _value(loss, y, pred) - _value(depth_loss("log_l1"), y, pred)
        # at stride s the image is sampled every s pixels: 1 of 7 (stride 1) or 1 of 1 (stride 4) x-differences step
        expected = np.log(1.5) * (1 / 7 if scales == (1,) else 1.0)
        assert value == pytest.approx(expected, rel=1e-4)


def _plane(normal, distance=2.0, size=32):
    """Depth of the plane n . P = distance seen through the normal term's pinhole (losses.NORMAL_FOCAL)."""
    x = (np.arange(size) - (size - 1) / 2) / (NORMAL_FOCAL[0] * size)
    y = (np.arange(size) - (size - 1) / 2) / (NORMAL_FOCAL[1] * size)
    n = np.asarray(normal) / np.linalg.norm(normal)
    z = distance / (n[0] * x[None, :] + n[1] * y[:, None] + n[2])
    return z.reshape(1, size, size, 1).astype(np.float32)


def test_the_normal_term_costs_a_planes_wrong_tilt_and_no_scale():
    """A wall turned 30 degrees, predicted facing the camera: 1 - cos 30 more; the true wall at any scale: nothing."""
    wall, facing = _plane([np.sin(np.pi / 6), 0, np.cos(np.pi / 6)]), _plane([0, 0, 1])
    extra = _value(depth_loss("silog", normal_weight=1.0), wall, facing) - _value(depth_loss("silog"), wall, facing)
    assert extra == pytest.approx(1 - np.cos(np.pi / 6), rel=1e-3)
    noisy = np.random.default_rng(5).uniform(1, 4, (2, 16, 16, 1)).astype(np.float32)
    assert _value(depth_loss("silog", silog_lambda=1.0, normal_weight=1.0), noisy, 3 * noisy) == pytest.approx(
        0.0, abs=1e-3)


def test_the_normal_term_sees_only_valid_neighbours():
    """A hole in the ground truth: whatever is predicted there costs the same."""
    wall = _plane([0.3, -0.2, 1.0], size=16)
    wall[0, 4:8, 4:8] = 0
    loss = depth_loss("log_l1", normal_weight=1.0)
    a, b = wall.copy(), wall.copy()
    a[0, 4:8, 4:8], b[0, 4:8, 4:8] = 0.5, 9.0
    assert _value(loss, wall, a) == pytest.approx(_value(loss, wall, b), abs=1e-5)
