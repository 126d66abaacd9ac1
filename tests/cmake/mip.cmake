# SPDX-License-Identifier: MIT
# solver/mip (tests/unit/mip), included by tests/CMakeLists.txt, which defines
# fpt_add_test() and the support library: the programme's rows and columns (read back through
# GLPK itself), the solver against exhaustive enumeration, known optima worked by hand, "every
# criterion acts" on random models, the transition term against enumeration, the tie rule on
# near-tie models, the reusable solver of sweeps, and copies of a function with the rows that
# order them. The brute-force enumerator lives beside the model builder in the support library.
target_sources(fpt-test-support PRIVATE ${FPT_TESTS}/support/brute.c)

fpt_add_test(test-mip-formulate ${FPT_TESTS}/unit/mip/test_formulate.c)
target_link_libraries(test-mip-formulate PRIVATE GLPK::GLPK)
fpt_add_test(test-mip-brute ${FPT_TESTS}/unit/mip/test_brute.c)
fpt_add_test(test-mip-optimum ${FPT_TESTS}/unit/mip/test_optimum.c)
fpt_add_test(test-mip-properties ${FPT_TESTS}/unit/mip/test_properties.c)
fpt_add_test(test-mip-solver ${FPT_TESTS}/unit/mip/test_solver.c)
fpt_add_test(test-mip-transition-brute ${FPT_TESTS}/unit/mip/test_transition_brute.c)
fpt_add_test(test-mip-ties ${FPT_TESTS}/unit/mip/test_ties.c)
fpt_add_test(test-mip-symmetry ${FPT_TESTS}/unit/mip/test_symmetry.c)
fpt_add_test(test-mip-start ${FPT_TESTS}/unit/mip/test_start.c)
target_link_libraries(test-mip-start PRIVATE GLPK::GLPK)

# solve --time-limit end to end (tests/cli/limits_test.sh): generated large, hard models, and,
# in FPT_TEST_HOOKS builds, the deadline met in each phase of a solve.
set(FPT_LIMIT_CASES large-no-plan large-plan stability-refused why-left-out)
if(FPT_TEST_HOOKS)
    list(APPEND FPT_LIMIT_CASES deadline-first-search deadline-tie-rule deadline-explanation)
endif()
foreach(case ${FPT_LIMIT_CASES})
    add_test(NAME cli-limit-${case}
             COMMAND bash ${FPT_TESTS}/cli/limits_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-limit-${case} PROPERTIES LABELS cli)
endforeach()

# Copies of a function end to end (tests/cli/symmetry_test.sh, docs/model.md "Copies of a
# function"): the exports' ordering rows read back by CBC, the why of a model with chained
# copies, the heap kept between its searches (builds without sanitizers), and, in
# FPT_TEST_HOOKS builds, solve's JSON the same with the rows and without them.
set(FPT_SYMMETRY_CASES export chained-why)
if(FPT_TEST_HOOKS)
    list(APPEND FPT_SYMMETRY_CASES same-answer)
endif()
if(NOT FPT_SANITIZE)
    list(APPEND FPT_SYMMETRY_CASES heap-kept)
endif()
foreach(case ${FPT_SYMMETRY_CASES})
    add_test(NAME cli-symmetry-${case}
             COMMAND bash ${FPT_TESTS}/cli/symmetry_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-symmetry-${case} PROPERTIES LABELS cli SKIP_RETURN_CODE 77)
endforeach()
