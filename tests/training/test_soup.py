import json

import numpy as np
import pytest

from depth_core.cli import main
from depth_core.errors import DepthCoreError
from depth_core.training.models import build_model
from depth_core.training.soup import average_runs
from depth_core.training.train import TrainConfig


@pytest.fixture(scope="module")
def start():
    model = build_model("mobilenetv2", weights=None, input_size=32)
    return model, model.get_weights()


def _run(start, folder, shift: float, init_weights="runs/trunk/model.weights.h5", seed: int = 0):
    """A finished run whose every weight is the shared start's plus ``shift``."""
    model, weights = start
    model.set_weights([w + np.asarray(shift, w.dtype) for w in weights])
    folder.mkdir(parents=True)
    model.save_weights(folder / "model.weights.h5")
    config = TrainConfig.preset("smoke", weights=None, input_size=32, init_weights=init_weights, seed=seed,
                                out_dir=str(folder))
    config.save(folder)
    return folder


def test_a_soup_is_the_mean_of_its_runs_weights_and_reads_back_like_a_run(start, tmp_path):
    from depth_core.training.release import load_trained

    runs = [_run(start, tmp_path / "a", 0.0), _run(start, tmp_path / "b", 1.0), _run(start, tmp_path / "c", 2.0)]
    out = average_runs(runs, tmp_path / "soup")
    soup, config = load_trained(out)
    for mixed, first in zip(soup.get_weights(), start[1]):
        np.testing.assert_allclose(mixed, first + 1.0, rtol=1e-5, atol=1e-5)
    assert config.out_dir == str(out) and config.model.init_weights == "runs/trunk/model.weights.h5"
    assert json.loads((out / "soup.json").read_text())["runs"] == [str(r) for r in runs]


def test_runs_from_different_starts_are_refused_with_a_clear_message(start, tmp_path, capsys):
    a = _run(start, tmp_path / "a", 0.0)
    b = _run(start, tmp_path / "b", 0.0, init_weights="runs/other/model.weights.h5")
    with pytest.raises(DepthCoreError, match="same start"):
        average_runs([a, b], tmp_path / "soup")
    with pytest.raises(DepthCoreError, match="at least two"):
        average_runs([a], tmp_path / "soup")
    assert main(["soup", str(a), str(b), "--out-dir", str(tmp_path / "soup")]) == 1
    assert "same start" in capsys.readouterr().err and not (tmp_path / "soup").exists()


def test_runs_whose_chains_start_alike_are_averaged_and_other_seeds_are_refused(start, tmp_path):
    # two data mixes, each a frozen step and a fine-tune from it: the same seed means the same decoder start
    def chain(name, seed):
        first = _run(start, tmp_path / f"{name}_frozen", 0.0, init_weights=None, seed=seed)
        return _run(start, tmp_path / f"{name}_finetune", 1.0, init_weights=str(first / "model.weights.h5"), seed=seed)

    quarter, half, other_seed = chain("quarter", 3), chain("half", 3), chain("other", 4)
    assert average_runs([quarter, half], tmp_path / "soup").exists()
    with pytest.raises(DepthCoreError, match="same start"):
        average_runs([quarter, other_seed], tmp_path / "soup2")

