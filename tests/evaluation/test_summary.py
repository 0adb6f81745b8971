from dataclasses import replace

import pytest

from depth_core.evaluation.evaluate import Evaluation
from depth_core.inference.registry import load_registry
from depth_core.paths import VALIDATION_SETS
from depth_core.evaluation.summary import model_summary

SPEC = next(iter(load_registry().values()))
PRIORS = {"constant": {"delta1": 0.70, "abs_rel": 0.27}, "gradient": {"delta1": 0.80, "abs_rel": 0.19}}


def _eval(dataset: str, images: int) -> dict:
    return Evaluation("m", dataset, images, {"delta1": 0.061, "abs_rel": 0.4},
                      {"abs_rel": 0.17, "delta1": 0.75}, {}, PRIORS).to_dict()


@pytest.mark.parametrize("spec", load_registry().values(), ids=lambda s: s.name)
def test_the_bundled_models_are_summarised_with_their_skill_on_every_set(spec):
    text = model_summary(spec)
    assert "M parameters" in text and "GMACs" in text and "Mean skill" in text
    assert text.count("never trained on") == len(spec.evals) == len(VALIDATION_SETS)


def test_each_set_shows_its_scores_and_skill_and_the_mean():
    evals = (_eval("sun3d_office_frag1", 50), _eval("multiroom_val", 14))
    text = model_summary(replace(SPEC, params=3_000_000, gmacs=0.2, variant="fp32", evals=evals))
    assert "On sun3d_office_frag1 (50 frames" in text and "On multiroom_val (14 frames" in text
    assert "δ1 0.750 (skill -0.050), AbsRel 0.170 (skill +0.020); metric δ1 0.061" in text
    assert "δ1 -0.050, AbsRel +0.020" in text  # the mean over both sets, computed from them


def test_a_model_without_metrics_has_no_summary():
    assert model_summary(replace(SPEC, evals=())) == ""


def test_an_encoder_from_scratch_is_said_so():
    spec = replace(SPEC, encoder_init="scratch", evals=(_eval("office", 5),))
    assert "trained from scratch" in model_summary(spec)
    assert "trained from scratch" not in model_summary(replace(spec, encoder_init="imagenet"))
