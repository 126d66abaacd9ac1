/* SPDX-License-Identifier: MIT */
/*
 * Reports of a solved scenario: the assignment table for a terminal, CSV for spreadsheets,
 * JSON for programs, the plain-language explanation of an infeasible scenario, and the
 * atomic file writer every output goes through.
 *
 * The last stage of the pipeline: reads the model, scenario, appraisal and solution and
 * renders text into memory. It never prints; the CLI decides where text goes.
 */
#ifndef FPT_REPORT_H
#define FPT_REPORT_H

#include <stddef.h>

#include "footprint/appraise.h"
#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"
#include "footprint/stability.h"
#include "footprint/why.h"

typedef enum fpt_format { FPT_FORMAT_TABLE = 0, FPT_FORMAT_CSV, FPT_FORMAT_JSON } fpt_format;

/** Everything a report reads; all borrowed. */
typedef struct fpt_report_input {
    const fpt_model *model;
    const fpt_scenario *scenario;
    const fpt_appraisal *appraisal;
    const fpt_solution *solution;
    const fpt_stability *stability; /**< NULL: no weight-stability section */
    const fpt_why *why; /**< NULL: no why column, function × level matrix or fragility marks */
} fpt_report_input;

/** Parse "table", "csv" or "json"; returns -1 for anything else. */
int fpt_format_from_name(const char *name);

/**
 * Render a solution in format, one of fpt_format (asserted).
 * @param text OUT: NUL-terminated text owned by the caller (free()); NULL on failure
 * @param len  OUT: its length in bytes
 * @return FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_report_render(const fpt_report_input *in, fpt_format format, char **text,
                             size_t *len, fpt_error *err);

/**
 * Render the plan's totals as CSV: a header and one record (status, objective, bound, gap,
 * tie, population, allowance, envelope, running cost a year and a head, the share of the
 * envelope used, set-up, the all-local plan's running cost, payback, WTE and each
 * criterion's term), the plan's fields empty when there is no plan; numbers rounded as the
 * plan CSV's (docs/formats.md "CSV outputs"). Ownership and returns as fpt_report_render().
 */
fpt_status fpt_report_render_totals_csv(const fpt_report_input *in, char **text, size_t *len,
                                        fpt_error *err);

/**
 * Write why function f sits where it does, in a few words, into buf (NUL-terminated, cut to
 * size): "FRAGILE" or "TIED" when it is, the next-best level and its margin (£ a year and
 * share of the objective), the weight that moves it within the band, what holds it, and the
 * criteria pulling it up and down — the table's "why" column (docs/cli.md "solve").
 * @return the length the whole text needs, as snprintf(); 0 (and "") when in->why is NULL
 *         or f is not a function. Can't fail; reads in only.
 */
size_t fpt_report_why_line(const fpt_report_input *in, size_t f, char *buf, size_t size);

/**
 * Explain why an infeasible scenario has no plan: one line per clash, in appraisal terms,
 * with needed and available amounts. Empty text when the solution is not infeasible.
 * Ownership and returns as fpt_report_render().
 */
fpt_status fpt_report_explain(const fpt_report_input *in, char **text, size_t *len, fpt_error *err);

/**
 * Write data to path without destroying what is there (docs/cli.md "Outputs"). A regular
 * file, or a new one, is written atomically: a temporary file beside it, flushed and renamed
 * over it, so a reader never sees a partial file and a failure leaves nothing behind; the
 * replaced file's mode is kept, and a new file gets 0666 less the umask. A symbolic link is
 * followed and its target replaced. A FIFO (one a process is reading) or a character device
 * is written through. A directory, block device, socket or link to nothing is refused.
 * Returns FPT_OK, FPT_EIO (the message names the path and the reason) or FPT_ENOMEM.
 */
fpt_status fpt_write_atomic(const char *path, const char *data, size_t len, fpt_error *err);

#endif
