#!/usr/bin/env bash
# End-to-end checks of `reckon adsb decode` on every input form: ts,hex CSV, AVR (plain and
# gzip), Beast, raw IQ at both sample rates with the format found from the content, and the
# bad inputs the issue names (truncated Beast, bad escapes, odd-length hex, random bytes, an
# IQ file in the wrong format, a feed that stalls or drops): skipped and counted or refused
# with a message that says what to do, never a crash or a hang.
# Usage: decode_cli_test.sh RECKON SHARED_DIR
set -uo pipefail
reckon=$1
shared=$2
data=$shared/data/adsb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${feed_pid:-}" ] && kill "$feed_pid" 2>/dev/null' EXIT
# shellcheck source=../lib/expect.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/expect.sh"
# lines_at_least N: stdout of the last command has at least N lines.
lines_at_least() {
  local n
  n=$(wc -l <"$tmp/out")
  if [ "$n" -ge "$1" ]; then pass; else fail "expected at least $1 output lines, got $n"; fi
}

# --- IQ: the format and the sample rate are found from the samples --------------------------
expect 0 "iq-u8 at 2.4 MS/s" -- "$reckon" adsb decode "$data/iq/modes1_resampled_2m4.bin" --keep-unknown-addresses
frames=$(grep -oE '^  [0-9]+ frames whose CRC holds' "$tmp/err" | grep -oE '[0-9]+' | head -1)
if [ "${frames:-0}" -ge 345 ]; then pass; else fail "2.4 MS/s: $frames frames, expected at least 345"; fi
expect 0 "iq-u8 at 2.0 MS/s" -- "$reckon" adsb decode "$data/iq/modes1.bin"
frames=$(grep -oE '^  [0-9]+ frames whose CRC holds' "$tmp/err" | grep -oE '[0-9]+' | head -1)
if [ "${frames:-0}" -ge 217 ]; then pass; else fail "2.0 MS/s: $frames frames, expected at least 217"; fi
# Given explicitly, the same.
expect 0 "iq-u8 at 2.0 MS/s" -- "$reckon" adsb decode "$data/iq/modes1.bin" --format iq-u8 --sample-rate 2.0
lines_at_least 217
# An IQ file said to be another format is refused with what to do.
expect 1 "modes1.bin.*(S16|16-bit|sample rate)" -- "$reckon" adsb decode "$data/iq/modes1.bin" --format iq-s16
expect 2 "sample-rate|from 2.0 to 64" -- "$reckon" adsb decode "$data/iq/modes1.bin" --sample-rate 1.5
# A recording cut to an odd byte count still decodes what is there.
head -c 300001 "$data/iq/modes1.bin" >"$tmp/cut.bin"
expect 0 "frames whose CRC holds" -- "$reckon" adsb decode "$tmp/cut.bin" --format iq-u8 --sample-rate 2.0

# --- text feeds -----------------------------------------------------------------------------
tail -n +2 "$data/pymodes/sample_data_adsb.csv" >"$tmp/tshex.csv"
expect 0 "\(tshex\)" -- "$reckon" adsb decode "$tmp/tshex.csv"
lines_at_least 1000
cut -d, -f2 "$tmp/tshex.csv" | tr -d '"' | sed 's/^/*/; s/$/;/' >"$tmp/capture.avr"
expect 0 "\(avr\)" -- "$reckon" adsb decode "$tmp/capture.avr" --output-format csv
lines_at_least 1000
# Every JSON line of a real decode parses (numbers are printed in fixed point by hand).
expect 0 "\(avr\)" -- "$reckon" adsb decode "$tmp/capture.avr"
if python3 -c 'import json, sys
n = sum(1 for line in open(sys.argv[1]) if isinstance(json.loads(line), dict))
sys.exit(0 if n >= 1000 else 1)' "$tmp/out"; then pass; else fail "JSON lines of a real decode do not all parse"; fi
gzip -c "$tmp/capture.avr" >"$tmp/capture.avr.gz"
expect 0 "avr \(gzip\)" -- "$reckon" adsb decode "$tmp/capture.avr.gz"
lines_at_least 1000
# Odd-length hex and junk lines are skipped and counted.
printf '*8D4840D6202CC371C32CE057609;\n*zz;\nhello\n*8D4840D6202CC371C32CE0576098;\n' >"$tmp/bad.avr"
expect 0 "bad hex" -- "$reckon" adsb decode "$tmp/bad.avr" --format avr
lines_at_least 1

# --- Beast binary ---------------------------------------------------------------------------
# One good long frame (type '3'), then a frame with a bad escape, then a truncated one.
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
frame = bytes.fromhex("8D4840D6202CC371C32CE0576098")
good = b"\x1a3" + bytes(6) + b"\x80" + frame
bad_escape = b"\x1a3" + bytes(6) + b"\x80" + frame[:5] + b"\x1a" + b"\x07" + frame[6:]
truncated = b"\x1a3" + bytes(6) + b"\x80" + frame[:4]
open(f"{d}/capture.beast", "wb").write(good * 3 + bad_escape + good + truncated)
PY
expect 0 "\(beast\)" -- "$reckon" adsb decode "$tmp/capture.beast"
lines_at_least 4
if grep -qiE "escape" "$tmp/err" && grep -qiE "cut off|truncated" "$tmp/err"; then pass; else
  fail "beast: bad escape and truncation not counted: $(cat "$tmp/err")"
fi

# --- random bytes and empty input -----------------------------------------------------------
# Fixed pseudo-random bytes, so the check is the same on every run.
python3 -c 'import random, sys; random.seed(7); sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(65536)))' >"$tmp/random.bin"
expect 1 "cannot tell the format|--format" -- "$reckon" adsb decode "$tmp/random.bin"
: >"$tmp/empty"
expect 1 "is empty" -- "$reckon" adsb decode "$tmp/empty"  # issue 14: nothing read is an error

# --- a feed that drops, and one that stalls -------------------------------------------------
port_file="$tmp/port"
python3 - "$tmp/capture.avr" "$port_file" <<'PY' &
import socket, sys, time
data = open(sys.argv[1], "rb").read()
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(2)
open(sys.argv[2], "w").write(str(srv.getsockname()[1]))
c, _ = srv.accept(); c.sendall(data[:len(data)//2]); c.close()     # drops half-way
c, _ = srv.accept(); c.sendall(data[:4096]); time.sleep(30); c.close()  # stalls
PY
feed_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
port=$(cat "$port_file")
expect 0 "closed|ended" -- "$reckon" adsb decode "tcp://127.0.0.1:$port"
lines_at_least 100
start=$(date +%s)
expect 1 "nothing for|stall|timeout|silent" -- "$reckon" adsb decode "tcp://127.0.0.1:$port" --timeout 1
if [ $(( $(date +%s) - start )) -lt 20 ]; then pass; else fail "a stalled feed was not given up within the timeout"; fi
kill "$feed_pid" 2>/dev/null
# Nothing listening: refused with a hint.
expect 1 "refused|connect" -- "$reckon" adsb decode "tcp://127.0.0.1:1"

finish decode_cli
