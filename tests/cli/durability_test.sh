#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of how the command survives being stopped (docs/cli.md "Interruption
# and resume"): a sweep killed with SIGKILL at an exact point — after N chunks, or after N
# files of the final set are renamed — then --resume, ends byte-identical to one run.
# solve, sweep, districts and size on a full disk (an LD_PRELOAD'ed write failure, the
# fourth argument) end with exit 6 and the file named, leaving an existing output whole. A
# signal during one long MIP stops it: solve writes nothing, a sweep writes the scenarios
# finished; a --resume reading a huge file still ends on SIGINT.
# durability_test.sh CASE FOOTPRINT SOURCE_DIR [DISK_FULL_SHIM]. The kill points and the
# "MIP started" marker are test hooks (FPT_TEST_KILL_AT, FPT_TEST_MIP_STARTED;
# -DFPT_TEST_HOOKS=ON builds only): each signal is sent once its point is reached, so nothing
# depends on timing.
set -u
case_name=$1
fp=$2
src=$3
data=$src/tests/data
england=$src/models/england2013.xml
run_timeout=300 # a run past five minutes is stuck: fail it rather than hang CI
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"

# killed POINT DIR ARGS...: the sweep ARGS -o DIR, killed by SIGKILL at POINT (chunk:N after N
# chunks are in the journal, final:N after N files of the set are renamed into place).
killed() {
    local point=$1 dir=$2
    shift 2
    FPT_TEST_KILL_AT=$point run 137 sweep "$@" --output "$dir"
}

# same REFERENCE DIR: every file byte for byte, and nothing else left (no journal, no
# temporary file).
same() {
    diff -r "$1" "$2" >"$work/diff" 2>&1 || { cat "$work/diff" >&2; fail "$2 differs from one run"; }
}

# background ARGS...: start the command in the background, with SIGINT's default action as in
# a terminal (a script's background jobs would otherwise ignore it); its pid in $pid.
background() {
    # shellcheck disable=SC2086 # FPT_WRAPPER (e.g. valgrind …) is a command line
    env --default-signal=INT,TERM ${FPT_WRAPPER:-} "$fp" "$@" >"$out" 2>"$err" &
    pid=$!
}

# await WHAT TEST...: poll (no fixed sleep) until the test holds, for at most 300 s.
await() {
    local what=$1
    shift
    for _ in $(seq 6000); do
        "$@" && return 0
        kill -0 "$pid" 2>/dev/null || fail "the command ended before $what"
        sleep 0.05
    done
    kill -KILL "$pid"
    fail "$what never happened"
}

# stopped SIGNAL EXPECTED-STATUS: send the signal to $pid and check how it ended (within 60 s).
stopped() {
    kill -"$1" "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 1200 ]; do
        sleep 0.05
        waited=$((waited + 1))
    done
    kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; fail "still running 60 s after SIG$1"; }
    wait "$pid"
    local status=$?
    [ "$status" -eq "$2" ] || fail "SIG$1: exit status $status, expected $2"
}

# A model whose MIP runs for minutes (tests/support/gen_hard.py: 400 functions, a budget
# that fits half of them locally), and a sweep of it whose first scenario is easy (an
# allowance that fits everything: no branch and bound) and second the hard one.
hard_model() {
    python3 "$src/tests/support/gen_hard.py" 400 5 "$work/m.xml" "$work/s.xml" 0
    sed 's#</scenario>#<sweep><axis target="finance.allowance-per-head-gbp" values="100000 373.33"/></sweep></scenario>#' \
        "$work/s.xml" >"$work/sweep.xml"
}

no_temporaries() {
    ! ls -A "$1" | grep -q '\.[A-Za-z0-9]\{6\}$' || fail "a temporary file left in $1"
}

