#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build and run the what-if fuzzer (tests/fuzz/README.md): run_whatif.sh SECONDS [BUILD_DIR].
# Seeds are tests/fuzz/whatif-seeds; new inputs go to BUILD_DIR/fuzz-whatif-corpus, findings
# to BUILD_DIR/fuzz-findings. Exits non-zero when libFuzzer reports a crash, a sanitizer error,
# a leak or a timeout.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: run_whatif.sh SECONDS [BUILD_DIR]}
dir=${2:-build-fuzz}
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFPT_FUZZ=ON >/dev/null
cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" --target fpt-fuzz-whatif >/dev/null
mkdir -p "$dir/fuzz-whatif-corpus" "$dir/fuzz-findings"
"$dir/tests/fpt-fuzz-whatif" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$dir/fuzz-findings/" \
    -dict=tests/fuzz/whatif.dict "$dir/fuzz-whatif-corpus" tests/fuzz/whatif-seeds
