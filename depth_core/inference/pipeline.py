"""Photo in, depth map out: the one code path shared by the app, the CLI, the evaluation and the benchmark."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from .colormap import DEFAULT_CMAP, colorize
from ..errors import DepthCoreError, WeightsError
from .images import ImageInput, load_image, load_photo
from .processing import (apply_coefficients, display_size, grey, guided_coefficients, resize_depth,
                         to_model_input)
from .registry import ModelSpec, get_spec, load_registry
from .runtime import get_session
from .weights import ResolvedWeights, resolve_weights


REFINE_RADIUS = 6  # guided-filter window radius at the network's resolution, chosen on mean validation skill
# What a screen shows: the depth a view needs (and every map the app draws) is refined and coloured at most this big,
# so a 12 MP phone photo costs a view what a small one does. Downloads ask for the photo's own size (``full_depth``).
DISPLAY_PIXELS = 1_000_000
FULL_DEPTH_CACHE_BYTES = 64 << 20  # full-size depths kept for a repeated download: one 12 MP map, not a 49 MP one


@dataclass(frozen=True)
class Guide:
    """What the photo-guided refinement needs besides the network's output, and nothing photo-sized: the grey photo
    at the network's size, a grey copy at most display-sized, and where to find the full photo again."""

    grey_small: np.ndarray  # S x S, 0..1
    luma: Image.Image  # "L", at most the display size (a draft-decoded JPEG's is smaller)
    radius: int
    source: ImageInput | None  # the photo as given, for a full-size depth; None when the display size is its size
    threads: int | None = None  # the estimator's, for the refinement's ONNX step


class _Lazy:
    """The arrays a prediction computes on demand, shared by every copy of its ``DepthResult`` (the app's
    RecentPredictions hands out copies), so a follow-up step reuses what the first view computed."""

    __slots__ = ("coefficients", "depth")

    def __init__(self):
        self.coefficients: np.ndarray | None = None
        self.depth: np.ndarray | None = None


class _FullDepths:
    """The last few full-size depths, within a byte budget, by prediction: a download repeated for the same photo
    (another field of view, another colour map) does not refine 12 MP again, and a 49 MP map is never kept."""

    def __init__(self, budget: int):
        self.budget = budget
        self._items: OrderedDict[_Lazy, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: _Lazy) -> np.ndarray | None:
        with self._lock:
            return self._items.get(key)

    def put(self, key: _Lazy, depth: np.ndarray) -> None:
        if depth.nbytes > self.budget:
            return
        with self._lock:
            self._items[key] = depth
            self._items.move_to_end(key)
            while sum(d.nbytes for d in self._items.values()) > self.budget:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


FULL_DEPTHS = _FullDepths(FULL_DEPTH_CACHE_BYTES)


