#!/usr/bin/env bash
# Fails when reckon's readers fall below the floors on Duckling's English corpora
# (tests/data/duckling, see its README). Floors are a little below the scores reached when
# they were set (docs/conformance.md, "Duckling"). Usage: duckling_test.sh RUNNER DATA_DIR
set -euo pipefail
runner=$1
data=$2
status=0
for part in tune heldout; do
  out=$("$runner" "$data" --part "$part")
  echo "$out"
  check() {
    local name=$1 min=$2 got
    got=$(awk -v n="RESULT duckling_${name}_${part}_pct" 'index($0, n" ") == 1 {print $3}' <<<"$out")
    if [ -z "$got" ] || awk -v g="$got" -v m="$min" 'BEGIN {exit !(g < m)}'; then
      echo "FAIL: $name ($part) ${got:-missing} % < $min %"
      status=1
    fi
  }
  if [ "$part" = tune ]; then
    check numeral 91; check money 88; check distance 75; check quantity 88
    check time_date 70; check time_date_interval 62
  else
    check numeral 80; check money 83; check distance 80; check quantity 70
    check time_date 56; check time_date_interval 63
  fi
done
# A corpus file that does not parse must be an error, not a silent pass.
bad=$(mktemp -d)
trap 'rm -rf "$bad"' EXIT
cp "$data"/*.jsonl "$bad"/
echo '{"dim": "numeral", "text": ' >>"$bad/numeral.jsonl"
if "$runner" "$bad" >/dev/null 2>"$bad/err"; then echo "FAIL: a broken corpus line was accepted"; status=1; fi
grep -q 'numeral.jsonl:' "$bad/err" || { echo "FAIL: the error does not name the file and line"; cat "$bad/err"; status=1; }
exit $status
