# SPDX-License-Identifier: MIT
# Loading and validation tests (tests/unit/load), included by tests/CMakeLists.txt, which
# defines fpt_add_test(). test-load-bad drives the corpus in tests/bad/ (see cases.txt).
fpt_add_test(test-load-model ${FPT_TESTS}/unit/load/test_model.c)
fpt_add_test(test-load-scenario ${FPT_TESTS}/unit/load/test_scenario.c)
fpt_add_test(test-load-bad ${FPT_TESTS}/unit/load/test_bad.c)
fpt_add_test(test-model-criteria ${FPT_TESTS}/unit/model/test_criteria.c)
fpt_add_test(test-appraise-links ${FPT_TESTS}/unit/appraise/test_links.c)
fpt_add_test(test-run-acceptability ${FPT_TESTS}/unit/run/test_acceptability.c)
