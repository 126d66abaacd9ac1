#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build and run the fuzz targets of the other readers (tests/fuzz/README.md "Readers"):
# run_readers.sh SECONDS [BUILD_DIR] fuzzes the geography CSV reader, the sweep-output reader
# (merge, --resume) and diff's JSON reader for SECONDS each. Seeds are the shipped and test
# geographies, sweep outputs and JSON documents and the bad-input corpus's cases of each kind,
# copied into BUILD_DIR/fuzz-seeds-*; new inputs go to BUILD_DIR/fuzz-*-corpus, findings to
# BUILD_DIR/fuzz-findings. Exits non-zero when libFuzzer reports a crash, a sanitizer error,
# a leak, a broken contract (abort) or a timeout.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: run_readers.sh SECONDS [BUILD_DIR]}
dir=${2:-build-fuzz}
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFPT_FUZZ=ON >/dev/null
cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" \
    --target fpt-fuzz-geography fpt-fuzz-sweep-read fpt-fuzz-diff fpt-bad-corpus >/dev/null
mkdir -p "$dir/fuzz-findings"
seed() { # seed NAME: a fresh seed directory, and the target's corpus kept across runs
    rm -rf "$dir/fuzz-seeds-$1"
    mkdir -p "$dir/fuzz-seeds-$1" "$dir/fuzz-$1-corpus"
}
# One cp per source, so that the corpus's copy of a base and the base itself, of one name,
# do not collide in a single cp.
seed geography
cp data/*.csv tests/data/geo-*.csv "$dir/fuzz-seeds-geography/"
cp "$dir"/tests/bad/geo-*.csv "$dir/fuzz-seeds-geography/"
seed sweep-read
cp tests/data/twins-out.json "$dir/fuzz-seeds-sweep-read/"
cp "$dir"/tests/bad/sweep-* "$dir/fuzz-seeds-sweep-read/"
seed diff
cp tests/data/diff-*.json tests/data/twins-out.json "$dir/fuzz-seeds-diff/"
cp "$dir"/tests/bad/diff-* "$dir/fuzz-seeds-diff/"
for target in geography sweep-read diff; do
    echo "== fpt-fuzz-$target, $seconds s"
    "$dir/tests/fpt-fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/fuzz-findings/" \
        "$dir/fuzz-$target-corpus" "$dir/fuzz-seeds-$target"
done
