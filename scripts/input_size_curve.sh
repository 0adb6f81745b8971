#!/usr/bin/env bash
# One trained MobileNetV2 run exported at several input sizes (the net is fully convolutional) and evaluated
# on SUN3D: docs/results/input_size.md. Needs the finished run (python -m depth_core.training, full preset).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
RUN=${RUN:-runs/mobilenetv2_fastdepth}
VAL="${DEPTH_SHARED:-../shared}/data/sun3d_office_frag1"
SIZES=(96 128 160 192 224)
for size in "${SIZES[@]}"; do
  [ -f "runs/size_$size/release.json" ] || "$PYTHON" -m depth_core.training --from-run "$RUN" --input-size "$size" \
    --out-dir "runs/size_$size" --release "$VAL" --fp32-only
done
"$PYTHON" - "${SIZES[@]}" <<'PY' > docs/results/input_size.md
import json, sys

print("| input | GMACs | AbsRel (median) | δ1 (median) | RMSE (median) | AbsRel (metric) | δ1 (metric) |")
print("|---|---|---|---|---|---|---|")
for size in sys.argv[1:]:
    r = json.load(open(f"runs/size_{size}/release.json"))
    m, s = r["variants"]["fp32"]["eval"]["metric"], r["variants"]["fp32"]["eval"]["median_scaled"]
    print(f"| {size}x{size} | {r['gmacs']:.2f} | {s['abs_rel']:.3f} | {s['delta1']:.3f} | {s['rmse']:.3f} "
          f"| {m['abs_rel']:.3f} | {m['delta1']:.3f} |")
PY
cat docs/results/input_size.md
"$PYTHON" scripts/sync_readme.py
