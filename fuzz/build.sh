#!/usr/bin/env bash
# Builds the fuzzers the OSS-Fuzz way (also ClusterFuzzLite): compilers and
# flags from $CC $CXX $CFLAGS $CXXFLAGS, the engine from $LIB_FUZZING_ENGINE,
# everything a fuzzing cluster runs written to $OUT: fuzz_ops and
# fuzz_lu_parser, <target>_seed_corpus.zip, <target>.dict, <target>.options.
# Builds in $WORK (default: a temporary directory), never in the source tree.
# Locally: CC=clang CXX=clang++ CFLAGS=-fsanitize=address,fuzzer-no-link
#   CXXFLAGS=-fsanitize=address,fuzzer-no-link LIB_FUZZING_ENGINE=-fsanitize=fuzzer
#   OUT=/tmp/out fuzz/build.sh
# LU_EXTRA_BUG_SETS="v2 cap_gt" also installs fuzz_ops-v2, fuzz_ops-cap_gt:
# fuzz_ops under those seeded bugs (a cluster passes no LU_BUGS).
set -euo pipefail
src=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
: "${OUT:?set OUT to the directory that receives the fuzzers}"
: "${CC:=clang}" "${CXX:=clang++}" "${CFLAGS:=}" "${CXXFLAGS:=}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
work=${WORK:-$(mktemp -d)}/lu-check-fuzz
mkdir -p "$OUT" "$work"

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
# Only the flags given: build type None adds no optimisation flags of its own.
# The fuzzers must run where only libc is: Boost.Context is linked statically.
CC=$CC CXX=$CXX cmake -S "$src" -B "$work" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
    -DLU_FUZZ=ON -DLU_FUZZERS_ONLY=ON -DLU_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
    -DBoost_USE_STATIC_LIBS=ON
cmake --build "$work" --target fuzz_ops fuzz_lu_parser -j "$(nproc)"

for target in fuzz_ops fuzz_lu_parser; do
    cp "$work/fuzz/$target" "$OUT/"
    cp "$src/fuzz/$target.dict" "$OUT/"
    rm -f "$OUT/${target}_seed_corpus.zip"
    (cd "$src/corpus/seeds/$target" && zip -q -X "$OUT/${target}_seed_corpus.zip" ./*)
done
# Programs are short: longer inputs only slow the search down.
printf '[libfuzzer]\nmax_len = 1024\ntimeout = 30\n' >"$OUT/fuzz_ops.options"
printf '[libfuzzer]\nmax_len = 8192\n' >"$OUT/fuzz_lu_parser.options"
for set in ${LU_EXTRA_BUG_SETS:-}; do
    for f in "" .dict .options _seed_corpus.zip; do
        cp "$OUT/fuzz_ops$f" "$OUT/fuzz_ops-$set$f"
    done
done
echo "fuzz/build.sh: fuzzers, seed corpora, dictionaries and options in $OUT"
