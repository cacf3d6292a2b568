#!/usr/bin/env bash
# End-to-end checks of `reckon serve` over a real data folder (reckon run examples/alabuga, a
# short sampling run): the view, reviews stored as history, every refusal (400, 401, 403, 404,
# 413, 415, path traversal) answered with a 4xx, logged on stderr and changing nothing in the
# store, documents served only by their SHA-256, the re-estimate job (202, 409, done, a
# rejected claim changing the answer) and a clean stop on SIGTERM (exit 0, no temp files).
# Usage: serve_test.sh RECKON SOURCE_DIR. Needs curl, jq, sqlite3.
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
[ -n "${SERVE_TEST_KEEP:-}" ] && trap - EXIT
# shellcheck source=checks.sh
source "$(dirname "$0")/checks.sh"
needs serve_test curl jq sqlite3

data=$tmp/run
db=$data/reckon.db
"$reckon" run "$root/examples/alabuga" --out "$data" --draws 200 --warmup 200 >/dev/null 2>"$tmp/run.err" ||
  { echo "serve_test: reckon run failed:" >&2; cat "$tmp/run.err" >&2; exit 1; }

# --- start on any free port; wait for the address and token on stderr ------------------------
"$reckon" serve --db "$db" --port 0 --token-file "$tmp/token" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^token: ' "$tmp/serve.err" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
token=$(sed -n 's/^token: \([0-9a-f]*\)$/\1/p' "$tmp/serve.err")
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.err" | head -1)
if [ -z "$token" ] || [ -z "$base" ]; then
  echo "serve_test: the server did not start:" >&2
  cat "$tmp/serve.err" >&2
  exit 1
fi
check "the token is 32 hex digits" test "${#token}" = 32
check "--token-file holds the token" test "$(cat "$tmp/token")" = "$token"
check "the token file is private (0600)" test "$(stat -c %a "$tmp/token")" = 600
check "nothing on stdout" test ! -s "$tmp/serve.out"

# --- the first estimate runs in the background: the view says "estimating" until it is done -----
for _ in $(seq 1 1200); do
  code=$(curl -s -o "$tmp/body" -w '%{http_code}' "$base/api/view")
  [ "$code" = 200 ] && break
  if [ "$code" != 503 ] || ! jq -e '.state == "estimating"' "$tmp/body" >/dev/null; then
    fail "while estimating, the view answers 503 \"estimating\" (got $code: $(head -c 200 "$tmp/body"))"
    break
  fi
  sleep 0.5
done
check "the first estimate is done (stderr says so)" grep -q 'first estimate is done' "$tmp/serve.err"

# request METHOD PATH [curl args...]: prints the status; the body goes to $tmp/body.
request() {
  local method=$1 path=$2
  shift 2
  curl -s --path-as-is -o "$tmp/body" -w '%{http_code}' -X "$method" "$@" "$base$path"
}
reviews_in_store() { sqlite3 "$db" 'SELECT count(*) FROM reviews'; }
refusals=0  # 4xx answers expected so far; each must be one line in the server's log
expect_status() {  # expect_status CODE DESCRIPTION METHOD PATH [curl args...]
  local code=$1 what=$2
  shift 2
  local got
  got=$(request "$@")
  if [ "$got" = "$code" ]; then pass; else fail "$what: got $got, expected $code ($(head -c 200 "$tmp/body"))"; fi
  case $code in 4*) refusals=$((refusals + 1)) ;; esac
}

# --- the view ----------------------------------------------------------------------------
expect_status 200 "GET /api/view" GET /api/view
cp "$tmp/body" "$tmp/view0.json"
check "the view is JSON with claims" jq -e '.reckon_view == 1 and .mode == "live" and (.claims | length) > 10' \
  "$tmp/view0.json" >/dev/null
expect_status 200 "GET /" GET /
check "the page boots in live mode" grep -q 'RECKON_LIVE = true' "$tmp/body"
expect_status 200 "GET /app.js" GET /app.js
expect_status 200 "GET /api/estimate/status" GET /api/estimate/status
check "no job yet" jq -e '.state == "idle"' "$tmp/body" >/dev/null

