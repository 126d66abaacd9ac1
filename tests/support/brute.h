/* SPDX-License-Identifier: MIT */
/*
 * Exhaustive enumeration of every plan of an appraisal, for checking the MIP on tiny
 * models. Each plan is evaluated with fpt_appraisal_eval(), the same arithmetic the reports
 * use, and the answer follows the tie rule of docs/model.md "Solving and ties": among the
 * feasible plans within tau = 1e-9 x max(1, |z*|) of the best objective z*, the one whose
 * level vector (functions in model order) is lexicographically smallest.
 */
#ifndef FPT_TEST_BRUTE_H
#define FPT_TEST_BRUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"

enum { FPT_TEST_BRUTE_MAX_FUNCTIONS = 12 };

/** The tie tolerance of docs/model.md, relative to max(1, |z*|). */
#define FPT_TEST_TIE_REL 1e-9

typedef struct fpt_test_brute {
    bool feasible;                              /**< some plan meets locks, budget and pools */
    size_t level[FPT_TEST_BRUTE_MAX_FUNCTIONS]; /**< the tie rule's plan, when feasible */
    double objective;                           /**< z*, the best feasible objective */
    size_t n_tied;                              /**< feasible plans within tau of z* (>= 1) */
    size_t n_plans;                             /**< plans enumerated */
    size_t n_feasible;                          /**< of which feasible */
} fpt_test_brute;

/**
 * Enumerate every plan of a (at most FPT_TEST_BRUTE_MAX_FUNCTIONS functions) and fill out.
 * This function can't fail; it aborts on a model too big to enumerate.
 */
void fpt_test_brute_solve(const fpt_appraisal *a, fpt_test_brute *out);

#endif
