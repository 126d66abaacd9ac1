#!/bin/bash
# SPDX-License-Identifier: MIT
# Queue a footprint sweep on Slurm: the array of slices, then the merge, which runs only
# when every slice has succeeded. Run from the directory the outputs should go in:
#   MODEL=… SCENARIO=… OUT=… FOOTPRINT=… docs/slurm/submit.sh
# (every variable is optional; sbatch passes the environment to the jobs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export OUT=${OUT:-footprint-out}
mkdir -p "$OUT"
array=$(sbatch --parsable "$here/sweep-array.sbatch")
array=${array%%;*} # --parsable prints JOBID or JOBID;CLUSTER
sbatch --parsable --dependency="afterok:$array" "$here/sweep-merge.sbatch"
