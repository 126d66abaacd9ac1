# SPDX-License-Identifier: MIT
# Geography tests (tests/unit/geography, tests/cli/districts_test.sh and
# tests/cli/realunits_test.sh), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): loading CCG files, districting against exhaustive enumeration, the rendered
# partition (SVG checked with libxml2), and scenarios on real units (hand-checked figures;
# the command's table and JSON, read with the json_get helper).
fpt_add_test(test-geography-geodata ${FPT_TESTS}/unit/geo/test_geography.c)
fpt_add_test(test-geography-districts ${FPT_TESTS}/unit/geo/districts/test_districts.c)
target_link_libraries(test-geography-districts PRIVATE OpenMP::OpenMP_C)
fpt_add_test(test-geography-render ${FPT_TESTS}/unit/report/test_districts_render.c)
target_link_libraries(test-geography-render PRIVATE LibXml2::LibXml2)

set(FPT_DISTRICTS_CASES
    districts-table districts-svg districts-json-csv districts-infeasible districts-bad-data
    districts-usage districts-write-mps districts-output-unwritable)
foreach(case ${FPT_DISTRICTS_CASES})
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/districts_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()

fpt_add_test(test-geography-realunits ${FPT_TESTS}/unit/geo/test_realunits.c)

add_executable(fpt-json-get ${FPT_TESTS}/cli/json_get.c)
target_link_libraries(fpt-json-get PRIVATE PkgConfig::JANSSON)
target_compile_options(fpt-json-get PRIVATE ${FPT_WARNINGS})
target_compile_definitions(fpt-json-get PRIVATE _POSIX_C_SOURCE=200809L)
foreach(case realunits-table realunits-json realunits-validate realunits-elsewhere)
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/realunits_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-json-get>)
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
