/* SPDX-License-Identifier: MIT */
/*
 * The appraisal of one scenario: every criterion's term, in £ a year, for every function at
 * every footprint level, plus the affordability envelope and skill-pool limits
 * (docs/model.md, equations M1–M14).
 *
 * This is where ratings become numbers. It takes a validated model and scenario, applies
 * the scenario's overrides, and fills plain tables that the formulation turns into a MIP
 * and that the brute-force tests and reports evaluate plans with. No GLPK, no XML, no I/O;
 * an appraisal is read-only once built and may be shared between threads.
 */
#ifndef FPT_APPRAISE_H
#define FPT_APPRAISE_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/variant.h"

/** Function f at level l. */
typedef struct fpt_cell {
    double
        term_gbp[FPT_N_CRITERIA]; /**< T_k(f, l), £/yr; the links term is 0 here (it is per pair) */
    double objective;             /**< Σ_k w_k T_k(f, l) over the non-link terms */
    double wte;                   /**< staff WTE over all units (with minimum-team top-up) */
    double running_gbp;           /**< T4 + T5 + T6 + T7, £/yr (unweighted) */
    double setup_gbp;             /**< N_l × D_f, one-off £ */
    bool allowed;                 /**< the scenario's locks allow it */
    /* The transition from f's current level (docs/model.md M15); all 0 at the current level
       and whenever the scenario gives no transition costs. */
    double freed_wte;      /**< staff no longer needed: WTE at the current level − here, ≥ 0 */
    double redundancy_gbp; /**< one-off £: redundancy of the freed staff */
    double double_running_gbp;  /**< one-off £: the new units running beside the old */
    double productivity_gbp;    /**< one-off £: staff time lost while the new units settle */
    double transition_gbp;      /**< one-off £: the three above */
    double transition_term_gbp; /**< T_T, £/yr: transition_gbp × the annuity factor; its
                                     weight × this is in objective */
} fpt_cell;

/** A link as it acts: penalty coef_gbp × |g(l_f) − g(l_g)| (M9). */
typedef struct fpt_pair {
    size_t f;
    size_t g;
    int strength;
    double coef_gbp; /**< link-share(strength) × min(S_f, S_g), £/yr at full remoteness gap */
} fpt_pair;

/** Effective per-function inputs after scenario overrides (for reports and tests). */
typedef struct fpt_inputs {
    int rating[FPT_N_CRITERIA];
    double param[FPT_N_CRITERIA]; /**< calibrated parameter per criterion (docs/formats.md) */
    double staff_per_100k;
    double salary_gbp;
    double size_gbp;                  /**< S_f = a_f × Pop/100k × salary_f (M1) */
    bool param_fixed[FPT_N_CRITERIA]; /**< the model or scenario set the parameter itself */
} fpt_inputs;

typedef struct fpt_appraisal {
    size_t n_functions;
    size_t n_levels;
    size_t n_pools;
    double population;
    long *n_units;      /**< [l] */
    double *unit_pop;   /**< [l] */
    double *remoteness; /**< g(l) in [0, 1] (M2) */
    double *spread;     /**< g2(l) in [0, 1], customers per unit (M3) */
    double *real_pop;   /**< real units' populations, level after level (docs/model.md) */
    size_t *real_start; /**< [l]..[l + 1]: level l's range in real_pop; empty = N_l equal units */
    fpt_inputs *inputs; /**< [f] */
    fpt_cell *cells;    /**< [f * n_levels + l] */
    double *scarce_wte; /**< [(f * n_levels + l) * n_pools + r] */
    fpt_pair *pairs;
    size_t n_pairs;
    double weight[FPT_N_CRITERIA];
    double budget_gbp;        /**< allowance × Pop × support share (M12) */
    bool *pool_limited;       /**< [r] */
    double *pool_supply_wte;  /**< [r], when limited */
    double *pool_premium_gbp; /**< [r] */
    double annuity;           /**< annual equivalent of £1 set-up over the horizon (M11) */
    bool has_transition;      /**< fpt_scenario_has_transition(): reports show the term */
    double transition_weight; /**< w_T (M15) */
    size_t *current;          /**< [f] the level f sits at today (M15) */
} fpt_appraisal;

