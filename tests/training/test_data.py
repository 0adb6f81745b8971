import numpy as np
import pytest

from depth_core.evaluation.rgbd import list_pairs
from depth_core.training.data import Augment, augment_pair, load_arrays, make_batches

STILL = {"flip": False, "max_rotation_deg": 0.0, "max_scale": 1.0, "colour_jitter": 0.0}  # no geometry, no jitter


def test_augmentation_keeps_image_and_depth_aligned():
    """Red channel and depth both encode the column: after any augmentation they must still agree."""
    x = np.tile(np.linspace(10, 250, 64), (48, 1))
    rgb = np.stack([x, np.zeros_like(x), np.zeros_like(x)], -1).astype(np.uint8)
    depth = (1.0 + x / 100.0).astype(np.float32)
    augment = Augment(colour_jitter=0.0)
    batches = make_batches(rgb[None], depth[None], 1, 32, augment, seed=0, shuffle=False)
    for epoch in range(8):
        batches.on_epoch_end()
        image, target = batches[0]
        red, d = image[0, ..., 0], target[0, ..., 0]
        valid = (d > 0) & (red > 20)  # away from rotated corners
        k = d[valid] / (1.0 + red[valid] / 100.0)  # the scale factor applied to depth
        assert np.std(k) < 0.05 * np.mean(k), epoch
        assert np.mean(k) <= 1.0 + 1e-3  # zooming in only brings things closer


@pytest.mark.parametrize("moves_camera", [True, False])
def test_a_zoom_brings_depth_closer_only_when_it_stands_for_a_camera_move(moves_camera):
    """FastDepth's rule divides depth by the zoom; read as a longer lens, a crop leaves depth as it is."""
    rgb, depth = np.full((48, 64, 3), 128, np.uint8), np.full((48, 64), 2.0, np.float32)
    augment = Augment(flip=False, max_rotation_deg=0.0, max_scale=1.5, colour_jitter=0.0,
                      zoom_moves_camera=moves_camera)
    zoomed = [augment_pair(rgb, depth, 32, augment, np.random.default_rng(i))[1] for i in range(6)]
    factors = np.array([z.mean() / 2.0 for z in zoomed])
    if moves_camera:
        assert (factors < 1.0).all() and (factors >= 1 / 1.5 - 1e-6).all()
    else:
        np.testing.assert_allclose(factors, 1.0)


def test_batches_have_model_shapes(synthetic_rgbd):
    rgb, depth = load_arrays(list_pairs(synthetic_rgbd))
    batches = make_batches(rgb, depth, 4, 32, Augment(), seed=0, shuffle=True)
    x, y = batches[0]
    assert len(batches) == 2
    assert x.shape == (4, 32, 32, 3) and y.shape == (4, 32, 32, 1)
    assert x.dtype == np.float32 and 0 <= x.min() and x.max() <= 255
    assert (y == 0).any() and (y > 0).any()  # holes survive as holes


def test_mixed_batches_give_each_source_its_share_of_every_batch():
    from depth_core.training.data import mixed_batches

    kitchen = (np.zeros((5, 16, 16, 3), np.uint8), np.full((5, 16, 16), 1.0, np.float32))
    rooms = (np.zeros((50, 16, 16, 3), np.uint8), np.full((50, 16, 16), 3.0, np.float32))
    batches = mixed_batches([kitchen, rooms], [0.25, 0.75], 8, 16, None, seed=0, shuffle=True, steps=7)
    assert len(batches) == 7
    for i in range(len(batches)):
        _, depth = batches[i]
        per_image = depth.reshape(8, -1).max(axis=1)
        assert (per_image == 1.0).sum() == 2 and (per_image == 3.0).sum() == 6


def test_batches_at_several_sizes_come_each_at_one_of_them_and_all_of_them_come():
    from depth_core.training.data import mixed_batches

    rooms = (np.zeros((50, 24, 32, 3), np.uint8), np.full((50, 24, 32), 3.0, np.float32))
    batches = mixed_batches([rooms], [1.0], 4, (16, 24, 32), None, seed=0, shuffle=True, steps=30)
    shapes = [(x.shape[1:3], y.shape[1:3]) for x, y in (batches[i] for i in range(len(batches)))]
    assert all(image == depth for image, depth in shapes)  # photo and depth of a batch at one size
    assert {image for image, _ in shapes} == {(16, 16), (24, 24), (32, 32)}


def test_each_source_can_carry_its_frames_silog_lambda_in_a_second_target_channel():
    from depth_core.training.data import mixed_batches

    kitchen = (np.zeros((5, 16, 16, 3), np.uint8), np.full((5, 16, 16), 1.0, np.float32), np.full(5, 0.5))
    rooms = (np.zeros((50, 16, 16, 3), np.uint8), np.full((50, 16, 16), 3.0, np.float32), np.full(50, 1.0))
    _, target = mixed_batches([kitchen, rooms], [0.25, 0.75], 8, 16, None, seed=0, shuffle=True, steps=1)[0]
    assert target.shape == (8, 16, 16, 2)
    depth, lam = target[..., 0].reshape(8, -1).max(axis=1), target[..., 1].reshape(8, -1)
    assert (lam.min(axis=1) == lam.max(axis=1)).all()  # one lambda per image
    np.testing.assert_array_equal(lam[:, 0], np.where(depth == 1.0, 0.5, 1.0))
    with pytest.raises(ValueError, match="every source"):
        mixed_batches([kitchen, rooms[:2]], [0.25, 0.75], 8, 16, None, seed=0, shuffle=True, steps=1)


