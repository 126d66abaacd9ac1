/* SPDX-License-Identifier: MIT */
/*
 * Internal to the report module: the robust plans of a sweep (footprint/robust.h) as the body
 * of robust.csv (report/sweep_report.c adds the provenance stamp), as the "robust" object of
 * sweep.json, and as the line that ends a sweep run with --robust. Renders only into memory
 * or the stream it is given; calls nothing of sweep_report.c.
 */
#ifndef FPT_ROBUST_REPORT_H
#define FPT_ROBUST_REPORT_H

#include <jansson.h>
#include <stddef.h>

#include "report/sweep_report.h"

/**
 * Write robust.csv: the header and one row per plan evaluated, in the order the sweep first found
 * them (docs/cli.md "sweep"). in->robust must be set. Errors stay on the stream.
 */
void fpt_robust_write_csv(FILE *out, const fpt_sweep_report_input *in);

/** Return the "robust" object of sweep.json (new reference; NULL when out of memory). */
json_t *fpt_robust_json(const fpt_sweep_report_input *in);

/**
 * Render the line that says which plans are recommended and how they differ, for standard
 * error; "" when in->robust is NULL. FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_robust_render_line(const fpt_sweep_report_input *in, char **text, size_t *len,
                                  fpt_error *err);

/** Return how plan p of r is recommended: "minimax", "expected", "minimax+expected" or "". */
const char *fpt_robust_recommended(const fpt_robust *r, size_t p);

/** The functions at which plans a and b of in->robust differ; returns how many. */
size_t fpt_robust_count_differences(const fpt_robust *r, size_t a, size_t b);

/** Write "£1.23m" (or "£12k", "£123") for gbp. */
void fpt_robust_money(char *buf, size_t size, double gbp);

#endif
