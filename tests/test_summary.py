from dataclasses import replace

from depth_core.registry import load_registry
from depth_core.summary import model_summary

SPEC = next(iter(load_registry().values()))
SCORES = {"images": 50, "metric": {"delta1": 0.061}, "median_scaled": {"abs_rel": 0.19, "delta1": 0.771}}


def test_the_bundled_models_are_summarised_with_their_validation():
    for spec in load_registry().values():
        text = model_summary(spec)
        assert "M parameters" in text and "GMACs" in text and "median-scaled: AbsRel 0." in text


def test_per_validation_set_entries_are_each_shown():
    metrics = {"params": 3e6, "validation": {"sun3d": {**SCORES, "dataset": "sun3d"},
                                            "tum": {**SCORES, "images": 12}}}
    text = model_summary(replace(SPEC, metrics=metrics))
    assert "sun3d (50 frames)" in text and "tum (12 frames)" in text


def test_missing_or_unexpected_metrics_never_fail():
    assert model_summary(replace(SPEC, metrics={})) == ""
    text = model_summary(replace(SPEC, metrics={"gmacs": "n/a", "median_scaled": {"delta1": None}}))
    assert "δ1 ?" in text


def test_release_records_list_their_evaluations_and_mean_skill():
    metrics = {"params": 3e6, "gmacs": 0.2, "variant": "fp32", "mean_skill": {"delta1": 0.05, "abs_rel": -0.01},
               "evals": [{**SCORES, "dataset": "sun3d_office_frag1", "priors": {"constant": SCORES}},
                         {**SCORES, "dataset": "multiroom_val", "images": 40}]}
    text = model_summary(replace(SPEC, metrics=metrics))
    assert "sun3d_office_frag1 (50 frames)" in text and "multiroom_val (40 frames)" in text
    assert text.count("Validation on") == 2 and "δ1 +0.050, AbsRel -0.010" in text
