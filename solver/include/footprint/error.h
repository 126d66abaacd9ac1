/* SPDX-License-Identifier: MIT */
/*
 * Status codes, the first-error record and the diagnostics list.
 *
 * Every fallible function in the library returns an fpt_status and records what went
 * wrong in a caller-owned fpt_error (file, line, message). Validation findings, of which
 * there may be many, go into an fpt_diags list instead. This module depends on nothing
 * else in the library and never prints.
 */
#ifndef FPT_ERROR_H
#define FPT_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/** Status of a library call. New codes go at the end. */
typedef enum fpt_status {
    FPT_OK = 0,
    FPT_ENOMEM,    /**< allocation failed */
    FPT_EIO,       /**< a file could not be read or written */
    FPT_EXML,      /**< not well-formed XML, or a forbidden construct (DOCTYPE, entity) */
    FPT_ESCHEMA,   /**< the document does not follow its XSD */
    FPT_EINVALID,  /**< the document is well-formed and valid but means something impossible */
    FPT_ESOLVER,   /**< GLPK failed (not infeasibility, which is a result) */
    FPT_EINTERNAL, /**< a bug: an invariant did not hold */
    FPT_EUSAGE,    /**< a caller passed an option value that makes no sense */
    FPT_ECANCELLED /**< the caller's cancellation callback stopped the work */
} fpt_status;

/** The first error of an operation: what, and where in which input file. */
typedef struct fpt_error {
    fpt_status status;
    char file[512]; /**< input file, or "" when the error is not about a file */
    long line;      /**< 1-based line in file, or 0 when unknown */
    char message[1024];
} fpt_error;

/** One validation finding. */
typedef struct fpt_diag {
    char *file;
    long line;
    char *message; /**< "what is wrong (expected …)" without the file:line prefix */
} fpt_diag;

/** A growable list of validation findings, in the order they were found. */
typedef struct fpt_diags {
    fpt_diag *items;
    size_t n;
    size_t cap;
} fpt_diags;

/** Return static English text for a status. This function can't fail. */
const char *fpt_strerror(fpt_status st);

/**
 * Record an error in err (when err is not NULL and holds no error yet) and return st, which
 * must be a failure (asserted).
 * file may be NULL; line 0 means unknown. The message is printf-formatted and truncated
 * to fit. Thread safety: touches only err.
 */
fpt_status fpt_error_set(fpt_error *err, fpt_status st, const char *file, long line,
                         const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/** Reset err to "no error". */
void fpt_error_clear(fpt_error *err);

/**
 * Append a finding to d. file may be NULL. Returns FPT_OK or FPT_ENOMEM (then d is
 * unchanged).
 */
fpt_status fpt_diags_add(fpt_diags *d, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/**
 * Append a finding to d and fold the outcome into *status: FPT_ENOMEM when the list could
 * not grow, otherwise FPT_EINVALID unless *status already holds a failure. For checkers that
 * collect every problem and report one status at the end.
 */
void fpt_diags_note(fpt_diags *d, fpt_status *status, const char *file, long line, const char *fmt,
                    va_list ap);

/** Free every finding in d and leave it empty. Accepts an empty or zeroed list. */
void fpt_diags_clear(fpt_diags *d);

/** Propagate a failure: evaluate expr and return its status if it is not FPT_OK. */
#define FPT_TRY(expr)                                                                              \
    do {                                                                                           \
        fpt_status fpt_try_st_ = (expr);                                                           \
        if (fpt_try_st_ != FPT_OK) {                                                               \
            return fpt_try_st_;                                                                    \
        }                                                                                          \
    } while (0)

/** Evaluate expr into st and jump to label when it failed (for functions with cleanup). */
#define FPT_TRY_GOTO(st, expr, label)                                                              \
    do {                                                                                           \
        (st) = (expr);                                                                             \
        if ((st) != FPT_OK) {                                                                      \
            goto label;                                                                            \
        }                                                                                          \
    } while (0)

#endif
