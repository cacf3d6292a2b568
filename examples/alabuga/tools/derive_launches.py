#!/usr/bin/env python3
"""Derive monthly Shahed-type launch counts for the Alabuga example.

Reads the Ukrainian Air Force launch table (piterfm/massive-missile-attacks-on-ukraine, as
mirrored in Androm2018/ukraine-drone-weather-analysis at commit e9f7b177) and writes one row
per calendar month and Shahed-type model name: the sum of `launched`, the sum of `is_shahed`
(the Air Force's "of which about N are Shaheds", only filled from July 2025), the number of
source rows, and the sum of `launched` over just the rows that give `is_shahed`. That last
column is the right denominator for the Shahed share: in several months only some rows give
`is_shahed`, so is_shahed / launched would understate the share. The month is that of `time_start` (Kyiv local time), so an overnight wave that
starts on the last evening of a month counts for that month.

It prints the SHA-256 of the input, because the upstream edits past rows between versions,
and the yearly sums, which must match ../shared/data/launches/README.md; it exits non-zero if
they do not, or if a Shahed row has a missing, non-numeric or negative count.

Usage: derive_launches.py [INPUT_CSV] [OUTPUT_CSV]
Python 3 standard library only.
"""

import csv
import hashlib
import math
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUT = os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "launches", "missile_attacks_daily.csv"))
DEFAULT_OUTPUT = os.path.normpath(os.path.join(HERE, "..", "launches_monthly.csv"))

# The only model names in the table that are Shahed-type drones (see missiles_and_uavs.csv).
SHAHED_MODELS = ("Shahed-136/131", "Shahed-136/131 and Lancet")

SOURCE = ("piterfm/massive-missile-attacks-on-ukraine (Ukrainian Air Force), "
          "via Androm2018/ukraine-drone-weather-analysis e9f7b177")

# Yearly sums stated in the data README; a mismatch means the input is another version.
EXPECTED_YEARLY = {"2022": 409, "2023": 3123, "2024": 11081, "2025": 54796, "2026": 17648}


def parse_count(text, path, line, column):
    """A non-negative whole count from a cell such as "93.0"; None for an empty cell."""
    text = text.strip()
    if text == "" or text.lower() == "nan":
        return None
    try:
        value = float(text)
    except ValueError:
        sys.exit(f"{path}:{line}: column {column}: '{text}' is not a number; fix the row or the input file")
    if not math.isfinite(value) or value < 0 or value != int(value):
        sys.exit(f"{path}:{line}: column {column}: '{text}' is not a non-negative whole count")
    return int(value)


def main(argv):
    in_path = argv[1] if len(argv) > 1 else DEFAULT_INPUT
    out_path = argv[2] if len(argv) > 2 else DEFAULT_OUTPUT

    with open(in_path, "rb") as f:
        raw = f.read()
    print(f"input  {in_path}")
    print(f"sha256 {hashlib.sha256(raw).hexdigest()}")

    launched = defaultdict(int)
    launched_with_is_shahed = defaultdict(int)
    is_shahed = defaultdict(int)
    has_is_shahed = set()
    rows = defaultdict(int)

    text = raw.decode("utf-8")
    reader = csv.DictReader(text.splitlines(keepends=True))
    for col in ("time_start", "model", "launched", "is_shahed"):
        if col not in (reader.fieldnames or []):
            sys.exit(f"{in_path}:1: no column '{col}' in the header; is this missile_attacks_daily.csv?")
    for rec in reader:
        line = reader.line_num
        model = rec["model"].strip()
        if model not in SHAHED_MODELS:
            continue
        start = rec["time_start"].strip()
        if len(start) < 7 or start[4] != "-" or not start[:4].isdigit() or not start[5:7].isdigit():
            sys.exit(f"{in_path}:{line}: time_start '{start}' is not a YYYY-MM-DD date")
        key = (start[:7], model)
        n = parse_count(rec["launched"], in_path, line, "launched")
        if n is None:
            sys.exit(f"{in_path}:{line}: a Shahed row without a `launched` count")
        launched[key] += n
        rows[key] += 1
        s = parse_count(rec["is_shahed"], in_path, line, "is_shahed")
        if s is not None:
            is_shahed[key] += s
            launched_with_is_shahed[key] += n
            has_is_shahed.add(key)

    keys = sorted(rows)
    tmp_path = out_path + ".tmp"
    with open(tmp_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["month", "model", "launched", "is_shahed", "rows", "source", "launched_with_is_shahed"])
        for key in keys:
            given = key in has_is_shahed
            w.writerow([key[0], key[1], launched[key], is_shahed[key] if given else "",
                        rows[key], SOURCE, launched_with_is_shahed[key] if given else ""])
    os.replace(tmp_path, out_path)
    print(f"output {out_path}: {len(keys)} month-model rows, {sum(rows.values())} source rows")

    yearly = defaultdict(int)
    for key in keys:
        yearly[key[0][:4]] += launched[key]
    ok = True
    for year in sorted(set(yearly) | set(EXPECTED_YEARLY)):
        got, want = yearly.get(year, 0), EXPECTED_YEARLY.get(year)
        flag = "ok" if got == want else f"MISMATCH (README: {want})"
        ok = ok and got == want
        print(f"{year}: {got} {flag}")
    print(f"total: {sum(yearly.values())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
