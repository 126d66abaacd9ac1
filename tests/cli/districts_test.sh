#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of footprint districts: districts_test.sh CASE FOOTPRINT SOURCE_DIR CORPUS
# (CORPUS: the generated bad-input corpus, tests/bad/cases.txt). Each case checks the exit
# status, what is printed, and which files exist afterwards.
# FPT_WRAPPER, when set, prefixes every run of the command (tests/cli/case.sh).
set -u
case_name=$1
fp=$2
src=$3
corpus=$4
tiny=$src/tests/data/geo-tiny.csv
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"

case $case_name in
districts-table)
    run 0 districts "$tiny" --units 2
    expect_out "^unit centre"
    expect_out "Solver: optimal"
    expect_out "gap 0.0000%"
    ;;
districts-svg)
    run 0 districts "$tiny" --units 2 --format svg --output "$work/map.svg"
    [ -s "$work/map.svg" ] || fail "no map written"
    [ "$(grep -c 'class="ccg"' "$work/map.svg")" -eq 8 ] || fail "not one dot per CCG"
    grep -q '</svg>' "$work/map.svg" || fail "map not closed"
    ;;
districts-json-csv)
    run 0 districts "$tiny" --target-pop 1375000 --tolerance 0.3 --format json
    expect_out '"status": "optimal"'
    expect_out '"n_units": 2'
    run 0 districts "$tiny" --units 2 --format csv
    expect_out "^code,name,population"
    [ "$(wc -l <"$out")" -eq 9 ] || fail "expected 9 CSV lines"
    ;;
districts-infeasible)
    run 4 districts "$tiny" --units 3 --tolerance 0.01 --output "$work/r.txt"
    expect_err "no partition into 3 units"
    [ -s "$work/r.txt" ] || fail "the result should still be written"
    run 4 districts "$tiny" --target-pop 400000 --tolerance 0.1
    expect_err "alone has 500000 people, above the maximum of 440000"
    ;;
districts-bad-data)
    run 3 districts "$corpus/geo-bad-duplicate.csv" --units 2 --output "$work/r.txt"
    expect_err "geo-bad-duplicate.csv:4: duplicate code B01"
    expect_no_files
    run 3 districts "$corpus/geo-bad-area-text.csv" --units 1 --output "$work/r.txt"
    expect_err "geo-bad-area-text.csv:2: area_km2 'big' is not a number"
    expect_no_files
    run 3 districts "$work/missing.csv"
    expect_err "cannot open"
    ;;
districts-usage)
    run 2 districts
    expect_err "needs a GEOGRAPHY"
    run 2 districts "$tiny" --units 2 --target-pop 5000000
    expect_err "not both"
    run 2 districts "$tiny" --units 2.5
    expect_err "whole number"
    run 2 districts "$tiny" --tolerance 1
    expect_err "tolerance"
    run 2 districts "$tiny" --format pdf
    expect_err "unknown format 'pdf'"
    ;;
districts-write-mps)
    run 0 districts "$tiny" --units 2 --write-mps "$work/p.mps"
    grep -q '^ROWS' "$work/p.mps" || fail "no ROWS section"
    # Every CCG-centre pair: 8 x 8 = 64 columns.
    grep -q '^\* Columns: *64 (64 integer, 64 binary)' "$work/p.mps" || fail "expected 64 columns"
    ;;
districts-output-unwritable)
    run 6 districts "$tiny" --units 2 --output "$work/no/such/dir/r.txt"
    expect_no_files
    ;;
districts-time-limit-large)
    # --time-limit bounds the heuristic too: 2,000 synthetic points into 100 units, whose
    # first start alone takes far longer than the limit, stop at 2 s with the partition of
    # its first allocation. The CPU time is measured (not the wall clock, which a loaded
    # machine stretches): the whole run must stay within 15 s of it (it takes about 1.5 s),
    # where a first start that ran to its end whatever the limit used more than 100 s. Under
    # a wrapper (valgrind) the case is skipped: it would take many minutes.
    if [ -n "${FPT_WRAPPER:-}" ]; then
        echo "skipped under FPT_WRAPPER"
        exit 0
    fi
    python3 "$src/bench/districts/synth.py" 2000 1 >"$work/synth.csv" || fail "synth.py failed"
    TIMEFORMAT='%U %S'
    { time run 1 districts "$work/synth.csv" --units 100 --time-limit 2 --format json; } \
        2>"$work/cpu"
    expect_out '"status": "time limit"'
    expect_out '"n_units": 100'
    cpu=$(awk '{ print $1 + $2 }' "$work/cpu")
    awk -v c="$cpu" 'BEGIN { exit !(c < 15) }' || fail "used $cpu s of CPU under a 2 s limit"
    gap=$(sed -n 's/^  "gap": \([0-9.e-]*\),$/\1/p' "$out")
    awk -v g="$gap" 'BEGIN { exit !(g != "" && g >= 0 && g <= 1) }' || fail "gap '$gap'"
    ;;
districts-threads)
    # --threads: groups of units are re-solved on several threads (from K = 12), and the
    # answer is one thread's, byte for byte; 0 threads is a usage error.
    python3 "$src/bench/districts/synth.py" 48 3 >"$work/synth.csv" || fail "synth.py failed"
    run 0 districts "$work/synth.csv" --units 12 --format json --threads 1
    cp "$out" "$work/one.json"
    expect_out '"status": "optimal"'
    for threads in 2 3; do
        run 0 districts "$work/synth.csv" --units 12 --format json -j "$threads"
        cmp -s "$out" "$work/one.json" || fail "$threads threads differ from one"
    done
    run 2 districts "$work/synth.csv" --units 12 --threads 0
    expect_err "threads"
    ;;
*)
    fail "unknown case"
    ;;
esac
exit 0
