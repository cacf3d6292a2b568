#!/usr/bin/env bash
# `reckon adsb decode` on gzip inputs holds its memory budget (issue 12, item 1: peak RSS
# <= 256 MB for any single input up to 1 GB): a small .gz that inflates to 14 GB of zeros is
# refused after its first bytes; 1 GB of zeros given as AVR is read through in bounded memory;
# a large AVR capture with --limit 1000 stops after 1000 messages. The inputs are made at run
# time as gzip files of several members (one compressed block, concatenated), which gzip(1)
# and zlib read as one stream. Peak RSS comes from /usr/bin/time; nothing here is timed.
# Usage: gzip_rss_test.sh RECKON SOURCE_DIR
set -uo pipefail
reckon=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../lib/expect.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/expect.sh"
[ -x /usr/bin/time ] || { echo "gzip_rss_test: needs /usr/bin/time (Debian package time)" >&2; exit 1; }

BUDGET_KB=$((256 * 1024))

# members FILE COUNT OUT: OUT is COUNT copies of gzip(FILE), one member each.
members() {
  gzip -9 -c "$1" >"$tmp/member.gz"
  : >"$3"
  for _ in $(seq 1 "$2"); do cat "$tmp/member.gz" >>"$3"; done
}
# rss CODE PATTERN DESCRIPTION -- COMMAND...: as expect, and the peak RSS within the budget.
rss() {
  local code=$1 pattern=$2 what=$3
  shift 4
  expect "$code" "$pattern" -- /usr/bin/time -f 'peak-rss-kb %M' -o "$tmp/rss" "$@"
  local kb
  kb=$(sed -n 's/^peak-rss-kb //p' "$tmp/rss")
  echo "gzip_rss_test: $what: peak RSS ${kb} KB" >&2
  if [ -n "$kb" ] && [ "$kb" -le "$BUDGET_KB" ]; then pass; else fail "$what: peak RSS ${kb:-?} KB > $BUDGET_KB KB"; fi
}

# 100 MiB of zeros, 140 members: a 14 MB .gz of 14 GB of zeros.
head -c $((100 << 20)) /dev/zero >"$tmp/zeros"
members "$tmp/zeros" 140 "$tmp/zeros.gz"
rss 1 "cannot tell the format of this compressed input" "14 GB of zeros, format found from the content" \
  -- "$reckon" adsb decode "$tmp/zeros.gz"
# Told it is AVR, the first 1 GB of zeros is read through: nothing decodes, memory stays flat,
# and nothing read is an error (issue 14).
members "$tmp/zeros" 10 "$tmp/zeros1g.gz"
rss 1 "no record could be read as avr" "1 GB of zeros as AVR" -- "$reckon" adsb decode "$tmp/zeros1g.gz" --format avr

# A large valid AVR capture: the 11 messages of the golden input again and again.
avr=$root/tests/golden/inputs/messages.avr
for _ in $(seq 1 4000); do cat "$avr"; done >"$tmp/block.avr"  # 1.5 MB
members "$tmp/block.avr" 300 "$tmp/capture.avr.gz"              # 460 MB of AVR
rss 0 "avr \(gzip\)" "AVR capture with --limit 1000" -- "$reckon" adsb decode "$tmp/capture.avr.gz" --limit 1000
n=$(wc -l <"$tmp/out")
if [ "$n" = 1000 ]; then pass; else fail "--limit 1000 wrote $n messages"; fi

finish gzip_rss_test
