#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One case of `solve --time-limit` (docs/model.md "Time limit"): limits_test.sh CASE FOOTPRINT
# SOURCE_DIR. Large, hard models are generated (tests/support/gen_hard.py). Nothing here
# asserts a wall-clock time — bench/limits/run.sh measures that — only what is reported: the
# status, the exit status, whether a plan comes back with its gap. The phase cases use the
# FPT_TEST_DEADLINE_AFTER hook (FPT_TEST_HOOKS builds): the deadline passes after N GLPK
# searches, so each phase (first search, tie rule, explanation) meets it on every machine.
set -u
case_name=$1
fp=$2
src=$3
gen=$src/tests/support/gen_hard.py
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"

json=$work/plan.json
status_is() { grep -q "\"status\": \"$1\"" "$json" || fail "status is not '$1'"; }
has_plan() { grep -q '"assignments"' "$json" || fail "no plan"; }
no_plan() { ! grep -q '"assignments"' "$json" || fail "a plan where there is none"; }
gap_known() {
    local gap
    gap=$(sed -n 's/^ *"gap": \([0-9.e+-]*\),*$/\1/p' "$json")
    awk -v g="$gap" 'BEGIN { exit !(g != "" && g >= 0) }' || fail "gap '$gap' is not >= 0"
}

case $case_name in
large-no-plan)
    # 3,000 functions with 4 links each: building the programme alone outlasts a millisecond,
    # so the search never starts and the command says so (exit 5, no plan).
    python3 "$gen" 3000 11 "$work/m.xml" "$work/s.xml" 4
    run 5 solve "$work/m.xml" "$work/s.xml" --time-limit 0.001 --format json --output "$json"
    status_is "no plan"
    no_plan
    ;;
large-plan)
    # 400 functions and a budget that fits half of them locally: GLPK finds plans at once, so
    # at the limit a plan comes back with its gap (exit 1). Under a wrapper (valgrind) the
    # limit grows with the slowdown. On a fast machine the search may close its gap and the
    # tie rule meet the limit instead, a plan at the limit with a gap of 0: so the gap is
    # checked to be known and >= 0, not > 0.
    python3 "$gen" 400 5 "$work/m.xml" "$work/s.xml" 0
    limit=3
    [ -z "${FPT_WRAPPER:-}" ] || limit=60
    run 1 solve "$work/m.xml" "$work/s.xml" --time-limit "$limit" --format json --output "$json"
    status_is "time limit"
    has_plan
    gap_known
    ;;
deadline-first-search)
    # The deadline passes before the first search: no plan, exit 5.
    FPT_TEST_DEADLINE_AFTER=0 run 5 solve "$src/tests/data/twins-model.xml" \
        "$src/tests/data/twins-base.xml" --time-limit 100 --format json --output "$json"
    status_is "no plan"
    no_plan
    ;;
deadline-tie-rule)
    # The twins tie (tests/data/twins-sweep.xml's comment): supply 5.5 and a local-knowledge
    # weight of 10, so (local, national) and (national, local) tie. The twins are copies
    # (docs/model.md "Copies of a function"): with the ordering rows the tie check finds no
    # other plan and the tie is the copies', settled without fixing, so two searches finish
    # the rule. Without the rows (FPT_TEST_NO_SYMMETRY) the first search and the tie check
    # end, the deadline stops the lexicographic fixing; the plan found is reported — optimal
    # within the tolerance, so its gap is 0 — as "time limit" (exit 1): the rule did not finish.
    sed -e 's/supply-wte="100"/supply-wte="5.5"/' \
        -e 's#</levels>#</levels><weights local-knowledge="10"/>#' \
        "$src/tests/data/twins-base.xml" >"$work/tie.xml"
    run 0 solve "$src/tests/data/twins-model.xml" "$work/tie.xml" --time-limit 100 \
        --format json --output "$json"
    status_is "optimal"
    grep -q '"tie_broken": true' "$json" || fail "the scenario has no tie"
    FPT_TEST_DEADLINE_AFTER=2 run 0 solve "$src/tests/data/twins-model.xml" "$work/tie.xml" \
        --time-limit 100 --format json --output "$json"
    status_is "optimal"
    grep -q '"tie_broken": true' "$json" || fail "the copies' tie is not reported"
    FPT_TEST_NO_SYMMETRY=1 FPT_TEST_DEADLINE_AFTER=2 run 1 solve \
        "$src/tests/data/twins-model.xml" "$work/tie.xml" --time-limit 100 --format json \
        --output "$json"
    status_is "time limit"
    has_plan
    grep -q '"gap": 0\.0,' "$json" || fail "the plan is not optimal within the tolerance"
    ;;
deadline-explanation)
    # Infeasible: the first search proves it, the deadline stops the explanation, and the
    # command says so instead of naming clashes (exit 4).
    FPT_TEST_DEADLINE_AFTER=1 run 4 solve "$src/models/england2013.xml" \
        "$src/tests/cli/data/infeasible-pool.xml" --time-limit 100 --format json --output "$json"
    status_is "infeasible"
    expect_err "the time limit stopped the explanation before it found the clashes"
    ! grep -q "skill pool 'analysts'" "$err" || fail "clashes named after the deadline"
    ;;
why-left-out)
    # The why's forced solves would outrun the limit: under --time-limit an optimal plan comes
    # back without it, and the same run without the limit has it.
    run 0 solve "$src/tests/data/tiny-model.xml" "$src/tests/data/tiny-scenario.xml" \
        --format json --output "$json"
    grep -q '"why"' "$json" || fail "no why without --time-limit"
    run 0 solve "$src/tests/data/tiny-model.xml" "$src/tests/data/tiny-scenario.xml" \
        --time-limit 100 --format json --output "$json"
    status_is "optimal"
    ! grep -q '"why"' "$json" || fail "a why under --time-limit"
    ;;
stability-refused)
    run 2 solve "$src/tests/data/tiny-model.xml" "$src/tests/data/tiny-scenario.xml" \
        --stability --time-limit 10
    expect_err "--stability cannot be bounded by --time-limit"
    ;;
*)
    fail "unknown case"
    ;;
esac
exit 0
