# SPDX-License-Identifier: MIT
# Shared by the one-case-per-run CLI scripts (cli_test.sh, csv_test.sh, districts_test.sh,
# durability_test.sh, limits_test.sh, progress_test.sh, realunits_test.sh, size_test.sh,
# symmetry_test.sh, transition_test.sh, xlsx_test.sh), which source it after setting
# case_name and fp (and run_timeout, seconds, to stop a run that hangs, killed 10 s later if
# it ignores SIGTERM): a scratch directory removed on exit, the captured stdout and stderr,
# and the checks every case uses.
# FPT_WRAPPER, when set, prefixes every run of the command (quickstart.sh test: valgrind).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr

fail() {
    echo "FAIL [$case_name]: $*" >&2
    echo "--- stdout" >&2
    head -50 "$out" >&2
    echo "--- stderr" >&2
    head -50 "$err" >&2
    exit 1
}

run() { # run EXPECTED-STATUS ARGS...
    local expected=$1
    shift
    # shellcheck disable=SC2086 # FPT_WRAPPER (e.g. valgrind …) is a command line
    ${run_timeout:+timeout -k 10 "$run_timeout"} ${FPT_WRAPPER:-} "$fp" "$@" >"$out" 2>"$err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

# cbc_agrees PLAN.json FILE...: CBC (Debian's coinor-cbc) reads each exported FILE in $work
# and finds the objective and the plan of solve's JSON (its x columns at 1, written
# x(function,level) with '_' for '-' as the LP file spells them); skips (77) without CBC.
cbc_agrees() {
    local json=$1 file want plan got cbc_plan
    shift
    if ! command -v cbc >/dev/null; then
        echo "SKIP [$case_name]: no cbc (Debian's coinor-cbc) to read the files back" >&2
        exit 77
    fi
    want=$(python3 -c 'import json, sys; print(repr(json.load(open(sys.argv[1]))["objective"]))' \
        "$json")
    plan=$(python3 -c 'import json, sys
for a in json.load(open(sys.argv[1]))["assignments"]:
    print("x(%s,%s)" % (a["function"], a["level"]))' "$json" | tr - _ | sort)
    for file in "$@"; do
        got=$(cd "$work" && cbc -import "$file" -solve -solu "$file.sol" 2>&1 |
            sed -n 's/^Objective value: *//p')
        python3 -c 'import sys; a, b = map(float, sys.argv[1:]); assert abs(a - b) <= 1e-6 * b, (a, b)' \
            "$got" "$want" || fail "CBC finds '$got' in $file, solve $want"
        cbc_plan=$(awk '$2 ~ /^x[[(]/ && $3 > 0.5 { print $2 }' "$work/$file.sol" |
            tr '[]-' '()_' | sort)
        [ -n "$cbc_plan" ] && [ "$cbc_plan" = "$plan" ] ||
            fail "CBC's plan from $file is not solve's: $(diff <(echo "$plan") <(echo "$cbc_plan") | tr '\n' ' ')"
    done
}

expect_out() { grep -q -- "$1" "$out" || fail "stdout lacks '$1'"; }
expect_err() { grep -q -- "$1" "$err" || fail "stderr lacks '$1'"; }
expect_no_files() { # nothing at all left in the work directory but the captures
    local left
    left=$(ls -A "$work" | grep -v -e '^stdout$' -e '^stderr$')
    [ -z "$left" ] || fail "files left behind: $left"
}
