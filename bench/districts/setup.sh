#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install what the districting benchmark needs beyond the build: cbc (Debian's coinor-cbc),
# the solver footprint is compared against, and bc for the arithmetic. Never needed by the
# build or the tests.
set -eu
need=()
command -v cbc >/dev/null || need+=(coinor-cbc)
command -v bc >/dev/null || need+=(bc)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update
    $sudo apt-get install -y "${need[@]}"
fi
cbc -quit </dev/null | head -3
