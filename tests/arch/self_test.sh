#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layer check must fail when it should: a copy of solver/ with an upward include, and a
# two-file archive whose base file calls into cli/ and back (an upward call and a cycle).
set -euo pipefail
check=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cp -r "$src/solver" "$work/solver"
echo '#include "cli/cli.h"' >>"$work/solver/base/text.c"
out=$(python3 "$check" "$work/solver") && fail "an upward include passed"
grep -q 'base/text.c: base includes "cli/cli.h" of the later layer cli' <<<"$out" ||
    fail "upward include not named: $out"

mkdir -p "$work/mini/base" "$work/mini/cli"
printf 'void fpt_up(void);\nvoid fpt_down(void) { fpt_up(); }\n' >"$work/mini/base/low.c"
printf 'void fpt_down(void);\nvoid fpt_up(void) { fpt_down(); }\n' >"$work/mini/cli/high.c"
(cd "$work/mini" && cc -c base/low.c -o low.c.o && cc -c cli/high.c -o high.c.o &&
    ar rcs libmini.a low.c.o high.c.o)
out=$(python3 "$check" "$work/mini" "$work/mini/libmini.a") && fail "an upward call passed"
grep -q 'base/low.c: base calls fpt_up of the later layer cli' <<<"$out" ||
    fail "upward call not named: $out"
grep -q 'call cycle: cli/high.c -> base/low.c' <<<"$out" || fail "cycle not named: $out"
echo "ok"
