#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of a scenario on real units (tests/data/real-tiny.xml: the tiny model
# on the eight CCGs of geo-tiny.csv, every grouping once):
#   realunits_test.sh CASE FOOTPRINT SOURCE_DIR JSON_GET
# JSON_GET is the json_get helper (tests/cli/json_get.c). The expected figures were worked
# out by hand from geo-tiny.csv (test_realunits.c has the derivations). FPT_WRAPPER, when
# set, prefixes every run of the command.
set -u
case_name=$1
fp=$2
src=$3
json_get=$4
data=$src/tests/data
model=$data/tiny-model.xml
scenario=$data/real-tiny.xml
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"
# Table rows are matched as extended regular expressions here.
expect_out() { grep -q -E -- "$1" "$out" || fail "stdout lacks '$1'"; }

# get FILE PATH EXPECTED: one value of a JSON file.
get() {
    local got
    got=$("$json_get" "$1" "$2") || fail "json_get $2 failed"
    [ "$got" = "$3" ] || fail "$2 is '$got', expected '$3'"
}

# near FILE PATH EXPECTED TOLERANCE: a number of a JSON file, within an absolute tolerance.
near() {
    local got
    got=$("$json_get" "$1" "$2") || fail "json_get $2 failed"
    awk -v g="$got" -v e="$3" -v t="$4" 'BEGIN { d = g - e; exit !(d <= t && -d <= t) }' ||
        fail "$2 is $got, expected $3 ± $4"
}

# The real-units table: level, grouping, units, smallest and largest unit, mean km,
# remoteness, CCGs a unit, spread (D_l, g, c_l and g2 of docs/model.md).
expect_table() {
    expect_out '^Real units from .*geo-tiny\.csv'
    expect_out '^level +grouping +units +smallest +largest +mean km +remoteness +CCGs/unit +spread$'
    expect_out '^local +ccg +8 +200,000 +500,000 +6\.2 +0\.000 +1\.00 +0\.000$'
    expect_out '^region +region +5 +250,000 +750,000 +15\.6 +0\.325 +1\.66 +0\.242$'
    expect_out '^area +area +3 +750,000 +1,000,000 +23\.2 +0\.465 +2\.69 +0\.475$'
    expect_out '^hub +partition +2 +1,300,000 +1,450,000 +49\.8 +0\.735 +4\.00 +0\.667$'
    expect_out '^national +national +1 +2,750,000 +2,750,000 +105\.7 +1\.000 +8\.00 +1\.000$'
    expect_out '^Population 2,750,000\. Levels: local 8 x 343,750; region 5 x 550,000; area 3 x 916,667; hub 2 x 1,375,000; national 1 x 2,750,000\.$'
}

case $case_name in
realunits-table)
    run 0 solve "$model" "$scenario"
    expect_table
    expect_out '^total '
    ;;
realunits-json)
    run 0 solve "$model" "$scenario" --format json --output "$work/plan.json"
    [ ! -s "$out" ] || fail "something on stdout with --output"
    j=$work/plan.json
    get "$j" 'population' 2750000
    get "$j" 'levels.#' 5
    ids=(local region area hub national)
    groupings=(ccg region area partition national)
    counts=(8 5 3 2 1)
    for l in 0 1 2 3 4; do
        get "$j" "levels.$l.id" "${ids[$l]}"
        get "$j" "levels.$l.grouping" "${groupings[$l]}"
        get "$j" "levels.$l.units" "${counts[$l]}"
        get "$j" "levels.$l.real_units.#" "${counts[$l]}"
    done
    # Units by centre code, with their populations and CCG counts.
    get "$j" 'levels.1.real_units.0.label' London
    get "$j" 'levels.1.real_units.0.population' 750000
    get "$j" 'levels.1.real_units.1.centre' T03
    get "$j" 'levels.1.real_units.3.centre' T05
    get "$j" 'levels.1.real_units.3.ccgs' 2
    get "$j" 'levels.2.real_units.0.centre' T01
    get "$j" 'levels.2.real_units.0.ccgs' 3
    get "$j" 'levels.2.real_units.2.label' East
    get "$j" 'levels.2.real_units.2.population' 750000
    get "$j" 'levels.3.real_units.0.centre' T01
    get "$j" 'levels.3.real_units.0.label' First
    get "$j" 'levels.3.real_units.0.population' 1300000
    get "$j" 'levels.3.real_units.0.ccgs' 4
    get "$j" 'levels.3.real_units.1.centre' T04
    get "$j" 'levels.3.real_units.1.population' 1450000
    get "$j" 'levels.4.real_units.0.centre' T08
    get "$j" 'levels.4.real_units.0.ccgs' 8
    near "$j" 'levels.3.distance_km' 49.8079 0.001
    near "$j" 'levels.4.distance_km' 105.7232 0.001
    near "$j" 'levels.3.customers' 4 1e-9
    near "$j" 'levels.3.remoteness' 0.734682 1e-5
    near "$j" 'levels.3.spread' 0.666667 1e-5
    ;;
realunits-validate)
    run 0 validate "$model" "$scenario"
    expect_out 'tiny-model\.xml: ok'
    expect_out 'real-tiny\.xml: ok'
    ;;
realunits-elsewhere)
    # The geography and partition are found beside the scenario whatever the working
    # directory: absolute paths from elsewhere, a relative path, and a bare file name.
    # Only the geography's path, shown as the user would type it from where they stand,
    # differs.
    same() { grep -v '^Real units from' "$out" | cmp -s - "$work/reference.txt"; }
    run 0 solve "$model" "$scenario"
    grep -v '^Real units from' "$out" >"$work/reference.txt"
    expect_out "^Real units from $data/geo-tiny\.csv "
    mkdir "$work/cwd"
    (cd "$work/cwd" && run 0 solve "$model" "$scenario") || exit 1
    same || fail "another working directory changes the output"
    [ -z "$(ls -A "$work/cwd")" ] || fail "files written in the working directory"
    (cd "$src/tests" && run 0 solve data/tiny-model.xml data/real-tiny.xml) || exit 1
    same || fail "a relative scenario path changes the output"
    expect_out '^Real units from data/geo-tiny\.csv '
    (cd "$data" && run 0 solve tiny-model.xml real-tiny.xml) || exit 1
    same || fail "a bare scenario name changes the output"
    expect_out '^Real units from geo-tiny\.csv '
    expect_table
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "PASS [$case_name]"
