import json

import numpy as np
import pytest
from PIL import Image

from depth_core.paths import local_imagenet_weights
from depth_core.training.sources import HubDataset
from depth_core.training.config import TrainConfig
from depth_core.training.train import make_strategy, train


def _tiny(out_dir, **overrides):
    return TrainConfig.preset("smoke", input_size=32, batch_size=2, max_pairs=6, out_dir=str(out_dir),
                              **overrides)


@pytest.mark.parametrize("strategy", ["default", "mirrored"])
def test_training_runs_under_each_strategy(synthetic_rgbd, tmp_path, strategy):
    model, summary = train(_tiny(tmp_path, weights=None, train_dir=str(synthetic_rgbd), strategy=strategy))
    assert model.output_shape == (None, 32, 32, 1)
    assert summary["strategy"] == strategy and summary["replicas"] >= 1
    assert "frozen" not in summary["history"]  # an encoder from scratch skips the frozen phase
    assert (tmp_path / "model.weights.h5").exists() and (tmp_path / "config.json").exists()


def test_a_rerun_resumes_after_the_finished_phase(synthetic_rgbd, shared, tmp_path):
    config = _tiny(tmp_path, weights=str(local_imagenet_weights()), train_dir=str(synthetic_rgbd))
    train(config)
    assert (tmp_path / "frozen.done").exists()
    stamp = (tmp_path / "frozen.weights.h5").stat().st_mtime_ns
    _, second = train(config)
    assert (tmp_path / "frozen.weights.h5").stat().st_mtime_ns == stamp  # phase 1 not trained again
    assert second["history"]["frozen"] == json.loads((tmp_path / "frozen.done").read_text())


def test_a_run_reloads_at_another_size_and_warm_starts_a_new_run(synthetic_rgbd, tmp_path):
    from depth_core.training.release import load_trained

    first, _ = train(_tiny(tmp_path / "a", weights=None, train_dir=str(synthetic_rgbd)))
    x = np.random.default_rng(0).uniform(0, 255, (1, 64, 64, 3)).astype("float32")
    reloaded, config = load_trained(tmp_path / "a", input_size=64)
    assert config.model.input_size == 32 and reloaded.output_shape == (None, 64, 64, 1)  # trained at 32
    same_weights = [np.array_equal(a, b) for a, b in zip(first.get_weights(), reloaded.get_weights())]
    assert all(same_weights) and np.isfinite(reloaded.predict(x, verbose=0)).all()
    warm, _ = train(_tiny(tmp_path / "b", weights=None, train_dir=str(synthetic_rgbd), frozen_epochs=0,
                          finetune_epochs=0, init_weights=str(tmp_path / "a" / "model.weights.h5")))
    assert all(np.array_equal(a, b) for a, b in zip(first.get_weights(), warm.get_weights()))


def test_unknown_strategy():
    with pytest.raises(ValueError, match="strategy"):
        make_strategy("tpu-pod")


@pytest.fixture
def parquet_rgbd(tmp_path):
    """A tiny dataset in the schema of the Hub's RGB-D releases (image + 16-bit depth in mm), as Parquet."""
    datasets = pytest.importorskip("datasets")
    rng = np.random.default_rng(0)
    rows = {"image": [], "depth_map": []}
    for _ in range(6):
        rows["image"].append(Image.fromarray(rng.integers(0, 255, (40, 56, 3), dtype=np.uint8)))
        rows["depth_map"].append(Image.fromarray(np.full((40, 56), 2500, np.uint16)))
    ds = datasets.Dataset.from_dict(rows).cast_column("image", datasets.Image()).cast_column(
        "depth_map", datasets.Image())
    folder = tmp_path / "hub_rgbd" / "data"
    folder.mkdir(parents=True)
    ds.to_parquet(str(folder / "train-00000-of-00001.parquet"))
    return folder.parent


def test_hub_dataset_streams_pairs_in_metres(parquet_rgbd):
    source = HubDataset(str(parquet_rgbd), depth_column="depth_map", depth_scale=0.001)
    pairs = list(source.stream(limit=3))
    assert len(pairs) == 3
    rgb, depth = pairs[0]
    assert rgb.shape == (40, 56, 3) and rgb.dtype == np.uint8
    assert depth.shape == (40, 56) and np.allclose(depth, 2.5)


def test_training_on_a_streamed_hub_dataset(parquet_rgbd, tmp_path):
    source = HubDataset(str(parquet_rgbd), depth_column="depth_map", depth_scale=0.001, shuffle_buffer=4)
    _, summary = train(_tiny(tmp_path, weights=None, hub_dataset=source))
    assert summary["train_pairs"] == "streamed" and summary["holdout_pairs"] == 4
    assert len(summary["history"]["finetune"]["loss"]) == 1


def test_a_stream_needs_steps_per_epoch(parquet_rgbd, tmp_path):
    with pytest.raises(ValueError, match="steps_per_epoch"):
        train(_tiny(tmp_path, weights=None, steps_per_epoch=None, hub_dataset=HubDataset(str(parquet_rgbd))))


def test_every_real_folder_fills_its_share_of_each_batch(synthetic_rgbd, tmp_path):
    """A second real folder is trained on, not just listed: every batch holds a frame of each room, and frames of
    another size (a camera of twice the resolution) train and stop early beside the first room's."""
    from depth_core.training.train import _data

    far = tmp_path / "far_room"
    for sub in ("rgb", "depth"):
        (far / sub).mkdir(parents=True)
    for i in range(6):
        Image.fromarray(np.full((96, 128, 3), 90, np.uint8)).save(far / "rgb" / f"f{i}.jpg")
        Image.fromarray(np.full((96, 128), 5000, np.uint16)).save(far / "depth" / f"f{i}.png")
    config = _tiny(tmp_path / "run", weights=None, train_dir=str(synthetic_rgbd), extra_train_dirs=(str(far),),
                   max_scale=1.0, max_rotation_deg=0.0)  # no zoom: depth values kept
    batches, held_out, counts = _data(config)
    assert sorted(np.round(held_out[0][1].reshape(len(held_out[0][1]), -1).max(axis=1))) == [4.0, 5.0]
    assert counts["real_train_pairs"] > 0 and counts["real2_train_pairs"] > 0
    for i in range(len(batches)):
        deepest = np.sort(batches[i][1].reshape(2, -1).max(axis=1))  # the ramp room: 4 m at most; the far room: 5 m
        assert deepest[0] <= 4.0 and deepest[1] == pytest.approx(5.0)