# A claim that informs production, and so moves the estimate when it is rejected.
key=$(jq -r '[.claims[] | select(.used == true and (.metric | test("^production")))][0].key' "$tmp/view0.json")
other=$(jq -r '[.claims[] | select(.key != "'"$key"'")][0].key' "$tmp/view0.json")
check "a used production claim exists" test -n "$key" -a "$key" != null
enc() { jq -rn --arg k "$1" '$k | @uri'; }
review_path="/api/claims/$(enc "$other")/review"
json=(-H 'Content-Type: application/json')
auth=(-H "X-Reckon-Token: $token")

# --- a review is stored, returned and kept as history --------------------------------------
before=$(reviews_in_store)
expect_status 201 "accept with the token" POST "$review_path" "${json[@]}" "${auth[@]}" \
  --data '{"action":"accept","who":"serve test","note":"read it against the source"}'
check "the stored review comes back" jq -e '.id > 0 and .action == "accept" and .who == "serve test" and (.at | length) > 0' \
  "$tmp/body" >/dev/null
check "the review records the claim as it stood" jq -e '.value_before != null' "$tmp/body" >/dev/null
check "one row more in the store" test "$(reviews_in_store)" = $((before + 1))
check "the row is the review" test "$(sqlite3 "$db" "SELECT who||'|'||action FROM reviews ORDER BY id DESC LIMIT 1")" \
  = "serve test|accept"
expect_status 200 "history" GET "/api/claims/$(enc "$other")/history"
check "history holds the review" jq -e 'length == 1 and .[0].action == "accept"' "$tmp/body" >/dev/null
expect_status 200 "view after a review" GET /api/view
check "the view shows the review" jq -e --arg k "$other" '.claims[] | select(.key == $k) | .history | length == 1' \
  "$tmp/body" >/dev/null

# --- refusals: each a 4xx, logged, and the reviews table unchanged -------------------------
before=$(reviews_in_store)
good='{"action":"reject","who":"intruder"}'
expect_status 400 "malformed JSON" POST "$review_path" "${json[@]}" "${auth[@]}" --data '{"action":"reject",'
expect_status 400 "not an object" POST "$review_path" "${json[@]}" "${auth[@]}" --data '[1,2]'
expect_status 400 "unknown action" POST "$review_path" "${json[@]}" "${auth[@]}" --data '{"action":"delete","who":"x"}'
expect_status 400 "no reviewer" POST "$review_path" "${json[@]}" "${auth[@]}" --data '{"action":"reject"}'
expect_status 400 "unknown field" POST "$review_path" "${json[@]}" "${auth[@]}" --data '{"action":"reject","who":"x","sql":1}'
expect_status 400 "a correction without a value" POST "$review_path" "${json[@]}" "${auth[@]}" \
  --data '{"action":"correct","who":"x"}'
expect_status 400 "a value that is not a number" POST "$review_path" "${json[@]}" "${auth[@]}" \
  --data '{"action":"correct","who":"x","value":"many"}'
expect_status 400 "an infinite value" POST "$review_path" "${json[@]}" "${auth[@]}" \
  --data '{"action":"correct","who":"x","value":1e999}'
head -c 20000 /dev/zero | tr '\0' 'a' | sed 's/^/{"action":"reject","who":"x","note":"/; s/$/"}/' >"$tmp/big.json"
expect_status 413 "body over 16 KiB" POST "$review_path" "${json[@]}" "${auth[@]}" --data-binary "@$tmp/big.json"
expect_status 401 "no token" POST "$review_path" "${json[@]}" --data "$good"
expect_status 403 "wrong token" POST "$review_path" "${json[@]}" -H 'X-Reckon-Token: 00000000000000000000000000000000' \
  --data "$good"
expect_status 403 "token prefix" POST "$review_path" "${json[@]}" -H "X-Reckon-Token: ${token:0:31}" --data "$good"
expect_status 415 "wrong content type" POST "$review_path" -H 'Content-Type: text/plain' "${auth[@]}" --data "$good"
expect_status 415 "form encoded" POST "$review_path" "${auth[@]}" --data "$good"
expect_status 404 "unknown key" POST "/api/claims/csv:nothing.csv:0000000000000000/review" "${json[@]}" "${auth[@]}" \
  --data "$good"
