/* SPDX-License-Identifier: MIT */
/*
 * Weight stability (docs/model.md "How stable is the answer"): for each criterion, the
 * interval of its weight — the others fixed, searched from 0 to 10 × its base value — over
 * which the whole optimal plan stays as it is, and for every function the nearest weights
 * below and above the base at which that function changes level. And the same within a
 * narrow band of each weight (base × (1 ± band)), searched exactly: every plan that is optimal
 * anywhere in the band is found, so a function that moves and moves back is seen too.
 *
 * Each criterion is one task for fpt_parallel_for (base/parallel.h): a grid of solves, then a
 * bisection for every boundary the grid brackets; or, for the band, a parametric search.
 * Pure apart from the solver; never prints.
 */
#ifndef FPT_STABILITY_H
#define FPT_STABILITY_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/progress.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"

typedef struct fpt_stability_options {
    int threads;         /**< 0: OpenMP's default */
    size_t grid;         /**< evenly spaced weights searched, ends included (default 41) */
    double range_factor; /**< search 0 .. range_factor × base weight (default 10) */
    double tolerance;    /**< bisection stops at this share of the range (default 1e-4) */
    fpt_solve_options solve;
    fpt_progress_report_fn progress; /**< NULL: none. fpt_stability_run() only: stage
                                          "weight stability", called as each criterion is
                                          done (item: its index; done of 8) */
    void *progress_ctx;
} fpt_stability_options;

/** Where one function first changes level on one side of the base weight. */
typedef struct fpt_weight_change {
    bool found;    /**< false: no change within the range on that side */
    double weight; /**< the nearest weight known to give another level (within tolerance) */
    size_t level;  /**< the level it moves to there */
} fpt_weight_change;

typedef struct fpt_criterion_stability {
    fpt_status status; /**< FPT_OK, or why it could not be computed: what building or
                            solving returned (FPT_ENOMEM, FPT_ESOLVER, FPT_EINTERNAL), or
                            FPT_ESOLVER when a solve ended without a proven optimum (a time
                            limit, or a base scenario that has no optimal plan) */
    double base;       /**< the base weight */
    double range_max;  /**< the top of the range searched */
    double plan_lo;    /**< the whole plan is unchanged for weights in [plan_lo, plan_hi] */
    double plan_hi;
    bool lo_change;           /**< the plan changes below plan_lo (else plan_lo is 0) */
    bool hi_change;           /**< the plan changes above plan_hi (else plan_hi is range_max) */
    fpt_weight_change *below; /**< [f] */
    fpt_weight_change *above; /**< [f] */
    size_t solves;            /**< solves spent on this criterion */
    double range_min;         /**< the bottom of the range searched: 0, or the band's */
} fpt_criterion_stability;

typedef struct fpt_stability {
    size_t n_functions;
    fpt_criterion_stability criterion[FPT_N_TERMS]; /**< [k] per criterion; at
                                         FPT_T_TRANSITION the transition weight's, searched
                                         by the band alone and only when the scenario gives a
                                         transition (otherwise all zero: base 0, no change) */
} fpt_stability;

/** Fill o with the defaults (41 points, 0 to 10 × base, tolerance 1e-4 of the range). */
void fpt_stability_options_init(fpt_stability_options *o);

/**
 * Compute weight stability for a validated scenario (its axes and Monte Carlo are ignored).
 * Call it for a scenario whose own solve is optimal: for one without a plan, every
 * criterion's status is FPT_ESOLVER.
 * @param out OUT: owned by the caller; free with fpt_stability_free(); NULL on failure
 * @return FPT_OK (per-criterion failures are in their status), FPT_ENOMEM, or FPT_EUSAGE for
 *         a grid of fewer than 2 points.
 */
fpt_status fpt_stability_run(const fpt_model *m, const fpt_scenario *s,
                             const fpt_stability_options *o, fpt_stability **out, fpt_error *err);

/**
 * Find, for every criterion k with a positive weight, every plan that is optimal for some
 * weight in [w_k (1 − band), w_k (1 + band)], the other weights fixed (docs/model.md "How firm
 * each answer is"); and the same for the transition's weight w_T (criterion[FPT_T_TRANSITION])
 * when the scenario gives a transition. The result has the shape of fpt_stability_run()'s with the
 * range the band (range_min, range_max): below[f] and above[f] hold the weight nearest the base at
 * which function f sits elsewhere, exact to the solver's tolerance (the crossing of two plans'
 * objective lines), and the level it moves to; plan_lo and plan_hi bound the whole plan. A
 * criterion of weight 0 has an empty band and no change. Solves use o->solve (o->grid,
 * range_factor and tolerance are not read) and o->threads, one criterion per task.
 * @param band in (0, 1): 0.1 searches ±10% of each weight
 * @param base the scenario's own optimal solution, which saves solving it again for each
 *             criterion (borrowed); NULL: solved here
 * @param out  OUT: owned by the caller; free with fpt_stability_free(); NULL on failure
 * @return FPT_OK (per-criterion failures are in their status), FPT_ENOMEM, or FPT_EUSAGE for
 *         a band outside (0, 1) or a base that is not an optimal plan of this model.
 */
fpt_status fpt_stability_band_run(const fpt_model *m, const fpt_scenario *s,
                                  const fpt_stability_options *o, double band,
                                  const fpt_solution *base, fpt_stability **out, fpt_error *err);

/** Free. Accepts NULL. */
void fpt_stability_free(fpt_stability *st);

#endif