@dataclass
class DepthResult:
    """The network's depth and what it costs to turn it into what the caller wants.

    Post-processing is lazy: ``depth`` and ``colored()`` (display size: the photo's up to DISPLAY_PIXELS) each do
    only their own work and add its time to the ``postprocess`` stage; ``full_depth()`` (the photo's size, for
    files) is computed only when asked, and timed as ``full size``.
    """

    raw: np.ndarray  # S x S float32 metres, as the network predicted it
    size: tuple[int, int]  # (width, height) of the upright photo
    timings_ms: dict[str, float] = field(default_factory=dict)
    guide: Guide | None = field(default=None, repr=False)  # None: plain bilinear
    _lazy: _Lazy = field(default_factory=_Lazy, repr=False)

    @property
    def total_ms(self) -> float:
        return sum(self.timings_ms.values())

    @property
    def display_size(self) -> tuple[int, int]:
        """(width, height) of ``depth`` and ``colored()``: the photo's, shrunk to at most DISPLAY_PIXELS."""
        return display_size(*self.size, DISPLAY_PIXELS)

    def timing_line(self) -> str:
        """One line a person can read: every stage and the total, in milliseconds."""
        stages = " · ".join(f"{stage} {ms:.1f}" for stage, ms in self.timings_ms.items())
        return f"{self.total_ms:.1f} ms total ({stages} ms)"

    def _timed(self, fn, stage: str = "postprocess"):
        start = time.perf_counter()
        value = fn()
        self.timings_ms[stage] = self.timings_ms.get(stage, 0.0) + (time.perf_counter() - start) * 1000
        return value

    def _coefficients(self) -> np.ndarray:
        if self._lazy.coefficients is None:
            self._lazy.coefficients = guided_coefficients(self.raw, self.guide.grey_small, self.guide.radius)
        return self._lazy.coefficients

    @property
    def depth(self) -> np.ndarray:
        """H x W float32 metres at ``display_size`` (the photo's size for photos up to DISPLAY_PIXELS): guided by
        the photo's edges when the estimator refines, else bilinear from the network's resolution."""
        if self._lazy.depth is None:
            width, height = self.display_size
            if self.guide is None:
                self._lazy.depth = self._timed(lambda: resize_depth(self.raw, width, height))
            else:
                self._lazy.depth = self._timed(
                    lambda: apply_coefficients(self._coefficients(), self.guide.luma, width, height,
                                               self.guide.threads))
        return self._lazy.depth

    def full_depth(self, photo: Image.Image | None = None) -> np.ndarray:
        """H x W float32 metres at the photo's own size, for files: ``depth`` itself when that is the photo's size,
        else refined band by band against the full photo (``photo`` if the caller has it decoded, else the source
        decoded again), and kept for a repeated download within FULL_DEPTH_CACHE_BYTES."""
        if self.display_size == self.size:
            return self.depth
        full = FULL_DEPTHS.get(self._lazy)
        if full is None:
            if self.guide is None:
                full = self._timed(lambda: resize_depth(self.raw, *self.size), "full size")
            else:
                guide = photo if photo is not None else load_image(self.guide.source)
                full = self._timed(lambda: apply_coefficients(self._coefficients(), guide, *self.size,
                                                              self.guide.threads), "full size")
            FULL_DEPTHS.put(self._lazy, full)
        return full

    def colored(self, cmap: str = DEFAULT_CMAP) -> Image.Image:
        """RGB image at ``display_size``: the refined depth coloured, or (unrefined) coloured at the network's
        resolution then upsampled, which is the same picture for less work."""
        if self.guide is None:
            return self._timed(lambda: colorize(self.raw, cmap, self.display_size))
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
        """The network's depth for one photo, with what refining it needs (nothing photo-sized is kept: a 49 MP
        photo's pixels are freed when this returns; ``full_depth`` decodes it again if a file is wanted)."""
        timings = {}
        t0 = time.perf_counter()
        image, (width, height) = load_photo(source, min_side=self.input_size)
        t1 = time.perf_counter()
        batch = to_model_input(image, self.input_size)
        guide = self._guide(batch[0], image, source, (width, height)) if self.refine_radius else None
        del image
        t2 = time.perf_counter()
        raw = self.infer(batch)[0]
        t3 = time.perf_counter()
        timings.update(decode=(t1 - t0) * 1000, preprocess=(t2 - t1) * 1000, model=(t3 - t2) * 1000)
        return DepthResult(raw, (width, height), timings, guide)

    def _guide(self, model_input: np.ndarray, image: Image.Image, source: ImageInput,
               size: tuple[int, int]) -> Guide:
        """The refinement's guide: grey at the network's size, and a grey copy no bigger than the display."""
        shown = display_size(*size, DISPLAY_PIXELS)
        luma = image.convert("L")
        if luma.width * luma.height > shown[0] * shown[1]:  # e.g. a 49 MP PNG, which has no draft mode
            luma = luma.resize(shown, Image.BILINEAR)
        return Guide(grey(model_input), luma, self.refine_radius, None if shown == size else source, self.threads)


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
    model = model or next(iter(load_registry()))
    if model.endswith(".onnx"):
        return DepthEstimator(model, threads=threads, flip_average=flip_average)
    if flip_average or threads or fresh:
        return DepthEstimator.from_spec(get_spec(model), threads=threads, flip_average=flip_average)
    return get_estimator(model)
