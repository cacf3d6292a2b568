# Shared by the command-line test scripts (source it after setting $tmp to a scratch folder):
# pass/fail counting and `expect`, which runs a command and checks its exit code and stderr.
# Each script ends with `finish NAME`.
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }

# expect CODE PATTERN -- COMMAND...: exit code and a stderr pattern (empty = don't care).
# Stdout and stderr are kept in $tmp/out and $tmp/err for further checks. A command that runs
# longer than $EXPECT_TIMEOUT_S (default 300) seconds fails instead of hanging the suite.
expect() {
  local code=$1 pattern=$2
  shift 3
  timeout "${EXPECT_TIMEOUT_S:-300}" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$code" ]; then
    fail "$* → exit $got, expected $code; stderr: $(head -c 600 "$tmp/err")"
  elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$tmp/err"; then
    fail "$* → stderr lacks /$pattern/: $(head -c 600 "$tmp/err")"
  else
    pass
  fi
}

# finish NAME: prints the tally and exits non-zero if any check failed.
finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
