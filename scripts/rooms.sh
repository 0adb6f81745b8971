#!/usr/bin/env bash
# What the synthetic rooms must look like (docs/experiments/history.md): the ablation's frozen mixed recipe (800 steps of 16 at
# 160x160, a quarter of every batch from the kitchen, ImageNet encoder frozen) on successive generator versions, then
# the shipped run. Every set is rendered by the commit that defined its generator (a temporary git worktree beside
# the repository, so relative photo paths and thus texture crops are the same), so the frames are identical.
# Table: docs/results/rooms.md, every run exported at 128 and 160 and refined with radius 6.
# About 15 minutes a run and 15-30 minutes a set on 2 cores; finished sets and runs are kept.
#   bash scripts/rooms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DEPTH_SHARED=${DEPTH_SHARED:-../shared}
WEIGHTS=${WEIGHTS:-$DEPTH_SHARED/weights/mobilenet_v2_1.00_224_imagenet_no_top.weights.h5}
REPO=$PWD

make_set() {  # DIR COMMIT SEED COUNT: render COUNT frames with the generator as it was at COMMIT
  local dir=$1 commit=$2 seed=$3 count=$4 tree
  [ -d "$dir/rgb" ] && return
  tree="$(dirname "$REPO")/depth_gen_$commit"
  git worktree add --detach "$tree" "$commit"
  (cd "$tree" && python -m depth_core synthetic "$REPO/$dir" --count "$count" --seed "$seed" \
     --photos examples/photos "$DEPTH_SHARED/data/sevenscenes_redkitchen/rgb")
  git worktree remove --force "$tree"
}
train() {  # RUN SYNTHETIC_DIR [more train flags]
  local run=$1 syn=$2; shift 2
  [ -f "$run/model.weights.h5" ] && return
  python -m depth_core train --encoder mobilenetv2 --weights "$WEIGHTS" --input-size 160 --batch-size 16 \
    --synthetic-dir "$syn" --synthetic-fraction 0.75 --frozen-epochs 4 --finetune-epochs 0 --steps-per-epoch 200 \
    --out-dir "$run" "$@"
}
finetune() {  # RUN FROZEN_RUN SEED [more train flags]: blocks 13-16 unfrozen at 1e-4 for 600 steps, from FROZEN_RUN
  local run=$1 frozen=$2 seed=$3; shift 3
  train "$run" runs/synthetic_f35 --init-weights "$frozen/model.weights.h5" --frozen-epochs 0 --finetune-epochs 3 \
    --unfreeze-from block_13_expand --finetune-lr 1e-4 --seed "$seed" "$@"
}
recipe() {  # NAME SEED [train flags for both steps]: runs/NAME_mixed_seedS (frozen), then runs/NAME_block13_seedS
  local name=$1 seed=$2; shift 2
  train "runs/${name}_mixed_seed$seed" runs/synthetic_f35 --seed "$seed" "$@"
  finetune "runs/${name}_block13_seed$seed" "runs/${name}_mixed_seed$seed" "$seed" "$@"
}

# v1: boxes, cylinders, photo and procedural textures, point lights with inverse-square falloff (the ablation's set)
make_set runs/synthetic 0f746b6 1 6000
make_set runs/synthetic_seed2 0f746b6 2 6000
# v2: bounced light with ambient occlusion, desks with monitors, cubicle partitions, people
make_set runs/synthetic_v2 10ba0e7 3 6000
# v3: busy accent walls, plain furniture, closer views (the first 3,284 frames of seed 4: that render was stopped
# to free the cores; the run below also saw its frame 3,300)
make_set runs/synthetic_v3 e3cb199 4 3284
# The rule the generator now applies (views deeper than a handheld photo, spread > 3.5, are drawn again), applied to
# the sets made before it; then all four in one folder.
[ -d runs/synthetic_f35/rgb ] || python scripts/filter_views.py runs/synthetic runs/synthetic_f35
if [ ! -d runs/synthetic_union/rgb ]; then
  for spec in synthetic:v1s1_ synthetic_seed2:v1s2_ synthetic_v2:v2_ synthetic_v3:v3_; do
    IFS=: read -r source prefix <<< "$spec"
    python scripts/filter_views.py "runs/$source" runs/synthetic_union --prefix "$prefix"
  done
