#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One case of the nightly harness (bench/harness.c): harness_test.sh CASE HARNESS SOURCE_DIR.
# The harness runs a stand-in for footprint that logs the arguments it was given and prints a
# solve's JSON, so each case checks what was run and what was decided, never how long it took:
# time comparisons are tested only where the margins are orders of magnitude.
set -u
case_name=$1
harness=$2
src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr
fake=$work/fake-footprint
log=$work/args.log

fail() {
    echo "FAIL [$case_name]: $*" >&2
    echo "--- stderr" >&2
    head -40 "$err" >&2
    exit 1
}

# The stand-in: logs "ARGS..." on one line, sleeps FAKE_SLEEP seconds or burns about a
# quarter of a second of CPU (FAKE_BURN), prints a solve's JSON (FAKE_STATUS, FAKE_OBJECTIVE,
# FAKE_LEVEL; with FAKE_COUNT set, a different objective each run), or the file FAKE_OUTPUT
# when set, and exits FAKE_EXIT.
cat >"$fake" <<'EOF'
#!/bin/sh
echo "$*" >>"$FAKE_LOG"
[ -n "${FAKE_SLEEP:-}" ] && sleep "$FAKE_SLEEP"
[ -n "${FAKE_BURN:-}" ] && awk 'BEGIN { for (i = 0; i < 3000000; i++) s += i; exit s < 0 }'
objective=${FAKE_OBJECTIVE:-1.5}
if [ -n "${FAKE_COUNT:-}" ]; then
    objective=$(wc -l <"$FAKE_LOG")
fi
if [ -n "${FAKE_OUTPUT:-}" ]; then
    cat "$FAKE_OUTPUT"
else
    printf '{"status": "%s", "objective": %s, "assignments": [{"function": "f", "level": "%s"}]}\n' \
        "${FAKE_STATUS:-optimal}" "$objective" "${FAKE_LEVEL:-hub}"
fi
echo "fake failure message" >&2
exit "${FAKE_EXIT:-0}"
EOF
chmod +x "$fake"
export FAKE_LOG=$log

harness_run() { # harness_run EXPECTED-STATUS ARGS...
    local expected=$1
    shift
    : >"$log"
    "$harness" --footprint "$fake" --source "$src" "$@" >"$out" 2>"$err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

expect_err() { grep -q -- "$1" "$err" || fail "stderr lacks '$1'"; }

# What a config file asks for, one line per repetition: the words after the name (and after
# an exit=N), joined by single spaces, each line REPS times.
expected_runs() { # expected_runs CONFIG REPS
    awk -v reps="$2" '/^[ \t]*(#|$)/ { next }
        { line = ""; first = 2; if ($2 ~ /^exit=/) first = 3
          for (i = first; i <= NF; i++) line = line (i > first ? " " : "") $i
          for (r = 0; r < reps; r++) print line }' "$1"
}

# A config file of N lines, each longer than any line buffer and with more arguments than
# any fixed table: name config/K then 300 arguments.
long_config() { # long_config N FILE
    awk -v n="$1" 'BEGIN { print "# generated"
        for (k = 1; k <= n; k++) { line = "config/" k " solve"
            for (a = 1; a <= 300; a++) line = line " --argument-" k "-" a
            print line } }' >"$2"
}

# A copy of a result file with a jq-like edit applied by python3 (EXPR acts on d).
edit_json() { # edit_json IN OUT EXPR
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))' "$1" "$2" "$3"
}

three_configs() {
    printf 'solve/a solve a.xml --format json\nsolve/b solve b.xml --format json\n' >"$1"
    printf 'sweep/c sweep c.xml\n' >>"$1"
}

