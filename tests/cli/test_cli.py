import json
import subprocess
import sys

import numpy as np
from PIL import Image

from depth_core.cli import main
from depth_core.inference.registry import load_registry

from ..conftest import REPO


def test_predict_writes_16bit_depth_colour_and_npy(photo, tmp_path, capsys):
    assert main(["predict", str(photo), "-o", str(tmp_path), "--color", "--npy"]) == 0
    depth = Image.open(tmp_path / f"{photo.stem}_depth.png")
    assert depth.mode == "I;16" and depth.size == (640, 480)
    assert np.load(tmp_path / f"{photo.stem}_depth.npy").shape == (480, 640)
    assert (tmp_path / f"{photo.stem}_color.jpg").exists()
    assert "1 depth maps" in capsys.readouterr().out


def test_predict_on_a_folder_skips_bad_files_with_a_message(photo, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(photo.read_bytes())
    (folder / "broken.jpg").write_bytes(b"nope")
    assert main(["predict", str(folder), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert (tmp_path / "out" / "a_depth.png").exists()
    assert "broken: skipped" in capsys.readouterr().err


def test_eval_writes_json_and_markdown(rgbd_folder, tmp_path):
    name = next(iter(load_registry()))
    assert main(["eval", str(rgbd_folder), "-m", name, "--json", str(tmp_path / "e.json"),
                 "--markdown", str(tmp_path / "e.md")]) == 0
    evaluation = json.loads((tmp_path / "e.json").read_text())[0]
    assert evaluation["images"] == 2 and set(evaluation["priors"]) == {"constant", "gradient"}
    text = (tmp_path / "e.md").read_text()
    assert "| skill δ1 | skill AbsRel |" in text and f"Mean skill of {name} over 1 sets" in text


def test_bench_runs_on_tiny_settings(photo, tmp_path):
    md = tmp_path / "bench.md"
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(photo.read_bytes())
    assert main(["bench", str(photo), "--runs", "2", "--warmup", "1", "--folder", str(folder),
                 "--markdown", str(md)]) == 0
    text = md.read_text()
    assert "total p50" in text and "peak RSS" in text and "| photos | 1 |" in text


def test_models_lists_sources(capsys):
    assert main(["models", "--offline"]) == 0
    assert "bundled" in capsys.readouterr().out


def test_user_errors_exit_1_with_one_line(tmp_path, capsys):
    assert main(["eval", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and "rgb/ and depth/" in err and "Traceback" not in err
    assert main(["predict", str(tmp_path / "missing.jpg"), "-m", "nope"]) == 1


def test_one_command_line_with_every_command_and_no_keras_until_one_runs():
    code = ("import sys; from depth_core.cli import COMMANDS, build_parser; build_parser(); "
            "heavy = {'keras', 'tensorflow', 'onnxruntime', 'gradio'} & set(sys.modules); assert not heavy, heavy; "
            "print(' '.join(COMMANDS))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["models", "predict", "eval", "bench", "synthetic", "tum", "train", "release", "refresh",
                           "select", "report", "macs", "reference", "push"]


def test_predict_writes_a_point_cloud_with_the_given_field_of_view(photo, tmp_path):
    assert main(["predict", str(photo), "-o", str(tmp_path), "--ply", "--fov", "90", "--quiet"]) == 0
    header = (tmp_path / f"{photo.stem}_points.ply").read_bytes()[:200].decode("latin-1")
    assert header.startswith("ply\nformat binary_little_endian 1.0\nelement vertex ")
    vertices = int(header.split("element vertex ")[1].split()[0])
    assert 0.5 * 640 * 480 < vertices <= 640 * 480  # every pixel with depth, at a 640x480 photo


def test_report_prints_the_skill_table_of_release_records(tmp_path, capsys):
    from ..tiny import tiny_release

    tiny_release(tmp_path / "a")
    assert main(["report", str(tmp_path / "a"), "--labels", "tiny"]) == 0
    assert "| tiny | 0.100 / 0.100 (+0.000 / +0.000) | 0.200 / 0.200 (+0.100 / -0.100) |" in capsys.readouterr().out


def test_select_compares_several_runs_exported_the_same_way(tmp_path, monkeypatch, capsys):
    import depth_core.training.select as select
    from ..training.test_select import _ev

    scores = {"a": 0.75, "b": 0.85}
    monkeypatch.setattr(select, "candidates", lambda run, sizes, radii, dirs, out: [
        (f"{size}x{size}, refine {radius}", [_ev("office", scores[run[-1]]), _ev("rooms", 0.7)])
        for size in sizes for radius in radii])
    assert main(["select", str(tmp_path / "a"), str(tmp_path / "b"), "--labels", "old", "new",
                 "--sizes", "128", "--radii", "6"]) == 0
    out = capsys.readouterr().out
    assert "| old, 128x128, refine 6 |" in out and "**new, 128x128, refine 6**" in out
    assert main(["select", str(tmp_path / "a"), str(tmp_path / "b"), "--labels", "one"]) == 1  # a label short
    assert "one label per run" in capsys.readouterr().err
    assert main(["select", str(tmp_path / "a"), "--sizes", "128", "--radii", "6"]) == 0
    assert "| 128x128, refine 6 |" in capsys.readouterr().out  # a lone run's rows are its settings
    assert main(["select", str(tmp_path / "a"), "--labels", "old", "--sizes", "128", "--radii", "6"]) == 0
    assert "| old, 128x128, refine 6 |" in capsys.readouterr().out  # unless it is given a label


def test_train_flags_reach_the_training_config(monkeypatch, tmp_path):
    import depth_core.training.train as training

    seen = []
    monkeypatch.setattr(training, "train", seen.append)
    assert main(["train", "--preset", "smoke", "--gradient-weight", "1.5", "--seed", "3", "--weights", "none",
                 "--extra-train-dirs", "runs/a,runs/b", "--unfreeze-from", "block_13_expand",
                 "--out-dir", str(tmp_path)]) == 0
    config = seen[0]
    assert (config.schedule.gradient_weight, config.schedule.seed, config.model.weights) == (1.5, 3, None)
    assert config.data.extra_train_dirs == ("runs/a", "runs/b") and config.schedule.unfreeze_from == "block_13_expand"
    assert config.schedule.batch_size == 4 and config.out_dir == str(tmp_path)  # the smoke preset, then the flags


def test_predict_that_writes_nothing_fails_and_says_why_per_file(tmp_path):
    text = tmp_path / "text.jpg"
    text.write_text("not a photo")
    for source, why in ((text, "not an image we can read"), (tmp_path / "missing.jpg", "No such file")):
        out = subprocess.run([sys.executable, "-m", "depth_core", "predict", str(source), "-o", str(tmp_path / "o"),
                              "--quiet"], capture_output=True, text=True, timeout=300)
        assert out.returncode != 0, out.stdout
        assert f"{source.stem}: skipped: " in out.stderr and why in out.stderr and "Traceback" not in out.stderr


def test_predict_into_an_existing_file_is_a_one_line_message(photo, tmp_path):
    taken = tmp_path / "taken.txt"
    taken.write_text("mine")
    out = subprocess.run([sys.executable, "-m", "depth_core", "predict", str(photo), "-o", str(taken), "--quiet"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert out.stderr.strip().count("\n") == 0 and "taken.txt" in out.stderr and taken.read_text() == "mine"
