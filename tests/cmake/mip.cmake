# SPDX-License-Identifier: MIT
# solver/mip (tests/unit/mip), included by tests/CMakeLists.txt, which defines
# fpt_add_test() and the support library: the programme's rows and columns (read back through
# GLPK itself), the solver against exhaustive enumeration, known optima worked by hand, "every
# criterion acts" on random models, and the reusable solver of sweeps. The brute-force enumerator lives beside the model builder in the support library.
target_sources(fpt-test-support PRIVATE ${FPT_TESTS}/support/brute.c)

fpt_add_test(test-mip-formulate ${FPT_TESTS}/unit/mip/test_formulate.c)
target_link_libraries(test-mip-formulate PRIVATE GLPK::GLPK)
fpt_add_test(test-mip-brute ${FPT_TESTS}/unit/mip/test_brute.c)
fpt_add_test(test-mip-optimum ${FPT_TESTS}/unit/mip/test_optimum.c)
fpt_add_test(test-mip-properties ${FPT_TESTS}/unit/mip/test_properties.c)
fpt_add_test(test-mip-solver ${FPT_TESTS}/unit/mip/test_solver.c)
