#!/usr/bin/env bash
# One fuzz_ops campaign per seeded bug, from the seed corpus: time and execs to
# the first failure, its signature, the decoded, minimized reproducer (kept in
# OUT/<bug>/) and whether the fixed port passes it. Prints a table. Mode switches (luo_gen_a) are skipped;
# a bug that has a reproducer in corpus/repro runs under that file's bug set.
#
# usage: fuzz/campaign-per-bug.sh [-t SECONDS] [-j JOBS] [--scenarios-only | --no-seeds]
#                                 [-o OUT] [BUG...]
#   --scenarios-only  seed with corpus/scenarios only (no reproducer of any bug)
#   --no-seeds        start from an empty corpus
# Environment: FUZZ_OPS (default build/fuzz/fuzz/fuzz_ops), LU (default
# build/default/tools/lu), SEED (libFuzzer -seed, default 1).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
fuzz_ops=${FUZZ_OPS:-$root/build/fuzz/fuzz/fuzz_ops}
lu=${LU:-$root/build/default/tools/lu}
seed=${SEED:-1}
time_limit=60 jobs=1 only_scenarios=0 out=
bugs=()
while (($#)); do
    case $1 in
        -t) time_limit=$2; shift ;;
        -j) jobs=$2; shift ;;
        -o) out=$2; shift ;;
        --scenarios-only) only_scenarios=1 ;;
        --no-seeds) only_scenarios=2 ;;
        -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
        *) bugs+=("$1") ;;
    esac
    shift
done
for bin in "$fuzz_ops" "$lu"; do
    [[ -x $bin ]] || { echo "campaign-per-bug.sh: $bin is not built" >&2; exit 2; }
done
out=${out:-$(mktemp -d /tmp/lu-campaign.XXXXXX)}
mkdir -p "$out"
modes=$("$lu" bugs | awk '$2 == "mode" { print $1 }')
if ((${#bugs[@]} == 0)); then
    mapfile -t bugs < <("$lu" bugs | awk '$2 != "mode" { print $1 }')
fi

seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
for f in "$root"/corpus/seeds/fuzz_ops/*.bin; do
    [[ $only_scenarios == 2 || ($only_scenarios == 1 && $(basename "$f") != scenarios-*) ]] && continue
    cp "$f" "$seeds/"
done

# The bug set a bug runs under: its reproducer's `# bugs:` line, else itself.
spec_of() {
    local line
    line=$(grep -h "^# bugs: .*\b$1\b" "$root"/corpus/repro/*.lu 2>/dev/null | head -n1 || true)
    [[ -n $line ]] && echo "${line#\# bugs: }" || echo "$1"
}

campaign() {
    local bug=$1 dir=$out/$1 spec start end
    spec=$(spec_of "$bug")
    rm -rf "$dir"
    mkdir -p "$dir/corpus"
    start=$(date +%s.%N)
    LU_BUGS=$spec "$fuzz_ops" -max_total_time="$time_limit" -seed="$seed" -timeout=30 \
        -dict="$root/fuzz/fuzz_ops.dict" -artifact_prefix="$dir/" -print_final_stats=1 \
        "$dir/corpus" "$seeds" >"$dir/log.txt" 2>&1 || true
    end=$(date +%s.%N)
    local execs sig crash steps=- fixed=-
    execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$dir/log.txt" | tail -n1)
    sig=$(sed -n 's/^==lu== fuzz_ops: \([^ ]*\) under bugs.*/\1/p' "$dir/log.txt" | head -n1)
    # Or a sanitizer's report, before the executor could see anything.
    [[ -z $sig ]] && sig=$(sed -n 's/^SUMMARY: \([A-Za-z]*\)Sanitizer: \([^ ]*\).*/\1:\2/p' \
        "$dir/log.txt" | head -n1)
    crash=$(ls "$dir"/crash-* 2>/dev/null | head -n1 || true)
    if [[ -n $crash ]]; then
        "$lu" decode "$crash" --bugs "$spec" -o "$dir/found.lu" >/dev/null 2>&1 || true
        "$lu" minimize "$crash" --bugs "$spec" -o "$dir/minimized.lu" >"$dir/minimize.txt" 2>&1 || true
        if [[ -f $dir/minimized.lu ]]; then
            steps=$(grep -cvE '^(#|concurrent|}|schedule:)' "$dir/minimized.lu" || true)
            # Does the port pass it without the defect (same modes)? Else the
            # failure is not the bug's.
            local base=fixed m
            for m in $modes; do [[ ,$spec, == *,$m,* ]] && base=$m; done
            fixed=passes
            "$lu" replay "$dir/minimized.lu" --bugs "$base" >/dev/null 2>&1 || fixed=FAILS
        fi
    fi
    printf '%-28s %-5s %8.1f %9s %-40s %9s %s\n' "$bug" "$([[ -n $crash ]] && echo yes || echo NO)" \
        "$(echo "$end - $start" | bc)" "${execs:-?}" "${sig:--}" "$steps" "$fixed" >"$dir/row.txt"
}

printf 'fuzz_ops campaigns: %ss each, seed %s, seeds: %s (%d files), out: %s\n' "$time_limit" \
    "$seed" "$(case $only_scenarios in 0) echo all ;; 1) echo scenarios only ;; *) echo none ;; esac)" \
    "$(ls "$seeds" | wc -l)" "$out"
printf '%-28s %-5s %8s %9s %-40s %9s %s\n' bug found seconds execs signature "min steps" "on fixed"
running=0
for bug in "${bugs[@]}"; do
    campaign "$bug" &
    running=$((running + 1))
    if ((running >= jobs)); then
        wait -n
        running=$((running - 1))
    fi
done
wait
found=0
for bug in "${bugs[@]}"; do
    cat "$out/$bug/row.txt"
    grep -q ' yes ' "$out/$bug/row.txt" && found=$((found + 1))
done
echo "found $found of ${#bugs[@]}; reproducers in $out/<bug>/minimized.lu"
