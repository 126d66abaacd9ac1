# SPDX-License-Identifier: MIT
# The solver's correctness tests (tests/unit/solve), included by tests/CMakeLists.txt, which
# defines fpt_add_test() and the support library. The brute-force enumerator lives beside
# the model builder in that library.
target_sources(fpt-test-support PRIVATE ${FPT_TESTS}/support/brute.c)

fpt_add_test(test-solve-brute ${FPT_TESTS}/unit/mip/test_brute.c)
fpt_add_test(test-solve-optimum ${FPT_TESTS}/unit/mip/test_optimum.c)
fpt_add_test(test-solve-properties ${FPT_TESTS}/unit/mip/test_properties.c)
