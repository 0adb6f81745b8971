import numpy as np
import pytest

from depth_core.training.losses import LOSSES, SILOG_LAMBDA, depth_loss


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


def test_hand_computed_mse():
    y_true = np.array([[[[1.0], [2.0]]]])
    y_pred = np.array([[[[2.0], [2.0]]]])
    assert _value(depth_loss("mse"), y_true, y_pred) == pytest.approx(0.5)


def test_silog_charges_a_wrong_scale_only_its_metric_share():
    """Every pixel 2x too deep: the log error is log 2 everywhere, of which SILog keeps sqrt(1 - lambda)."""
    y = np.random.default_rng(0).uniform(1, 4, (1, 4, 4, 1))
    assert _value(depth_loss("silog"), y, 2 * y) == pytest.approx(np.sqrt(1 - SILOG_LAMBDA) * np.log(2), rel=1e-4)


def test_unknown_loss():
    with pytest.raises(ValueError):
        depth_loss("huber")


def test_silog_is_computed_per_image_not_per_batch():
    """Two images at different scales: each one's cost is what it costs alone."""
    rng = np.random.default_rng(1)
    y = rng.uniform(1, 4, (2, 8, 8, 1)).astype(np.float32)
    pred = y * np.array([0.5, 3.0], np.float32)[:, None, None, None] * rng.uniform(0.9, 1.1, y.shape).astype(np.float32)
    loss = depth_loss("silog", gradient_weight=0.5)
    together = np.asarray(loss(y, pred))
    alone = [float(np.asarray(loss(y[i:i + 1], pred[i:i + 1]))[0]) for i in range(2)]
    np.testing.assert_allclose(together, alone, rtol=1e-5)


def test_loss_is_one_value_per_image():
    y = np.full((3, 4, 4, 1), 2.0, np.float32)
    assert np.asarray(depth_loss("silog")(y, y * 1.5)).shape == (3,)


def test_gradient_term_costs_a_step_in_the_error_not_a_scale():
    """A step between the image's halves costs, averaged over the scales 1, 2, 4 and 8 pixels apart; the same
    image at twice its depth costs nothing more than SILog's share."""
    y = np.full((1, 8, 8, 1), 2.0, np.float32)
    pred = y.copy()
    pred[:, :, 4:] *= 1.5  # one step at the middle column
    extra = _value(depth_loss("silog", gradient_weight=1.0), y, pred) - _value(depth_loss("silog"), y, pred)
    # x-differences that cross the step: 1 of 7 (stride 1), 1 of 3 (stride 2), 1 of 1 (stride 4), 0 of 0 (stride 8)
    assert extra == pytest.approx(np.log(1.5) * (1 / 7 + 1 / 3 + 1) / 4, rel=1e-4)
    scaled = _value(depth_loss("silog", gradient_weight=1.0), y, 2 * y) - _value(depth_loss("silog"), y, 2 * y)
    assert scaled == pytest.approx(0.0, abs=1e-5)
