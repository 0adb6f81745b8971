#!/usr/bin/env bash
# Fine-tuning the upper encoder (docs/experiments/history.md): the ablation's mixed run (frozen ImageNet encoder) continued
# with the encoder unfrozen from block 13 (rate 1e-4) or from block 6 (5e-5), 600 steps of 16 at 160x160 on the same
# mix; then the block-13 run continued for 1,000 more steps on twice the synthetic rooms (a second seed). BatchNorm
# stays in inference mode. Each run is evaluated on every validation set; table in docs/results/finetune.md.
# About 15 minutes per 600 steps and 14 minutes per 6,000 synthetic frames on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEPTH_SHARED=${DEPTH_SHARED:-../shared}
WEIGHTS=${WEIGHTS:-$DEPTH_SHARED/weights/mobilenet_v2_1.00_224_imagenet_no_top.weights.h5}
PHOTOS=(examples/photos "$DEPTH_SHARED/data/sevenscenes_redkitchen/rgb")
COMMON=(--encoder mobilenetv2 --weights "$WEIGHTS" --input-size 160 --synthetic-fraction 0.75 --batch-size 16
        --frozen-epochs 0 --steps-per-epoch 200)
[ -f runs/ablation_mixed/model.weights.h5 ] || bash scripts/ablation.sh runs/synthetic

# The frozen run again, scored with today's refinement (the ablation's table used radius 2), as the others are
[ -f runs/ablation_mixed_refine6/release.json ] || \
  python -m depth_core release runs/ablation_mixed --fp32-only --out-dir runs/ablation_mixed_refine6

train() {  # RUN, then train flags; skipped when the run was released already
  local run=$1; shift
  [ -f "$run/release.json" ] && return
  python -m depth_core train "${COMMON[@]}" "$@" --out-dir "$run"
  python -m depth_core release "$run" --fp32-only
}
train runs/finetune_block13 --synthetic-dir runs/synthetic --init-weights runs/ablation_mixed/model.weights.h5 \
  --finetune-epochs 3 --unfreeze-from block_13_expand --finetune-lr 1e-4
train runs/finetune_block6 --synthetic-dir runs/synthetic --init-weights runs/ablation_mixed/model.weights.h5 \
  --finetune-epochs 3 --unfreeze-from block_6_expand --finetune-lr 5e-5

# A second seed of synthetic rooms, and one folder holding both sets (links, with a prefix per set).
[ -d runs/synthetic_seed2/rgb ] || python -m depth_core synthetic runs/synthetic_seed2 --count 6000 --seed 2 \
  --photos "${PHOTOS[@]}"
mkdir -p runs/synthetic_both/rgb runs/synthetic_both/depth
for set in synthetic synthetic_seed2; do
  for kind in rgb depth; do
    for f in "$PWD/runs/$set/$kind"/*; do ln -sfn "$(readlink -f "$f")" "runs/synthetic_both/$kind/${set}_$(basename "$f")"; done
  done
done
train runs/finetune_block13_long --synthetic-dir runs/synthetic_both \
  --init-weights runs/finetune_block13/model.weights.h5 --finetune-epochs 5 --patience 5 \
  --unfreeze-from block_13_expand --finetune-lr 1e-4

python -m depth_core report runs/ablation_mixed_refine6 runs/finetune_block13 runs/finetune_block6 runs/finetune_block13_long \
  --labels "frozen encoder (the ablation's mixed run)" "+ blocks 13-16 unfrozen, 600 steps" \
  "+ blocks 6-16 unfrozen, 600 steps" "blocks 13-16, + 1,000 steps on both seeds" > docs/results/finetune.md
cat docs/results/finetune.md
python -m depth_core select runs/finetune_block13 --sizes 128 160 192 --radii 0 4 6 \
  > docs/results/selection_finetune_block13.md
python scripts/sync_readme.py
