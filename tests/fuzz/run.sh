#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build and run the loader fuzzer (tests/fuzz/README.md): run.sh SECONDS [BUILD_DIR].
# Seeds come from the bad-input corpus (generated from tests/bad/cases.txt into
# BUILD_DIR/tests/bad), the shipped models and scenarios and the test data;
# new inputs go to BUILD_DIR/fuzz-corpus, findings to BUILD_DIR/fuzz-findings. Exits
# non-zero when libFuzzer reports a crash, a sanitizer error, a leak or a timeout.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: run.sh SECONDS [BUILD_DIR]}
dir=${2:-build-fuzz}
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFPT_FUZZ=ON >/dev/null
cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" --target fpt-fuzz-load fpt-bad-corpus >/dev/null
mkdir -p "$dir/fuzz-corpus" "$dir/fuzz-findings"
"$dir/tests/fpt-fuzz-load" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$dir/fuzz-findings/" \
    -dict=tests/fuzz/xml.dict "$dir/fuzz-corpus" "$dir/tests/bad" models scenarios tests/data
