import pytest
from PIL import Image

from depth_core.outputs.batch import inputs, predict_all
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry


@pytest.fixture
def estimator():
    return get_estimator(next(iter(load_registry())))


def test_every_frame_of_a_video_gets_a_16bit_depth_map(estimator, video, tmp_path):
    report = predict_all(estimator, video, tmp_path / "out", color=True, progress=False)
    assert report.written == 5 and not report.skipped and report.images_per_second > 0
    depth = Image.open(tmp_path / "out" / "clip_000004_depth.png")
    assert depth.mode == "I;16" and depth.size == (320, 240)
    assert (tmp_path / "out" / "clip_000000_color.jpg").exists()


def test_an_unreadable_video_is_a_clear_error(estimator, tmp_path):
    from depth_core.errors import InvalidImageError

    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(InvalidImageError, match="not a video"):
        predict_all(estimator, bad, tmp_path / "out", progress=False)


def test_inputs_of_a_folder_are_sorted_images_only(tmp_path, photo):
    (tmp_path / "b.jpg").write_bytes(photo.read_bytes())
    (tmp_path / "a.png").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x")
    count, items = inputs(tmp_path)
    assert count == 2 and [name for name, _ in items] == ["a", "b"]
