#!/usr/bin/env bash
# Deduplicates fuzz_ops crash files by failure signature: each crash is decoded
# and run under the campaign's bug set (`lu decode --bugs`), and the smallest
# input of each signature is minimized into OUT/<signature>.lu, a reproducer
# ready for corpus/repro/. libFuzzer's own dedup (by stack) cannot tell them
# apart: every failure aborts from the same place.
#
# usage: fuzz/triage.sh -b BUGS [-o OUT] CRASH_OR_DIR...
# Environment: LU (default build/default/tools/lu).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
lu=${LU:-$root/build/default/tools/lu}
bugs= out=triage
inputs=()
while (($#)); do
    case $1 in
        -b) bugs=$2; shift ;;
        -o) out=$2; shift ;;
        -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
        *) inputs+=("$1") ;;
    esac
    shift
done
[[ -n $bugs && ${#inputs[@]} -gt 0 ]] || { sed -n '8p' "$0" >&2; exit 2; }
[[ -x $lu ]] || { echo "triage.sh: $lu is not built" >&2; exit 2; }
mkdir -p "$out"

declare -A best size
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for input in "${inputs[@]}"; do
    files=("$input")
    [[ -d $input ]] && mapfile -t files < <(find "$input" -maxdepth 1 -type f -name 'crash-*')
    for f in "${files[@]}"; do
        "$lu" decode "$f" --bugs "$bugs" -o "$tmp" >/dev/null || continue
        sig=$(sed -n 's/^# expect: fail //p' "$tmp")
        [[ -z $sig ]] && { echo "triage.sh: $f passes under $bugs (flaky or not a lu failure)"; continue; }
        n=$(stat -c %s "$f")
        if [[ -z ${best[$sig]:-} || $n -lt ${size[$sig]} ]]; then
            best[$sig]=$f
            size[$sig]=$n
        fi
    done
done
distinct=0
for sig in ${best[@]+"${!best[@]}"}; do
    distinct=$((distinct + 1))
    name=$(echo "$sig" | tr -c 'A-Za-z0-9_\n' '-')
    "$lu" minimize "${best[$sig]}" --bugs "$bugs" -o "$out/$name.lu" >/dev/null || true
    printf '%-48s %s -> %s\n' "$sig" "${best[$sig]}" "$out/$name.lu"
done
echo "triage.sh: $distinct distinct signature(s)"
