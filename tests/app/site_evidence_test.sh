#!/usr/bin/env bash
# Site comparisons as evidence, end to end on a synthetic pair (`reckon site simulate`): `site
# compare --store` records each polygon as a site observation dated by the second image, once
# however often it is run; a missing date or a bad --store path is refused with what to do;
# `site series --store` records its consecutive comparisons; and `reckon run` on a programme
# with a [[site]] entry compares the images, stores the polygons and shows them in the report.
# Usage: site_evidence_test.sh RECKON SOURCE_DIR
set -uo pipefail
reckon=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/expect.sh
source "$here/../lib/expect.sh"

sql() { python3 -c 'import sqlite3,sys; print("\n".join("|".join(map(str,r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$@"; }

expect 0 "synthetic pair" -- "$reckon" site simulate --out "$tmp/syn"
before=$tmp/syn/before_2023-03-01.img
after=$tmp/syn/after_2024-09-01.img

# Without --store: as before, nothing stored.
expect 0 "" -- "$reckon" site compare "$before" "$after" --aoi "$tmp/syn/aoi.geojson" --out "$tmp/plain"
if [ ! -e "$tmp/plain/reckon.db" ]; then pass; else fail "a store appeared without --store"; fi

# With --store: one comparison, its polygons as floor_area observations dated by the second image.
expect 0 "stored [0-9]+ site observation\(s\) \(floor_area, m2, dated 2024-09-01\)" -- \
  "$reckon" site compare "$before" "$after" --aoi "$tmp/syn/aoi.geojson" --out "$tmp/cmp" \
  --store "$tmp/s.db" --site "Synthetic works"
if grep -q 'change.geojson$' "$tmp/out"; then pass; else fail "stdout does not end with change.geojson's path"; fi
rows=$(sql "$tmp/s.db" "select count(*), min(metric), min(unit), min(c.after_date), min(c.before_date), min(c.site) from site_observations o join site_comparisons c on c.id = o.comparison_id")
case "$rows" in
  [1-9]*"|floor_area|m2|2024-09-01|2023-03-01|Synthetic works") pass ;;
  *) fail "stored observations: $rows" ;;
esac
# The store holds what the files say (summary.json's total), and the new hall was found: the
# largest polygon is at least 90% of its area. (The default method also outlines more than the
# truth on this scene: see docs/imagery.md.)
found=$(sql "$tmp/s.db" "select sum(value) from site_observations")
largest=$(sql "$tmp/s.db" "select max(value) from site_observations")
summary=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["changed_area_m2"])' "$tmp/cmp/summary.json")
hall=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["changes"][0]["area_m2"])' "$tmp/syn/truth.json")
if python3 -c "import sys; sys.exit(0 if abs($found-$summary)<1 and $largest>=0.9*$hall else 1)"; then pass
else fail "stored $found m2 (summary.json $summary), largest polygon $largest m2, hall $hall m2"; fi
keys=$(sql "$tmp/s.db" "select key from site_observations order by polygon")
if echo "$keys" | grep -qvE '^site:[0-9a-f]{16}:[0-9]+$'; then fail "keys not site:<16 hex>:<n>: $keys"; else pass; fi
geom=$(sql "$tmp/s.db" "select json_extract(geometry, '$.type') from site_observations where polygon = 1")
if [ "$geom" = Polygon ]; then pass; else fail "geometry of polygon 1: $geom"; fi

# The same comparison again: left as it was, nothing lost or doubled.
expect 0 "in the store already" -- "$reckon" site compare "$before" "$after" --aoi "$tmp/syn/aoi.geojson" \
  --out "$tmp/cmp" --overwrite --store "$tmp/s.db"
again=$(sql "$tmp/s.db" "select count(*) from site_comparisons")
if [ "$again" = 1 ]; then pass; else fail "$again comparisons after storing one twice"; fi

# A date that is not in the names must be given; an earlier second image is refused.
cp "$before" "$tmp/syn/a.img"; cp "${before%.img}.hdr" "$tmp/syn/a.hdr"
cp "$after" "$tmp/syn/b.img"; cp "${after%.img}.hdr" "$tmp/syn/b.hdr"
expect 2 "--after-date" -- "$reckon" site compare "$tmp/syn/a.img" "$tmp/syn/b.img" --out "$tmp/nodate" --store "$tmp/s.db"
expect 2 "before the first" -- "$reckon" site compare "$tmp/syn/a.img" "$tmp/syn/b.img" --out "$tmp/nodate" \
  --store "$tmp/s.db" --before-date 2024-01-01 --after-date 2023-01-01
expect 0 "dated 2024-10-02" -- "$reckon" site compare "$tmp/syn/a.img" "$tmp/syn/b.img" --out "$tmp/dated" \
  --store "$tmp/s.db" --after-date 2024-10-02 --method cva
expect 1 "" -- "$reckon" site compare "$before" "$after" --out "$tmp/badstore" --store "$tmp/no/such/dir/s.db"