/** What one plan (a level per function) comes to. */
typedef struct fpt_plan_eval {
    double objective;                /**< Σ_k w_k T_k, £/yr */
    double term_gbp[FPT_N_CRITERIA]; /**< plan total per criterion, unweighted */
    double running_gbp;
    double setup_gbp;
    double wte;
    bool feasible;              /**< locks, budget and pools all hold */
    double transition_gbp;      /**< one-off £ of moving from the current footprint (M15) */
    double transition_term_gbp; /**< T_T, £/yr, unweighted: transition_gbp annuitised */
} fpt_plan_eval;

/**
 * Build the appraisal of a validated scenario on a validated model.
 * @param out OUT: owned by the caller, free with fpt_appraisal_free(); NULL on failure.
 * @return FPT_OK or FPT_ENOMEM. Inputs are not checked again here: validation has ruled out
 *         every override that would make an impossible input.
 * Thread safety: reads m and s only; safe to call concurrently.
 */
fpt_status fpt_appraisal_build(const fpt_model *m, const fpt_scenario *s, fpt_appraisal **out,
                               fpt_error *err);

/**
 * As fpt_appraisal_build(), then apply Monte Carlo draws p (NULL: none) on top of the
 * scenario's overrides: ratings move by their deltas within 0..4 and re-read their
 * calibration table unless the parameter is fixed by an override; staff and salary are
 * multiplied by their factors. Returns as fpt_appraisal_build().
 */
fpt_status fpt_appraisal_build_perturbed(const fpt_model *m, const fpt_scenario *s,
                                         const fpt_perturbation *p, fpt_appraisal **out,
                                         fpt_error *err);

/** Free an appraisal. Accepts NULL. */
void fpt_appraisal_free(fpt_appraisal *a);

/** Return the cell of function f < n_functions at level l < n_levels (asserted). Borrowed. */
const fpt_cell *fpt_appraisal_cell(const fpt_appraisal *a, size_t f, size_t l);

/** Return the scarce WTE from pool r of function f at level l, each in range (asserted). */
double fpt_appraisal_scarce(const fpt_appraisal *a, size_t f, size_t l, size_t r);

/**
 * Evaluate a plan: level[f] for each function. Fills out (objective, totals, feasibility),
 * and when pool_use is not NULL, pool_use[r] with the scarce WTE drawn from each pool.
 * The objective is the same number the MIP minimises. This function can't fail.
 */
void fpt_appraisal_eval(const fpt_appraisal *a, const size_t *level, fpt_plan_eval *out,
                        double *pool_use);

/** A plan's payback (docs/model.md "Reported per function and for the plan"). */
typedef struct fpt_payback {
    double baseline_running_gbp; /**< running cost with every function at its current level
                                      (the all-local plan unless the scenario says otherwise) */
    double investment_gbp;       /**< the plan's set-up plus its one-off transition cost, £ */
    double saving_gbp;           /**< baseline_running_gbp − the plan's running cost, £/yr */
    double years;                /**< investment / saving; NAN when the plan saves nothing */
    bool from_local;             /**< every function's current level is the local one */
} fpt_payback;

/**
 * Compute the payback of plan e of a: the plan's set-up and transition costs against its
 * running-cost saving over the current footprint. This is the one place payback is
 * defined; every report reads it. This function can't fail.
 */
void fpt_appraisal_payback(const fpt_appraisal *a, const fpt_plan_eval *e, fpt_payback *out);

/**
 * Return whether `used` (running cost against the budget, or scarce WTE against a pool's
 * supply) keeps within `cap` to the tolerance every feasibility check of a plan uses,
 * 1e-7 × max(1, |cap|). This function can't fail.
 */
bool fpt_appraisal_within(double used, double cap);

/**
 * The links penalty attributed to function f in a plan: half of each of its pairs' terms,
 * so that the per-function figures add up to the plan total.
 */
double fpt_appraisal_link_share(const fpt_appraisal *a, const size_t *level, size_t f);

/**
 * The whole links term of function f's pairs (M9) with f at `level` and every other function
 * at plan[g] — what moving f alone changes. 0 when plan is NULL. Can't fail.
 */
double fpt_appraisal_links_at(const fpt_appraisal *a, const size_t *plan, size_t f, size_t level);

#endif
