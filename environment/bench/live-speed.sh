#!/usr/bin/env bash
# fer live's speed per model, DL4J's layer path (-Dfer.inference.frozen=false) against FrozenInference, on the
# 640x480 demo video (one face per frame): the numbers of docs/live.md's "Speed with the real-face models".
#   environment/bench/live-speed.sh [MODEL ...]      (default: faceapi fer2013-xception small)
# Run it on a quiet machine; each line is fer live's own FPS line.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
models=("$@"); ((${#models[@]})) || models=(faceapi fer2013-xception small)
# its own copy of the demo video (notebook 07 writes a shorter runs/live/demo.avi): 6 photos x 60 frames
video=runs/live/speed-demo.avi
[[ -f $video ]] || environment/fer live demo-video environment/.cache/npm/face-api-demo --out "$video"
for m in "${models[@]}"; do
  for mode in dl4j frozen; do
    opts=''; [[ $mode == dl4j ]] && opts='-Dfer.inference.frozen=false'
    echo "== $m, $mode path, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    JAVA_TOOL_OPTIONS="$opts" environment/fer live --source "$video" --model "$m" --no-window --max-frames 120 \
      --out "runs/live/speed-$m-$mode" 2>&1 | grep -E '^fer live: [0-9.]+ FPS'
  done
done