expect_status 404 "unknown key history" GET "/api/claims/csv:nothing.csv:0000000000000000/history"
expect_status 401 "re-estimate without a token" POST /api/estimate -d ""
expect_status 403 "re-estimate with a wrong token" POST /api/estimate -d "" -H "X-Reckon-Token: x"
expect_status 403 "a Host that is not this machine (DNS rebinding)" GET /api/view -H 'Host: attacker.example'
expect_status 404 "unknown route" GET /api/secrets
for path in /../../etc/passwd /api/documents/../../etc/passwd /api/documents/..%2f..%2fetc%2fpasswd \
  /%2e%2e/%2e%2e/etc/passwd /api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd /api/documents//etc/passwd \
  /api/documents/%2fetc%2fpasswd "/api/documents/$(printf '%064d' 0)" /app.js/../../../etc/passwd \
  /api/claims/..%2f..%2fetc%2fpasswd/history; do
  got=$(request GET "$path")
  refusals=$((refusals + 1))
  case $got in 4*) pass ;; *) fail "GET $path → $got, expected a 4xx" ;; esac
  if grep -q 'root:' "$tmp/body"; then fail "GET $path served /etc/passwd"; else pass; fi
done
check "no refusal changed the reviews table" test "$(reviews_in_store)" = "$before"
sleep 0.2
logged=$(grep -cE '^serve: 4[0-9]{2} [A-Z]+ /' "$tmp/serve.err")
check "each 4xx is one line on stderr ($logged logged, $refusals made)" test "$logged" = "$refusals"
for code in 400 401 403 404 413 415; do
  check "a $code is logged with its reason" grep -qE "^serve: $code (GET|POST) /.*: .+" "$tmp/serve.err"
done

# --- documents: by SHA-256 only, the bytes that were stored ---------------------------------
sha=$(sqlite3 "$db" "SELECT sha256 FROM documents ORDER BY id LIMIT 1")
expect_status 200 "a stored document" GET "/api/documents/$sha"
check "the document's bytes hash to its key" test "$(sha256sum <"$tmp/body" | cut -c1-64)" = "$sha"

# --- re-estimate: 202, 409 while running, done; a rejected claim changes the answer --------
total0=$(jq '.estimate.total.median' "$tmp/view0.json")
expect_status 201 "reject a used production claim" POST "/api/claims/$(enc "$key")/review" "${json[@]}" "${auth[@]}" \
  --data '{"action":"reject","who":"serve test","note":"misread"}'
stamp=$(stat -c %Y "$data/estimate.json")
sleep 1.1  # so that a rewritten estimate.json has a later modification time
expect_status 202 "start a re-estimate" POST /api/estimate "${auth[@]}" -d ""
check "the job has a number" jq -e '.job == 1' "$tmp/body" >/dev/null
expect_status 409 "a second re-estimate while one runs" POST /api/estimate "${auth[@]}" -d ""
state=
for _ in $(seq 1 1500); do
  request GET /api/estimate/status >/dev/null
  state=$(jq -r .state "$tmp/body")
  [ "$state" = running ] || break
  sleep 0.2
done
check "the re-estimate is done ($(cat "$tmp/body"))" jq -e '.state == "done" and .fraction == 1 and .job == 1' \
  "$tmp/body" >/dev/null
expect_status 200 "the new view" GET /api/view
total1=$(jq '.estimate.total.median' "$tmp/body")
check "the estimate changed after the rejection ($total0 → $total1)" test "$total0" != "$total1"
check "the rejected claim is set aside" jq -e --arg k "$key" \
  '.claims[] | select(.key == $k) | (.used == false and (.status | test("set aside")))' "$tmp/body" >/dev/null
check "the estimate's files were rewritten" test "$(stat -c %Y "$data/estimate.json")" -gt "$stamp"

# --- stop: SIGTERM, with a re-estimate running, exits 0 and leaves no temp file ------------
expect_status 202 "start another re-estimate" POST /api/estimate "${auth[@]}" -d ""
kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=
check "SIGTERM stops the server with exit 0 (got $code)" test "$code" = 0
check "no temporary files in the data folder" test -z "$(find "$data" -name '*.tmp*')"
check "the token file is removed at stop" test ! -e "$tmp/token"
check "the store is still whole" test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok

echo "serve_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
