#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of the progress line (docs/cli.md "Progress"): progress_test.sh CASE
# FOOTPRINT SOURCE_DIR. Under a pseudo-terminal (script, from bsdutils) the line is redrawn in
# place on standard error and erased before the result is printed; in a pipe there is none
# unless --progress, which writes plain lines; --quiet silences it everywhere.
set -u
case_name=$1
fp=$2
src=$3
data=$src/tests/data
england=$src/models/england2013.xml
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"
command -v script >/dev/null || fail "no script(1) (Debian's bsdutils)"

tty_run() { # tty_run EXPECTED-STATUS ARGS...: the command on a pseudo-terminal, into $out
    local expected=$1
    shift
    local line
    # shellcheck disable=SC2086 # FPT_WRAPPER (e.g. valgrind …) is a command line
    line=$(printf '%q ' ${FPT_WRAPPER:-} "$fp" "$@")
    script -qec "$line" /dev/null >"$out" 2>"$err" </dev/null
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

# The line was redrawn in place (a carriage return and an erase to the end of the line), said
# each thing asked, and was erased before the command printed anything else.
expect_redrawn() { # expect_redrawn COMMAND TEXT...
    local cmd=$1
    shift
    grep -q $'\r'"$cmd: [0-9.]* s, " "$out" || fail "no progress line redrawn in place"
    grep -q $'\033\\[K' "$out" || fail "no erase to the end of the line"
    for text in "$@"; do
        tr '\r' '\n' <"$out" | grep -q -- "$text" || fail "the line never says '$text'"
    done
}

expect_silent() { # nothing of the progress line on standard error, in either capture
    ! grep -q "^$1: \|"$'\r'"$1: " "$out" "$err" || fail "a progress line where there should be none"
    ! grep -q $'\033' "$out" "$err" || fail "an escape sequence where there should be none"
}

case $case_name in
districts)
    tty_run 0 districts "$data/geo-tiny.csv" --units 2 --output "$work/tty.txt"
    expect_redrawn districts "heuristic" "Lagrangian bound, incumbent [0-9.,]*[mbn]* person-km, bound"
    [ "$(tail -c 4 "$out" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
        fail "the line is not erased at the end"
    run 0 districts "$data/geo-tiny.csv" --units 2 --output "$work/pipe.txt"
    expect_silent districts
    cmp -s "$work/tty.txt" "$work/pipe.txt" || fail "the result differs on a terminal"
    run 0 districts "$data/geo-tiny.csv" --units 2 --output "$work/forced.txt" --progress
    grep -q '^districts: [0-9.]* s, heuristic$' "$err" || fail "--progress wrote no plain line"
    ! grep -q $'[\r\033]' "$err" || fail "--progress off a terminal drew in place"
    tty_run 0 districts "$data/geo-tiny.csv" --units 2 --output "$work/quiet.txt" -q
    expect_silent districts
    ;;
districts-table)
    # On a terminal, the table follows the erased line: the first line of the result is whole.
    tty_run 0 districts "$data/geo-tiny.csv" --units 2
    tr '\r' '\n' <"$out" | grep -q '^unit ' || fail "the table does not start on a clean line"
    ;;
size)
    tty_run 0 size "$data/tiny-model.xml" "$data/real-tiny.xml" --function bi-data --units 1..4 \
        --output "$work/c.txt"
    expect_redrawn size "numbers of units, 0 of 4 done" "4 of 4 done (K 1-4)"
    tty_run 0 size "$data/tiny-model.xml" "$data/real-tiny.xml" --function bi-data --units 1..4 \
        --output "$work/q.txt" --quiet
    expect_silent size
    run 0 size "$data/tiny-model.xml" "$data/real-tiny.xml" --function bi-data --units 1..4 \
        --progress --threads 1
    grep -q '^size: [0-9.]* s, numbers of units, 0 of 4 done$' "$err" &&
        grep -q '^size: [0-9.]* s, numbers of units, 4 of 4 done (K 1-4)$' "$err" ||
        fail "--progress does not say which K are done"
    run 0 size "$data/tiny-model.xml" "$data/real-tiny.xml" --function bi-data --units 1..4
    expect_silent size
    ;;
sweep)
    tty_run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --output "$work/out"
    expect_redrawn sweep "6 of 6 scenarios"
    run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --output "$work/pipe"
    expect_silent sweep
    tty_run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --output "$work/q" -q
    expect_silent sweep
    ;;
solve-stability)
    tty_run 0 solve "$england" "$src/scenarios/hub5m.xml" --stability --no-why \
        --output "$work/s.txt"
    expect_redrawn solve "weight stability, 0 of 8 done" "weight stability, 8 of 8 done"
    tty_run 0 solve "$england" "$src/scenarios/hub5m.xml" --no-why --output "$work/p.txt"
    expect_silent solve
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "PASS [$case_name]"