fi

[ -f runs/ablation_mixed/model.weights.h5 ] || bash scripts/ablation.sh runs/synthetic
train runs/prior_mixed runs/synthetic --depth-prior gradient
train runs/v2_mixed runs/synthetic_v2
train runs/f35_mixed runs/synthetic_f35
train runs/union_mixed runs/synthetic_union
finetune runs/f35_block13 runs/f35_mixed 0

python -m depth_core select runs/ablation_mixed runs/ablation_mixed_seed1 runs/prior_mixed runs/v2_mixed \
  runs/f35_mixed runs/union_mixed runs/f35_block13 --sizes 128 160 --radii 6 \
  --labels "v1 (seed 0)" "v1 (seed 1)" "v1, relative to the ramp prior" "v2" "v1, spread <= 3.5" \
  "v1+v2+v3, spread <= 3.5" "v1, spread <= 3.5, + blocks 13-16 unfrozen" > docs/results/rooms.md

# A second rule from the kitchen's statistics, tried and not adopted: views whose top third is nearer than their
# bottom third (a low ceiling close overhead; the kitchen's ratio never falls below 1.10, 14 % of the v1 frames do).
[ -d runs/synthetic_f35tb/rgb ] || python scripts/filter_views.py runs/synthetic runs/synthetic_f35tb --min-top-bottom 1.0
train runs/f35tb_mixed runs/synthetic_f35tb
python -m depth_core select runs/f35_mixed runs/f35tb_mixed --sizes 128 160 --radii 6 \
  --labels "v1, spread <= 3.5" "v1, spread <= 3.5, top/bottom >= 1" > docs/results/top_bottom.md

# The shipped recipe again with another seed (batches, augmentation, decoder initialisation), both fine-tuning steps.
recipe f35 1
python -m depth_core select runs/f35_block13 runs/f35_block13_seed1 runs/f35_mixed_seed1 --sizes 128 160 --radii 6 \
  --labels "shipped recipe, seed 0" "shipped recipe, seed 1" "seed 1, frozen step only" > docs/results/seed_shipped.md

# Three seeds each of the shipped recipe and of one with a twice as long frozen step (1,600 steps), and two of one with
# camera blur and sensor noise on every training photo; each recipe is averaged over its seeds (--groups), and each run
# is also ranked by its loss on held-out training frames (--holdout), which never consults the validation sets.
recipe f35 2
for s in 1 0 2; do
  train runs/long_mixed_seed$s runs/synthetic_f35 --seed $s --frozen-epochs 8 --patience 8
  finetune runs/long_block13_seed$s runs/long_mixed_seed$s $s
done
for s in 0 1; do
  recipe camera $s --max-blur 2 --max-noise 8
done
python -m depth_core select runs/f35_block13 runs/f35_block13_seed1 runs/f35_block13_seed2 runs/long_block13_seed0 \
  runs/long_block13_seed1 runs/long_block13_seed2 runs/camera_block13_seed0 runs/camera_block13_seed1 \
  --sizes 160 --radii 6 --holdout \
  --labels "800 steps, seed 0" "800 steps, seed 1" "800 steps, seed 2" "1,600 steps, seed 0" "1,600 steps, seed 1" \
  "1,600 steps, seed 2" "camera effects, seed 0" "camera effects, seed 1" \
  --groups 3 3 2 --group-labels "shipped recipe (800-step frozen step)" "1,600-step frozen step" \
  "camera blur and noise (--max-blur 2 --max-noise 8)" > docs/results/seeds.md

# Weight averaging ("model soup"): from the shipped frozen step, two more blocks 13-16 fine-tunes with other seeds,
# and the three fine-tunes averaged into one network (depth-core soup).
for b in 10 11; do
  finetune runs/branch_t0_b$b runs/f35_mixed $b
done
[ -f runs/soup_t0/model.weights.h5 ] || \
  python -m depth_core soup runs/f35_block13 runs/branch_t0_b10 runs/branch_t0_b11 --out-dir runs/soup_t0
