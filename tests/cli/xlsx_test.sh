#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One end-to-end case of --format xlsx: xlsx_test.sh CASE FOOTPRINT SOURCE_DIR PYTHON.
# Each workbook is read back by xlsx_check.py (openpyxl, run by PYTHON) against the same run's
# JSON, CSV or HTML output; the cases also check the rules of a binary output (--output, a
# terminal, a pipe), atomic writes and byte-identical workbooks. FPT_WRAPPER, when set,
# prefixes every run of the command (tests/cli/case.sh).
set -u
case_name=$1
fp=$2
src=$3
python=$4
data=$src/tests/data
england=$src/models/england2013.xml
hub5m=$src/scenarios/hub5m.xml
tiny=$data/tiny-model.xml
real=$data/real-tiny.xml
geo=$data/geo-tiny.csv
check=$src/tests/cli/xlsx_check.py
# shellcheck source=case.sh
. "$(dirname "$0")/case.sh"
# libxlsxwriter's temporary files and the book's own go to a private TMPDIR, which must be
# empty again after every run.
export TMPDIR=$work/tmp
mkdir "$TMPDIR"

"$python" -c 'import openpyxl' 2>/dev/null ||
    fail "$python cannot import openpyxl (Debian's python3-openpyxl; ./quickstart.sh installs it)"

expect_clean_tmp() {
    [ -z "$(ls -A "$TMPDIR")" ] || fail "temporary files left in TMPDIR: $(ls -A "$TMPDIR")"
}

check_book() { # check_book KIND ARGS...: xlsx_check.py on one workbook
    "$python" "$check" "$@" 2>"$work/check.err" || fail "$(cat "$work/check.err")"
    expect_clean_tmp
}

# A scenario of the England model, two allowances by four draws: at £1 a head no plan is
# affordable, so the sweep holds infeasible rows with their empty cells.
write_mc_sweep() {
    cat >"$work/mc.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<scenario id="xlsx-mc">
  <title>England, two allowances by four draws</title>
  <population total="53107169"/>
  <skill-supply pool="analysts" supply-wte="550" premium-gbp="6000"/>
  <sweep>
    <axis target="finance.allowance-per-head-gbp" values="1 25"/>
  </sweep>
  <monte-carlo samples="4" seed="11" weights="true" rating-up="0.1" rating-down="0.1"/>
</scenario>
XML
}

case $case_name in
solve)
    run 0 solve "$england" "$hub5m" --format xlsx --output "$work/plan.xlsx"
    [ ! -s "$out" ] || fail "a workbook to --output printed on standard output"
    run 0 solve "$england" "$hub5m" --format json --output "$work/plan.json" \
        --report "$work/plan.html"
    check_book solve "$work/plan.xlsx" "$work/plan.json" "$work/plan.html" "$england" "$hub5m"
    # the same run writes the same bytes (no date or time inside)
    run 0 solve "$england" "$hub5m" -f xlsx -o "$work/again.xlsx"
    cmp -s "$work/plan.xlsx" "$work/again.xlsx" || fail "two runs wrote different workbooks"
    ;;
solve-transition)
    # The transition's columns (terms and prices sheets) and totals, against the JSON
    tr=$src/scenarios/hub5m-transition.xml
    run 0 solve "$england" "$tr" --format xlsx --output "$work/t.xlsx"
    run 0 solve "$england" "$tr" --format json --output "$work/t.json" --report "$work/t.html"
    check_book solve "$work/t.xlsx" "$work/t.json" "$work/t.html" "$england" "$tr"
    ;;
solve-stability)
    run 0 solve "$tiny" "$data/tiny-scenario.xml" --stability --format xlsx -o "$work/s.xlsx"
    run 0 solve "$tiny" "$data/tiny-scenario.xml" --stability --format json -o "$work/s.json" \
        --report "$work/s.html"
    check_book solve "$work/s.xlsx" "$work/s.json" "$work/s.html" "$tiny" "$data/tiny-scenario.xml"
    ;;
solve-why-tied-held)
    # The why and prices sheets of twins the tie rule separates, one held by its pool
    # (tests/cli/why_test.sh "tie"): tied, held and a pool's name in the why sheet
    sed -e 's/supply-wte="100"/supply-wte="5.5"/' \
        -e 's|</levels>|</levels><weights local-knowledge="5" visibility="1" links="1" scarcity="1" min-team="1" scale="1" duplication="1" development="1"/>|' \
        "$data/twins-base.xml" >"$work/twins.xml"
    run 0 solve "$data/twins-model.xml" "$work/twins.xml" -f xlsx -o "$work/t.xlsx"
    run 0 solve "$data/twins-model.xml" "$work/twins.xml" -f json -o "$work/t.json" \
        --report "$work/t.html"
    grep -q '"tied": true' "$work/t.json" && grep -q '"by": "pool"' "$work/t.json" ||
        fail "the twins are not tied and held"
    check_book solve "$work/t.xlsx" "$work/t.json" "$work/t.html" "$data/twins-model.xml" \
        "$work/twins.xml"
    ;;
