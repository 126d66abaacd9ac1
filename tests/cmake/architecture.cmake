# SPDX-License-Identifier: MIT
# The pipeline order of solver/ (docs/architecture.md "Layers"): no include and no call goes
# against it, no call cycle among the library's files, public headers clean; and the check
# itself fails on an upward include, an upward call and a cycle.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME arch-layers
         COMMAND ${Python3_EXECUTABLE} ${FPT_TESTS}/arch/check_layers.py
                 ${PROJECT_SOURCE_DIR}/solver $<TARGET_FILE:fpt> $<TARGET_FILE:fpt_serve>)
add_test(NAME arch-layers-self-test
         COMMAND bash ${FPT_TESTS}/arch/self_test.sh ${FPT_TESTS}/arch/check_layers.py
                 ${PROJECT_SOURCE_DIR})
set_tests_properties(arch-layers arch-layers-self-test PROPERTIES LABELS arch)

# Every public header stands alone: a file including only it compiles, pedantic C11, with
# nothing but solver/include on the path (so it can reach no internal, GLPK, libxml2 or
# Jansson header). A header that does not is a build failure.
file(GLOB fpt_public_headers RELATIVE ${PROJECT_SOURCE_DIR}/solver/include/footprint
     CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/solver/include/footprint/*.h)
set(fpt_header_sources)
foreach(header IN LISTS fpt_public_headers)
    get_filename_component(stem ${header} NAME_WE)
    set(source ${CMAKE_CURRENT_BINARY_DIR}/header-check/${stem}.c)
    file(CONFIGURE OUTPUT ${source}
         CONTENT "#include \"footprint/${header}\"\n#include \"footprint/${header}\"\nint fpt_header_check_${stem}(void);\nint fpt_header_check_${stem}(void) { return 0; }\n")
    list(APPEND fpt_header_sources ${source})
endforeach()
add_library(fpt-header-check OBJECT ${fpt_header_sources})
target_include_directories(fpt-header-check PRIVATE ${PROJECT_SOURCE_DIR}/solver/include)
target_compile_options(fpt-header-check PRIVATE ${FPT_WARNINGS})
