"""The choice of a candidate on mean skill over every validation set."""
from depth_core.evaluation.evaluate import Evaluation
from depth_core.training.select import best


def _ev(dataset, delta1, abs_rel=0.2):
    priors = {"constant": {"delta1": 0.6, "abs_rel": 0.3}, "gradient": {"delta1": 0.7, "abs_rel": 0.25}}
    return Evaluation("m", dataset, 10, {"delta1": 0.4, "abs_rel": 0.3}, {"delta1": delta1, "abs_rel": abs_rel},
                      {}, priors)


def test_the_choice_is_the_best_mean_over_sets_not_the_best_single_set():
    rows = [("spiky", [_ev("office", 0.95), _ev("rooms", 0.60)]),
            ("steady", [_ev("office", 0.85), _ev("rooms", 0.80)])]
    assert best(rows) == "steady"
