#!/usr/bin/env bash
# Fails when the recognizers fall below the conformance targets of the foundation issue
# on the Recognizers-Text English specs. Usage: conformance_test.sh RUNNER SPEC_DIR
set -euo pipefail
runner=$1
specs=$2
[ -d "$specs" ] || { echo "specs not found at $specs; skipping"; exit 0; }
out=$("$runner" "$specs")
echo "$out"
status=0
check() {
  local name=$1 min=$2
  local got
  got=$(awk -v n="RESULT conformance_$name" 'index($0, n" ") == 1 {print $3}' <<<"$out")
  if [ -z "$got" ] || awk -v g="$got" -v m="$min" 'BEGIN {exit !(g < m)}'; then
    echo "FAIL: $name ${got:-missing} % < $min %"
    status=1
  fi
}
check NumberModel 90
check NumberRangeModel 80
check PercentModel 90
check CurrencyModel 85
check DimensionModel 80
check DateTimeModel 75
fp=$(awk '/RESULT conformance_negative_false_finds/ {print $3}' <<<"$out")
if awk -v g="$fp" 'BEGIN {exit !(g > 5)}'; then echo "FAIL: false finds on negative cases $fp % > 5 %"; status=1; fi
exit $status
