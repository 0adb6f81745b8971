"""The memory a 49 MP photo costs, measured (peak and resident set from /proc) in a process of its own."""
import subprocess
import sys

import pytest

from depth_core.inference.memory import return_large_buffers

# The path of the app's "Both" for one photo: both encoders' views (depth, colours, legend), both encoders' downloads
# (the app decodes the photo again for each) and the 3D view; every result stays referenced, as the app's recent
# predictions keep them. Printed: base, peak and end RSS in MB for one photo, then for two at once.
SCRIPT = """
import sys, threading
from pathlib import Path
import numpy as np
from depth_core.inference.memory import return_large_buffers
return_large_buffers()
from depth_core.inference.camera import from_fov
from depth_core.evaluation.bench import write_large_png
from depth_core.inference.colormap import depth_range
from depth_core.inference.images import load_image
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry
from depth_core.outputs.downloads import request_folder, write_downloads
from depth_core.outputs.scene3d import depth_mesh

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

folder = Path(sys.argv[1])
photo = write_large_png(folder / "photo.png")  # 48.8 MP, a PNG (no draft decoding): the largest the app accepts
estimators = [get_estimator(name) for name in list(load_registry())[:2]]
for estimator in estimators:  # as the app warms up: a display-sized view sizes ONNX Runtime's buffers once
    estimator.predict(np.zeros((1200, 1600, 3), np.uint8)).colored()
kept = []

def both():
    results = []
    for estimator in estimators:
        result = estimator.predict(photo)
        result.colored()
        depth_range(result.depth)
        results.append(result)
    for result in results:
        write_downloads(result, load_image(photo), photo.name, "m", from_fov(*result.size), "turbo",
                        request_folder(folder / "downloads"))
    depth_mesh(results[0].depth, np.asarray(load_image(photo)), from_fov(*results[0].size))
    kept.extend(results)

for users in (1, 2):
    base = status("VmRSS")
    open("/proc/self/clear_refs", "w").write("5")  # the peak (VmHWM) starts again from here
    threads = [threading.Thread(target=both) for _ in range(users)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(users, round(base), round(status("VmHWM")), round(status("VmRSS")), flush=True)
"""


def test_large_buffers_go_back_to_the_system_on_linux():
    assert return_large_buffers() == sys.platform.startswith("linux")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_49_mp_photo_through_both_encoders_stays_within_its_memory_bound(tmp_path):
    """The app starts at ~350 MB (Gradio, both models): with this process's own base, one 49 MP photo through
    "Both" (views, downloads, 3D) must add under 600 MB at its peak (app < 1 GB) and keep under 100 MB; two at
    once under 1100 MB (app < 1.5 GB)."""
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    rows = {int(users): (int(base), int(peak), int(end))
            for users, base, peak, end in (line.split() for line in out.stdout.split("\n") if line)}
    base, peak, end = rows[1]
    assert peak - base < 600 and end - base < 100, rows
    base, peak, end = rows[2]
    assert peak - base < 1100 and end - base < 100, rows
