#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what the districting benchmark needs beyond the build: cbc (Debian's coinor-cbc)
# and HiGHS (the npm package `highs` 1.15.3, WebAssembly, run under node), the solvers
# footprint is compared against; glpsol (glpk-utils) to turn the MPS file into the LP format
# the npm package reads; bc for the arithmetic. HiGHS goes into FPT_BENCH_NPM (default
# ~/.cache/footprint-bench), never into the source tree. Never needed by the build or the tests.
set -eu
need=()
command -v cbc >/dev/null || need+=(coinor-cbc)
command -v glpsol >/dev/null || need+=(glpk-utils)
command -v bc >/dev/null || need+=(bc)
command -v node >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update
    $sudo apt-get install -y "${need[@]}"
fi
npm_dir=${FPT_BENCH_NPM:-$HOME/.cache/footprint-bench}
mkdir -p "$npm_dir"
[ -d "$npm_dir/node_modules/highs" ] || (cd "$npm_dir" && npm install --no-save highs@1.15.3)
cbc -quit </dev/null | head -3
