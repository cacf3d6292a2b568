#!/usr/bin/env bash
# tools/duckling-convert on small corpus files written here in the shape of Duckling's
# Corpus.hs (escapes, comments, negative numbers, intervals, holidays), and on a broken one,
# which must stop with the file and line. Usage: duckling_convert_test.sh SOURCE_DIR
set -euo pipefail
conv=$1/tools/duckling-convert
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mk() { mkdir -p "$work/src/Duckling/$1/EN"; cat >"$work/src/Duckling/$1/EN/Corpus.hs"; }
mk Numeral <<'HS'
negativeCorpus = ["not this"]
allExamples = concat
  [ examples (NumeralValue (-7))
             [ "minus seven" -- a comment, "not an example"
             , "-7"
             ]
  , examples (NumeralValue 1.5e3) [ "1.5k" ]
  ]
HS
mk AmountOfMoney <<'HS'
allExamples = concat
  [ examples (simple EUR 20) [ "20\x20ac", "\x00a3\&10 \"q\"" ]
  , examples (between Dollar (10, 20)) [ "$10-$20" ]
  ]
HS
mk Distance <<'HS'
allExamples = concat [ examples (under Mile 3.5) [ "under 3.5 miles" ] ]
HS
mk Quantity <<'HS'
allExamples = concat [ examples (simple Gram 2 (Just "salt")) [ "2 g of salt" ], examples (above Cup 2 Nothing) [ "over 2 cups" ] ]
HS
mk Time <<'HS'
allExamples = concat
  [ examples (datetime (2013, 3, 1, 0, 0, 0) Day) [ "march 1st" ]
  , examples (datetimeInterval ((2013, 7, 13, 0, 0, 0), (2013, 7, 16, 0, 0, 0)) Day) [ "July 13 to 15" ]
  , examples (datetimeHoliday (2013, 12, 25, 0, 0, 0) Day "Christmas") [ "xmas" ]
  , examples (datetimeOpenInterval After (2014, 1, 1, 0, 0, 0) Year) [ "since 2014" ]
  , examples (datetime (2013, 2, 12, 4, 30, 0) Second) [ "now" ]
  ]
HS
"$conv" "$work/src" "$work/out" 2>/dev/null
status=0
expect() {  # file, python expression over the list `rows`
  if ! python3 -c "import json,sys; rows=[json.loads(l) for l in open('$work/out/$1')]; sys.exit(0 if ($2) else 1)"; then
    echo "FAIL: $1: $2"; status=1
  fi
}
expect numeral.jsonl 'len(rows) == 3 and rows[0]["value"] == -7 and rows[0]["text"] == "minus seven" and rows[2]["value"] == 1500'
expect money.jsonl 'rows[0]["text"] == "20\u20ac" and rows[1]["text"] == "\u00a310 \"q\"" and rows[2]["low"] == 10 and rows[2]["high"] == 20'
expect distance.jsonl 'rows[0]["kind"] == "under" and rows[0]["unit"] == "Mile" and rows[0]["value"] == 3.5'
expect quantity.jsonl 'rows[0]["product"] == "salt" and "product" not in rows[1] and rows[1]["kind"] == "above"'
expect time.jsonl '[r["scope"] for r in rows] == ["date", "date-interval", "date", "date-interval", "time"] and rows[1]["end"] == "2013-07-16T00:00:00" and rows[2]["holiday"] == "Christmas" and rows[3]["direction"] == "after"'
expect time.jsonl 'all(r["split"] in ("tune", "heldout") for r in rows)'
# A value the converter does not understand stops it with the file and line.
printf 'allExamples = concat\n  [ examples (mystery 3) [ "x" ] ]\n' >"$work/src/Duckling/Distance/EN/Corpus.hs"
if "$conv" "$work/src" "$work/out2" 2>"$work/err"; then echo "FAIL: a bad corpus was accepted"; status=1; fi
grep -q 'Distance/EN/Corpus.hs:2: value' "$work/err" || { echo "FAIL: no file:line in"; cat "$work/err"; status=1; }
exit $status
