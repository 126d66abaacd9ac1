# SPDX-License-Identifier: MIT
# solver/load (tests/unit/load), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): the XML loaders on the tiny model and scenario, the bad-input corpus
# (tests/bad/cases.txt; its end-to-end twin is in hardening.cmake), and the shipped models and
# scenarios, each of which must load and in which every term must bind somewhere.
fpt_add_test(test-load-model ${FPT_TESTS}/unit/load/test_model.c)
fpt_add_test(test-load-scenario ${FPT_TESTS}/unit/load/test_scenario.c)
fpt_add_test(test-load-bad ${FPT_TESTS}/unit/load/test_bad.c)
fpt_add_test(test-load-shipped ${FPT_TESTS}/unit/load/test_shipped.c)
