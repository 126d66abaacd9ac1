#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The MPI build: `mpirun -np 2 footprint sweep` writes exactly what one process writes, in
# both formats and for a shard, infeasible scenarios' reasons included; and (builds with
# FPT_TEST_HOOKS) rank 0 keeps the journal of every rank's chunks, so a run killed at any
# chunk is finished by --resume, under mpirun or not, exactly as one process writes it.
# mpi_test.sh FOOTPRINT SOURCE_DIR HOOKS (label mpi, FPT_MPI builds; HOOKS 1 or 0).
set -u
fp=$1
src=$2
hooks=${3:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
model=$src/models/england2013.xml
for scenario in "$src/tests/data/mc-small.xml" "$src/tests/data/mc-infeasible.xml"; do
for args in "--format csv" "--format json" "--format csv --shard 2/3"; do
    rm -rf "$work/one" "$work/two"
    # shellcheck disable=SC2086
    "$fp" sweep "$model" "$scenario" $args --output "$work/one" || { echo "FAIL: one process"; exit 1; }
    # shellcheck disable=SC2086
    mpirun --oversubscribe -np 2 "$fp" sweep "$model" "$scenario" $args --output "$work/two" ||
        { echo "FAIL: mpirun -np 2 ($args)"; exit 1; }
    diff -r "$work/one" "$work/two" >/dev/null || { echo "FAIL: outputs differ ($args)"; exit 1; }
done
done
[ "$hooks" = 1 ] || { echo "PASS [mpi] (no test hooks: the journal is not tested)"; exit 0; }
# mc-small's 40 scenarios are 3 chunks: rank 0 solves the first, rank 1 the other two.
scenario=$src/tests/data/mc-small.xml
rm -rf "$work/one"
"$fp" sweep "$model" "$scenario" --output "$work/one" 2>/dev/null || { echo "FAIL: one process"; exit 1; }
for at in 1 2 3; do
for resume in "mpirun --oversubscribe -np 2 $fp" "$fp"; do
    rm -rf "$work/two"
    FPT_TEST_KILL_AT=chunk:$at mpirun --oversubscribe -np 2 "$fp" sweep "$model" "$scenario" \
        --output "$work/two" >/dev/null 2>&1 && { echo "FAIL: not killed at chunk $at"; exit 1; }
    [ ! -e "$work/two/sweep.json" ] || { echo "FAIL: outputs written before chunk $at"; exit 1; }
    lines=$(wc -l <"$work/two/sweep.journal")
    [ "$lines" -eq $((at + 1)) ] || { echo "FAIL: $lines journal lines at chunk $at"; exit 1; }
    # shellcheck disable=SC2086
    $resume sweep "$model" "$scenario" --resume --output "$work/two" >/dev/null 2>&1 ||
        { echo "FAIL: --resume after chunk $at ($resume)"; exit 1; }
    diff -r "$work/one" "$work/two" >/dev/null ||
        { echo "FAIL: resumed after chunk $at differs ($resume)"; exit 1; }
done
done
echo "PASS [mpi]"
