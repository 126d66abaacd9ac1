/* SPDX-License-Identifier: MIT */
/*
 * Internal: the fields of fpt_lp, shared by formulate.c and solve.c, the only files that see
 * an fpt_lp's GLPK problem. Column and row numbers are GLPK's (1-based); everything else is
 * 0-based.
 */
#ifndef FPT_LP_H
#define FPT_LP_H

#include <stdbool.h>
#include <stddef.h>

#include <glpk.h>

#include "mip/formulate.h"
#include "mip/symmetry.h"

struct fpt_lp {
    glp_prob *prob;
    const fpt_appraisal *a;
    fpt_lp_kind kind;
    int x_first;      /**< column of x[0][0]; x[f][l] is x_first + f * n_levels + l */
    int y_first;      /**< column of y[0][1]; y[e][l] is y_first + e * (n_levels - 1) + l - 1 */
    int budget_row;   /**< row of M14 */
    int *pool_row;    /**< [r]: row of M13, 0 when pool r is unlimited */
    int budget_slack; /**< ELASTIC only: slack column of the budget row */
    int *pool_slack;  /**< ELASTIC only: [r] slack column, 0 when unlimited */
    /* The shape, kept so that fpt_lp_update() can tell whether another appraisal fits. */
    size_t n_functions;
    size_t n_levels;
    size_t n_pools;
    size_t n_pairs;
    size_t *pair_ends;   /**< [2e], [2e + 1]: the functions of pair e */
    bool *limited;       /**< [r]: pool r has a row */
    int n_base_rows;     /**< rows of the programme itself, the copies' ordering rows included;
                              rows beyond are the tie rule's */
    bool warm;           /**< solve from the LP relaxation, presolve off (fpt_solver) */
    bool scaled;         /**< glp_scale_prob() has run: a search may begin from the relaxation
                              solved by our own simplex call, and restart from an incumbent */
    double deadline_s;   /**< CLOCK_MONOTONIC second at which every search stops; 0 = none */
    long *searches_left; /**< FPT_TEST_HOOKS only: GLPK searches before the deadline is taken
                              to have passed (FPT_TEST_DEADLINE_AFTER); NULL or < 0: none */
    /** APPRAISAL only: the copies whose levels rows order (docs/model.md "Copies of a
        function"); NULL when not sought. */
    fpt_symmetry *sym;
    /** Scratch for fpt_lp_update(): another appraisal's copies. */
    fpt_symmetry *sym_check;
    /** The first ordering row: L − 1 rows for each copy and its next copy. */
    int sym_first_row;
};

/** Return the GLPK column of x[f][l]. */
static inline int fpt_lp_x(const fpt_lp *lp, size_t f, size_t l)
{
    return lp->x_first + (int)(f * lp->n_levels + l);
}

/**
 * fpt_lp_build() for code already running inside fpt_glpk_guard() (guards do not nest):
 * a GLPK fatal error here jumps to the caller's guard. Returns FPT_OK, FPT_ENOMEM, or
 * FPT_EINTERNAL when the appraisal holds a non-finite coefficient.
 */
fpt_status fpt_lp_build_in_guard(const fpt_appraisal *a, fpt_lp_kind kind, fpt_lp **out,
                                 fpt_error *err);

/**
 * Point lp at another appraisal of the same shape (functions, levels, pools with a limit,
 * link pairs) and rewrite every coefficient, bound and cost that depends on it, deleting
 * the rows the tie rule added. Returns false, changing nothing, when the shape differs.
 * Runs GLPK calls: call inside a guard.
 */
bool fpt_lp_update(fpt_lp *lp, const fpt_appraisal *a);

/** Return the objective coefficient GLPK holds for x[f][l] (M12). */
double fpt_lp_x_cost(const fpt_lp *lp, size_t f, size_t l);

/**
 * Write into col[1..n] (n the programme's columns) the columns of the plan `level`: x from
 * its levels, each y the link gap the plan makes. Returns false, leaving col undefined, when
 * the programme is not an appraisal's (it has slack columns) or a column or row of it — a
 * lock, a copy's ordering row, a pool, the budget, a row the tie rule added — does not hold
 * at those columns to within 1e-9 of its bound's size. Runs GLPK calls: call inside a guard.
 */
bool fpt_lp_plan_columns(const fpt_lp *lp, const size_t *level, double *col);

#endif
