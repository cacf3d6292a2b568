#!/usr/bin/env bash
# End-to-end checks of the archive formats and clocks of issue 14: every format on a sample
# made from the shared trajectories (make_archive_samples.py) is found from its content and
# read by `reckon adsb decode` and `reckon adsb flights`, with its flights on the right day;
# --format names each; --select picks traces out of a globe_history tar; empty and
# misdetected input exits 1 quoting the first line; a Beast capture is dated by --start-time,
# a sidecar or (with a warning) its modification time, and replayed over TCP on loopback it
# is dated by the wall clock; flights are written as KML and GPX too. Real samples are used
# when RECKON_REAL_TRACES names a folder of readsb traces (none ships with the project).
# Usage: archives_cli_test.sh RECKON SHARED_DIR
set -uo pipefail
reckon=$1
shared=$2
data=$shared/data/adsb
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${feed_pid:-}" ] && kill "$feed_pid" 2>/dev/null' EXIT
# shellcheck source=../lib/expect.sh
source "$here/../lib/expect.sh"

python3 "$here/make_archive_samples.py" "$data" "$tmp/s" || { echo "cannot make the samples"; exit 1; }

# --- every format: found from the content, and named with --format --------------------------
while read -r format path icao date; do
  # stderr names the format: "(readsb-trace (gzip))", "(587 × aircraft-json in a folder)".
  pat="[( ]$format"
  [ "$format" = globe-history ] && pat="readsb-trace.*in a tar archive"
  expect 0 "$pat" -- "$reckon" adsb decode "$path"
  if [ "$(wc -l <"$tmp/out")" -ge 10 ]; then pass; else fail "$format $path: $(wc -l <"$tmp/out") messages"; fi
  if [ "$icao" != "-" ]; then
    if grep -qi "\"icao\":\"$icao\"" "$tmp/out"; then pass; else fail "$format $path: no message of $icao"; fi
  fi
  if [ "$format" != globe-history ]; then
    expect 0 "$pat" -- "$reckon" adsb decode "$path" --format "$format"
  fi
  expect 0 "flights" -- "$reckon" adsb flights "$path" --airports "$data/airports"
  if grep -q "\"first_seen\":\"$date" "$tmp/out"; then pass; else fail "$format $path: no flight on $date: $(head -c 300 "$tmp/out")"; fi
  if [ "$icao" != "-" ]; then
    if grep -q "\"icao24\":\"$icao\"" "$tmp/out"; then pass; else fail "$format $path: no flight of $icao"; fi
  fi
done <"$tmp/s/manifest.txt"

# --- globe_history: selection without unpacking ---------------------------------------------
expect 0 "2 traces or rows outside --select" -- "$reckon" adsb flights "$tmp/s/globe_history_day.tar" \
  --airports "$data/airports" --select icao=3c664e
if grep -q '"icao24":"3c664e"' "$tmp/out" && ! grep -q '"icao24":"484506"' "$tmp/out"; then pass
else fail "--select icao=3c664e: $(cut -c1-80 "$tmp/out")"; fi
gzip -c "$tmp/s/globe_history_day.tar" >"$tmp/day.tar.gz"
expect 0 "in a tar archive" -- "$reckon" adsb decode "$tmp/day.tar.gz" --select area=52:4:53:5
if grep -q '"icao":"484506"' "$tmp/out" && ! grep -q '"icao":"3C664E"' "$tmp/out"; then pass
else fail "--select area: $(cut -c1-80 "$tmp/out" | sort -u | head -3)"; fi
expect 1 "nothing in it matches --select" -- "$reckon" adsb decode "$tmp/s/globe_history_day.tar" --select type=IL76
expect 2 "select" -- "$reckon" adsb decode "$tmp/s/globe_history_day.tar" --select icao=xyz
# A damaged archive names the byte.
head -c 1000 "$tmp/s/globe_history_day.tar" >"$tmp/cut.tar"
expect 1 "cut.tar.*(ends|truncated)" -- "$reckon" adsb decode "$tmp/cut.tar"

