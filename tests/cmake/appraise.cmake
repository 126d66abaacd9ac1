# SPDX-License-Identifier: MIT
# solver/appraise (tests/unit/appraise), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): the links of one function against a plan.
fpt_add_test(test-appraise-links ${FPT_TESTS}/unit/appraise/test_links.c)
