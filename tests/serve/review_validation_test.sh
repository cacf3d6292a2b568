#!/usr/bin/env bash
# Issue 12, item 4, end to end: `reckon serve` answers 400 with the reason to a poisoned review
# (a correction to 0, below 0 or outside its bounds; control or bidi characters in who or
# note; text over its limit in characters) and stores nothing; a poisoned review already in
# the store (written before the check, here with sqlite3) sets its claim aside with the reason
# and the re-estimate still runs.
# Usage: review_validation_test.sh RECKON SOURCE_DIR. Needs curl, jq, sqlite3.
set -uo pipefail
reckon=$1
root=$2
tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=checks.sh
source "$(dirname "$0")/checks.sh"
needs review_validation_test curl jq sqlite3

data=$tmp/run
db=$data/reckon.db
"$reckon" run "$root/examples/alabuga" --out "$data" --draws 100 --warmup 100 >/dev/null 2>"$tmp/run.err" ||
  { echo "review_validation_test: reckon run failed:" >&2; cat "$tmp/run.err" >&2; exit 1; }

"$reckon" serve --db "$db" --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^token: ' "$tmp/serve.err" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
token=$(sed -n 's/^token: \([0-9a-f]*\)$/\1/p' "$tmp/serve.err")
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.err" | head -1)
if [ -z "$token" ] || [ -z "$base" ]; then
  echo "review_validation_test: the server did not start:" >&2
  cat "$tmp/serve.err" >&2
  exit 1
fi
request() {
  local method=$1 path=$2
  shift 2
  curl -s -o "$tmp/body" -w '%{http_code}' -X "$method" "$@" "$base$path"
}
json=(-H 'Content-Type: application/json')
auth=(-H "X-Reckon-Token: $token")
enc() { jq -rn --arg k "$1" '$k | @uri'; }

# The server estimates in the background at start; the view answers 200 once it is done.
for _ in $(seq 1 1200); do
  [ "$(request GET /api/view)" = 200 ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
cp "$tmp/body" "$tmp/view0.json"
key=$(jq -r '[.claims[] | select(.used == true and (.metric | test("^production")))][0].key' "$tmp/view0.json")
check "a used production claim exists" test -n "$key" -a "$key" != null
path="/api/claims/$(enc "$key")/review"
reviews_in_store() { sqlite3 "$db" 'SELECT count(*) FROM reviews'; }

# refused BODY REASON_PATTERN DESCRIPTION: a 400 whose message names the reason.
refused() {
  local body=$1 pattern=$2 what=$3 got
  got=$(request POST "$path" "${json[@]}" "${auth[@]}" --data "$body")
  if [ "$got" = 400 ] && grep -q -- "$pattern" "$tmp/body"; then pass; else fail "$what: got $got ($(head -c 300 "$tmp/body"))"; fi
}
before=$(reviews_in_store)
refused '{"action":"correct","who":"x","value":0}' 'greater than 0' "a correction to 0"
refused '{"action":"correct","who":"x","value":-5}' 'greater than 0' "a negative correction"
refused '{"action":"correct","who":"x","value":10,"low":20,"high":5}' 'above the high bound' "low above high"
refused '{"action":"correct","who":"x","value":50,"low":1,"high":5}' 'above its high bound' "value above high"
refused '{"action":"correct","who":"x","value":5,"low":-1}' 'low bound must be greater than 0' "a negative low bound"
refused '{"action":"accept","who":"a\u0000b"}' 'control character (U+0000)' "NUL in who"
refused '{"action":"accept","who":"x","note":"\u001b[31mred"}' 'control character (U+001B)' "ESC in the note"
refused '{"action":"accept","who":"x","note":"\u0085next"}' 'control character (U+0085)' "a C1 control in the note"
refused '{"action":"reject","who":"\u202eevil"}' 'bidirectional' "a right-to-left override in who"
refused '{"action":"reject","who":"x","note":"a\u2067b"}' 'bidirectional' "an isolate in the note"
long_who=$(printf 'é%.0s' $(seq 1 101))
refused "{\"action\":\"reject\",\"who\":\"$long_who\"}" 'longer than 100 characters' "101 characters in who"
check "nothing was stored" test "$(reviews_in_store)" = "$before"
ok_who=$(printf 'é%.0s' $(seq 1 100))
check "100 two-byte characters are within the limit" \
  test "$(request POST "$path" "${json[@]}" "${auth[@]}" --data "{\"action\":\"accept\",\"who\":\"$ok_who\"}")" = 201

# --- an old poisoned review in the store: set aside, and the estimate runs -----------------
sqlite3 "$db" "INSERT INTO reviews (claim_key, action, who, at, note, value_after)
               VALUES ('$key', 'correct', 'old'||char(27)||'[2Jreckon', '2020-01-01T00:00:00Z', '', 0)"
check "re-estimate accepted" test "$(request POST /api/estimate "${auth[@]}" -d "")" = 202
state=
for _ in $(seq 1 3000); do
  request GET /api/estimate/status >/dev/null
  state=$(jq -r .state "$tmp/body")
  [ "$state" = running ] || break
  sleep 0.2
done
check "the re-estimate is done despite the poisoned review ($(cat "$tmp/body"))" jq -e '.state == "done"' "$tmp/body" >/dev/null
request GET /api/view >/dev/null
check "the claim is set aside with the reason" jq -e --arg k "$key" \
  '.claims[] | select(.key == $k) | (.used == false and (.status | test("cannot be applied: the corrected value must be greater than 0")))' \
  "$tmp/body" >/dev/null
check "the escape in the old reviewer's name is not shown" jq -e --arg k "$key" \
  '[.claims[] | select(.key == $k) | .. | strings | select(test("\u001b"))] | length == 0' "$tmp/body" >/dev/null
check "a warning on stderr" grep -q 'warning: claim .*cannot be applied' "$tmp/serve.err"

kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
echo "review_validation_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
