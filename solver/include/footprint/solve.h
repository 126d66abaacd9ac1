/* SPDX-License-Identifier: MIT */
/*
 * Solving one appraisal: the MIP with glp_intopt (presolve on), the tie rule, and, when no
 * plan exists, the explanation of which locks, pools or budget clash and by how much
 * (docs/model.md "Solving and ties", "Infeasible scenarios").
 *
 * The result is an fpt_solution (footprint/solution.h), plain data with no GLPK type in it.
 * Infeasibility is a result (FPT_OK with result FPT_RESULT_INFEASIBLE), not an error. Every
 * GLPK object is created and freed on the calling thread; nothing here prints.
 */
#ifndef FPT_SOLVE_H
#define FPT_SOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"
#include "footprint/error.h"
#include "footprint/solution.h"

/** Fill o with the defaults: no time limit, gap 0, ties broken. This function can't fail. */
void fpt_solve_options_init(fpt_solve_options *o);

/**
 * Solve an appraisal.
 * @param a   borrowed
 * @param out OUT: owned by the caller; free with fpt_solution_free(); NULL on failure
 * @return FPT_OK (whatever the result, infeasible included), FPT_ENOMEM, FPT_ESOLVER when
 *         GLPK fails, FPT_EINTERNAL on a broken invariant or when GLPK stopped on a fatal
 *         error (base/glpk_guard.h: the thread's GLPK environment is then freed),
 *         FPT_ECANCELLED when o->cancelled returned true (before a search, or at GLPK's next
 *         callback during one; GLPK's presolve and root LP are not interrupted): no solution.
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

/** Free the calling thread's GLPK environment. */
void fpt_solve_thread_exit(void);

#endif