python -m depth_core select runs/f35_block13 runs/branch_t0_b10 runs/branch_t0_b11 runs/soup_t0 --sizes 160 --radii 6 \
  --labels "fine-tune seed 0 (shipped)" "fine-tune seed 10" "fine-tune seed 11" "soup of the three" \
  --groups 3 1 --group-labels "one fine-tune" "soup of three fine-tunes" > docs/results/soup.md

# How much of every batch comes from the real kitchen: a quarter (the shipped recipe; seeds 0-2 are trained above), a
# half and three quarters, five seeds each (the later --synthetic-fraction overrides train's 0.75).
mix_runs=() mix_labels=()
for mix in "f35:0.75:a quarter real" "half:0.5:half real" "real75:0.25:three quarters real"; do
  IFS=: read -r name fraction label <<< "$mix"
  for s in 0 1 2 3 4; do
    run=runs/${name}_block13_seed$s
    [ "$name$s" = f350 ] && run=runs/f35_block13  # the shipped run
    mixed=${run/block13/mixed}
    train "$mixed" runs/synthetic_f35 --seed $s --synthetic-fraction $fraction
    finetune "$run" "$mixed" $s --synthetic-fraction $fraction
    mix_runs+=("$run") mix_labels+=("$label, seed $s")
  done
done
python -m depth_core select "${mix_runs[@]}" --sizes 160 --radii 6 --holdout --labels "${mix_labels[@]}" \
  --groups 5 5 5 --group-labels "a quarter of every batch real (shipped recipe)" "half real" \
  "three quarters real" > docs/results/mix.md
# A soup of the three mixes: for each seed, the three runs above start from the same decoder weights, so their
# weights can be averaged into one network (depth-core soup follows each run's --init-weights back to its start).
soup_runs=() soup_labels=()
for s in 0 1 2 3 4; do
  quarter=runs/f35_block13_seed$s; [ $s = 0 ] && quarter=runs/f35_block13
  [ -f runs/mixsoup_seed$s/model.weights.h5 ] || python -m depth_core soup "$quarter" runs/half_block13_seed$s \
    runs/real75_block13_seed$s --out-dir runs/mixsoup_seed$s
  soup_runs+=("$quarter") soup_labels+=("a quarter real, seed $s")
done
python -m depth_core select "${soup_runs[@]}" runs/mixsoup_seed{0,1,2,3,4} --sizes 160 --radii 6 \
  --labels "${soup_labels[@]}" "soup of the three mixes, seed "{0,1,2,3,4} --groups 5 5 \
  --group-labels "a quarter of every batch real (shipped recipe)" "soup of the quarter, half and three quarters real runs" \
  > docs/results/mixsoup.md
# Does renormalising each mix soup's BatchNorm outputs to its ingredients' (REPAIR) bring back the metric scale?
for s in 0 1 2 3 4; do
  [ -f runs/mixsoup_repair_seed$s/model.weights.h5 ] || \
    python scripts/repair_soup.py runs/mixsoup_seed$s runs/mixsoup_repair_seed$s
done
python -m depth_core select runs/mixsoup_seed{0,1,2,3,4} runs/mixsoup_repair_seed{0,1,2,3,4} --sizes 160 --radii 6 \
  --labels "soup of the three mixes, seed "{0,1,2,3,4} "renormalised soup, seed "{0,1,2,3,4} --groups 5 5 \
  --group-labels "soup of the three mixes" "the same soup, renormalised to its ingredients (REPAIR)" \
  > docs/results/repair.md
# More ingredients. The mix's two ends (synthetic only, real only; seed 0), alone and added to seed 0's soup; and
# for seeds 0-2 a soup of every run above with that seed (the three mixes, the 1,600-step frozen step, camera
# effects, and for seed 0 the two extra fine-tunes).
for mix in "syn:1.0" "real:0.0"; do
  IFS=: read -r name fraction <<< "$mix"
  recipe $name 0 --synthetic-fraction $fraction
