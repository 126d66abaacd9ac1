#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The HTML report: html_render_test.sh CASE FOOTPRINT SOURCE_DIR PNG_STATS.
# Cases solve and sweep (label `render`): footprint writes the report (solve with
# --stability, or a sweep), headless Chromium (Debian's chromium, installed by quickstart.sh)
# screenshots it, and png_stats decodes the PNG and fails on a blank image or on a chart colour
# missing from it. A missing chromium fails the test: nothing is skipped. The valgrind pass
# runs -L cli, so it never runs a browser.
# Cases report-* (label `cli`, run under FPT_WRAPPER too) need no browser: the option's exit
# statuses and files.
set -u
case_name=$1
fp=$2
src=$3
png_stats=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report=$work/report.html
png=$work/report.png

fail() {
    echo "FAIL [$case_name]: $*" >&2
    for f in "$work"/*.log; do
        [ -e "$f" ] && { echo "--- $(basename "$f")" >&2; tail -20 "$f" >&2; }
    done
    exit 1
}

run() { # run EXPECTED-STATUS ARGS...
    local expected=$1
    shift
    # shellcheck disable=SC2086 # FPT_WRAPPER (e.g. valgrind …) is a command line
    ${FPT_WRAPPER:-} "$fp" "$@" >"$work/stdout.log" 2>"$work/stderr.log"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

model=$src/models/england2013.xml
case $case_name in
report-infeasible) # the clashes instead of the table; the exit status says infeasible
    run 4 solve "$model" "$src/tests/cli/data/infeasible-pool.xml" --report "$report"
    grep -q 'id="no-plan"' "$report" || fail "no 'No plan' section"
    grep -q "<li>skill pool &#39;analysts&#39;" "$report" || fail "the clash is not listed"
    ! grep -q 'class="assignment"' "$report" || fail "a table for an infeasible scenario"
    exit 0
    ;;
report-unwritable) # exit 6, and nothing left behind
    run 6 solve "$model" "$src/scenarios/hub5m.xml" --report "$work/missing-dir/r.html"
    grep -q "missing-dir/r.html" "$work/stderr.log" || fail "the message does not name the file"
    [ -z "$(ls -A "$work" | grep -v '\.log$')" ] || fail "files left behind: $(ls -A "$work")"
    exit 0
    ;;
report-usage)
    run 2 solve "$model" "$src/scenarios/hub5m.xml" --report
    grep -q "needs a value" "$work/stderr.log" || fail "no usage message"
    exit 0
    ;;
report-sweep-merge) # a sweep's report and a merge's of its shards
    run 0 sweep "$model" "$src/tests/data/mc-small.xml" --threads 2 --report "$report"
    run 0 sweep "$model" "$src/tests/data/mc-small.xml" --shard 1/2 --output "$work/s1"
    run 0 sweep "$model" "$src/tests/data/mc-small.xml" --shard 2/2 --output "$work/s2"
    run 0 merge "$model" "$src/tests/data/mc-small.xml" "$work/s1" "$work/s2" \
        --output "$work/all" --report "$work/merged.html"
    cmp -s "$report" "$work/merged.html" || fail "the merged report differs from one run's"
    grep -q '40 with a plan' "$report" || fail "the report does not count 40 plans"
    exit 0
    ;;
report-sweep-infeasible) # counts by reason, and each axis value's plans and infeasible ones
    run 0 sweep "$model" "$src/tests/data/mc-infeasible.xml" --threads 2 --report "$report"
    # (By its words, not as the last line: a memory checker may add its own lines after it.)
    grep '^36 scenarios: ' "$work/stderr.log" | tail -n 1 >"$work/line.log"
    reasons=$(sed -n 's/^36 scenarios: 20 with a plan, 16 infeasible — \(.*\)$/\1/p' "$work/line.log")
    [ -n "$reasons" ] || fail "the counts line reads: $(cat "$work/line.log")"
    grep -q "16 infeasible ($reasons)" "$report" || fail "the report's reasons differ: $reasons"
    grep -q '<h3 id="feasibility">Where plans stop being feasible</h3>' "$report" ||
        fail "no table of feasibility along the axes"
    grep -q '<tr class="infeasible"><td class="n">12</td><td class="n">12</td><td class="n">0</td><td class="n">12</td>' \
        "$report" || fail "an allowance of 12 is not shown infeasible in all 12 scenarios"
    exit 0
    ;;
esac

# The chart fills the screenshot must show (html_report.c): each RRGGBB:minimum pixels.
case $case_name in
solve)
    "$fp" solve "$src/models/england2013.xml" "$src/scenarios/hub5m.xml" --stability \
        --report "$report" >"$work/footprint.log" 2>&1 ||
        fail "footprint solve exited $?"
    # stability band; local and national levels; the back-office category's bar segments;
    # the why charts' scale (T6) and local-knowledge (T1) segments and the fragile badge
    colours=(41ab5d:1000 c7e9b4:500 081d58:300 b07aa1:2000 e6ab02:20000 1b9e77:3000 b35806:300)
    grep -c '<g class="why-chart">' "$report" | grep -qx 31 || fail "not one why chart per function"
    ;;
solve-transition)
    "$fp" solve "$src/models/england2013.xml" "$src/scenarios/hub5m-transition.xml" \
        --report "$report" >"$work/footprint.log" 2>&1 ||
        fail "footprint solve exited $?"
    # the transition's segments on the why bars beside the scale segments, the column
    colours=(386cb0:3000 e6ab02:20000)
    grep -q '<th class="n">Transition<br>£k once</th>' "$report" || fail "no transition column"
    grep -q 'text-anchor="start">transition</text>' "$report" || fail "no transition in the legend"
    grep -q 'and the transition from the current footprint £' "$report" || fail "no summary"
    ;;
sweep)
    "$fp" sweep "$src/models/england2013.xml" "$src/tests/data/mc-small.xml" --threads 2 \
        --report "$report" >"$work/footprint.log" 2>&1 ||
        fail "footprint sweep exited $?"
    # acceptability segments of the local, hub and national levels, far beyond the swatches
    colours=(c7e9b4:20000 41b6c4:20000 081d58:20000)
    ;;
*)
    fail "unknown case"
    ;;
esac
[ -s "$report" ] || fail "no report written"
! grep -q -i -e '<script' -e 'http://' -e 'https://' "$report" || fail "the report loads something"

command -v chromium >/dev/null 2>&1 || fail "chromium is not installed (quickstart.sh installs it)"
# The whole page fits 1200 x 8000, so every chart is in the screenshot.
HOME=$work timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --screenshot="$png" --window-size=1200,8000 \
    "file://$report" >"$work/chromium.log" 2>&1
status=$?
[ "$status" -eq 0 ] || fail "chromium exited $status"
[ -s "$png" ] || fail "chromium wrote no screenshot"
"$png_stats" "$png" 64 30 "${colours[@]}" >"$work/png_stats.log" 2>&1 || fail "the screenshot looks wrong"
cat "$work/png_stats.log"
