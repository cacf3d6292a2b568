#!/usr/bin/env bash
# The golden test of `reckon serve`: the live view it serves at /api/view for a data folder
# made by a short `reckon run examples/us155` (fixed seed; its documents are the project's own
# words, so no text from ../shared lands in the golden file), compared byte for byte with
# tests/golden/serve/view.json. The server re-estimates with the settings recorded in the
# folder, so the figures are those of the run; only the stamp (generated_at) and the scratch
# folder's path are written back as placeholders. RECKON_UPDATE_GOLDEN=1 rewrites the golden.
# Usage: serve_golden.sh RECKON SOURCE_DIR. Needs curl and jq.
set -uo pipefail
reckon=$1
root=$2
golden=$root/tests/golden/serve/view.json
tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

data=$tmp/run
cd "$root" || exit 1
"$reckon" run examples/us155 --out "$data" --seed 1 --chains 2 --warmup 150 --draws 150 --threads 2 \
  >/dev/null 2>"$tmp/run.err" || { echo "serve_golden: reckon run failed:" >&2; cat "$tmp/run.err" >&2; exit 1; }

"$reckon" serve --db "$data/reckon.db" --port 0 --threads 2 >/dev/null 2>"$tmp/serve.err" &
server_pid=$!
base=
# The server prints its address and token when it listens; the view is ready once its first
# estimate is done. Generous bounds: an ASan build on a loaded machine is slow.
for _ in $(seq 1 1500); do
  kill -0 "$server_pid" 2>/dev/null || break
  [ -z "$base" ] && base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.err" | head -1)
  if [ -n "$base" ] &&
    curl -s -o "$tmp/view.json" -w '%{http_code}' "$base/api/view" 2>/dev/null | grep -q '^200$' &&
    jq -e '(.months | length) > 0' "$tmp/view.json" >/dev/null 2>&1; then
    break
  fi
  rm -f "$tmp/view.json"
  sleep 0.2
done
if [ ! -s "$tmp/view.json" ]; then
  echo "serve_golden: no view from the server:" >&2
  cat "$tmp/serve.err" >&2
  exit 1
fi

# Indented and sorted as view.json is, with the stamp and the scratch path as placeholders.
jq -S '.generated_at = "@NOW@"' "$tmp/view.json" | sed "s|$tmp|@TMP@|g" >"$tmp/view.normalized.json"
if [ "${RECKON_UPDATE_GOLDEN:-}" = 1 ]; then
  mkdir -p "$(dirname "$golden")"
  cp "$tmp/view.normalized.json" "$golden"
  echo "serve_golden: updated $golden"
  exit 0
fi
if ! diff -u "$golden" "$tmp/view.normalized.json"; then
  echo "serve_golden: the served view differs from $golden (RECKON_UPDATE_GOLDEN=1 accepts it)" >&2
  exit 1
fi
echo "serve_golden: the served view matches $golden"