done
mix0=(runs/f35_block13 runs/half_block13_seed0 runs/real75_block13_seed0)
[ -f runs/soup4_seed0/model.weights.h5 ] || \
  python -m depth_core soup runs/syn_block13_seed0 "${mix0[@]}" --out-dir runs/soup4_seed0
[ -f runs/soup5_seed0/model.weights.h5 ] || \
  python -m depth_core soup runs/syn_block13_seed0 "${mix0[@]}" runs/real_block13_seed0 --out-dir runs/soup5_seed0
python -m depth_core select runs/mixsoup_seed0 runs/syn_block13_seed0 runs/real_block13_seed0 runs/soup4_seed0 \
  runs/soup5_seed0 --sizes 160 --radii 6 --labels "soup of the three mixes, seed 0" "synthetic only, seed 0" \
  "real only, seed 0" "soup of the three mixes + synthetic only, seed 0" \
  "soup of the three mixes + synthetic only + real only, seed 0" > docs/results/soup_ends.md
[ -f runs/allsoup_seed0/model.weights.h5 ] || python -m depth_core soup "${mix0[@]}" runs/long_block13_seed0 \
  runs/camera_block13_seed0 runs/branch_t0_b10 runs/branch_t0_b11 --out-dir runs/allsoup_seed0
[ -f runs/allsoup_seed1/model.weights.h5 ] || \
  python -m depth_core soup runs/{f35,half,real75,long,camera}_block13_seed1 --out-dir runs/allsoup_seed1
[ -f runs/allsoup_seed2/model.weights.h5 ] || python -m depth_core soup runs/{f35,half,real75,long}_block13_seed2 \
  --out-dir runs/allsoup_seed2
python -m depth_core select runs/mixsoup_seed{0,1,2} runs/allsoup_seed{0,1,2} --sizes 160 --radii 6 \
  --labels "soup of the three mixes, seed "{0,1,2} "soup of every run, seed "{0,1,2} --groups 3 3 \
  --group-labels "soup of the three mixes" "soup of every run with the seed (4-7 runs)" > docs/results/allsoup.md
# A stronger gradient-matching term in the loss (--gradient-weight 1.5; 0.5 before), on the quarter-real recipe,
# seeds 0-4, compared seed by seed with that recipe's same seeds (same decoder start and batches).
for s in 0 1 2 3 4; do
  recipe grad15 $s --gradient-weight 1.5
done
python -m depth_core select runs/f35_block13 runs/f35_block13_seed{1,2,3,4} runs/grad15_block13_seed{0,1,2,3,4} \
  --sizes 160 --radii 6 --labels "gradient weight 0.5, seed "{0,1,2,3,4} "gradient weight 1.5, seed "{0,1,2,3,4} \
  --groups 5 5 \
  --group-labels "a quarter real, gradient weight 0.5" "a quarter real, gradient weight 1.5" \
  > docs/results/gradient.md
# The gradient weight 1.5 on the half and three-quarters-real mixes, and their soup with the quarter-real run (seed 0
# only: the soup scored below each of its three runs, so no more seeds of it).
for mix in "half:0.5" "real75:0.25"; do
  IFS=: read -r name fraction <<< "$mix"
  recipe g15$name 0 --synthetic-fraction $fraction --gradient-weight 1.5
done
[ -f runs/g15soup_seed0/model.weights.h5 ] || python -m depth_core soup runs/grad15_block13_seed0 \
  runs/g15half_block13_seed0 runs/g15real75_block13_seed0 --out-dir runs/g15soup_seed0
python -m depth_core select runs/grad15_block13_seed0 runs/g15half_block13_seed0 runs/g15real75_block13_seed0 \
  runs/g15soup_seed0 --sizes 160 --radii 6 --labels "a quarter real, seed 0" "half real, seed 0" \
  "three quarters real, seed 0" "soup of the three, seed 0" > docs/results/g15soup.md
# Stronger still: gradient weight 3 and 6 (seeds 0-4 each), seed by seed: 3 against 1.5, 6 against 3.
for w in 3 6; do
  for s in 0 1 2 3 4; do
    recipe grad$w $s --gradient-weight $w
  done
