# SPDX-License-Identifier: MIT
# Run as a script: write the linker version script of libfootprint.so, which exports exactly
# the functions declared in the public headers (solver/include/footprint/*.h) and hides every
# other symbol, so that the library's internal functions are not part of its ABI.
#   cmake -DHEADERS_DIR=dir -DOUTPUT=file -P ExportList.cmake
# A declaration is fpt_something followed by "(" outside comments.
file(GLOB _headers "${HEADERS_DIR}/*.h")
list(SORT _headers)
set(_names "")
foreach(_h IN LISTS _headers)
    # Read whole (a list of lines would split at ";" and merge at "["), comments removed.
    file(READ "${_h}" _text)
    string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" _text "${_text}")
    string(REGEX REPLACE "//[^\n]*" "" _text "${_text}")
    string(REGEX MATCHALL "[ \t\n*]fpt_[a-z0-9_]+\\(" _calls "${_text}")
    foreach(_c IN LISTS _calls)
        string(REGEX REPLACE "^[ \t\n*](fpt_[a-z0-9_]+)\\($" "\\1" _n "${_c}")
        list(APPEND _names "${_n}")
    endforeach()
endforeach()
list(REMOVE_DUPLICATES _names)
list(SORT _names)
set(_text "/* Generated from the public headers by cmake/ExportList.cmake; do not edit. */\n")
string(APPEND _text "{\n  global:\n")
foreach(_n IN LISTS _names)
    string(APPEND _text "    ${_n};\n")
endforeach()
string(APPEND _text "  local:\n    *;\n};\n")
# Rewritten only when it changes, so that an edit to a comment does not relink the library.
if(EXISTS "${OUTPUT}")
    file(READ "${OUTPUT}" _old)
    if(_old STREQUAL _text)
        return()
    endif()
endif()
file(WRITE "${OUTPUT}" "${_text}")
