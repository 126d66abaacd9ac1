# SPDX-License-Identifier: MIT
# Loading and validation tests (tests/unit/load), included by tests/CMakeLists.txt, which
# defines fpt_add_test(). test-load-bad drives the corpus in tests/bad/ (see cases.txt).
fpt_add_test(test-load-model ${FPT_TESTS}/unit/load/test_model.c)
fpt_add_test(test-load-scenario ${FPT_TESTS}/unit/load/test_scenario.c)
fpt_add_test(test-load-bad ${FPT_TESTS}/unit/load/test_bad.c)
