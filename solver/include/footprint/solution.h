/* SPDX-License-Identifier: MIT */
/*
 * What solving an appraisal gives back, as plain data: the options that shape a solve, the
 * solution (result, plan, objective, bound, gap, the plan's totals, pool use, ties) and,
 * when no plan exists, the clashes that explain why (docs/model.md "Solving and ties",
 * "Infeasible scenarios"). Renderers and drivers read these types without the solver's
 * API (footprint/solve.h); mip/solve.c produces them and defines the functions below.
 */
#ifndef FPT_SOLUTION_H
#define FPT_SOLUTION_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"

typedef enum fpt_result {
    FPT_RESULT_OPTIMAL = 0,    /**< proven optimal (within the requested gap, if any) */
    FPT_RESULT_LIMIT = 1,      /**< stopped at the time limit with a plan; see gap */
    FPT_RESULT_INFEASIBLE = 2, /**< no plan meets the locks, pools and budget */
    FPT_RESULT_NO_PLAN = 3,    /**< stopped at the time limit before any plan was found */
    FPT_RESULT_GAP = 4         /**< stopped at the requested --mip-gap with a plan; see gap */
} fpt_result;

typedef struct fpt_solve_options {
    double time_limit_s; /**< wall-clock limit for the search; 0 = none */
    double mip_gap;      /**< relative gap at which to stop; 0 = prove optimality */
    bool break_ties;     /**< apply the tie rule (on by default) */
    /** NULL, or a plan ([n_functions] levels, borrowed) the first search starts from when it
     * meets every lock and constraint: an incumbent from the first node, which only speeds
     * the search. The optimum does not depend on it; which of several tied plans the search
     * returns may, so the tie rule decides where that matters. */
    const size_t *start;
    /** NULL: never. Asked before each GLPK search starts and from GLPK's callback during
     * the branch and bound, possibly from several threads at once, so it must only read (a
     * flag a signal handler sets); once it returns true the solve stops with
     * FPT_ECANCELLED. */
    bool (*cancelled)(void *ctx);
    void *cancel_ctx;
} fpt_solve_options;

typedef enum fpt_clash_kind {
    FPT_CLASH_LOCKS = 0, /**< a function's locks leave it no level; index = function */
    FPT_CLASH_POOL = 1,  /**< a skill pool's supply; index = pool */
    FPT_CLASH_BUDGET = 2 /**< the affordability envelope; index unused */
} fpt_clash_kind;

/** One reason a scenario has no plan. Amounts are WTE for pools and £/yr for the budget. */
typedef struct fpt_clash {
    fpt_clash_kind kind;
    size_t index;
    double needed;       /**< what the least-infeasible plan uses */
    double available;    /**< the supply or the budget */
    double needed_alone; /**< the least any plan under the locks uses, this group alone */
} fpt_clash;

typedef struct fpt_solution {
    fpt_result result;
    size_t n_functions;
    size_t n_pools;
    size_t *level;      /**< [f], when a plan exists; else NULL */
    double objective;   /**< £/yr, weighted (M12) */
    double bound;       /**< best bound at the end of the search */
    double gap;         /**< |objective − bound| / max(1, |objective|) */
    fpt_plan_eval eval; /**< the plan's totals */
    double *pool_use;   /**< [r] scarce WTE drawn, when a plan exists */
    bool tied;          /**< another plan was within the tie tolerance; the rule chose */
    fpt_clash *clashes; /**< when infeasible */
    size_t n_clashes;
} fpt_solution;

/** Free a solution. Accepts NULL. */
void fpt_solution_free(fpt_solution *s);

/** Return "optimal", "time limit", "infeasible", "no plan" or "gap limit". */
const char *fpt_result_name(fpt_result r);

/** Return the GLPK version string ("5.0"). */
const char *fpt_solver_version(void);

#endif
