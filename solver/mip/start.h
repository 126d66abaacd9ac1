/* SPDX-License-Identifier: MIT */
/*
 * The plan a search starts from (fpt_solve_options.start): the caller's plan, made feasible
 * and improved by moving one function at a time, then with copies in level order, so that
 * GLPK holds a good incumbent from its first node (docs/model.md "Solving and ties").
 */
#ifndef FPT_MIP_START_H
#define FPT_MIP_START_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"
#include "mip/symmetry.h"

/**
 * Improve level[] in place by steepest descent over single moves (a function to another
 * allowed level), on the exact evaluation: while the plan breaks a constraint, the move that
 * most reduces the excess over the pools' supplies and the budget (as shares of them, a
 * forbidden level counting 1), then the objective; once it is feasible, the move of least
 * objective while that is below the plan's (the first function, then level, on equal
 * standings), each move's standing found by difference from the plan's totals. The work is
 * bounded: passes stop once passes × functions × levels × (links + 1) would exceed 4 × 10⁶
 * (none on a model of 5,000 functions, 5 levels and 160 links). Then the copies of
 * each class of sym (may be NULL) take their levels in ascending order in file order.
 * Returns whether the plan is feasible. Deterministic; false also when memory is short.
 */
bool fpt_start_improve(const fpt_appraisal *a, const fpt_symmetry *sym, size_t *level);

#endif
