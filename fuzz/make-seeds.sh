#!/usr/bin/env bash
# Regenerates the fuzzers' seed corpora and fuzz_ops.dict with `lu encode`:
# corpus/seeds/fuzz_ops/<dir>-<name>.bin from corpus/repro/*.lu and
# corpus/scenarios/*.lu, corpus/seeds/fuzz_lu_parser/ as copies of the same
# files, fuzz/fuzz_ops.dict from fuzz/fuzz_ops-dict.lu. A file whose blocks
# mix families does not fit fuzz_ops' byte format: it seeds only
# fuzz_lu_parser. Usage: make-seeds.sh [LU]
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
lu=${1:-${LU:-$root/build/default/tools/lu}}
[[ -x $lu ]] || { echo "make-seeds.sh: no lu at $lu (build it: ./x build)" >&2; exit 2; }

seeds=$root/corpus/seeds
rm -rf "$seeds/fuzz_ops" "$seeds/fuzz_lu_parser"
mkdir -p "$seeds/fuzz_ops" "$seeds/fuzz_lu_parser"
n=0
for dir in repro scenarios; do
    for f in "$root/corpus/$dir"/*.lu; do
        name=$dir-$(basename "$f" .lu)
        if ! err=$("$lu" encode "$f" -o "$seeds/fuzz_ops/$name.bin" 2>&1 >/dev/null); then
            if [[ $err != *"does not fit the fuzzer's byte format"* ]]; then
                echo "$err" >&2
                exit 2
            fi
            echo "make-seeds.sh: $name seeds fuzz_lu_parser only: its blocks mix families"
        fi
        cp "$f" "$seeds/fuzz_lu_parser/$name.lu"
        n=$((n + 1))
    done
done
"$lu" encode --dict "$root/fuzz/fuzz_ops-dict.lu" -o "$root/fuzz/fuzz_ops.dict" >/dev/null
echo "make-seeds.sh: $n source(s) seeded into corpus/seeds/, and fuzz/fuzz_ops.dict"
