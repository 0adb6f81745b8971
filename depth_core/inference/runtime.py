"""ONNX Runtime sessions: one factory for every session the project makes, built once, sized to the cores this
process may use, and computing the same int8 result on every x86 CPU."""
from __future__ import annotations

import os
import platform
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import WeightsError

_sessions: dict[tuple, object] = {}
_lock = threading.Lock()

# CPU features that decide which int8 kernels ONNX Runtime runs (and so int8 speed), as /proc/cpuinfo names them.
INT8_FEATURES = ("avx2", "avx512f", "avx_vnni", "avx512_vnni", "amx_int8")


_default_threads: int | None = None  # threads of a session made without a number; None: every available core


def set_default_threads(threads: int | None) -> None:
    """Threads for every session made from now on without its own number (the app sets this from a measured sweep,
    before it loads a model): serving many requests, one thread each beat two threads each (docs/speed.md)."""
    global _default_threads
    _default_threads = threads


def session_threads(threads: int | None = None) -> int:
    """The intra-op threads a session asked for ``threads`` gets: the number, else the default, else every core."""
    return threads or _default_threads or available_cpus()


def available_cpus() -> int:
    """Cores this process may run on (respects taskset/cgroup affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


@lru_cache(maxsize=1)
def _cpu() -> tuple[str, frozenset[str]]:
    """The CPU's model name and feature flags, as Linux's /proc/cpuinfo gives them (no flags elsewhere)."""
    name, flags = platform.processor() or platform.machine(), frozenset()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                name = value.strip()
            elif key.strip() == "flags":
                flags = frozenset(value.split())
                break
    except OSError:  # not Linux
        pass
    return name, flags


def cpu_description() -> str:
    """The CPU's model name and its int8-relevant features, e.g. "Intel(R) Xeon(R) Processor (avx2, avx512f,
    avx512_vnni, amx_int8)": every speed or accuracy record names it, since int8 kernels differ by CPU."""
    name, flags = _cpu()
    features = [f for f in INT8_FEATURES if f in flags]
    return f"{name} ({', '.join(features) or 'no avx2'})"


def int8_may_saturate() -> bool:
    """Whether ONNX Runtime's default u8 x s8 kernels can saturate here: on x86 without VNNI (or AMX) they add pairs of
    products in 16 bits. Where the flags cannot be read (x86 outside Linux), assume they can."""
    x86 = platform.machine().lower() in ("x86_64", "amd64", "i386", "i686")
    return x86 and not _cpu()[1] & {"avx512_vnni", "avx_vnni", "amx_int8"}


def create_session(path: str | Path, threads: int | None = None, spinning: bool = False, exact: bool = False):
    """A CPU session with full graph optimisation and no thread oversubscription.

    On x86 CPUs without VNNI, int8 convolutions use ONNX Runtime's u8 x u8 kernels (``session.x64quantprecision``):
    its default u8 x s8 kernels add pairs of products in a saturating int16 there and changed the depth maps by 9 %.
    CPUs with VNNI or AMX sum in 32 bits and keep their default kernels, which the option would make 1.8-2.5 times
    slower (docs/results/int8_exactness.md). ``exact=True`` runs the graph unoptimised, the QDQ
    semantics to the letter, as a reference for checks. Threads sleep between runs unless ``spinning=True``: spinning,
    a 2-thread session's idle thread kept a core busy after each run, which doubled the time of the postprocessing
    after it and of a concurrent request (docs/speed.md)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_DISABLE_ALL if exact
                                        else ort.GraphOptimizationLevel.ORT_ENABLE_ALL)
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = session_threads(threads)
    options.inter_op_num_threads = 1
    if int8_may_saturate():
        options.add_session_config_entry("session.x64quantprecision", "1")
    if not spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as err:  # noqa: BLE001 - ORT raises several unrelated types for bad files
        raise WeightsError(f"Could not load the model file {Path(path).name}: {err}") from None


def get_session(path: str | Path, threads: int | None = None, spinning: bool = False, exact: bool = False):
    """The cached session for ``path`` (created on first use, shared by all callers; a file rewritten since is
    loaded again)."""
    path = Path(path)
    key = (str(path.resolve()), path.stat().st_mtime_ns if path.exists() else 0, session_threads(threads),
           spinning, exact)
    with _lock:
        if key not in _sessions:
            _sessions[key] = create_session(path, threads, spinning, exact)
        return _sessions[key]