done
python -m depth_core select runs/grad15_block13_seed{0,1,2,3,4} runs/grad3_block13_seed{0,1,2,3,4} --sizes 160 \
  --radii 6 --labels "gradient weight 1.5, seed "{0,1,2,3,4} "gradient weight 3, seed "{0,1,2,3,4} --groups 5 5 \
  --group-labels "a quarter real, gradient weight 1.5" "a quarter real, gradient weight 3" > docs/results/gradient3.md
python -m depth_core select runs/grad3_block13_seed{0,1,2,3,4} runs/grad6_block13_seed{0,1,2,3,4} --sizes 160 \
  --radii 6 --labels "gradient weight 3, seed "{0,1,2,3,4} "gradient weight 6, seed "{0,1,2,3,4} --groups 5 5 \
  --group-labels "a quarter real, gradient weight 3" "a quarter real, gradient weight 6" > docs/results/gradient6.md
# Can the scale come back at weight 3? SILog keeping half of each image's squared mean log error (--silog-lambda 0.5;
# 0.85 above), seed 1 (weight 3's best), against the same seed at 0.85.
recipe g3l50 1 --gradient-weight 3 --silog-lambda 0.5
python -m depth_core select runs/grad3_block13_seed1 runs/g3l50_block13_seed1 --sizes 160 --radii 6 \
  --labels "gradient weight 3, seed 1" "gradient weight 3, SILog lambda 0.5, seed 1" > docs/results/silog_lambda.md
# Scale from the kitchen only (its metres are trusted): the synthetic rooms' SILog ignores their scale
# (--synthetic-silog-lambda 1) while the kitchen's keeps half of it, at weight 6, seed 0.
recipe g6ks 0 --gradient-weight 6 --silog-lambda 0.5 --synthetic-silog-lambda 1
python -m depth_core select runs/grad6_block13_seed0 runs/g6ks_block13_seed0 --sizes 160 --radii 6 \
  --labels "gradient weight 6, seed 0" "gradient weight 6, metres from the kitchen only, seed 0" \
  > docs/results/kitchen_scale.md
# A zoom in training as a longer lens (depth kept) rather than a camera move (depth divided by the zoom), at weight 6.
for s in 1 0 3; do
  recipe g6lens $s --gradient-weight 6 --zoom-moves-camera no
done
python -m depth_core select runs/grad6_block13_seed{1,0,3} runs/g6lens_block13_seed{1,0,3} --sizes 160 --radii 6 \
  --labels "gradient weight 6, seed "{1,0,3} "gradient weight 6, zoom as a lens, seed "{1,0,3} --groups 3 3 \
  --group-labels "zoom as a camera move" "zoom as a longer lens" > docs/results/zoom.md
# Past 6: gradient weight 10, seeds 0-1, against 6.
for s in 0 1; do
  recipe grad10 $s --gradient-weight 10
done
python -m depth_core select runs/grad6_block13_seed{0,1} runs/grad10_block13_seed{0,1} --sizes 160 --radii 6 \
  --labels "gradient weight 6, seed "{0,1} "gradient weight 10, seed "{0,1} --groups 2 2 \
  --group-labels "gradient weight 6" "gradient weight 10" > docs/results/gradient10.md
# Longer-range gradient matching: neighbours up to 32 pixels apart (--gradient-scales 1,2,4,8,16,32; 1-8 above), at
# weight 6, seeds 1 and 0 (a third was stopped: both were below 1-8), seed by seed against weight 6 with 1-8.
for s in 1 0; do
  recipe g6s32 $s --gradient-weight 6 --gradient-scales 1,2,4,8,16,32
done
python -m depth_core select runs/grad6_block13_seed{1,0} runs/g6s32_block13_seed{1,0} --sizes 160 --radii 6 \
  --labels "neighbours 1-8 pixels apart, seed "{1,0} "neighbours 1-32 pixels apart, seed "{1,0} --groups 2 2 \
  --group-labels "gradient weight 6, neighbours 1-8 pixels apart" "gradient weight 6, neighbours 1-32 pixels apart" \
  > docs/results/gradient_scales.md
