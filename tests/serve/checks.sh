# Shared by the shell tests of reckon serve: counted checks and the tools they need.
# Source it, then: check DESCRIPTION COMMAND... (passes when the command succeeds), pass, fail,
# needs NAME TOOL...; the caller prints "$passed passed, $failed failed" and exits non-zero on
# any failure.
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }
check() {
  local what=$1
  shift
  if "$@"; then pass; else fail "$what"; fi
}
needs() {  # needs TEST_NAME TOOL...: exits when a tool is missing
  local name=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$name: needs $tool" >&2; exit 1; }
  done
}
