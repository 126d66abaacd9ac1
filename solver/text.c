/* SPDX-License-Identifier: MIT */
/*
 * Rendering into memory with open_memstream, and CSV quoting (text.h).
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

FILE *fpt_text_open(char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    return open_memstream(text, len);
}

fpt_status fpt_text_close(FILE *out, fpt_status st, char **text, size_t *len, const char *what,
                          fpt_error *err)
{
    if (out == NULL || fclose(out) != 0 || st != FPT_OK) {
        free(*text);
        *text = NULL;
        *len = 0;
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory rendering %s", what);
    }
    return FPT_OK;
}

void fpt_csv_field(FILE *out, const char *text)
{
    if (strpbrk(text, ",\"\n\r") == NULL) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"') {
            fputc('"', out);
        }
        fputc(*p, out);
    }
    fputc('"', out);
}
