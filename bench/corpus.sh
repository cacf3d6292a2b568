#!/usr/bin/env bash
# Builds the benchmark corpus: English news-like text made of the seed article's body
# (without the teaser list after its first lone "-" line) and every `Input` sentence of
# the Recognizers-Text English specs, one per line, repeated until the file reaches a
# size. Shared by bench/extract.sh and bench/big_file.sh so both measure the same text.
#
#   bench/corpus.sh OUT MIN_MB          # or: source bench/corpus.sh; build_corpus OUT MIN_MB
#
# RECKON_SHARED overrides the data directory (default: ../shared beside the checkout).
# MB here and in the benches' figures is 10^6 bytes.

# The text repeated: article body, then the spec inputs (newlines inside an input become
# spaces so each stays one line).
corpus_block() {
    local shared=$1 out=$2
    local article=$shared/seed/article.txt specs=$shared/data/recognizers-text
    [[ -r $article ]] || { echo "corpus: cannot read $article" >&2; return 1; }
    [[ -d $specs ]] || { echo "corpus: no spec directory $specs" >&2; return 1; }
    awk '/^-[[:space:]]*$/ { exit } { print }' "$article" >"$out"
    local files
    mapfile -t files < <(find "$specs" -path '*English*' -name '*.json' | LC_ALL=C sort)
    ((${#files[@]} > 0)) || { echo "corpus: no English spec files under $specs" >&2; return 1; }
    if command -v jq >/dev/null; then
        # One jq per file: a spec file that fails to parse is named instead of silently
        # truncating the stream.
        local f
        for f in "${files[@]}"; do
            jq -r '.[] | .Input // empty | gsub("[\r\n]+"; " ")' "$f" >>"$out" ||
                { echo "corpus: cannot read the Input fields of $f" >&2; return 1; }
        done
    else
        python3 - "${files[@]}" >>"$out" <<'PY' || { echo "corpus: python3 failed on the specs" >&2; return 1; }
import json, re, sys
for path in sys.argv[1:]:
    with open(path, encoding="utf-8-sig") as f:
        for case in json.load(f):
            text = case.get("Input")
            if text:
                print(re.sub(r"[\r\n]+", " ", text))
PY
    fi
}

build_corpus() {
    local out=$1 min_mb=$2
    local here shared
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    shared=${RECKON_SHARED:-$here/../../shared}
    local min_bytes=$((min_mb * 1000000))
    local block=$out.block chunk=$out.chunk
    corpus_block "$shared" "$block" || return 1
    # Whole blocks up to ~1 MB first, then whole chunks: few appends even for a gigabyte.
    : >"$chunk"
    while (($(stat -c %s "$chunk") < 1000000)); do cat "$block" >>"$chunk"; done
    : >"$out"
    while (($(stat -c %s "$out") < min_bytes)); do cat "$chunk" >>"$out"; done
    rm -f "$block" "$chunk"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    (($# == 2)) || { echo "usage: $0 OUT MIN_MB" >&2; exit 2; }
    build_corpus "$1" "$2"
fi
