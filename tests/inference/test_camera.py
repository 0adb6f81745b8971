import pytest

from depth_core.inference.camera import DEFAULT_FOV_DEG, camera_for, from_fov, load_intrinsics, parse_intrinsics
from depth_core.errors import DepthCoreError

from ..conftest import REPO


def test_ninety_degrees_puts_the_focal_length_at_half_the_width():
    cam = from_fov(640, 480, 90)
    assert cam.fx == pytest.approx(320) and cam.fy == cam.fx and (cam.cx, cam.cy) == (320, 240)
    assert from_fov(640, 480, 30).fx > from_fov(640, 480, DEFAULT_FOV_DEG).fx  # narrower view, longer lens


def test_intrinsics_text_round_trips_and_wins_over_the_field_of_view():
    tum = load_intrinsics(REPO / "examples" / "rgbd" / "intrinsics" / "tum_fr2_desk_pair.json")
    assert (tum.fx, tum.cy) == (520.9, 249.7) and "freiburg2" in tum.source
    parsed = camera_for(640, 480, 60, tum.text())
    assert (parsed.fx, parsed.fy, parsed.cx, parsed.cy) == (520.9, 521.0, 325.1, 249.7)
    assert camera_for(640, 480, 60, "  ").source.startswith("60°")


@pytest.mark.parametrize("text", ["1 2 3", "a, b, c, d", "0, 500, 320, 240"])
def test_bad_intrinsics_say_what_is_expected(text):
    with pytest.raises(DepthCoreError, match="four numbers"):
        parse_intrinsics(text)


def test_absurd_field_of_view_is_refused():
    with pytest.raises(DepthCoreError, match="field of view"):
        from_fov(640, 480, 180)
