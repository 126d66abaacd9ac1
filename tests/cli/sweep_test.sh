#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of `footprint sweep`: sweep_test.sh CASE FOOTPRINT SOURCE_DIR.
set -u
case_name=$1
fp=$2
src=$3
data=$src/tests/data
england=$src/models/england2013.xml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr

fail() {
    echo "FAIL [$case_name]: $*" >&2
    head -20 "$out" "$err" >&2
    exit 1
}

run() { # run EXPECTED-STATUS ARGS...
    local expected=$1
    shift
    "$fp" "$@" >"$out" 2>"$err"
    local status=$?
    [ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected ($*)"
}

data_rows() { grep -v '^#' "$1" | tail -n +2; }

case $case_name in
csv-dir)
    run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --output "$work/out"
    [ "$(data_rows "$work/out/scenarios.csv" | wc -l)" -eq 6 ] || fail "expected 6 scenario rows"
    [ "$(data_rows "$work/out/summary.csv" | wc -l)" -eq 3 ] || fail "expected 2 functions + plan"
    ! grep -q '^#' "$work/out/"*.csv || fail "a comment line in a CSV"
    grep -q '"model_fnv1a64": "[0-9a-f]\{16\}"' "$work/out/provenance.json" || fail "no provenance"
    grep -q '^4,0,10,5.5,10,1,1,1,1,1,1,1,1000000,optimal,,[0-9.]*,0,yes,' "$work/out/scenarios.csv" || fail "tie not reported"
    [ "$(ls "$work/out")" = "$(printf 'infeasible.csv\nprovenance.json\nscenarios.csv\nsummary.csv\nsweep.json')" ] ||
        fail "stray files"
    [ "$(data_rows "$work/out/infeasible.csv" | wc -l)" -eq 0 ] || fail "infeasible reasons"
    grep -q '^6 scenarios: 6 with a plan, 0 infeasible$' "$err" || fail "no line of counts"
    ;;
json-stdout)
    run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --format json
    for key in provenance scenarios summary level_shares cost_per_head_gbp tie_broken; do
        grep -q "\"$key\":" "$out" || fail "JSON lacks $key"
    done
    ;;
threads-identical)
    run 0 sweep "$england" "$data/mc-small.xml" --threads 1 --output "$work/a"
    run 0 sweep "$england" "$data/mc-small.xml" --threads 2 --output "$work/b"
    cmp -s "$work/a/scenarios.csv" "$work/b/scenarios.csv" || fail "scenarios differ"
    cmp -s "$work/a/summary.csv" "$work/b/summary.csv" || fail "summaries differ"
    ;;
shards-union)
    run 0 sweep "$england" "$data/mc-small.xml" --output "$work/all"
    run 0 sweep "$england" "$data/mc-small.xml" --shard 1/2 --output "$work/s1"
    run 0 sweep "$england" "$data/mc-small.xml" --shard 2/2 --output "$work/s2"
    cat <(data_rows "$work/s1/scenarios.csv") <(data_rows "$work/s2/scenarios.csv") >"$work/u"
    data_rows "$work/all/scenarios.csv" | cmp -s - "$work/u" || fail "shards do not add up"
    [ -s "$work/u" ] || fail "empty shards"
    ;;
merge-csv | merge-json)
    fmt=${case_name#merge-}
    run 0 sweep "$england" "$data/mc-small.xml" --format "$fmt" --output "$work/all"
    for k in 1 2 3; do
        run 0 sweep "$england" "$data/mc-small.xml" --format "$fmt" --shard "$k/3" --output "$work/s$k"
    done
    run 0 merge "$england" "$data/mc-small.xml" "$work/s3" "$work/s1" "$work/s2" --format "$fmt" \
        --output "$work/merged"
    diff -r "$work/all" "$work/merged" >/dev/null || fail "merged output differs from one run"
    ;;
merge-refuses)
    run 0 sweep "$england" "$data/mc-small.xml" --shard 1/2 --output "$work/s1"
    run 3 merge "$england" "$data/mc-small.xml" "$work/s1" --output "$work/m"
    grep -q "is in none of the shards" "$err" || fail "missing scenarios not named"
    run 3 merge "$england" "$data/mc-small.xml" "$work/s1" "$work/s1" --output "$work/m"
    grep -q "another shard already holds" "$err" || fail "duplicate shard not refused"
    sed 's/seed="7"/seed="9"/' "$data/mc-small.xml" >"$work/other.xml"
    run 3 merge "$england" "$work/other.xml" "$work/s1" --output "$work/m"
    grep -q "its provenance differs" "$err" || fail "another sweep not refused"
    [ ! -e "$work/m" ] || fail "output written after a failed merge"
    ;;
