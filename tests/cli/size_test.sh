#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of footprint size: size_test.sh CASE FOOTPRINT SOURCE_DIR.
# Each case checks the exit status, what is printed, and which files exist afterwards.
# FPT_WRAPPER, when set, prefixes every run of the command (tests/cli/case.sh).
set -u
case_name=$1
fp=$2
src=$3
model=$src/tests/data/tiny-model.xml
real=$src/tests/data/real-tiny.xml
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"

case $case_name in
size-table)
    run 0 size "$model" "$real" --function bi-data --units 1..8
    expect_out "^Sizing bi-data"
    [ "$(grep -c '^ *[0-9]\+\* ' "$out")" -eq 1 ] || fail "not exactly one row marked best"
    [ "$(grep -c 'infeasible' "$out")" -ge 1 ] || fail "no infeasible K shown"
    expect_out "least weighted cost"
    # 1 unit is the least total here, at an edge that cannot move: no note
    ! grep -q "range searched" "$out" || fail "a note on an edge that cannot move"
    # from 2 units up, 2 is the least total: at the bottom of the range, and the table says so
    run 0 size "$model" "$real" --function bi-data --units 2..5
    [ "$(tail -1 "$out")" = "The least weighted total is at the bottom of the range searched \
(2 units): fewer units may do better still; try --units 1..5." ] || fail "no note on the edge"
    ;;
size-csv-json)
    run 0 size "$model" "$real" --function bi-data --units 2..5 --format csv --output "$work/c.csv"
    [ "$(wc -l <"$work/c.csv")" -eq 5 ] || fail "expected a header and 4 rows"
    head -1 "$work/c.csv" | grep -q "^units,districting,gap,pop_min" || fail "bad CSV header"
    [ "$(awk -F, 'NR > 1 && $13 == 1' "$work/c.csv" | wc -l)" -eq 1 ] || fail "not one best row"
    run 0 size "$model" "$real" --function bi-data --units 2..5 --format json --threads 1
    cp "$out" "$work/one.json"
    run 0 size "$model" "$real" --function bi-data --units 2..5 --format json --threads 2
    cmp -s "$out" "$work/one.json" || fail "the curve differs between one and two threads"
    python3 - "$out" <<'PY' || fail "JSON does not hold the curve"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["function"] == "bi-data" and d["level"] == "hub"
pts = d["points"]
assert [p["units"] for p in pts] == [2, 3, 4, 5]
best = [p for p in pts if p["best"]]
assert len(best) == 1 and best[0]["units"] == d["best_units"]
assert min(p["weighted_per_head_gbp"] for p in pts) == best[0]["weighted_per_head_gbp"]
PY
    ;;
size-report)
    run 0 size "$model" "$real" --function bi-data --units 1..4 --report "$work/r.html" \
        --output "$work/c.txt"
    [ -s "$work/r.html" ] || fail "no report"
    grep -q 'id="sizing"' "$work/r.html" || fail "no sizing section"
    grep -q 'id="maps"' "$work/r.html" || fail "no maps of the real units"
    [ "$(grep -c 'class="ccg"' "$work/r.html")" -ge 16 ] || fail "maps lack one dot per CCG"
    ! grep -q 'xmlns' "$work/r.html" || fail "inline SVG carries a namespace"
    # solve --report on a scenario with a geography draws its levels' maps too
    run 0 solve "$model" "$real" --report "$work/s.html"
    grep -q 'id="maps"' "$work/s.html" || fail "solve --report has no maps of the real units"
    [ "$(grep -c 'class="map"' "$work/s.html")" -eq 3 ] || fail "expected a map per middle level"
    ! grep -q 'id="sizing"' "$work/s.html" || fail "solve --report has a sizing section"
    ;;
size-usage)
    run 2 size "$model" "$real"
    expect_err "needs --function"
    run 2 size "$model" "$real" --function nothing-like-it
    expect_err "is not a function"
    grep -q "did you mean" "$err" && fail "a suggestion for a word like no function"
    run 2 size "$model" "$real" --function bi-dat
    expect_err "--function 'bi-dat' is not a function of model '[a-z0-9-]*' (did you mean 'bi-data'?)"
    run 2 size "$model" "$real" --function bi-data --units 5..2
    expect_err "is not a range"
    run 2 size "$model" "$real" --function bi-data --units 1..9
    expect_err "units 1 to 9"
    run 2 size "$model" "$real" --function bi-data --level local
    expect_err "between the smallest and the largest"
    run 2 size "$model" "$src/tests/data/tiny-scenario.xml" --function bi-data \
        --output "$work/x.csv"
    expect_err "names no geography"
    run 3 size "$model" "$work/missing.xml" --function bi-data --output "$work/x.csv"
    expect_no_files
    ;;
size-time-limit)
    # --time-limit bounds the whole curve: a deadline long past when each districting begins
    # still gives every K the heuristic's first partition, marked as stopped, not proven
    run 1 size "$model" "$real" --function bi-data --units 1..5 --time-limit 0.000001 \
        --format csv --threads 1
    [ "$(awk -F, 'NR > 1 && $2 == "time limit" && $4 != ""' "$out" | wc -l)" -eq 5 ] ||
        fail "not every K has a partition marked 'time limit'"
    ! grep -q ',optimal,' "$out" || fail "a point proven after the deadline"
    run 0 size "$model" "$real" --function bi-data --units 1..5 --time-limit 600 --format csv
    [ "$(awk -F, 'NR > 1 && $2 == "optimal"' "$out" | wc -l)" -eq 5 ] ||
        fail "a generous limit does not prove every K"
    ;;
size-output-unwritable)
    run 6 size "$model" "$real" --function bi-data --units 2..3 --output "$work/no/such/dir/c.csv"
    expect_no_files
    ;;
*)
    fail "unknown case"
    ;;
esac
