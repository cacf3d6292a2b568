#!/usr/bin/env bash
# Load on the workbench server, on loopback, with wrk:
#   1,000 concurrent connections reading GET /api/view (the whole estimate as JSON) for 30 s,
#   and, in the same 30 s, a second wrk posting claim reviews with the token.
# Then checks that no review was lost: every review the client saw acknowledged (201, with
# its id) is a row in the store's reviews table. The GET side must see no socket error and no
# non-2xx answer. The data folder is a fresh `reckon run examples/alabuga` (short sampling).
#
#   bench/serve_load.sh                  # RECKON=path/to/reckon to load another build
#
# Prints RESULT lines. Knobs: RECKON, CONNECTIONS (1000), THREADS (2), DURATION (30s),
# REVIEW_CONNECTIONS (4), REVIEW_DELAY_MS (100: each review connection waits this long between
# reviews; analysts review by hand, and every review grows the view's history).
# Everything is written under a temp dir removed on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
RECKON=${RECKON:-$REPO/build/reckon}
CONNECTIONS=${CONNECTIONS:-1000}
THREADS=${THREADS:-2}
DURATION=${DURATION:-30s}
REVIEW_CONNECTIONS=${REVIEW_CONNECTIONS:-4}
REVIEW_DELAY_MS=${REVIEW_DELAY_MS:-100}

die() { echo "serve_load.sh: $*" >&2; exit 1; }
note() { echo "serve_load.sh: $*" >&2; }

for tool in wrk curl jq sqlite3; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup installs it)"
done
[ -x "$RECKON" ] || die "no reckon at $RECKON (build it, or set RECKON)"
# Each connection is a descriptor in wrk and in the server.
ulimit -n 8192 2>/dev/null || ulimit -n 4096 || die "cannot raise the open-file limit (ulimit -n) to 4096"

tmp=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

note "making a data folder (reckon run examples/alabuga, short sampling)"
"$RECKON" run "$REPO/examples/alabuga" --out "$tmp/run" --draws 200 --warmup 200 >/dev/null 2>"$tmp/run.err" ||
    { cat "$tmp/run.err" >&2; die "reckon run failed"; }
db=$tmp/run/reckon.db

"$RECKON" serve --db "$db" --port 0 --token-file "$tmp/token" 2>"$tmp/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do
    grep -q '^token: ' "$tmp/serve.err" && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
done
base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.err" | head -1)
token=$(cat "$tmp/token" 2>/dev/null || true)
[ -n "$base" ] && [ -n "$token" ] || { cat "$tmp/serve.err" >&2; die "the server did not start"; }

key=$(curl -s "$base/api/view" | jq -r '.claims[0].key')
[ -n "$key" ] && [ "$key" != null ] || die "the view has no claims"
review_path="/api/claims/$(jq -rn --arg k "$key" '$k | @uri')/review"
view_bytes=$(curl -s "$base/api/view" | wc -c)
note "view: $view_bytes bytes; reviewing $key"

# The GET side: wrk's own summary, printed by done() in a form easy to read back.
cat >"$tmp/view.lua" <<'EOF'
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("VIEW requests %d duration_us %d p99_us %d connect %d read %d write %d timeout %d status %d\n",
        summary.requests, summary.duration, latency:percentile(99), e.connect, e.read, e.write, e.timeout, e.status))
end
EOF

# The review side: each thread writes the id of every review acknowledged with 201 to its own
# file, so the ids can be looked up in the store afterwards.
cat >"$tmp/review.lua" <<EOF
local threads = {}
local next_id = 0
function setup(thread)
    next_id = next_id + 1
    thread:set("tid", next_id)
    table.insert(threads, thread)
end
function init(args)
    created, other = 0, 0
    acks = io.open("$tmp/acks." .. tid, "w")
    acks:setvbuf("line")
    wrk.method = "POST"
    wrk.path = "$review_path"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["X-Reckon-Token"] = "$token"
    wrk.body = '{"action":"accept","who":"load test","note":"bench/serve_load.sh"}'
