#!/usr/bin/env bash
# Peer comparison of IQ demodulation + decoding, in one run on the same input:
#   reckon (bench/adsb_iq_count.cpp: demodulate_file + decode of every frame)
#   Debian's dump1090-mutability --ifile FILE --oversample --raw   (--oversample = 2.4 MS/s)
# on a 200x concatenation of ../shared/data/adsb/iq/modes1_resampled_2m4.bin (2.4 MS/s, u8),
# both pinned to one core, CPU time (user + sys) from /usr/bin/time. The concatenation is made in
# a temp dir under /tmp and removed on exit.
#
#   bench/adsb.sh                 # BUILD=path/to/build to time another build
#
# Prints both message counts and RESULT lines (MB = 10^6 bytes of IQ input).
# Knobs: BUILD (build), RECKON_SHARED (../shared), COPIES (200), CPU (0).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$REPO/build}
SHARED=${RECKON_SHARED:-$REPO/../shared}
COPIES=${COPIES:-200}
CPU=${CPU:-0}
DRIVER=$BUILD/bench/reckon_adsb_iq_count
PEER=${PEER:-dump1090-mutability}
INPUT=$SHARED/data/adsb/iq/modes1_resampled_2m4.bin

die() { echo "adsb.sh: $*" >&2; exit 1; }
note() { echo "adsb.sh: $*" >&2; }

[ -x "$DRIVER" ] || die "$DRIVER not built (cmake --build $BUILD --target reckon_adsb_iq_count)"
[ -r "$INPUT" ] || die "$INPUT not found (set RECKON_SHARED)"
command -v "$PEER" >/dev/null || die "$PEER is not installed (apt-get install -y dump1090-mutability)"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install -y time)"
PIN=()
if command -v taskset >/dev/null; then
    PIN=(taskset -c "$CPU")
else
    note "taskset not found: running unpinned, figures will be noisier"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-bench-adsb-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

BIG=$WORK/modes1_2m4_x$COPIES.bin
for _ in $(seq "$COPIES"); do cat "$INPUT"; done >"$BIG"
BYTES=$(stat -c %s "$BIG")
note "input: $COPIES x $(basename "$INPUT") = $BYTES bytes"
cat "$BIG" >/dev/null  # both runs read from the page cache

# cpu_seconds FILE: user + sys from a /usr/bin/time -f '%U %S' line (the last line of FILE).
cpu_seconds() { tail -n 1 "$1" | awk '{ printf "%.3f", $1 + $2 }'; }
mb_per_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

# --- reckon ---------------------------------------------------------------------------------
/usr/bin/time -f '%U %S' -o "$WORK/reckon.time" "${PIN[@]}" "$DRIVER" "$BIG" u8 2.4 >"$WORK/reckon.out"
RECKON_FRAMES=$(awk '{ print $2 }' "$WORK/reckon.out")
RECKON_DECODED=$(awk '{ print $4 }' "$WORK/reckon.out")
RECKON_S=$(cpu_seconds "$WORK/reckon.time")

# --- dump1090-mutability ----------------------------------------------------------------------
/usr/bin/time -f '%U %S' -o "$WORK/peer.time" "${PIN[@]}" "$PEER" --ifile "$BIG" --oversample --raw \
    >"$WORK/peer.out" 2>"$WORK/peer.err"
PEER_FRAMES=$(grep -c '^\*' "$WORK/peer.out" || true)
PEER_S=$(cpu_seconds "$WORK/peer.time")

echo "reckon:              $RECKON_FRAMES frames ($RECKON_DECODED decoded) in $RECKON_S s CPU"
echo "dump1090-mutability: $PEER_FRAMES frames in $PEER_S s CPU"
[ "$RECKON_FRAMES" -ge "$PEER_FRAMES" ] || note "reckon found fewer frames than $PEER"
echo "RESULT adsb_iq_speedup $(awk -v a="$PEER_S" -v b="$RECKON_S" 'BEGIN { printf "%.2f", a / b }') ratio"
echo "RESULT adsb_iq_reckon $(mb_per_s "$BYTES" "$RECKON_S") MB/s"
echo "RESULT adsb_iq_dump1090_mutability $(mb_per_s "$BYTES" "$PEER_S") MB/s"
echo "RESULT adsb_iq_reckon_frames $RECKON_FRAMES frames"
echo "RESULT adsb_iq_dump1090_mutability_frames $PEER_FRAMES frames"
