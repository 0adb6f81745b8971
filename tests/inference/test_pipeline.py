import numpy as np
import pytest

from depth_core.errors import DepthCoreError, InvalidImageError, WeightsError
from depth_core.inference.pipeline import DepthEstimator, get_estimator
from depth_core.inference.registry import load_registry

MODELS = list(load_registry())


@pytest.mark.parametrize("name", MODELS)
def test_gallery_photo_gives_positive_depth_at_photo_size(name, photo):
    result = get_estimator(name).predict(photo)
    assert result.depth.shape == (480, 640) and result.depth.dtype == np.float32
    assert np.all(result.depth > 0) and np.all(np.isfinite(result.depth))
    assert 0.2 < np.median(result.depth) < 20  # metres, indoor scale
    assert set(result.timings_ms) == {"decode", "preprocess", "model", "postprocess"}  # .depth was read


def test_estimator_is_built_once():
    assert get_estimator(MODELS[0]) is get_estimator(MODELS[0])


def test_post_processing_is_lazy_and_timed(photo):
    estimator = DepthEstimator.from_spec(load_registry()[MODELS[0]], refine_radius=0)
    result = estimator.predict(photo)
    side = estimator.input_size
    assert "postprocess" not in result.timings_ms and result.raw.shape == (side, side)
    colored = np.asarray(result.colored())
    assert colored.shape == (480, 640, 3) and colored.dtype == np.uint8
    after_colour = result.timings_ms["postprocess"]
    assert result.depth.shape == (480, 640) and result.timings_ms["postprocess"] > after_colour
    assert result.timing_line().endswith("ms)")


def test_refined_depth_is_computed_once_and_follows_the_photos_edges(photo):
    """A photo half black, half white: the refined map changes most at that edge, the bilinear one does not."""
    from PIL import Image

    spec = load_registry()[MODELS[0]]
    image = Image.new("RGB", (640, 480), "black")
    image.paste((255, 255, 255), (320, 0, 640, 480))
    refined = DepthEstimator.from_spec(spec).predict(image)
    colored = refined.colored()
    spent = refined.timings_ms["postprocess"]
    assert refined.depth is refined.depth and refined.timings_ms["postprocess"] == spent  # cached
    assert colored.size == (640, 480)
    jump = np.abs(np.diff(refined.depth[240])) / refined.depth[240, 1:]
    assert 318 <= int(np.argmax(jump)) <= 320
    plain = DepthEstimator.from_spec(spec, refine_radius=0).predict(image).depth
    assert refined.depth.shape == plain.shape and np.isfinite(refined.depth).all() and (refined.depth > 0).all()


def test_colour_from_the_raw_map_matches_colouring_the_resized_depth(photo):
    from depth_core.inference.colormap import colorize

    result = get_estimator(MODELS[0]).predict(photo)
    fast = np.asarray(result.colored()).astype(int)
    slow = np.asarray(colorize(result.depth)).astype(int)
    assert np.mean(np.abs(fast - slow)) < 6  # of 255: the same picture up to interpolation order


def test_bad_input_raises_a_user_error():
    with pytest.raises(InvalidImageError):
        get_estimator(MODELS[0]).predict(b"not an image")


def test_any_onnx_file_can_be_loaded(photo):
    spec = load_registry()[MODELS[0]]
    estimator = DepthEstimator(spec.bundled_path)
    assert estimator.predict(photo).depth.shape == (480, 640)


def test_unknown_model_name_is_a_user_error():
    with pytest.raises(DepthCoreError, match="unknown model 'nope'"):
        get_estimator("nope")


@pytest.fixture
def fresh_slots(monkeypatch):
    """get_estimator with no model loaded yet, and DepthEstimator.from_spec replaced by what the test says."""
    from depth_core.inference import pipeline

    monkeypatch.setattr(pipeline, "_slots", {})
    return lambda make: monkeypatch.setattr(pipeline.DepthEstimator, "from_spec", staticmethod(make))