end
function delay() return $REVIEW_DELAY_MS end
function response(status, headers, body)
    if status == 201 then
        created = created + 1
        acks:write(string.match(body, '"id":(%d+)') or "?", "\n")
    else
        other = other + 1
    end
end
function done(summary, latency, requests)
    local c, o = 0, 0
    for _, t in ipairs(threads) do c = c + t:get("created"); o = o + t:get("other") end
    local e = summary.errors
    io.write(string.format("REVIEW requests %d duration_us %d created %d other %d errors %d\n", summary.requests,
        summary.duration, c, o, e.connect + e.read + e.write + e.timeout))
end
EOF

rows_before=$(sqlite3 "$db" 'SELECT count(*) FROM reviews')
note "wrk: $CONNECTIONS connections on GET /api/view and $REVIEW_CONNECTIONS posting reviews, for $DURATION"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --timeout 10s -s "$tmp/view.lua" "$base/api/view" >"$tmp/view.out" 2>&1 &
view_pid=$!
wrk -t 1 -c "$REVIEW_CONNECTIONS" -d "$DURATION" --timeout 10s -s "$tmp/review.lua" "$base$review_path" \
    >"$tmp/review.out" 2>&1 || { cat "$tmp/review.out" >&2; die "wrk (reviews) failed"; }
wait "$view_pid" || { cat "$tmp/view.out" >&2; die "wrk (view) failed"; }
sleep 1  # reviews in flight when wrk stopped are still answered
cat "$tmp/view.out" "$tmp/review.out" >&2

read -r _ _ v_requests _ v_us _ v_p99_us _ v_connect _ v_read _ v_write _ v_timeout _ v_status \
    < <(grep '^VIEW ' "$tmp/view.out")
read -r _ _ r_requests _ r_us _ r_created _ r_other _ r_errors < <(grep '^REVIEW ' "$tmp/review.out")
[ -n "${v_requests:-}" ] && [ -n "${r_requests:-}" ] || die "wrk printed no summary"

# Every acknowledged id must be a row of this load test; rows beyond them were in flight when
# wrk stopped (stored, answer not read), which is not a loss.
cat "$tmp"/acks.* 2>/dev/null | sort >"$tmp/acked"
acked=$(wc -l <"$tmp/acked")
sqlite3 "$db" "SELECT id FROM reviews WHERE who = 'load test' ORDER BY id" | sort >"$tmp/stored"
lost=$(comm -23 "$tmp/acked" "$tmp/stored" | wc -l)
rows_after=$(sqlite3 "$db" 'SELECT count(*) FROM reviews')
note "reviews: $acked acknowledged (201), $((rows_after - rows_before)) rows added, $lost acknowledged but missing"
[ "$acked" = "$r_created" ] || note "warning: $r_created 201s counted but $acked ids written"

errors=$((v_connect + v_read + v_write + v_timeout + v_status + r_errors + r_other))
awk -v n="$v_requests" -v us="$v_us" 'BEGIN { printf "RESULT serve_view_rps %.0f req/s\n", n / (us / 1e6) }'
awk -v us="$v_p99_us" 'BEGIN { printf "RESULT serve_view_p99 %.1f ms\n", us / 1000 }'
awk -v n="$r_created" -v us="$r_us" 'BEGIN { printf "RESULT serve_review_rps %.1f req/s\n", n / (us / 1e6) }'
echo "RESULT serve_errors $errors count"
echo "RESULT serve_lost_reviews $lost count"
echo "RESULT serve_view_bytes $view_bytes bytes"

kill -TERM "$server_pid"
wait "$server_pid" || die "the server did not stop cleanly"
server_pid=
[ "$errors" = 0 ] && [ "$lost" = 0 ] || die "errors or lost reviews under load"