resume)
    # A partial output, as an interrupted run leaves it, is finished by --resume exactly as
    # one uninterrupted run writes it: from a shard's output, and from a truncated file.
    for fmt in csv json; do
        run 0 sweep "$england" "$data/mc-small.xml" --format $fmt --output "$work/all-$fmt"
        run 0 sweep "$england" "$data/mc-small.xml" --format $fmt --shard 2/3 --output "$work/part-$fmt"
        run 0 sweep "$england" "$data/mc-small.xml" --format $fmt --resume --output "$work/part-$fmt"
        diff -r "$work/all-$fmt" "$work/part-$fmt" >/dev/null || fail "$fmt resume differs"
    done
    # The CSV files round their numbers: --resume reads the exact sweep.json beside them.
    mkdir "$work/cut"
    run 0 sweep "$england" "$data/mc-small.xml" --shard 1/3 --output "$work/s1"
    cp "$work/s1/sweep.json" "$work/cut/"
    run 0 sweep "$england" "$data/mc-small.xml" --resume --output "$work/cut"
    diff -r "$work/all-csv" "$work/cut" >/dev/null || fail "resume from a cut file differs"
    run 2 sweep "$england" "$data/mc-small.xml" --resume
    ;;
warm-infeasible)
    # Regression: a sweep's solver starts each scenario's relaxation from the basis the one
    # before left. From an infeasible scenario's (25808), GLPK's dual simplex called the next
    # one (25809) infeasible, though it has plans; the sweep then reported it as an error
    # ("the elastic plan breaks no constraint group"). The 16 scenarios of that chunk must all
    # be solved, 25809 with a plan.
    sed 's/samples="20"/samples="20000"/' "$data/mc-small.xml" >"$work/mc.xml"
    run 0 sweep "$england" "$work/mc.xml" --shard 1614/2500 --format json --output "$work/out"
    python3 - "$work/out/sweep.json" <<'EOF' || fail "see above"
import json, sys
doc = json.load(open(sys.argv[1]))
by = {s["index"]: s for s in doc["scenarios"]}
assert sorted(by) == list(range(25808, 25824)), sorted(by)
assert all(s["status"] != "error" for s in by.values()), [s for s in by.values() if s["status"] == "error"]
assert by[25808]["status"] == "infeasible", by[25808]["status"]
assert by[25809]["status"] == "optimal" and by[25809]["cost_gbp"] > 0, by[25809]
EOF
    ;;
resume-error)
    # A scenario that could not be built or solved is written with its message and no
    # population (null); merge and --resume read it back as it was written.
    run 0 sweep "$england" "$data/mc-small.xml" --format json --shard 1/2 --output "$work/a"
    run 0 sweep "$england" "$data/mc-small.xml" --format json --shard 2/2 --output "$work/b"
    python3 - "$work/a/sweep.json" <<'EOF' || fail "see above"
import json, sys
doc = json.load(open(sys.argv[1]))
s = doc["scenarios"][3]
for k in list(s):
    if k not in ("index", "sample", "axes"):
        del s[k]
s["weights"] = {k: 0 for k in doc["scenarios"][0]["weights"]}
s["population"] = None
s["status"] = "error"
s["message"] = "a test's failure"
json.dump(doc, open(sys.argv[1], "w"))
EOF
    run 0 merge "$england" "$data/mc-small.xml" "$work/a" "$work/b" --format json --output "$work/m"
    python3 - "$work/m/sweep.json" <<'EOF' || fail "see above"
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"][3]
assert s["status"] == "error" and s["message"] == "a test's failure" and s["population"] is None, s
EOF
    mkdir "$work/r" && cp "$work/a/sweep.json" "$work/r/"
    run 0 sweep "$england" "$data/mc-small.xml" --format json --resume --output "$work/r"
    cmp -s "$work/m/sweep.json" "$work/r/sweep.json" || fail "--resume and merge differ"
    ;;
infeasible-reasons)
    # Every infeasible scenario has its reason, solve's explanation and its exact clashes, in
    # CSV and JSON alike; infeasible.csv and the JSON count them by reason; the last line on
    # standard error says the same.
    run 0 sweep "$england" "$data/mc-infeasible.xml" --output "$work/csv"
    tail -n 1 "$err" >"$work/line"
    run 0 sweep "$england" "$data/mc-infeasible.xml" --format json --output "$work/json"
    python3 - "$work/csv" "$work/json/sweep.json" "$work/line" <<'EOF' || fail "see above"
