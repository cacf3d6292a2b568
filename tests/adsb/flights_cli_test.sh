#!/usr/bin/env bash
# End-to-end checks of `reckon adsb flights`: the acceptance airports on the real
# trajectories through the command line, the four output files (CSV, JSON lines, RFC 7946
# GeoJSON, matches), store events, never-clobber output, and exit codes with messages that
# say what to do. Usage: flights_cli_test.sh RECKON SHARED_DIR
set -uo pipefail
reckon=$1
shared=$2
data=$shared/data/adsb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/expect.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/expect.sh"
# check DESCRIPTION COMMAND...: the command must succeed.
check() {
  local what=$1
  shift
  if "$@"; then pass; else fail "$what"; fi
}

cat >"$tmp/watch.toml" <<'TOML'
[[rule]]
name = "Transavia 737 from the Netherlands"
type = "B738"
operator = "TRA"
from = "NL"
TOML
common=(--airports "$data/airports" --aircraft "$data/aircraft/aircraft.csv.gz")

expect 0 "3 flights" -- "$reckon" adsb flights "$data"/trajectories/*.json.gz "${common[@]}" \
  --watch "$tmp/watch.toml" --out "$tmp/out1" --db "$tmp/reckon.db"
csv=$tmp/out1/flights.csv
check "flights.csv has a header and 3 rows" test "$(wc -l <"$csv")" = 4
# departure_airport is column 13, arrival_airport column 20.
check "belevingsvlucht: EHAM to EHAM" grep -qE '^484506-[^,]*,484506,TRA051,([^,]*,){9}EHAM,([^,]*,){6}EHAM,' "$csv"
check "noisy_landing: arrival LSZH" grep -qE '^3c664e-[^,]*,3c664e,DLH4TR,([^,]*,){9},([^,]*,){6}LSZH,' "$csv"
check "noisy_takeoff: departure LSZH" grep -qE '^3946e4-[^,]*,3946e4,AFR181L,([^,]*,){9}LSZH,([^,]*,){6},' "$csv"
check "flights.jsonl: 3 JSON lines" test "$(jq -c . "$tmp/out1/flights.jsonl" | wc -l)" = 3
check "tracks.geojson: a FeatureCollection of 3 LineStrings" \
  test "$(jq -r '[.type, (.features | length), ([.features[].geometry.type] | unique | join("+"))] | join(" ")' \
    "$tmp/out1/tracks.geojson")" = "FeatureCollection 3 LineString"
check "matches.csv: the Transavia flight" test "$(tail -n +2 "$tmp/out1/matches.csv" | cut -d, -f1,4)" = \
  "Transavia 737 from the Netherlands,TRA051"
check "store: one flight event from EHAM" test "$(sqlite3 "$tmp/reckon.db" \
  "select kind || ' ' || date || ' ' || json_extract(roles, '\$.from') || ' ' || json_extract(roles, '\$.aircraft_type') from events")" = \
  "flight 2018-05-30 EHAM B738"
# The event's offsets point at its row in matches.csv.
row=$(sqlite3 "$tmp/reckon.db" "select start_byte, end_byte from events")
check "event offsets frame the matches.csv row" test "$(head -c "${row#*|}" "$tmp/out1/matches.csv" | tail -c +$((${row%|*} + 1)))" = \
  "$(tail -n 1 "$tmp/out1/matches.csv")"
expect 0 "already stored" -- "$reckon" adsb flights "$data"/trajectories/*.json.gz "${common[@]}" \
  --watch "$tmp/watch.toml" --out "$tmp/out1" --db "$tmp/reckon.db" --overwrite

# Never clobber; stdout without --out.
expect 1 "exists" -- "$reckon" adsb flights "$data/trajectories/noisy_landing.json.gz" "${common[@]}" --out "$tmp/out1"
expect 0 "" -- "$reckon" adsb flights "$data/trajectories/noisy_landing.json.gz" --airports "$data/airports"
check "stdout: one JSON line arriving at LSZH" test "$(jq -r .arrival.airport "$tmp/out")" = LSZH

# Bad usage and bad input.
expect 2 "airports" -- "$reckon" adsb flights "$data/trajectories/noisy_landing.json.gz"
expect 2 "--db needs --watch and --out" -- "$reckon" adsb flights "$data/trajectories/noisy_landing.json.gz" \
  --airports "$data/airports" --db "$tmp/x.db"
printf '[[rule]]\ntipe = "IL76"\n' >"$tmp/bad.toml"
expect 1 "bad.toml:2:8: unknown key 'tipe'" -- "$reckon" adsb flights "$data/trajectories/noisy_landing.json.gz" \
  --airports "$data/airports" --watch "$tmp/bad.toml"
expect 1 "not a folder" -- "$reckon" adsb flights "$data/trajectories/noisy_landing.json.gz" --airports "$tmp/none"
printf '[{"timestamp": 1, "icao24": ' >"$tmp/cut.json"
expect 1 "cut.json \(byte [0-9]+\): is not valid JSON" -- "$reckon" adsb flights "$tmp/cut.json" --airports "$data/airports"
printf 'hex,reg\n' >"$tmp/bad.csv"
expect 1 "bad.csv:1: the header names no icao24" -- "$reckon" adsb flights "$data/trajectories/noisy_landing.json.gz" \
  --airports "$data/airports" --aircraft "$tmp/bad.csv"

finish flights_cli_test
