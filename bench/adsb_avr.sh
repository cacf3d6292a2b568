#!/usr/bin/env bash
# AVR text decoding speed of `reckon adsb decode`: builds a large AVR file in /tmp from the
# 2,000 real messages of pymodes/sample_data_adsb.csv (repeated), decodes it to /dev/null as
# JSON lines (parse hex + CRC + decode + tracker + output), and prints messages per CPU second
# (user + system time of the process: one core) and per wall-clock second.
# Usage: bench/adsb_avr.sh [RECKON_BINARY] [REPEATS]   (default build/reckon, 2500 → 5 M lines)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reckon=${1:-$here/../build/reckon}
repeats=${2:-2500}
shared=$here/../../shared/data/adsb/pymodes/sample_data_adsb.csv
input=/tmp/reckon_bench_adsb_avr.avr
if [[ ! -s $input || $(wc -l < "$input") -ne $((repeats * 2000)) ]]; then
    one=$(mktemp)
    sed -E 's/^[^,]*,"?([0-9A-Fa-f]+)"?,.*/*\1;/' "$shared" > "$one"
    : > "$input"
    for ((i = 0; i < repeats; i++)); do cat "$one"; done >> "$input"
    rm -f "$one"
fi
lines=$(wc -l < "$input")
timing=$(mktemp)
/usr/bin/time -o "$timing" -f "%U %S %e" "$reckon" adsb decode "$input" > /dev/null 2> /dev/null
read -r user sys wall < "$timing"
rm -f "$timing"
cpu=$(echo "$user + $sys" | bc -l)
echo "adsb_avr: $lines messages, cpu ${cpu}s, wall ${wall}s"
echo "RESULT adsb_avr_decode $(echo "$lines / $cpu" | bc) msg/s"
echo "RESULT adsb_avr_decode_wall $(echo "$lines / $wall" | bc) msg/s"
