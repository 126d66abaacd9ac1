#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of `footprint solve`'s why (docs/cli.md "solve"):
# why_test.sh CASE FOOTPRINT SOURCE_DIR JSON_GET.
set -u
case_name=$1
fp=$2
src=$3
json_get=$4
model=$src/models/england2013.xml
scenario=$src/scenarios/hub5m.xml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr

fail() {
    echo "FAIL [$case_name]: $*" >&2
    head -20 "$out" "$err" >&2
    exit 1
}

run() { # run EXPECTED-STATUS ARGS...
    local expected=$1
    shift
    "$fp" "$@" >"$out" 2>"$err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

get() { "$json_get" "$1" "$2" || fail "no $2 in $1"; }

# The index of a function in the JSON's assignments.
index_of() {
    local i=0
    while [ "$(get "$1" "assignments.$i.function")" != "$2" ]; do
        i=$((i + 1))
    done
    echo "$i"
}

# $1 scenario with function $2 fixed at level $3.
lock_scenario() {
    sed "s|</scenario>|  <locks><lock function=\"$2\" level=\"$3\" mode=\"fix\"/></locks>\n</scenario>|" \
        "$scenario" >"$1"
}

case $case_name in
table)
    # The default run names risk stratification fragile, with sub-national and its price.
    run 0 solve "$model" "$scenario"
    grep -q '^function .*  why$' "$out" || fail "no why column"
    row=$(grep '^risk-stratification ' "$out")
    [[ "$row" == *"FRAGILE next best sub-national +£"* ]] || fail "row reads: $row"
    [[ "$row" == *"if the scale weight rises"* ]] || fail "the weight that moves it is not named"
    grep -q '^[0-9]* of 31 functions fragile' "$out" || fail "no count of fragile functions"
    ;;
price-is-the-locked-solve)
    # The price of sub-national and of local for risk stratification are the objectives of
    # solving with it fixed there; the margin is the sub-national one, under 0.1%.
    run 0 solve "$model" "$scenario" --format json --output "$work/plan.json"
    z=$(get "$work/plan.json" objective)
    i=$(index_of "$work/plan.json" risk-stratification)
    for l in 0 2 3; do
        level=$(get "$work/plan.json" "levels.$l.id")
        price=$(get "$work/plan.json" "assignments.$i.why.levels.$l.price_gbp")
        lock_scenario "$work/locked.xml" risk-stratification "$level"
        run 0 solve "$model" "$work/locked.xml" --format json --output "$work/locked.json"
        locked=$(get "$work/locked.json" objective)
        awk -v a="$price" -v b="$locked" 'BEGIN { d = a - b; exit !(d < 1e-3 && d > -1e-3) }' ||
            fail "price at $level $price, locked solve $locked"
    done
    [ "$(get "$work/plan.json" "assignments.$i.why.next_best")" = sub-national ] ||
        fail "next best is not sub-national"
    margin=$(get "$work/plan.json" "assignments.$i.why.margin_gbp")
    awk -v m="$margin" -v z="$z" 'BEGIN { exit !(m > 0 && m < 0.001 * z) }' ||
        fail "margin $margin is not under 0.1% of $z"
    [ "$(get "$work/plan.json" "assignments.$i.why.fragile")" = true ] || fail "not fragile"
    [ "$(get "$work/plan.json" "assignments.$i.why.weight_change.criterion")" = scale ] ||
        fail "the scale weight does not move it"
    ;;
