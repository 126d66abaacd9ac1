# SPDX-License-Identifier: MIT
# Run as a script: write a C file defining `const char SYMBOL[]` with the bytes of INPUT,
# so the schemas travel inside the binary and are found wherever it runs.
file(READ "${INPUT}" _hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "(char)0x\\1," _bytes "${_hex}")
string(REGEX REPLACE "((\\(char\\)0x..,)(\\(char\\)0x..,)(\\(char\\)0x..,)(\\(char\\)0x..,)(\\(char\\)0x..,)(\\(char\\)0x..,)(\\(char\\)0x..,)(\\(char\\)0x..,))" "\\1\n" _bytes "${_bytes}")
file(WRITE "${OUTPUT}" "/* Generated from ${INPUT_NAME}; do not edit. */\n#include <stddef.h>\n"
     "extern const char ${SYMBOL}[];\nextern const size_t ${SYMBOL}_len;\n"
     "const char ${SYMBOL}[] = {\n${_bytes}0x00};\n"
     "const size_t ${SYMBOL}_len = sizeof ${SYMBOL} - 1;\n")
