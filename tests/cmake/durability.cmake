# SPDX-License-Identifier: MIT
# Interruption and output durability, included by tests/CMakeLists.txt (tests/cli/
# durability_test.sh, docs/cli.md "Interruption and resume"): a sweep killed with SIGKILL at
# exact points and resumed, and its journal read back as strictly as sweep.json; SIGINT and
# SIGTERM during one long MIP of solve and sweep, and during a --resume's reading. The kill
# points and the marker of a started MIP are test hooks, so these cases exist only in
# -DFPT_TEST_HOOKS=ON builds.
if(FPT_TEST_HOOKS)
    foreach(case kill-resume-small kill-resume-infeasible kill-resume-json kill-over-other-output
            journal-refused solve-interrupt sweep-interrupt resume-interrupt)
        add_test(NAME cli-durable-${case}
                 COMMAND bash ${FPT_TESTS}/cli/durability_test.sh ${case}
                         $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
        set_tests_properties(cli-durable-${case} PROPERTIES LABELS cli)
    endforeach()
endif()

# A full disk (tests/support/disk_full.c, LD_PRELOAD'ed): solve, sweep, districts and size
# writing into a directory whose writes fail with ENOSPC, from the first byte or part-way.
if(FPT_TEST_HOOKS AND NOT FPT_SANITIZE)
    add_library(fpt-disk-full MODULE ${FPT_TESTS}/support/disk_full.c)
    target_link_libraries(fpt-disk-full PRIVATE ${CMAKE_DL_LIBS})
    foreach(case disk-full-solve disk-full-sweep disk-full-districts disk-full-size)
        add_test(NAME cli-durable-${case}
                 COMMAND bash ${FPT_TESTS}/cli/durability_test.sh ${case}
                         $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR}
                         $<TARGET_FILE:fpt-disk-full>)
        set_tests_properties(cli-durable-${case} PROPERTIES LABELS cli)
    endforeach()
endif()
