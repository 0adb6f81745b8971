"""A training run's release: what was exported, how it was checked and how each file scored.

``training.release`` writes it as ``release.json`` in the run folder; the model card, the Hub push, the
registry entry, the reports and the notebook read it back through ``ReleaseRecord.load``.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..evaluation.evaluate import Evaluation, mean_skill
from ..inference.registry import ModelSpec, describe_training

RECORD_FILE = "release.json"
LABELS = {"mobilenetv2": "MobileNetV2", "resnet50": "ResNet50"}


@dataclass
class Variant:
    """One exported file (fp32 or int8) and its evaluation on every validation set."""

    file: str
    bytes: int
    sha256: str
    evals: list[Evaluation]

    @property
    def mean_skill(self) -> dict[str, float]:
        return mean_skill(self.evals)


@dataclass
class ReleaseRecord:
    encoder: str
    decoder: str
    input_size: int  # the exported graph's input side
    params: int
    gmacs: float
    parity_max_rel: float  # largest relative ONNX-vs-Keras difference on real photos
    export_backend: str
    encoder_init: str  # "imagenet" or "scratch"
    train_data: list[tuple[str, float]]  # (source, share of each batch)
    trained_input_size: int
    loss: str
    train_config: dict = field(repr=False)  # the run's whole config, to reproduce it
    variants: dict[str, Variant] = field(default_factory=dict)

    @property
    def training_note(self) -> str:
        return describe_training(tuple(self.train_data), self.trained_input_size, self.input_size)

    def spec(self, variant: str, repo_id: str | None = None, bundle_dir: Path | None = None) -> ModelSpec:
        """The registry entry serving ``variant`` of this release."""
        chosen = self.variants[variant]
        extra = {"bundle_dir": bundle_dir} if bundle_dir else {}
        return ModelSpec(
            name=self.encoder, label=LABELS.get(self.encoder, self.encoder), encoder=self.encoder,
            decoder=self.decoder, file=chosen.file, sha256=chosen.sha256, input_size=self.input_size,
            repo_id=repo_id, encoder_init=self.encoder_init, train_data=tuple(map(tuple, self.train_data)),
            trained_input_size=self.trained_input_size, loss=self.loss, variant=variant, params=self.params,
            gmacs=self.gmacs, evals=tuple(ev.to_dict() for ev in chosen.evals), **extra)

    def to_json(self) -> str:
        data = asdict(self)
        for name, variant in self.variants.items():
            data["variants"][name]["evals"] = [ev.to_dict() for ev in variant.evals]
            data["variants"][name]["mean_skill"] = variant.mean_skill  # for people reading the file
        return json.dumps(data, indent=2, default=str)

    @classmethod
    def from_json(cls, text: str) -> ReleaseRecord:
        data = json.loads(text)
        variants = {name: Variant(v["file"], v["bytes"], v["sha256"], [Evaluation.from_dict(e) for e in v["evals"]])
                    for name, v in data.pop("variants").items()}
        data["train_data"] = [tuple(item) for item in data["train_data"]]
        return cls(**data, variants=variants)

    def save(self, run_dir: str | Path) -> Path:
        path = Path(run_dir) / RECORD_FILE
        path.write_text(self.to_json())
        return path

    @classmethod
    def load(cls, run_dir: str | Path) -> ReleaseRecord:
        """The record in a run folder (or the ``release.json`` file itself)."""
        path = Path(run_dir)
        return cls.from_json((path / RECORD_FILE if path.is_dir() else path).read_text())
