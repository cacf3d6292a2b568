#!/usr/bin/env bash
# AVR text decoding speed of `reckon adsb decode`: builds a large AVR file in /tmp from the
# 2,000 real messages of pymodes/sample_data_adsb.csv (repeated), decodes it to /dev/null as
# JSON lines (parse hex + CRC + decode + tracker + output), and prints messages per CPU second
# (user + system time of the process: one core) and per wall-clock second.
# Usage: bench/adsb_avr.sh [RECKON_BINARY] [REPEATS]   (default build/reckon, 2500 → 5 M lines)
#
# With RECKON_BASELINE=OTHER_BINARY (e.g. a build of an older commit), both binaries decode
# the same file in turn, RECKON_ROUNDS times each (default 3), as JSON lines and as CSV, the
# runs alternated so that a change of load hits both; the medians give
#   RESULT avr_json_speedup_vs_baseline X x   (baseline CPU seconds / this binary's)
#   RESULT avr_csv_speedup_vs_baseline X x
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reckon=${1:-$here/../build/reckon}
repeats=${2:-2500}
baseline=${RECKON_BASELINE:-}
rounds=${RECKON_ROUNDS:-3}
shared=$here/../../shared/data/adsb/pymodes/sample_data_adsb.csv
input=/tmp/reckon_bench_adsb_avr.avr
for b in "$reckon" ${baseline:+"$baseline"}; do
    [[ -x $b ]] || { echo "adsb_avr: $b is not an executable (build it first)" >&2; exit 1; }
done
if [[ ! -s $input || $(wc -l < "$input") -ne $((repeats * 2000)) ]]; then
    one=$(mktemp)
    sed -E 's/^[^,]*,"?([0-9A-Fa-f]+)"?,.*/*\1;/' "$shared" > "$one"
    : > "$input"
    for ((i = 0; i < repeats; i++)); do cat "$one"; done >> "$input"
    rm -f "$one"
fi
lines=$(wc -l < "$input")

# run BINARY [OPTIONS...]: prints "CPU_SECONDS WALL_SECONDS" of one decode to /dev/null.
run() {
    local timing user sys wall bin=$1
    shift
    timing=$(mktemp)
    /usr/bin/time -o "$timing" -f "%U %S %e" "$bin" adsb decode "$input" "$@" > /dev/null 2> /dev/null
    read -r user sys wall < "$timing"
    rm -f "$timing"
    echo "$(echo "$user + $sys" | bc -l) $wall"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

if [[ -z $baseline ]]; then
    read -r cpu wall < <(run "$reckon")
    echo "adsb_avr: $lines messages, cpu ${cpu}s, wall ${wall}s"
    echo "RESULT adsb_avr_decode $(echo "$lines / $cpu" | bc) msg/s"
    echo "RESULT adsb_avr_decode_wall $(echo "$lines / $wall" | bc) msg/s"
    exit 0
fi

echo "adsb_avr: $lines messages; $rounds rounds, each: baseline then this binary, JSON then CSV"
echo "adsb_avr: baseline $baseline; this binary $reckon; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A cpus
for ((r = 1; r <= rounds; r++)); do
    for format in jsonl csv; do
        for who in baseline new; do
            bin=$reckon
            [[ $who == baseline ]] && bin=$baseline
            read -r cpu wall < <(run "$bin" --output-format "$format")
            cpus[$who.$format]+="$cpu "
            printf 'adsb_avr: round %d %-5s %-8s cpu %6.2fs wall %6.2fs  %s msg/CPU s\n' "$r" "$format" "$who" \
                "$cpu" "$wall" "$(echo "$lines / $cpu" | bc)"
        done
    done
done
echo "adsb_avr: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for format in jsonl csv; do
    base=$(tr ' ' '\n' <<< "${cpus[baseline.$format]}" | grep . | median)
    new=$(tr ' ' '\n' <<< "${cpus[new.$format]}" | grep . | median)
    name=$format
    [[ $format == jsonl ]] && name=json
    echo "RESULT adsb_avr_decode_${name} $(echo "$lines / $new" | bc) msg/s"
    echo "RESULT adsb_avr_decode_${name}_baseline $(echo "$lines / $base" | bc) msg/s"
    echo "RESULT avr_${name}_speedup_vs_baseline $(printf "%.3f" "$(echo "scale=4; $base / $new" | bc)") x"
done
