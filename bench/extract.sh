#!/usr/bin/env bash
# Peer comparison of quantity extraction, in one run on the same text:
#   reckon extract CORPUS --format jsonl         (>= 50 MB corpus, bench/corpus.sh)
#   Microsoft Recognizers-Text, every English model (npm, bench/recognizers_peer.js)
# Both are pinned to one core; reckon's rate is per CPU second (user + sys), so other load on
# the machine does not count against it. reckon is also timed on the article body alone
# (plain news text, few figures), which is what the 25 MB/s-per-core target is set on. The npm package manages ~0.01 MB/s, so it reads a sample of
# the corpus's first ~200 KB (whole lines) instead of hours of the full file.
#
#   bench/extract.sh                 # RECKON=path/to/reckon to time another build
#   RECKON_BASELINE=old/reckon bench/extract.sh   # also time an older binary on the same
#                                    # corpus and news text, in the same run, and print ratios
#
# Prints RESULT lines (MB = 10^6 bytes). Everything is written under a temp dir that is
# removed on exit; npm installs there, never in the repository.
# Knobs: RECKON, RECKON_BASELINE, RECKON_SHARED, CORPUS_MB (50), SAMPLE_KB (200),
# RT_SUITE_VERSION (1.3.1), CPU (0).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
RECKON=${RECKON:-$REPO/build/reckon}
RECKON_BASELINE=${RECKON_BASELINE:-}
CORPUS_MB=${CORPUS_MB:-50}
SAMPLE_KB=${SAMPLE_KB:-200}
RT_SUITE_VERSION=${RT_SUITE_VERSION:-1.3.1}
CPU=${CPU:-0}

die() { echo "extract.sh: $*" >&2; exit 1; }
note() { echo "extract.sh: $*" >&2; }

for tool in node npm awk stat; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup installs it)"
done
PIN=()
if command -v taskset >/dev/null; then
    PIN=(taskset -c "$CPU")
else
    note "taskset not found: running unpinned, figures will be noisier"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/reckon-bench-extract-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/corpus.sh
source "$HERE/corpus.sh"

now_s() { date +%s.%N; }
# mb_per_s BYTES SECONDS
mb_per_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.4f", b / 1e6 / s }'; }

# --- corpus ---------------------------------------------------------------------------------
CORPUS=$WORK/corpus.txt
note "building a ${CORPUS_MB} MB corpus in $WORK"
build_corpus "$CORPUS" "$CORPUS_MB" || die "could not build the corpus"
CORPUS_BYTES=$(stat -c %s "$CORPUS")
SAMPLE=$WORK/sample.txt
# Whole lines only: cut at the last newline within SAMPLE_KB.
head -c $((SAMPLE_KB * 1000)) "$CORPUS" | sed '$d' >"$SAMPLE"
SAMPLE_BYTES=$(stat -c %s "$SAMPLE")
note "corpus $CORPUS_BYTES bytes; peer sample $SAMPLE_BYTES bytes"

# --- reckon ---------------------------------------------------------------------------------
# time_reckon FILE: runs reckon extract on FILE and sets wall_s and cpu_s (user + sys).
time_reckon() {
    local file=$1
    "${PIN[@]}" /usr/bin/time -f "%e %U %S" -o "$WORK/time.out" \
        "$RECKON" extract "$file" --format jsonl >/dev/null 2>"$WORK/reckon.err" || {
        note "reckon extract failed on $file; its last messages:"
        tail -n 5 "$WORK/reckon.err" >&2
        return 1
    }
    read -r wall_s user_s sys_s <"$WORK/time.out"
    cpu_s=$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN { printf "%.3f", u + s }')
}

# News text alone: the article body repeated to the same size.
NEWS=$WORK/news.txt
awk '/^-[[:space:]]*$/ { exit } { print }' "${RECKON_SHARED:-$REPO/../shared}/seed/article.txt" >"$WORK/body.txt"
: >"$NEWS"
while (($(stat -c %s "$NEWS") < CORPUS_BYTES)); do cat "$WORK/body.txt" "$WORK/body.txt" "$WORK/body.txt" >>"$NEWS"; done
NEWS_BYTES=$(stat -c %s "$NEWS")

reckon_rate=""
news_rate=""
if [[ ! -x $RECKON ]]; then
    note "no reckon binary at $RECKON; build it (cmake --build build) or set RECKON=..."
