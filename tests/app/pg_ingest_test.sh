#!/usr/bin/env bash
# `reckon ingest`, `reckon claims` and `reckon estimate`-style reading with --db on a real
# PostgreSQL server this script starts (initdb in a temporary folder, postgres on a Unix socket
# there, as the postgres user when run as root) and stops:
#   - eight `reckon ingest` processes at once over overlapping lists of documents: every
#     document stored once, and `reckon claims` (sorted) the same as one serial run into SQLite;
#   - `reckon ingest` killed with SIGKILL half-way: every stored document has all its claims,
#     and a rerun completes the rest;
#   - errors name the URI without its password and say what to do.
# Exits 77 (skipped) only when the PostgreSQL binaries are not installed.
# Usage: pg_ingest_test.sh RECKON SOURCE_DIR
set -euo pipefail
reckon=$1
src=$2
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
# shellcheck source=pg_server.sh
source "$(dirname "$0")/pg_server.sh"
pg_start concurrent killed
trap pg_stop EXIT
dir=$pg_dir
uri() { pg_uri "$1"; }

# 42 documents: the examples' 7, each in 6 variants with the same claims (pg_server.sh).
pg_variants "$src" "$dir/docs"
mapfile -t docs < <(find "$dir/docs" -type f | sort)
[[ ${#docs[@]} == 42 ]] || fail "expected 42 documents, made ${#docs[@]}"

# The serial run, into SQLite: what every other run must give.
"$reckon" ingest "${docs[@]}" --db "$dir/serial.db" 2> "$dir/serial.log" || { cat "$dir/serial.log"; fail "serial ingest"; }
"$reckon" claims --db "$dir/serial.db" --format csv | sort > "$dir/serial.csv"
[[ $(wc -l < "$dir/serial.csv") -gt 42 ]] || fail "the serial run found too few claims"

# Eight processes at once, each over 16 of the 42 documents, starting 5 apart: every
# document is in two or three processes' lists.
pg_overlapping_ingests "$reckon" "$(uri concurrent)" "$dir/ingest.log" "${docs[@]}"
for i in "${!pg_ingest_pids[@]}"; do
    wait "${pg_ingest_pids[$i]}" || { cat "$dir/ingest.log-$i"; fail "ingest process $i failed"; }
done
read -r total distinct < <(pg_psql concurrent -F ' ' -c "SELECT count(*), count(DISTINCT sha256) FROM documents")
echo "8 concurrent ingests: $total documents stored, $distinct distinct (42 expected)"
[[ $total == 42 && $distinct == 42 ]] || fail "documents stored more than once or missing"
"$reckon" claims --db "$(uri concurrent)" --format csv | sort > "$dir/concurrent.csv"
cmp -s "$dir/serial.csv" "$dir/concurrent.csv" || {
    diff "$dir/serial.csv" "$dir/concurrent.csv" | head
    fail "claims after concurrent ingests differ from the serial run"
}
echo "claims identical to the serial run ($(wc -l < "$dir/serial.csv") lines)"

# SIGKILL half-way through an ingest, then a rerun.
"$reckon" ingest "${docs[@]}" --db "$(uri killed)" 2> /dev/null &
victim=$!
for _ in $(seq 1 200); do
    stored=$(pg_psql killed -c "SELECT count(*) FROM documents" 2> /dev/null || echo 0)
    [[ ${stored:-0} -ge 5 ]] && break
    sleep 0.02
done
kill -9 "$victim" 2> /dev/null || true
wait "$victim" 2> /dev/null || true
stored=$(pg_psql killed -c "SELECT count(*) FROM documents")
echo "killed with SIGKILL after $stored of 42 documents"
# Every stored document has exactly the claims the serial run found in it.
pg_psql killed -F ',' -c "SELECT d.sha256, count(c.id) FROM documents AS d LEFT JOIN claims AS c ON c.document_id = d.id GROUP BY d.sha256" |
    sort > "$dir/killed-counts"
sqlite3 -separator ',' "$dir/serial.db" "SELECT d.sha256, count(c.id) FROM documents AS d LEFT JOIN claims AS c ON c.document_id = d.id GROUP BY d.sha256" |
    sort > "$dir/serial-counts"
comm -23 "$dir/killed-counts" "$dir/serial-counts" > "$dir/half"
[[ ! -s $dir/half ]] || { cat "$dir/half"; fail "a document is half-stored after the kill"; }
"$reckon" ingest "${docs[@]}" --db "$(uri killed)" 2> "$dir/rerun.log" || { cat "$dir/rerun.log"; fail "rerun"; }
tail -1 "$dir/rerun.log"
"$reckon" claims --db "$(uri killed)" --format csv | sort > "$dir/rerun.csv"
cmp -s "$dir/serial.csv" "$dir/rerun.csv" || fail "claims after the rerun differ from the serial run"
echo "rerun after the kill completes the store"

# Errors: the URI without its password, and what to do.
set +e
msg=$("$reckon" claims --db "postgresql://reckon:s3cret@/no_such_db?host=$dir" 2>&1)
status=$?
set -e
[[ $status != 0 ]] || fail "claims on a missing database exited 0"
[[ $msg != *s3cret* ]] || fail "the password was printed: $msg"
[[ $msg == *"postgresql://reckon@/no_such_db"* && $msg == *createdb* ]] || fail "unhelpful error: $msg"
echo "ok"
