#!/usr/bin/env bash
# A team on one PostgreSQL store (issue 16): `reckon run --db URI` fills it, four `reckon serve`
# instances (four analysts, each with a data folder of their own) serve it, and then, all at
# once, eight `reckon ingest` processes store overlapping lists of documents while the four
# analysts review claims through their servers. Afterwards:
#   - every document is stored once;
#   - `reckon claims` (sorted) is the same as the same flow run serially into SQLite;
#   - every review a server acknowledged (201) is in the store, with its reviewer and note;
#   - one analyst's reviews are seen by another's server (one store, not four);
#   - each server stops cleanly on SIGTERM.
# The server is a throw-away one (tests/app/pg_server.sh). Exits 77 when PostgreSQL is not
# installed. Usage: pg_team_test.sh RECKON SOURCE_DIR. Needs curl, jq, sqlite3.
set -uo pipefail
reckon=$1
root=$2
here=$(dirname "$0")
# shellcheck source=checks.sh
source "$here/checks.sh"
# shellcheck source=../app/pg_server.sh
source "$here/../app/pg_server.sh"
needs pg_team_test curl jq sqlite3

tmp=$(mktemp -d)
servers=()
cleanup() {
  local pid
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  pg_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
pg_start team
uri=$(pg_uri team)
programme=$root/examples/us155
sampling=(--chains 2 --warmup 100 --draws 100 --seed 3)
analysts=4
reviews_each=25

# --- the reference: the same flow, one step after another, into SQLite ---------------------
pg_variants "$root" "$tmp/docs"
mapfile -t docs < <(find "$tmp/docs" -type f | sort)
"$reckon" run "$programme" --out "$tmp/serial" "${sampling[@]}" >/dev/null 2>"$tmp/serial.err" ||
  { cat "$tmp/serial.err" >&2; echo "pg_team_test: the serial reckon run failed" >&2; exit 1; }
"$reckon" ingest "${docs[@]}" --db "$tmp/serial/reckon.db" 2>"$tmp/serial-ingest.err" ||
  { cat "$tmp/serial-ingest.err" >&2; echo "pg_team_test: the serial ingest failed" >&2; exit 1; }
"$reckon" claims --db "$tmp/serial/reckon.db" --format csv | sort >"$tmp/serial.csv"
serial_documents=$(sqlite3 "$tmp/serial/reckon.db" 'SELECT count(*) FROM documents')

# --- the team store: reckon run writes its outputs to --out and its evidence to --db -------
"$reckon" run "$programme" --db "$uri" --out "$tmp/analyst-0" "${sampling[@]}" >/dev/null 2>"$tmp/run.err" ||
  { cat "$tmp/run.err" >&2; echo "pg_team_test: reckon run --db $uri failed" >&2; exit 1; }
check "reckon run --db URI writes the estimate to --out" test -s "$tmp/analyst-0/estimate.json"
check "and no store file there" test ! -e "$tmp/analyst-0/reckon.db"
check "reckon run --db URI stored the programme's documents" test "$(pg_psql team -c 'SELECT count(*) FROM documents')" -gt 0

# A server store has no folder of its own: without --data, serve says what to give.
msg=$("$reckon" serve --db "$uri" --port 0 2>&1)
check "serve --db URI without --data is refused with exit 2" test $? = 2
case $msg in *"is on a server"*"give --data DIR"*) pass ;; *) fail "unhelpful message without --data: $msg" ;; esac

# --- four analysts' servers on the one store -------------------------------------------------
for i in $(seq 0 $((analysts - 1))); do
  extra=()
  # The first analyst serves the folder reckon run made; the others start from empty folders,
  # so the programme comes from --programme.
  [ "$i" -gt 0 ] && extra=(--programme "$programme/programme.toml")
  "$reckon" serve --db "$uri" --data "$tmp/analyst-$i" "${extra[@]}" --port 0 "${sampling[@]}" \
    >/dev/null 2>"$tmp/serve-$i.err" &
  servers+=($!)