# full_disk EXPECTED-STATUS FILE BYTES ARGS...: run ARGS with every write under $work/full
# failing with ENOSPC after BYTES bytes (tests/support/disk_full.c); the message must name
# FILE and say the disk is full, and no temporary file may be left.
full_disk() {
    local expected=$1 file=$2 bytes=$3
    shift 3
    LD_PRELOAD=$shim FPT_FULL_DIR=$work/full FPT_FULL_AFTER=$bytes run "$expected" "$@"
    grep -q -F "cannot write '$file': No space left on device" "$err" ||
        fail "the message does not name $file and the full disk"
    no_temporaries "$work/full"
}

# The command ARGS --output FILE on a full disk, from the first byte and part-way: exit 6,
# FILE absent when it was, and an existing FILE kept byte for byte.
output_survives() {
    local file=$1
    shift
    mkdir -p "$work/full"
    for bytes in 0 100; do
        rm -f "$file"
        full_disk 6 "$file" "$bytes" "$@" --output "$file"
        [ ! -e "$file" ] || fail "a partial $file left (after $bytes bytes)"
        printf 'the old output\n' >"$file"
        full_disk 6 "$file" "$bytes" "$@" --output "$file"
        [ "$(cat "$file")" = "the old output" ] || fail "the existing $file was touched"
    done
}

shim=${4:-}
case $case_name in
disk-full-solve)
    output_survives "$work/full/plan.json" solve "$england" "$src/scenarios/hub5m.xml" \
        --format json --no-why
    ;;
disk-full-districts)
    output_survives "$work/full/d.json" districts "$data/geo-tiny.csv" --units 2 --format json
    ;;
disk-full-size)
    output_survives "$work/full/s.csv" size "$data/tiny-model.xml" "$data/real-tiny.xml" \
        --function bi-data --units 2..3 --format csv
    ;;
