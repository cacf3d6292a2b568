#!/usr/bin/env bash
# Fails when two headers define a namespace-scope inline (or constexpr) function of the same
# qualified name and parameter list: if both are compiled into one program, that is an ODR
# violation, and the linker keeps one body at random. GCC's -Wodr under LTO (RECKON_LTO=ON)
# reports types that differ between translation units, but not inline functions whose bodies
# differ, so this check looks at the source. Usage: odr_check.sh SOURCE_DIR
set -euo pipefail
root=${1:?usage: odr_check.sh SOURCE_DIR}
cd "$root"

# One line per definition: "namespace::name(parameters)<TAB>file". Namespaces are followed
# through `namespace a::b {` and `}  // namespace` lines (the layout .clang-format keeps);
# only definitions at column 0 count, so class members and local lambdas are left out.
defs=$(find include src -name '*.hpp' -print0 | sort -z | xargs -0 awk '
  FNR == 1 { depth = 0 }
  /^namespace [A-Za-z_:]+ *\{/ { name = $2; ns[++depth] = name; next }
  /^namespace *\{/ { ns[++depth] = "(anonymous:" FILENAME ")"; next }
  /^\} *\/\/ *namespace/ { if (depth > 0) depth--; next }
  /^(static |constexpr |inline |\[\[nodiscard\]\] )*(inline|constexpr) [^=;]*[A-Za-z_0-9]+\(/ {
    if ($0 ~ /^(inline |constexpr )?(static )?constexpr [^(]*=/) next  # a constant, not a function
    line = $0
    sub(/\).*/, ")", line)
    n = split(line, parts, "(")
    head = parts[1]; params = substr(line, length(head) + 1)
    m = split(head, words, /[ \t*&]+/)
    fn = words[m]
    q = ""
    for (i = 1; i <= depth; i++) q = q ns[i] "::"
    gsub(/[ \t]+/, " ", params)
    printf "%s%s%s\t%s\n", q, fn, params, FILENAME
  }')

printf "%s\n" "$defs" >"${ODR_CHECK_LIST:-/dev/null}"
dups=$(printf '%s\n' "$defs" | awk -F'\t' 'NF == 2 { files[$1] = files[$1] " " $2; count[$1]++ }
  END { for (k in count) if (count[k] > 1) print k ":" files[k] }' | sort)
if [ -n "$dups" ]; then
  echo "odr_check: inline functions defined in more than one header (merge them into one, or rename):" >&2
  printf '%s\n' "$dups" | sed 's/^/  /' >&2
  exit 1
fi
echo "odr_check: $(printf '%s\n' "$defs" | grep -c . || true) namespace-scope inline functions, no name defined twice" >&2
