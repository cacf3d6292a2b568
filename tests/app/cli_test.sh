#!/usr/bin/env bash
# End-to-end checks of the reckon command: exit codes (0 ok, 1 bad input, 2 bad usage),
# messages that name the file and say what to do, never-clobber output, idempotent ingest.
# Golden output is checked by the golden_* tests (tests/golden/README.md).
# Usage: cli_test.sh RECKON SHARED_DIR
set -uo pipefail
reckon=$1
shared=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/expect.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/expect.sh"

docs=$root/examples/alabuga/documents

# Usage
expect 0 "" -- "$reckon" --version
grep -q '^reckon ' "$tmp/out" || fail "--version prints 'reckon VERSION'"
expect 0 "" -- "$reckon" --help
grep -q 'extract' "$tmp/out" || fail "--help lists the subcommands"
expect 0 "" -- "$reckon" extract --help
grep -q -- '--published' "$tmp/out" || fail "extract --help explains --published"
expect 2 "" -- "$reckon"
expect 2 "" -- "$reckon" frobnicate
expect 2 "" -- "$reckon" extract
expect 2 "not a date" -- "$reckon" extract "$docs" --published 24/07/2025
expect 2 "unknown --format" -- "$reckon" extract "$docs"/*.html --format xml
expect 2 "unknown --metric" -- "$reckon" claims --db "$tmp/x.db" --metric bananas

# Bad input: each file gets a message naming it; exit 1 only when nothing could be read.
: >"$tmp/empty.txt"
head -c 4096 /dev/urandom >"$tmp/random.bin"
printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog' >"$tmp/truncated.pdf"
expect 1 "empty.txt.*empty" -- "$reckon" extract "$tmp/empty.txt"
expect 1 "random.bin.*binary" -- "$reckon" extract "$tmp/random.bin"
expect 1 "truncated.pdf.*PDF" -- "$reckon" extract "$tmp/truncated.pdf"
expect 1 "missing.txt" -- "$reckon" extract "$tmp/missing.txt"
printf 'The plant made 1,200 drones in 2024.\n' >"$tmp/good.txt"
expect 0 "empty.txt" -- "$reckon" extract "$tmp/empty.txt" "$tmp/good.txt" --format jsonl
grep -q '"production_total"' "$tmp/out" || fail "the readable file's claim is printed despite the bad one"
printf 'Output: 300 drones per month \xff\xfe in 2023.\n' >"$tmp/bad_utf8.txt"
expect 0 "invalid UTF-8 at byte 29" -- "$reckon" extract "$tmp/bad_utf8.txt" --format jsonl

# Pipes, devices and dangling links are refused up front, never opened (they could block).
mkdir -p "$tmp/special"
mkfifo "$tmp/special/pipe"
ln -s "$tmp/nowhere.txt" "$tmp/special/dangling.txt"
cp "$tmp/good.txt" "$tmp/special/"
expect 1 "pipe: not a regular file" -- timeout 20 "$reckon" extract "$tmp/special/pipe"
expect 0 "dangling.txt: a link to a file that does not exist" -- timeout 20 "$reckon" ingest "$tmp/special" --db "$tmp/special.db"
grep -q "pipe: not a regular file" "$tmp/err" || fail "ingest names the pipe it skipped"

# Never clobber.
echo keep >"$tmp/claims.csv"
expect 1 "hint: pass --overwrite" -- "$reckon" extract "$tmp/good.txt" --format csv -o "$tmp/claims.csv"
[ "$(cat "$tmp/claims.csv")" = keep ] || fail "an existing output file was changed without --overwrite"
expect 0 "" -- "$reckon" extract "$tmp/good.txt" --format csv -o "$tmp/claims.csv" --overwrite
head -1 "$tmp/claims.csv" | grep -q '^metric,subject' || fail "CSV output starts with its header"
ls "$tmp" | grep -q '\.tmp-' && fail "a temporary output file was left behind"

# Store: ingest is idempotent and keeps what was stored when later input is bad.
db=$tmp/reckon.db
expect 0 "stored" -- "$reckon" ingest "$docs" --db "$db"
"$reckon" claims --db "$db" --format jsonl >"$tmp/claims1.jsonl" || fail "claims after ingest"
n1=$(wc -l <"$tmp/claims1.jsonl")
[ "$n1" -gt 0 ] || fail "ingest stored no claims"
expect 0 "already present" -- "$reckon" ingest "$docs" --db "$db"
"$reckon" claims --db "$db" --format jsonl >"$tmp/claims2.jsonl"
cmp -s "$tmp/claims1.jsonl" "$tmp/claims2.jsonl" || fail "re-ingesting changed the claims"
mkdir -p "$tmp/mixed"
cp "$tmp/empty.txt" "$tmp/random.bin" "$tmp/mixed/"
expect 1 "no document could be read" -- "$reckon" ingest "$tmp/mixed" --db "$db"
"$reckon" claims --db "$db" --format jsonl >"$tmp/claims3.jsonl"
cmp -s "$tmp/claims1.jsonl" "$tmp/claims3.jsonl" || fail "a failed ingest changed what was stored"
expect 1 "no evidence store" -- "$reckon" claims --db "$tmp/nothing.db"
echo "not a database" >"$tmp/fake.db"
expect 1 "fake.db" -- "$reckon" claims --db "$tmp/fake.db"
expect 0 "" -- "$reckon" claims --db "$db" --metric unit_cost --format csv
tail -n +2 "$tmp/out" | cut -d, -f1 | sort -u | grep -qv '^unit_cost$' && fail "--metric filter lets other metrics through"

# --- estimate: bad programmes get a message naming file and line -------------------------------
est=$tmp/est
mkdir -p "$est"
"$reckon" simulate --seed 3 --out "$est/sim" 2>/dev/null || fail "simulate failed"
expect 1 "exists already" -- "$reckon" simulate --seed 3 --out "$est/sim"
cp -r "$est/sim" "$est/toml"
printf 'name = "x"\nproduct = \n' >"$est/toml/programme.toml"
expect 1 "programme.toml:2:.*malformed TOML" -- "$reckon" estimate "$est/toml/programme.toml" --out "$est/o1"
cp -r "$est/sim" "$est/unknown"
sed -i 's/^initial_rate = 50/initial_rat = 50/' "$est/unknown/programme.toml"
expect 1 "programme.toml:[0-9]+:[0-9]+: unknown key 'initial_rat'" -- "$reckon" estimate "$est/unknown/programme.toml" --out "$est/o2"
cp -r "$est/sim" "$est/badrow"
sed -i '4s/,production_rate,\([0-9.e+]*\),/,production_rate,lots,/2' "$est/badrow/claims.csv"
sed -i '4s/,unit\/month,\(approx\|over\|under\|range\),/,unit\/month,sometimes,/' "$est/badrow/claims.csv"
expect 1 "claims.csv:4: " -- "$reckon" estimate "$est/badrow/programme.toml" --out "$est/o3"
cp -r "$est/sim" "$est/negative"
sed -i '3s/,sim,[0-9.e+]*,/,sim,-5,/' "$est/negative/launches.csv"
expect 1 "launches.csv:3: launched is negative" -- "$reckon" estimate "$est/negative/programme.toml" --out "$est/o4"
cp -r "$est/sim" "$est/dup"
printf 'A7,A,2023-05-15,x,y\nA7,A,2023-06-15,x,y\n' >>"$est/dup/serials.csv"
expect 1 "serials.csv:[0-9]+: serial A7 of series 'A' is listed twice" -- "$reckon" estimate "$est/dup/programme.toml" --out "$est/o5"
printf 'name = "empty"\nproduct = "p"\nstart = "2023-01"\nend = "2023-12"\n' >"$est/empty.toml"
expect 1 "no evidence about production" -- "$reckon" estimate "$est/empty.toml" --out "$est/o6"
expect 2 "" -- "$reckon" estimate "$est/sim/programme.toml"
# A fixed seed gives byte-identical output, whatever the threads.
"$reckon" estimate "$est/sim/programme.toml" --out "$est/a" --seed 5 --draws 100 --warmup 100 --threads 1 >/dev/null 2>&1
"$reckon" estimate "$est/sim/programme.toml" --out "$est/b" --seed 5 --draws 100 --warmup 100 --threads 2 >/dev/null 2>&1
if cmp -s "$est/a/estimate.json" "$est/b/estimate.json" && cmp -s "$est/a/production.csv" "$est/b/production.csv"; then
  pass
else
  fail "estimate with a fixed seed is not reproducible"
fi
if grep -qiE '\bnan\b|\binf\b' "$est/a"/*.csv "$est/a/estimate.json"; then fail "NaN or inf in estimate output"; else pass; fi
expect 1 "exists already" -- "$reckon" estimate "$est/sim/programme.toml" --out "$est/a" --draws 100 --warmup 100

finish cli_test
