/* SPDX-License-Identifier: MIT */
/*
 * Sizing: how many units should deliver one function, and of what size. For each number of
 * units K in a range, the geography's CCGs are districted into K units
 * (footprint/districts.h), one level of the scenario is given those units (geo/realunits.h),
 * and the function's criteria are appraised there — its cost and its penalty per head — with
 * every other function where the scenario's optimal plan puts it (docs/model.md "Sizing").
 *
 * The districtings run through fpt_parallel_for (base/parallel.h), one K per task; each task
 * writes only its own point, so the curve does not depend on the thread count.
 * report/sizing_report.c renders the curve. Prints nothing.
 */
#ifndef FPT_SIZING_H
#define FPT_SIZING_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"
#include "footprint/districts.h"
#include "footprint/error.h"
#include "footprint/geography.h"
#include "footprint/model.h"
#include "footprint/progress.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"

typedef struct fpt_sizing_options {
    size_t function;     /**< the function sized */
    size_t level;        /**< the level whose units are districted; not the first or last */
    size_t k_min, k_max; /**< numbers of units tried, inclusive; 1 <= k_min <= k_max */
    double tolerance;    /**< unit populations within Pop/K × (1 ± tolerance); default 0.2 */
    double time_limit_s; /**< for the whole run, counted from fpt_sizing_run()'s start: each
                              districting gets the time left when it begins (one beginning
                              after the deadline still runs the first allocation of
                              the heuristic's first start; a K left unproven keeps the best
                              plan and bound of its passes);
                              0 = none (the curve then repeats exactly) */
    int threads;         /**< 0: OpenMP's default */
    fpt_progress_report_fn progress; /**< NULL: none. Stage "numbers of units": called as each
                                          K is done (item: that K; done of total) */
    void *progress_ctx;
} fpt_sizing_options;

/** One number of units. */
typedef struct fpt_sizing_point {
    size_t k;
    fpt_districts_result districting; /**< optimal, limit, infeasible or no partition */
    double gap;                       /**< the districting's gap */
    double pop_min, pop_max;          /**< smallest and largest unit, when partitioned */
    double distance_km;               /**< D_K of the level with these units */
    double remoteness;                /**< g at the level with these units */
    double spread;                    /**< g2 at the level with these units */
    double wte;                       /**< the function's staff over all units */
    double term_gbp[FPT_N_CRITERIA]; /**< the function's terms, £/yr, unweighted (T3: its links) */
    double transition_gbp;           /**< T_T of the function there, £/yr (docs/model.md M15);
                                          0 without a transition */
    double cost_per_head;            /**< (T4 + … + T8 + T_T) / Pop, £ a head a year */
    double penalty_per_head;         /**< (T1 + T2 + T3) / Pop, pound-equivalents a head */
    double weighted_per_head;        /**< (Σ_k w_k T_k + w_T T_T) / Pop: what the optimum
                                          minimises */
    fpt_partition *partition;        /**< owned; NULL when the districting failed */
} fpt_sizing_point;

typedef struct fpt_sizing {
    size_t function;
    size_t level;
    double tolerance;
    double population;
    fpt_appraisal *base;      /**< the scenario's own appraisal */
    fpt_solution *plan;       /**< its solve: the plan that places the other functions (its
                                   level is NULL when it has none) */
    fpt_sizing_point *points; /**< [n_points], K ascending */
    size_t n_points;
    long best; /**< index of the least weighted cost per head; −1 when none */
} fpt_sizing;

/** Defaults: units 2..30, tolerance 0.2, no time limit, OpenMP's thread count. */
void fpt_sizing_options_init(fpt_sizing_options *o);

/**
 * Draw the sizing curve of one function.
 * @param m, s  a validated model and a scenario with a geography (s->geography set)
 * @param g     that geography, loaded from s->geography_path
 * @param out   OUT: owned by the caller (fpt_sizing_free); NULL on failure
 * @return FPT_OK (points whose districting is infeasible are kept, marked); FPT_EUSAGE (a
 *         range or level that makes no sense, a scenario without a geography); FPT_ENOMEM;
 *         FPT_ESOLVER when GLPK fails; FPT_EINTERNAL when GLPK stopped on a fatal error or a
 *         districting broke an invariant (FPT_EINVALID if one of its units held no CCG).
 */
fpt_status fpt_sizing_run(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                          const fpt_sizing_options *o, fpt_sizing **out, fpt_error *err);

/** Free a sizing curve. Accepts NULL. */
void fpt_sizing_free(fpt_sizing *z);

/** Output formats of fpt_sizing_render(). */
typedef enum fpt_sizing_format {
    FPT_SIZING_TABLE = 0,
    FPT_SIZING_CSV,
    FPT_SIZING_JSON
} fpt_sizing_format;

/** Parse "table", "csv" or "json"; −1 for anything else. */
int fpt_sizing_format_from_name(const char *name);

/**
 * Render a sizing curve (docs/cli.md "size").
 * @param text OUT: NUL-terminated, owned by the caller; NULL on failure
 * @return FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sizing_render(const fpt_model *m, const fpt_scenario *s, const fpt_sizing *z,
                             fpt_sizing_format format, char **text, size_t *len, fpt_error *err);

#endif
