"""What a training run depends on, in three parts (model, data, schedule), and the presets that fill them.

Saved next to a run's outputs (``config.json``), so the run can be reproduced; the command line and the notebook
build it from flat settings.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from .. import paths
from ..errors import DepthCoreError
from .data import Augment
from .models import INPUT_SIZE, build_model
from .sources import HubDataset


@dataclass
class ModelConfig:
    """Which network, and where its weights start."""

    encoder: str = "mobilenetv2"
    decoder: str = "fastdepth"
    weights: str | None = "imagenet"  # "imagenet", a .weights.h5 path, or None (from scratch)
    init_weights: str | None = None  # a whole-model .weights.h5 to start from (e.g. another resolution's run)
    input_size: int = INPUT_SIZE

    def build(self, weights: str | None = None, input_size: int | None = None):
        """This network (Keras), with the encoder's ``weights`` (None: random) at ``input_size`` (None: its own)."""
        return build_model(self.encoder, self.decoder, weights, input_size or self.input_size)

    @property
    def pretrained(self) -> bool:
        return self.weights is not None


@dataclass
class DataConfig:
    """What the network sees: a real RGB-D folder (or a streamed Hub dataset), mixed with synthetic rooms."""

    train_dir: str = field(default_factory=lambda: str(paths.train_dir()))
    extra_train_dirs: tuple[str, ...] = ()  # more real folders (`depth-core tum`): the real share splits evenly
    synthetic_dir: str | None = None  # a folder written by `depth-core synthetic`
    synthetic_fraction: float = 0.75  # share of every batch from synthetic_dir (1.0: synthetic only; 0: none)
    hub_dataset: HubDataset | None = None  # stream this instead of reading train_dir
    holdout: float = 0.1  # tail of the training video kept for early stopping
    holdout_pairs: int = 64  # held-out pairs of a Hub dataset's validation split or of the synthetic set
    max_pairs: int | None = None
    augment: Augment = field(default_factory=Augment)
    calibration_frames: int = 64  # training frames that calibrate the int8 copy

    def __post_init__(self):
        self.extra_train_dirs = tuple(self.extra_train_dirs)  # config.json stores them as lists

    @property
    def real_share(self) -> float:
        """The share of each batch that is real: all of it without synthetic rooms."""
        return 1.0 - self.synthetic_fraction if self.synthetic_dir else 1.0

    def real_folders(self) -> list[tuple[str, float]]:
        """(real folder, its share of each batch): ``train_dir``, then ``extra_train_dirs``, the real share split
        evenly among them."""
        folders = (self.train_dir, *self.extra_train_dirs)
        return [(folder, self.real_share / len(folders)) for folder in folders]

    def sources(self) -> tuple[tuple[str, float], ...]:
        """(source, share of each batch), as the release record and the registry describe the training data."""
        if self.hub_dataset:
            real = [(self.hub_dataset.dataset_id, self.real_share)]
        else:
            real = [(Path(folder).name, share) for folder, share in self.real_folders()]
        synthetic = (paths.SYNTHETIC_SOURCE, self.synthetic_fraction if self.synthetic_dir else 0.0)
        return tuple(s for s in (*real, synthetic) if s[1] > 0)


@dataclass
class ScheduleConfig:
    """How it learns: the study's two phases (frozen encoder, then fine-tuning), loss, rates, stopping."""

    batch_size: int = 16
    frozen_epochs: int = 10
    frozen_lr: float = 1e-3
    finetune_epochs: int = 20
    finetune_lr: float = 1e-4  # the study's 1e-5 barely moves the encoder in a short schedule
    unfreeze_from: str | None = None  # fine-tune only the encoder layers from this one on (e.g. "block_13_expand")
    steps_per_epoch: int | None = None  # required with hub_dataset (a stream has no length)
    patience: int = 4
    loss: str = "silog"  # losses.LOSSES: "silog", or the study's "mse"
    gradient_weight: float = 0.5
    strategy: str = "default"  # "mirrored": all local GPUs; "multiworker": machines named in TF_CONFIG
    seed: int = 0

    @property
    def loss_name(self) -> str:
        """The loss as the release record, the registry and the model card name it."""
        if self.gradient_weight:
            return f"{self.loss} + {self.gradient_weight:g} x gradient matching"
        return self.loss


# The bundled models' recipe: 160 px, three quarters of every batch synthetic rooms (``synthetic_dir``), the rest
# the real rooms; MobileNetV2's decoder 800 steps on the frozen ImageNet encoder, then 600 with blocks 13-16 at 1e-4;
# ResNet50 (no ImageNet weights here) 1,200 steps from scratch.
_RECIPE = dict(input_size=160, batch_size=16, steps_per_epoch=200, gradient_weight=1.5)
SHIPPED = {
    "mobilenetv2": dict(_RECIPE, frozen_epochs=4, finetune_epochs=3, finetune_lr=1e-4,
                        unfreeze_from="block_13_expand"),
    "resnet50": dict(_RECIPE, weights=None, frozen_epochs=0, finetune_epochs=6),
}

