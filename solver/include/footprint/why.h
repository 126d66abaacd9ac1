/* SPDX-License-Identifier: MIT */
/*
 * Why each function sits where it does, and how firmly (docs/model.md "Why here" and "How
 * firm each answer is"): for every function and every level, the eight terms there and the
 * price of the level — the plan's objective with the function forced there and everything
 * else re-optimised; from these the next-best level and its margin, the criteria pulling
 * towards each other level, and whether a lock, the budget or a pool rather than the
 * function's own terms holds it; then whether the answer is fragile: a margin below a
 * threshold, a level that moves within ±10% of some weight (footprint/stability.h's band
 * search), or an exact tie the tie rule settled.
 *
 * Plain data in (model, scenario, appraisal, optimal solution) and out (fpt_why): no GLPK
 * type, nothing printed. The renderers of footprint/report.h put names to the indices.
 */
#ifndef FPT_FOOTPRINT_WHY_H
#define FPT_FOOTPRINT_WHY_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"
#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"

/** A level index that names no level (no next-best level, nothing held). */
#define FPT_WHY_NO_LEVEL ((size_t)-1)

/** What the price of a level is. */
typedef enum fpt_price_kind {
    FPT_PRICE_CHOSEN = 0,     /**< the plan's own level: the price is the objective */
    FPT_PRICE_PLAN = 1,       /**< the best plan with the function here, all else re-optimised */
    FPT_PRICE_LOCKED = 2,     /**< the scenario's locks forbid the function here: no price */
    FPT_PRICE_INFEASIBLE = 3, /**< no plan meets the budget and pools with the function here */
    FPT_PRICE_UNSOLVED = 4    /**< the forced search stopped (a time limit) without an optimum */
} fpt_price_kind;

/** Function f at level l. */
typedef struct fpt_why_cell {
    double term_gbp[FPT_N_CRITERIA]; /**< T_k(f, l), £/yr, unweighted; the links term is the
                                          whole term of f's links with every other function
                                          where the plan puts it (what moving f changes) */
    double transition_gbp;           /**< T_T(f, l), £/yr, unweighted (docs/model.md M15); 0
                                          when the scenario gives no transition */
    double own_gbp;                  /**< Σ_k w_k term_gbp[k] + w_T transition_gbp: f's part of
                                          the objective here */
    double move_gbp;                 /**< own_gbp here − own_gbp at the chosen level: the
                                          objective's change if f alone moved here */
    bool move_feasible;              /**< moving f alone here keeps locks, budget and pools */
    fpt_price_kind price_kind;
    double price_gbp;  /**< £/yr: the objective with f forced here; NAN unless CHOSEN or PLAN */
    fpt_clash blocked; /**< INFEASIBLE: what clashes with f forced here (the first clash of
                            the forced solve's explanation); zeroed otherwise */
} fpt_why_cell;

/** One function's answer, defended. */
typedef struct fpt_why_function {
    size_t level;           /**< the chosen level */
    size_t next_level;      /**< the other level of least price; FPT_WHY_NO_LEVEL when no other
                                 level has a plan */
    double margin_gbp;      /**< price of next_level − objective, £/yr; INFINITY when none */
    double margin_share;    /**< margin_gbp / max(1, |objective|) */
    bool tied;              /**< margin_gbp ≤ the tie tolerance: an equally good plan puts f at
                                 next_level, and the tie rule chose */
    bool held;              /**< f's own terms favour held_level, but moving it there alone
                                 breaks held_by: the constraint, not f's terms, keeps it here */
    size_t held_level;      /**< where its own terms would take it; FPT_WHY_NO_LEVEL unless held */
    double held_gain_gbp;   /**< what moving there alone would save, £/yr (> 0 when held) */
    fpt_clash_kind held_by; /**< a lock, the budget or a pool (held_index) */
    size_t held_index;      /**< the pool, when held_by is FPT_CLASH_POOL */
    bool weight_moves;      /**< the level changes within ±weight_band of some weight */
    int weight_k;           /**< the criterion whose weight moves it nearest (relative to the
                                 weight), or FPT_T_TRANSITION for the transition's weight; -1
                                 unless weight_moves */
    double weight_at;       /**< the weight at which it moves */
    size_t weight_level;    /**< the level it moves to there */
    bool fragile_margin;    /**< margin_share < fragile_below */
    bool fragile;           /**< fragile_margin, weight_moves or tied */
} fpt_why_function;

