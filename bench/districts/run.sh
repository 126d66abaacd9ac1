#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The districting benchmark (bench/README.md "Districting against cbc and HiGHS"): for each
# case, footprint districts, then cbc (default settings) and HiGHS (the npm WebAssembly
# build, defaults) on the straightforward model that footprint --write-mps writes (HiGHS on
# it turned into LP format by glpsol), one after the other in one run. Each is timed in CPU
# seconds (user + system; all three run on one thread) and wall-clock seconds; ratios are of
# CPU time, which a shared machine disturbs far less than wall-clock time.
#
#   bench/districts/run.sh FOOTPRINT [LIMIT_S] [CASE...]
#
# CASE: regions2013 (211 CCGs, K = 4, ±20%), hubs2013 (K = 10), k20_2013 (K = 20),
# hubs2021 (106 CCGs, K = 11), synth500, synth1000, synth2000 (bench/districts/synth.py,
# seed 1, K = N/20; the peers only up to 500 points unless FPT_BENCH_PEERS_ALL=1: the
# straightforward model of 1,000 points has a million columns and a million linking rows,
# its MPS file 159 MB). Default: all. LIMIT_S (default 600) caps each solver: CPU seconds
# for cbc (checked only between its nodes), wall-clock seconds for footprint and HiGHS,
# which have no other; one stopped there is reported with its gap (cbc's and HiGHS's own,
# footprint's from its bound) and its objective, or "no solution", and the ratio is then a
# lower bound (">"). A peer still running at three times LIMIT_S of wall clock (cbc's root
# work on the largest models) is stopped (TERM, then KILL 10 s later) and reported as
# killed, with no result.
set -u
fp=${1:?usage: run.sh FOOTPRINT [LIMIT_S] [CASE...]}
limit=${2:-600}
shift $(($# >= 2 ? 2 : 1))
cases=${*:-regions2013 hubs2013 k20_2013 hubs2021 synth500 synth1000 synth2000}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NODE_PATH=${FPT_BENCH_NPM:-$HOME/.cache/footprint-bench}/node_modules
for tool in cbc glpsol node bc; do
    command -v $tool >/dev/null || { echo "$tool not found: run bench/districts/setup.sh" >&2; exit 2; }
done

args_for() {
    case $1 in
    regions2013) echo "$src/data/ccg2013.csv --units 4" ;;
    hubs2013) echo "$src/data/ccg2013.csv --units 10" ;;
    k20_2013) echo "$src/data/ccg2013.csv --units 20" ;;
    hubs2021) echo "$src/data/ccg2021.csv --units 11" ;;
    synth*)
        n=${1#synth}
        python3 "$src/bench/districts/synth.py" "$n" 1 >"$work/$1.csv"
        echo "$work/$1.csv --units $((n / 20))"
        ;;
    *) echo "unknown case $1" >&2; exit 2 ;;
    esac
}

json_field() { # json_field FILE NAME
    sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -1
}

timed() { # timed OUT_TIMES CMD...: runs CMD, writes "cpu wall" to OUT_TIMES
    local times=$1
    shift
    # GNU time puts "Command exited with non-zero status N" (footprint stopped by its time
    # limit exits 1) or "Command terminated by signal N" before its own line: read the last.
    /usr/bin/time -f "%U %S %e" -o "$times.raw" "$@"
    tail -1 "$times.raw" | awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' >"$times"
}

killed() { # killed OUT_TIMES: whether timeout killed the command timed into OUT_TIMES
    grep -Eq "non-zero status (124|137)" "$1.raw"
}

ratio() { # ratio PEER_CPU FP_CPU PEER_PROVED
    local r
    r=$(echo "scale=1; $1 / ($2 + 0.005)" | bc)
    [ "$3" = yes ] && echo "$r" || echo "> $r"
}

printf '%-12s | %-24s | %-34s | %-34s | %s\n' case "footprint cpu/wall s" "cbc cpu/wall s" \
    "HiGHS cpu/wall s" "ratios cbc, HiGHS"
for c in $cases; do
    # shellcheck disable=SC2046
    set -- $(args_for "$c")
    mps=()
    case $c:${FPT_BENCH_PEERS_ALL:-0} in
    synth1000:0 | synth2000:0) ;;
    *) mps=(--write-mps "$work/$c.mps") ;;
    esac
    timed "$work/fp.t" "$fp" districts "$@" --tolerance 0.2 --format json \
        --time-limit "$limit" "${mps[@]}" -o "$work/$c.json" 2>/dev/null
    read -r fp_cpu fp_wall <"$work/fp.t"
    fp_res="$(json_field "$work/$c.json" status) gap $(json_field "$work/$c.json" gap)"
    fp_obj=$(json_field "$work/$c.json" objective_person_km)
    cbc_col="not run" highs_col="not run" highs_obj=none ratios="-"
    if [ ${#mps[@]} -gt 0 ]; then
        timed "$work/cbc.t" timeout -k 10 $((3 * limit)) cbc "$work/$c.mps" -sec "$limit" \
            -solve -quit >"$work/$c.cbc" 2>&1
        read -r cbc_cpu cbc_wall <"$work/cbc.t"
        cbc_res=$(sed -n 's/^Result - //p' "$work/$c.cbc" | head -1)
        cbc_gap=$(sed -n 's/^Gap: *//p' "$work/$c.cbc" | head -1)
        cbc_obj=$(sed -n 's/^Objective value: *//p' "$work/$c.cbc" | head -1)
        glpsol --freemps "$work/$c.mps" --wlp "$work/$c.lp" --check >/dev/null 2>&1
        timed "$work/highs.t" timeout -k 10 $((3 * limit)) node \
            "$src/bench/districts/highs.js" "$work/$c.lp" "$limit" >"$work/$c.highs" 2>&1
        read -r highs_cpu highs_wall <"$work/highs.t"
        highs_line=$(tail -1 "$work/$c.highs")
        cbc_col="$cbc_cpu/$cbc_wall ${cbc_res%% *} gap ${cbc_gap:-0}"
        [ -n "$cbc_obj" ] || cbc_col="$cbc_cpu/$cbc_wall ${cbc_res%% *}, no solution"
        killed "$work/cbc.t" && cbc_col="$cbc_cpu/$cbc_wall killed, no result"
        case $highs_line in
        status*)
            highs_col="$highs_cpu/$highs_wall $(echo "$highs_line" | awk '{print $2, "gap", $8}')"
            highs_obj=$(echo "$highs_line" | awk '{print $4}')
            ;;
        *) highs_col="$highs_cpu/$highs_wall aborted" ;; # the WebAssembly build's own abort
        esac
        killed "$work/highs.t" && highs_col="$highs_cpu/$highs_wall killed, no result"
        cbc_ok=no
        case $cbc_res in Optimal*) cbc_ok=yes ;; esac
        highs_ok=no
        case $highs_line in "status Optimal"*) highs_ok=yes ;; esac
        ratios="$(ratio "$cbc_cpu" "$fp_cpu" $cbc_ok), $(ratio "$highs_cpu" "$fp_cpu" $highs_ok)"
        case $fp_res in optimal*) ;; *) ratios="? (footprint not optimal)" ;; esac
    fi
    printf '%-12s | %-24s | %-34s | %-34s | %s\n' "$c" "$fp_cpu/$fp_wall $fp_res" "$cbc_col" \
        "$highs_col" "$ratios"
    echo "  objectives: footprint $fp_obj person-km; cbc ${cbc_obj:-none}," \
        "HiGHS $highs_obj (million person-km)"
    unset cbc_obj
done