else
    note "timing $RECKON extract on the corpus (core $CPU)"
    if time_reckon "$CORPUS"; then
        reckon_rate=$(mb_per_s "$CORPUS_BYTES" "$cpu_s")
        note "reckon, corpus: ${wall_s} s wall, ${cpu_s} s CPU"
    fi
    note "timing $RECKON extract on news text alone"
    if time_reckon "$NEWS"; then
        news_rate=$(mb_per_s "$NEWS_BYTES" "$cpu_s")
        note "reckon, news: ${wall_s} s wall, ${cpu_s} s CPU"
    fi
fi

# --- an older binary, timed the same way on the same files (RECKON_BASELINE) ----------------
base_rate=""
base_news_rate=""
if [[ -n $RECKON_BASELINE ]]; then
    [[ -x $RECKON_BASELINE ]] || die "RECKON_BASELINE=$RECKON_BASELINE is not an executable reckon"
    note "timing the baseline $RECKON_BASELINE extract on the corpus and on news text (core $CPU)"
    if RECKON=$RECKON_BASELINE time_reckon "$CORPUS"; then
        base_rate=$(mb_per_s "$CORPUS_BYTES" "$cpu_s")
        note "baseline, corpus: ${wall_s} s wall, ${cpu_s} s CPU"
    fi
    if RECKON=$RECKON_BASELINE time_reckon "$NEWS"; then
        base_news_rate=$(mb_per_s "$NEWS_BYTES" "$cpu_s")
        note "baseline, news: ${wall_s} s wall, ${cpu_s} s CPU"
    fi
fi

# --- npm peer -------------------------------------------------------------------------------
NPM_DIR=$WORK/npm
mkdir -p "$NPM_DIR"
# A package.json of its own stops npm from walking up to some enclosing project.
echo '{"name": "reckon-bench-peer", "private": true}' >"$NPM_DIR/package.json"
note "installing @microsoft/recognizers-text-suite@$RT_SUITE_VERSION into $NPM_DIR"
if ! (cd "$NPM_DIR" && npm install --no-audit --no-fund --loglevel=error \
    "@microsoft/recognizers-text-suite@$RT_SUITE_VERSION") >"$WORK/npm.log" 2>&1; then
    tail -n 20 "$WORK/npm.log" >&2
    die "npm install failed (is the npm registry reachable?)"
fi
note "running every Recognizers-Text English model over the sample (core $CPU)"
peer_json=$(NODE_PATH=$NPM_DIR/node_modules "${PIN[@]}" node "$HERE/recognizers_peer.js" "$SAMPLE") ||
    die "bench/recognizers_peer.js failed"
peer_rate=$(node -e 'const r = JSON.parse(process.argv[1]); process.stdout.write(r.mb_per_s.toFixed(4))' "$peer_json")
note "peer: $(node -e 'const r = JSON.parse(process.argv[1]);
  console.log(`${r.seconds.toFixed(2)} s for ${r.bytes} bytes, ${r.lines} lines, ${r.results} results, models: ${r.models.join(" ")}`)' "$peer_json")"

# --- results --------------------------------------------------------------------------------
[[ -n $news_rate ]] && echo "RESULT extract_reckon_news_mb_per_s $news_rate MB/s"
[[ -n $reckon_rate ]] && echo "RESULT extract_reckon_mb_per_s $reckon_rate MB/s"
echo "RESULT extract_npm_recognizers_mb_per_s $peer_rate MB/s"
[[ -n $base_news_rate ]] && echo "RESULT extract_baseline_news_mb_per_s $base_news_rate MB/s"
[[ -n $base_rate ]] && echo "RESULT extract_baseline_mb_per_s $base_rate MB/s"
if [[ -n $base_news_rate && -n $news_rate ]]; then
    echo "RESULT extract_news_vs_baseline $(awk -v a="$news_rate" -v b="$base_news_rate" 'BEGIN { printf "%.3f", a / b }') x"
fi
if [[ -n $base_rate && -n $reckon_rate ]]; then
    echo "RESULT extract_corpus_vs_baseline $(awk -v a="$reckon_rate" -v b="$base_rate" 'BEGIN { printf "%.3f", a / b }') x"
fi
if [[ -n $reckon_rate ]]; then
    echo "RESULT extract_speedup_vs_npm $(awk -v a="$reckon_rate" -v b="$peer_rate" 'BEGIN { printf "%.1f", a / b }') x"
else
    die "no reckon figure, so no speedup: see the messages above"
fi