fragile-below)
    # --fragile-below 0 leaves only what the weights or a tie make fragile; a large one marks
    # every function whose margin is under it.
    run 0 solve "$model" "$scenario" --format json --fragile-below 0 --output "$work/zero.json"
    run 0 solve "$model" "$scenario" --format json --fragile-below 5 --output "$work/five.json"
    n=$(get "$work/zero.json" "assignments.#")
    for ((i = 0; i < n; i++)); do
        because=$(get "$work/zero.json" "assignments.$i.why.fragile_because.#")
        fragile=$(get "$work/zero.json" "assignments.$i.why.fragile")
        [ "$fragile" = true ] && [ "$(get "$work/zero.json" "assignments.$i.why.fragile_because.0")" = margin ] &&
            fail "function $i fragile on its margin with --fragile-below 0"
        [ "$because" -gt 0 ] || [ "$fragile" = false ] || fail "function $i fragile for no reason"
        share=$(get "$work/five.json" "assignments.$i.why.margin_share")
        fragile=$(get "$work/five.json" "assignments.$i.why.fragile")
        if awk -v s="$share" 'BEGIN { exit !(s < 0.05) }'; then
            [ "$fragile" = true ] || fail "function $i: margin share $share, not fragile at 5%"
        fi
    done
    [ "$(get "$work/five.json" why.fragile_below_share)" = 0.050000000000000003 ] ||
        fail "the threshold is not recorded"
    run 2 solve "$model" "$scenario" --fragile-below 100
    grep -q "fragile-below" "$err" || fail "no usage message"
    run 2 solve "$model" "$scenario" --fragile-below -1
    ;;
csv-matrix)
    # One row per function, every row with the header's fields (the why text is quoted), and
    # the chosen level's price column is the objective.
    run 0 solve "$model" "$scenario" --format csv --output "$work/plan.csv"
    run 0 solve "$model" "$scenario" --format json --output "$work/plan.json"
    python3 - "$work/plan.csv" "$(get "$work/plan.json" objective)" <<'EOF' || fail "CSV: see above"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
z = float(sys.argv[2])
assert len(rows) == 31, len(rows)
for r in rows:
    assert None not in r and None not in r.values(), r["function"]
    assert r[r["level"] + ".price"] == "chosen", r["function"]
    assert abs(float(r[r["level"] + ".price_gbp"]) - z) < 0.01, r["function"]
    assert r["why"], r["function"]
EOF
    ;;
tie)
    # Twins who would both rather be local, a pool that lets only one: both marked tied, each
    # naming the other's level, and the national one held by the pool.
    sed -e 's/supply-wte="100"/supply-wte="5.5"/' \
        -e 's|</levels>|</levels><weights local-knowledge="5" visibility="1" links="1" scarcity="1" min-team="1" scale="1" duplication="1" development="1"/>|' \
        "$src/tests/data/twins-base.xml" >"$work/twins.xml"
    run 0 solve "$src/tests/data/twins-model.xml" "$work/twins.xml"
    grep -q '^twin-a .* local .*  TIED with national (' "$out" || fail "twin-a is not marked tied"
    grep -q '^twin-b .* national .*  TIED with local (.*held by skill pool specialists' "$out" ||
        fail "twin-b is not marked tied and held"
    grep -q 'Solver: optimal (tie broken by the documented rule)' "$out" || fail "no tie"
    ;;
not-optimal)
    # A plan stopped at the gap is not explained: no why column.
    run 1 solve "$src/tests/data/hard-model.xml" "$src/tests/data/hard-scenario.xml" --mip-gap 0.5
    ! grep -q '  why$' "$out" || fail "a why column for a plan not proven optimal"
    ;;
no-why)
    # --no-why: the plan alone, the same plan and objective, no why anywhere.
    run 0 solve "$model" "$scenario" --format json --output "$work/with.json"
    run 0 solve "$model" "$scenario" --format json --no-why --output "$work/without.json"
    ! grep -q '"why"' "$work/without.json" || fail "a why with --no-why"
    [ "$(get "$work/with.json" objective)" = "$(get "$work/without.json" objective)" ] ||
        fail "another objective"
    run 0 solve "$model" "$scenario" --no-why
    ! grep -q -e '  why$' -e FRAGILE "$out" || fail "a why column with --no-why"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "PASS [$case_name]"
