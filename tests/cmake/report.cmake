# SPDX-License-Identifier: MIT
# solver/report and report/html (tests/unit/report), included by tests/CMakeLists.txt, which
# defines fpt_add_test(): table/CSV/JSON of the England run, comparing runs, rendered
# partitions and the maps (labels, names, colours), the HTML
# report (parsed with libxml2), and end to end `footprint diff` (tests/cli/diff_test.sh),
# the HTML report (tests/cli/html_render_test.sh) and the maps (tests/cli/map_render_test.sh). The render tests have headless Chromium
# screenshot the page and fpt-png-stats check the pixels; their label is `render`, not `cli`,
# so the valgrind pass (ctest -L cli) never runs a browser under memcheck. The workbooks of
# --format xlsx are read back with openpyxl (tests/cli/xlsx_test.sh, xlsx_check.py).
fpt_add_test(test-report-json ${FPT_TESTS}/unit/report/test_json.c)
fpt_add_test(test-report-why-render ${FPT_TESTS}/unit/report/test_why_render.c)
fpt_add_test(test-report-diff ${FPT_TESTS}/unit/report/test_diff.c)
fpt_add_test(test-report-districts-render ${FPT_TESTS}/unit/report/test_districts_render.c)
target_link_libraries(test-report-districts-render PRIVATE LibXml2::LibXml2)
fpt_add_test(test-report-html ${FPT_TESTS}/unit/report/test_html.c)
target_link_libraries(test-report-html PRIVATE LibXml2::LibXml2)

foreach(case same level-reported level-fails cost-under cost-over status-fails kinds broken
        missing usage)
    add_test(NAME cli-diff-${case}
             COMMAND bash ${FPT_TESTS}/cli/diff_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-diff-${case} PROPERTIES LABELS cli)
endforeach()

foreach(case solve solve-transition sweep)
    add_test(NAME render-html-${case}
             COMMAND bash ${FPT_TESTS}/cli/html_render_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-png-stats>)
    set_tests_properties(render-html-${case} PROPERTIES LABELS render)
endforeach()
foreach(case report-infeasible report-unwritable report-usage report-sweep-merge
        report-sweep-infeasible)
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/html_render_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-png-stats>)
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
fpt_add_test(test-report-map-labels ${FPT_TESTS}/unit/report/test_map_labels.c)
fpt_add_test(test-report-maps ${FPT_TESTS}/unit/report/test_maps.c)
target_link_libraries(test-report-maps PRIVATE LibXml2::LibXml2)
# The maps in headless Chromium: text inside the picture and apart, England's outline and every
# territory's colour on screen (tests/cli/map_render_test.sh).
foreach(case districts report)
    add_test(NAME render-map-${case}
             COMMAND bash ${FPT_TESTS}/cli/map_render_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-png-stats>)
    set_tests_properties(render-map-${case} PROPERTIES LABELS render)
endforeach()
fpt_add_test(test-report-sizing-note ${FPT_TESTS}/unit/report/test_sizing_note.c)

# Debian's python3-openpyxl installs for Debian's own python3, which may not be the first on
# PATH (a pyenv, a virtualenv).
set(FPT_XLSX_PYTHON /usr/bin/python3 CACHE FILEPATH
    "A Python 3 that imports openpyxl, for the workbook tests (tests/cli/xlsx_test.sh)")
foreach(case solve solve-transition solve-stability solve-why-tied-held solve-real-units solve-infeasible sweep
        merge interrupt size districts output-rules unwritable)
    add_test(NAME cli-xlsx-${case}
             COMMAND bash ${FPT_TESTS}/cli/xlsx_test.sh ${case} $<TARGET_FILE:footprint>
                     ${PROJECT_SOURCE_DIR} ${FPT_XLSX_PYTHON})
    set_tests_properties(cli-xlsx-${case} PROPERTIES LABELS cli)
endforeach()

# Every CSV output read back as pandas and Python's csv module read it (tests/cli/csv_test.sh,
# csv_check.py): header, widths, rounding and figures against the same run's JSON. Debian's
# python3-pandas, installed for the Python of FPT_XLSX_PYTHON, is used when present.
foreach(case solve solve-infeasible sweep size districts)
    add_test(NAME cli-csv-${case}
             COMMAND bash ${FPT_TESTS}/cli/csv_test.sh ${case} $<TARGET_FILE:footprint>
                     ${PROJECT_SOURCE_DIR} ${FPT_XLSX_PYTHON})
    set_tests_properties(cli-csv-${case} PROPERTIES LABELS cli)
endforeach()
