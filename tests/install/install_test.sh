#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the build into a fresh prefix and use it from outside the source tree: the public
# headers stand alone, the shared library exports only what they declare, the shipped files
# are all there, a consumer program built through the CMake package (shared and static) and
# through pkg-config (shared and static) solves the default appraisal to the objective
# `footprint solve --format json` prints, the installed command finds the shipped models from
# any directory and prints what the build tree's does, `man footprint` renders the installed
# page and the completion completes. Registered by tests/cmake/install.cmake:
#   install_test.sh CMAKE BUILD_DIR SOURCE_DIR FOOTPRINT CC VERSION DATA_DIR
set -euo pipefail
cmake=$1 build=$2 src=$3 footprint=$4 cc=$5 version=$6 data_dir=$7

work=$(mktemp -d "${TMPDIR:-/tmp}/fpt-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() {
    echo "install_test: $*" >&2
    exit 1
}

"$cmake" --install "$build" --prefix "$prefix" >/dev/null

# What goes where (README "Installing").
for f in bin/footprint lib/libfootprint.a lib/libfootprint.so lib/pkgconfig/footprint.pc \
    lib/cmake/footprint/footprintConfig.cmake lib/cmake/footprint/footprintConfigVersion.cmake \
    lib/cmake/footprint/footprintTargets.cmake lib/cmake/footprint/FindGLPK.cmake; do
    [ -e "$prefix/$f" ] || fail "not installed: $f"
