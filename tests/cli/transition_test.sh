#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The transition term end to end (docs/model.md M15, docs/cli.md "solve"):
# transition_test.sh CASE FOOTPRINT SOURCE_DIR JSON_GET.
set -u
case_name=$1
fp=$2
src=$3
json_get=$4
model=$src/models/england2013.xml
scenario=$src/scenarios/hub5m-transition.xml
default=$src/scenarios/hub5m.xml
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"
# The default scenario reports its transition at weight 0; without the element and the
# weight it is the scenario with no transition at all.
plain=$work/plain.xml
sed -e '/<transition>/,/<\/transition>/d' -e 's/ transition="0"//' "$default" >"$plain"

get() { "$json_get" "$1" "$2" || fail "no $2 in $1"; }

# near A B: A and B agree to 1e-9 relative.
near() {
    awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = (b < 0 ? -b : b);
        exit !(d <= 1e-9 * (m > 1 ? m : 1)) }'
}

# The plan's levels, one function per line, from a solve's JSON.
levels() {
    local n i
    n=$(get "$1" "assignments.#")
    for ((i = 0; i < n; i++)); do
        echo "$(get "$1" "assignments.$i.function") $(get "$1" "assignments.$i.level")"
    done
}

case $case_name in
table)
    # The column, the plan's line of what the move costs, and the payback that counts it.
    run 0 solve "$model" "$scenario"
    grep -q '^function .*  transition £k  why$' "$out" || fail "no transition column"
    grep -q '^Transition from the current footprint £[0-9,]*k once: redundancy £[0-9,]*k ([0-9.]* WTE no longer needed), double running £[0-9,]*k, lost productivity £[0-9,]*k; £[0-9,]*k a year over the horizon, weight 1\.$' \
        "$out" || fail "no transition line"
    grep -q '^Set-up investment £[0-9,]*k and transition £[0-9,]*k; payback [0-9.]* years against the all-local plan\.$' \
        "$out" || fail "the payback does not count the transition"
    # local functions move nowhere and pay nothing
    [[ "$(grep '^hna ' "$out")" =~ \ 0\ \ next\ best ]] || fail "hna, local, pays a transition"
    ;;
json-payback)
    # Payback = (set-up + transition) / (running cost today − the plan's), and the functions'
    # transitions add up to the plan's.
    run 0 solve "$model" "$scenario" --format json --output "$work/t.json"
    j=$work/t.json
    setup=$(get "$j" setup_total_gbp)
    once=$(get "$j" transition.once_gbp)
    today=$(get "$j" transition.current_cost_gbp)
    cost=$(get "$j" cost_total_gbp)
    payback=$(get "$j" payback_years)
    want=$(awk -v s="$setup" -v o="$once" -v t="$today" -v c="$cost" \
        'BEGIN { printf "%.17g", (s + o) / (t - c) }')
    near "$payback" "$want" || fail "payback $payback, expected $want"
    near "$today" "$(get "$j" all_local_cost_gbp)" || fail "today is not the all-local plan"
    [ "$(get "$j" transition.payback_against)" = all-local ] || fail "payback against what?"
    sum=0
    for ((i = 0; i < $(get "$j" "assignments.#"); i++)); do
        sum=$(awk -v a="$sum" -v b="$(get "$j" "assignments.$i.transition.once_gbp")" \
            'BEGIN { printf "%.17g", a + b }')
    done
    near "$sum" "$once" || fail "functions add up to $sum, the plan says $once"
    parts=$(awk -v a="$(get "$j" transition.redundancy_gbp)" \
        -v b="$(get "$j" transition.double_running_gbp)" \
        -v c="$(get "$j" transition.productivity_gbp)" 'BEGIN { printf "%.17g", a + b + c }')
    near "$parts" "$once" || fail "the parts add up to $parts, not $once"
    [[ "$(get "$j" transition.costs.redundancy.basis)" == judgement:* ]] || fail "no basis"
    ;;
