/* SPDX-License-Identifier: MIT */
/*
 * Comparing two runs (docs/cli.md "diff"): two `solve --format json` outputs, or two
 * `sweep --format json` outputs, scenario by scenario. Lists the functions that changed
 * level, status changes and the objective and cost-per-head deltas, and says whether any
 * change passes the caller's thresholds — what a nightly job needs to flag a run.
 *
 * Reads the files with Jansson; renders the findings as text in memory; never prints.
 */
#ifndef FPT_DIFF_H
#define FPT_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"

typedef struct fpt_diff_options {
    double max_cost_change_pct; /**< fail past this |Δ cost per head| in %; < 0: no limit */
    bool fail_on_level_change;  /**< fail when any function changed level */
} fpt_diff_options;

typedef struct fpt_diff_report {
    char *text; /**< the findings, one per line; owned, free() */
    size_t len;
    size_t n_compared;      /**< plans (1) or scenarios compared */
    size_t n_level_changes; /**< function-level changes, over all scenarios */
    size_t n_status_changes;
    double max_cost_change_pct; /**< the largest |Δ cost per head| in %, over all scenarios */
    bool exceeded;              /**< a status changed, or a threshold was passed */
} fpt_diff_report;

/** Fill o with the defaults: no cost limit, level changes reported but not failing. */
void fpt_diff_options_init(fpt_diff_options *o);

/**
 * Compare run a with run b.
 * @param out OUT: filled on FPT_OK; release with fpt_diff_report_clear()
 * @return FPT_OK; FPT_EIO (unreadable), FPT_EINVALID (not footprint JSON, or a solve output
 *         against a sweep output; the message names the file), FPT_ENOMEM.
 */
fpt_status fpt_diff_files(const char *a, const char *b, const fpt_diff_options *o,
                          fpt_diff_report *out, fpt_error *err);

/** One side of a diff: a file, or bytes already in memory (standard input, read once). */
typedef struct fpt_diff_input {
    const char *name; /**< borrowed: the path, or "<stdin>"; what messages name */
    const char *text; /**< borrowed: the bytes when already read; NULL: read the file at name */
    size_t len;       /**< the bytes' length */
} fpt_diff_input;

/**
 * As fpt_diff_files() for two inputs, either of which may be held in memory: such an input
 * is parsed from its bytes, never read again. Returns as fpt_diff_files().
 */
fpt_status fpt_diff_inputs(const fpt_diff_input *a, const fpt_diff_input *b,
                           const fpt_diff_options *o, fpt_diff_report *out, fpt_error *err);

/** Free the report's text and zero it. */
void fpt_diff_report_clear(fpt_diff_report *r);

#endif
