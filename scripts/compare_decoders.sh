#!/usr/bin/env bash
# Four configurations (MobileNetV2 / ResNet50 x the study's decoder / FastDepth's) on one short budget:
# 80 steps of 8 pairs at 1e-3 (cosine), the default loss, evaluated on SUN3D; table in docs/results/decoders.md.
# MobileNetV2 trains its decoder on the frozen ImageNet encoder (the study's first phase). No ImageNet
# ResNet50 weights can be had here, so ResNet50 trains whole from random init on the same budget.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SHARED=${DEPTH_SHARED:-../shared}
VAL="$SHARED/data/sun3d_office_frag1"
BUDGET=(--steps-per-epoch 40 --batch-size 8 --frozen-lr 1e-3)
runs=()
for encoder in mobilenetv2 resnet50; do
  if [ "$encoder" = mobilenetv2 ]; then
    init=(--weights "$SHARED/weights/mobilenet_v2_1.00_224_imagenet_no_top.weights.h5" --frozen-epochs 2 --finetune-epochs 0)
  else
    init=(--weights none --frozen-epochs 0 --finetune-epochs 2)
  fi
  for decoder in study fastdepth; do
    run="runs/compare_${encoder}_$decoder"
    runs+=("$run")
    [ -f "$run/model.weights.h5" ] || "$PYTHON" -m depth_core train --encoder "$encoder" --decoder "$decoder" \
      "${init[@]}" "${BUDGET[@]}" --out-dir "$run"
    # TensorFlow's ONNX export of ResNet50 + the study's decoder runs out of 24 GiB; torch's does not. Every
    # other model is exported by TensorFlow, like the shipped ones, so their times compare with the speed table.
    backend=tensorflow; [ "$encoder-$decoder" = resnet50-study ] && backend=torch
    [ -f "$run/release.json" ] || KERAS_BACKEND=$backend "$PYTHON" -m depth_core release "$run" "$VAL" --fp32-only
  done
done
"$PYTHON" -m depth_core report "${runs[@]}" --table architectures > docs/results/decoders.md
cat docs/results/decoders.md
"$PYTHON" scripts/sync_readme.py