import collections, csv, json, sys
rows = list(csv.DictReader(l for l in open(sys.argv[1] + "/scenarios.csv") if not l.startswith("#")))
doc = json.load(open(sys.argv[2]))
line = open(sys.argv[3]).read().strip()
bad = [r for r in rows if r["status"] == "infeasible"]
assert len(bad) >= 10, len(bad)
for r in rows:
    assert bool(r["reason"]) == (r["status"] == "infeasible"), r["index"]
    assert bool(r["clashes"]) == bool(r["explanation"]) == bool(r["reason"]), r["index"]
for r, s in zip(rows, doc["scenarios"]):
    assert int(r["index"]) == s["index"]
    if r["reason"]:
        assert s["reason"] == r["reason"] and "; ".join(s["explanation"]) == r["explanation"]
        assert len(s["clashes"]) == r["reason"].count("+") + 1
        for c in s["clashes"]:
            if c["kind"] != "locks":
                assert c["needed"] > c["available"]
                assert abs(c["shortfall"] - (c["needed"] - c["available"])) < 1e-6
by = collections.Counter(r["reason"] for r in bad)
table = [l.strip().split(",") for l in open(sys.argv[1] + "/infeasible.csv") if not l.startswith("#")][1:]
assert {t[0]: int(t[1]) for t in table} == by, (table, by)
assert [int(t[1]) for t in table] == sorted(by.values(), reverse=True)
assert doc["infeasible"]["scenarios"] == len(bad)
assert {x["reason"]: x["scenarios"] for x in doc["infeasible"]["reasons"]} == by
plans = sum(r["status"] == "optimal" for r in rows)
assert line.startswith(f"{len(rows)} scenarios: {plans} with a plan, {len(bad)} infeasible — "), line
top, n = by.most_common(1)[0]
assert f"{top.replace('pool:', '')} {n}" in line, line
EOF
    ;;
infeasible-identical)
    # The reasons are the same at 1 and 2 threads, through shards and a merge, and on resume.
    for fmt in csv json; do
        run 0 sweep "$england" "$data/mc-infeasible.xml" --format $fmt --threads 1 --output "$work/a-$fmt"
        run 0 sweep "$england" "$data/mc-infeasible.xml" --format $fmt --threads 2 --output "$work/b-$fmt"
        diff -r "$work/a-$fmt" "$work/b-$fmt" >/dev/null || fail "$fmt: 1 and 2 threads differ"
        for k in 1 2; do
            run 0 sweep "$england" "$data/mc-infeasible.xml" --format $fmt --shard "$k/2" \
                --output "$work/s$k-$fmt"
        done
        run 0 merge "$england" "$data/mc-infeasible.xml" "$work/s2-$fmt" "$work/s1-$fmt" \
            --format $fmt --output "$work/m-$fmt"
        diff -r "$work/a-$fmt" "$work/m-$fmt" >/dev/null || fail "$fmt: the merge differs"
        run 0 sweep "$england" "$data/mc-infeasible.xml" --format $fmt --resume \
            --output "$work/s1-$fmt"
        diff -r "$work/a-$fmt" "$work/s1-$fmt" >/dev/null || fail "$fmt: the resume differs"
    done
    grep -q ',budget,' "$work/a-csv/scenarios.csv" || fail "no budget row"
    ;;
infeasible-broken)
    # A shard whose clashes do not read back is refused, naming the file.
    run 0 sweep "$england" "$data/mc-infeasible.xml" --shard 1/2 --output "$work/s1"
    sed -i 's|"pool": "clinical-nurses"|"pool": "no-such-pool"|' "$work/s1/sweep.json"
    run 3 merge "$england" "$data/mc-infeasible.xml" "$work/s1" --output "$work/m"
    grep -q 'sweep.json.*without clashes that read as such' "$err" || fail "not refused"
    ;;
