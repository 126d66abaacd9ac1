#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up, build and run footprint on a Debian 12 machine.
#   ./quickstart.sh run    install missing packages, build, solve the default appraisal
#   ./quickstart.sh test   install missing packages, build, run the whole test suite
#   ./quickstart.sh build  install missing packages and build (build/footprint)
#   ./quickstart.sh mpi    also install Open MPI and build with FPT_MPI (build-mpi/footprint)
set -euo pipefail
cd "$(dirname "$0")"

# python3: the layer check (tests/arch). chromium and libpng-dev: the HTML report's render
# tests (tests/cmake/report.cmake) screenshot it with headless Chromium and decode the PNG.
# man-db: the install test (tests/cmake/install.cmake) and the cli-man-page test render the
# man page with `man -l`. libmicrohttpd-dev: footprint serve's HTTP server. nodejs (and npm,
# below): the browser test of footprint serve (tests/serve), whose puppeteer-core comes from
# the npm registry into build/npm (tests/serve/npm_setup.sh). libxlsxwriter-dev: the Excel
# workbooks of --format xlsx; python3-openpyxl: their tests read each workbook back;
# python3-pandas: the CSV tests read every CSV output with pandas.read_csv. coinor-cbc:
# another solver reads the LP and MPS files of --write-lp and --write-mps back.
PACKAGES=(build-essential cmake pkg-config python3 libglpk-dev libxml2-dev libjansson-dev
          libcriterion-dev libxml2-utils valgrind chromium libpng-dev man-db libmicrohttpd-dev
          nodejs libxlsxwriter-dev python3-openpyxl python3-pandas coinor-cbc)
JOBS=$(nproc 2>/dev/null || echo 2)
VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    # npm by its command: a nodejs from elsewhere may bring its own npm, not Debian's package
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "quickstart: installing ${missing[*]}" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake options...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFPT_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS" >/dev/null
}

case "${1:-}" in
run)
    install_missing
    build build
    ./build/footprint solve models/england2013.xml scenarios/hub5m.xml
    ;;
test)
    install_missing
    build build -DFPT_TEST_HOOKS=ON
    # puppeteer-core for the browser test of footprint serve, from the npm registry.
    tests/serve/npm_setup.sh build
    # Everything, the `render` tests (headless Chromium on the HTML report) and the `browser`
    # test (footprint serve's page) included.
    (cd build && ctest --output-on-failure -j "$JOBS")
    # The command-line tests again under valgrind memcheck: any memory error or definite leak
    # fails (libgomp's own "possibly lost" thread blocks are not ours: neither shown nor
    # counted, so that a test reading the command's stderr does not read them).
    (cd build && FPT_WRAPPER="$VALGRIND" ctest --output-on-failure -j "$JOBS" -L cli)
    # The same suite again with AddressSanitizer and UndefinedBehaviorSanitizer.
    build build-asan -DFPT_SANITIZE=ON -DFPT_TEST_HOOKS=ON
    tests/serve/npm_setup.sh build-asan
    (cd build-asan && ctest --output-on-failure -j "$JOBS")
    ;;
build)
    install_missing
    build build
    ;;
mpi)
    # Open MPI for `mpirun -np R footprint sweep …` (docs/cli.md "Across machines").
    PACKAGES+=(libopenmpi-dev openmpi-bin)
    install_missing
    build build-mpi -DFPT_MPI=ON
    ./build-mpi/footprint --version
    ;;
*)
    sed -n '3,7p' "$0" >&2
    exit 2
    ;;
esac
