# SPDX-License-Identifier: MIT
# solver/run (tests/unit/run), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): sweeps and Monte Carlo, weight stability and the weight band, why each
# function sits where it does, sizing curves and the acceptability tally, and the commands
# that drive them end to end (tests/cli/sweep_test.sh, why_test.sh, size_test.sh and, in
# FPT_MPI builds, mpi_test.sh with label mpi).
fpt_add_test(test-run-sweep ${FPT_TESTS}/unit/run/test_sweep.c)
fpt_add_test(test-run-stability ${FPT_TESTS}/unit/run/test_stability.c)
fpt_add_test(test-run-why-prices ${FPT_TESTS}/unit/run/test_why_prices.c)
fpt_add_test(test-run-robust ${FPT_TESTS}/unit/run/test_robust.c)
fpt_add_test(test-run-sizing ${FPT_TESTS}/unit/run/test_sizing.c)
fpt_add_test(test-run-acceptability ${FPT_TESTS}/unit/run/test_acceptability.c)

foreach(case csv-dir json-stdout threads-identical shards-union bad-shard bad-threads
        output-unwritable interrupt merge-csv merge-json merge-refuses resume infeasible-reasons
        infeasible-identical infeasible-broken robust-identical robust-twins threads-refused
        warm-infeasible resume-error)
    add_test(NAME cli-sweep-${case}
             COMMAND bash ${FPT_TESTS}/cli/sweep_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-sweep-${case} PROPERTIES LABELS cli SKIP_RETURN_CODE 77)
endforeach()

# footprint solve's why: the column, the prices against locked solves, --fragile-below, the
# CSV matrix, an exact tie, no why for a plan not proven optimal, and --no-why
# (tests/cli/why_test.sh).
foreach(case table price-is-the-locked-solve fragile-below csv-matrix tie not-optimal no-why)
    add_test(NAME cli-why-${case}
             COMMAND bash ${FPT_TESTS}/cli/why_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-json-get>)
    set_tests_properties(cli-why-${case} PROPERTIES LABELS cli)
endforeach()

set(FPT_SIZE_CASES size-table size-csv-json size-report size-usage size-output-unwritable
    size-time-limit)
foreach(case ${FPT_SIZE_CASES})
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/size_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()

if(FPT_MPI)
    add_test(NAME mpi-sweep-two-ranks
             COMMAND bash ${FPT_TESTS}/cli/mpi_test.sh $<TARGET_FILE:footprint>
                     ${PROJECT_SOURCE_DIR} $<BOOL:${FPT_TEST_HOOKS}>)
    set_tests_properties(mpi-sweep-two-ranks PROPERTIES LABELS mpi)
endif()

# The Slurm recipe (docs/slurm/) run as written, with a stand-in sbatch.
add_test(NAME cli-sweep-slurm
         COMMAND bash ${FPT_TESTS}/cli/slurm_test.sh $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli-sweep-slurm PROPERTIES LABELS cli)
