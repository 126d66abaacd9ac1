#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One case of the bad-input corpus end to end: bad_test.sh FILE FOOTPRINT SOURCE_DIR CORPUS.
# CORPUS is the folder tests/support/corpus.c generates from tests/bad/cases.txt (the single
# table, shared with test-load-bad); the case's resolved row in CORPUS/cases.txt gives the
# expected status, line and message. `footprint solve` must exit with the status's code
# (docs/cli.md), print file:line: message on stderr (the file being the case's own, or the
# data file its row names as OTHER:LINE) and nothing on stdout, leave no
# --output or --write-lp file, never print the local file an entity names (/etc/passwd),
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

if [ "$kind" = model ]; then
    args=(solve "$bad/$file" "$src/tests/data/tiny-scenario.xml")
else
    args=(solve "$src/tests/data/tiny-model.xml" "$bad/$file")
fi
args+=(--output "$work/plan.txt" --write-lp "$work/plan.lp")

# Record socket calls only when strace exists and nothing else wraps or traces the command.
trace=()
if [ -z "${FPT_WRAPPER:-}" ] && [ "${FPT_TRACE:-1}" != 0 ] && command -v strace >/dev/null 2>&1; then
    trace=(strace -f -qq -e trace=socket,connect -o "$work/trace")
fi
# shellcheck disable=SC2086 # FPT_WRAPPER is a command line
${trace[@]+"${trace[@]}"} ${FPT_WRAPPER:-} "$fp" "${args[@]}" >"$out" 2>"$err"
got=$?
[ "$got" -eq "$expected" ] || fail "exit status $got, expected $expected"
case $line in
*:*) where=$bad/$line ;;
*) where=$bad/$file:$line ;;
esac
grep -F -e "$where: " "$err" | grep -q -F -e "$text" ||
    fail "stderr lacks '$where: …$text'"
[ ! -s "$out" ] || fail "something on stdout"
! grep -q -e '^root:' -e ':/bin/' "$err" || fail "the local file's content was printed"
if [ -f "$work/trace" ]; then
    ! grep -q -e 'socket(' -e 'connect(' "$work/trace" || fail "network: $(head -3 "$work/trace")"
    rm -f "$work/trace"
fi
left=$(ls -A "$work" | grep -v -e '^stdout$' -e '^stderr$')
[ -z "$left" ] || fail "files left behind: $left"
echo "PASS [bad $file]"
