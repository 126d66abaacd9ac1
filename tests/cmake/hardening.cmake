# SPDX-License-Identifier: MIT
# Bad input, included by tests/CMakeLists.txt: the bad-input corpus, generated from
# tests/bad/cases.txt into ${FPT_CORPUS} (build/tests/bad) by tests/support/corpus.c, end
# to end through the footprint command (the same corpus goes through the loaders in
# test-load-bad and test-geo-geography, whose targets depend on it), and the libFuzzer targets
# of the loaders, of footprint serve's what-ifs and of the geography, sweep-output and diff
# readers.
add_executable(fpt-corpus ${FPT_TESTS}/support/corpus.c)
target_compile_options(fpt-corpus PRIVATE ${FPT_WARNINGS})
target_compile_definitions(fpt-corpus PRIVATE _POSIX_C_SOURCE=200809L)
# The whole files and the bases the table reads; the folder is emptied first, so that a case
# taken out of the table leaves no file behind.
file(GLOB fpt_corpus_inputs CONFIGURE_DEPENDS ${FPT_TESTS}/bad/* ${FPT_TESTS}/data/*)
add_custom_command(
    OUTPUT ${FPT_CORPUS}/cases.txt
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${FPT_CORPUS}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${FPT_CORPUS}
    COMMAND fpt-corpus ${FPT_TESTS}/bad/cases.txt ${FPT_CORPUS}
    DEPENDS fpt-corpus ${fpt_corpus_inputs}
    COMMENT "Generating the bad-input corpus"
    VERBATIM)
add_custom_target(fpt-bad-corpus ALL DEPENDS ${FPT_CORPUS}/cases.txt)

# Every case of the corpus (all but data files) also runs end to end through the footprint
# command, one ctest test each (label cli, so the valgrind pass runs them too): models and
# scenarios through solve, geographies through districts, sweep outputs through merge and
# --resume, JSON through diff, command lines as they are. cases.txt stays the only table:
# bad_test.sh reads the case's resolved row in the corpus itself.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/bad/cases.txt)
# Only the first two fields are taken here: the messages hold ';' and unbalanced '[' that CMake
# lists cannot carry.
file(READ ${PROJECT_SOURCE_DIR}/tests/bad/cases.txt fpt_bad_table)
string(REGEX MATCHALL
       "(^|\n)[a-z0-9.-]+ *\\| *(model|scenario|geography|sweep-csv|sweep-json|diff|args) "
       fpt_bad_files "${fpt_bad_table}")
foreach(file IN LISTS fpt_bad_files)
    string(REGEX REPLACE " *\\|.*" "" file "${file}")
    string(STRIP "${file}" file)
    add_test(NAME cli-bad-${file}
             COMMAND bash ${FPT_TESTS}/cli/bad_test.sh ${file}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR} ${FPT_CORPUS})
    set_tests_properties(cli-bad-${file} PROPERTIES LABELS cli)
    if(FPT_SANITIZE)
        set_tests_properties(cli-bad-${file} PROPERTIES ENVIRONMENT FPT_TRACE=0)
    endif()
endforeach()

# The corpus's sweep outputs are edits of tests/data/twins-out.json, the sweep.json that
# --resume and merge read back (a CSV directory holds one too): while it is what this build
# writes for the twins sweep, merge takes it whole (else regenerate it with footprint sweep
# tests/data/twins-model.xml tests/data/twins-sweep.xml -o DIR --format json).
add_test(NAME cli-bad-sweep-bases-are-current
         COMMAND bash -c "d=$(mktemp -d) && trap 'rm -rf $d' EXIT && mkdir $d/j && \
cp ${FPT_TESTS}/data/twins-out.json $d/j/sweep.json && \
$<TARGET_FILE:footprint> merge ${FPT_TESTS}/data/twins-model.xml ${FPT_TESTS}/data/twins-sweep.xml $d/j -o $d/mj --format json && \
cmp $d/j/sweep.json $d/mj/sweep.json")
set_tests_properties(cli-bad-sweep-bases-are-current PROPERTIES LABELS cli)

# Inputs that are not regular files (tests/cli/input_test.sh): FIFOs, devices and directories
# given as inputs or left in a --resume directory are refused at once, never waited on; and a
# rating set that a parameter's override shadows is warned about.
foreach(case geography-fifo model-fifo diff-fifo resume-fifo resume-zero precedence-warning
        coincident-ccgs)
    add_test(NAME cli-in-${case}
             COMMAND bash ${FPT_TESTS}/cli/input_test.sh ${case}
                     $<TARGET_FILE:footprint> ${PROJECT_SOURCE_DIR})
    set_tests_properties(cli-in-${case} PROPERTIES LABELS cli)
endforeach()

# The libFuzzer target (tests/fuzz/README.md), with -DFPT_FUZZ=ON and clang.
if(FPT_FUZZ)
    add_executable(fpt-fuzz-load ${FPT_TESTS}/fuzz/fuzz_load.c)
    target_include_directories(fpt-fuzz-load PRIVATE ${PROJECT_SOURCE_DIR}/solver)
    target_link_libraries(fpt-fuzz-load PRIVATE fpt)
    target_compile_options(fpt-fuzz-load PRIVATE ${FPT_WARNINGS})
    target_compile_definitions(fpt-fuzz-load PRIVATE FPT_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
                               _POSIX_C_SOURCE=200809L)
    target_link_options(fpt-fuzz-load PRIVATE -fsanitize=fuzzer)
    # What-ifs of footprint serve (solver/serve/whatif.c).
    add_executable(fpt-fuzz-whatif ${FPT_TESTS}/fuzz/fuzz_whatif.c)
    target_include_directories(fpt-fuzz-whatif PRIVATE ${PROJECT_SOURCE_DIR}/solver)
    target_link_libraries(fpt-fuzz-whatif PRIVATE fpt_serve)
    target_compile_options(fpt-fuzz-whatif PRIVATE ${FPT_WARNINGS})
    target_compile_definitions(fpt-fuzz-whatif PRIVATE
                               FPT_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
                               _POSIX_C_SOURCE=200809L)
    target_link_options(fpt-fuzz-whatif PRIVATE -fsanitize=fuzzer)
    # The other readers (tests/fuzz/run_readers.sh): geography CSV, sweep outputs read back,
    # diff's JSON.
    foreach(reader geography sweep_read diff)
        string(REPLACE "_" "-" name ${reader})
        add_executable(fpt-fuzz-${name} ${FPT_TESTS}/fuzz/fuzz_${reader}.c)
        target_include_directories(fpt-fuzz-${name} PRIVATE ${PROJECT_SOURCE_DIR}/solver)
        target_link_libraries(fpt-fuzz-${name} PRIVATE fpt)
        target_compile_options(fpt-fuzz-${name} PRIVATE ${FPT_WARNINGS})
        target_compile_definitions(fpt-fuzz-${name} PRIVATE
                                   FPT_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
                                   _POSIX_C_SOURCE=200809L)
        target_link_options(fpt-fuzz-${name} PRIVATE -fsanitize=fuzzer)
    endforeach()
endif()