case $case_name in
nightly-whole)
    # The shipped nightly file: every configuration runs, with exactly its arguments, in order.
    conf=$src/bench/configs/nightly.conf
    harness_run 0 --repetitions 2 --out "$work/r.json" "$conf"
    expected_runs "$conf" 2 >"$work/expected"
    [ "$(wc -l <"$work/expected")" -ge 18 ] || fail "the nightly file looks empty"
    diff "$work/expected" "$log" >"$work/diff" || fail "runs differ from the file: $(head "$work/diff")"
    n=$(grep -c '"aggregate_name": "median"' "$work/r.json")
    [ "$n" -eq "$(grep -cv -e '^#' -e '^[[:space:]]*$' "$conf")" ] || fail "$n medians"
    # every file it names is in the source tree, and the synthetic one is synth.py's output
    for f in $(grep -v '^#' "$conf" | tr ' ' '\n' | grep -E '\.(xml|csv)$' | sort -u); do
        [ -f "$src/$f" ] || fail "the nightly file names $f, which is not in the source tree"
    done
    python3 "$src/bench/districts/synth.py" 500 1 | cmp -s - "$src/bench/districts/synth500.csv" ||
        fail "bench/districts/synth500.csv is not bench/districts/synth.py 500 1's output"
    ;;
long-file)
    # More configurations than any starting capacity, lines longer than any fixed buffer.
    long_config 200 "$work/long.conf"
    harness_run 0 --repetitions 1 --out "$work/r.json" "$work/long.conf"
    expected_runs "$work/long.conf" 1 >"$work/expected"
    cmp -s "$work/expected" "$log" || fail "runs differ from the file"
    grep -q '"name": "config/200_min"' "$work/r.json" || fail "the last configuration is missing"
    ;;
failing-child)
    # A child that fails fails the run, without a baseline; the other configurations still run.
    three_configs "$work/c.conf"
    FAKE_EXIT=2 harness_run 3 --repetitions 3 --out "$work/r.json" "$work/c.conf"
    expect_err "solve/a .*FAIL: exit status 2, expected 0"
    expect_err "fake failure message"
    [ "$(wc -l <"$log")" -eq 3 ] || fail "a failing configuration was repeated"
    ;;
expected-exit)
    # exit=N: the configuration is meant to end with status N; anything else fails.
    printf 'solve/infeasible exit=4 solve x.xml --format json\n' >"$work/c.conf"
    FAKE_EXIT=4 harness_run 0 --repetitions 2 --out "$work/r.json" "$work/c.conf"
    grep -q '"exit_code": 4' "$work/r.json" || fail "exit code not recorded"
    [ "$(cat "$log")" = "$(printf 'solve x.xml --format json\nsolve x.xml --format json')" ] ||
        fail "exit=4 passed on as an argument"
    FAKE_EXIT=0 harness_run 3 --repetitions 2 --out "$work/r.json" "$work/c.conf"
    expect_err "FAIL: exit status 0, expected 4"
    ;;
missing-from-run)
    three_configs "$work/c.conf"
    harness_run 0 --repetitions 1 --out "$work/base.json" "$work/c.conf"
    grep -v '^sweep/c' "$work/c.conf" >"$work/fewer.conf"
    # (--threshold 1000: what is checked is the missing configuration, never a time, which a
    # loaded machine can stretch tenfold between two runs.)
    harness_run 1 --repetitions 1 --baseline "$work/base.json" --threshold 1000 \
        --out "$work/r.json" "$work/fewer.conf"
    expect_err "sweep/c .*FAIL: in the baseline but not in this run"
    grep -q "solve/a .* ok" "$err" || fail "a configuration that was run is not ok"
    ;;
answer-changed)
    three_configs "$work/c.conf"
    harness_run 0 --repetitions 1 --out "$work/base.json" "$work/c.conf"
    harness_run 0 --repetitions 2 --baseline "$work/base.json" --threshold 1000 "$work/c.conf"
    FAKE_LEVEL=national harness_run 1 --repetitions 2 --baseline "$work/base.json" \
        --threshold 1000 "$work/c.conf"
    expect_err "solve/a .*FAIL: the answer changed"
    expect_err "sweep/c .*FAIL: the answer changed" # hashed whole: its output changed too
    FAKE_OBJECTIVE=1.5000001 harness_run 1 --repetitions 1 --baseline "$work/base.json" \
        --threshold 1000 "$work/c.conf"
    expect_err "solve/a .*FAIL: the answer changed"
    ;;
