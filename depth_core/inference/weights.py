"""Find a weight file for a model: local override -> Hugging Face cache -> Hub download -> bundled copy.

Each step that fails says why, and the reasons travel with the result so the app can show
which source is serving each model. A file whose sha256 differs from the registry is never used.
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import WeightsError
from .registry import ModelSpec

log = logging.getLogger(__name__)
LOCAL_ENV = "DEPTH_CORE_WEIGHTS"  # a file, or a folder holding the registry's file names
# The longest a Hub download may keep a model waiting before the bundled copy serves instead: huggingface_hub
# retries a silent server with backoff for minutes, whatever its own timeouts say.
HUB_TIMEOUT_S = float(os.environ.get("DEPTH_CORE_HUB_TIMEOUT", "20"))


@dataclass(frozen=True)
class ResolvedWeights:
    path: Path
    source: str  # "local", "hf-cache", "hub" or "bundled"
    revision: str | None
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        where = {"local": "a local file", "hf-cache": "the Hugging Face cache", "hub": "the Hugging Face Hub",
                 "bundled": "the weights bundled with the app"}[self.source]
        rev = f" @ {self.revision[:10]}" if self.revision else ""
        return f"{where}{rev}"


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _checked(path: Path, spec: ModelSpec) -> str | None:
    """None if the file is usable, else the reason it is not."""
    if not path.is_file():
        return f"{path.name} does not exist"
    actual = sha256_of(path)
    if actual != spec.sha256:
        return f"{path.name} has sha256 {actual[:12]}…, expected {spec.sha256[:12]}… (corrupt or tampered)"
    return None


def _local_candidate(spec: ModelSpec, local: str | Path | None) -> Path | None:
    local = local or os.environ.get(LOCAL_ENV)
    if not local:
        return None
    path = Path(local)
    return path / spec.file if path.is_dir() else path


def _within(seconds: float, fn: Callable[[], str]) -> str:
    """fn() in a daemon thread, or TimeoutError after ``seconds`` (the thread is left to end on its own)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except Exception as err:  # noqa: BLE001 - handed to the caller below
            outcome["error"] = err

    thread = threading.Thread(target=run, daemon=True, name="hub-download")
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def _hub_candidates(spec: ModelSpec):
    """Yield (source, path-or-None, reason) from the HF cache, then the Hub."""
    try:
        from huggingface_hub import constants, hf_hub_download, try_to_load_from_cache
    except ImportError:
        yield "hub", None, "huggingface_hub is not installed"
        return
    cached = try_to_load_from_cache(spec.repo_id, spec.file, revision=spec.revision)
    if isinstance(cached, str):
        yield "hf-cache", Path(cached), ""
    else:
        yield "hf-cache", None, f"{spec.repo_id}/{spec.file} is not in the Hugging Face cache"
    if constants.HF_HUB_OFFLINE:
        yield "hub", None, "skipped: offline mode (HF_HUB_OFFLINE=1)"
        return
    try:
        download = partial(hf_hub_download, spec.repo_id, spec.file, revision=spec.revision,
                           etag_timeout=min(10.0, HUB_TIMEOUT_S))
        yield "hub", Path(_within(HUB_TIMEOUT_S, download)), ""
    except Exception as err:  # noqa: BLE001 - offline, unreachable, missing repo: all mean "fall back"
        yield "hub", None, f"Hub download of {spec.repo_id} failed: {type(err).__name__}: {err}"


def resolve_weights(spec: ModelSpec, local: str | Path | None = None, use_hub: bool = True) -> ResolvedWeights:
    """The first source whose file exists and matches the registry's sha256."""
    notes: list[str] = []

    def accept(source: str, path: Path, revision: str | None) -> ResolvedWeights | None:
        problem = _checked(path, spec)
        if problem:
            notes.append(f"{source}: {problem}")
            log.warning("%s weights for %s rejected: %s", source, spec.name, problem)
            return None
        return ResolvedWeights(path, source, revision, tuple(notes))

    candidate = _local_candidate(spec, local)
    if candidate is not None and (found := accept("local", candidate, None)):
        return found
    if use_hub and not (spec.repo_id and spec.revision):
        notes.append("hub: this model has not been published to the Hub yet (no pinned revision)")
    elif use_hub:
        for source, path, reason in _hub_candidates(spec):
            if path is None:
                notes.append(f"{source}: {reason}")
                log.info("%s weights for %s unavailable: %s", source, spec.name, reason)
            elif found := accept(source, path, spec.revision):
                return found
    if found := accept("bundled", spec.bundled_path, None):
        return found
    raise WeightsError(f"No usable weights for {spec.label}: " + "; ".join(notes))
