#!/usr/bin/env bash
# Shows that `reckon extract` streams: one 1 GB text file (the bench corpus repeated, see
# bench/corpus.sh), extracted under /usr/bin/time -v. Memory should stay at a few tens of
# MB however big the input; a figure that grows with the file means something buffers it.
#
#   bench/big_file.sh                # RECKON=path/to/reckon, BIG_MB=1000, CPU=0
#
# Prints RESULT lines. The file lives in a temp dir removed on exit (needs ~1 GB free).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
RECKON=${RECKON:-$REPO/build/reckon}
BIG_MB=${BIG_MB:-1000}
CPU=${CPU:-0}

die() { echo "big_file.sh: $*" >&2; exit 1; }
note() { echo "big_file.sh: $*" >&2; }

[[ -x $RECKON ]] || die "no reckon binary at $RECKON; build it (cmake --build build) or set RECKON=..."
[[ -x /usr/bin/time ]] || die "/usr/bin/time is not installed (apt-get install time)"
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c "$CPU"); fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-bench-big-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

free_mb=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
((free_mb > BIG_MB + 100)) || die "$WORK has ${free_mb} MB free; need $((BIG_MB + 100)) MB (set TMPDIR elsewhere)"

# shellcheck source=bench/corpus.sh
source "$HERE/corpus.sh"
BIG=$WORK/big.txt
note "writing a ${BIG_MB} MB file in $WORK"
build_corpus "$BIG" "$BIG_MB" || die "could not build the file"

note "running $RECKON extract on $(stat -c %s "$BIG") bytes"
if ! /usr/bin/time -v -o "$WORK/time.log" "${PIN[@]}" "$RECKON" extract "$BIG" --format jsonl \
    >/dev/null 2>"$WORK/reckon.err"; then
    tail -n 5 "$WORK/reckon.err" >&2
    die "reckon extract failed"
fi

# "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.34" -> seconds.
seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$WORK/time.log")
rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/time.log")
[[ -n $seconds && -n $rss_mb ]] || die "could not read /usr/bin/time's report: $(cat "$WORK/time.log")"
echo "RESULT extract_1gb_seconds $seconds s"
echo "RESULT extract_1gb_max_rss_mb $rss_mb MB"