done
soname=$(readelf -d "$prefix/lib/libfootprint.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ -e "$prefix/lib/$soname" ] || fail "the soname '$soname' names no installed file"

# The shared library exports exactly the functions the installed headers declare: every one
# defined, nothing internal visible. The declarations are read here from the preprocessed
# headers (comments gone), independently of the version script the build writes.
for h in "$prefix"/include/footprint/*.h; do
    "$cc" -E -P -I"$prefix/include" -x c "$h"
done | grep -o '\bfpt_[a-z0-9_]*[[:space:]]*(' | sed 's/[[:space:]]*($//' | sort -u \
    >"$work/exports.want"
nm -D --defined-only "$prefix/lib/libfootprint.so" | awk '$2 != "A" { print $3 }' | sort -u \
    >"$work/exports.got"
[ -s "$work/exports.want" ] || fail "no declaration found in the installed headers"
diff -u "$work/exports.want" "$work/exports.got" >&2 ||
    fail "libfootprint.so exports differ from the public headers' declarations (- declared, + exported)"

# The public headers, only those, each compiling on its own; they include nothing but the C
# standard library and each other (no internal, GLPK, libxml2, OpenMP or Jansson header).
(cd "$src/solver/include/footprint" && ls -- *.h) >"$work/headers.want"
(cd "$prefix/include/footprint" && ls) >"$work/headers.got"
diff -u "$work/headers.want" "$work/headers.got" >&2 || fail "installed headers differ"
std='assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal'
std+='|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string|tgmath'
std+='|threads|time|uchar|wchar|wctype'
public_re='^"footprint/([a-z_]+\.h)"$'
std_re="^[<]($std)\\.h[>]\$"
for h in "$prefix"/include/footprint/*.h; do
    while read -r inc; do
        if [[ $inc =~ $public_re ]]; then
            [ -f "$prefix/include/footprint/${BASH_REMATCH[1]}" ] ||
                fail "$(basename "$h") includes $inc, which is not installed"
        elif ! [[ $inc =~ $std_re ]]; then
            fail "$(basename "$h") includes $inc, not a public or standard header"
        fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([^[:space:]]*\).*/\1/p' "$h")
    echo "#include <footprint/$(basename "$h")>" |
        "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$prefix/include" -x c - ||
        fail "$(basename "$h") does not compile on its own"
done

# The shipped inputs, in their layout: in a git checkout, exactly the tracked files of the
# shipped kinds (a stray file in models/, scenarios/ or data/ would be installed too).
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$src" ls-files models scenarios data |
        grep -E '\.(xml|xsd|csv)$|/(README|SOURCES)[^/]*$' | sort >"$work/data.want"
    (cd "$prefix/share/footprint" && find . -type f | sed 's|^\./||' | sort) >"$work/data.got"
    diff -u "$work/data.want" "$work/data.got" >&2 || fail "installed share/footprint differs"
fi
[ -f "$prefix/share/footprint/models/england2013.xml" ] || fail "no installed default model"

# What the build tree's command says of the default appraisal.
json=$(cd "$src" && "$footprint" solve models/england2013.xml scenarios/hub5m.xml --format json)
want_status=$(echo "$json" | sed -n 's/^  "status": "\(.*\)",$/\1/p')
want_objective=$(echo "$json" | sed -n 's/^  "objective": \(.*\),$/\1/p')
if [ -z "$want_status" ] || [ -z "$want_objective" ]; then
    fail "no status or objective in the JSON"
fi

check_consumer() { # check_consumer NAME BINARY [shared|static]
    local out status objective
    out=$(LD_LIBRARY_PATH="$prefix/lib" "$2") || fail "$1: the consumer failed"
    status=$(echo "$out" | sed -n 's/^status //p')
    objective=$(echo "$out" | sed -n 's/^objective //p')
    [ "$status" = "$want_status" ] || fail "$1: status '$status', footprint says '$want_status'"
    awk -v a="$objective" -v b="$want_objective" 'BEGIN { exit !(a != "" && a + 0 == b + 0) }' ||
        fail "$1: objective '$objective', footprint says '$want_objective'"
    local linked
    linked=$(LD_LIBRARY_PATH="$prefix/lib" ldd "$2" | grep 'libfootprint' || true)
    if [ "$3" = shared ]; then
        [[ $linked == *"$prefix/lib/libfootprint.so"* ]] || fail "$1: not linked to $prefix: $linked"
    else
        [ -z "$linked" ] || fail "$1: linked to a shared libfootprint: $linked"
    fi
    echo "$1: $status, objective $objective"
}

# Through the CMake package: footprint::footprint, then footprint::footprint_static.
for kind in shared static; do
    target=footprint::footprint
    [ "$kind" = shared ] || target=footprint::footprint_static
    "$cmake" -S "$src/tests/install/consumer" -B "$work/cmake-$kind" -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_PREFIX_PATH="$prefix" -DFOOTPRINT_VERSION="$version" \
        -DFOOTPRINT_TARGET="$target" >"$work/cmake-$kind.log" 2>&1 ||
        fail "cmake ($kind) could not configure the consumer: $(cat "$work/cmake-$kind.log")"
    "$cmake" --build "$work/cmake-$kind" >"$work/build-$kind.log" 2>&1 ||
        fail "cmake ($kind) could not build the consumer: $(cat "$work/build-$kind.log")"
    check_consumer "find_package $target" "$work/cmake-$kind/consumer" "$kind"
done

# Through pkg-config with a plain compiler command: shared, then the static archive with
# Libs.private and Requires.private.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pc_data=$(pkg-config --variable=pkgdatadir footprint)
[ "$(pkg-config --modversion footprint)" = "$version" ] || fail "pkg-config: wrong version"
# shellcheck disable=SC2046 # pkg-config's output is a list of words
"$cc" -std=c11 -o "$work/pc-shared" "$src/tests/install/consumer/main.c" \
    -DFOOTPRINT_DATA_DIR="\"$pc_data\"" $(pkg-config --cflags --libs footprint) ||
    fail "pkg-config: could not build the consumer"
check_consumer "pkg-config" "$work/pc-shared" shared
static_libs=$(pkg-config --static --libs footprint)
# shellcheck disable=SC2046,SC2086 # as above; -l:libfootprint.a asks for the archive by name
"$cc" -std=c11 -o "$work/pc-static" "$src/tests/install/consumer/main.c" \
    -DFOOTPRINT_DATA_DIR="\"$pc_data\"" $(pkg-config --cflags footprint) \
    ${static_libs/-lfootprint/-l:libfootprint.a} ||
    fail "pkg-config --static: could not build the consumer"
check_consumer "pkg-config --static" "$work/pc-static" static

# The installed command, run where there is no models/ directory, finds the shipped files in
# the data directory (FOOTPRINT_DATA_DIR: this prefix is not the one configured) and prints
# what the build tree's command prints; a scenario's ../data reference resolves there too.
outside=$work/elsewhere
mkdir "$outside"
for scenario in hub5m real2013-area-teams; do
    (cd "$src" && "$footprint" solve models/england2013.xml "scenarios/$scenario.xml") \
        >"$work/want.txt" || fail "build tree: solve $scenario failed"
    (cd "$outside" && FOOTPRINT_DATA_DIR="$prefix/share/footprint" "$prefix/bin/footprint" \
        solve models/england2013.xml "scenarios/$scenario.xml") >"$work/got.txt" ||
        fail "installed: solve $scenario failed"
    # Only the geography's path differs: shown from where each command ran.
    grep -v '^Real units from' "$work/want.txt" >"$work/want-rest.txt"
    grep -v '^Real units from' "$work/got.txt" | cmp "$work/want-rest.txt" - ||
        fail "installed: solve $scenario prints otherwise"
    if grep -q '^Real units from' "$work/want.txt"; then
        grep -q "^Real units from $prefix/share/footprint/data/ccg2013.csv " "$work/got.txt" ||
            fail "installed: the geography is not named where it was read"
    fi
done
# A sweep found there writes what the build tree's writes, provenance stamp included.
(cd "$src" && "$footprint" sweep models/england2013.xml scenarios/sweep-hub-size.xml \
    --threads 1 --format json) >"$work/want.txt" || fail "build tree: sweep failed"
(cd "$outside" && FOOTPRINT_DATA_DIR="$prefix/share/footprint" "$prefix/bin/footprint" \
    sweep models/england2013.xml scenarios/sweep-hub-size.xml --threads 1 --format json) \
    >"$work/got.txt" || fail "installed: sweep failed"
cmp "$work/want.txt" "$work/got.txt" || fail "installed: sweep writes otherwise"
(cd "$outside" && FOOTPRINT_DATA_DIR="$prefix/share/footprint" "$prefix/bin/footprint" \
    validate models/england2013.xml scenarios/hub5m.xml) >"$work/got.txt" ||
    fail "installed: validate failed"
printf 'models/england2013.xml: ok\nscenarios/hub5m.xml: ok\n' | cmp - "$work/got.txt" ||
    fail "installed: validate prints otherwise"

# A file found in the data directory is named by that path when it is wrong; a file found
# nowhere is looked for in the configured data directory, and the message says so.
mkdir -p "$work/alt/scenarios"
printf '<scenario>\n' >"$work/alt/scenarios/broken.xml"
rc=0
(cd "$outside" && FOOTPRINT_DATA_DIR="$work/alt" "$prefix/bin/footprint" solve \
    "$prefix/share/footprint/models/england2013.xml" scenarios/broken.xml) \
    >/dev/null 2>"$work/err.txt" || rc=$?
[ "$rc" = 3 ] || fail "broken scenario: exit $rc, expected 3"
grep -q "^$work/alt/scenarios/broken.xml:[0-9]*:" "$work/err.txt" ||
    fail "broken scenario: the message does not name the path read: $(cat "$work/err.txt")"
rc=0
(cd "$outside" && env -u FOOTPRINT_DATA_DIR "$prefix/bin/footprint" validate models/nope.xml) \
    >/dev/null 2>"$work/err.txt" || rc=$?
[ "$rc" = 3 ] || fail "missing file: exit $rc, expected 3"
grep -qF "data directory either: $data_dir/models/nope.xml" "$work/err.txt" ||
    fail "missing file: the message does not name $data_dir: $(cat "$work/err.txt")"

# The man page, found by man through the prefix, and the bash completion, sourced from where
# bash-completion looks for it, completing a command and an option.
page=$prefix/share/man/man1/footprint.1
[ -f "$page" ] || fail "no man page installed"
MANPATH=$prefix/share/man MANWIDTH=80 man -P cat footprint >"$work/man.txt" 2>"$work/man.err" ||
    fail "man footprint failed: $(cat "$work/man.err")"
grep -q '^SYNOPSIS' "$work/man.txt" || fail "man footprint shows no SYNOPSIS"
completion=$prefix/share/bash-completion/completions/footprint
[ -f "$completion" ] || fail "no bash completion installed"
got=$(bash --norc -c 'source "$1"; COMP_WORDS=(footprint sol); COMP_CWORD=1; _footprint;
    echo "${COMPREPLY[*]}"; COMP_WORDS=(footprint solve --stab); COMP_CWORD=2; _footprint;
    echo "${COMPREPLY[*]}"' _ "$completion") || fail "the bash completion failed"
[ "$got" = "$(printf 'solve\n--stability')" ] || fail "the completion offers: $got"
echo "install_test: ok ($prefix)"
