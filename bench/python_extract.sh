#!/usr/bin/env bash
# What the Python package costs over the command, in one run on the same documents:
#   reckon extract --format csv FILES > /dev/null          (one process per round)
#   reckon.extract([FILES]) in one python3, DataFrames made (the same rounds, after import)
# on examples/*/documents (7 small documents: per-call overhead), and on one larger plain-text
# file of the US 155 mm documents repeated (COPIES times: where the DataFrame's making shows).
# Both pinned to one core; CPU time (user + sys): the command's from one /usr/bin/time over
# all its processes (start-up included, as a user pays it); Python's from time.process_time()
# around the calls (the interpreter's start and `import reckon` are printed apart).
#
#   bench/python_extract.sh             # BUILD=path/to/build to time another build
#
# Prints RESULT lines; the ratio is Python's CPU time over the command's (1.0 = no overhead).
# Knobs: BUILD (build), ROUNDS (200), COPIES (5000: about 10 MB), BIG_ROUNDS (3), CPU (0),
# PYTHON (/usr/bin/python3).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BUILD=${BUILD:-$REPO/build}
ROUNDS=${ROUNDS:-200}
BIG_ROUNDS=${BIG_ROUNDS:-3}
COPIES=${COPIES:-5000}
CPU=${CPU:-0}
PYTHON=${PYTHON:-/usr/bin/python3}
RECKON=$BUILD/reckon

die() { echo "python_extract.sh: $*" >&2; exit 1; }
note() { echo "python_extract.sh: $*" >&2; }

[ -x "$RECKON" ] || die "$RECKON not built (scripts/build)"
compgen -G "$BUILD/python/reckon/_reckon*.so" >/dev/null ||
    die "the Python package is not built (cmake --build $BUILD --target reckon_python)"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (scripts/setup installs it)"
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c "$CPU"); else note "taskset not found: unpinned"; fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-bench-python-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

cd "$REPO"
mapfile -t SMALL < <(ls examples/*/documents/* | sort)
BIG=$WORK/us155x$COPIES.txt
for _ in $(seq "$COPIES"); do
    for f in examples/us155/documents/*.txt; do cat "$f"; echo; done
done >"$BIG"
note "${#SMALL[@]} example documents ($(cat "${SMALL[@]}" | wc -c) bytes), ${ROUNDS} rounds;" \
     "large: $(stat -c %s "$BIG") bytes"

# cli_cpu ROUNDS FILE... : CPU seconds of ROUNDS runs of the command over FILE..., one process
# each, timed together by one /usr/bin/time around a shell loop (the loop's own share is small).
cli_cpu() {
    local rounds=$1
    shift
    /usr/bin/time -o "$WORK/time" -f '%U %S' "${PIN[@]}" bash -c '
        rounds=$1; reckon=$2; shift 2
        for ((i = 0; i < rounds; i++)); do "$reckon" extract --format csv "$@" >/dev/null 2>&1; done
    ' _ "$rounds" "$RECKON" "$@"
    awk '{ print $1 + $2 }' "$WORK/time"
}

# py_cpu ROUNDS FILE... : "import_seconds calls_cpu_seconds rows" for ROUNDS calls in one process
py_cpu() {
    local rounds=$1
    shift
    PYTHONPATH=$BUILD/python "${PIN[@]}" "$PYTHON" - "$rounds" "$@" <<'PY'
import sys, time
t0 = time.process_time()
import reckon
t1 = time.process_time()
rounds, files = int(sys.argv[1]), sys.argv[2:]
rows = 0
start = time.process_time()
for _ in range(rounds):
    rows = len(reckon.extract(files))
print(f"{t1 - t0:.4f} {time.process_time() - start:.4f} {rows}")
PY
}

claims_cli=$("$RECKON" extract --format csv "${SMALL[@]}" 2>/dev/null | "$PYTHON" -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(sys.stdin)))')
cli_small=$(cli_cpu "$ROUNDS" "${SMALL[@]}")
read -r import_s py_small rows_small < <(py_cpu "$ROUNDS" "${SMALL[@]}")
[ "$rows_small" = "$claims_cli" ] || die "Python gave $rows_small claims, the command $claims_cli"
note "examples: command ${cli_small} s CPU over ${ROUNDS} processes; Python ${py_small} s over ${ROUNDS} calls" \
     "(${rows_small} claims each; import reckon: ${import_s} s)"
echo "RESULT python_import_reckon $import_s s"
echo "RESULT python_vs_cli_extract $(awk -v p="$py_small" -v c="$cli_small" 'BEGIN { printf "%.3f", p / c }') x"

cli_big=$(cli_cpu "$BIG_ROUNDS" "$BIG")
read -r _ py_big rows_big < <(py_cpu "$BIG_ROUNDS" "$BIG")
claims_big=$("$RECKON" extract --format csv "$BIG" 2>/dev/null | "$PYTHON" -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(sys.stdin)))')
[ "$rows_big" = "$claims_big" ] || die "Python gave $rows_big claims on the large file, the command $claims_big"
note "large file: command ${cli_big} s CPU over ${BIG_ROUNDS} runs; Python ${py_big} s (${rows_big} claims each)"
echo "RESULT python_vs_cli_extract_large $(awk -v p="$py_big" -v c="$cli_big" 'BEGIN { printf "%.3f", p / c }') x"
echo "RESULT python_extract_large_mb_per_cpu_s $(awk -v b="$(stat -c %s "$BIG")" -v r="$BIG_ROUNDS" -v s="$py_big" 'BEGIN { printf "%.3f", b * r / 1e6 / s }') MB/s"
echo "RESULT cli_extract_large_mb_per_cpu_s $(awk -v b="$(stat -c %s "$BIG")" -v r="$BIG_ROUNDS" -v s="$cli_big" 'BEGIN { printf "%.3f", b * r / 1e6 / s }') MB/s"
