"""The models this package knows: name, file, checksum, input size, where they came from and how good they are.

The registry is the JSON file next to the bundled weights, written by the training export step,
so the code never hard-codes a checksum or a metric.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUNDLED_DIR = Path(__file__).parent / "bundled"
REGISTRY_FILE = BUNDLED_DIR / "models.json"


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

    @property
    def bundled_path(self) -> Path:
        return BUNDLED_DIR / self.file


def load_registry(path: str | Path = REGISTRY_FILE) -> dict[str, ModelSpec]:
    """All registered models by name, in file order (the first is the default)."""
    entries = json.loads(Path(path).read_text())["models"]
    return {entry["name"]: ModelSpec(**entry) for entry in entries}


def get_spec(name: str, path: str | Path = REGISTRY_FILE) -> ModelSpec:
    registry = load_registry(path)
    if name not in registry:
        raise KeyError(f"unknown model {name!r}; registered: {', '.join(registry)}")
    return registry[name]
