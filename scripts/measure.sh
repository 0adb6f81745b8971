#!/usr/bin/env bash
# Re-measure every number the README reports, on this machine, into docs/results/.
# Needs ../shared/data (research-only RGB-D) for the evaluation; the study's reference
# architectures are exported first if missing (ResNet50's needs torch: see `depth-core reference --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SHARED=${DEPTH_SHARED:-../shared}
mkdir -p docs/results runs/reference

# Every registered model on every validation set, beside the trivial priors (skill).
DEPTH_SHARED="$SHARED" "$PYTHON" -m depth_core eval --json docs/results/eval.json --markdown docs/results/skill.md
# Int8 as ONNX Runtime's defaults, the project's sessions and the exact graph compute it; the largest depths.
DEPTH_SHARED="$SHARED" "$PYTHON" scripts/int8_exactness.py --markdown docs/results/int8_exactness.md
"$PYTHON" scripts/ceilings.py --markdown docs/results/ceilings.md

[ -f runs/reference/mobilenetv2_study.onnx ] || "$PYTHON" -m depth_core reference --encoder mobilenetv2
[ -f runs/reference/resnet50_study.onnx ] || KERAS_BACKEND=torch "$PYTHON" -m depth_core reference --encoder resnet50

# 640x480 JPEG photo -> coloured depth JPEG, 2 threads, the study's architectures in the same run.
"$PYTHON" -m depth_core bench examples/photos/tum_fr2_desk_1.jpg --threads 2 --runs 100 \
  -m mobilenetv2 resnet50 runs/reference/mobilenetv2_study.onnx runs/reference/resnet50_study.onnx \
  --reference runs/reference/mobilenetv2_study.onnx runs/reference/resnet50_study.onnx \
  --folder examples/photos --markdown docs/results/bench.md --json docs/results/bench.json

# The app as a user meets it: cold start, API round trip through gradio_client, memory.
"$PYTHON" scripts/app_bench.py examples/photos/tum_fr2_desk_1.jpg --runs 30 --markdown docs/results/app.md
# Every feature's endpoint (compare, downloads, 3D, check, live, video).
"$PYTHON" scripts/app_bench.py examples/photos/tum_fr2_desk_1.jpg --endpoints --runs 20 \
  --markdown docs/results/app_endpoints.md
"$PYTHON" scripts/results_figure.py
"$PYTHON" scripts/sync_readme.py
