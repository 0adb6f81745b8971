import pytest

from depth_core.outputs.legend import colorbar_html, tick_position, ticks


def test_ends_of_the_bar_are_near_and_far():
    assert tick_position(1.0, 1.0, 5.0) == 0.0 and tick_position(5.0, 1.0, 5.0) == pytest.approx(1.0)
    assert tick_position(2.0, 1.0, 5.0) == pytest.approx(0.625)  # linear in 1/depth, not in metres


def test_ticks_are_round_inside_and_apart():
    chosen = ticks(0.8, 6.0)
    values = [v for v, _ in chosen]
    assert values and all(0.8 < v < 6.0 for v in values)
    positions = sorted(p for _, p in chosen)
    assert all(b - a >= 0.14 for a, b in zip(positions, positions[1:]))


def test_html_names_the_range_in_metres_and_uses_the_map():
    text = colorbar_html("grey", 0.85, 4.2)
    assert "near 0.85 m" in text and "far 4.2 m" in text
    assert "rgb(255,255,255) 0%" in text and "rgb(0,0,0) 100%" in text
