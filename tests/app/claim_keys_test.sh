#!/usr/bin/env bash
# One identity per claim (docs/store.md): `reckon estimate`, `reckon run` and `reckon report` on
# the same programme give every claim the same key, and a document's claims are keyed by the
# SHA-256 of the document, never by its path. Usage: claim_keys_test.sh RECKON
set -uo pipefail
reckon=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/expect.sh
source "$here/../lib/expect.sh"

# A copy of the example with its documents only (the optional seed article may be absent).
cp -r "$root/examples/alabuga" "$tmp/programme"
sampling=(--seed 3 --chains 1 --warmup 60 --draws 40 --threads 1)

expect 0 "" -- "$reckon" estimate "$tmp/programme/programme.toml" --out "$tmp/estimate" "${sampling[@]}"
expect 0 "" -- "$reckon" run "$tmp/programme" --out "$tmp/run" "${sampling[@]}"
expect 0 "" -- "$reckon" report "$tmp/programme/programme.toml" --out "$tmp/report" "${sampling[@]}"

keys() { python3 -c 'import csv,sys; print("\n".join(sorted(r["key"] for r in csv.DictReader(open(sys.argv[1])))))' "$1"; }
for out in estimate run report; do keys "$tmp/$out/claims.csv" >"$tmp/$out.keys"; done

if [ -s "$tmp/estimate.keys" ] && cmp -s "$tmp/estimate.keys" "$tmp/run.keys" && cmp -s "$tmp/run.keys" "$tmp/report.keys"; then
  pass
else
  fail "claim keys differ between estimate, run and report: $(diff "$tmp/estimate.keys" "$tmp/run.keys" | head -5)"
fi
doc_keys=$(grep -c '^doc:' "$tmp/estimate.keys")
if [ "$doc_keys" -gt 0 ]; then pass; else fail "no claim from the example's documents"; fi
bad=$(grep '^doc:' "$tmp/estimate.keys" | grep -vE '^doc:[0-9a-f]{16}:[0-9]+-[0-9]+:[a-z_]+$' | head -3)
if [ -z "$bad" ]; then pass; else fail "document claim keys not of the form doc:<16 hex of SHA-256>:<start>-<end>:<metric>: $bad"; fi
# The report's page names the same claims.
python3 -c 'import json,sys; print("\n".join(sorted(c["key"] for c in json.load(open(sys.argv[1]))["claims"])))' \
  "$tmp/report/view.json" >"$tmp/view.keys"
if cmp -s "$tmp/view.keys" "$tmp/report.keys"; then pass; else fail "view.json and claims.csv name different claims"; fi

finish claim_keys
