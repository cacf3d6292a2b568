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
  --require value_f1=81 found_f1=88 found_precision=97 metric_f1=62 kind_f1=66 mks_f1=33 period_f1=48 attribution_f1=64 subject_f1=50 violations=0
python3 "$src/scripts/news-eval" --reckon "$reckon" --data "$news" --part held \
  --require value_f1=78 found_f1=86 found_precision=96 metric_f1=59 kind_f1=62 mks_f1=31 period_f1=26 attribution_f1=29 subject_f1=45 violations=2
