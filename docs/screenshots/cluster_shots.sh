#!/usr/bin/env bash
# The instrument cluster's pictures, from a live gateway over Zenoh on 127.0.0.1 (offscreen):
# night and day on the highway, zh_CN, and what the driver sees when the gateway stops.
#   docs/screenshots/cluster_shots.sh [OUTPUT_DIR]
set -euo pipefail
out=${1:-$(dirname "$0")}
port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint="tcp/127.0.0.1:$port"
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
cockpit gateway --scenario highway --listen "$endpoint" & gateway=$!
trap 'kill $gateway 2>/dev/null || true' EXIT
shot() { cockpit cluster --connect "$endpoint" --size 1280x480 --after 3 "$@"; }
shot --theme night --screenshot "$out/cluster-night.png"
shot --theme day --screenshot "$out/cluster-day.png"
shot --theme night --lang zh_CN --screenshot "$out/cluster-night-zh_CN.png"
kill $gateway; wait $gateway 2>/dev/null || true
shot --theme night --after 1 --screenshot "$out/cluster-no-gateway-night.png"
