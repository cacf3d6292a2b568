#!/usr/bin/env bash
# Hostile clients against `reckon serve` at full size, on loopback: the attacks of
# tests/serve/hostile_test.py (which ctest runs scaled down) with 300 MiB refused uploads,
# 3 million header lines, and 10,000 half-open connections held for 30 s, while a normal
# client asks every 0.5 s. Prints, per attack, the server's peak memory growth and the normal
# client's slowest answer as RESULT lines; the goal is at most 64 MB of growth and 1 s.
#
#   bench/serve_hostile.sh                  # RECKON=path/to/reckon to attack another build
#
# Needs an open-file limit above 10,000 (ulimit -n) for the client's connections.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
RECKON=${RECKON:-$REPO/build/reckon}
[ -x "$RECKON" ] || { echo "serve_hostile.sh: $RECKON is not built (scripts/build)" >&2; exit 1; }
ulimit -n 20000 2>/dev/null || true
[ "$(ulimit -n)" -gt 10100 ] ||
    { echo "serve_hostile.sh: the open-file limit is $(ulimit -n); 10,000 connections need more" >&2; exit 1; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "serve_hostile.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
HOSTILE_FULL=1 python3 "$REPO/tests/serve/hostile_test.py" "$RECKON" "$REPO" | tee "$out" || status=$?
# The test's last JSON line holds one object per attack.
python3 - "$out" <<'PY'
import json, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("[")]
for r in json.loads(rows[-1]) if rows else []:
    name = r["attack"]
    print(f"RESULT serve_hostile_{name}_rss_growth {r['rss_growth_mb']} MB")
    worst = r["normal_client_worst_s"]
    print(f"RESULT serve_hostile_{name}_normal_client_worst {worst if worst is not None else 'none'} s")
    print(f"RESULT serve_hostile_{name}_normal_client_unanswered {r['normal_client_unanswered']} requests")
PY
exit $status
