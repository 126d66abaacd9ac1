#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One case of the bad-input corpus end to end: bad_test.sh FILE FOOTPRINT SOURCE_DIR CORPUS.
# CORPUS is the folder tests/support/corpus.c generates from tests/bad/cases.txt (the single
# table, shared with test-load-bad); the case's resolved row in CORPUS/cases.txt gives the
# expected status, line and message, and its kind the reader: a model or scenario goes to
# `footprint solve`, a geography to `districts`, a sweep output to `merge` and to
# `sweep --resume` (which must leave it as it was), a JSON document to `diff`, a command line
# to `footprint` itself. The command must exit with the status's code (docs/cli.md) within
# 60 s, print file:line: message on stderr (the file being the case's own, or the data file
# its row names as OTHER:LINE; "footprint: message" for a command line) and nothing on
# stdout, leave no output file, never print the local file an entity names (/etc/passwd),
# and, when strace is installed, never open a socket. FPT_WRAPPER (e.g. valgrind …)
# prefixes the command; FPT_TRACE=0 turns strace off (LeakSanitizer cannot run under ptrace).
set -u
file=$1
fp=$2
src=$3
bad=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/stdout
err=$work/stderr

fail() {
    echo "FAIL [bad $file]: $*" >&2
    echo "--- stderr" >&2
    head -20 "$err" >&2
    exit 1
}

row=$(awk -v f="$file" '$1 == f { print; exit }' "$bad/cases.txt")
[ -n "$row" ] || fail "no row in cases.txt"
read -r _ kind status line text <<<"$row"

case $status in
FPT_EIO | FPT_EXML | FPT_ESCHEMA | FPT_EINVALID) expected=3 ;;
FPT_EUSAGE) expected=2 ;;
FPT_ESOLVER) expected=5 ;;
*) expected=70 ;;
esac

data=$src/tests/data
twins=("$data/twins-model.xml" "$data/twins-sweep.xml")
subject=$bad/$file # the path the message names
case $kind in
model) args=(solve "$bad/$file" "$data/tiny-scenario.xml" --output "$work/plan.txt" --write-lp "$work/plan.lp") ;;
scenario) args=(solve "$data/tiny-model.xml" "$bad/$file" --output "$work/plan.txt" --write-lp "$work/plan.lp") ;;
geography) args=(districts "$bad/$file" --units 2 --output "$work/units.csv") ;;
diff) args=(diff "$bad/$file" "$data/diff-a.json") ;;
sweep-csv | sweep-json)
    mkdir "$work/shard"
    name=scenarios.csv format=()
    if [ "$kind" = sweep-json ]; then
        name=sweep.json format=(--format json)
    fi
    cp "$bad/$file" "$work/shard/$name"
    subject=$work/shard/$name
    args=(merge "${twins[@]}" "$work/shard" --output "$work/merged" "${format[@]}")
    ;;
args)
    args=()
    while IFS= read -r word || [ -n "$word" ]; do
        word=${word//@DATA@/$data}
        args+=("${word//@OUT@/$work/out}")
    done <"$bad/$file"
    ;;
*) fail "unknown kind $kind" ;;
esac

# Record socket calls only when strace exists and nothing else wraps or traces the command.
trace=()
if [ -z "${FPT_WRAPPER:-}" ] && [ "${FPT_TRACE:-1}" != 0 ] && command -v strace >/dev/null 2>&1; then
    trace=(strace -f -qq -e trace=socket,connect -o "$work/trace")
fi
# shellcheck disable=SC2086 # FPT_WRAPPER is a command line
${trace[@]+"${trace[@]}"} timeout 60 ${FPT_WRAPPER:-} "$fp" "${args[@]}" >"$out" 2>"$err"
got=$?
[ "$got" -ne 124 ] || fail "still running after 60 s"
[ "$got" -eq "$expected" ] || fail "exit status $got, expected $expected"
case $line in
-) where=footprint ;;
0) where=$subject ;;
*:*) where=$bad/$line ;;
*) where=$subject:$line ;;
esac
grep -F -e "$where: " "$err" | grep -q -F -e "$text" ||
    fail "stderr lacks '$where: …$text'"
# A sweep output is read back by --resume too: the same refusal, and the file left as it was.
if [ "$kind" = sweep-csv ] || [ "$kind" = sweep-json ]; then
    # shellcheck disable=SC2086 # FPT_WRAPPER is a command line
    timeout 60 ${FPT_WRAPPER:-} "$fp" sweep "${twins[@]}" --output "$work/shard" --resume \
        "${format[@]}" >"$out" 2>"$err"
    got=$?
    [ "$got" -eq "$expected" ] || fail "--resume: exit status $got, expected $expected"
    grep -F -e "$where: " "$err" | grep -q -F -e "$text" ||
        fail "--resume: stderr lacks '$where: …$text'"
    cmp -s "$bad/$file" "$subject" || fail "--resume changed the file it refused"
    [ "$(ls -A "$work/shard")" = "$name" ] || fail "--resume wrote beside the file it refused"
    rm -rf "$work/shard"
fi
[ ! -s "$out" ] || fail "something on stdout"
! grep -q -e '^root:' -e ':/bin/' "$err" || fail "the local file's content was printed"
if [ -f "$work/trace" ]; then
    ! grep -q -e 'socket(' -e 'connect(' "$work/trace" || fail "network: $(head -3 "$work/trace")"
    rm -f "$work/trace"
fi
left=$(ls -A "$work" | grep -v -e '^stdout$' -e '^stderr$')
[ -z "$left" ] || fail "files left behind: $left"
echo "PASS [bad $file]"
