"""Which views are rendered: reproducible from a seed, and only those a person would photograph."""
import numpy as np

from depth_core.training.synthetic import TexturePool, plausible_view, render_frame


def test_frames_are_reproducible_from_a_seed_and_depth_is_metric():
    pool = TexturePool(np.random.default_rng(0), procedural=6, photos=0)
    a = render_frame(np.random.default_rng(7), pool, 64, 48)
    b = render_frame(np.random.default_rng(7), pool, 64, 48)
    assert np.array_equal(a.rgb, b.rgb) and np.array_equal(a.depth, b.depth)
    valid = a.depth[a.depth > 0]
    assert a.rgb.shape == (48, 64, 3) and a.rgb.dtype == np.uint8
    assert 0.2 < valid.min() and valid.max() < 20 and 0.5 < (a.depth > 0).mean()


def test_views_spanning_more_depth_than_a_handheld_photo_are_drawn_again():
    rows = np.linspace(0, 1, 48)[:, None] * np.ones((1, 64))
    prim = (np.arange(64)[None, :] // 8 * np.ones((48, 1))).astype(np.int32)  # eight surfaces side by side
    assert plausible_view((1.5 + 2.0 * rows).astype(np.float32), prim)  # 1.5-3.5 m: spread about 2
    assert not plausible_view((1.5 + 8.0 * rows).astype(np.float32), prim)  # 1.5-9.5 m: a view down a hall
    assert plausible_view((1.5 + 8.0 * rows).astype(np.float32), prim, max_spread=np.inf)  # only the limit says no
    assert not plausible_view(np.full((48, 64), 2.0, np.float32), prim)  # a flat wall
    assert not plausible_view((0.4 + 0.4 * rows).astype(np.float32), prim)  # a close-up
