#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Models of copies of a function, before and after the ordering rows (bench/README.md "Copies
# of a function", docs/model.md "Copies of a function").
# run.sh AFTER [BEFORE] [LIMIT]: generates a seeded set of models of at most 40 functions with
# tests/support/gen_symmetric.py and times, on each, `AFTER solve` (the why included, as a user
# runs it) and `AFTER solve --no-why`, the same two with BEFORE (another build, e.g. one
# without the rows; skipped when not given), each stopped at LIMIT seconds (default 60, shown
# as >LIMIT), and CBC (Debian's coinor-cbc) on AFTER's exported MPS file as a peer. Prints
# wall-clock seconds, the status and whether the plans agree; one run each, so read ratios,
# not the figures, on a shared machine. Exits 1 when an AFTER solve takes more than 10 s.
set -u
after=${1:?usage: run.sh AFTER [BEFORE] [LIMIT]}
before=${2:-}
limit=${3:-60}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name: gen_symmetric.py arguments (functions, prototypes, levels, seed, options)
cases=(
    "32x2-l4-s1:32 2 4 1"
    "32x2-l4-s5:32 2 4 5"
    "32x2-l4-s6:32 2 4 6"
    "32x2-l5-s2:32 2 5 2"
    "32x2-l5-links-s3:32 2 5 3 --links"
    "40x4-l5-s4:40 4 5 4"
    "40x4-l5-s7:40 4 5 7"
    "40x3-l5-links-s11:40 3 5 11 --links"
    "40x3-l5-links-s12:40 3 5 12 --links"
    "36x3-l4-links-s8:36 3 4 8 --links"
    "24x1-l5-s9:24 1 5 9"
    "40x2-l5-links-s10:40 2 5 10 --links"
    "40x3-l5-links-s104:40 3 5 104 --links"
)

# timed OUT_NAME BINARY ARGS...: wall seconds (or >LIMIT) of one run, its JSON kept
timed() {
    local name=$1 bin=$2 start end code
    shift 2
    start=$(date +%s.%N)
    # KILL: a solve does not stop on SIGTERM inside GLPK's search
    timeout -s KILL "$limit" "$bin" solve "$work/m.xml" "$work/s.xml" --format json \
        --output "$work/$name.json" "$@" 2>/dev/null
    code=$?
    end=$(date +%s.%N)
    if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
        rm -f "$work/$name.json"
        echo ">$limit"
    else
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
    fi
}

status_of() {
    [ -f "$work/$1.json" ] || { echo "-"; return; }
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(d["status"] + ("/tied" if d.get("tie_broken") else ""))' "$work/$1.json"
}

# same A B: "yes" when the two runs' plans and objectives agree, "-" when one is missing
same() {
    [ -f "$work/$1.json" ] && [ -f "$work/$2.json" ] || { echo "-"; return; }
    python3 -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
key = lambda d: ([x["level"] for x in d.get("assignments", [])], d.get("objective"), d.get("tie_broken"))
print("yes" if key(a) == key(b) else "NO")' "$work/$1.json" "$work/$2.json"
}

cbc_time() {
    command -v cbc >/dev/null || { echo "-"; return; }
    local start end
    start=$(date +%s.%N)
    (cd "$work" && timeout -s KILL "$limit" cbc -import p.mps -solve >/dev/null 2>&1)
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

printf '| %-20s | %8s | %8s | %8s | %8s | %6s | %-14s | %4s |\n' model after after-nw before \
    before-nw cbc status same
printf '|%s|\n' "----------------------|----------|----------|----------|----------|--------|----------------|------"
slow=0
for c in "${cases[@]}"; do
    name=${c%%:*}
    # shellcheck disable=SC2086 # the arguments are a word list
    python3 "$src/tests/support/gen_symmetric.py" ${c#*:} "$work/m.xml" "$work/s.xml" 2>/dev/null
    t_after=$(timed after "$after")
    t_after_nw=$(timed after-nw "$after" --no-why --write-mps "$work/p.mps")
    t_before="-" t_before_nw="-"
    if [ -n "$before" ]; then
        t_before=$(timed before "$before")
        t_before_nw=$(timed before-nw "$before" --no-why)
    fi
    t_cbc=$(cbc_time)
    agree=$(same after before)
    [ "$agree" = "-" ] && agree=$(same after-nw before-nw)
    awk -v t="$t_after" 'BEGIN { exit !(t ~ /^>/ || t > 10) }' && slow=1
    printf '| %-20s | %8s | %8s | %8s | %8s | %6s | %-14s | %4s |\n' "$name" "$t_after" \
        "$t_after_nw" "$t_before" "$t_before_nw" "$t_cbc" "$(status_of after-nw)" "$agree"
done
exit "$slow"
