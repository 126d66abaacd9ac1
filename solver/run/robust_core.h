/* SPDX-License-Identifier: MIT */
/*
 * Internal to run/: the arithmetic of the robust plan (footprint/robust.h) once every plan has
 * been evaluated in every scenario — one plan's figures from its objectives, and the two
 * recommendations — apart from the evaluation itself, so that tests can give it figures worked
 * by hand. Pure; can't fail.
 */
#ifndef FPT_ROBUST_CORE_H
#define FPT_ROBUST_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/robust.h"

/**
 * Fill plan's feasible, feasible_share, expected_gbp, regret_max_gbp and regret_p90_gbp from
 * its objective obj[j] in each of n scenarios, whether it is feasible there, and each
 * scenario's optimum[j]. scratch has room for n doubles.
 */
void fpt_robust_stats(const double *obj, const bool *feasible, const double *optimum, size_t n,
                      double *scratch, fpt_robust_plan *plan);

/** Set r->minimax and r->least_expected from the plans' figures and r->min_share. */
void fpt_robust_recommend(fpt_robust *r);

#endif
