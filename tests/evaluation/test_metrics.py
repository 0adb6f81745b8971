import math

import numpy as np
import pytest

from depth_core.evaluation.metrics import compute_metrics, mean_metrics, valid_mask


def test_perfect_prediction():
    gt = np.array([[1.0, 2.0], [3.0, 4.0]])
    m = compute_metrics(gt.copy(), gt)
    assert m["abs_rel"] == 0 and m["rmse"] == 0 and m["delta1"] == 1 and m["mse"] == 0


def test_hand_computed_values():
    gt = np.array([[1.0, 2.0]])
    pred = np.array([[2.0, 2.0]])  # the first pixel predicted twice as far
    m = compute_metrics(pred, gt)
    assert m["abs_rel"] == pytest.approx(0.5)
    assert m["sq_rel"] == pytest.approx(0.5)
    assert m["rmse"] == pytest.approx(math.sqrt(0.5))
    assert m["mse"] == pytest.approx(0.5)
    assert m["rmse_log"] == pytest.approx(math.sqrt(math.log(2) ** 2 / 2))
    assert m["log10"] == pytest.approx(math.log10(2) / 2)
    # ratio 2.0 fails 1.25, 1.5625 and 1.953125: only the exact pixel counts.
    assert (m["delta1"], m["delta2"], m["delta3"]) == (0.5, 0.5, 0.5)


def test_scale_says_how_far_the_prediction_reads_and_median_scaling_removes_it():
    gt = np.array([[1.0, 2.0, 4.0]])
    assert compute_metrics(0.8 * gt, gt)["scale"] == pytest.approx(0.8)  # reads depth 20 % short
    assert compute_metrics(0.8 * gt, gt, median_scaling=True)["scale"] == pytest.approx(1.0)


def test_invalid_and_out_of_range_pixels_are_ignored():
    gt = np.array([[0.0, 2.0, 50.0, np.nan]])
    pred = np.array([[9.0, 2.0, 9.0, 9.0]])
    assert compute_metrics(pred, gt)["abs_rel"] == 0


def test_predictions_are_clipped_to_the_range():
    gt = np.array([[1.0]])
    assert compute_metrics(np.array([[0.0]]), gt, min_depth=0.5)["abs_rel"] == pytest.approx(0.5)


def test_median_scaling_removes_a_global_scale():
    gt = np.array([[1.0, 2.0, 3.0]])
    metric = compute_metrics(gt * 3, gt)
    scaled = compute_metrics(gt * 3, gt, median_scaling=True)
    assert metric["abs_rel"] == pytest.approx(2.0)
    assert scaled["abs_rel"] == pytest.approx(0.0) and scaled["delta1"] == 1.0


def test_crop_restricts_the_pixels():
    gt = np.ones((4, 4))
    pred = np.ones((4, 4))
    pred[0, 0] = 2.0
    assert compute_metrics(pred, gt, crop=(1, 4, 1, 4))["abs_rel"] == 0
    assert valid_mask(gt, crop=(1, 4, 1, 4)).sum() == 9


def test_no_valid_pixel_is_an_error_not_nan():
    with pytest.raises(ValueError, match="no valid ground-truth pixel"):
        compute_metrics(np.ones((2, 2)), np.zeros((2, 2)))


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match="shape"):
        compute_metrics(np.ones((2, 2)), np.ones((2, 3)))


def test_mean_over_images_weighs_each_image_equally():
    assert mean_metrics([{"rmse": 1.0}, {"rmse": 3.0}]) == {"rmse": 2.0}
    with pytest.raises(ValueError):
        mean_metrics([])
