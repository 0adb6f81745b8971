import numpy as np
import pytest

from depth_core.errors import InvalidImageError
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry
from depth_core.outputs.video import depth_video, probe


@pytest.fixture
def estimator():
    return get_estimator(next(iter(load_registry())))


def test_every_frame_becomes_a_frame_of_a_browser_playable_depth_video(estimator, video, tmp_path):
    cv2 = pytest.importorskip("cv2")
    seen = []
    report = depth_video(estimator, video, tmp_path / "depth.mp4", "magma", progress=seen.append)
    assert report.path.suffix == ".webm" and report.frames == 5 and seen == [1, 2, 3, 4, 5]
    assert report.fps == pytest.approx(10) and not report.truncated and probe(video) == (10, 5)
    capture = cv2.VideoCapture(str(report.path))
    frames = []
    while (frame := capture.read())[0]:
        frames.append(frame[1])
    capture.release()
    assert len(frames) == 5 and frames[0].shape == (240, 320, 3) and np.std(frames[0]) > 10
    line = report.timing_line()
    assert "5 frames" in line and "model" in line and "encode" in line and "frames/s" in line


def test_a_long_video_stops_at_the_limit_and_says_so(estimator, video, tmp_path):
    report = depth_video(estimator, video, tmp_path / "d", "turbo", max_frames=2)
    assert report.frames == 2 and report.truncated and "first" in report.timing_line()


def test_a_file_that_is_not_a_video_is_a_clear_error(estimator, tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"nope")
    with pytest.raises(InvalidImageError):
        depth_video(estimator, bad, tmp_path / "d", "turbo")
