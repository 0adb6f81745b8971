"""The models this package knows: name, file, checksum, input size, where they came from and how good they are.

The registry is the JSON file next to the bundled weights, written by the training export step,
so the code never hard-codes a checksum or a metric.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import RegistryError, UnknownModelError

# DEPTH_CORE_REGISTRY points at another models.json (its folder then holds the "bundled" files):
# how tests and forks serve their own releases without editing the package.
REGISTRY_FILE = Path(os.environ.get("DEPTH_CORE_REGISTRY", Path(__file__).parent.parent / "bundled" / "models.json"))
BUNDLED_DIR = REGISTRY_FILE.parent


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
    provenance: str = ""
    metrics: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    bundle_dir: Path = field(default=BUNDLED_DIR, compare=False)  # the registry file's folder

    @property
    def bundled_path(self) -> Path:
        return self.bundle_dir / self.file


def load_registry(path: str | Path = REGISTRY_FILE) -> dict[str, ModelSpec]:
    """All registered models by name, in file order (the first is the default).

    A damaged file is a RegistryError naming it, so a bad edit or a half-written copy reads as what it is."""
    try:
        entries = json.loads(Path(path).read_text())["models"]
        models = {entry["name"]: ModelSpec(**entry, bundle_dir=Path(path).parent) for entry in entries}
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
