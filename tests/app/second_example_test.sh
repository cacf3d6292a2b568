#!/usr/bin/env bash
# The second example programme (examples/us155) end to end: `reckon run` loads it, and the
# summary names the programme and prints its contract, its report dates and its targets, so
# a programme other than the flagship goes through the engine with nothing of it built in.
# Usage: second_example_test.sh RECKON SOURCE_DIR
set -uo pipefail
reckon=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/expect.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/expect.sh"

example=$root/examples/us155
out=$tmp/run
expect 0 "" -- "$reckon" run "$example" --out "$out" --draws 300 --warmup 300 --seed 1
summary=$tmp/out
[ "$(tail -n 1 "$summary")" = "$out/index.html" ] || fail "run: the last stdout line is the report's path"

# The summary names the programme, its product and its months.
grep -q '^US 155 mm artillery shells — 155mm shell from 2023-01 to 2025-12$' "$summary" ||
  fail "summary names the programme: $(head -n 1 "$summary")"
# Its contract and report dates.
grep -q "^Contract 'Army awards of September 2023: load, assemble and pack of 451,000 M795/M1128 projectiles': 451000 by 2025-09-30: probability [0-9]*% by the due date" "$summary" ||
  fail "summary prints the contract line: $(grep -i contract "$summary")"
grep -q '^Total produced by 2024-09-30: ' "$summary" || fail "summary prints the FY2024 report date"
grep -q '^Total produced by 2025-09-30: ' "$summary" || fail "summary prints the FY2025 report date"
# Its targets: every plan and contract_quantity row of claims.csv (product shell155) is a
# target, and the summary counts the targets the claims table lists (documents may add some) ...
want=$(python3 -c 'import csv, sys; print(sum(r["reckon_metric"] in ("plan", "contract_quantity") for r in csv.DictReader(open(sys.argv[1]))))' "$example/claims.csv")
from_csv=$(python3 -c 'import csv, sys; print(sum(r["status"] == "target" and r["key"].startswith("csv:") for r in csv.DictReader(open(sys.argv[1]))))' "$out/claims.csv")
listed=$(python3 -c 'import csv, sys; print(sum(r["status"] == "target" for r in csv.DictReader(open(sys.argv[1]))))' "$out/claims.csv")
[ "$from_csv" = "$want" ] || fail "the $want plan and contract rows of claims.csv are targets (got $from_csv)"
grep -Eq "^Evidence: [0-9]+ claims used, [0-9]+ relays counted once, $listed targets, " "$summary" ||
  fail "summary counts the $listed targets of the claims table: $(grep '^Evidence:' "$summary")"
# ... and each one inside the programme's months gets its probability of being met (p_met in
# OUT/claims.csv), whatever the product column names.
python3 - "$out/claims.csv" <<'PY' || fail "every target in the programme's months has p_met in claims.csv"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["status"] == "target"]
inside = [r for r in rows if "2023-01-01" <= r["period_start"] and r["period_end"] <= "2025-12-31"]
missing = [f'{r["file"]}:{r["line"]} {r["metric"]} {r["value"]}' for r in inside if not r["p_met"]]
assert inside, "no target inside the programme's months"
assert not missing, "targets without p_met: " + "; ".join(missing)
PY
for f in estimate.json production.csv contracts.csv claims.csv summary.txt index.html; do
  [ -s "$out/$f" ] || fail "run: $f missing or empty"
done
if grep -qiE '\bnan\b|\binf\b' "$out"/*.csv "$out/estimate.json"; then fail "NaN or inf in the outputs"; else pass; fi

finish second_example_test
