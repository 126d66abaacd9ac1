#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of `footprint diff`: diff_test.sh CASE FOOTPRINT SOURCE_DIR.
set -u
case_name=$1
fp=$2
d=$3/tests/data
out=$(mktemp)
trap 'rm -f "$out"' EXIT

expect() { # expect STATUS PATTERN ARGS...
    local status=$1 pattern=$2
    shift 2
    "$fp" diff "$@" >"$out" 2>&1
    local got=$?
    [ "$got" -eq "$status" ] || { echo "FAIL [$case_name]: exit $got, expected $status"; cat "$out"; exit 1; }
    grep -q -- "$pattern" "$out" || { echo "FAIL [$case_name]: no '$pattern'"; cat "$out"; exit 1; }
}

case $case_name in
same) expect 0 "0 level changes.*: ok" "$d/diff-a.json" "$d/diff-a.json" --fail-on-level-change ;;
level-reported) expect 0 "f1 moved from local to hub" "$d/diff-a.json" "$d/diff-level.json" ;;
level-fails) expect 7 "FAIL" "$d/diff-a.json" "$d/diff-level.json" --fail-on-level-change ;;
cost-under) expect 0 "largest cost-per-head change 3.0000% (limit 5.0000%): ok" \
    "$d/diff-a.json" "$d/diff-cost.json" --max-cost-change 5 ;;
cost-over) expect 7 "cost per head: £10.0000 -> £10.3000 (+3.0000%)" \
    "$d/diff-a.json" "$d/diff-cost.json" --max-cost-change 2 ;;
status-fails) expect 7 "status: optimal -> infeasible" "$d/diff-a.json" "$d/diff-infeasible.json" ;;
kinds) expect 3 "is a solve output but" "$d/diff-a.json" "$d/diff-sweep.json" ;;
broken) expect 3 "diff-broken.json:1: not a footprint JSON output" "$d/diff-a.json" "$d/diff-broken.json" ;;
missing) expect 3 "cannot read" "$d/diff-a.json" "$d/nope.json" ;;
usage) expect 2 "needs two JSON files" "$d/diff-a.json" ;;
*) echo "unknown case $case_name"; exit 2 ;;
esac
echo "PASS [$case_name]"
