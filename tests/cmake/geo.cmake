# SPDX-License-Identifier: MIT
# solver/geo (tests/unit/geo), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): loading CCG files, and scenarios on real units (hand-checked figures), the
# latter also end to end through the command (tests/cli/realunits_test.sh: its table and its
# JSON, read with the fpt-json-get helper).
fpt_add_test(test-geo-geography ${FPT_TESTS}/unit/geo/test_geography.c)
fpt_add_test(test-geo-realunits ${FPT_TESTS}/unit/geo/test_realunits.c)

foreach(case realunits-table realunits-json realunits-validate realunits-elsewhere)
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/realunits_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-json-get>)
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
# The maps' geometry: Voronoi cells clipped to a region, and the compiled-in outline of England.
fpt_add_test(test-geo-voronoi ${FPT_TESTS}/unit/geo/test_voronoi.c)
fpt_add_test(test-geo-outline ${FPT_TESTS}/unit/geo/test_outline.c)
