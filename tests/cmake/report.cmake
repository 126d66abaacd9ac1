# SPDX-License-Identifier: MIT
# The HTML report (solver/html_report.c), included by tests/CMakeLists.txt, which defines
# fpt_add_test(). The unit test parses the page with libxml2; the render tests have headless
# Chromium screenshot it and png_stats (libpng) check the pixels. Their label is `render`, not
# `cli`, so the valgrind pass (ctest -L cli) never runs a browser under memcheck.
fpt_add_test(test-report-html ${FPT_TESTS}/unit/report/test_html.c)
target_link_libraries(test-report-html PRIVATE LibXml2::LibXml2)

find_package(PNG REQUIRED)
add_executable(fpt-png-stats ${FPT_TESTS}/cli/png_stats.c)
target_link_libraries(fpt-png-stats PRIVATE PNG::PNG)
target_compile_options(fpt-png-stats PRIVATE ${FPT_WARNINGS})
foreach(case solve sweep)
    add_test(NAME render-html-${case}
             COMMAND bash ${FPT_TESTS}/cli/html_render_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-png-stats>)
    set_tests_properties(render-html-${case} PROPERTIES LABELS render)
endforeach()
foreach(case report-infeasible report-unwritable report-usage report-sweep-merge)
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/html_render_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-png-stats>)
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