# The current generator (v3's rooms with the view rule built in), 6,000 frames, added to the spread-limited v1 set,
# at weight 6, seeds 1, 0 and 3, seed by seed against v1 alone.
make_set runs/synthetic_head 14aba83 5 6000
if [ ! -d runs/synthetic_v1h/rgb ]; then
  python scripts/filter_views.py runs/synthetic_f35 runs/synthetic_v1h --prefix v1_
  python scripts/filter_views.py runs/synthetic_head runs/synthetic_v1h --prefix head_
fi
for s in 1 0 3; do
  recipe g6v1h $s --gradient-weight 6 --synthetic-dir runs/synthetic_v1h
done
python -m depth_core select runs/grad6_block13_seed{1,0,3} runs/g6v1h_block13_seed{1,0,3} --sizes 160 --radii 6 \
  --labels "v1 rooms, seed "{1,0,3} "v1 + current rooms, seed "{1,0,3} --groups 3 3 \
  --group-labels "gradient weight 6, v1 rooms" "gradient weight 6, v1 + current generator's rooms" \
  > docs/results/generator_union.md
# Deeper fine-tuning at weight 6: blocks 6-16 instead of 13-16, from the same frozen runs, seeds 1, 0 and 3.
for s in 1 0 3; do
  finetune runs/g6b6_block6_seed$s runs/grad6_mixed_seed$s $s --gradient-weight 6 --unfreeze-from block_6_expand
done
python -m depth_core select runs/grad6_block13_seed{1,0,3} runs/g6b6_block6_seed{1,0,3} --sizes 160 --radii 6 \
  --labels "blocks 13-16, seed "{1,0,3} "blocks 6-16, seed "{1,0,3} --groups 3 3 \
  --group-labels "gradient weight 6, blocks 13-16 fine-tuned" "gradient weight 6, blocks 6-16 fine-tuned" \
  > docs/results/unfreeze_block6.md
# ResNet50 from scratch (no ImageNet ResNet50 weights here) at weight 6: the shipped ResNet50's command
# (docs/training.md) with --gradient-weight 6, then 1,200 more steps from its end; both beside each other (the shipped
# one's run is docs/results/release_resnet50.json); each is released as int8 to runs/rel_RUN. About 41 minutes each on
# 2 cores.
r50() {  # RUN [more train flags]
  local run=$1; shift
  [ -f "$run/model.weights.h5" ] || python -m depth_core train --encoder resnet50 --weights none --input-size 160 \
    --batch-size 16 --synthetic-dir runs/synthetic_f35 --synthetic-fraction 0.75 --frozen-epochs 0 --finetune-epochs 6 \
    --steps-per-epoch 200 --gradient-weight 6 --out-dir "$run" "$@"
  [ -f "runs/rel_${run#runs/}/release.json" ] || python -m depth_core release "$run" --input-size 160 \
    --out-dir "runs/rel_${run#runs/}"
}
r50 runs/r50_g6
r50 runs/r50_g6x2 --init-weights runs/r50_g6/model.weights.h5
python -m depth_core select runs/r50_g6 runs/r50_g6x2 --sizes 160 --radii 6 \
  --labels "ResNet50 from scratch, weight 6, 1,200 steps" "ResNet50 from scratch, weight 6, 2,400 steps" \
  > docs/results/resnet50_gradient6.md
# Half of every batch from the kitchen (a quarter above) at weight 6, seeds 1 and 0, seed by seed against weight 6.
for s in 1 0; do
  recipe g6half $s --gradient-weight 6 --synthetic-fraction 0.5
done
python -m depth_core select runs/grad6_block13_seed{1,0} runs/g6half_block13_seed{1,0} --sizes 160 --radii 6 \
  --labels "a quarter real, seed "{1,0} "half real, seed "{1,0} --groups 2 2 \
  --group-labels "gradient weight 6, a quarter of every batch real" "gradient weight 6, half of every batch real" \
  > docs/results/real_share_gradient6.md
