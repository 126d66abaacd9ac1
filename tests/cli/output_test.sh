#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of how the command writes its outputs (docs/cli.md "Outputs"):
# output_test.sh CASE FOOTPRINT SOURCE_DIR. Everything happens in a scratch directory — FIFOs
# with mkfifo, links with ln -s and, as root, device nodes with mknod made there, never the
# real /dev. Each run is bounded by timeout, so an output that waits for ever fails the case.
set -u
case_name=$1
fp=$2
src=$3
tiny=$src/tests/data/tiny-model.xml
tiny_scenario=$src/tests/data/tiny-scenario.xml
twins=$src/tests/data/twins-model.xml
twins_sweep=$src/tests/data/twins-sweep.xml
geo=$src/tests/data/geo-tiny.csv
work=$(mktemp -d)
readers=()
trap 'kill "${readers[@]}" 2>/dev/null; rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr

fail() {
    echo "FAIL [$case_name]: $*" >&2
    echo "--- stderr" >&2
    head -20 "$err" >&2
    exit 1
}

run() { # run EXPECTED-STATUS ARGS...
    local expected=$1
    shift
    # shellcheck disable=SC2086 # FPT_WRAPPER (e.g. valgrind …) is a command line
    timeout 120 ${FPT_WRAPPER:-} "$fp" "$@" >"$out" 2>"$err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

expect_err() { grep -q -- "$1" "$err" || fail "stderr lacks '$1'"; }
mode_of() { stat -c %a "$1"; }

# A FIFO with a reader copying it to COPY, started before the command runs.
fifo_with_reader() { # fifo_with_reader FIFO COPY
    mkfifo "$1"
    cat "$1" >"$2" &
    readers+=($!)
}

wait_readers() {
    for pid in "${readers[@]}"; do
        wait "$pid" || fail "a FIFO reader failed"
    done
    readers=()
}

case $case_name in
output-fifo)
    # Written through: the reader gets what standard output gets; the FIFO stays a FIFO.
    run 0 solve "$tiny" "$tiny_scenario" --format csv
    cp "$out" "$work/expected"
    fifo_with_reader "$work/pipe" "$work/copy"
    run 0 solve "$tiny" "$tiny_scenario" --format csv --output "$work/pipe"
    wait_readers
    [ -p "$work/pipe" ] || fail "the FIFO was replaced"
    cmp -s "$work/expected" "$work/copy" || fail "the reader got something else"
    [ "$(ls -A "$work" | sort | tr '\n' ' ')" = "copy expected pipe stderr stdout " ] ||
        fail "files left behind: $(ls -A "$work")"
    ;;
output-fifo-unread)
    # No process reads the FIFO: refused at once (exit 6), not a wait for ever.
    mkfifo "$work/pipe"
    run 6 solve "$tiny" "$tiny_scenario" --output "$work/pipe"
    expect_err "pipe': it is a FIFO no process opened for reading within 5 s"
    [ -p "$work/pipe" ] || fail "the FIFO was replaced"
    ;;
output-symlink)
    # A link stays a link; the file it points at is replaced, keeping its mode.
    echo old >"$work/plan.csv"
    chmod 640 "$work/plan.csv"
    ln -s plan.csv "$work/latest.csv"
    run 0 solve "$tiny" "$tiny_scenario" --format csv --output "$work/latest.csv"
    [ -L "$work/latest.csv" ] || fail "the link was replaced by a file"
    grep -q "^function," "$work/plan.csv" || fail "the link's target was not written"
    [ "$(mode_of "$work/plan.csv")" = 640 ] || fail "mode $(mode_of "$work/plan.csv"), not 640"
    ln -s nowhere "$work/dangling"
    run 6 solve "$tiny" "$tiny_scenario" --output "$work/dangling"
    expect_err "dangling' is a symbolic link to nothing"
    [ -L "$work/dangling" ] && [ ! -e "$work/nowhere" ] || fail "the dangling link was changed"
    ;;
output-mode)
    # An existing file keeps its mode; a new one gets 0666 less the umask.
    echo old >"$work/plan.txt"
    chmod 600 "$work/plan.txt"
    run 0 solve "$tiny" "$tiny_scenario" --output "$work/plan.txt"
    [ "$(mode_of "$work/plan.txt")" = 600 ] || fail "mode $(mode_of "$work/plan.txt"), not 600"
    (umask 027 && run 0 solve "$tiny" "$tiny_scenario" --output "$work/new.txt") || exit 1
    [ "$(mode_of "$work/new.txt")" = 640 ] || fail "umask 027 gave $(mode_of "$work/new.txt")"
    (umask 022 && run 0 solve "$tiny" "$tiny_scenario" --write-mps "$work/p.mps" \
        --report "$work/r.html") || exit 1
    [ "$(mode_of "$work/p.mps")" = 644 ] || fail "umask 022 gave $(mode_of "$work/p.mps")"
    [ "$(mode_of "$work/r.html")" = 644 ] || fail "umask 022 gave $(mode_of "$work/r.html")"
    ;;
