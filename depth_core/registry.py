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

# DEPTH_CORE_REGISTRY points at another models.json (its folder then holds the "bundled" files):
# how tests and forks serve their own releases without editing the package.
REGISTRY_FILE = Path(os.environ.get("DEPTH_CORE_REGISTRY", Path(__file__).parent / "bundled" / "models.json"))
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
    """All registered models by name, in file order (the first is the default)."""
    entries = json.loads(Path(path).read_text())["models"]
    return {entry["name"]: ModelSpec(**entry, bundle_dir=Path(path).parent) for entry in entries}


def get_spec(name: str, path: str | Path = REGISTRY_FILE) -> ModelSpec:
    registry = load_registry(path)
    if name not in registry:
        raise KeyError(f"unknown model {name!r}; registered: {', '.join(registry)}")
    return registry[name]
