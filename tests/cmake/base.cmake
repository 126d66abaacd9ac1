# SPDX-License-Identifier: MIT
# solver/base (tests/unit/base), included by tests/CMakeLists.txt, which defines
# fpt_add_test(). The parallel driver's loops and schedules; timed waits' deadlines. Output files (never destroying what is at their path) are tested in a
# scratch directory with FIFOs, links and, as root, device nodes made there. The GLPK guard's
# test provokes a real GLPK fatal error through a hook that only -DFPT_TEST_HOOKS=ON compiles
# in, so it exists only in such builds. The allocation-failure test runs the whole pipeline,
# but its mechanism is base's concern: every allocation.
fpt_add_test(test-base-clock ${FPT_TESTS}/unit/base/test_clock.c)
fpt_add_test(test-base-outfile ${FPT_TESTS}/unit/base/test_outfile.c)
fpt_add_test(test-base-text ${FPT_TESTS}/unit/base/test_text.c)
fpt_add_test(test-base-parallel ${FPT_TESTS}/unit/base/test_parallel.c)
if(FPT_TEST_HOOKS)
    fpt_add_test(test-base-glpk-guard ${FPT_TESTS}/unit/base/test_glpk_guard.c)
endif()

# Allocation-failure injection. Every allocation the library makes goes through
# tests/support/inject.c: the linker wraps the allocating functions `nm -u` lists in the
# library archive (the test's opening comment says which and why), and the test routes
# libxml2's and Jansson's allocators there too. Three libxml2 schema calls are wrapped to run
# with injection suspended: libxml2 2.9.14 cannot survive a failure inside them.
fpt_add_test(test-base-alloc-fail ${FPT_TESTS}/unit/base/test_alloc_fail.c)
target_sources(test-base-alloc-fail PRIVATE ${FPT_TESTS}/support/inject.c)
target_link_libraries(test-base-alloc-fail PRIVATE LibXml2::LibXml2)
target_link_options(test-base-alloc-fail PRIVATE
    "LINKER:--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free"
    "LINKER:--wrap=strdup,--wrap=strndup,--wrap=open_memstream,--wrap=fclose"
    "LINKER:--wrap=xmlSchemaParse,--wrap=xmlSchemaNewValidCtxt,--wrap=xmlSchemaValidateDoc")
