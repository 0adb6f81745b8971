import numpy as np
import pytest

from depth_core.evaluation.metrics import compute_metrics
from depth_core.evaluation.priors import constant_prior, gradient_prior


def test_gradient_prior_falls_linearly_from_top_to_bottom():
    ramp = gradient_prior(5, 3, ratio=2.0)
    assert ramp.shape == (5, 3)
    np.testing.assert_allclose(ramp[:, 0], [2.0, 1.75, 1.5, 1.25, 1.0])
    assert (ramp == ramp[:, :1]).all()


def test_each_prior_is_perfect_on_the_scene_it_describes():
    """Median scaling makes a prior's scale irrelevant: a flat wall is a constant, a ramp a ramp."""
    wall = np.full((6, 8), 3.0, np.float32)
    assert compute_metrics(constant_prior(6, 8), wall, median_scaling=True)["delta1"] == 1.0
    floor = gradient_prior(6, 8) * 1.7
    assert compute_metrics(gradient_prior(6, 8), floor, median_scaling=True)["abs_rel"] == pytest.approx(0, abs=1e-6)
    assert compute_metrics(constant_prior(6, 8), floor, median_scaling=True)["abs_rel"] > 0.1
