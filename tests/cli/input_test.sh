#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of how the command reads its inputs (docs/cli.md "Errors"; the
# precedence warning of docs/model.md): every
# reader opens only regular files, so a FIFO or a device given as an input, or put in a
# --resume directory, is refused at once with exit 3 and the path, never read or waited on.
# input_test.sh CASE FOOTPRINT SOURCE_DIR. FIFOs and links are made in a scratch directory;
# each run is bounded by timeout, so a reader that waits for ever fails the case.
set -u
case_name=$1
fp=$2
src=$3
data=$src/tests/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr

fail() {
    echo "FAIL [$case_name]: $*" >&2
    echo "--- stderr" >&2
    head -20 "$err" >&2
    exit 1
}

# run ARGS...: must exit 3 within 20 s, naming the special file and what it is.
refused() {
    local path=$1 what=$2
    shift 2
    # shellcheck disable=SC2086 # FPT_WRAPPER (e.g. valgrind …) is a command line
    timeout 20 ${FPT_WRAPPER:-} "$fp" "$@" >"$out" 2>"$err"
    local status=$?
    [ "$status" -ne 124 ] || fail "still reading after 20 s ($*)"
    [ "$status" -eq 3 ] || fail "exit status $status, expected 3 ($*)"
    grep -q -F -- "'$path' is $what, not a regular file" "$err" ||
        fail "stderr lacks '$path' is $what"
}

sweep_dir() { # a finished sweep of the twins in $work/sweep
    timeout 60 "$fp" sweep "$data/twins-model.xml" "$data/twins-sweep.xml" -o "$work/sweep" \
        >/dev/null 2>"$err" || fail "the sweep to resume failed"
}

cd "$work" || exit 1
mkfifo fifo
case $case_name in
geography-fifo)
    sed 's|file="geo-tiny.csv"|file="'"$work"'/fifo"|' "$data/real-tiny.xml" >real.xml
    refused "$work/fifo" "a FIFO (named pipe)" solve "$data/tiny-model.xml" real.xml
    refused fifo "a FIFO (named pipe)" districts fifo --units 2
    ;;
model-fifo)
    refused fifo "a FIFO (named pipe)" solve fifo "$data/tiny-scenario.xml"
    refused fifo "a FIFO (named pipe)" validate fifo
    ;;
diff-fifo)
    refused fifo "a FIFO (named pipe)" diff fifo "$data/diff-a.json"
    ln -s /dev/zero zero.json
    refused zero.json "a character device" diff "$data/diff-a.json" zero.json
    refused "$work" "a directory" diff "$data/diff-a.json" "$work"
    ;;
resume-fifo)
    sweep_dir
    rm sweep/sweep.json && mkfifo sweep/sweep.json
    refused sweep/sweep.json "a FIFO (named pipe)" sweep "$data/twins-model.xml" \
        "$data/twins-sweep.xml" -o sweep --resume
    refused sweep/sweep.json "a FIFO (named pipe)" merge "$data/twins-model.xml" \
        "$data/twins-sweep.xml" sweep -o merged
    [ ! -e merged ] || fail "merge wrote an output"
    ;;
precedence-warning)
    # tests/data/tiny-scenario.xml sets bi-data's scale rating; tiny-model.xml overrides its
    # scale-exponent (docs/model.md "Precedence"): a warning at the set's line, exit 0.
    warning="tiny-scenario.xml:22: warning: set of rating.scale on 'bi-data' has no effect: the"
    for cmd in solve validate; do
        timeout 60 "$fp" "$cmd" "$data/tiny-model.xml" "$data/tiny-scenario.xml" >"$out" 2>"$err"
        status=$?
        [ "$status" -eq 0 ] || fail "$cmd: exit status $status, expected 0"
        grep -q -F -- "$warning" "$err" || fail "$cmd: stderr lacks the warning"
        # (validate also warns of skill pools left to a default: docs/formats.md "Defaults")
        [ "$(grep -c 'warning: set of' "$err")" -eq 1 ] || fail "$cmd: not one warning"
    done
    timeout 60 "$fp" solve "$data/twins-model.xml" "$data/twins-sweep.xml" >"$out" 2>"$err" ||
        fail "the twins failed"
    ! grep -q warning "$err" || fail "a warning where no rating is shadowed"
    ;;
coincident-ccgs)
    # 300 CCGs at one point (every distance 0): every k-means++ weight ties at 0 and picked a
    # centre twice, which overran the districting's transport arrays (a heap overflow).
    # Districted into 6 units of 50 CCGs, each its own centre, in bounded time.
    {
        echo "code,name,population,lat,lon,area_km2,area,region"
        for i in $(seq 100 399); do echo "C$i,Name $i,100000,52.0,-1.0,100.0,A,London"; done
    } >same.csv
    timeout 120 ${FPT_WRAPPER:-} "$fp" districts same.csv --units 6 --format csv >"$out" 2>"$err"
    status=$?
    [ "$status" -eq 0 ] || fail "exit status $status, expected 0"
    [ "$(tail -n +2 "$out" | cut -d, -f7 | sort -u | wc -l)" -eq 6 ] ||
        fail "not 6 distinct centres: $(head -3 "$out")"
    ;;
resume-zero)
    sweep_dir
    rm sweep/sweep.json && ln -s /dev/zero sweep/sweep.json
    refused sweep/sweep.json "a character device" sweep "$data/twins-model.xml" \
        "$data/twins-sweep.xml" -o sweep --resume
    ;;
*)
    fail "unknown case"
    ;;
esac
echo "PASS [$case_name]"
