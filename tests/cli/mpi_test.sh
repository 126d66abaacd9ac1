#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The MPI build: `mpirun -np 2 footprint sweep` writes exactly what one process writes, in
# both formats and for a shard, infeasible scenarios' reasons included.
# mpi_test.sh FOOTPRINT SOURCE_DIR (label mpi, FPT_MPI builds).
set -u
fp=$1
src=$2
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
echo "PASS [mpi]"
