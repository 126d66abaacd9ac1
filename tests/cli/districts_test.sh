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
*)
    fail "unknown case"
    ;;
esac
exit 0
