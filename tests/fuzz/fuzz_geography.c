/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the geography reader (solver/geo/geography.c, tests/fuzz/README.md):
 * each input is parsed as a geography CSV from memory, as districts and real-unit scenarios
 * read one. A crash, a sanitizer report, a leak, or an answer that breaks the reader's
 * contract (a geography with findings, or a failure without any) is a finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "footprint/geography.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The loader hands the parser a NUL-terminated copy of the file; do the same. */
    char *text = malloc(size + 1);
    if (text == NULL) {
        return 0;
    }
    for (size_t i = 0; i < size; i++) {
        text[i] = (char)data[i];
    }
    text[size] = '\0';
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_geography *g = NULL;
    fpt_status st = fpt_geography_parse("fuzz.csv", text, size, &g, &diags, &err);
    if ((st == FPT_OK) != (g != NULL) || (st == FPT_OK && diags.n > 0) ||
        (st == FPT_EINVALID && diags.n == 0)) {
        abort(); /* the contract of footprint/geography.h is broken */
    }
    for (size_t i = 0; g != NULL && i < g->n_ccgs; i++) {
        if (!(g->ccgs[i].pop > 0) || g->ccgs[i].name == NULL) {
            abort(); /* a CCG that passed its checks must be whole */
        }
    }
    fpt_geography_free(g);
    fpt_diags_clear(&diags);
    free(text);
    return 0;
}
