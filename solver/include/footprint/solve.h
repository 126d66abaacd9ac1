/* SPDX-License-Identifier: MIT */
/*
 * Solving one appraisal: the MIP with glp_intopt (presolve on), the tie rule, and, when no
 * plan exists, the explanation of which locks, pools or budget clash and by how much
 * (docs/model.md "Solving and ties", "Infeasible scenarios").
 *
 * The result is an fpt_solution, plain data with no GLPK type in it. Infeasibility is a
 * result (FPT_OK with result FPT_RESULT_INFEASIBLE), not an error. Every GLPK object is
 * created and freed inside one call, on the calling thread.
 */
#ifndef FPT_SOLVE_H
#define FPT_SOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"
#include "footprint/error.h"

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

/** Fill o with the defaults: no time limit, gap 0, ties broken. This function can't fail. */
void fpt_solve_options_init(fpt_solve_options *o);

/**
 * Solve an appraisal.
 * @param a   borrowed
 * @param out OUT: owned by the caller; free with fpt_solution_free()
 * @return FPT_OK (whatever the result, infeasible included), FPT_ENOMEM, FPT_ESOLVER when
 *         GLPK fails, FPT_EINTERNAL on a broken invariant or when GLPK stopped on a fatal
 *         error (glpk_guard.h: the thread's GLPK environment is then freed).
 * Thread safety: safe to call concurrently on different threads; each call owns its GLPK
 * objects. A thread that has solved should call fpt_solve_thread_exit() before it ends.
 */
fpt_status fpt_solve(const fpt_appraisal *a, const fpt_solve_options *o, fpt_solution **out,
                     fpt_error *err);

/**
 * A solver that keeps its GLPK programme between calls, for many appraisals of the same
 * shape on one thread (sweeps): coefficients are rewritten in place, the LP relaxation is
 * re-solved by dual simplex from the previous basis, the MIP search is skipped when that
 * relaxation is already integral, and presolve is off. Answers are those of fpt_solve(): the
 * tie rule makes them independent of the path. Create, use and free it on one thread.
 */
typedef struct fpt_solver fpt_solver;

/** Create an empty solver. Returns FPT_OK or FPT_ENOMEM. */
fpt_status fpt_solver_create(fpt_solver **out, fpt_error *err);

/** As fpt_solve(), reusing sv's programme when the shape allows. */
fpt_status fpt_solver_solve(fpt_solver *sv, const fpt_appraisal *a, const fpt_solve_options *o,
                            fpt_solution **out, fpt_error *err);

/** Free a solver on the thread that used it. Accepts NULL. */
void fpt_solver_free(fpt_solver *sv);

/** Free a solution. Accepts NULL. */
void fpt_solution_free(fpt_solution *s);

/** Return "optimal", "time limit", "infeasible", "no plan" or "gap limit". */
const char *fpt_result_name(fpt_result r);

/** Return the GLPK version string ("5.0"). */
const char *fpt_solver_version(void);

/** Free the calling thread's GLPK environment. */
void fpt_solve_thread_exit(void);

#endif
