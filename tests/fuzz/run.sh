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
export CXX=$(command -v clang++-14 || command -v clang++)
export FLAGS="-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
# one object per source, compiled on every core at once, then linked
mkdir -p "$out/obj"
sources=(tests/fuzz/fuzz_formula.cpp src/core/formula/*.cpp src/core/landscape.cpp src/core/params.cpp)
objects=()
for src in "${sources[@]}"; do o=${src%.cpp}; objects+=("$out/obj/${o//\//_}.o"); done
for i in "${!sources[@]}"; do printf '%s\0%s\0' "${sources[$i]}" "${objects[$i]}"; done |
  xargs -0 -n 2 -P "$(nproc)" sh -c '$CXX $FLAGS -Isrc -I/usr/include/eigen3 -c "$0" -o "$1"'
"$CXX" $FLAGS "${objects[@]}" -o "$out/fuzz_formula"
rm -rf "$out/corpus" && cp -r tests/fuzz/corpus "$out/corpus"
cd "$out"
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./fuzz_formula -max_total_time="$seconds" \
  -runs="$runs" -max_len=4200 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict=../../tests/fuzz/formula.dict corpus
