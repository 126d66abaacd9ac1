# SPDX-License-Identifier: MIT
# bench/, included by tests/CMakeLists.txt: the nightly harness (bench/harness.c) end to end
# on a stand-in for the footprint command (tests/bench/harness_test.sh), so each case checks
# what was run and what was decided — the shipped nightly file run whole, a file longer than
# any fixed capacity, failing children, baselines — never how long anything took.
foreach(case nightly-whole long-file failing-child expected-exit missing-from-run
        answer-changed path-fields repetitions-differ slower calibrated recorded bad-config bad-baseline)
    add_test(NAME bench-harness-${case}
             COMMAND bash ${FPT_TESTS}/bench/harness_test.sh ${case}
                     $<TARGET_FILE:fpt-bench-harness> ${PROJECT_SOURCE_DIR})
    set_tests_properties(bench-harness-${case} PROPERTIES LABELS bench)
endforeach()
