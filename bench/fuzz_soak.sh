#!/usr/bin/env bash
# Longer fuzzing than CI's 10-second smoke: every fuzz target (or those named) for SECONDS
# each (default 300), keeping each target's grown corpus in build-fuzz/fuzz-corpus/<target>
# so that the next soak starts where this one stopped. Builds build-fuzz first.
#   bench/fuzz_soak.sh [SECONDS] [TARGET...]
# Findings are kept in build-fuzz/fuzz-findings/<target>/ (see scripts/fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
shift || true
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRECKON_FUZZ=ON \
    -DRECKON_SANITIZE=ON -DRECKON_TESTS=OFF -DRECKON_BENCH=OFF >/dev/null
cmake --build build-fuzz --target fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
exec scripts/fuzz --build build-fuzz --seconds "$seconds" --keep build-fuzz/fuzz-corpus "$@"
