import numpy as np

from ..conftest import REPO, load_module

ensemble_skill = load_module(REPO / "scripts" / "ensemble_skill.py")


class Constant:
    def __init__(self, metres: float):
        self.metres = metres

    def predict(self, path):
        return ensemble_skill.AveragedDepth(np.full((4, 6), self.metres, np.float32))


def test_an_ensemble_averages_its_members_depths_in_log():
    """The geometric mean: a map twice as far and one half as far average to the map between them."""
    depth = ensemble_skill.Ensemble([Constant(1.0), Constant(4.0)]).predict("photo.jpg").depth
    assert depth.shape == (4, 6)
    np.testing.assert_allclose(depth, 2.0, rtol=1e-6)
