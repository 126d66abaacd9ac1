# SPDX-License-Identifier: MIT
# The solver's correctness tests (tests/unit/solve), included by tests/CMakeLists.txt, which
# defines fpt_add_test() and the support library. The brute-force enumerator lives beside
# the model builder in that library.
target_sources(fpt-test-support PRIVATE ${CMAKE_CURRENT_LIST_DIR}/support/brute.c)

fpt_add_test(test-solve-brute ${CMAKE_CURRENT_LIST_DIR}/unit/solve/test_brute.c)
fpt_add_test(test-solve-optimum ${CMAKE_CURRENT_LIST_DIR}/unit/solve/test_optimum.c)
fpt_add_test(test-solve-properties ${CMAKE_CURRENT_LIST_DIR}/unit/solve/test_properties.c)
