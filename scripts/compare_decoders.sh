#!/usr/bin/env bash
# The four configurations on one short schedule, evaluated on SUN3D: docs/results/decoders.md.
# CPU time: 640x480 photo to coloured depth, the app's path.
# Schedule: 2 epochs x 40 batches of 8, Adam 1e-3 with cosine decay, SILog + gradient loss.
# MobileNetV2 (ImageNet) trains its decoder on the frozen encoder; ResNet50 has no ImageNet weights
# here, so it trains whole from random init on the same steps. ResNet50 + the study's decoder is
# exported with Keras' torch backend (TensorFlow's exporter runs out of memory on it; needs torch).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SHARED=${DEPTH_SHARED:-../shared}
VAL="$SHARED/data/sun3d_office_frag1"
SCHEDULE=(--steps-per-epoch 40 --batch-size 8)
for encoder in mobilenetv2 resnet50; do
  if [ "$encoder" = mobilenetv2 ]; then
    init=(--weights "$SHARED/weights/mobilenet_v2_1.00_224_imagenet_no_top.weights.h5" --frozen-epochs 2 --finetune-epochs 0)
  else
    init=(--weights none --frozen-epochs 0 --finetune-epochs 2)
  fi
  for decoder in seed fastdepth; do
    run="runs/compare_${encoder}_${decoder}"
    [ -f "$run/model.weights.h5" ] || "$PYTHON" -m depth_core.training --encoder "$encoder" --decoder "$decoder" \
      "${init[@]}" "${SCHEDULE[@]}" --out-dir "$run"
    backend=tensorflow
    [ "$encoder/$decoder" = resnet50/seed ] && backend=torch
    [ -f "$run/release.json" ] || KERAS_BACKEND=$backend "$PYTHON" -m depth_core.training --from-run "$run" \
      --release "$VAL" --fp32-only
  done
done
"$PYTHON" - <<'PY' > docs/results/decoders.md
import json
from depth_core.bench import bench_estimator, photo_bytes
from depth_core.pipeline import DepthEstimator
photo = photo_bytes("examples/photos/tum_fr2_desk_1.jpg")
print("| encoder | decoder | parameters | GMACs | CPU ms/image (fp32, 2 threads) | AbsRel (median) | δ1 (median) | "
      "AbsRel (metric) | δ1 (metric) |")
print("|---|---|---|---|---|---|---|---|---|")
for enc in ("mobilenetv2", "resnet50"):
    for d in ("seed", "fastdepth"):
        r = json.load(open(f"runs/compare_{enc}_{d}/release.json"))
        e = r["variants"]["fp32"]["eval"]
        path = f"runs/compare_{enc}_{d}/" + r["variants"]["fp32"]["file"]
        ms = bench_estimator(d, lambda: DepthEstimator.from_file(path, threads=2), photo, runs=30).p("total", 50)
        print(f"| {enc} | {d} | {r['params'] / 1e6:.1f} M | {r['gmacs']:.2f} | {ms:.1f} | {e['median_scaled']['abs_rel']:.3f} | "
              f"{e['median_scaled']['delta1']:.3f} | {e['metric']['abs_rel']:.3f} | {e['metric']['delta1']:.3f} |")
PY
cat docs/results/decoders.md
