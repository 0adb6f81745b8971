import numpy as np

from depth_core.evaluation.rgbd import list_pairs
from depth_core.training.data import Augment, augment_pair, load_arrays, make_batches

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


def test_a_zoom_brings_depth_closer():
    """FastDepth's rule: zooming in by s makes everything look s times closer, so depth is divided by s."""
    rgb, depth = np.full((48, 64, 3), 128, np.uint8), np.full((48, 64), 2.0, np.float32)
    augment = Augment(flip=False, max_rotation_deg=0.0, max_scale=1.5, colour_jitter=0.0)
    zoomed = [augment_pair(rgb, depth, 32, augment, np.random.default_rng(i))[1] for i in range(6)]
    factors = np.array([z.mean() / 2.0 for z in zoomed])
    assert (factors < 1.0).all() and (factors >= 1 / 1.5 - 1e-6).all()


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