# site series --store: each image against the one before it.
cp "$after" "$tmp/syn/later_2025-05-01.img"; cp "${after%.img}.hdr" "$tmp/syn/later_2025-05-01.hdr"
expect 0 "stored [0-9]+ new site observation" -- "$reckon" site series "$before" "$after" "$tmp/syn/later_2025-05-01.img" \
  --aoi "$tmp/syn/aoi.geojson" --store "$tmp/series.db"
n=$(sql "$tmp/series.db" "select count(*) from site_comparisons")
if [ "$n" = 2 ]; then pass; else fail "site series stored $n comparisons, expected 2"; fi

# A review of a polygon, as the store keeps reviews of claims (the key is what the workbench posts).
key1=$(echo "$keys" | head -1)
python3 - "$tmp/s.db" "$key1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("insert into reviews (claim_key, action, who, at, note) values (?, 'reject', 'test', '2026-12-03T00:00:00Z', 'not a building')", (sys.argv[2],))
db.commit()
PY

# reckon run with a [[site]] entry: the images compared, the polygons stored and reported.
mkdir -p "$tmp/prog"
"$reckon" simulate --seed 4 --out "$tmp/prog" >/dev/null 2>&1 || fail "reckon simulate failed"
cat >>"$tmp/prog/programme.toml" <<TOML

[[site]]
name = "Synthetic works"
aoi = "$tmp/syn/aoi.geojson"
images = ["$before", "$after"]
TOML
sampling=(--seed 3 --chains 1 --warmup 60 --draws 40 --threads 1)
expect 0 "site 'Synthetic works': comparing" -- "$reckon" run "$tmp/prog" --out "$tmp/run" "${sampling[@]}"
for f in site.csv site_area.png site_1_overlay.png site/1/change.geojson; do
  if [ -s "$tmp/run/$f" ]; then pass; else fail "reckon run wrote no $f"; fi
done
if grep -q 'Site change measured on satellite images' "$tmp/run/index.html"; then pass; else fail "the report has no site section"; fi
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["site"]["comparisons"][0]["polygons"]))' "$tmp/run/view.json")
if [ "$n" -ge 1 ]; then pass; else fail "view.json has no site polygons"; fi
# The workbench reviews a site polygon like a claim: POST /api/claims/KEY/review stores it, its
# history answers, and the live view shows the polygon rejected.
if command -v curl >/dev/null && command -v jq >/dev/null; then
  "$reckon" serve --db "$tmp/run/reckon.db" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
  for _ in $(seq 1 600); do
    grep -q '^token: ' "$tmp/serve.err" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  token=$(sed -n 's/^token: \([0-9a-f]*\)$/\1/p' "$tmp/serve.err")
  base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.err" | head -1)
  request() { local m=$1 p=$2; shift 2; curl -s -o "$tmp/body" -w '%{http_code}' -X "$m" "$@" "$base$p"; }
  for _ in $(seq 1 600); do
    [ "$(request GET /api/view)" = 200 ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
  skey=$(jq -r '.site.comparisons[0].polygons[0].key' "$tmp/body")
  if [[ "$skey" =~ ^site:[0-9a-f]{16}:1$ ]]; then pass; else fail "the live view has no site polygon: $skey"; fi
  code=$(request POST "/api/claims/$skey/review" -H 'Content-Type: application/json' -H "X-Reckon-Token: $token" \
    -d '{"action":"reject","who":"tester","note":"a field, not a roof"}')
  if [ "$code" = 201 ]; then pass; else fail "POST review of $skey: $code $(cat "$tmp/body")"; fi
  if [ "$(jq -r .value_before "$tmp/body")" != null ]; then pass; else fail "the review has no value_before"; fi
  code=$(request GET "/api/claims/$skey/history")
  if [ "$code" = 200 ] && [ "$(jq length "$tmp/body")" = 1 ]; then pass; else fail "history of $skey: $code"; fi
  request GET /api/view >/dev/null
  status=$(jq -r --arg k "$skey" '.site.comparisons[0].polygons[] | select(.key == $k) | .status' "$tmp/body")
  if [ "$status" = rejected ]; then pass; else fail "the live view shows $skey as $status"; fi
  code=$(request POST "/api/claims/site:0000000000000000:1/review" -H 'Content-Type: application/json' \
    -H "X-Reckon-Token: $token" -d '{"action":"accept","who":"tester"}')
  if [ "$code" = 404 ]; then pass; else fail "a review of an unknown site key answered $code"; fi
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null
fi

# A [[site]] entry with a missing image: an error naming the programme file, or a note when optional.
sed -i "s|images = \[\"$before\"|images = [\"$tmp/nope.img\"|" "$tmp/prog/programme.toml"
expect 1 "programme.toml.*nope.img does not exist" -- "$reckon" run "$tmp/prog" --out "$tmp/run2" "${sampling[@]}"

finish site_evidence_cli
