#!/usr/bin/env bash
# Writes the README's report screenshot: `dnnpart report` on the ResNet-18 three-tier instance
# with a bandwidth sweep, opened in headless Chromium (Debian: chromium; graphviz for the layout).
#
#   scripts/report-screenshot.sh [DNNPART]     (default .build/release/dnnpart)
set -euo pipefail
cd "$(dirname "$0")/.."
dnnpart="${1:-.build/release/dnnpart}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$dnnpart" report instances/zoo/resnet18-three-tier-rpi3-jetson-tk1-server-8core-wifi-4g.json \
    --sweep-bandwidth 1..1000Mbit/s -o "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=1400,2100 --screenshot="$work/report.png" "file://$work/report.html" 2>/dev/null
mkdir -p docs/figures
cp "$work/report.png" docs/figures/report-resnet18-three-tier.png
echo "wrote docs/figures/report-resnet18-three-tier.png"
