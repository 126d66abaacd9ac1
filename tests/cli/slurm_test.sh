#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Slurm recipe of docs/cli.md runs as written: docs/slurm/submit.sh, with an sbatch on
# PATH that does what Slurm would (runs each task of the array with the SLURM_ARRAY_*
# variables and SLURM_CPUS_PER_TASK its #SBATCH lines set, honours afterok), queues eight
# slices of a 40-scenario Monte Carlo and their merge; the merged directory must be
# byte-identical to one run of the whole sweep. Also: the scripts parse, and --shard auto
# refuses to run outside an array or in one with gaps.
#   slurm_test.sh FOOTPRINT SOURCE_DIR
set -uo pipefail
fp=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAIL [slurm]: $*" >&2
    exit 1
}

for script in "$src"/docs/slurm/*; do
    bash -n "$script" || fail "$script does not parse"
done

# sbatch [--parsable] [--dependency=afterok:ID] SCRIPT: run it now, as Slurm would later.
mkdir "$work/bin"
cat >"$work/bin/sbatch" <<'SBATCH'
#!/usr/bin/env bash
set -uo pipefail
state=${FAKE_SLURM_STATE:?}
deps="" script=""
for arg in "$@"; do
    case $arg in
    --parsable) ;;
    --dependency=afterok:*) deps=${arg#--dependency=afterok:} ;;
    -*) echo "sbatch: this stand-in does not know $arg" >&2; exit 1 ;;
    *) script=$arg ;;
    esac
done
for dep in ${deps//:/ }; do
    [ "$(cat "$state/$dep.status")" = 0 ] || { echo "sbatch: job $dep did not succeed" >&2; exit 1; }
done
id=$(($(cat "$state/last" 2>/dev/null || echo 1000) + 1))
echo "$id" >"$state/last"
cpus=$(sed -n 's/^#SBATCH --cpus-per-task=\([0-9]*\)$/\1/p' "$script")
array=$(sed -n 's/^#SBATCH --array=\([0-9]*-[0-9]*\)$/\1/p' "$script")
status=0
if [ -n "$array" ]; then
    lo=${array%-*} hi=${array#*-}
    for ((t = lo; t <= hi; t++)); do
        SLURM_JOB_ID=$id SLURM_ARRAY_JOB_ID=$id SLURM_ARRAY_TASK_ID=$t SLURM_ARRAY_TASK_MIN=$lo \
            SLURM_ARRAY_TASK_MAX=$hi SLURM_ARRAY_TASK_COUNT=$((hi - lo + 1)) \
            SLURM_CPUS_PER_TASK=${cpus:-1} bash "$script" >"$state/$id-$t.out" 2>&1 || status=1
    done
else
    SLURM_JOB_ID=$id SLURM_CPUS_PER_TASK=${cpus:-1} bash "$script" >"$state/$id.out" 2>&1 ||
        status=1
fi
echo "$status" >"$state/$id.status"
echo "$id"
SBATCH
chmod +x "$work/bin/sbatch"
mkdir "$work/state" "$work/run"

export FOOTPRINT=$fp MODEL=$src/models/england2013.xml SCENARIO=$src/tests/data/mc-small.xml
(cd "$work/run" && PATH=$work/bin:$PATH FAKE_SLURM_STATE=$work/state \
    bash "$src/docs/slurm/submit.sh") >"$work/submitted" 2>&1 ||
    fail "submit.sh failed: $(cat "$work/submitted" "$work"/state/*.out 2>/dev/null)"
for s in "$work"/state/*.status; do
    [ "$(cat "$s")" = 0 ] || fail "job $(basename "$s" .status) failed: $(cat "$work"/state/*.out)"
done
[ "$(ls -d "$work"/run/footprint-out/shard-* | wc -l)" = 8 ] || fail "not eight slices"
[ -f "$work/run/footprint-out/report.html" ] || fail "the merge wrote no report"

"$fp" sweep "$MODEL" "$SCENARIO" --output "$work/one" >/dev/null || fail "one run failed"
diff -r "$work/one" "$work/run/footprint-out/all" >"$work/diff" ||
    fail "the merged slices differ from one run: $(head -5 "$work/diff")"

# Outside an array, and in an array with a step, --shard auto is a usage error.
rc=0
env -u SLURM_ARRAY_TASK_ID -u SGE_TASK_ID "$fp" sweep "$MODEL" "$SCENARIO" --shard auto \
    >/dev/null 2>"$work/err" || rc=$?
[ "$rc" = 2 ] || fail "--shard auto outside an array: exit $rc, expected 2"
grep -q "inside a Slurm or SGE job array" "$work/err" || fail "no reason given: $(cat "$work/err")"
rc=0
SGE_TASK_ID=3 SGE_TASK_FIRST=1 SGE_TASK_LAST=9 SGE_TASK_STEPSIZE=2 \
    "$fp" sweep "$MODEL" "$SCENARIO" --shard auto >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "--shard auto in an array with a step: exit $rc, expected 2"
# An SGE array 5-8 makes task 6 the second of four slices, as --shard 2/4 does.
SGE_TASK_ID=6 SGE_TASK_FIRST=5 SGE_TASK_LAST=8 "$fp" sweep "$MODEL" "$SCENARIO" \
    --shard auto --format json >"$work/auto.json" || fail "SGE task 6 of 5-8 failed"
"$fp" sweep "$MODEL" "$SCENARIO" --shard 2/4 --format json >"$work/two.json" || fail "--shard 2/4"
cmp -s "$work/auto.json" "$work/two.json" || fail "SGE task 6 of 5-8 is not --shard 2/4"
echo "ok"
