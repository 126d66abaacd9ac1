#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# footprint serve's page in a real browser: browser_test.sh FOOTPRINT SOURCE_DIR NPM_DIR.
# Starts two servers on free loopback ports (the default scenario, and real2013 for the map),
# then node runs browser_test.mjs, which drives Debian's chromium through puppeteer-core
# (installed into NPM_DIR by tests/serve/npm_setup.sh; no browser is downloaded). Screenshots
# are left in the build tree (serve-shots/) to be looked at. A missing chromium, node or
# puppeteer-core fails the test: nothing is skipped.
set -u
fp=$1 src=$2 npm=$3
shots=$(dirname "$npm")/serve-shots
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL [browser]: $*" >&2; exit 1; }

command -v chromium >/dev/null || fail "chromium is not installed (quickstart.sh installs it)"
command -v node >/dev/null || fail "node is not installed (quickstart.sh installs nodejs)"
[ -d "$npm/node_modules/puppeteer-core" ] ||
    fail "puppeteer-core is not in $npm: run tests/serve/npm_setup.sh $(dirname "$npm")"
rm -rf "$shots" && mkdir -p "$shots"

serve() { # serve SCENARIO NAME: start a server, its URL in $work/NAME.url
    "$fp" serve "$src/models/england2013.xml" "$1" --port 0 >"$work/$2.url" 2>"$work/$2.log" &
    pids+=($!)
    for _ in $(seq 100); do
        [ -s "$work/$2.url" ] && return 0
        sleep 0.1
    done
    fail "the server for $1 printed no URL: $(cat "$work/$2.log")"
}
serve "$src/scenarios/hub5m.xml" hub
serve "$src/scenarios/real2013.xml" real

FPT_NPM=$npm timeout 240 node "$src/tests/serve/browser_test.mjs" "$(head -1 "$work/hub.url")" \
    "$(head -1 "$work/real.url")" "$shots" "$fp" "$src/models/england2013.xml" ||
    fail "the browser test failed (screenshots in $shots)"
for p in "${pids[@]}"; do
    kill -INT "$p"
    wait "$p" || fail "a server exited $? on SIGINT"
done
pids=()
echo "ok: screenshots in $shots"
