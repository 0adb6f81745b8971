"""The models this package knows: name, file, checksum, input size, where they came from and how good they are.

The registry is the JSON file next to the bundled weights. This module is its only reader and its only writer
(``register`` after a release, ``pin_revision`` after a Hub push), so the code never hard-codes a checksum or a
metric.
"""
from __future__ import annotations

import json
import os
from importlib import resources
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..errors import RegistryError, UnknownModelError
from ..paths import SYNTHETIC_SOURCE

# DEPTH_CORE_REGISTRY points at another models.json (its folder then holds the "bundled" files):
# how tests and forks serve their own releases without editing the package.
BUNDLED_REGISTRY = resources.files("depth_core") / "bundled" / "models.json"
REGISTRY_FILE = Path(os.environ.get("DEPTH_CORE_REGISTRY", str(BUNDLED_REGISTRY)))

ENCODER_INITS = ("imagenet", "scratch")


def describe_training(train_data: tuple[tuple[str, float], ...], trained_input_size: int | None,
                      input_size: int) -> str:
    """What a model learned from, in words: "`kitchen` (25% of each batch) + synthetic rooms (75%) at 160x160,
    exported at 128x128". Used by the provenance line and the model card alike."""
    parts = [name if name == SYNTHETIC_SOURCE else f"`{name}`" for name, _ in train_data]
    if len(train_data) > 1:
        parts = [f"{p} ({share:.0%}{' of each batch' if i == 0 else ''})"
                 for i, (p, (_, share)) in enumerate(zip(parts, train_data))]
    text = " + ".join(parts) or "unrecorded data"
    if trained_input_size and trained_input_size != input_size:
        text += f" at {trained_input_size}x{trained_input_size}, exported at {input_size}x{input_size}"
    return text


@dataclass(frozen=True)
class ModelSpec:
    name: str  # short id used by the CLI and the app: "mobilenetv2"
    label: str  # what people read: "MobileNetV2"
    encoder: str
    decoder: str
    file: str  # ONNX file name, in the bundle and in the Hub repo
    sha256: str
    input_size: int = 224
    repo_id: str | None = None  # Hugging Face model repo holding the same file
    revision: str | None = None  # pinned commit sha on the Hub
    encoder_init: str = "imagenet"  # "imagenet" or "scratch" (no pretrained weights were available)
    train_data: tuple[tuple[str, float], ...] = ()  # (source, share of each batch): RGB-D folders, "synthetic rooms"
    trained_input_size: int | None = None  # when exported at another size than it trained at
    loss: str = ""
    variant: str = "fp32"  # "fp32" or "int8"
    params: int = 0
    gmacs: float = 0.0
    evals: tuple[dict, ...] = field(default=(), hash=False, compare=False)  # Evaluation.to_dict() per validation set
    bundle_dir: Path = field(default=REGISTRY_FILE.parent, compare=False)  # the registry file's folder

    def __post_init__(self):
        if self.encoder_init not in ENCODER_INITS:
            raise ValueError(f"encoder_init must be one of {ENCODER_INITS}, not {self.encoder_init!r}")
        # JSON gives lists; freeze them so the spec stays hashable and comparable
        object.__setattr__(self, "train_data", tuple((str(n), float(s)) for n, s in self.train_data))
        object.__setattr__(self, "evals", tuple(self.evals))

    @property
    def bundled_path(self) -> Path:
        return self.bundle_dir / self.file

    @property
    def eval_data(self) -> tuple[str, ...]:
        """The validation sets this model was scored on, in table order."""
        return tuple(e["dataset"] for e in self.evals)

    @property
    def provenance(self) -> str:
        init = "ImageNet weights" if self.encoder_init == "imagenet" else "random init (no pretrained weights)"
        loss = f" with loss {self.loss}" if self.loss else ""
        return (f"{self.encoder}+{self.decoder}, encoder from {init}, trained on "
                f"{describe_training(self.train_data, self.trained_input_size, self.input_size)}{loss}; "
                f"{self.variant} ONNX")

    def to_entry(self) -> dict:
        """The JSON object the registry stores (no folder: that is wherever the registry file is)."""
        entry = asdict(self)
        del entry["bundle_dir"]
        return entry


def _read(path: Path) -> list[dict]:
    return json.loads(path.read_text())["models"]


def load_registry(path: str | Path = REGISTRY_FILE) -> dict[str, ModelSpec]:
    """All registered models by name, in file order (the first is the default).

    A damaged file is a RegistryError naming it, so a bad edit or a half-written copy reads as what it is."""
    path = Path(path)
    try:
        models = {entry["name"]: ModelSpec(**entry, bundle_dir=path.parent) for entry in _read(path)}
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise RegistryError(f"The model registry {path} is unreadable or damaged "
                            f"({type(err).__name__}: {err}).") from None
    if not models:
        raise RegistryError(f"The model registry {path} lists no models.")
    return models


def get_spec(name: str, path: str | Path = REGISTRY_FILE) -> ModelSpec:
    """One model's spec; an unknown name is a user error (the CLI and the app show its message)."""
    registry = load_registry(path)
    if name not in registry:
        raise UnknownModelError(f"unknown model {name!r}; registered: {', '.join(registry)}")
    return registry[name]


def _write(path: Path, specs: list[ModelSpec]) -> None:
    path.write_text(json.dumps({"models": [s.to_entry() for s in specs]}, indent=2) + "\n")


def register(spec: ModelSpec, path: str | Path = REGISTRY_FILE) -> ModelSpec:
    """Add ``spec`` or replace the entry of the same name, keeping its place (the first is the default)."""
    path = Path(path)
    specs = list(load_registry(path).values()) if path.exists() else []
    names = [s.name for s in specs]
    if spec.name in names:
        specs[names.index(spec.name)] = spec
    else:
        specs.append(spec)
    _write(path, specs)
    return spec


def pin_revision(name: str, repo_id: str, revision: str, sha256: str, path: str | Path = REGISTRY_FILE) -> bool:
    """Point a registry entry at a Hub commit, if that commit holds the entry's exact file."""
    path = Path(path)
    specs = list(load_registry(path).values())
    if not any(s.name == name and s.sha256 == sha256 for s in specs):
        return False
    _write(path, [replace(s, repo_id=repo_id, revision=revision) if s.name == name else s for s in specs])
    return True
