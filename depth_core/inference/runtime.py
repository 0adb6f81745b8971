"""ONNX Runtime sessions: one per weight file, built once, sized to the cores this process may use."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from ..errors import WeightsError

_sessions: dict[tuple[str, int, bool], object] = {}
_lock = threading.Lock()


def available_cpus() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def create_session(path: str | Path, threads: int | None = None, spinning: bool = True):
    """A CPU session with full graph optimisation and no thread oversubscription. ``spinning=False`` for a small
    graph run beside another session: its threads then sleep between runs instead of competing for the cores."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads or available_cpus()
    options.inter_op_num_threads = 1
    if not spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as err:  # noqa: BLE001 - ORT raises several unrelated types for bad files
        raise WeightsError(f"Could not load the model file {Path(path).name}: {err}") from None


def get_session(path: str | Path, threads: int | None = None, spinning: bool = True):
    """The cached session for ``path`` (created on first use, shared by all callers)."""
    key = (str(Path(path).resolve()), threads or available_cpus(), spinning)
    with _lock:
        if key not in _sessions:
            _sessions[key] = create_session(path, threads, spinning)
        return _sessions[key]
