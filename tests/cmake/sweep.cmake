# SPDX-License-Identifier: MIT
fpt_add_test(test-sweep ${FPT_TESTS}/unit/run/test_sweep.c)
foreach(case csv-dir json-stdout threads-identical shards-union bad-shard bad-threads
        output-unwritable interrupt merge-csv merge-json merge-refuses resume)
    add_test(NAME cli-sweep-${case}
             COMMAND bash ${FPT_TESTS}/cli/sweep_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-sweep-${case} PROPERTIES LABELS cli)
endforeach()
foreach(case same level-reported level-fails cost-under cost-over status-fails kinds broken
        missing usage)
    add_test(NAME cli-diff-${case}
             COMMAND bash ${FPT_TESTS}/cli/diff_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-diff-${case} PROPERTIES LABELS cli)
endforeach()
fpt_add_test(test-stability ${FPT_TESTS}/unit/run/test_stability.c)
fpt_add_test(test-solver ${FPT_TESTS}/unit/mip/test_solver.c)
if(FPT_MPI)
    add_test(NAME mpi-sweep-two-ranks
             COMMAND bash ${FPT_TESTS}/cli/mpi_test.sh $<TARGET_FILE:footprint>
                     ${PROJECT_SOURCE_DIR})
    set_tests_properties(mpi-sweep-two-ranks PROPERTIES LABELS mpi)
endif()
