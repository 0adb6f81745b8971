"""The choice of a candidate on mean skill over every validation set."""
import pytest

from depth_core.errors import DepthCoreError
from depth_core.evaluation.evaluate import Evaluation
from depth_core.training.select import best, holdout_loss, paired_summary, seed_summary


def _ev(dataset, delta1, abs_rel=0.2):
    priors = {"constant": {"delta1": 0.6, "abs_rel": 0.3}, "gradient": {"delta1": 0.7, "abs_rel": 0.25}}
    return Evaluation("m", dataset, 10, {"delta1": 0.4, "abs_rel": 0.3}, {"delta1": delta1, "abs_rel": abs_rel},
                      {}, priors)


def test_the_choice_is_the_best_mean_over_sets_not_the_best_single_set():
    rows = [("spiky", [_ev("office", 0.95), _ev("rooms", 0.60)]),
            ("steady", [_ev("office", 0.85), _ev("rooms", 0.80)])]
    assert best(rows) == "steady"


def test_holdout_loss_is_the_last_epoch_of_the_last_phase(tmp_path):
    (tmp_path / "frozen_log.csv").write_text("epoch,loss,val_loss\n0,0.5,0.40\n1,0.3,0.25\n")
    assert holdout_loss(tmp_path) == 0.25
    (tmp_path / "finetune_log.csv").write_text("epoch,loss,val_loss\n0,0.2,0.21\n1,0.19,0.20\n")
    assert holdout_loss(tmp_path) == 0.20


def test_holdout_loss_needs_a_training_log(tmp_path):
    with pytest.raises(FileNotFoundError):
        holdout_loss(tmp_path)


def test_seed_summary_averages_each_recipe_over_its_seeds():
    rows = [("a0", [_ev("office", 0.80), _ev("rooms", 0.80)]), ("a1", [_ev("office", 0.60), _ev("rooms", 0.60)]),
            ("b0", [_ev("office", 0.75), _ev("rooms", 0.75)])]
    table = seed_summary(rows, [2, 1], ["a", "b"])
    assert "| a | 2 | **+0.000** (-0.100, +0.100) |" in table  # skill over the 0.7 gradient prior
    assert "| b | 1 | **+0.050** (+0.050, +0.050) | +0.050 | +0.050 / +0.050 | 0.400 / 0.400 |" in table
    assert "| δ1 skill on office / rooms | metric δ1 on office / rooms |" in table
    with pytest.raises(DepthCoreError, match="cannot form groups"):
        seed_summary(rows, [2, 2], ["a", "b"])


def test_seed_summary_keeps_each_validation_set_apart():
    rows = [("a0", [_ev("office", 0.80), _ev("rooms", 0.60)]), ("a1", [_ev("office", 0.90), _ev("rooms", 0.50)])]
    assert "| +0.150 / -0.150 | 0.400 / 0.400 |" in seed_summary(rows, [2], ["a"])


def test_paired_summary_compares_each_recipe_with_the_first_seed_by_seed():
    # seed 1 is a bad start for both recipes: b is better on both seeds although its worst seed is below a's best
    rows = [("a0", [_ev("office", 0.80), _ev("rooms", 0.80)]), ("a1", [_ev("office", 0.60), _ev("rooms", 0.60)]),
            ("b0", [_ev("office", 0.90), _ev("rooms", 0.80)]), ("b1", [_ev("office", 0.62), _ev("rooms", 0.64)])]
    table = paired_summary(rows, [2, 2], ["a", "b"])
    assert "| against a, seed by seed: mean δ1 skill difference (lowest, highest) |" in table
    assert "| better on (mean, then office / rooms) |" in table
    assert "| b | **+0.040** (+0.030, +0.050) | 2 of 2 seeds; 2 / 1 | +0.060 / +0.020 |" in table  # rooms tie once
    for groups in ([4], [3, 1], [2, 1, 1]):
        with pytest.raises(DepthCoreError, match="seed-by-seed"):
            paired_summary(rows, groups, ["a", "b", "c"][:len(groups)])
