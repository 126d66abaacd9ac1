/* SPDX-License-Identifier: MIT */
/*
 * The HTML report (footprint solve|sweep|size --report FILE.html): one self-contained page
 * for an analyst — the scenario, the assignment table, cost per head by level, weight
 * stability, sweep acceptability, maps of real units and the sizing curve, the charts drawn
 * as inline SVG.
 *
 * A renderer at the end of the pipeline like footprint/report.h: it reads finished results
 * and renders text into memory. It never prints, and the page it writes loads nothing from
 * anywhere: no script, no external style sheet, font or image, no URL at all.
 */
#ifndef FPT_HTML_REPORT_H
#define FPT_HTML_REPORT_H

#include <stddef.h>

#include "footprint/appraise.h"
#include "footprint/error.h"
#include "footprint/geography.h"
#include "footprint/model.h"
#include "footprint/robust.h"
#include "footprint/scenario.h"
#include "footprint/sizing.h"
#include "footprint/solution.h"
#include "footprint/stability.h"
#include "footprint/sweep.h"
#include "footprint/why.h"
#include "report/sweep_report.h"

/**
 * Everything the page reads; all borrowed. Build it with a designated initialiser
 * (`fpt_html_report_input in = {.model = m, …}`) so that every member not named is NULL:
 * a NULL optional member leaves its section out.
 */
typedef struct fpt_html_report_input {
    const fpt_model *model;           /**< required */
    const fpt_scenario *scenario;     /**< required; for a sweep, the base scenario */
    const fpt_appraisal *appraisal;   /**< required: the scenario's own appraisal */
    const fpt_solution *solution;     /**< required: the scenario's own solve */
    const fpt_stability *stability;   /**< NULL: a note says how to compute weight stability */
    const fpt_sweep_run *sweep;       /**< NULL: no acceptability section */
    const fpt_provenance *provenance; /**< the sweep's stamp; NULL: not shown */
    const fpt_geography *geography;   /**< the scenario's geography: a map of each grouped
                                           level between the smallest and the largest; NULL:
                                           no maps */
    const fpt_sizing *sizing;         /**< a sizing curve, with the map of its best
                                           districting when geography is set; NULL: none */
    const fpt_why *why;               /**< why each function sits where it does: a why
                                           column and the contribution charts; NULL: none */
    const fpt_robust *robust;         /**< the sweep's robust plans: their chart and the two
                                           recommended compared; NULL: none */
} fpt_html_report_input;

/**
 * Render the report as one HTML document (UTF-8). Every piece of text from the model or
 * scenario is escaped, so names holding <, & or quotes render as written. An infeasible
 * scenario shows why it has no plan (fpt_report_explain()) in place of the table.
 * @param in   borrowed; model, scenario, appraisal and solution must be set
 * @param text OUT: NUL-terminated text owned by the caller (free()); NULL on failure
 * @param len  OUT: its length in bytes
 * @return FPT_OK or FPT_ENOMEM. Thread safety: reads in only; safe to call concurrently.
 */
fpt_status fpt_html_report_render(const fpt_html_report_input *in, char **text, size_t *len,
                                  fpt_error *err);

#endif
