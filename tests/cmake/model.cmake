# SPDX-License-Identifier: MIT
# solver/model (tests/unit/model), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): the criterion table and its kinds.
fpt_add_test(test-model-criteria ${FPT_TESTS}/unit/model/test_criteria.c)
