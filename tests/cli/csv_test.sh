#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of the CSV outputs: csv_test.sh CASE FOOTPRINT SOURCE_DIR PYTHON.
# Each case writes every CSV file one command makes, with the same run's JSON beside it, and
# has csv_check.py (run by PYTHON: Python's csv module, and pandas.read_csv with no options
# when python3-pandas is installed) read them back against the JSON (docs/formats.md "CSV
# outputs"). FPT_WRAPPER, when set, prefixes every run of the command (tests/cli/case.sh).
set -u
case_name=$1
fp=$2
src=$3
python=$4
data=$src/tests/data
england=$src/models/england2013.xml
check=$src/tests/cli/csv_check.py
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"

checked() { # checked CASE DIR
    "$python" "$check" "$1" "$2" 2>"$work/check" || { cat "$work/check" >&2; fail "see above"; }
    cat "$work/check" # which readers ran: pandas, or the csv module alone
}

case $case_name in
solve)
    # The plan on standard output and in a file, its totals and provenance beside the file,
    # and nothing beside standard output.
    run 0 solve "$england" "$src/scenarios/hub5m.xml" --format csv
    cp "$out" "$work/stdout.csv"
    run 0 solve "$england" "$src/scenarios/hub5m.xml" --format json --output "$work/plan.json"
    run 0 solve "$england" "$src/scenarios/hub5m.xml" --format csv --output "$work/plan.csv"
    checked solve "$work"
    mkdir "$work/pipe"
    (cd "$work/pipe" && run 0 solve "$england" "$src/scenarios/hub5m.xml" --format csv -o -) ||
        exit 1
    [ -z "$(ls -A "$work/pipe")" ] || fail "files written beside standard output"
    run 0 solve "$england" "$src/scenarios/hub5m.xml" --format csv --output "$work/plan"
    [ -f "$work/plan.totals.csv" ] && [ -f "$work/plan.provenance.json" ] ||
        fail "no sidecars beside a name without .csv"
    ;;
solve-infeasible)
    # An infeasible scenario's CSV says so, clash by clash, in solve's words.
    run 4 solve "$england" "$src/scenarios/infeasible-pool.xml" --format csv \
        --output "$work/plan.csv"
    cp "$err" "$work/stderr"
    checked solve-infeasible "$work"
    ;;
sweep)
    # Every file of a sweep's CSV directory, infeasible scenarios and robust plans included,
    # and the same from shards merged.
    run 0 sweep "$england" "$data/mc-infeasible.xml" --robust --output "$work/dir"
    checked sweep "$work/dir"
    for k in 1 2; do
        run 0 sweep "$england" "$data/mc-infeasible.xml" --shard "$k/2" --output "$work/s$k"
        checked sweep "$work/s$k"
    done
    run 0 merge "$england" "$data/mc-infeasible.xml" "$work/s1" "$work/s2" --robust \
        --output "$work/merged"
    diff -r "$work/dir" "$work/merged" >/dev/null || fail "the merge differs from one run"
    ;;
size)
    real=$data/real-tiny.xml
    run 0 size "$data/tiny-model.xml" "$real" --function bi-data --units 1..5 --format csv \
        --output "$work/size.csv"
    run 0 size "$data/tiny-model.xml" "$real" --function bi-data --units 1..5 --format json \
        --output "$work/size.json"
    checked size "$work"
    ;;
districts)
    run 0 districts "$data/geo-tiny.csv" --units 2 --format csv --output "$work/districts.csv"
    checked districts "$work"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "PASS [$case_name]"
