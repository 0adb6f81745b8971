#!/usr/bin/env bash
# The study's decoder against FastDepth's, on the same ImageNet MobileNetV2 and the same short schedule
# (decoder only, frozen encoder, 2 epochs x 40 batches of 8), evaluated on SUN3D: docs/results/decoders.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SHARED=${DEPTH_SHARED:-../shared}
for decoder in seed fastdepth; do
  "$PYTHON" -m depth_core.training --encoder mobilenetv2 --decoder "$decoder" \
    --weights "$SHARED/weights/mobilenet_v2_1.00_224_imagenet_no_top.weights.h5" \
    --frozen-epochs 2 --finetune-epochs 0 --steps-per-epoch 40 --batch-size 8 \
    --out-dir "runs/compare_$decoder" --release "$SHARED/data/sun3d_office_frag1" --fp32-only
done
"$PYTHON" - <<'PY' > docs/results/decoders.md
import json
print("| decoder | parameters | GMACs | AbsRel (median) | δ1 (median) | AbsRel (metric) | δ1 (metric) |")
print("|---|---|---|---|---|---|---|")
for d in ("seed", "fastdepth"):
    r = json.load(open(f"runs/compare_{d}/release.json"))
    e = r["variants"]["fp32"]["eval"]
    print(f"| {d} | {r['params'] / 1e6:.1f} M | {r['gmacs']:.2f} | {e['median_scaled']['abs_rel']:.3f} | "
          f"{e['median_scaled']['delta1']:.3f} | {e['metric']['abs_rel']:.3f} | {e['metric']['delta1']:.3f} |")
PY
cat docs/results/decoders.md
