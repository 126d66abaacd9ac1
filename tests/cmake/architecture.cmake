# SPDX-License-Identifier: MIT
# The pipeline order of solver/ (docs/architecture.md "Layers"): no include and no call goes
# against it, no call cycle among the library's files, public headers clean; and the check
# itself fails on an upward include, an upward call and a cycle.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME arch-layers
         COMMAND ${Python3_EXECUTABLE} ${FPT_TESTS}/arch/check_layers.py
                 ${PROJECT_SOURCE_DIR}/solver $<TARGET_FILE:fpt>)
add_test(NAME arch-layers-self-test
         COMMAND bash ${FPT_TESTS}/arch/self_test.sh ${FPT_TESTS}/arch/check_layers.py
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(arch-layers arch-layers-self-test PROPERTIES LABELS arch)
