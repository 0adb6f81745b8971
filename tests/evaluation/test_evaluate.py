import json

import pytest

from depth_core.evaluation.evaluate import (Evaluation, comparison_table, evaluate, markdown_table, mean_skill,
                                            skill_table)
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry


def test_evaluation_on_public_rgbd_pairs(rgbd_folder):
    name = next(iter(load_registry()))
    ev = evaluate(get_estimator(name), rgbd_folder)
    assert ev.images == 2 and ev.dataset == rgbd_folder.name
    assert 0 < ev.metric["delta1"] <= 1 and 0 < ev.median_scaled["abs_rel"] < 1
    assert ev.median_scaled["delta1"] >= ev.metric["delta1"] - 0.2  # scaling rarely hurts much
    assert json.loads(ev.to_json())["model"] == name
    table = markdown_table([ev])
    assert table.count("\n") == 3 and "| metric |" in table and "| median |" in table


def test_priors_are_scored_on_the_same_pixels_and_give_the_skill(rgbd_folder):
    ev = evaluate(get_estimator(next(iter(load_registry()))), rgbd_folder)
    assert set(ev.priors) == {"constant", "gradient"}
    best = max(p["delta1"] for p in ev.priors.values())
    assert ev.skill["delta1"] == pytest.approx(ev.median_scaled["delta1"] - best)
    assert ev.skill["abs_rel"] == pytest.approx(min(p["abs_rel"] for p in ev.priors.values())
                                                - ev.median_scaled["abs_rel"])
    assert Evaluation.from_dict(json.loads(ev.to_json())) == ev
    assert "| constant δ1 / AbsRel |" in skill_table([ev])


def _ev(delta1, abs_rel, prior_delta1, prior_abs_rel):
    prior = {"delta1": prior_delta1, "abs_rel": prior_abs_rel}
    return Evaluation("m", "d", 1, {}, {"delta1": delta1, "abs_rel": abs_rel}, {},
                      {"constant": prior, "gradient": {"delta1": 0.0, "abs_rel": 1.0}})


def test_mean_skill_averages_over_sets_and_positive_means_better():
    evs = [_ev(0.9, 0.10, 0.8, 0.20), _ev(0.5, 0.30, 0.7, 0.25)]
    assert mean_skill(evs) == pytest.approx({"delta1": (0.1 - 0.2) / 2, "abs_rel": (0.1 - 0.05) / 2})


def _set(dataset, delta1, abs_rel=0.2):
    priors = {"constant": {"delta1": 0.6, "abs_rel": 0.3}, "gradient": {"delta1": 0.7, "abs_rel": 0.25}}
    return Evaluation("m", dataset, 10, {"delta1": 0.4, "abs_rel": 0.3}, {"delta1": delta1, "abs_rel": abs_rel},
                      {}, priors)


def test_comparison_table_has_a_row_per_model_and_per_prior():
    table = comparison_table([("ours", [_set("office", 0.8), _set("rooms", 0.75)])])
    assert "| ours | 0.800 / 0.200 (+0.100 / +0.050) | 0.750 / 0.200 (+0.050 / +0.050) | **+0.075** / +0.050 |" \
        in table
    assert "| *gradient prior* | 0.700 / 0.250 | 0.700 / 0.250 |" in table