done
declare -a base token
for i in $(seq 0 $((analysts - 1))); do
  for _ in $(seq 1 1200); do
    grep -q 'first estimate is done' "$tmp/serve-$i.err" && break
    kill -0 "${servers[$i]}" 2>/dev/null || break
    sleep 0.5
  done
  token[i]=$(sed -n 's/^token: \([0-9a-f]*\)$/\1/p' "$tmp/serve-$i.err")
  base[i]=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve-$i.err" | head -1)
  if ! grep -q 'first estimate is done' "$tmp/serve-$i.err" || [ -z "${token[i]}" ]; then
    cat "$tmp/serve-$i.err" >&2
    echo "pg_team_test: server $i did not start" >&2
    exit 1
  fi
done
pass
curl -s "${base[0]}/api/view" >"$tmp/view.json"
mapfile -t keys < <(jq -r '.claims[].key' "$tmp/view.json")
check "the view lists the store's claims" test "${#keys[@]}" -gt 5

# --- at once: eight ingests and four analysts reviewing --------------------------------------
review_flood() {  # review_flood ANALYST: posts $reviews_each reviews, prints the acknowledged ones
  local i=$1 r key code
  for r in $(seq 1 $reviews_each); do
    key=${keys[$(((i * 7 + r) % ${#keys[@]}))]}
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
      -H 'Content-Type: application/json' -H "X-Reckon-Token: ${token[i]}" \
      --data "{\"action\":\"accept\",\"who\":\"analyst $i\",\"note\":\"review $r\"}" \
      "${base[i]}/api/claims/$(jq -rn --arg k "$key" '$k | @uri')/review")
    [ "$code" = 201 ] && printf '%s|analyst %s|review %s\n' "$key" "$i" "$r"
  done
}
# Eight ingests over overlapping lists of the documents (pg_server.sh), then the reviewers.
pg_overlapping_ingests "$reckon" "$uri" "$tmp/ingest.err" "${docs[@]}"
jobs_=("${pg_ingest_pids[@]}")
for i in $(seq 0 $((analysts - 1))); do
  review_flood "$i" >"$tmp/acked-$i" &
  jobs_+=($!)
done
for j in "${!jobs_[@]}"; do
  if ! wait "${jobs_[$j]}"; then
    fail "concurrent job $j failed"
    [ "$j" -lt 8 ] && cat "$tmp/ingest.err-$j" >&2
  fi
done

# --- what the store holds afterwards ---------------------------------------------------------
read -r total distinct < <(pg_psql team -F ' ' -c 'SELECT count(*), count(DISTINCT sha256) FROM documents')
echo "documents: $total stored, $distinct distinct, $serial_documents in the serial run"
check "every document stored once" test "$total" = "$distinct" -a "$total" = "$serial_documents"
"$reckon" claims --db "$uri" --format csv | sort >"$tmp/team.csv"
if cmp -s "$tmp/serial.csv" "$tmp/team.csv"; then pass; else
  diff "$tmp/serial.csv" "$tmp/team.csv" | head >&2
  fail "reckon claims on the team store differs from the serial run"
fi
sort "$tmp"/acked-* >"$tmp/acked"
pg_psql team -F '|' -c 'SELECT claim_key, who, note FROM reviews' | sort >"$tmp/stored-reviews"
acked=$(wc -l <"$tmp/acked")
echo "reviews: $acked acknowledged of $((analysts * reviews_each)) posted, $(wc -l <"$tmp/stored-reviews") in the store"
check "most reviews were acknowledged" test "$acked" -ge $((analysts * reviews_each * 9 / 10))
missing=$(comm -23 "$tmp/acked" "$tmp/stored-reviews" | wc -l)
check "every acknowledged review is in the store ($missing missing)" test "$missing" = 0

# One store, four servers: analyst 0's review shows in analyst 1's history of that claim.
key=${keys[$((7 % ${#keys[@]}))]}
curl -s "${base[1]}/api/claims/$(jq -rn --arg k "$key" '$k | @uri')/history" >"$tmp/history.json"
check "another analyst's server shows analyst 0's review" \
  jq -e 'map(select(.who == "analyst 0")) | length >= 1' "$tmp/history.json" >/dev/null

for i in $(seq 0 $((analysts - 1))); do
  kill -TERM "${servers[$i]}"
  wait "${servers[$i]}"
  check "server $i stops cleanly on SIGTERM" test $? = 0
done
servers=()

echo "pg_team_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
