# SPDX-License-Identifier: MIT
# solver/appraise (tests/unit/appraise), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): the rating → £ terms M1–M11 one at a time, on a model worked by hand, and
# the links of one function against a plan; the transition term M15 by hand.
fpt_add_test(test-appraise-appraise ${FPT_TESTS}/unit/appraise/test_appraise.c)
fpt_add_test(test-appraise-links ${FPT_TESTS}/unit/appraise/test_links.c)
fpt_add_test(test-appraise-transition ${FPT_TESTS}/unit/appraise/test_transition.c)

# The transition end to end: the table's column and line, payback, CSV, JSON, weight 0, a
# current footprint (tests/cli/transition_test.sh).
foreach(case table json-payback weight-zero weight-without-transition weight-moves-the-plan
        current-footprint csv)
    add_test(NAME cli-transition-${case}
             COMMAND bash ${FPT_TESTS}/cli/transition_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:fpt-json-get>)
    set_tests_properties(cli-transition-${case} PROPERTIES LABELS cli)
endforeach()
