/* SPDX-License-Identifier: MIT */
/*
 * The progress line of the footprint command (docs/cli.md "Progress"): on standard error,
 * redrawn in place when it is a terminal, at most one line a second when --progress asks for
 * it elsewhere, and nothing with --quiet or when standard error is not a terminal. The library
 * reports through callbacks (footprint/progress.h, and a sweep's fpt_progress_fn); this is
 * where they become text. Only cli/ prints. A line drawn from a report is drawn again with
 * the seconds elapsed when nothing new comes for a while (the beat), so that a long stage
 * shows it is still running.
 */
#ifndef FPT_CLI_PROGRESS_H
#define FPT_CLI_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "cli/options.h"
#include "footprint/progress.h"

/** One command's progress line. Fill with fpt_cli_progress_start(); end with _end(). */
typedef struct fpt_cli_progress {
    bool on;             /**< drawing at all */
    bool tty;            /**< redrawn in place (a terminal); else one line per update */
    const char *command; /**< the line's first word */
    struct timespec start;
    double last_s;     /**< when a line was last drawn, seconds from start; < 0: never */
    const char *stage; /**< the stage last drawn, so that a new one is drawn at once */
    bool drawn;        /**< a line stands on the terminal, to be erased at the end */
    bool *k_done;      /**< size: which K are done, [K - k_min]; NULL otherwise */
    size_t k_min, n_k;
    /* the beat: a thread, started by the first report, that draws the last report's text
       again once beat_s seconds pass without a line; reports may come from several threads */
    double beat_s;        /**< 1 on a terminal, 10 elsewhere */
    char text[448];       /**< the last report's text, drawn or held back; "" none */
    pthread_mutex_t lock; /**< over everything above once the beat may run; only when on */
    pthread_cond_t wake;  /**< wakes the beat: a report held back, or the end */
    pthread_t beat;
    bool pending;    /**< text came in a report too soon after the last line to be drawn */
    bool beat_tried; /**< the beat was started (or the system refused it a thread) */
    bool beating;    /**< the beat's thread runs */
    bool stop;       /**< fpt_cli_progress_end() has begun */
} fpt_cli_progress;

/**
 * Start p for command: on when standard error is a terminal or --progress is given, off
 * with --quiet. The clock starts now.
 */
void fpt_cli_progress_start(fpt_cli_progress *p, const char *command, const fpt_cli_args *a);

/** Seconds since fpt_cli_progress_start(), as the line shows them. */
double fpt_cli_progress_elapsed(const fpt_cli_progress *p);

/**
 * Keep track of which K of k_min..k_max are done, for size's line ("K done: 2-5, 9").
 * Returns false when out of memory (the line then just counts).
 */
bool fpt_cli_progress_track_k(fpt_cli_progress *p, size_t k_min, size_t k_max);

/**
 * Draw "COMMAND: ELAPSED, TEXT" unless a line was drawn less than 0.1 s ago (1 s when not a
 * terminal); always when final. TEXT is printf-formatted. The beat does not draw it again:
 * a sweep's text (a rate, the time left) would not stay true.
 */
void fpt_cli_progress_line(fpt_cli_progress *p, bool final, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/**
 * An fpt_progress_report_fn (ctx: an fpt_cli_progress): the stage, the steps done of the
 * total, the K done when tracked, and the incumbent, bound and gap when known. True until the
 * next report, so the beat draws it again. Safe from several threads at once.
 */
void fpt_cli_progress_report(const fpt_progress *pr, void *ctx);

/** Stop the beat, erase the line from the terminal (a line written elsewhere stays) and free
    p's memory. */
void fpt_cli_progress_end(fpt_cli_progress *p);

#endif