def test_camera_blur_and_noise_change_the_photo_only():
    """A sharp edge gets soft and a flat area grainy; the depth, drawn with the same random numbers, is untouched."""
    rgb = np.full((48, 64, 3), 60, np.uint8)
    rgb[:, 32:] = 200
    depth = np.full((48, 64), 2.0, np.float32)
    plain_x, plain_y = augment_pair(rgb, depth, 64, Augment(**STILL), np.random.default_rng(0))
    camera_x, camera_y = augment_pair(rgb, depth, 64, Augment(**STILL, max_blur=3.0, max_noise=10.0),
                                      np.random.default_rng(0))
    np.testing.assert_array_equal(camera_y, plain_y)
    assert np.abs(np.diff(camera_x[24, 28:36, 0])).max() < 200  # the edge is no longer one step
    assert camera_x[:, :16].std() > 0  # the flat grey area has noise
    np.testing.assert_array_equal(plain_x[:, :16], 60)


def test_a_light_field_varies_smoothly_over_the_photo_and_leaves_depth_alone():
    """A flat grey photo gets brighter and darker regions, not noise; its overall brightness and the depth stay."""
    rgb, depth = np.full((48, 64, 3), 100, np.uint8), np.full((48, 64), 2.0, np.float32)
    lit_x, lit_y = augment_pair(rgb, depth, 64, Augment(**STILL, max_shading=0.5), np.random.default_rng(3))
    np.testing.assert_array_equal(lit_y, 2.0)
    grey = lit_x[..., 0]
    assert grey.std() > 3  # lit unevenly
    assert abs(np.log(grey).mean() - np.log(100)) < 0.02  # centred: the colour jitter sets the brightness
    steps = max(np.abs(np.diff(grey, axis=0)).max(), np.abs(np.diff(grey, axis=1)).max())
    assert steps < (grey.max() - grey.min()) / 4  # smooth: neighbours differ by a small part of the whole range
    np.testing.assert_array_equal(lit_x[..., 0], lit_x[..., 2])  # the same gain on every channel


def test_a_colour_mix_changes_hues_but_keeps_greys_and_depth():
    """A red patch turns another colour; a grey patch stays grey (each mix's rows sum to 1); depth is untouched."""
    rgb = np.full((48, 64, 3), 128, np.uint8)
    rgb[:, :32] = (200, 40, 40)
    depth = np.full((48, 64), 2.0, np.float32)
    mixed_x, mixed_y = augment_pair(rgb, depth, 64, Augment(**STILL, max_colour_mix=1.0), np.random.default_rng(5))
    np.testing.assert_array_equal(mixed_y, 2.0)
    assert np.abs(mixed_x[24, 8] - (200, 40, 40)).max() > 10  # the red patch changed colour
    np.testing.assert_allclose(mixed_x[24, 56], 128, atol=1)  # the grey patch did not


def test_cut_depth_shows_the_true_depth_as_grey_in_a_rectangle_and_keeps_depth():
    """Inside the rectangle the photo is the depth as grey (2.5 m of 10 m: 64 of 255, on every channel); outside it
    and in depth nothing moves; with no chance set, nothing is cut."""
    rgb = np.full((64, 64, 3), 200, np.uint8)  # the model's size: resizing leaves it as it is
    depth = np.full((64, 64), 2.5, np.float32)
    always = Augment(**STILL, cut_depth=1.0)
    cut = [augment_pair(rgb, depth, 64, always, np.random.default_rng(seed)) for seed in range(8)]
    for cut_x, cut_y in cut:
        np.testing.assert_array_equal(cut_y, 2.5)
        changed = np.abs(cut_x - rgb).max(axis=-1) > 0
        assert changed.any() and np.all(cut_x[changed] == 64) and np.all(cut_x[~changed] == 200)
    assert max((np.abs(x - rgb).max(axis=-1) > 0).mean() for x, _ in cut) > 0.05  # a rectangle, not a pixel
    still_x, _ = augment_pair(rgb, depth, 64, Augment(**STILL), np.random.default_rng(0))
    np.testing.assert_array_equal(still_x, rgb)


def test_a_flat_patch_hides_texture_under_its_mean_colour_and_keeps_depth():
    """Inside the patch a striped photo becomes one colour, the stripes' mean; outside it and in depth nothing moves."""
    rgb = np.zeros((64, 64, 3), np.uint8)  # the model's size: resizing leaves it as it is
    rgb[:, ::2] = 200
    depth = np.full((64, 64), 2.0, np.float32)
    patched_x, patched_y = augment_pair(rgb, depth, 64, Augment(**STILL, max_flat_patch=0.5), np.random.default_rng(1))
    np.testing.assert_array_equal(patched_y, 2.0)
    changed = np.abs(patched_x - rgb).max(axis=-1) > 0
    assert 0.05 < changed.mean() < 0.5
    assert np.ptp(patched_x[changed]) == 0 and 90 < patched_x[changed][0, 0] < 110  # one colour: the stripes' mean