def test_a_failed_model_is_remembered_not_retried_at_every_request(fresh_slots, monkeypatch):
    from depth_core.inference import pipeline
    from depth_core.errors import WeightsError

    attempts = []

    def broken(spec):
        attempts.append(spec.name)
        raise WeightsError("No usable weights")

    fresh_slots(broken)
    for _ in range(3):
        with pytest.raises(WeightsError):
            get_estimator(MODELS[0])
    assert attempts == [MODELS[0]]
    monkeypatch.setattr(pipeline, "RETRY_AFTER_S", 0.0)  # once the retry time has passed, it tries again
    with pytest.raises(WeightsError):
        get_estimator(MODELS[0])
    assert attempts == [MODELS[0]] * 2


def test_a_slow_model_stalls_no_other_and_status_does_not_wait(fresh_slots):
    import threading

    from depth_core.inference.pipeline import peek_estimator

    release = threading.Event()

    def make(spec):
        if spec.name == MODELS[0]:
            release.wait(30)  # a Hub that does not answer
        return f"estimator for {spec.name}"

    fresh_slots(make)
    slow = threading.Thread(target=get_estimator, args=(MODELS[0],), daemon=True)
    slow.start()
    try:
        done = threading.Event()
        threading.Thread(target=lambda: (get_estimator(MODELS[1]), done.set()), daemon=True).start()
        assert done.wait(5), "the healthy model waited for the slow one"
        assert peek_estimator(MODELS[0]) is None and peek_estimator(MODELS[1]) == f"estimator for {MODELS[1]}"
    finally:
        release.set()
        slow.join(5)
    assert peek_estimator(MODELS[0]) == f"estimator for {MODELS[0]}"


def test_input_size_is_read_from_the_onnx_file(tmp_path, photo):
    """A 64x64 model (a 1x1 conv on the red channel) runs at 64 without being told."""
    from ..tiny import tiny_onnx

    estimator = DepthEstimator(tiny_onnx(tmp_path / "tiny.onnx"))
    result = estimator.predict(photo)
    assert estimator.input_size == 64 and estimator.name == "tiny" and result.raw.shape == (64, 64)
    assert result.depth.shape == (480, 640)


def test_a_channels_first_onnx_file_is_refused_with_a_message(tmp_path):
    """N x 3 x H x W (as PyTorch exports) would be read as a 3-pixel input and fail inside ONNX Runtime."""
    import onnx
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 64, 64])
    y = helper.make_tensor_value_info("depth", TensorProto.FLOAT, [1, 1, 64, 64])
    axes = helper.make_tensor("axes", TensorProto.INT64, [1], [1])
    graph = helper.make_graph([helper.make_node("ReduceSum", ["image", "axes"], ["depth"], keepdims=1)], "nchw",
                              [x], [y], [axes])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), tmp_path / "nchw.onnx")
    with pytest.raises(WeightsError, match="N x H x W x 3"):
        DepthEstimator(tmp_path / "nchw.onnx")


from .. import corpus  # noqa: E402


@pytest.mark.parametrize("case", corpus.cases(), ids=lambda case: case.name)
def test_bad_input_corpus_through_the_package(case, tmp_path):
    """Every case gives a depth map at its upright size (shown at most 1 MP), or a DepthCoreError with its message."""
    path = case.write(tmp_path)
    estimator = get_estimator(MODELS[0])
    if isinstance(case.expect, str):
        with pytest.raises(DepthCoreError, match=case.expect):
            estimator.predict(path)
    else:
        result = estimator.predict(path)
        assert result.colored().size == result.display_size == result.depth.shape[::-1] == case.expect
        assert result.full_depth().shape == result.size[::-1]  # files at the photo's own size
        assert np.all(np.isfinite(result.depth))



