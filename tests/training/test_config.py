import json
from pathlib import Path

import pytest

from depth_core.training.config import DataConfig, ScheduleConfig, TrainConfig


def test_config_parts_round_trip_and_flat_settings_find_their_part(tmp_path):
    config = TrainConfig.preset("smoke", encoder="resnet50", batch_size=3, synthetic_fraction=0.5,
                                out_dir=str(tmp_path))
    assert (config.model.encoder, config.schedule.batch_size, config.data.synthetic_fraction) == ("resnet50", 3, 0.5)
    assert config.schedule.frozen_epochs == 1  # the preset's value where no setting overrides it
    assert TrainConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
    flat = {"encoder": "resnet50", "batch_size": 3, "synthetic_fraction": 0.5, "augment": {"flip": False},
            "out_dir": "r", "trained_input_size": 224}  # a run written before the split (with a stray key)
    old = TrainConfig.from_dict(flat)
    assert old.model.encoder == "resnet50" and old.data.augment.flip is False and old.out_dir == "r"
    with pytest.raises(TypeError, match="unknown training setting 'batchsize'"):
        TrainConfig.build(batchsize=3)
    still = TrainConfig.build(max_scale=1.0, augment={"flip": False})  # an augmentation's flat setting
    assert (still.data.augment.max_scale, still.data.augment.flip, still.data.augment.colour_jitter) == (1.0, False, 0.4)
    assert TrainConfig.from_dict(still.to_dict()) == still


def test_data_sources_say_what_each_batch_is_made_of():
    assert DataConfig(train_dir="d/kitchen").sources() == (("kitchen", 1.0),)
    mixed = DataConfig(train_dir="d/kitchen", synthetic_dir="s", synthetic_fraction=0.75).sources()
    assert mixed == (("kitchen", 0.25), ("synthetic rooms", 0.75))
    assert DataConfig(train_dir="d/kitchen", synthetic_dir="s", synthetic_fraction=1.0).sources() == \
        (("synthetic rooms", 1.0),)
    two_rooms = DataConfig(train_dir="d/kitchen", extra_train_dirs=["d/tum"], synthetic_dir="s",
                           synthetic_fraction=0.75)
    assert two_rooms.sources() == (("kitchen", 0.125), ("tum", 0.125), ("synthetic rooms", 0.75))


def test_loss_name_says_what_the_loss_is_made_of():
    assert ScheduleConfig(gradient_weight=1.5).loss_name == "silog + 1.5 x gradient matching"
    assert ScheduleConfig(loss="mse", gradient_weight=0).loss_name == "mse"


def test_a_run_made_with_a_removed_setting_is_refused_and_one_without_it_loads(tmp_path):
    """A removed setting at the value that left it off (as every run saved it) is no setting; any other value would
    rebuild another network or recipe than the run's."""
    from depth_core.errors import DepthCoreError

    config = TrainConfig.preset("smoke", out_dir=str(tmp_path)).to_dict()
    config["model"]["scale_head"] = False
    config["schedule"]["gradient_scales"] = [1, 2, 4, 8]
    config["data"]["augment"]["max_blur"] = 0.0
    assert TrainConfig.from_dict(config) == TrainConfig.preset("smoke", out_dir=str(tmp_path))
    config["data"]["augment"]["cut_depth"] = 0.5
    with pytest.raises(DepthCoreError, match="cut_depth"):
        TrainConfig.from_dict(config)


def test_the_shipped_preset_is_the_bundled_recipe(tmp_path):
    from depth_core import paths

    mnv2 = TrainConfig.preset("shipped", synthetic_dir=str(tmp_path))
    assert (mnv2.model.input_size, mnv2.schedule.gradient_weight, mnv2.schedule.unfreeze_from) == \
        (160, 1.5, "block_13_expand")
    assert (mnv2.schedule.frozen_epochs, mnv2.schedule.finetune_epochs, mnv2.schedule.steps_per_epoch) == (4, 3, 200)
    assert [Path(f).name for f, _ in mnv2.data.real_folders()] == [paths.TRAIN_SET, *paths.EXTRA_TRAIN_SETS]
    assert sum(share for _, share in mnv2.data.sources()) == pytest.approx(1.0)
    r50 = TrainConfig.preset("shipped", encoder="resnet50")
    assert r50.model.weights is None and r50.schedule.frozen_epochs == 0 and r50.schedule.finetune_epochs == 6


@pytest.mark.parametrize("encoder", ["mobilenetv2", "resnet50"])
def test_the_bundled_models_were_trained_with_the_shipped_recipe(encoder):
    """Network, input size, encoder start and loss as the registry records them (the bundled MobileNetV2 trained
    before piv_rooms joined the real rooms: docs/training.md)."""
    from depth_core.inference.registry import load_registry

    spec = load_registry()[encoder]
    config = TrainConfig.preset("shipped", encoder=encoder, synthetic_dir="rooms")
    assert (config.model.decoder, config.model.input_size, config.schedule.loss_name) == \
        (spec.decoder, spec.trained_input_size, spec.loss)
    assert ("imagenet" if config.model.pretrained else "scratch") == spec.encoder_init
    assert dict(spec.train_data)["synthetic rooms"] == config.data.synthetic_fraction
