#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Does `solve --time-limit S` hold? (bench/README.md "Time limits", docs/model.md "Time limit")
# run.sh FOOTPRINT [S] [REPEAT]: generates large, hard models with tests/support/gen_hard.py,
# runs `footprint solve --time-limit S` on each REPEAT times (default S = 2, REPEAT = 3), and
# prints the wall-clock time from start to exit (the command's whole life: loading, solving,
# writing), its ratio to S, the CPU time, the status and the exit status. A line is marked
# OVER when the least of the REPEAT times exceeds S by more than 10%; the script exits 1 if
# any is. Wall-clock time on a shared machine includes waiting for a core: the CPU column
# says how much of it the command had.
set -u
fp=${1:?usage: run.sh FOOTPRINT [S] [REPEAT]}
limit=${2:-2}
repeat=${3:-3}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name functions seed links-per-function; and the load alone (validate) for the largest
load_only() {
    python3 "$src/tests/support/gen_hard.py" 5000 1 "$work/m.xml" "$work/s.xml" 10
    /usr/bin/time -f '%e %U %S' -o "$work/cpu" "$fp" validate "$work/m.xml" "$work/s.xml" \
        >/dev/null
    tail -1 "$work/cpu" | awk '{ printf "loading and validating hard5000-links10 alone: %.3f s wall, %.3f s CPU\n", $1, $2 + $3 }'
}

cases=(
    "hard5000-links1 5000 1 1"
    "hard5000-links4 5000 1 4"
    "hard5000-links10 5000 1 10"
    "hard400-nolinks 400 5 0"
    "hard2000-nolinks 2000 7 0"
)

printf '%-18s %9s %7s %9s  %-10s %s\n' case wall_s ratio cpu_s status exit
over=0
for c in "${cases[@]}"; do
    read -r name n seed links <<<"$c"
    python3 "$src/tests/support/gen_hard.py" "$n" "$seed" "$work/m.xml" "$work/s.xml" "$links"
    best=""
    for _ in $(seq "$repeat"); do
        start=$(date +%s.%N)
        /usr/bin/time -f '%U %S' -o "$work/cpu" "$fp" solve "$work/m.xml" "$work/s.xml" \
            --time-limit "$limit" --format json --output "$work/plan.json" 2>/dev/null
        code=$?
        end=$(date +%s.%N)
        wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
        cpu=$(tail -1 "$work/cpu" | awk '{ printf "%.3f", $1 + $2 }')
        status=$(sed -n 's/^ *"status": "\(.*\)",$/\1/p' "$work/plan.json" | head -1)
        if [ -z "$best" ] || awk -v w="$wall" -v b="$best" 'BEGIN { exit !(w < b) }'; then
            best=$wall best_cpu=$cpu best_status=$status best_code=$code
        fi
    done
    ratio=$(awk -v w="$best" -v s="$limit" 'BEGIN { printf "%.3f", w / s }')
    mark=""
    if awk -v r="$ratio" 'BEGIN { exit !(r > 1.10) }'; then
        mark="OVER"
        over=1
    fi
    printf '%-18s %9s %7s %9s  %-10s %s %s\n' "$name" "$best" "$ratio" "$best_cpu" \
        "$best_status" "$best_code" "$mark"
done
load_only
exit $over
