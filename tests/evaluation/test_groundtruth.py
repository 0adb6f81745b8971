import numpy as np
import pytest
from PIL import Image

from depth_core.errors import DepthCoreError
from depth_core.inference.depth_files import save_depth
from depth_core.evaluation.groundtruth import check, error_map, load_ground_truth

from ..conftest import REPO


@pytest.fixture
def gt() -> np.ndarray:
    return np.tile(np.linspace(1.0, 4.0, 64, dtype=np.float32), (48, 1))


def test_png_millimetres_and_npy_metres_load_to_the_same_metres(gt, tmp_path):
    from_png = load_ground_truth(save_depth(gt, tmp_path / "gt.png"))
    from_npy = load_ground_truth(save_depth(gt, tmp_path / "gt.npy"))
    assert np.allclose(from_png, gt, atol=5e-4) and np.array_equal(from_npy, gt)


def test_the_shipped_tum_pair_loads_in_metres():
    depth = load_ground_truth(REPO / "examples" / "rgbd" / "depth" / "tum_fr2_desk_pair.png")
    assert depth.shape == (480, 640) and 0.5 < np.median(depth[depth > 0]) < 5


def test_a_pickled_npy_is_refused_not_run(tmp_path):
    path = tmp_path / "evil.npy"
    np.save(path, np.array([{"a": 1}], dtype=object))  # np.save pickles object arrays by default
    with pytest.raises(DepthCoreError, match="could not be read"):
        load_ground_truth(path)


def test_an_8bit_png_or_another_format_is_refused(tmp_path):
    Image.new("L", (8, 8)).save(tmp_path / "grey.png")
    with pytest.raises(DepthCoreError, match="16-bit"):
        load_ground_truth(tmp_path / "grey.png")
    (tmp_path / "gt.txt").write_text("1 2 3")
    with pytest.raises(DepthCoreError, match="16-bit PNG in mm or a .npy"):
        load_ground_truth(tmp_path / "gt.txt")


def test_a_huge_or_tiny_ground_truth_is_refused_before_it_is_decoded(tmp_path):
    """A blank 16-bit PNG or a .npy header can claim billions of pixels in a few kilobytes: the size is checked
    first, as for photos."""
    Image.new("I;16", (7100, 7100)).save(tmp_path / "huge.png")  # 50.4 MP: above the photos' 50 MP limit
    np.lib.format.open_memmap(tmp_path / "huge.npy", mode="w+", dtype=np.float32, shape=(7100, 7100)).flush()
    np.save(tmp_path / "tiny.npy", np.ones((4, 4), np.float32))
    for name, message in (("huge.png", "too large"), ("huge.npy", "too large"), ("tiny.npy", "too small")):
        with pytest.raises(DepthCoreError, match=message):
            load_ground_truth(tmp_path / name)


def test_a_perfect_shape_at_twice_the_scale_is_perfect_only_after_median_scaling(gt):
    result = check(gt * 2, gt)
    assert result.median_scaled["abs_rel"] == pytest.approx(0, abs=1e-6) and result.median_scaled["delta1"] == 1
    assert result.metric["abs_rel"] == pytest.approx(1.0, abs=1e-5) and result.metric["delta1"] == 0
    assert result.metric["scale"] == pytest.approx(2.0) and result.valid_fraction == 1.0
    assert result.rows("MobileNetV2")[1][:3] == ["MobileNetV2", "median", 0.0]


def test_a_perfect_prediction_has_skill_over_the_priors_and_a_constant_guess_has_none(gt):
    result = check(gt, gt)
    assert [row[0] for row in result.prior_rows()] == ["constant prior", "gradient prior"]
    assert result.skill["delta1"] > 0 and result.skill["abs_rel"] > 0
    flat = check(np.ones_like(gt), gt)
    assert flat.skill["delta1"] <= 0 and flat.median_scaled == flat.priors["constant"]


def test_prediction_is_resized_to_the_ground_truth_but_another_view_is_refused(gt):
    big = np.asarray(Image.fromarray(gt, "F").resize((128, 96), Image.BILINEAR))
    assert check(big, gt).median_scaled["delta1"] > 0.99
    with pytest.raises(DepthCoreError, match="not the same view"):
        check(np.ones((64, 64), np.float32), gt)


def test_error_map_is_dark_where_right_bright_where_wrong_grey_where_unknown(gt):
    pred = gt.copy()
    pred[:, 32:] *= 2  # right half 100 % off
    gt = gt.copy()
    gt[0] = 0
    image = np.asarray(error_map(pred, gt))
    assert image.shape == (48, 64, 3)
    assert image[10, 5].sum() < 30 and image[10, 60].min() > 150 and image[0, 5].tolist() == [128] * 3
