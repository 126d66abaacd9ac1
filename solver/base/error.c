/* SPDX-License-Identifier: MIT */
/*
 * Status text, the first-error record and the diagnostics list of footprint/error.h, at the
 * bottom of the library (base/): it depends on nothing else and never prints. Formatting is
 * done with vsnprintf into fixed buffers so that recording an error can never itself fail.
 */
#include "footprint/error.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *fpt_strerror(fpt_status st)
{
    switch (st) {
    case FPT_OK:
        return "success";
    case FPT_ENOMEM:
        return "out of memory";
    case FPT_EIO:
        return "input/output error";
    case FPT_EXML:
        return "malformed XML";
    case FPT_ESCHEMA:
        return "schema violation";
    case FPT_EINVALID:
        return "invalid input";
    case FPT_ESOLVER:
        return "solver failure";
    case FPT_EINTERNAL:
        return "internal error";
    case FPT_EUSAGE:
        return "invalid option";
    case FPT_ECANCELLED:
        return "cancelled";
    }
    return "unknown status";
}

fpt_status fpt_error_set(fpt_error *err, fpt_status st, const char *file, long line,
                         const char *fmt, ...)
{
    assert(st != FPT_OK); /* "success" as the first error would be overwritten by the next */
    if (err == NULL || err->status != FPT_OK) {
        return st;
    }
    err->status = st;
    snprintf(err->file, sizeof err->file, "%s", file != NULL ? file : "");
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return st;
}

void fpt_error_clear(fpt_error *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof *err);
    }
}

static char *format_message(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int len = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (len < 0) {
        return NULL;
    }
    char *text = malloc((size_t)len + 1);
    if (text != NULL) {
        vsnprintf(text, (size_t)len + 1, fmt, ap);
    }
    return text;
}

static char *copy_string(const char *s)
{
    size_t len = strlen(s);
    char *copy = malloc(len + 1);
    if (copy != NULL) {
        memcpy(copy, s, len + 1);
    }
    return copy;
}

static fpt_status grow(fpt_diags *d)
{
    if (d->n < d->cap) {
        return FPT_OK;
    }
    size_t cap = d->cap == 0 ? 8 : 2 * d->cap;
    fpt_diag *items = realloc(d->items, cap * sizeof *items);
    if (items == NULL) {
        return FPT_ENOMEM;
    }
    d->items = items;
    d->cap = cap;
    return FPT_OK;
}

fpt_status fpt_diags_add(fpt_diags *d, const char *file, long line, const char *fmt, ...)
{
    FPT_TRY(grow(d));
    va_list ap;
    va_start(ap, fmt);
    char *message = format_message(fmt, ap);
    va_end(ap);
    char *file_copy = copy_string(file != NULL ? file : "");
    if (message == NULL || file_copy == NULL) {
        free(message);
        free(file_copy);
        return FPT_ENOMEM;
    }
    d->items[d->n++] = (fpt_diag){.file = file_copy, .line = line, .message = message};
    return FPT_OK;
}

void fpt_diags_note(fpt_diags *d, fpt_status *status, const char *file, long line, const char *fmt,
                    va_list ap)
{
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    if (fpt_diags_add(d, file, line, "%s", text) != FPT_OK) {
        *status = FPT_ENOMEM;
    } else if (*status == FPT_OK) {
        *status = FPT_EINVALID;
    }
}

void fpt_diags_clear(fpt_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].message);
    }
    free(d->items);
    d->items = NULL;
    d->n = 0;
    d->cap = 0;
}
