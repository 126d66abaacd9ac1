# SPDX-License-Identifier: MIT
# solver/base (tests/unit/base), included by tests/CMakeLists.txt, which defines
# fpt_add_test(). The GLPK guard's test provokes a real GLPK fatal error through a hook that
# only -DFPT_TEST_HOOKS=ON compiles in, so it exists only in such builds.
if(FPT_TEST_HOOKS)
    fpt_add_test(test-base-glpk-guard ${FPT_TESTS}/unit/base/test_glpk_guard.c)
endif()
