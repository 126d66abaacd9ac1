#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Copies of a function end to end (docs/model.md "Copies of a function"), on models made by
# tests/support/gen_symmetric.py: symmetry_test.sh CASE FOOTPRINT SOURCE_DIR.
#   same-answer  a solve's JSON with the ordering rows and without them
#                (FPT_TEST_NO_SYMMETRY=1, FPT_TEST_HOOKS builds): plan, objective, bound, gap,
#                status and tie flag byte for byte, the why within rounding (symmetry_same.py)
#   export       the rows in the MPS and LP files, named sym[f,g,level], and CBC finding
#                solve's objective and plan in both; a model without copies has none
#   chained-why  the why of 40 functions, copies of three prototypes, one chained by links:
#                it ends (its tie MIPs once met singular bases and cycled, deaf to SIGTERM),
#                every price is at least the optimum, and copies are priced alike
#   heap-kept    that why's many searches without the page faults of a heap given back to the
#                system and taken again at every search (builds without sanitizers)
set -u
case_name=$1
fp=$2
src=$3
gen=$src/tests/support/gen_symmetric.py
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"

generate() { # generate NAME ARGS... : NAME.xml and NAME-s.xml in the work directory
    local name=$1
    shift
    python3 "$gen" "$@" "$work/$name.xml" "$work/$name-s.xml" || fail "gen_symmetric.py $*"
}

case $case_name in
same-answer)
    # Copies of one to four prototypes, 3-5 levels, linked copies among them; each must have
    # copies and a plan, and between them the plans must put copies at different levels.
    specs=("10 3 4 7" "8 1 3 1" "10 2 4 2 --links" "12 3 5 3 --links" "12 4 4 9 --links"
        "11 2 4 13 --links" "8 1 5 14" "10 2 3 15 --links")
    want_tied=3
    if [ -n "${FPT_WRAPPER:-}" ]; then # under valgrind a solve with its why takes seconds
        specs=("${specs[@]:0:2}")
        want_tied=1
    fi
    tied=0
    for spec in "${specs[@]}"; do
        # shellcheck disable=SC2086 # spec is a word list
        generate m $spec
        run 0 solve "$work/m.xml" "$work/m-s.xml" --format json --output "$work/with.json"
        FPT_TEST_NO_SYMMETRY=1 run 0 solve "$work/m.xml" "$work/m-s.xml" --format json \
            --output "$work/without.json"
        python3 "$(dirname "$0")/symmetry_same.py" "$work/with.json" "$work/without.json" ||
            fail "gen_symmetric.py $spec: another answer without the rows"
        grep -q '"tie_broken": true' "$work/with.json" && tied=$((tied + 1))
    done
    [ "$tied" -ge "$want_tied" ] || fail "only $tied of the plans were tied: the case tests too little"
    ;;
export)
    generate m 16 2 4 6 --links
    run 0 solve "$work/m.xml" "$work/m-s.xml" --no-why --format json --output "$work/plan.json" \
        --write-lp "$work/p.lp" --write-mps "$work/p.mps"
    grep -q 'sym\[p0c00,p0c01,hub\]' "$work/p.mps" || fail "the MPS file has no sym[p0c00,p0c01,hub]"
    grep -qF 'sym(p0c06,p0c07,national):' "$work/p.lp" || fail "the LP file has no sym(p0c06,p0c07,national)"
    [ "$(grep -c '^ *sym(' "$work/p.lp")" -eq $(((7 + 6) * 3)) ] ||
        fail "not 3 rows for each of the 13 copies with a next copy (8 of p0, 7 of p1)"
    run 0 solve "$src/tests/data/tiny-model.xml" "$src/tests/data/tiny-scenario.xml" --no-why \
        --write-mps "$work/tiny.mps"
    ! grep -q 'sym\[' "$work/tiny.mps" || fail "a model without copies has ordering rows"
    # With the rows, the copies' plan is the one of its family CBC may return.
    cbc_agrees "$work/plan.json" p.mps p.lp
    ;;
chained-why)
    [ -z "${FPT_WRAPPER:-}" ] || exit 77 # its 82 solves take minutes under valgrind
    generate m 40 3 5 12 --links
    run_timeout=600
    run 0 solve "$work/m.xml" "$work/m-s.xml" --format json --output "$work/why.json"
    python3 - "$work/why.json" <<'PY' || fail "the why's prices break a property (above)"
import collections, json, sys
d = json.load(open(sys.argv[1]))
tau = d["why"]["tie_gbp"]
by_class = collections.defaultdict(list)  # (prototype, level) -> prices of its copies
for a in d["assignments"]:
    for cell in a["why"]["levels"]:
        if cell["price"] in ("plan", "chosen"):
            assert cell["price_gbp"] >= d["objective"] - tau, (a["function"], cell)
            if not a["function"].startswith("p2"):  # p2's copies are chained: not copies
                by_class[(a["function"][:2], cell["level"])].append(cell["price_gbp"])
assert len(by_class) >= 8, by_class.keys()
for key, prices in by_class.items():
    assert max(prices) - min(prices) <= tau, (key, min(prices), max(prices))
PY
    ;;
heap-kept)
    # The command keeps the heap GLPK frees between searches (solver/cli/main.c): a why of
    # many searches made 362,053 minor page faults with glibc's defaults, and about 2,400
    # keeping it. Not under valgrind or a sanitizer, whose allocators are their own.
    [ -z "${FPT_WRAPPER:-}" ] || exit 77
    generate m 40 3 5 105 --links
    python3 - "$fp" "$work/m.xml" "$work/m-s.xml" "$work/why.json" <<'PY' || fail "see above"
import resource, subprocess, sys
fp, model, scenario, out = sys.argv[1:]
rc = subprocess.run([fp, "solve", model, scenario, "--format", "json", "--output", out]).returncode
assert rc == 0, rc
faults = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
assert faults < 50000, f"{faults} minor page faults: the freed heap went back to the system"
PY
    ;;
*)
    fail "no such case"
    ;;
esac
exit 0