solve-real-units)
    run 0 solve "$tiny" "$real" --format xlsx -o "$work/r.xlsx"
    run 0 solve "$tiny" "$real" --format json -o "$work/r.json" --report "$work/r.html"
    check_book solve "$work/r.xlsx" "$work/r.json" "$work/r.html" "$tiny" "$real"
    ;;
solve-infeasible)
    infeasible=$src/tests/cli/data/infeasible-pool.xml
    run 4 solve "$england" "$infeasible" --format xlsx -o "$work/i.xlsx"
    expect_err "infeasible"
    run 4 solve "$england" "$infeasible" --format json -o "$work/i.json" --report "$work/i.html"
    check_book solve "$work/i.xlsx" "$work/i.json" "$work/i.html" "$england" "$infeasible"
    ;;
sweep)
    write_mc_sweep
    run 0 sweep "$england" "$work/mc.xml" --format xlsx -o "$work/one" --threads 1
    [ "$(ls "$work/one")" = "sweep.xlsx" ] || fail "the directory holds $(ls "$work/one")"
    run 0 sweep "$england" "$work/mc.xml" --format json -o "$work/json"
    grep -q '"status": "infeasible"' "$work/json/sweep.json" || fail "no infeasible scenario"
    check_book sweep "$work/one/sweep.xlsx" "$work/json/sweep.json" "$england" "$work/mc.xml"
    run 0 sweep "$england" "$work/mc.xml" --format xlsx -o "$work/two" --threads 2
    cmp -s "$work/one/sweep.xlsx" "$work/two/sweep.xlsx" ||
        fail "the workbook differs between one and two threads"
    # --robust adds the robust plans sheet
    run 0 sweep "$england" "$work/mc.xml" --format xlsx -o "$work/robust" --robust
    run 0 sweep "$england" "$work/mc.xml" --format json -o "$work/robust-json" --robust
    grep -q '"recommended": "[a-z]' "$work/robust-json/sweep.json" || fail "no plan recommended"
    check_book sweep "$work/robust/sweep.xlsx" "$work/robust-json/sweep.json" "$england" \
        "$work/mc.xml"
    ;;
merge)
    # shards written as CSV and as JSON, merged into one workbook: the single run's bytes
    write_mc_sweep
    run 0 sweep "$england" "$work/mc.xml" --format xlsx -o "$work/whole" --robust
    run 0 sweep "$england" "$work/mc.xml" --shard 1/2 -o "$work/s1"
    run 0 sweep "$england" "$work/mc.xml" --shard 2/2 -f json -o "$work/s2"
    run 0 merge "$england" "$work/mc.xml" "$work/s2" "$work/s1" --format xlsx -o "$work/merged" \
        --robust
    cmp -s "$work/whole/sweep.xlsx" "$work/merged/sweep.xlsx" ||
        fail "the merged workbook differs from one run's"
    run 2 sweep "$england" "$work/mc.xml" --format xlsx -o "$work/s3" --shard 1/2
    expect_err "not for --shard"
    run 2 sweep "$england" "$work/mc.xml" --format xlsx -o "$work/whole" --resume
    expect_err "not read back by --resume"
    [ ! -e "$work/s3" ] || fail "a refused sweep made its directory"
    ;;
interrupt)
    # SIGINT stops a sweep cleanly: the workbook holds the scenarios finished
    "$fp" sweep "$england" "$data/mc-long.xml" -f xlsx -o "$work/out" >"$out" 2>"$err" &
    pid=$!
    sleep 1
    kill -INT "$pid"
    wait "$pid"
    status=$?
    [ "$status" -eq 130 ] || fail "exit status $status, expected 130"
    expect_err "the workbook holds the [0-9]* scenarios finished"
    rows=$("$python" -c '
import sys, openpyxl
print(openpyxl.load_workbook(sys.argv[1], read_only=True)["scenarios"].max_row - 1)' \
        "$work/out/sweep.xlsx") || fail "no readable workbook after the interruption"
    [ "$rows" -lt 20000 ] || fail "$rows scenarios: not interrupted"
    expect_clean_tmp
    ;;
size)
    run 0 size "$tiny" "$real" --function bi-data --units 4..6 --format xlsx -o "$work/z.xlsx"
    run 0 size "$tiny" "$real" --function bi-data --units 4..6 --format json -o "$work/z.json"
    run 0 size "$tiny" "$real" --function bi-data --units 4..6 -o "$work/z.txt"
    grep -q '"districting": "infeasible"' "$work/z.json" || fail "no infeasible K"
    grep -q '^The least weighted total is at' "$work/z.txt" || fail "no note of an edge"
    check_book size "$work/z.xlsx" "$work/z.json" "$work/z.txt" "$tiny" "$real"
    # the least total at one unit, an edge that cannot move: no note
    run 0 size "$tiny" "$real" --function bi-data --units 1..3 --format xlsx -o "$work/y.xlsx"
    run 0 size "$tiny" "$real" --function bi-data --units 1..3 --format json -o "$work/y.json"
    run 0 size "$tiny" "$real" --function bi-data --units 1..3 -o "$work/y.txt"
    check_book size "$work/y.xlsx" "$work/y.json" "$work/y.txt" "$tiny" "$real"
    ;;
