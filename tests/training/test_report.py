"""Skill tables from release records, and the choice of a candidate on mean skill over every set."""
from depth_core.evaluation.evaluate import Evaluation
from depth_core.training.report import skill_table
from depth_core.training.select import best


def _ev(dataset, delta1, abs_rel=0.2):
    priors = {"constant": {"delta1": 0.6, "abs_rel": 0.3}, "gradient": {"delta1": 0.7, "abs_rel": 0.25}}
    return Evaluation("m", dataset, 10, {"delta1": 0.4, "abs_rel": 0.3}, {"delta1": delta1, "abs_rel": abs_rel},
                      {}, priors)


def test_skill_table_has_a_row_per_model_and_per_prior():
    table = skill_table([("ours", [_ev("office", 0.8), _ev("rooms", 0.75)])])
    assert "| ours | 0.800 / 0.200 (+0.100 / +0.050) | 0.750 / 0.200 (+0.050 / +0.050) | **+0.075** / +0.050 |" \
        in table
    assert "| *gradient prior* | 0.700 / 0.250 | 0.700 / 0.250 |" in table


def test_the_choice_is_the_best_mean_over_sets_not_the_best_single_set():
    rows = [("spiky", [_ev("office", 0.95), _ev("rooms", 0.60)]),
            ("steady", [_ev("office", 0.85), _ev("rooms", 0.80)])]
    assert best(rows) == "steady"
