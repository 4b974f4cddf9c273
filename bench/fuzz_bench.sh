#!/usr/bin/env bash
# fuzz_ops' speed against its baseline: fuzz_decode has the same decoder, the
# same mutator and the same seed corpus but never runs the Program, so the
# ratio of their exec/s is what running Programs costs a campaign. Both run
# under libFuzzer for the same time, from the same seeds, with the same flags,
# in scratch corpora; exec/s is libFuzzer's own (stat::average_exec_per_sec).
# Then the in-process cost of one run of each seed (no libFuzzer loop).
#
# usage: bench/fuzz_bench.sh [-t SECONDS] [FUZZ_BUILD_DIR]   (default: build/fuzz)
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
seconds=30
[[ ${1:-} == -t ]] && { seconds=$2; shift 2; }
build=${1:-$root/build/fuzz}
seeds=$root/corpus/seeds/fuzz_ops
for t in fuzz_ops fuzz_decode; do
    [[ -x $build/fuzz/$t ]] || { echo "fuzz_bench.sh: $build/fuzz/$t is not built (./x build fuzz)" >&2; exit 2; }
done
work=$(mktemp -d /tmp/lu-fuzz-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

declare -A rate
for t in fuzz_decode fuzz_ops; do
    mkdir -p "$work/$t"
    LU_BUGS=fixed "$build/fuzz/$t" -max_total_time="$seconds" -seed=1 -max_len=1024 \
        -dict="$root/fuzz/fuzz_ops.dict" -print_final_stats=1 -artifact_prefix="$work/$t-" \
        "$work/$t" "$seeds" >"$work/$t.log" 2>&1 || true
    if grep -q '^SUMMARY: ' "$work/$t.log"; then
        echo "fuzz_bench.sh: $t stopped early:" >&2
        grep -m3 -E '^SUMMARY: |==lu==' "$work/$t.log" >&2
        exit 1
    fi
    rate[$t]=$(awk '/stat::average_exec_per_sec/ { print $2 }' "$work/$t.log" | tail -n1)
    execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$work/$t.log" | tail -n1)
    printf '%-12s %8s exec/s  (%s execs in %ss, corpus %s files)\n' "$t" "${rate[$t]:-?}" \
        "${execs:-?}" "$seconds" "$(ls "$work/$t" | wc -l)"
done
echo "fuzz_ops / fuzz_decode: $(echo "scale=4; ${rate[fuzz_ops]:-0} * 100 / ${rate[fuzz_decode]:-1}" | bc)%"

# Each seed run 1000 times by the target alone (libFuzzer's mode for files given:
# read the file, run the callback), without mutation or corpus upkeep.
echo "one seed at a time, per run (1000 runs each, file read included):"
for f in "$seeds"/*.bin; do
    for t in fuzz_decode fuzz_ops; do
        ms=$(LU_BUGS=fixed "$build/fuzz/$t" -runs=1000 "$f" 2>&1 | sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p')
        printf '  %-44s %-12s %8.1f us\n' "$(basename "$f")" "$t" "$(echo "$ms * 1000 / 1000" | bc -l)"
    done
done
