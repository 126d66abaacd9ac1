# SPDX-License-Identifier: MIT
# Geography tests (tests/unit/geography and tests/cli/districts_test.sh), included by
# tests/CMakeLists.txt, which defines fpt_add_test(): loading CCG files, districting against
# exhaustive enumeration, and the rendered partition (SVG checked with libxml2).
fpt_add_test(test-geography-geodata ${CMAKE_CURRENT_LIST_DIR}/unit/geography/test_geodata.c)
fpt_add_test(test-geography-districts ${CMAKE_CURRENT_LIST_DIR}/unit/geography/test_districts.c)
target_link_libraries(test-geography-districts PRIVATE OpenMP::OpenMP_C)
fpt_add_test(test-geography-render ${CMAKE_CURRENT_LIST_DIR}/unit/geography/test_render.c)
target_link_libraries(test-geography-render PRIVATE LibXml2::LibXml2)

set(FPT_DISTRICTS_CASES
    districts-table districts-svg districts-json-csv districts-infeasible districts-bad-data
    districts-usage districts-write-mps districts-output-unwritable)
foreach(case ${FPT_DISTRICTS_CASES})
    add_test(NAME cli-${case}
             COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/districts_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
