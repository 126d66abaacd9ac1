# SPDX-License-Identifier: MIT
# solver/model (tests/unit/model), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): the criterion table and its kinds, the meaning checks on models and
# scenarios built in memory, and how sweeps and Monte Carlo make scenario i.
fpt_add_test(test-model-criteria ${FPT_TESTS}/unit/model/test_criteria.c)
fpt_add_test(test-model-validate ${FPT_TESTS}/unit/model/test_validate.c)
fpt_add_test(test-model-variant ${FPT_TESTS}/unit/model/test_variant.c)
