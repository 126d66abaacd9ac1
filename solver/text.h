/* SPDX-License-Identifier: MIT */
/*
 * Text building shared by every renderer (reports, sweeps, districts, HTML): text rendered
 * into memory through a FILE stream, and RFC 4180 CSV fields. Never prints.
 */
#ifndef FPT_TEXT_H
#define FPT_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

/**
 * Open a stream that writes into memory; on fpt_text_close() *text receives the NUL-terminated
 * text (caller frees) and *len its length. Returns NULL when out of memory.
 */
FILE *fpt_text_open(char **text, size_t *len);

/**
 * Close a stream from fpt_text_open(). When st (the renderer's status) is not FPT_OK or the
 * stream failed, the text is freed, *text is NULL, and FPT_ENOMEM is recorded in err with a
 * message naming what (e.g. "the report"). Returns FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_text_close(FILE *out, fpt_status st, char **text, size_t *len, const char *what,
                          fpt_error *err);

/** Write a CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
void fpt_csv_field(FILE *out, const char *text);

#endif