robust-identical)
    # The robust table is the same at 1 and 2 threads, through shards and a merge, and on
    # resume, in both formats.
    for fmt in csv json; do
        run 0 sweep "$england" "$data/mc-infeasible.xml" --robust --format $fmt --threads 1 \
            --output "$work/a-$fmt"
        run 0 sweep "$england" "$data/mc-infeasible.xml" --robust --format $fmt --threads 2 \
            --output "$work/b-$fmt"
        diff -r "$work/a-$fmt" "$work/b-$fmt" >/dev/null || fail "$fmt: 1 and 2 threads differ"
        for k in 1 2 3; do
            run 0 sweep "$england" "$data/mc-infeasible.xml" --format $fmt --shard "$k/3" \
                --output "$work/s$k-$fmt"
        done
        run 0 merge "$england" "$data/mc-infeasible.xml" "$work/s3-$fmt" "$work/s1-$fmt" \
            "$work/s2-$fmt" --robust --format $fmt --output "$work/m-$fmt"
        diff -r "$work/a-$fmt" "$work/m-$fmt" >/dev/null || fail "$fmt: the merge differs"
        run 0 sweep "$england" "$data/mc-infeasible.xml" --robust --format $fmt --resume \
            --output "$work/s2-$fmt"
        diff -r "$work/a-$fmt" "$work/s2-$fmt" >/dev/null || fail "$fmt: the resume differs"
    done
    [ "$(grep -vc '^#' "$work/a-csv/robust.csv")" -gt 3 ] || fail "too few robust plans"
    grep -q '"robust": {' "$work/a-json/sweep.json" || fail "no robust object in JSON"
    ;;
robust-twins)
    # The twins: three optimal plans; at 95% only (national, national) qualifies, at 60%
    # (local, national) is recommended on both counts; the line and the report say so.
    run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --robust --output "$work/a" \
        --report "$work/a.html"
    grep -q '^1,4,0,6,1,.*,minimax+expected,national,national$' "$work/a/robust.csv" ||
        fail "plan 1 is not recommended at 95%"
    grep -q 'least worst-case regret plan 1 .*, also the least expected objective$' "$err" ||
        fail "the line does not say plan 1"
    run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --robust-share 60 --output "$work/b"
    grep -q '^2,1,4,4,0.666667,.*,minimax+expected,local,national$' "$work/b/robust.csv" ||
        fail "plan 2 is not recommended at 60%"
    [ "$(grep -c '<circle class="plan"' "$work/a.html")" -eq 3 ] || fail "not three plans drawn"
    grep -q '<h2 id="robust">The robust plan</h2>' "$work/a.html" || fail "no robust section"
    run 2 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --robust-share 101
    ;;
bad-shard)
    run 2 sweep "$england" "$data/mc-small.xml" --shard 0/2
    run 2 sweep "$england" "$data/mc-small.xml" --shard 3/2
    run 2 sweep "$england" "$data/mc-small.xml" --shard x
    grep -q "K/N" "$err" || fail "no explanation"
    ;;
bad-threads)
    run 2 sweep "$england" "$data/mc-small.xml" --threads 0
    ;;
output-unwritable)
    run 6 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" --output "$work/no/such/dir"
    [ ! -e "$work/no" ] || fail "created something"
    grep -q "the directory '$work/no' does not exist" "$err" || fail "the missing directory unnamed"
    ;;
interrupt)
    for sig in INT TERM; do
        rm -rf "$work/out"
        "$fp" sweep "$england" "$data/mc-long.xml" --output "$work/out" >"$out" 2>"$err" &
        pid=$!
        sleep 1
        kill -"$sig" "$pid"
        wait "$pid"
        status=$?
        [ "$status" -eq 130 ] || fail "SIG$sig: exit status $status, expected 130"
        grep -q "interrupted" "$err" || fail "SIG$sig: no message"
        [ -f "$work/out/scenarios.csv" ] || fail "SIG$sig: finished scenarios not written"
        rows=$(data_rows "$work/out/scenarios.csv" | wc -l)
        [ "$rows" -lt 20000 ] || fail "SIG$sig: all $rows rows: not interrupted"
        ls "$work/out" | grep -q XXXXXX && fail "SIG$sig: temporary file left"
    done
    ;;
threads-refused)
    # The system refuses the second thread: its stack (OMP_STACKSIZE, 1 TiB) does not fit
    # the address space allowed (4 GB). The OpenMP runtime would end the process with status
    # 1, which reads as "not proven optimal"; footprint says so and exits 70, writing nothing.
    limit=4000000
    (ulimit -v $limit && "$fp" --version >/dev/null 2>&1) || {
        echo "SKIP [$case_name]: the build does not run under ulimit -v (a sanitizer)" >&2
        exit 77
    }
    (
        ulimit -v $limit
        OMP_STACKSIZE=1024G run 70 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" \
            --threads 2 --output "$work/out"
    ) || exit 1
    grep -q "cannot start 2 threads, the system refused thread 2" "$err" || fail "no message"
    [ ! -e "$work/out" ] || [ -z "$(ls "$work/out")" ] || fail "wrote $(ls "$work/out")"
    (
        ulimit -v $limit
        OMP_STACKSIZE=1024G run 0 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" \
            --threads 1 --output "$work/one"
    ) || exit 1
    ;;
*)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "PASS [$case_name]"