# ResNet50 at weight 3, between the bundled one's 0.5 and 6 (a later flag wins over r50's --gradient-weight 6), beside
# weight 6; released as int8 to runs/rel_r50_g3. 48 minutes here, with tests sharing the cores for part of it.
r50 runs/r50_g3 --gradient-weight 3
python -m depth_core select runs/r50_g3 runs/r50_g6 --sizes 160 --radii 6 \
  --labels "ResNet50 from scratch, weight 3, 1,200 steps" "ResNet50 from scratch, weight 6, 1,200 steps" \
  > docs/results/resnet50_gradient3.md
# A scale head (--scale-head yes: each image's metres from a head on the pooled encoder features, the decoder's map
# only its shape) at weight 6, seeds 1, 0 and 3, seed by seed against weight 6; then at weight 1.5 with the shipped
# run's seed (its fp32 row is in docs/results/gradient.md).
for s in 1 0 3; do
  recipe g6head $s --gradient-weight 6 --scale-head yes
done
python -m depth_core select runs/grad6_block13_seed{1,0,3} runs/g6head_block13_seed{1,0,3} --sizes 160 --radii 6 \
  --labels "one output, seed "{1,0,3} "scale head, seed "{1,0,3} --groups 3 3 \
  --group-labels "gradient weight 6" "gradient weight 6, scale head" > docs/results/scale_head.md
[ -f runs/rel_g6head_seed3/release.json ] || python -m depth_core release runs/g6head_block13_seed3 --input-size 160 \
  --out-dir runs/rel_g6head_seed3  # its best seed, as int8
for s in 2 4; do  # five seeds, as the weight-6 recipe has (docs/results/gradient6.md)
  recipe g6head $s --gradient-weight 6 --scale-head yes
done
python -m depth_core select runs/g6head_block13_seed{1,0,3,2,4} --sizes 160 --radii 6 \
  --labels "scale head, seed "{1,0,3,2,4} --groups 5 --group-labels "gradient weight 6, scale head" \
  > docs/results/scale_head_seeds.md
recipe g15head 0 --gradient-weight 1.5 --scale-head yes
python -m depth_core select runs/g15head_block13_seed0 --sizes 160 --radii 6 \
  --labels "gradient weight 1.5, scale head, seed 0" > docs/results/scale_head_gradient15.md
# A weight-6 variant, seeds 1, 0 and 3, seed by seed against weight 6: weight6_variant NAME LABEL TABLE [flags]
weight6_variant() {
  local name=$1 label=$2 table=$3; shift 3
  for s in 1 0 3; do
    recipe "$name" $s --gradient-weight 6 "$@"
  done
  python -m depth_core select runs/grad6_block13_seed{1,0,3} runs/"$name"_block13_seed{1,0,3} --sizes 160 --radii 6 \
    --labels "plain, seed "{1,0,3} "$label, seed "{1,0,3} --groups 3 3 \
    --group-labels "gradient weight 6" "gradient weight 6, $label" > "$table"
}
# A smooth random light field on every training photo (--max-shading 0.5: brightness says less about distance), then
# the absolute-value version of the loss (--loss silog_l1: the median error, as δ1 rewards), each at weight 6,
# seeds 1, 0 and 3, seed by seed against weight 6.
weight6_variant g6shade "light field" docs/results/shading.md --max-shading 0.5
for s in 1 0 3; do
  recipe g6l1 $s --gradient-weight 6 --loss silog_l1
done
python -m depth_core select runs/grad6_block13_seed{1,0,3} runs/g6l1_block13_seed{1,0,3} --sizes 160 --radii 6 \
  --labels "silog, seed "{1,0,3} "silog_l1, seed "{1,0,3} --groups 3 3 \
  --group-labels "gradient weight 6" "gradient weight 6, silog_l1" > docs/results/silog_l1.md
for s in 2 4; do  # five seeds, as the weight-6 recipe has (docs/results/gradient6.md)
  recipe g6l1 $s --gradient-weight 6 --loss silog_l1
done
python -m depth_core select runs/g6l1_block13_seed{1,0,3,2,4} --sizes 160 --radii 6 \
  --labels "silog_l1, seed "{1,0,3,2,4} --groups 5 --group-labels "gradient weight 6, silog_l1" \
  > docs/results/silog_l1_seeds.md