def test_flip_averaging_mirrors_back_what_it_mirrored(tmp_path):
    """A per-pixel model (depth = red / 100) on a left-to-right ramp: averaged with its mirror image's run,
    mirrored back into place, each pixel keeps its own depth; not mirrored back, the ramp would flatten."""
    from ..tiny import tiny_onnx

    path = tiny_onnx(tmp_path / "tiny.onnx")
    batch = np.zeros((1, 64, 64, 3), np.float32)
    batch[..., 0] = np.linspace(10, 250, 64)[None, None, :]
    plain = DepthEstimator(path).infer(batch)
    averaged = DepthEstimator(path, flip_average=True).infer(batch)
    assert np.allclose(averaged, plain, rtol=1e-5) and plain[0, 0, -1] > 20 * plain[0, 0, 0]


def _split_jpeg(size: tuple[int, int], orientation: int = 1) -> bytes:
    """A JPEG as stored: left half black, right half white, with an EXIF orientation."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, "black")
    image.paste((255, 255, 255), (size[0] // 2, 0, *size))
    exif = image.getexif()
    exif[274] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def test_a_phone_photo_is_refined_and_coloured_at_display_size_and_at_full_size_only_on_request():
    from depth_core.inference import pipeline

    result = get_estimator(MODELS[0]).predict(_split_jpeg((4032, 3024)))
    width, height = result.display_size
    assert result.size == (4032, 3024) and width * height <= pipeline.DISPLAY_PIXELS
    assert abs(width / height - 4 / 3) < 0.01 and width >= 1000
    assert result.depth.shape == (height, width) and result.colored().size == (width, height)
    assert "full size" not in result.timings_ms  # a view never pays for the photo's 12 MP
    full = result.full_depth()
    assert full.shape == (3024, 4032) and full.dtype == np.float32 and (full > 0).all()
    spent = result.timings_ms["full size"]
    assert result.full_depth() is full and result.timings_ms["full size"] == spent  # once, then kept
    from PIL import Image

    shrunk = np.asarray(Image.fromarray(full, "F").resize((width, height), Image.BOX))
    assert np.median(np.abs(shrunk - result.depth) / result.depth) < 0.01  # the same depth, at two sizes


def test_a_copy_from_recent_predictions_shares_the_full_size_depth():
    from dataclasses import replace

    result = get_estimator(MODELS[0]).predict(_split_jpeg((2400, 1800)))
    copy = replace(result, timings_ms=dict(result.timings_ms))
    assert copy.full_depth() is result.full_depth()


def test_a_full_size_depth_too_large_for_the_cache_is_not_kept(monkeypatch):
    from depth_core.inference import pipeline

    monkeypatch.setattr(pipeline, "FULL_DEPTHS", pipeline._FullDepths(budget=1 << 20))
    result = get_estimator(MODELS[0]).predict(_split_jpeg((2400, 1800)))
    first = result.full_depth()
    assert result.full_depth() is not first and np.array_equal(result.full_depth(), first)


@pytest.mark.parametrize("orientation, upright", [(1, (2000, 1500)), (6, (1500, 2000)), (3, (2000, 1500))])
def test_exif_orientation_holds_for_the_draft_decoded_view_and_the_full_size_depth(monkeypatch, orientation, upright):
    """Stored left black, right white: upright the edge runs down the middle (1, 3) or across it (6); both the
    display-size depth (from a draft-decoded photo) and the full-size one must change most at that edge."""
    from depth_core.inference import pipeline

    monkeypatch.setattr(pipeline, "DISPLAY_PIXELS", 400_000)
    result = get_estimator(MODELS[0]).predict(_split_jpeg((2000, 1500), orientation))
    assert result.size == upright
    width, height = result.display_size
    assert result.depth.shape == (height, width) and (width > height) == (upright[0] > upright[1])
    for depth in (result.depth, result.full_depth()):
        along = depth[depth.shape[0] // 2] if orientation != 6 else depth[:, depth.shape[1] // 2]
        jump = np.abs(np.diff(along)) / along[1:]
        assert abs(int(np.argmax(jump)) - len(along) / 2) <= 0.02 * len(along)
