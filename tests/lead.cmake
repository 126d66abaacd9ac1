# SPDX-License-Identifier: MIT
fpt_add_test(test-shipped ${CMAKE_CURRENT_LIST_DIR}/unit/shipped/test_shipped.c)
fpt_add_test(test-report-json ${CMAKE_CURRENT_LIST_DIR}/unit/report/test_json.c)