PARTS = {"model": ModelConfig, "data": DataConfig, "schedule": ScheduleConfig}
# Settings measured and not adopted, removed from the code (docs/experiments/removed_settings.md), with the value
# every run that did not use them saved.
REMOVED = {"depth_prior": None, "scale_head": False, "decoder_width": 1.0, "train_sizes": [], "cosine": True,
           "silog_lambda": 0.85, "synthetic_silog_lambda": None, "gradient_scales": [1, 2, 4, 8],
           "normal_weight": 0.0, "ema_momentum": None, "max_blur": 0.0, "max_noise": 0.0, "max_shading": 0.0,
           "max_colour_mix": 0.0, "max_flat_patch": 0.0, "cut_depth": 0.0, "zoom_moves_camera": True}


@dataclass
class TrainConfig:
    """Everything a run depends on; saved next to its outputs (``config.json``) so it can be reproduced."""

    model: ModelConfig = field(default_factory=ModelConfig)
    data: DataConfig = field(default_factory=DataConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    out_dir: str = field(default_factory=lambda: str(paths.run_dir("mobilenetv2_fastdepth")))

    @classmethod
    def build(cls, **settings) -> TrainConfig:
        """From flat settings (``encoder=..., batch_size=...``, or an augmentation's ``max_scale=...``), each routed
        to its part: what the command line and the notebook pass."""
        parts = {name: {} for name in PARTS}
        out_dir = settings.pop("out_dir", None)
        augment_fields = {f.name for f in fields(Augment)}
        augment = {k: settings.pop(k) for k in list(settings) if k in augment_fields}
        for key, value in settings.items():
            part = next((n for n, c in PARTS.items() if key in {f.name for f in fields(c)}), None)
            if part is None:
                raise TypeError(f"unknown training setting {key!r}")
            parts[part][key] = value
        if isinstance(parts["data"].get("augment"), dict):
            parts["data"]["augment"] = Augment(**parts["data"]["augment"])
        if augment:  # the other augmentations keep their values
            parts["data"]["augment"] = replace(parts["data"].get("augment", Augment()), **augment)
        if isinstance(parts["data"].get("hub_dataset"), dict):
            parts["data"]["hub_dataset"] = HubDataset(**parts["data"]["hub_dataset"])
        config = cls(**{name: PARTS[name](**values) for name, values in parts.items()})
        return replace(config, out_dir=out_dir) if out_dir else config

    @classmethod
    def preset(cls, name: str, **settings) -> TrainConfig:
        """``smoke``: seconds, for CI; ``shipped``: the bundled models' recipe (``SHIPPED``, per encoder) on every
        real training room; ``full``: 10 + 20 epochs on the kitchen, the study's longer schedule."""
        if name == "shipped":
            encoder = settings.get("encoder", ModelConfig.encoder)
            real = {"extra_train_dirs": tuple(str(d) for d in paths.extra_train_dirs())}
            if encoder not in SHIPPED:
                raise ValueError(f"no shipped recipe for {encoder!r}: one of {tuple(SHIPPED)}")
            return cls.build(**{**SHIPPED[encoder], **real, **settings})
        presets = {"smoke": dict(max_pairs=24, batch_size=4, frozen_epochs=1, finetune_epochs=1, steps_per_epoch=2,
                                 patience=1, calibration_frames=8, holdout_pairs=4),
                   "full": {}}
        if name not in presets:
            raise ValueError(f"unknown preset {name!r}: use 'smoke', 'shipped' or 'full'")
        return cls.build(**{**presets[name], **settings})

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> TrainConfig:
        """Read ``config.json``: the nested form, or the flat form of runs made before the split. A run that used a
        removed setting (``REMOVED``) is refused: this code would rebuild another network or recipe."""
        flat = {k: v for k, v in data.items() if k not in PARTS}
        for name in PARTS:
            flat.update(data.get(name, {}))
        if isinstance(flat.get("augment"), dict):
            flat.update(flat.pop("augment"))
        used = {k: v for k, v in flat.items()
                if k in REMOVED and (list(v) if isinstance(v, (list, tuple)) else v) != REMOVED[k]}
        if used:
            raise DepthCoreError(f"this run used settings removed since: {used} "
                                 "(docs/experiments/removed_settings.md names the last commit that had them)")
        known = {f.name for c in (*PARTS.values(), Augment) for f in fields(c)} | {"out_dir"}
        return cls.build(**{k: v for k, v in flat.items() if k in known})

    @classmethod
    def load(cls, run_dir: str | Path) -> TrainConfig:
        return cls.from_dict(json.loads((Path(run_dir) / "config.json").read_text()))

    def save(self, run_dir: str | Path) -> None:
        """``config.json`` in ``run_dir``, the file ``load`` reads back."""
        (Path(run_dir) / "config.json").write_text(json.dumps(self.to_dict(), indent=2, default=str))