path-fields)
    # A districting's and a sizing's bound, gap, pairs kept and heuristic plan record how the
    # answer was reached: they may change (a faster proof) and the answer has not; any other
    # field, or any byte of an output that is not JSON, is the answer.
    printf 'districts/d districts g.csv --units 2 --format json\nsize/s size m.xml s.xml\n' \
        >"$work/c.conf"
    printf 'sweep/t sweep m.xml s.xml --format csv\n' >>"$work/c.conf"
    districting() { # districting BOUND GAP KEPT HEURISTIC UNIT-OF-B DISTANCE-OF-A
        printf '{"status": "optimal", "pairs": 4, "pairs_kept": %s, "objective_person_km": 10.5,' "$3"
        printf ' "bound_person_km": %s, "gap": %s, "heuristic_person_km": %s, "ccgs": [' "$1" "$2" "$4"
        printf '{"code": "A", "unit": 1, "distance_km": %s}, {"code": "B", "unit": %s}],' "$6" "$5"
        printf ' "points": [{"units": 2, "districting": "optimal", "gap": %s, "wte": 3.25}]}\n' "$2"
    }
    districting 10.4999 9.5e-8 3 11 1 0.5 >"$work/out.json"
    printf 'index,status\n1,optimal\n' >"$work/out.csv"
    FAKE_OUTPUT=$work/out.json harness_run 0 --repetitions 1 --out "$work/base.json" \
        "$work/c.conf"
    # keys reordered and numbers respelt are the same answer, too
    districting 10.49995 2.1e-8 4 12.0 1 5e-1 | python3 -c 'import json, sys
d = json.load(sys.stdin); print(json.dumps(dict(reversed(list(d.items())))))' >"$work/path.json"
    FAKE_OUTPUT=$work/path.json harness_run 0 --repetitions 1 --baseline "$work/base.json" \
        --threshold 1000 --out "$work/r.json" "$work/c.conf"
    grep -q "FAIL" "$err" && fail "a change of bound, gap, pairs kept or heuristic failed the run"
    districting 10.4999 9.5e-8 3 11 2 0.5 >"$work/unit.json"
    FAKE_OUTPUT=$work/unit.json harness_run 1 --repetitions 1 --baseline "$work/base.json" \
        --threshold 1000 --out "$work/r.json" "$work/c.conf"
    expect_err "districts/d .*FAIL: the answer changed"
    districting 10.4999 9.5e-8 3 11 1 0.51 >"$work/distance.json"
    FAKE_OUTPUT=$work/distance.json harness_run 1 --repetitions 1 \
        --baseline "$work/base.json" --threshold 1000 --out "$work/r.json" "$work/c.conf"
    expect_err "size/s .*FAIL: the answer changed"
    # not JSON: hashed whole, byte for byte
    FAKE_OUTPUT=$work/out.csv harness_run 0 --repetitions 1 --out "$work/base.json" \
        "$work/c.conf"
    printf 'index,status\n1,optimal \n' >"$work/out2.csv"
    FAKE_OUTPUT=$work/out2.csv harness_run 1 --repetitions 1 --baseline "$work/base.json" \
        --threshold 1000 --out "$work/r.json" "$work/c.conf"
    expect_err "sweep/t .*FAIL: the answer changed"
    ;;
repetitions-differ)
    printf 'solve/a solve a.xml --format json\n' >"$work/c.conf"
    FAKE_COUNT=1 harness_run 1 --repetitions 3 --out "$work/r.json" "$work/c.conf"
    expect_err "solve/a .*FAIL: repetitions gave different answers"
    ;;
slower)
    # The baseline's CPU times cut a thousandfold: the run is far slower, beyond any noise
    # floor; and the same with wall-clock times (--time real) for a command that sleeps.
    printf 'solve/a solve a.xml --format json\n' >"$work/c.conf"
    FAKE_BURN=1 harness_run 0 --repetitions 1 --out "$work/base.json" "$work/c.conf"
    edit_json "$work/base.json" "$work/fast.json" \
        'for b in d["benchmarks"]: b["cpu_time"] /= 1000'
    FAKE_BURN=1 harness_run 1 --repetitions 1 --baseline "$work/fast.json" "$work/c.conf"
    expect_err "solve/a .*FAIL: slower than the threshold"
    FAKE_SLEEP=0.3 harness_run 0 --repetitions 1 --out "$work/base.json" "$work/c.conf"
    edit_json "$work/base.json" "$work/fast.json" \
        'for b in d["benchmarks"]: b["real_time"] /= 1000'
    FAKE_SLEEP=0.3 harness_run 1 --repetitions 1 --time real --baseline "$work/fast.json" \
        "$work/c.conf"
    expect_err "solve/a .*FAIL: slower than the threshold"
    ;;
