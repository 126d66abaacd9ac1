# SPDX-License-Identifier: MIT
# solver/appraise (tests/unit/appraise), included by tests/CMakeLists.txt, which defines
# fpt_add_test(): the rating → £ terms M1–M11 one at a time, on a model worked by hand, and
# the links of one function against a plan; the transition term M15 by hand.
fpt_add_test(test-appraise-appraise ${FPT_TESTS}/unit/appraise/test_appraise.c)
fpt_add_test(test-appraise-links ${FPT_TESTS}/unit/appraise/test_links.c)
fpt_add_test(test-appraise-transition ${FPT_TESTS}/unit/appraise/test_transition.c)
