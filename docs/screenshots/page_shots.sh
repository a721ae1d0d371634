#!/usr/bin/env bash
# The pages' pictures from the simulated car (offscreen, software renderer, 1920x720): the list in
# docs/screenshots/README.md, one `cockpit screenshot` each. The Settings and Devices pages and the
# handoff cards come from handoff_shots.py, the cluster from cluster_shots.sh.
#   PATH=.venv/bin:$PATH docs/screenshots/page_shots.sh [OUTPUT_DIR]
set -euo pipefail
out=${1:-$(dirname "$0")}
shot() { name=$1; shift; cockpit screenshot -o "$out/$name" "$@"; echo "wrote $out/$name"; }
for theme in day night; do
  shot drive-$theme.png       --page drive       --scenario highway  --at 15  --theme $theme
  shot energy-$theme.png      --page energy      --scenario charging --at 420 --theme $theme
  shot adas-$theme.png        --page adas        --scenario highway  --at 15  --theme $theme
  shot diagnostics-$theme.png --page diagnostics --scenario highway  --at 30  --theme $theme
done
shot drive-night-zh_CN.png          --page drive  --scenario highway  --at 15  --theme night --lang zh_CN
shot energy-day-zh_CN.png           --page energy --scenario charging --at 420 --theme day   --lang zh_CN
shot collision-warning-day.png      --page drive  --scenario highway  --at 20  --theme day    # the cut-in, acute
shot collision-prewarning-night.png --page drive  --scenario highway  --at 19  --theme night  # the cut-in, pre-warning
shot collision-adas-night-zh_CN.png --page adas   --scenario highway  --at 20  --theme night --lang zh_CN
shot adas-city-turn-night.png       --page adas   --scenario city     --at 35  --theme night  # lane lines in the left turn
shot adas-city-cyclist-day.png      --page adas   --scenario city     --at 41  --theme day    # the cyclist beside the lane
shot park-assist-day.png            --page drive  --scenario parking  --at 14  --theme day
shot park-assist-night-zh_CN.png    --page adas   --scenario parking  --at 15  --theme night --lang zh_CN
shot faults-adas-night-zh_CN.png    --page adas   --scenario faults   --at 20  --theme night --lang zh_CN
