/* SPDX-License-Identifier: MIT */
/*
 * Internal to the report module: the sentence that explains one clash of an infeasible
 * scenario (docs/model.md "Infeasible scenarios"), the same for a solve's explanation and for
 * a sweep's infeasible scenarios. Writes only into the stream it is given.
 */
#ifndef FPT_REPORT_EXPLAIN_H
#define FPT_REPORT_EXPLAIN_H

#include <stdio.h>

#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"

/**
 * Write one sentence, without a newline: for a pool or the budget what the closest plan needs
 * against what is available, the shortfall and the least any plan needs (budget amounts per
 * head of population and in £m); for locks, the function and its locks in s.
 */
void fpt_explain_clash(FILE *out, const fpt_model *m, const fpt_scenario *s, double population,
                       const fpt_clash *c);

#endif