disk-full-sweep)
    # From the first byte: the journal cannot be started; the old outputs stay whole.
    args=("$england" "$data/mc-small.xml" --threads 1)
    run 0 sweep "${args[@]}" --output "$work/ref"
    mkdir "$work/full"
    run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --output "$work/full/out"
    cp -r "$work/full/out" "$work/old"
    full_disk 6 "$work/full/out/sweep.journal" 0 sweep "${args[@]}" --output "$work/full/out"
    diff -r "$work/old" "$work/full/out" >/dev/null || fail "the old outputs were touched"
    # Part-way through the final set: the journal holds every chunk, some file of the set
    # meets the full disk, and nothing is renamed: the old set stays whole, the journal stays
    # for --resume, which then writes the set without solving again.
    killed final:0 "$work/measure" "${args[@]}"
    journal=$(wc -c <"$work/measure/sweep.journal")
    LD_PRELOAD=$shim FPT_FULL_DIR=$work/full FPT_FULL_AFTER=$((journal + 20000)) \
        run 6 sweep "${args[@]}" --output "$work/full/out"
    grep -q "cannot write '$work/full/out/[a-z]*\.[a-z]*': No space left on device" "$err" ||
        fail "the message does not name the output file and the full disk"
    no_temporaries "$work/full/out"
    for f in "$work"/old/*; do
        cmp -s "$f" "$work/full/out/$(basename "$f")" || fail "the old $(basename "$f") was touched"
    done
    [ -f "$work/full/out/sweep.journal" ] || fail "the journal was not kept"
    run 0 sweep "${args[@]}" --resume --progress --output "$work/full/out"
    ! grep -q "scenarios, .* a second" "$err" || fail "the resume solved again"
    same "$work/ref" "$work/full/out"
    # Mid-way through the journal: the sweep stops (exit 6, the journal named), the outputs
    # stay as they were, and --resume, with room again, finishes from the lines written.
    rm -rf "$work/full/out" && cp -r "$work/old" "$work/full/out"
    LD_PRELOAD=$shim FPT_FULL_DIR=$work/full FPT_FULL_AFTER=$((journal / 2)) \
        run 6 sweep "${args[@]}" --output "$work/full/out"
    grep -q "cannot write the sweep's journal '$work/full/out/sweep.journal': No space left" \
        "$err" || fail "the message does not name the journal and the full disk"
    for f in "$work"/old/*; do
        cmp -s "$f" "$work/full/out/$(basename "$f")" || fail "the old $(basename "$f") was touched"
    done
    run 0 sweep "${args[@]}" --resume --output "$work/full/out"
    same "$work/ref" "$work/full/out"
    ;;
solve-interrupt)
    hard_model
    for sig in INT TERM; do
        rm -f "$work/started"
        printf 'old\n' >"$work/old.json"
        FPT_TEST_MIP_STARTED=$work/started background solve "$work/m.xml" "$work/s.xml" \
            --format json --output "$work/plan.json"
        await "the MIP started" test -e "$work/started"
        stopped "$sig" 130
        grep -q "footprint: interrupted; nothing was written" "$err" || fail "SIG$sig: no message"
        [ ! -e "$work/plan.json" ] || fail "SIG$sig: an output written"
        # An existing output is kept as it was.
        rm -f "$work/started"
        FPT_TEST_MIP_STARTED=$work/started background solve "$work/m.xml" "$work/s.xml" \
            --format json --output "$work/old.json"
        await "the MIP started" test -e "$work/started"
        stopped "$sig" 130
        [ "$(cat "$work/old.json")" = old ] || fail "SIG$sig: the existing output was touched"
        no_temporaries "$work"
    done
    ;;
sweep-interrupt)
    hard_model
    for sig in INT TERM; do
        rm -rf "$work/out" "$work/started"
        FPT_TEST_MIP_STARTED=$work/started background sweep "$work/m.xml" "$work/sweep.xml" \
            --threads 1 --output "$work/out"
        await "the MIP started" test -e "$work/started"
        stopped "$sig" 130
        grep -q "interrupted; the scenarios finished are written (1 this run)" "$err" ||
            fail "SIG$sig: no message, or not one scenario finished"
        [ "$(tail -n +2 "$work/out/scenarios.csv" | cut -d, -f1)" = 0 ] ||
            fail "SIG$sig: scenarios.csv does not hold exactly the finished scenario 0"
        [ ! -e "$work/out/sweep.journal" ] || fail "SIG$sig: the journal left beside the outputs"
        no_temporaries "$work/out"
    done
    ;;
resume-interrupt)
    # A --resume directory whose journal is a 40 GB (sparse) regular file: reading it back is
    # long, and SIGINT ends it at once; nothing is written.
    mkdir "$work/out"
    truncate -s 40G "$work/out/sweep.journal"
    background sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --resume -o "$work/out"
    reading() { ls -l "/proc/$pid/fd" 2>/dev/null | grep -q 'sweep.journal$'; }
    await "the journal was opened" reading
    stopped INT 130
    [ "$(ls -A "$work/out")" = sweep.journal ] || fail "something written"
    ;;
kill-resume-small | kill-resume-infeasible)
    # mc-small: 40 scenarios, 3 chunks; mc-infeasible: 36, with clashes to read back. Every
    # point: no chunk yet, mid-way, the last chunk in flight, before the first rename, between
    # renames, after the last rename with the journal still there. Under a wrapper (valgrind,
    # some fifty times slower) two points at two threads.
    scen=mc-${case_name#kill-resume-}
    points="chunk:0 chunk:1 chunk:2 final:0 final:3 final:5"
    thread_counts="1 2"
    if [ -n "${FPT_WRAPPER:-}" ]; then
        points="chunk:1 final:3"
        thread_counts=2
    fi
    args=("$england" "$data/$scen.xml")
    for threads in $thread_counts; do
        ref=$work/ref-$threads
        run 0 sweep "${args[@]}" --threads "$threads" --output "$ref"
        for point in $points; do
            dir=$work/$threads-${point/:/-}
            killed "$point" "$dir" "${args[@]}" --threads "$threads"
            [ -f "$dir/sweep.journal" ] || fail "$point: no journal left"
            run 0 sweep "${args[@]}" --threads "$threads" --resume --output "$dir"
            same "$ref" "$dir"
        done
    done
    # Nothing finished is solved again: after chunk 2 of 3 (at one thread), 8 are left.
    [ -z "${FPT_WRAPPER:-}" ] || { echo "PASS [$case_name]" && exit 0; }
    killed chunk:2 "$work/again" "$england" "$data/mc-small.xml" --threads 1
    run 0 sweep "$england" "$data/mc-small.xml" --threads 1 --resume --progress --output "$work/again"
    grep -q " 8 of 8 scenarios" "$err" || fail "the resumed run did not solve only the 8 left"
    ;;
kill-resume-json)
    run 0 sweep "$england" "$data/mc-small.xml" --format json --output "$work/ref"
    points="chunk:1 final:0 final:1"
    [ -z "${FPT_WRAPPER:-}" ] || points=final:0
    for point in $points; do
        killed "$point" "$work/$point" "$england" "$data/mc-small.xml" --format json --threads 2
        run 0 sweep "$england" "$data/mc-small.xml" --format json --resume --output "$work/$point"
        same "$work/ref" "$work/$point"
    done
    ;;
kill-over-other-output)
    # A directory holding another sweep's finished output, overwritten by a run killed
    # part-way: --resume takes the journal, which is newer, and ignores the old sweep.json.
    run 0 sweep "$england" "$data/mc-small.xml" --output "$work/ref"
    run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --output "$work/dir"
    cp -r "$work/dir" "$work/twins"
    killed chunk:1 "$work/dir" "$england" "$data/mc-small.xml"
    for f in scenarios.csv summary.csv sweep.json; do
        cmp -s "$work/twins/$f" "$work/dir/$f" || fail "the old $f was touched before the end"
    done
    run 0 sweep "$england" "$data/mc-small.xml" --resume --output "$work/dir"
    same "$work/ref" "$work/dir"
    # Without --resume, a journal left by a killed run is replaced, never added to.
    killed chunk:1 "$work/fresh" "$data/twins-model.xml" "$data/twins-sweep.xml"
    run 0 sweep "$england" "$data/mc-small.xml" --output "$work/fresh"
    same "$work/ref" "$work/fresh"
    ;;
journal-refused)
    # The journal is read as strictly as sweep.json: a line of another sweep, a scenario
    # twice or a number out of range is refused with its line; a torn last line is not read.
    killed chunk:2 "$work/dir" "$england" "$data/mc-small.xml" --threads 1
    cp "$work/dir/sweep.journal" "$work/journal"
    printf '{"provenance": {"footprint"' >>"$work/dir/sweep.journal"
    run 0 sweep "$england" "$data/mc-small.xml" --resume --output "$work/dir"
    sed -n 2p "$work/journal" >>"$work/journal.twice"
    mkdir "$work/twice"
    cat "$work/journal" "$work/journal.twice" >"$work/twice/sweep.journal"
    run 3 sweep "$england" "$data/mc-small.xml" --resume --output "$work/twice"
    grep -q "sweep.journal:4: .*a scenario that another shard already holds" "$err" ||
        fail "a scenario twice in the journal not refused with its line"
    mkdir "$work/other"
    sed 's/"scenarios":40/"scenarios":41/' "$work/journal" >"$work/other/sweep.journal"
    run 3 sweep "$england" "$data/mc-small.xml" --resume --output "$work/other"
    grep -q "sweep.journal:1: .*another sweep" "$err" || fail "another sweep's journal taken"
    mkdir "$work/nan"
    sed '2s/"population":[0-9.e+]*/"population":-1/' "$work/journal" >"$work/nan/sweep.journal"
    run 3 sweep "$england" "$data/mc-small.xml" --resume --output "$work/nan"
    grep -q "sweep.journal:2: .*population" "$err" || fail "a bad number in the journal taken"
    mkdir "$work/zero"
    ln -s /dev/zero "$work/zero/sweep.journal"
    run 3 sweep "$england" "$data/mc-small.xml" --resume --output "$work/zero"
    grep -q "sweep.journal' is a character device" "$err" || fail "/dev/zero read as a journal"
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "PASS [$case_name]"
