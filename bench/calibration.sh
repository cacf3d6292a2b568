#!/usr/bin/env bash
# Simulation-based calibration (Talts et al. 2018) of reckon's programme model: N simulated
# programmes (default 200), each estimated with 2 chains x 500 draws; rank histograms of
# true monthly production, total and learning rate tested for uniformity (chi-square, 10
# bins) and 90% interval coverage. Targets: every p > 0.01, coverage 85-95%.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
build=${BUILD:-build}
[ -x "$build/bench/reckon_calibration" ] || cmake --build "$build" --target reckon_calibration -j2 >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
"$build/bench/reckon_calibration" "$n" "$work"
echo "RESULT sbc_seconds $(( $(date +%s) - start )) s"
