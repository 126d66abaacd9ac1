# SPDX-License-Identifier: MIT
fpt_add_test(test-shipped ${FPT_TESTS}/unit/load/test_shipped.c)
fpt_add_test(test-report-json ${FPT_TESTS}/unit/report/test_json.c)
