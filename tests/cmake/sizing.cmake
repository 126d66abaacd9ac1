# SPDX-License-Identifier: MIT
# Sizing curves (tests/unit/geography/test_sizing.c and tests/cli/size_test.sh), included by
# tests/CMakeLists.txt, which defines fpt_add_test().
fpt_add_test(test-geography-sizing ${FPT_TESTS}/unit/run/test_sizing.c)

set(FPT_SIZE_CASES size-table size-csv-json size-report size-usage size-output-unwritable)
foreach(case ${FPT_SIZE_CASES})
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/size_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
