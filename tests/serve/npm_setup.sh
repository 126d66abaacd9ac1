#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the browser test's one npm dependency, puppeteer-core (tests/serve/package.json,
# versions pinned by package-lock.json), from the npm registry into BUILD_DIR/npm:
#   npm_setup.sh BUILD_DIR
# puppeteer-core drives the system's chromium and downloads no browser; no install script
# runs. ./quickstart.sh test runs this before ctest; the build itself never downloads.
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: npm_setup.sh BUILD_DIR}/npm
mkdir -p "$dir"
if cmp -s "$src/package-lock.json" "$dir/package-lock.json" && [ -d "$dir/node_modules/puppeteer-core" ]; then
    exit 0 # already installed from this lock file
fi
cp "$src/package.json" "$src/package-lock.json" "$dir/"
cd "$dir"
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
