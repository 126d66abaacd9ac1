# SPDX-License-Identifier: MIT
# Installing, included by tests/CMakeLists.txt: the build installed into a fresh prefix and
# used from outside the tree by the consumer in tests/install/consumer, the installed command
# checked against the build tree's (tests/install/install_test.sh). Not with FPT_SANITIZE or
# FPT_FUZZ: the consumers built against the installed library are not instrumented.
if(NOT FPT_SANITIZE AND NOT FPT_FUZZ)
    add_test(NAME install
             COMMAND bash ${FPT_TESTS}/install/install_test.sh ${CMAKE_COMMAND}
                     ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR} $<TARGET_FILE:footprint>
                     ${CMAKE_C_COMPILER} ${PROJECT_VERSION}
                     ${CMAKE_INSTALL_FULL_DATADIR}/footprint)
    set_tests_properties(install PROPERTIES LABELS install)
endif()