weight-zero)
    # At weight 0 the plan and objective are the default run's; the transition is still shown.
    sed 's|<weights |<weights transition="0" |' "$scenario" >"$work/zero.xml"
    run 0 solve "$model" "$work/zero.xml" --format json --output "$work/zero.json"
    run 0 solve "$model" "$plain" --format json --output "$work/plain.json"
    levels "$work/zero.json" >"$work/zero.levels"
    levels "$work/plain.json" >"$work/plain.levels"
    cmp -s "$work/zero.levels" "$work/plain.levels" || fail "weight 0 moves the plan"
    [ "$(get "$work/zero.json" objective)" = "$(get "$work/plain.json" objective)" ] ||
        fail "weight 0 changes the objective"
    [ "$(get "$work/zero.json" transition.weight)" = 0 ] || fail "the weight is not reported"
    # The default scenario is that: its plan and objective are those of no transition, and
    # its output and payback show the transition.
    run 0 solve "$model" "$default" --format json --output "$work/default.json"
    levels "$work/default.json" >"$work/default.levels"
    cmp -s "$work/default.levels" "$work/plain.levels" || fail "the default's plan moved"
    [ "$(get "$work/default.json" objective)" = "$(get "$work/plain.json" objective)" ] ||
        fail "the default's transition changes the objective"
    [ "$(get "$work/default.json" transition.weight)" = 0 ] || fail "the default's weight"
    [ "$(get "$work/default.json" transition.payback_against)" = all-local ] ||
        fail "the default's payback does not count the transition"
    ;;
weight-without-transition)
    # A transition weight without a <transition> changes nothing at all.
    sed 's|<weights |<weights transition="3" |' "$plain" >"$work/w.xml"
    run 0 solve "$model" "$work/w.xml" --format csv --output "$work/w.csv"
    run 0 solve "$model" "$plain" --format csv --output "$work/p.csv"
    cmp -s "$work/w.csv" "$work/p.csv" || fail "the weight alone changed the output"
    ;;
weight-moves-the-plan)
    # The term acts: weighted 1 it keeps functions nearer where they are today.
    run 0 solve "$model" "$scenario" --format json --output "$work/t.json"
    run 0 solve "$model" "$plain" --format json --output "$work/plain.json"
    levels "$work/t.json" >"$work/t.levels"
    levels "$work/plain.json" >"$work/plain.levels"
    ! cmp -s "$work/t.levels" "$work/plain.levels" || fail "the transition moves nothing"
    ;;
current-footprint)
    # Payroll national today: it pays nothing to stay, and payback is against today's footprint.
    sed 's|</transition>|  <current function="bo-payroll" level="national"/>\n  </transition>|' \
        "$scenario" >"$work/cur.xml"
    run 0 solve "$model" "$work/cur.xml" --format json --output "$work/c.json"
    j=$work/c.json
    i=0
    while [ "$(get "$j" "assignments.$i.function")" != bo-payroll ]; do i=$((i + 1)); done
    [ "$(get "$j" "assignments.$i.transition.current_level")" = national ] || fail "not national"
    [ "$(get "$j" "assignments.$i.level")" = national ] || fail "payroll moved"
    [ "$(get "$j" "assignments.$i.transition.once_gbp")" = 0 ] || fail "staying costs"
    [ "$(get "$j" transition.payback_against)" = current ] || fail "payback against all-local"
    run 0 solve "$model" "$work/cur.xml"
    grep -q 'payback [0-9.]* years against the current footprint\.$' "$out" ||
        fail "the table does not say against what"
    ;;
csv)
    # The columns, and the plan's total (t.totals.csv beside the plan, docs/formats.md "CSV
    # outputs") the sum of the functions' (to the cent per row).
    run 0 solve "$model" "$scenario" --format csv --output "$work/t.csv"
    head -1 "$work/t.csv" | grep -q ',t8_development_gbp,t9_transition_gbp,transition_once_gbp,current_level,' ||
        fail "no transition columns"
    head -1 "$work/t.csv" | grep -q ',local.t9_transition_gbp,' || fail "no transition in the matrix"
    python3 - "$work/t.csv" "$work/t.totals.csv" <<'PY' || fail "the total is not the functions' sum"
import csv, sys
funcs = list(csv.DictReader(open(sys.argv[1], newline="")))
(total,) = list(csv.DictReader(open(sys.argv[2], newline="")))
assert all(r["function"] != "total" for r in funcs)
s = sum(float(r["transition_once_gbp"]) for r in funcs)
t = float(total["transition_once_gbp"])
assert t > 0 and abs(s - t) <= 0.005 * len(funcs), (s, t)
assert float(total["t9_transition_gbp"]) > 0, total
assert all(r["current_level"] == "local" for r in funcs)
assert all(float(r["transition_once_gbp"]) == 0 for r in funcs if r["level"] == "local")
PY
    ;;
*)
    fail "unknown case"
    ;;
esac
