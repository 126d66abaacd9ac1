/* SPDX-License-Identifier: MIT */
/*
 * Internal to the report module: how weight stability (footprint/stability.h) appears in the
 * table and in JSON. Not a public header; it renders only into the stream it is given.
 */
#ifndef FPT_REPORT_STABILITY_H
#define FPT_REPORT_STABILITY_H

#include <jansson.h>
#include <stdio.h>

#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/stability.h"

/**
 * Return the function whose level changes nearest the base weight on one side (below, or
 * above when above is true), the first in file order on ties; -1 when none changes in range.
 */
long fpt_stability_nearest(const fpt_criterion_stability *c, size_t n, bool above);

/** Write the weight-stability section of the assignment table. */
void fpt_stability_write_table(FILE *out, const fpt_model *m, const fpt_scenario *s,
                               const fpt_stability *st);

/** Return the "stability" object of the JSON output (new reference). */
json_t *fpt_stability_json(const fpt_model *m, const fpt_scenario *s, const fpt_stability *st);

#endif
