#!/usr/bin/env bash
# Fails when reckon's claims on the real-news set (../shared/data/news) fall below the floors
# reached for issue 11, on the tuning and the held-out part. Exit 77 (skip) when the data is
# absent. Usage: news_eval_test.sh RECKON SOURCE_DIR NEWS_DIR
set -euo pipefail
reckon=$1 src=$2 news=$3
[ -d "$news/articles" ] || { echo "news set not found at $news; skipping"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not found; skipping"; exit 77; }
# Floors per part: a little below what the extractor reached when they were set.
python3 "$src/scripts/news-eval" --reckon "$reckon" --data "$news" --part tune \
  --require value_f1=76 found_f1=86 found_precision=97 metric_f1=53 kind_f1=62 mks_f1=23 period_f1=41 attribution_f1=43 subject_f1=37 violations=0
python3 "$src/scripts/news-eval" --reckon "$reckon" --data "$news" --part held \
  --require value_f1=79 found_f1=85 found_precision=96 metric_f1=58 kind_f1=62 mks_f1=33 period_f1=24 attribution_f1=24 subject_f1=45 violations=2
