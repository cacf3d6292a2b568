#!/bin/bash
# `reckon report` and the report at the end of `reckon run`, end to end on the Alabuga example:
# exit codes, the files written, the index.html path as the last line on stdout, refusals.
#   report_cli_test.sh path/to/reckon path/to/source
set -u
reckon=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_code() {  # expected actual what
    [ "$1" = "$2" ] || fail "$3: exit code $2, expected $1 (stderr: $(tail -n 3 "$tmp/err"))"
}
fast=(--draws 200 --warmup 200)

# A report from the programme alone (documents read into a throwaway store, in TMPDIR).
mkdir "$tmp/scratch"
TMPDIR="$tmp/scratch" "$reckon" report "$src/examples/alabuga/programme.toml" --out "$tmp/out" "${fast[@]}" >"$tmp/stdout" 2>"$tmp/err"
expect_code 0 $? "report"
[ "$(tail -n 1 "$tmp/stdout")" = "$tmp/out/index.html" ] || fail "last stdout line is '$(tail -n 1 "$tmp/stdout")'"
for f in index.html view.json production.png cumulative.png launches.png learning_curve.png flights.csv \
         launches_monthly.csv estimate.json production.csv contracts.csv sources.csv learning_curve.csv \
         claims.csv diagnostics.csv summary.txt; do
    [ -s "$tmp/out/$f" ] || fail "report: $f missing or empty"
done
ls "$tmp/out" | grep -q '\.tmp$' && fail "report: a temporary file was left behind"
[ -z "$(ls -A "$tmp/scratch")" ] || fail "report: the scratch store was left in the temporary folder"
grep -q 'window.RECKON_VIEW = {"' "$tmp/out/index.html" && grep -q '"reckon_view":1' "$tmp/out/index.html" || fail "index.html has no inlined view"
grep -q '<title>Alabuga Geran-2 — reckon report</title>' "$tmp/out/index.html" || fail "index.html title"
if grep -Eiq '<(script|link|img)[^>]*(src|href)=' "$tmp/out/index.html"; then fail "index.html fetches a resource"; fi
for png in production cumulative launches learning_curve; do
    [ "$(head -c 8 "$tmp/out/$png.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$png.png is not a PNG"
done
if command -v python3 >/dev/null; then
    python3 - "$tmp/out/view.json" <<'PY' || fail "view.json content"
import json, sys
v = json.load(open(sys.argv[1]))
assert v["reckon_view"] == 1 and v["mode"] == "report", "header"
assert v["programme"]["name"] == "Alabuga Geran-2", v["programme"]
assert len(v["months"]) == 44, len(v["months"])
assert len(v["claims"]) > 50, len(v["claims"])
assert any(c["document"] and c["document"]["sha256"] for c in v["claims"]), "no extracted claim with its document"
assert any(m["launch_rows"] and m["launch_rows"]["file"] == "launches_monthly.csv" for m in v["months"]), "launch rows"
assert v["contracts"][0]["quantity"] == 6000 and v["contracts"][0]["claim_keys"], v["contracts"]
PY
fi

# The same folder again: refused (before sampling, so nothing is rewritten); --overwrite replaces it.
before=$(stat -c %Y.%s "$tmp/out/estimate.json")
"$reckon" report "$src/examples/alabuga/programme.toml" --out "$tmp/out" "${fast[@]}" >"$tmp/stdout" 2>"$tmp/err"
expect_code 1 $? "report into an existing report"
grep -q "exists already" "$tmp/err" || fail "refusal message: $(cat "$tmp/err")"
grep -q -- "--overwrite" "$tmp/err" || fail "refusal hint: $(cat "$tmp/err")"
[ "$(stat -c %Y.%s "$tmp/out/estimate.json")" = "$before" ] || fail "a refused report changed estimate.json"
"$reckon" report "$src/examples/alabuga" --out "$tmp/out" "${fast[@]}" --overwrite >"$tmp/stdout" 2>"$tmp/err"
expect_code 0 $? "report --overwrite"

# Bad input.
"$reckon" report "$tmp/no-such-programme.toml" --out "$tmp/o2" >"$tmp/stdout" 2>"$tmp/err"
expect_code 1 $? "missing programme"
grep -q "no-such-programme.toml" "$tmp/err" || fail "missing programme not named: $(cat "$tmp/err")"
[ -e "$tmp/o2" ] && fail "a failed report created its folder"
"$reckon" report "$src/examples/alabuga/programme.toml" --out "$tmp/o3" --db "$tmp/none.db" >"$tmp/stdout" 2>"$tmp/err"
expect_code 1 $? "missing --db"
grep -q "none.db" "$tmp/err" || fail "missing store not named: $(cat "$tmp/err")"
"$reckon" report "$src/examples/alabuga/programme.toml" >"$tmp/stdout" 2>"$tmp/err"
expect_code 2 $? "no --out"
"$reckon" report --help >"$tmp/stdout" 2>"$tmp/err"
expect_code 0 $? "--help"
grep -q "Examples:" "$tmp/stdout" || fail "--help has no examples"

# `reckon run` ends with the report; `reckon report` then uses the store run left.
"$reckon" run "$src/examples/alabuga" --out "$tmp/run" --chains 2 --draws 100 --warmup 100 >"$tmp/stdout" 2>"$tmp/err"
expect_code 0 $? "run"
[ "$(tail -n 1 "$tmp/stdout")" = "$tmp/run/index.html" ] || fail "run: last stdout line is '$(tail -n 1 "$tmp/stdout")'"
grep -q "report: $tmp/run/index.html" "$tmp/err" || fail "run: no report note on stderr"
[ -s "$tmp/run/production.png" ] || fail "run: no production.png"
"$reckon" run "$src/examples/alabuga" --out "$tmp/run" --chains 2 --draws 100 --warmup 100 >"$tmp/stdout" 2>"$tmp/err"
expect_code 1 $? "run into an existing report"
"$reckon" report "$src/examples/alabuga" --out "$tmp/run" --chains 2 --draws 100 --warmup 100 --overwrite \
    >"$tmp/stdout" 2>"$tmp/err"
expect_code 0 $? "report over run's folder"
grep -q "evidence store $tmp/run/reckon.db" "$tmp/err" || fail "report did not use run's store: $(cat "$tmp/err")"

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "report CLI: all checks passed"
