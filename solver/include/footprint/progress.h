/* SPDX-License-Identifier: MIT */
/*
 * Progress of long work — a sizing curve, weight stability — as plain data
 * handed to a caller's callback, which may draw a progress line (the footprint command does,
 * on a terminal: docs/cli.md "Progress"). The library never prints: it only fills an
 * fpt_progress and calls back. Header only; part of the base layer, so every stage may use it.
 */
#ifndef FPT_PROGRESS_H
#define FPT_PROGRESS_H

#include <stddef.h>

/** What a long computation has got to. Strings are static; NAN marks a figure not known. */
typedef struct fpt_progress {
    const char *stage; /**< what is running, in words ("numbers of units") */
    size_t done;       /**< steps finished, of total */
    size_t total;      /**< 0: the stage is not counted in steps */
    long item;         /**< the step that just finished (a K, a criterion index); -1: none */
    double incumbent;  /**< the best objective found so far; NAN: none, or not meaningful */
    double bound;      /**< the best bound on the objective; NAN: none */
    const char *unit;  /**< what incumbent and bound measure ("person-km"); NULL without */
} fpt_progress;

/**
 * Called as the work advances, often (a caller that draws should throttle). Never called
 * by two threads at once for one run, but possibly from a thread other than the caller's;
 * it must return quickly and must not call back into the library. p is borrowed for the
 * call only.
 */
typedef void (*fpt_progress_report_fn)(const fpt_progress *p, void *ctx);

#endif
