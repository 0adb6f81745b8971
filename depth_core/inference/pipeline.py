"""Photo in, depth map out: the one code path shared by the app, the CLI, the evaluation and the benchmark."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from .colormap import colorize
from ..errors import DepthCoreError, WeightsError
from .images import ImageInput, load_photo
from .processing import grey, guided_upsample, resize_depth, to_model_input
from .registry import ModelSpec, get_spec
from .runtime import get_session
from .weights import ResolvedWeights, resolve_weights


REFINE_RADIUS = 6  # guided-filter window radius at the network's resolution, chosen on mean validation skill


@dataclass
class DepthResult:
    """The network's depth and what it costs to turn it into what the caller wants.

    Post-processing is lazy: ``depth`` (metres at the photo's size) and ``colored()`` each do only
    their own work, and add its time to the ``postprocess`` stage.
    """

    raw: np.ndarray  # S x S float32 metres, as the network predicted it
    size: tuple[int, int]  # (width, height) of the upright photo
    timings_ms: dict[str, float] = field(default_factory=dict)
    # What the refinement needs: (grey S x S, photo, radius, threads); None: plain bilinear
    guide: tuple[np.ndarray, Image.Image, int, int | None] | None = field(default=None, repr=False)
    _depth: np.ndarray | None = field(default=None, repr=False)

    @property
    def total_ms(self) -> float:
        return sum(self.timings_ms.values())

    def timing_line(self) -> str:
        """One line a person can read: every stage and the total, in milliseconds."""
        stages = " · ".join(f"{stage} {ms:.1f}" for stage, ms in self.timings_ms.items())
        return f"{self.total_ms:.1f} ms total ({stages} ms)"

    def _timed(self, fn):
        start = time.perf_counter()
        value = fn()
        self.timings_ms["postprocess"] = self.timings_ms.get("postprocess", 0.0) + (time.perf_counter() - start) * 1000
        return value

    @property
    def depth(self) -> np.ndarray:
        """H x W float32 metres at the photo's size: guided by the photo's edges when the estimator
        refines, else bilinear from the network's resolution."""
        if self._depth is None:
            if self.guide is None:
                self._depth = self._timed(lambda: resize_depth(self.raw, *self.size))
            else:
                grey_small, photo, radius, threads = self.guide
                self._depth = self._timed(lambda: guided_upsample(self.raw, grey_small, photo, *self.size, radius,
                                                                  threads=threads))
        return self._depth

    def colored(self, cmap: str = "turbo") -> Image.Image:
        """RGB image at the photo's size: the refined depth coloured, or (unrefined) coloured at the
        network's resolution then upsampled, which is the same picture for less work."""
        if self.guide is None:
            return self._timed(lambda: colorize(self.raw, cmap, self.size))
        depth = self.depth
        return self._timed(lambda: colorize(depth, cmap))


class DepthEstimator:
    """One ONNX model file, one ONNX Runtime session, reused for every image.

    Any file with the pipeline's interface works (N x S x S x 3 float32 RGB in 0..255 in, depth in metres out);
    the input side is read from the file unless given. ``from_spec`` serves a registered model, its weights
    resolved (Hub, cache, local, bundled) and checksummed first.
    """

    def __init__(self, path: str | Path, input_size: int | None = None, name: str | None = None,
                 threads: int | None = None, refine_radius: int = REFINE_RADIUS,
                 weights: ResolvedWeights | None = None, flip_average: bool = False, exact: bool = False):
        self.path = Path(path)
        self.name = name or self.path.stem
        self.refine_radius = refine_radius  # edge-aware upsampling guided by the photo; 0: plain bilinear
        self.flip_average = flip_average  # also run the mirrored photo and average: twice the network's time
        self.weights = weights or ResolvedWeights(self.path, "local", None)  # where the file came from
        self.threads = threads
        self.session = get_session(self.path, threads, exact=exact)  # exact: unoptimised, for checks
        image_input = self.session.get_inputs()[0]
        if len(image_input.shape) != 4 or image_input.shape[-1] != 3:  # e.g. a channels-first export
            raise WeightsError(f"{self.path.name} takes input of shape {image_input.shape}; a depth model here takes "
                               "N x H x W x 3 RGB.")
        self.input_name = image_input.name
        side = image_input.shape[1]
        self.input_size = input_size or (side if isinstance(side, int) else 224)

    @classmethod
    def from_spec(cls, spec: ModelSpec, threads: int | None = None, refine_radius: int = REFINE_RADIUS,
                  weights: ResolvedWeights | None = None, flip_average: bool = False) -> DepthEstimator:
        """A registered model, from the first source whose file matches the registry's checksum."""
        weights = weights or resolve_weights(spec)
        return cls(weights.path, spec.input_size, spec.name, threads, refine_radius, weights, flip_average)

    def warmup(self, runs: int = 2) -> None:
        """Run the network on a blank image so the first real photo does not pay for ORT's lazy setup."""
        size = self.input_size
        for _ in range(runs):
            self.infer(np.zeros((1, size, size, 3), np.float32))

    def infer(self, batch: np.ndarray) -> np.ndarray:
        """N x S x S x 3 float32 (0..255) -> N x S x S depth in metres (with ``flip_average``, the geometric mean
        of the photo's depth and its mirror image's, mirrored back)."""
        depth = self.session.run(None, {self.input_name: batch})[0][..., 0]
        if self.flip_average:
            mirrored = self.session.run(None, {self.input_name: np.ascontiguousarray(batch[:, :, ::-1])})[0][..., 0]
            depth = np.sqrt(depth * mirrored[:, :, ::-1])
        return depth

    def predict(self, source: ImageInput) -> DepthResult:
        timings = {}
        t0 = time.perf_counter()
        image, (width, height) = load_photo(source, min_side=self.input_size)
        t1 = time.perf_counter()
        batch = to_model_input(image, self.input_size)
        t2 = time.perf_counter()
        raw = self.infer(batch)[0]
        t3 = time.perf_counter()
        timings.update(decode=(t1 - t0) * 1000, preprocess=(t2 - t1) * 1000, model=(t3 - t2) * 1000)
        guide = (grey(batch[0]), image, self.refine_radius, self.threads) if self.refine_radius else None
        return DepthResult(raw, (width, height), timings, guide)


RETRY_AFTER_S = 300.0  # a model whose weights failed is tried again after this long, not at every request


@dataclass
class _Slot:
    """One model's estimator or its last failure, behind a lock of its own (a slow model stalls no other)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    estimator: DepthEstimator | None = None
    error: DepthCoreError | None = None
    failed_at: float = 0.0


_slots: dict[str, _Slot] = {}
_slots_lock = threading.Lock()  # guards the dict only, never held while weights resolve


def _slot(name: str) -> _Slot:
    with _slots_lock:
        return _slots.setdefault(name, _Slot())


def get_estimator(name: str) -> DepthEstimator:
    """The process-wide estimator for a registered model (weights resolved and loaded once).

    A failure is remembered for RETRY_AFTER_S, so a broken source costs one wait, not one per request.
    """
    slot = _slot(name)
    with slot.lock:
        if slot.estimator is None:
            if slot.error is not None and time.monotonic() - slot.failed_at < RETRY_AFTER_S:
                raise slot.error
            spec = get_spec(name)  # an unknown name raises here, and is not remembered as a failed model
            try:
                slot.estimator, slot.error = DepthEstimator.from_spec(spec), None
            except DepthCoreError as err:
                slot.error, slot.failed_at = err, time.monotonic()
                raise
        return slot.estimator


def peek_estimator(name: str) -> DepthEstimator | DepthCoreError | None:
    """Without waiting: the loaded estimator, the last failure, or None while it is still being resolved."""
    slot = _slot(name)
    return slot.estimator or slot.error


def load_estimator(model: str | None = None, threads: int | None = None, flip_average: bool = False,
                   fresh: bool = False) -> DepthEstimator:
    """A registered model's name (default: the first registered) or a path to any compatible ONNX file. A
    registered model is the process-wide estimator unless a setting or ``fresh`` (a load to time) asks for one
    of its own."""
    from .registry import load_registry

    model = model or next(iter(load_registry()))
    if model.endswith(".onnx"):
        return DepthEstimator(model, threads=threads, flip_average=flip_average)
    if flip_average or threads or fresh:
        return DepthEstimator.from_spec(get_spec(model), threads=threads, flip_average=flip_average)
    return get_estimator(model)