districts)
    run 0 districts "$geo" --units 2 --format xlsx -o "$work/d.xlsx"
    run 0 districts "$geo" --units 2 --format json -o "$work/d.json"
    run 0 districts "$geo" --units 2 --format csv -o "$work/d.csv"
    check_book districts "$work/d.xlsx" "$work/d.json" "$work/d.csv" "$geo"
    # no partition: the units and CCGs sheets are empty tables, the summary says why
    run 4 districts "$geo" --units 2 --tolerance 0.01 --format xlsx -o "$work/n.xlsx"
    run 4 districts "$geo" --units 2 --tolerance 0.01 --format json -o "$work/n.json"
    run 4 districts "$geo" --units 2 --tolerance 0.01 --format csv -o "$work/n.csv"
    check_book districts "$work/n.xlsx" "$work/n.json" "$work/n.csv" "$geo"
    ;;
output-rules)
    # a binary workbook needs --output, for every command that writes one
    run 2 solve "$england" "$hub5m" --format xlsx
    expect_err "give --output FILE"
    run 2 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" -f xlsx
    expect_err "give --output DIR"
    run 2 size "$tiny" "$real" --function bi-data -f xlsx
    run 2 districts "$geo" --units 2 -f xlsx
    [ ! -s "$out" ] || fail "a refused workbook wrote to standard output"
    # --output - into a file or down a pipe: the same bytes as --output FILE
    run 0 solve "$england" "$hub5m" -f xlsx -o "$work/plan.xlsx"
    run 0 solve "$england" "$hub5m" -f xlsx -o -
    cmp -s "$out" "$work/plan.xlsx" || fail "--output - wrote other bytes than --output FILE"
    # shellcheck disable=SC2086 # FPT_WRAPPER is a command line
    ${FPT_WRAPPER:-} "$fp" solve "$england" "$hub5m" -f xlsx -o - | cat >"$work/piped"
    cmp -s "$work/piped" "$work/plan.xlsx" || fail "--output - down a pipe wrote other bytes"
    run 0 districts "$geo" --units 2 -f xlsx -o -
    "$python" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).testzip()' "$out" ||
        fail "districts -o - did not write a workbook"
    # --output - onto a terminal is refused (script gives the command a pseudo-terminal)
    script -qec "$(printf '%q ' "$fp" solve "$england" "$hub5m" -f xlsx -o -)" /dev/null \
        >"$work/tty" 2>&1
    status=$?
    [ "$status" -eq 2 ] || fail "--output - on a terminal: exit $status, expected 2"
    grep -q "will not write a binary workbook to a terminal" "$work/tty" ||
        fail "--output - on a terminal: $(head -3 "$work/tty")"
    expect_clean_tmp
    ;;
unwritable)
    # the directory cannot be made (its parent is a file): exit 6, nothing left anywhere
    touch "$work/file"
    run 6 solve "$england" "$hub5m" -f xlsx -o "$work/file/plan.xlsx"
    expect_err "plan.xlsx"
    run 6 districts "$geo" --units 2 -f xlsx -o "$work/file/d.xlsx"
    run 6 sweep "$data/twins-model.xml" "$data/twins-sweep.xml" -f xlsx -o "$work/file/dir"
    [ "$(ls -A "$work" | grep -v -e '^stdout$' -e '^stderr$' -e '^file$' -e '^tmp$')" = "" ] ||
        fail "files left behind: $(ls -A "$work")"
    expect_clean_tmp
    # no temporary directory for the workbook: exit 6, and the target is not made (not under
    # FPT_WRAPPER: valgrind too needs a TMPDIR)
    TMPDIR=$work/none "$fp" solve "$england" "$hub5m" -f xlsx -o "$work/plan.xlsx" >"$out" 2>"$err"
    status=$?
    [ "$status" -eq 6 ] || fail "no TMPDIR: exit status $status, expected 6"
    expect_err "temporary file"
    [ ! -e "$work/plan.xlsx" ] || fail "a failed workbook left its file"
    # a directory that refuses writing (not for root, whom permissions do not stop)
    if [ "$(id -u)" -ne 0 ]; then
        mkdir "$work/ro" && chmod 555 "$work/ro"
        run 6 solve "$england" "$hub5m" -f xlsx -o "$work/ro/plan.xlsx"
        [ -z "$(ls -A "$work/ro")" ] || fail "files left in the read-only directory"
    fi
    ;;
*)
    fail "no such case"
    ;;
esac
exit 0