# --- empty and misdetected input: exit 1, the first line quoted, the formats to try ---------
: >"$tmp/empty"
expect 1 "is empty" -- "$reckon" adsb decode "$tmp/empty"
printf 'this is not,an ADS-B file\nat all\n' >"$tmp/prose.csv"
expect 1 "first line is \"this is not,an ADS-B file\".*|--format" -- "$reckon" adsb decode "$tmp/prose.csv"
grep -q -- "--format" "$tmp/err" && pass || fail "no --format hint: $(cat "$tmp/err")"
expect 1 "no record could be read as readsb-trace.*first line" -- "$reckon" adsb decode "$tmp/prose.csv" --format readsb-trace
expect 1 "no record could be read as traffic-csv" -- "$reckon" adsb decode "$tmp/s/fr24.csv" --format traffic-csv
expect 1 "" -- "$reckon" adsb flights "$tmp/empty" --airports "$data/airports"

# --- clocks: nothing dated 1970 -------------------------------------------------------------
cp "$tmp/s/capture.beast" "$tmp/c.beast"
expect 0 "counter offsets from --start-time" -- "$reckon" adsb decode "$tmp/c.beast" --start-time 2024-07-11T06:40:00Z
first_t=$(head -1 "$tmp/out" | grep -oE '"t_s":[0-9.]+' | cut -d: -f2)
if python3 -c "import sys; t=float('$first_t'); sys.exit(0 if abs(t-1720680000)<1 else 1)"; then pass
else fail "--start-time: first message at $first_t, expected 1720680000"; fi
echo "2024-07-11T06:40:00Z" >"$tmp/c.beast.start"
expect 0 "the sidecar" -- "$reckon" adsb decode "$tmp/c.beast"
rm "$tmp/c.beast.start"
touch -d "2023-03-01T12:00:00Z" "$tmp/c.beast"
expect 0 "modification time.*warning" -- "$reckon" adsb flights "$tmp/c.beast" --airports "$data/airports"
if grep -q '"first_seen":"2023-03-01' "$tmp/out" && ! grep -q '"first_seen":"1970' "$tmp/out"; then pass
else fail "mtime dating: $(head -c 300 "$tmp/out")"; fi
expect 2 "start-time" -- "$reckon" adsb decode "$tmp/c.beast" --start-time 36

# A Beast capture replayed over TCP on loopback: flights dated by the wall clock.
port_file="$tmp/port"
python3 - "$tmp/s/capture.beast" "$port_file" <<'PY' &
import socket, sys, time
data = open(sys.argv[1], "rb").read()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(1)
open(sys.argv[2], "w").write(str(s.getsockname()[1]))
c, _ = s.accept()
for i in range(0, len(data), 4096):
    c.sendall(data[i:i + 4096])
    time.sleep(0.01)
c.close()
PY
feed_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
today=$(date -u +%Y-%m-%d)
expect 0 "wall clock" -- "$reckon" adsb flights "tcp://127.0.0.1:$(cat "$port_file")" --airports "$data/airports" --out "$tmp/live"
if grep -q "\"first_seen\":\"$today" "$tmp/live/flights.jsonl" && ! grep -q '"first_seen":"1970' "$tmp/live/flights.jsonl"; then pass
else fail "live feed: flights not dated today ($today): $(head -c 300 "$tmp/live/flights.jsonl")"; fi
wait "$feed_pid" 2>/dev/null
feed_pid=

# --- KML and GPX beside GeoJSON ---------------------------------------------------------------
for f in tracks.kml tracks.gpx tracks.geojson; do
  if [ -s "$tmp/live/$f" ]; then pass; else fail "no $f written"; fi
done
if python3 - "$tmp/live" <<'PY'
import sys, xml.etree.ElementTree as ET, json
d = sys.argv[1]
kml = ET.parse(d + "/tracks.kml").getroot()
gpx = ET.parse(d + "/tracks.gpx").getroot()
n = sum(1 for _ in open(d + "/flights.jsonl"))
marks = kml.findall(".//{http://www.opengis.net/kml/2.2}Placemark")
trks = gpx.findall("{http://www.topografix.com/GPX/1/1}trk")
pts = gpx.findall(".//{http://www.topografix.com/GPX/1/1}trkpt")
assert n > 0 and len(marks) == n and len(trks) == n and len(pts) > 0, (n, len(marks), len(trks), len(pts))
PY
then pass; else fail "KML/GPX do not hold one track per flight"; fi

# --- real traces, when given ----------------------------------------------------------------
if [ -n "${RECKON_REAL_TRACES:-}" ] && [ -d "$RECKON_REAL_TRACES" ]; then
  expect 0 "readsb-trace" -- "$reckon" adsb flights "$RECKON_REAL_TRACES" --airports "$data/airports"
else
  echo "note: RECKON_REAL_TRACES not set: the real-trace check is skipped"
fi

finish archives_cli
