#!/usr/bin/env bash
# The bundled models from nothing: the synthetic rooms they train on (the v1 generator as it was at commit 0f746b6,
# 6,000 frames of seed 1, views deeper than a handheld photo dropped by scripts/filter_views.py), then the shipped
# preset (`depth-core train --preset shipped`: the kitchen, piv_rooms and those rooms) on three seeds of MobileNetV2
# and one of ResNet50 (from scratch: no ImageNet ResNet50 weights can be had here), and the table they are chosen by.
# About 20 minutes to render, 14 a MobileNetV2 run and 45 the ResNet50 run on 2 cores; finished steps are kept.
#   bash scripts/ship.sh
# Then bundle the chosen runs: python -m depth_core release RUN --bundle int8
set -euo pipefail
cd "$(dirname "$0")/.."
export DEPTH_SHARED=${DEPTH_SHARED:-../shared}
WEIGHTS=${WEIGHTS:-$DEPTH_SHARED/weights/mobilenet_v2_1.00_224_imagenet_no_top.weights.h5}
REPO=$PWD
ROOMS=runs/synthetic_f35

if [ "$(ls runs/synthetic/rgb 2>/dev/null | wc -l)" -lt 6000 ]; then  # a stopped render is rendered again
  tree="$(dirname "$REPO")/depth_gen_0f746b6"  # beside the repository, so ../shared is the same folder
  git worktree add --detach "$tree" 0f746b6
  (cd "$tree" && python -m depth_core synthetic "$REPO/runs/synthetic" --count 6000 --seed 1 \
     --photos examples/photos "$DEPTH_SHARED/data/sevenscenes_redkitchen/rgb")
  git worktree remove --force "$tree"
fi
[ -d "$ROOMS/rgb" ] || python scripts/filter_views.py runs/synthetic "$ROOMS"

train() {  # RUN [train flags]
  local run=$1; shift
  [ -f "$run/model.weights.h5" ] || python -m depth_core train --preset shipped --synthetic-dir "$ROOMS" \
    --out-dir "$run" "$@"
}
for seed in 0 1 2; do
  train "runs/ship_mnv2_seed$seed" --encoder mobilenetv2 --weights "$WEIGHTS" --seed "$seed"
done
train runs/ship_r50_seed0 --encoder resnet50 --seed 0

python -m depth_core select runs/ship_mnv2_seed{0,1,2} runs/ship_r50_seed0 --sizes 160 --radii 6 \
  --labels "MobileNetV2, seed "{0,1,2} "ResNet50, seed 0" --groups 3 1 \
  --group-labels "MobileNetV2 (shipped preset)" "ResNet50 (shipped preset, from scratch)" > docs/results/ship.md
