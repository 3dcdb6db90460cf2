#!/usr/bin/env bash
# Builds the formula fuzz target with clang (libFuzzer, AddressSanitizer, UBSan) into build/fuzz/
# and runs it on a copy of the seed corpus for a bounded time: tests/fuzz/run.sh [SECONDS] [RUNS].
# Exit status 0: no crash; otherwise the crash input is in build/fuzz/ (crash-*).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-30}
runs=${2:-10000000}
out=build/fuzz
mkdir -p "$out"
CXX=$(command -v clang++-14 || command -v clang++)
"$CXX" -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -Isrc -I/usr/include/eigen3 tests/fuzz/fuzz_formula.cpp src/core/formula/*.cpp \
  src/core/landscape.cpp src/core/params.cpp -o "$out/fuzz_formula"
rm -rf "$out/corpus" && cp -r tests/fuzz/corpus "$out/corpus"
cd "$out"
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./fuzz_formula -max_total_time="$seconds" \
  -runs="$runs" -max_len=4200 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict=../../tests/fuzz/formula.dict corpus
