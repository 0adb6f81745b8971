from PIL import Image

from gallery import EXAMPLES_DIR, example_photos, rgbd_examples, thumbnail


def test_rgbd_examples_are_the_public_pairs_with_exact_intrinsics():
    pairs = rgbd_examples()
    assert [p.rgb.name for p in pairs] == ["tum_fr2_desk_pair.jpg", "tum_fr3_office_pair.jpg"]
    assert all(p.rgb.is_relative_to(EXAMPLES_DIR) and p.depth.suffix == ".png" for p in pairs)
    assert pairs[0].camera.fx == 520.9 and pairs[1].camera.fx == 535.4


def test_nothing_outside_examples_is_listed(tmp_path):
    assert rgbd_examples(tmp_path) == [] and example_photos(tmp_path) == {"Indoor rooms": [], "Other scenes": []}


def test_thumbnails_are_small_and_made_once(photo, tmp_path):
    thumb = thumbnail(photo, 160, tmp_path)
    assert max(Image.open(thumb).size) == 160 and thumb.stat().st_size < 15_000
    mtime = thumb.stat().st_mtime_ns
    assert thumbnail(photo, 160, tmp_path) == thumb and thumb.stat().st_mtime_ns == mtime
