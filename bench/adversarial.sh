#!/usr/bin/env bash
# Calibration of reckon's estimates on programmes whose truth is NOT drawn from its model
# (bench/adversarial.py: S-curves, plateaus, stops, fat stocks, boasting classes, reworded
# relays, sparse evidence, lagging serials). Each programme is fitted with `reckon estimate`
# at its defaults (4 chains x 1000 warm-up x 1000 draws, one thread per fit) and scored
# against its truth. Prints per family and pooled, as RESULT lines:
#   coverage_month   share of production months whose true output lies in the 90% interval
#   coverage_total   share of programmes whose true total lies in the 90% interval
#   mean_log_error   mean of log(median total / true total)
#   median_abs_log_error
#   divergent_share  share of post-warm-up transitions that diverged
#   fits_divergent   share of fits with any divergent transition
# Targets (issue 13): coverage 0.85-0.95 pooled, no family below 0.80, |mean log error| <=
# 0.10 per family, median |log error| <= 0.25, no divergences in >= 90% of fits.
#
#   bench/adversarial.sh                  # the tuning set: seeds 1..PER per family
#   SET=heldout bench/adversarial.sh      # the held-out set: seeds 1001.. (score only at the end)
#
# Knobs: PER (13 programmes per family), SET (tune|heldout), JOBS (1; at most 2), RECKON
# (build/reckon), KEEP=1 keeps the work folder, FAMILIES (all of them).
set -euo pipefail
cd "$(dirname "$0")/.."
PER=${PER:-13}
SET=${SET:-tune}
JOBS=${JOBS:-1}
RECKON=${RECKON:-build/reckon}
[ -x "$RECKON" ] || { echo "no $RECKON: build it first (cmake --build build --target reckon)" >&2; exit 2; }
[ "$JOBS" -le 2 ] || { echo "JOBS above 2 would crowd a shared 2-core machine" >&2; exit 2; }
case "$SET" in
tune) base=0 ;;
heldout) base=1000 ;;
*) echo "SET is tune or heldout" >&2; exit 2 ;;
esac
families=${FAMILIES:-$(python3 bench/adversarial.py families)}
work=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] && echo "work folder: $work" >&2 || trap 'rm -rf "$work"' EXIT

jobs_file="$work/jobs"
for f in $families; do
    for i in $(seq 1 "$PER"); do echo "$f $((base + i))"; done
done >"$jobs_file"
total=$(wc -l <"$jobs_file")
echo "adversarial: $total programmes ($SET set), $JOBS at a time" >&2

fit_one() {
    local f=$1 seed=$2 dir="$work/$1-$2"
    python3 bench/adversarial.py generate "$seed" "$f" "$dir/in"
    if "$RECKON" estimate "$dir/in/programme.toml" --out "$dir/out" --threads 1 >"$dir/log" 2>&1; then
        python3 bench/adversarial.py score "$dir/in" "$dir/out" >"$dir/score.json"
    else
        echo "adversarial: $f seed $seed failed (see $dir/log)" >&2
        echo "{\"family\": \"$f\", \"seed\": $seed, \"failed\": true}" >"$dir/score.json"
    fi
}
export -f fit_one
export work RECKON
start=$(date +%s)
xargs -P "$JOBS" -L 1 bash -c 'fit_one $0 $1' <"$jobs_file"
seconds=$(($(date +%s) - start))
cat "$work"/*/score.json >"$work/scores.jsonl"
[ "${KEEP:-0}" = 1 ] && cp "$work/scores.jsonl" "${SCORES:-/dev/null}" 2>/dev/null || true

python3 bench/adversarial.py summary "$work/scores.jsonl" "$SET" "$seconds"
