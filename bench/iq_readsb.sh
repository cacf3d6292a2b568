#!/usr/bin/env bash
# Peer comparison of IQ demodulation + decoding against readsb (wiedehopf/readsb, the fastest
# maintained dump1090 descendant), in one run on the same input:
#   reckon (bench/adsb_iq_count.cpp: demodulate_file + decode of every frame)
#   readsb --device-type ifile --ifile FILE --iformat UC8 --quiet --stats   (readsb: 2.4 MS/s only)
# on a COPIES-fold concatenation of ../shared/data/adsb/iq/modes1_resampled_2m4.bin (2.4 MS/s,
# cu8), both pinned to one core, CPU time (user + sys) from /usr/bin/time. readsb is timed with
# --quiet --stats (no per-message output, as reckon's driver prints only counts); its frames are counted
# from a second, untimed run with --raw. Also times reckon on the same samples as cf32 at 8 MS/s
# (resampled to 2.4 on the way), which readsb cannot read.
#
#   READSB=/path/to/readsb bench/iq_readsb.sh
#
# readsb is not part of reckon and is never built here: point READSB at a binary you built
# yourself (or have readsb on PATH). Without it the script says so and exits 0.
# Knobs: READSB, BUILD (build), RECKON_SHARED (../shared), COPIES (200), CPU (0).
# Prints the counts and RESULT lines (MB = 10^6 bytes of cu8 input).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$REPO/build}
SHARED=${RECKON_SHARED:-$REPO/../shared}
COPIES=${COPIES:-200}
CPU=${CPU:-0}
DRIVER=$BUILD/bench/reckon_adsb_iq_count
INPUT=$SHARED/data/adsb/iq/modes1_resampled_2m4.bin
READSB=${READSB:-$(command -v readsb || true)}

die() { echo "iq_readsb.sh: $*" >&2; exit 1; }
note() { echo "iq_readsb.sh: $*" >&2; }

if [ -z "$READSB" ] || [ ! -x "$READSB" ]; then
    note "no readsb binary (set READSB=/path/to/readsb): skipped"
    exit 0
fi
[ -x "$DRIVER" ] || die "$DRIVER not built (cmake --build $BUILD --target reckon_adsb_iq_count)"
[ -r "$INPUT" ] || die "$INPUT not found (set RECKON_SHARED)"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install -y time)"
PIN=()
if command -v taskset >/dev/null; then
    PIN=(taskset -c "$CPU")
else
    note "taskset not found: running unpinned, figures will be noisier"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-bench-readsb-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

BIG=$WORK/modes1_2m4_x$COPIES.bin
for _ in $(seq "$COPIES"); do cat "$INPUT"; done >"$BIG"
BYTES=$(stat -c %s "$BIG")
note "input: $COPIES x $(basename "$INPUT") = $BYTES bytes; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$BIG" >/dev/null  # every run reads from the page cache

cpu_seconds() { tail -n 1 "$1" | awk '{ printf "%.3f", $1 + $2 }'; }
mb_per_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

# --- reckon, cu8 at 2.4 MS/s ------------------------------------------------------------------
/usr/bin/time -f '%U %S' -o "$WORK/reckon.time" "${PIN[@]}" "$DRIVER" "$BIG" iq-u8 2.4 >"$WORK/reckon.out"
RECKON_FRAMES=$(awk '{ print $2 }' "$WORK/reckon.out")
RECKON_S=$(cpu_seconds "$WORK/reckon.time")

# --- readsb --------------------------------------------------------------------------------------
READSB_ARGS=(--device-type ifile --ifile "$BIG" --iformat UC8)
/usr/bin/time -f '%U %S' -o "$WORK/readsb.time" "${PIN[@]}" "$READSB" "${READSB_ARGS[@]}" --quiet --stats \
    >"$WORK/readsb.stats" 2>"$WORK/readsb.err" || die "readsb failed: $(tail -3 "$WORK/readsb.err")"
READSB_S=$(cpu_seconds "$WORK/readsb.time")
"$READSB" "${READSB_ARGS[@]}" --raw >"$WORK/readsb.raw" 2>/dev/null || die "readsb --raw failed"
READSB_FRAMES=$(grep -c '^\*' "$WORK/readsb.raw" || true)

# --- reckon, the same samples as cf32 at 8 MS/s (resampled) ----------------------------------
# Made with reckon's own resampler by the driver's companion below: 2.4 → 8 MS/s, cf32.
F32_S=""
F32_FRAMES=""
if [ -x "$BUILD/bench/reckon_iq_convert" ]; then
    "$BUILD/bench/reckon_iq_convert" "$INPUT" "$WORK/one_8m.cf32" 8 >/dev/null
    for _ in $(seq "$COPIES"); do cat "$WORK/one_8m.cf32"; done >"$WORK/big_8m.cf32"
    /usr/bin/time -f '%U %S' -o "$WORK/f32.time" "${PIN[@]}" "$DRIVER" "$WORK/big_8m.cf32" iq-f32 8 >"$WORK/f32.out"
    F32_FRAMES=$(awk '{ print $2 }' "$WORK/f32.out")
    F32_S=$(cpu_seconds "$WORK/f32.time")
fi

echo "reckon (cu8 2.4 MS/s): $RECKON_FRAMES frames in $RECKON_S s CPU"
echo "readsb (UC8 2.4 MS/s): $READSB_FRAMES frames in $READSB_S s CPU ($($READSB --version 2>&1 | head -1))"
[ "$RECKON_FRAMES" -ge "$READSB_FRAMES" ] || note "reckon found fewer frames than readsb"
echo "RESULT iq_readsb_speedup $(awk -v a="$READSB_S" -v b="$RECKON_S" 'BEGIN { printf "%.2f", a / b }') ratio"
echo "RESULT iq_reckon $(mb_per_s "$BYTES" "$RECKON_S") MB/s"
echo "RESULT iq_readsb $(mb_per_s "$BYTES" "$READSB_S") MB/s"
echo "RESULT iq_reckon_frames $RECKON_FRAMES frames"
echo "RESULT iq_readsb_frames $READSB_FRAMES frames"
if [ -n "$F32_S" ]; then
    echo "reckon (cf32 8 MS/s, resampled): $F32_FRAMES frames in $F32_S s CPU"
    echo "RESULT iq_reckon_cf32_8m_seconds $F32_S s"
    echo "RESULT iq_reckon_cf32_8m_frames $F32_FRAMES frames"
fi
note "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
