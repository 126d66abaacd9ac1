# SPDX-License-Identifier: MIT
# solver/geo/districts (tests/unit/geo/districts), included by tests/CMakeLists.txt, which
# defines fpt_add_test(): districting against exhaustive enumeration, bounds, determinism and
# time limits, the Lagrangian bound and fixing, and `footprint districts` end to end (tests/cli/districts_test.sh).
fpt_add_test(test-districts-districts ${FPT_TESTS}/unit/geo/districts/test_districts.c)
target_link_libraries(test-districts-districts PRIVATE OpenMP::OpenMP_C)
# The Lagrangian bound, fixing and knapsack against enumeration, and the heuristic's
# transportation LP and its groups of units re-solved against GLPK's (internal API; GLPK for
# the LPs and MIPs they are compared with).
fpt_add_test(test-districts-lagrange ${FPT_TESTS}/unit/geo/districts/test_lagrange.c)
target_link_libraries(test-districts-lagrange PRIVATE GLPK::GLPK)

set(FPT_DISTRICTS_CASES
    districts-table districts-svg districts-json-csv districts-infeasible districts-bad-data
    districts-usage districts-write-mps districts-output-unwritable districts-time-limit-large
    districts-threads)
foreach(case ${FPT_DISTRICTS_CASES})
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/districts_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} ${FPT_CORPUS})
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