/** What fpt_why_run() computes and how. */
typedef struct fpt_why_options {
    fpt_solve_options solve; /**< for the forced solves (default: fpt_solve_options_init) */
    double fragile_below;    /**< a margin below this share of the objective is fragile
                                  (default 0.001, i.e. 0.1%; 0: never on the margin alone) */
    double weight_band;      /**< search each weight ±this share for level changes (default
                                  0.1); 0: not searched */
    int threads;             /**< for the prices (one function per task) and the weight band
                                  (one criterion per task); 0: OpenMP's default. The answer is
                                  the same at any thread count */
} fpt_why_options;

typedef struct fpt_why {
    size_t n_functions;
    size_t n_levels;
    double objective;              /**< the plan's, £/yr */
    double tie_gbp;                /**< the tie tolerance τ (docs/model.md), £/yr */
    double weight[FPT_N_CRITERIA]; /**< the weights the terms were weighed with */
    double transition_weight;      /**< w_T, the transition term's (M15) */
    bool has_transition;           /**< the scenario gives a transition: the term can pull */
    double fragile_below;          /**< the options' */
    double weight_band;            /**< the options'; 0 when not searched */
    fpt_why_cell *cells;           /**< [f * n_levels + l] */
    fpt_why_function *functions;   /**< [f] */
    size_t solves;                 /**< MIP solves spent (prices and weight band) */
} fpt_why;

/** Return weight k of w: a criterion's, or w_T at k == FPT_T_TRANSITION. Can't fail. */
double fpt_why_weight(const fpt_why *w, int k);

/** Fill o with the defaults (fragile below 0.1% of the objective, band ±10%). Can't fail. */
void fpt_why_options_init(fpt_why_options *o);

/**
 * Explain an optimal plan: every function at every level (one forced solve per function and
 * other allowed level, a function's solves on one warm solver, functions in parallel), then
 * the weight band when o->weight_band > 0.
 * @param m, s the validated model and scenario a was built from (the band rebuilds the
 *             appraisal with each weight moved); borrowed
 * @param a    the scenario's appraisal; borrowed
 * @param sol  a's solution; its result must be FPT_RESULT_OPTIMAL; borrowed
 * @param out  OUT: owned by the caller; free with fpt_why_free(); NULL on failure
 * @return FPT_OK; FPT_EUSAGE when sol is not optimal or an option is out of range
 *         (fragile_below < 0, weight_band outside [0, 1)); FPT_ENOMEM; or what a forced
 *         solve or the band returns (FPT_ESOLVER, FPT_EINTERNAL: see fpt_solve()).
 * Thread safety: reads its inputs only; runs on o->threads threads of the parallel driver
 * (base/parallel.h), so it must not be called from inside one of its tasks.
 */
fpt_status fpt_why_run(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                       const fpt_solution *sol, const fpt_why_options *o, fpt_why **out,
                       fpt_error *err);

/** Free. Accepts NULL. */
void fpt_why_free(fpt_why *w);

/** Return function f's cell at level l. Borrowed. */
const fpt_why_cell *fpt_why_cell_at(const fpt_why *w, size_t f, size_t l);

/**
 * Return how much term k pulls function f towards level `to`: w_k × (T_k at the chosen
 * level − T_k at `to`), £/yr, k a criterion or FPT_T_TRANSITION (w_T and T_T). Positive: k
 * favours `to`; negative: k favours staying. The pulls of the eight criteria and the
 * transition add up to −move_gbp of `to`. Can't fail.
 */
double fpt_why_pull(const fpt_why *w, size_t f, size_t to, int k);

#endif
