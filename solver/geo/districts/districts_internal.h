/* SPDX-License-Identifier: MIT */
/*
 * Internal: what the pieces of the districting solver (footprint/districts.h,
 * docs/geography.md "Method") share. districts_model.c resolves the instance and builds the
 * GLPK model G1–G6 over a set of CCG–centre pairs; districts_heuristic.c finds the incumbent;
 * districts_search.c bounds, prunes and branches; districts.c holds the public entry points,
 * the infeasibility explanations and the partition handed back.
 *
 * Every GLPK object lives and dies inside one public call, on the calling thread, inside its
 * GLPK guard (base/glpk_guard.h), so nothing here guards itself. Not a public header.
 */
#ifndef FPT_DISTRICTS_INTERNAL_H
#define FPT_DISTRICTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <glpk.h>

#include "footprint/districts.h"
#include "footprint/error.h"
#include "footprint/geography.h"

/* GLPK works in millions of people and millions of person-km, so coefficients are near 1. */
#define DISTRICTS_SCALE 1e6

/** One instance, resolved: everything reads it and nothing changes it after setup. */
typedef struct fpt_districts_inst {
    size_t n, k;
    double lo, hi;   /**< L, U in people (G4, G5) */
    double *pop;     /**< [i] people */
    double *dist;    /**< [i * n + j] km */
    double *cost;    /**< [i * n + j] person-km, p_i d_ij (G1) */
    size_t *near;    /**< [j * n + r] the CCGs by distance from j, ties by index */
    double deadline; /**< fpt_districts_clock() at which the time limit ends; INFINITY: none */
    const fpt_districts_options *o;
} fpt_districts_inst;

/** A partition while solving: the centre of each CCG's unit, and its cost in person-km. */
typedef struct fpt_districts_plan {
    size_t *centre_of; /**< [i] */
    double cost;
    bool found;
} fpt_districts_plan;

/**
 * A GLPK problem over a set of CCG–centre pairs. Rows: G2 assignment (1..n), G3 count
 * (n + 1), G4 upper bound (n + 2 + j), G5 lower bound (2n + 2 + j); the linking rows G6
 * follow. Columns are the pairs, in the order given (1-based); col_of maps a pair i * n + j
 * to its column or 0.
 */
typedef struct fpt_districts_model {
    glp_prob *lp;
    size_t n_pairs;
    size_t *pair; /**< [c - 1] = i * n + j */
    int *col_of;  /**< [i * n + j] */
} fpt_districts_model;

/** What a search ended with: the result, the bound in person-km. */
typedef struct fpt_districts_outcome {
    fpt_districts_result result;
    double bound;
    double heuristic; /**< person-km of the heuristic incumbent; 0 when none */
    bool lp_infeasible;
} fpt_districts_outcome;

/* ---- the instance and the model (districts_model.c) ----------------------------------------- */

/**
 * Resolve o against g (fpt_districts_resolve) and fill in: populations, distances, costs and
 * neighbour lists. in->o borrows o.
 * @param start fpt_districts_clock() when the public call began: with a time limit, the deadline
 *              is start + o->time_limit_s (docs/geography.md "Time limit")
 * @return FPT_OK, FPT_EUSAGE or FPT_ENOMEM (in then holds nothing to free).
 */
fpt_status fpt_districts_inst_init(fpt_districts_inst *in, const fpt_geography *g,
                                   const fpt_districts_options *o, double start, fpt_error *err);

/** Free what fpt_districts_inst_init() allocated. */
void fpt_districts_inst_free(fpt_districts_inst *in);

/** Seconds on the monotonic clock (CLOCK_MONOTONIC): only differences mean anything. */
double fpt_districts_clock(void);

/** Seconds left before in's deadline, ≤ 0 once it has passed; INFINITY without a time limit. */
double fpt_districts_time_left(const fpt_districts_inst *in);

/**
 * A GLPK tm_lim (glp_smcp, glp_iocp) for the time left: milliseconds, at least 1 (so that a
 * phase started just before the deadline still gets a valid limit), at most 10⁹. Only for
 * an instance with a time limit.
 */
int fpt_districts_tm_lim(const fpt_districts_inst *in);

/** Person-km of an assignment (G1): Σ_i cost[i][centre_of[i]]. */
double fpt_districts_plan_cost(const fpt_districts_inst *in, const size_t *centre_of);

/**
 * Build the model over pairs (each i * n + j, ascending): G2–G5 and a column per pair; with
 * links, every G6 row too; with mip, binary columns.
 * @return FPT_OK or FPT_ENOMEM (m then holds nothing to free).
 */
fpt_status fpt_districts_model_build(const fpt_districts_inst *in, const size_t *pairs,
                                     size_t n_pairs, bool mip, bool links, fpt_districts_model *m);

/** Free a model and zero it. Accepts one already freed. */
void fpt_districts_model_free(fpt_districts_model *m);

/** Append pair (i, j) as a new column (G1 cost, entries in G2–G5; binary with mip). */
void fpt_districts_model_add_pair(const fpt_districts_inst *in, fpt_districts_model *m, size_t i,
                                  size_t j, bool mip);

/** Add G6, x_ij ≤ x_jj, for the pair in column col (i ≠ j) with centre column centre_col. */
void fpt_districts_add_link_row(glp_prob *lp, int col, int centre_col);

/** Every CCG–centre pair, ascending: *pairs owned by the caller. FPT_OK or FPT_ENOMEM. */
fpt_status fpt_districts_all_pairs(const fpt_districts_inst *in, size_t **pairs, size_t *n_pairs);

/* ---- the heuristic (districts_heuristic.c) -------------------------------------------------- */

/**
 * Step (1): multi-start location–allocation, then centre swaps around the best. Offers every
 * feasible plan it finds to best (lower cost wins; exact ties go to the lexicographically
 * smaller assignment); best->centre_of must hold n entries. With a time limit, the first
 * start always runs to its end; later starts and swap trials begin only before the deadline.
 * @return FPT_OK (best->found false when no start found a feasible allocation) or FPT_ENOMEM
 *         for its own arrays; an allocation that fails inside a start or a swap trial only
 *         loses that trial.
 */
fpt_status fpt_districts_heuristic(const fpt_districts_inst *in, fpt_districts_plan *best);

/* ---- the solvers (districts_search.c) ------------------------------------------------------- */

/**
 * Steps (1)–(4) of the method: the heuristic, the root LP bound, pruning, branch-and-bound.
 * best (centre_of of n entries, found false) receives the best partition; out the result,
 * bound and heuristic value; n_kept the pairs left after pruning (all n² when the deadline
 * passed before pruning). With a time limit, a deadline that passes before branch-and-bound
 * ends the solve there: FPT_DISTRICTS_LIMIT with the heuristic plan and the root LP's bound
 * (0 when the root LP was not solved to the end), or FPT_DISTRICTS_NO_PARTITION without one.
 * @return FPT_OK (infeasibility is a result, not an error), FPT_ENOMEM or FPT_ESOLVER.
 */
fpt_status fpt_districts_solve_fast(const fpt_districts_inst *in, fpt_districts_plan *best,
                                    fpt_districts_outcome *out, size_t *n_kept, fpt_error *err);

/** GLPK alone on the straightforward model (every pair and G6 row, presolve on); as above. */
fpt_status fpt_districts_solve_plain(const fpt_districts_inst *in, fpt_districts_plan *best,
                                     fpt_districts_outcome *out, size_t *n_kept, fpt_error *err);

#endif