# silog_l1 with the shipped run's recipe and seed (weight 1.5, seed 0; its fp32 row is in docs/results/gradient.md),
# and as int8 against the shipped +0.088.
recipe g15l1 0 --gradient-weight 1.5 --loss silog_l1
python -m depth_core select runs/g15l1_block13_seed0 --sizes 160 --radii 6 \
  --labels "gradient weight 1.5, silog_l1, seed 0" > docs/results/silog_l1_gradient15.md
[ -f runs/rel_g15l1_seed0/release.json ] || python -m depth_core release runs/g15l1_block13_seed0 --input-size 160 \
  --out-dir runs/rel_g15l1_seed0
# The eight weight-6 runs' maps averaged, beside each run: are the seeds' misses their own?
python scripts/ensemble_skill.py runs/grad6_block13_seed{0,1,3} runs/g6head_block13_seed{0,1,2,3,4} \
  > docs/results/ensemble.md
# Weight 6 in the frozen phase, 1.5 in the fine-tune (from the weight-6 frozen runs): the shape of 6, the metres of 1.5?
for s in 1 0 3; do
  finetune runs/g6to15_block13_seed$s runs/grad6_mixed_seed$s $s --gradient-weight 1.5
done
python -m depth_core select runs/grad6_block13_seed{1,0,3} runs/g6to15_block13_seed{1,0,3} --sizes 160 --radii 6 \
  --labels "weight 6 throughout, seed "{1,0,3} "weight 6, then 1.5 in the fine-tune, seed "{1,0,3} --groups 3 3 \
  --group-labels "gradient weight 6" "gradient weight 6, then 1.5 in the fine-tune" \
  > docs/results/finetune_gradient15.md
# A random colour-channel mix on every training photo (--max-colour-mix 1: style randomisation).
weight6_variant g6cmix "colour mix" docs/results/colour_mix.md --max-colour-mix 1.0
# A flat patch on every training photo (--max-flat-patch 0.25: random erasing in the patch's mean colour, depth kept).
weight6_variant g6flat "flat patch" docs/results/flat_patch.md --max-flat-patch 0.25
# A wider decoder (--decoder-width 1.5: every FastDepth stage's channels times 1.5, 36 % more multiply-adds).
weight6_variant g6wide "decoder 1.5x wide" docs/results/wide_decoder.md --decoder-width 1.5
# A second real room: TUM RGB-D freiburg1_rpy (an office, CC BY 4.0, https://cvg.cit.tum.de/data/datasets/rgbd-dataset;
# here from the copy in github.com/jmstark/gpu_odometry @ aec7c853, data/), half of each batch's real share.
[ -d runs/tum_fr1_rpy ] || python -m depth_core tum "${TUM_FR1_RPY:-rgbd_dataset_freiburg1_rpy}" runs/tum_fr1_rpy
weight6_variant g6tum "kitchen + TUM fr1 office" docs/results/tum_office.md --extra-train-dirs runs/tum_fr1_rpy
# Both together: the wider decoder on the kitchen + TUM office.
weight6_variant g6wtum "wide decoder + TUM office" docs/results/wide_tum.md --decoder-width 1.5 \
  --extra-train-dirs runs/tum_fr1_rpy
# A surface-normal term in the loss (--normal-weight 1: 1 - cos between true and predicted normals, scale-free).
weight6_variant g6norm "surface normals 1" docs/results/normals.md --normal-weight 1
# CutDepth (--cut-depth 0.5): on half the frames a rectangle of the photo shows the true depth as grey.
weight6_variant g6cut "CutDepth 0.5" docs/results/cut_depth.md --cut-depth 0.5
# Multi-size training (--train-sizes 128,160,192): each batch at one of three sizes, judged at 160 like the rest.
weight6_variant g6sizes "sizes 128-192" docs/results/train_sizes.md --train-sizes 128,160,192
# A moving average of every weight (momentum 0.99), switched in at each epoch's end (--ema-momentum).
weight6_variant g6ema "EMA 0.99" docs/results/ema.md --ema-momentum 0.99
python scripts/sync_readme.py