output-directory)
    mkdir "$work/dir"
    run 6 solve "$tiny" "$tiny_scenario" --output "$work/dir"
    expect_err "dir' is a directory"
    run 6 solve "$tiny" "$tiny_scenario" --write-lp "$work/dir"
    expect_err "dir' is a directory"
    [ -d "$work/dir" ] && [ -z "$(ls -A "$work/dir")" ] || fail "the directory was changed"
    ;;
programme-fifo)
    # --write-mps and --write-lp through FIFOs (GLPK writes them) and through a link.
    fifo_with_reader "$work/mps" "$work/mps.copy"
    fifo_with_reader "$work/lp" "$work/lp.copy"
    run 0 solve "$tiny" "$tiny_scenario" --write-mps "$work/mps" --write-lp "$work/lp"
    wait_readers
    [ -p "$work/mps" ] && [ -p "$work/lp" ] || fail "a FIFO was replaced"
    grep -q "^ROWS" "$work/mps.copy" || fail "no MPS through the FIFO"
    grep -qi "minimize" "$work/lp.copy" || fail "no LP through the FIFO"
    mkfifo "$work/unread"
    run 6 solve "$tiny" "$tiny_scenario" --write-mps "$work/unread"
    expect_err "it is a FIFO no process opened for reading within 5 s"
    fifo_with_reader "$work/dmps" "$work/dmps.copy"
    run 0 districts "$geo" --units 2 --write-mps "$work/dmps"
    wait_readers
    [ -p "$work/dmps" ] || fail "the districting's FIFO was replaced"
    grep -q "^ROWS" "$work/dmps.copy" || fail "no districting MPS through the FIFO"
    ;;
report-sweep-links)
    # --report through a FIFO; a sweep directory whose files are a link and a FIFO.
    fifo_with_reader "$work/report" "$work/report.copy"
    run 0 solve "$tiny" "$tiny_scenario" --report "$work/report"
    wait_readers
    [ -p "$work/report" ] || fail "the report's FIFO was replaced"
    grep -q "<html" "$work/report.copy" || fail "no HTML through the FIFO"
    mkdir "$work/sweep"
    echo old >"$work/kept.csv"
    ln -s ../kept.csv "$work/sweep/summary.csv"
    fifo_with_reader "$work/sweep/scenarios.csv" "$work/scenarios.copy"
    run 0 sweep "$twins" "$twins_sweep" --output "$work/sweep"
    wait_readers
    [ -L "$work/sweep/summary.csv" ] || fail "the summary's link was replaced"
    [ -p "$work/sweep/scenarios.csv" ] || fail "the scenarios' FIFO was replaced"
    grep -q "^function," "$work/kept.csv" || fail "the summary did not reach the link's target"
    [ "$(grep -vc '^#' "$work/scenarios.copy")" -eq 7 ] || fail "scenarios not written through"
    ;;
sweep-dir-locked)
    # This shell holding the output directory's lock (flock(1) on fd 9, as a sweep or merge
    # writing it holds it): refused with exit 6, nothing written; once let go, written.
    command -v flock >/dev/null 2>&1 || exit 77
    mkdir "$work/dir"
    exec 9<"$work/dir"
    flock -n 9 || fail "cannot take the lock"
    run 6 sweep "$twins" "$twins_sweep" --output "$work/dir"
    expect_err "another command is writing the output directory"
    [ -z "$(ls -A "$work/dir")" ] || fail "files written into a locked directory"
    flock -u 9
    exec 9<&-
    run 0 sweep "$twins" "$twins_sweep" --output "$work/dir"
    [ -s "$work/dir/scenarios.csv" ] || fail "no scenarios.csv once the lock was let go"
    ;;
devices)
    # As root, device nodes made here: the null device written through, the full device's
    # error reported (the node stays), a block device refused.
    [ "$(id -u)" -eq 0 ] || exit 77
    mknod "$work/null" c 1 3
    mknod "$work/full" c 1 7
    mknod "$work/block" b 7 200
    run 0 solve "$tiny" "$tiny_scenario" --output "$work/null" --write-mps "$work/null"
    [ -c "$work/null" ] || fail "the null device was replaced"
    run 6 solve "$tiny" "$tiny_scenario" --output "$work/full"
    expect_err "cannot write '$work/full': No space left on device"
    [ -c "$work/full" ] || fail "the full device was replaced"
    run 6 solve "$tiny" "$tiny_scenario" --write-lp "$work/full"
    [ -c "$work/full" ] || fail "the full device was replaced by --write-lp"
    run 6 solve "$tiny" "$tiny_scenario" --output "$work/block"
    expect_err "block' is a block device"
    [ -b "$work/block" ] || fail "the block device was replaced"
    ;;
*)
    fail "unknown case"
    ;;
esac
exit 0
