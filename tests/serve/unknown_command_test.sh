#!/usr/bin/env bash
# An unknown subcommand is named, exit 2, with a hint to `reckon --help`, with or without --help
# (issue 12: CLI11 said "A subcommand is required", and with --help printed the main help and
# exited 0). Usage: unknown_command_test.sh RECKON
set -u
reckon=$1
failed=0
for extra in "" --help; do
  err=$("$reckon" orbit compare a b $extra 2>&1 >/dev/null)
  rc=$?
  if [ "$rc" != 2 ] || ! grep -q "unknown command 'orbit'" <<<"$err" || ! grep -q "reckon --help" <<<"$err"; then
    echo "FAIL: reckon orbit compare a b $extra: exit $rc, stderr: $err" >&2
    failed=1
  fi
done
# A known command still works, and so does its --help.
"$reckon" serve --help >/dev/null || { echo "FAIL: reckon serve --help" >&2; failed=1; }
exit $failed
