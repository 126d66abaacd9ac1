# SPDX-License-Identifier: MIT
# End-to-end tests of the footprint command: each case in cli_test.sh is one ctest test. The
# command line's conventions, help, manual page and completion (solver/cli/options.c) are
# cases here too, and test-cli-options checks the tables and the parser themselves.
set(FPT_CLI_CASES
    help version no-args unknown-command missing-scenario bad-format bad-time-limit
    help-command option-equals short-options double-dash output-dash unknown-option
    wrong-command-option missing-value repeated-option man-page completion
    solve-table solve-csv solve-json output-file output-unwritable write-lp-mps write-lp-names
    missing-model malformed-scenario invalid-reference infeasible-pool contradictory-locks
    validate-good validate-bad validate-any-order validate-defaults validate-defaults-all
    validate-order
    validate-geography stdin-inputs csv-as-xml
    conventions-by-command words-not-symbols deterministic
    time-limit-hard)
# The manual page and the completion that target footprint-docs writes (solver/CMakeLists.txt),
# and whether this build has MPI (footprint --version says).
set(FPT_CLI_ENV FPT_MANPAGE=${PROJECT_BINARY_DIR}/footprint.1
    FPT_COMPLETION=${PROJECT_BINARY_DIR}/completion/footprint
    FPT_EXPECT_MPI=$<IF:$<BOOL:${FPT_MPI}>,on,off>)
foreach(case ${FPT_CLI_CASES})
    add_test(NAME cli-${case}
             COMMAND bash ${FPT_TESTS}/cli/cli_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-${case} PROPERTIES LABELS cli SKIP_RETURN_CODE 77
                         ENVIRONMENT "${FPT_CLI_ENV}")
endforeach()

fpt_add_test(test-cli-options ${FPT_TESTS}/unit/cli/test_options.c)
target_sources(test-cli-options PRIVATE ${PROJECT_SOURCE_DIR}/solver/cli/options.c
               ${PROJECT_SOURCE_DIR}/solver/cli/parse.c ${PROJECT_SOURCE_DIR}/solver/cli/help.c)
fpt_add_test(test-cli-progress ${FPT_TESTS}/unit/cli/test_progress.c)
target_sources(test-cli-progress PRIVATE ${PROJECT_SOURCE_DIR}/solver/cli/options.c
               ${PROJECT_SOURCE_DIR}/solver/cli/parse.c ${PROJECT_SOURCE_DIR}/solver/cli/help.c
               ${PROJECT_SOURCE_DIR}/solver/cli/progress.c)

# How outputs are written (tests/cli/output_test.sh, docs/cli.md "Outputs"): FIFOs, links,
# directories, modes and, as root, device nodes made in a scratch directory.
foreach(case output-fifo output-fifo-unread output-symlink output-mode output-directory
        programme-fifo report-sweep-links sweep-dir-locked devices)
    add_test(NAME cli-out-${case}
             COMMAND bash ${FPT_TESTS}/cli/output_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-out-${case} PROPERTIES LABELS cli SKIP_RETURN_CODE 77)
endforeach()

# The progress line under a pseudo-terminal, in a pipe, with --progress and with --quiet
# (tests/cli/progress_test.sh; script(1) from bsdutils makes the terminal).
foreach(case districts districts-table size sweep solve-stability)
    add_test(NAME cli-progress-${case}
             COMMAND bash ${FPT_TESTS}/cli/progress_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-progress-${case} PROPERTIES LABELS cli)
endforeach()
