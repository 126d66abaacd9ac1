# SPDX-License-Identifier: MIT
# solver/serve (tests/unit/serve), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): what-ifs, scenario files written back and the API without HTTP; then
# `footprint serve` end to end over loopback HTTP (tests/serve/api_test.py: status codes, the
# round trip through `footprint solve`, hostile input, concurrent what-ifs each checked against
# the command; label cli, so the valgrind pass runs the server under memcheck), and the page
# in headless Chromium driven by puppeteer-core (tests/serve/browser_test.sh; label browser,
# never under valgrind). puppeteer-core comes from the npm registry into build/npm, installed
# by tests/serve/npm_setup.sh (./quickstart.sh test runs it); the build never downloads.
foreach(topic whatif scenario_write api)
    fpt_add_test(test-serve-${topic} ${FPT_TESTS}/unit/serve/test_${topic}.c)
    target_link_libraries(test-serve-${topic} PRIVATE fpt_serve)
endforeach()

find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(FPT_SERVE_CASES routes security hostile whatifs round-trip concurrent options signal)
foreach(case ${FPT_SERVE_CASES})
    add_test(NAME cli-serve-${case}
             COMMAND ${Python3_EXECUTABLE} ${FPT_TESTS}/serve/api_test.py ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-serve-${case} PROPERTIES LABELS "cli;serve" TIMEOUT 600)
endforeach()

add_test(NAME browser-serve
         COMMAND bash ${FPT_TESTS}/serve/browser_test.sh $<TARGET_FILE:footprint>
                 ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/npm)
set_tests_properties(browser-serve PROPERTIES LABELS "browser;serve" TIMEOUT 300)
