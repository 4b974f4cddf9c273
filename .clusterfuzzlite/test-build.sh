#!/usr/bin/env bash
# Checks the ClusterFuzzLite config without Docker (ctest clusterfuzzlite_build,
# label fuzz): project.yaml parses and names C++, and build.sh, run the way
# the OSS-Fuzz builder runs it (from $SRC/lu-check, with its variables),
# puts fuzz_ops and fuzz_lu_parser in $OUT, and they replay their seeds.
# Usage: test-build.sh [SCRATCH_DIR]. The scratch directory must lie outside
# the repository (the image's $SRC/lu-check is a link to it, and CMake would
# see the build through that link inside its own source); without one, a
# temporary directory is used and removed.
set -euo pipefail
repo=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
if [[ $# -gt 0 ]]; then
    scratch=$(readlink -m "$1")
    case "$scratch/" in
    "$repo"/*)
        echo "test-build.sh: $1 is inside the repository; give a directory outside it" >&2
        exit 2
        ;;
    esac
else
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
fi
rm -rf "$scratch"
mkdir -p "$scratch/src" "$scratch/out" "$scratch/work"

python3 - "$repo/.clusterfuzzlite/project.yaml" <<'PY'
import sys, yaml
p = yaml.safe_load(open(sys.argv[1]))
assert isinstance(p, dict), "project.yaml is not a mapping"
assert p.get("language") == "c++", "project.yaml: language is %r, not c++" % p.get("language")
PY

# The image's layout: the repository in $SRC/lu-check, build.sh in $SRC.
ln -s "$repo" "$scratch/src/lu-check"
cp "$repo/.clusterfuzzlite/build.sh" "$scratch/src/build.sh"
flags="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
(
    cd "$scratch/src/lu-check"
    env SRC="$scratch/src" OUT="$scratch/out" WORK="$scratch/work" CC=clang CXX=clang++ \
        CFLAGS="$flags" CXXFLAGS="$flags -stdlib=libc++" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
        bash -eu "$scratch/src/build.sh"
)
for target in fuzz_ops fuzz_lu_parser; do
    for f in "$target" "$target.dict" "$target.options" "${target}_seed_corpus.zip"; do
        [[ -s "$scratch/out/$f" ]] || { echo "test-build.sh: \$OUT/$f is missing" >&2; exit 1; }
    done
    [[ -x "$scratch/out/$target" ]] || { echo "test-build.sh: \$OUT/$target is not executable" >&2; exit 1; }
    LU_BUGS=fixed "$scratch/out/$target" -runs=0 "$repo/corpus/seeds/$target"
done
echo "test-build.sh: fuzz_ops and fuzz_lu_parser built as ClusterFuzzLite builds them"
