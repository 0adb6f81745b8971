import json

from depth_core.evaluate import evaluate, markdown_table
from depth_core.pipeline import get_estimator
from depth_core.registry import load_registry


def test_evaluation_on_public_rgbd_pairs(rgbd_folder):
    name = next(iter(load_registry()))
    ev = evaluate(get_estimator(name), rgbd_folder)
    assert ev.images == 2 and ev.dataset == rgbd_folder.name
    assert 0 < ev.metric["delta1"] <= 1 and 0 < ev.median_scaled["abs_rel"] < 1
    assert ev.median_scaled["delta1"] >= ev.metric["delta1"] - 0.2  # scaling rarely hurts much
    assert json.loads(ev.to_json())["model"] == name
    table = markdown_table([ev])
    assert table.count("\n") == 3 and "| metric |" in table and "| median |" in table
