# SPDX-License-Identifier: MIT
# End-to-end tests of the footprint command: each case in cli_test.sh is one ctest test.
set(FPT_CLI_CASES
    help version no-args unknown-command missing-scenario bad-format bad-time-limit
    solve-table solve-csv solve-json output-file output-unwritable write-lp-mps
    missing-model malformed-scenario invalid-reference infeasible-pool contradictory-locks
    validate-good validate-bad deterministic time-limit-hard)
foreach(case ${FPT_CLI_CASES})
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/cli_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-${case} PROPERTIES LABELS cli)
endforeach()
