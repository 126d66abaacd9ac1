/* SPDX-License-Identifier: MIT */
/*
 * Internal: the "why" of a plan, function by function (docs/serve.md "Why"): what each level
 * would cost that function, term by term, with every other function where the plan puts it,
 * and whether the move alone would break a lock, the budget or a skill pool. Read from the
 * appraisal (fpt_appraisal_cell, fpt_appraisal_links_at, fpt_appraisal_eval); no solving.
 */
#ifndef FPT_WHY_H
#define FPT_WHY_H

#include <jansson.h>

#include "footprint/appraise.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"

/**
 * Build the why of a plan: an array with one object per function (docs/serve.md "Why").
 * @param sol borrowed; must hold a plan (optimal, time or gap limit)
 * @return a new JSON array (the caller owns the reference), or NULL when out of memory.
 * Thread safety: reads its arguments only.
 */
json_t *fpt_why_json(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                     const fpt_solution *sol);

#endif
