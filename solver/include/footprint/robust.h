/* SPDX-License-Identifier: MIT */
/*
 * The robust plan of a sweep (docs/model.md "The robust plan"). Acceptability says how often
 * each level wins; a programme board needs one plan. The distinct plans the sweep found
 * optimal are each evaluated exactly in every scenario with a plan — an evaluation
 * (fpt_appraisal_eval), not a solve — giving per plan its share of scenarios in which it is
 * feasible, its expected objective there, and its worst-case and 90th-percentile regret
 * against each scenario's optimum. Two plans are recommended among those feasible in at
 * least a chosen share of the scenarios: the one of least worst-case regret and the one of
 * least expected objective.
 *
 * A pure function of the model, the scenario file and the sweep's results, so one run, its
 * shards merged and a resumed run give the same table. Scenarios are rebuilt and evaluated
 * in parallel on the library's driver; never prints.
 */
#ifndef FPT_ROBUST_H
#define FPT_ROBUST_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/sweep.h"

/** A plan index that names no plan (no plan meets the share). */
#define FPT_ROBUST_NONE ((size_t)-1)

/** The most plans evaluated: beyond it, the plans optimal in most scenarios (then the
 *  earliest found). */
enum { FPT_ROBUST_MAX_PLANS = 256 };

typedef struct fpt_robust_options {
    double min_share; /**< a recommended plan is feasible in at least this share of the
                           scenarios with a plan (default 0.95) */
    int threads;      /**< 0: OpenMP's default; the answer is the same at any count */
} fpt_robust_options;

/** One plan the sweep found optimal somewhere, across every scenario with a plan. */
typedef struct fpt_robust_plan {
    size_t *level;         /**< [f]: the base scenario's level of each function */
    size_t optimal_in;     /**< scenarios in which the sweep found it optimal */
    size_t first;          /**< the first of them (its index) */
    size_t feasible;       /**< scenarios with a plan in which it meets locks, budget, pools */
    double feasible_share; /**< feasible / the scenarios with a plan */
    double expected_gbp;   /**< mean objective over the scenarios where it is feasible, £/yr;
                                NAN when none */
    double regret_max_gbp; /**< the most its objective exceeds a scenario's optimum there */
    double regret_p90_gbp; /**< the 90th percentile (nearest rank) of that excess */
} fpt_robust_plan;

typedef struct fpt_robust {
    size_t n_functions;
    size_t n_scenarios;     /**< scenarios with a plan: the ones evaluated */
    size_t n_distinct;      /**< distinct optimal plans in the sweep */
    size_t n_plans;         /**< the ones evaluated: all, or FPT_ROBUST_MAX_PLANS of them */
    fpt_robust_plan *plans; /**< [n_plans], in the order the sweep first found them */
    double min_share;
    size_t minimax;        /**< least worst-case regret among plans meeting the share (then
                                least expected objective, then first found); or NONE */
    size_t least_expected; /**< least expected objective among them (then first found) */
} fpt_robust;

/** Fill o with the defaults (share 0.95, OpenMP's threads). Can't fail. */
void fpt_robust_options_init(fpt_robust_options *o);

/**
 * Find the robust plans of a sweep's results.
 * @param m, base the validated model and scenario file the sweep ran (its axes and draws
 *                rebuild each scenario); borrowed
 * @param run     the results (one run, a shard, a merge or a resume); only scenarios done
 *                with a plan count; borrowed
 * @param out     OUT: owned by the caller; free with fpt_robust_free(); NULL on failure
 * @return FPT_OK; FPT_EUSAGE for a share outside [0, 1]; FPT_ENOMEM; or what rebuilding a
 *         scenario returned (FPT_EINVALID, FPT_EINTERNAL) with the scenario named.
 * Thread safety: reads its inputs; runs on o->threads threads of the parallel driver.
 */
fpt_status fpt_robust_run(const fpt_model *m, const fpt_scenario *base, const fpt_sweep_run *run,
                          const fpt_robust_options *o, fpt_robust **out, fpt_error *err);

/** Free. Accepts NULL. */
void fpt_robust_free(fpt_robust *r);

#endif
