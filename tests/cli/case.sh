# SPDX-License-Identifier: MIT
# Shared by the one-case-per-run CLI scripts (cli_test.sh, csv_test.sh, districts_test.sh,
# durability_test.sh, limits_test.sh, progress_test.sh, realunits_test.sh, size_test.sh,
# symmetry_test.sh, transition_test.sh, xlsx_test.sh), which source it after setting
# case_name and fp (and run_timeout, seconds, to stop a run that hangs): a scratch directory
# removed on exit, the captured stdout and stderr, and the checks every case uses.
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
    ${run_timeout:+timeout "$run_timeout"} ${FPT_WRAPPER:-} "$fp" "$@" >"$out" 2>"$err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

expect_out() { grep -q -- "$1" "$out" || fail "stdout lacks '$1'"; }
expect_err() { grep -q -- "$1" "$err" || fail "stderr lacks '$1'"; }
expect_no_files() { # nothing at all left in the work directory but the captures
    local left
    left=$(ls -A "$work" | grep -v -e '^stdout$' -e '^stderr$')
    [ -z "$left" ] || fail "files left behind: $left"
}
