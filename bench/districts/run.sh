#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The districting benchmark (bench/README.md "Districting against cbc"): for each case,
# footprint districts and cbc (default settings) on the straightforward model that
# footprint --write-mps writes, each timed wall-clock from reading its input to the answer,
# in one run. Prints time, result and gap for both and the ratio cbc / footprint.
#
#   bench/districts/run.sh FOOTPRINT [LIMIT_S] [CASE...]
#
# CASE is one of hubs2013 (211 CCGs, 10 hubs, ±20%), regions2013 (K = 4),
# hubs2021 (106 CCGs, target 5,000,000 ±20%); default all three. LIMIT_S (default 3600) caps
# each solver's wall-clock time; a solver stopped there is reported with its gap and the
# ratio as a lower bound (">").
set -u
fp=${1:?usage: run.sh FOOTPRINT [LIMIT_S] [CASE...]}
limit=${2:-3600}
shift $(($# >= 2 ? 2 : 1))
cases=${*:-hubs2013 regions2013 hubs2021}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v cbc >/dev/null || { echo "cbc not found: run bench/districts/setup.sh" >&2; exit 2; }

args_for() {
    case $1 in
    hubs2013) echo "$src/data/ccg2013.csv --units 10 --tolerance 0.2" ;;
    regions2013) echo "$src/data/ccg2013.csv --units 4 --tolerance 0.2" ;;
    hubs2021) echo "$src/data/ccg2021.csv --target-pop 5000000 --tolerance 0.2" ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
    esac
}

now() { date +%s.%N; }

json_field() { # json_field FILE NAME
    sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -1
}

# Gaps are fractions: (objective - bound) / objective.
printf '%-12s %10s %-12s %9s | %10s %-24s %9s | %s\n' case fp_s fp_result fp_gap cbc_s \
    cbc_result cbc_gap "ratio cbc/fp"
for c in $cases; do
    t0=$(now)
    # footprint's time includes writing the MPS file cbc then reads.
    # shellcheck disable=SC2046
    "$fp" districts $(args_for "$c") --format json --time-limit "$limit" \
        --write-mps "$work/$c.mps" >"$work/$c.json" 2>/dev/null
    t1=$(now)
    cbc "$work/$c.mps" -timeMode elapsed -sec "$limit" -solve -quit >"$work/$c.cbc" 2>&1
    t2=$(now)
    fp_s=$(echo "$t1 - $t0" | bc)
    cbc_s=$(echo "$t2 - $t1" | bc)
    fp_result=$(json_field "$work/$c.json" status)
    fp_gap=$(json_field "$work/$c.json" gap)
    cbc_result=$(sed -n 's/^Result - //p' "$work/$c.cbc" | head -1)
    cbc_gap=$(sed -n 's/^Gap: *//p' "$work/$c.cbc" | head -1)
    cbc_obj=$(sed -n 's/^Objective value: *//p' "$work/$c.cbc" | head -1)
    ratio=$(echo "scale=2; $cbc_s / $fp_s" | bc)
    case $cbc_result in Optimal*) ;; *) ratio="> $ratio" ;; esac
    case $fp_result in optimal) ;; *) ratio="? (footprint not optimal)" ;; esac
    printf '%-12s %10.1f %-12s %9.5f | %10.1f %-24.24s %9s | %s\n' "$c" "$fp_s" "$fp_result" \
        "${fp_gap:-0}" "$cbc_s" "${cbc_result:-?}" "${cbc_gap:-0}" "$ratio"
    echo "  footprint objective $(json_field "$work/$c.json" objective_person_km) person-km;" \
        "cbc objective ${cbc_obj:-none} (million person-km)"
done