calibrated)
    # Times are compared in units of each run's calibration. A baseline from a machine a
    # million times faster, whose raw times are far below this run's, is not a slowdown...
    printf 'solve/a solve a.xml --format json\n' >"$work/c.conf"
    FAKE_BURN=1 harness_run 0 --repetitions 1 --out "$work/base.json" "$work/c.conf"
    edit_json "$work/base.json" "$work/fast-machine.json" '
for b in d["benchmarks"]: b["cpu_time"] /= 1e6
d["context"]["calibration"]["cpu_time_min"] /= 1e6'
    # (--threshold 100: the calibration is timed afresh in each run, and on a loaded machine two
    # runs' calibrations can differ by more than the default 10%; a million times cannot.)
    FAKE_BURN=1 harness_run 0 --repetitions 1 --threshold 100 \
        --baseline "$work/fast-machine.json" "$work/c.conf"
    grep -q "solve/a .* ok" "$err" || fail "a faster machine's baseline counted as a slowdown"
    # ...and a baseline whose raw times are slower than this run's, from a machine a million
    # times slower, is a slowdown once divided by the calibration.
    edit_json "$work/base.json" "$work/slow-machine.json" '
for b in d["benchmarks"]: b["cpu_time"] *= 2
d["context"]["calibration"]["cpu_time_min"] *= 1e6'
    FAKE_BURN=1 harness_run 1 --repetitions 1 --baseline "$work/slow-machine.json" \
        "$work/c.conf"
    expect_err "solve/a .*FAIL: slower than the threshold"
    ;;
recorded)
    # The result records the calibration and the minimum, and no absolute path.
    three_configs "$work/c.conf"
    harness_run 0 --repetitions 2 --out "$work/r.json" "$work/c.conf"
    grep -q '"real_time_min": [0-9]' "$work/r.json" || fail "no calibration"
    grep -q '"cpu_time_min": [0-9]' "$work/r.json" || fail "no CPU calibration"
    grep -q '"name": "sweep/c_min"' "$work/r.json" || fail "no minimum"
    grep -q '"name": "sweep/c_median"' "$work/r.json" || fail "no median"
    ! grep -q -e "\"$work" -e "\"$src" -e '": "/' "$work/r.json" || fail "an absolute path recorded"
    ;;
bad-config)
    printf 'solve/a solve a.xml\nsolve/lonely\n' >"$work/c.conf"
    harness_run 2 --repetitions 1 "$work/c.conf"
    expect_err "c.conf:2: a name needs the command's arguments after it"
    printf 'solve/a solve a.xml\n\n# comment\nsolve/a solve b.xml\n' >"$work/c.conf"
    harness_run 2 --repetitions 1 "$work/c.conf"
    expect_err "c.conf:4: 'solve/a' is already the name of line 1"
    printf 'solve/a exit=300 solve a.xml\n' >"$work/c.conf"
    harness_run 2 --repetitions 1 "$work/c.conf"
    expect_err "c.conf:1: exit= needs a status from 0 to 255"
    printf '# nothing\n' >"$work/c.conf"
    harness_run 2 --repetitions 1 "$work/c.conf"
    expect_err "no configuration in it"
    harness_run 2 --repetitions 1 "$work/absent.conf"
    harness_run 2 --repetitions 0 "$work/c.conf"
    harness_run 2 --threshold x "$work/c.conf"
    harness_run 2 --time wall "$work/c.conf"
    [ ! -s "$log" ] || fail "something ran"
    ;;
bad-baseline)
    three_configs "$work/c.conf"
    echo '{"benchmark": []}' >"$work/other.json"
    harness_run 3 --repetitions 1 --baseline "$work/other.json" "$work/c.conf"
    expect_err "is not a result file"
    echo 'not json' >"$work/bad.json"
    harness_run 3 --repetitions 1 --baseline "$work/bad.json" "$work/c.conf"
    expect_err "cannot read the baseline"
    ;;
*)
    fail "unknown case"
    ;;
esac
exit 0
