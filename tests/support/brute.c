/* SPDX-License-Identifier: MIT */
/*
 * Brute force over all L^F plans (see brute.h). Plans are visited in lexicographic order
 * of their level vectors (the first function most significant, local first), so the
 * first plan found within the tie tolerance is the one the tie rule picks. Two passes:
 * the best feasible objective, then the first feasible plan within tau of it.
 */
#include "brute.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Advance level[] to the next vector in lexicographic order; false after the last. */
static bool next_plan(size_t *level, size_t n_functions, size_t n_levels)
{
    for (size_t i = n_functions; i-- > 0;) {
        if (++level[i] < n_levels) {
            return true;
        }
        level[i] = 0;
    }
    return false;
}

static void best_objective(const fpt_appraisal *a, fpt_test_brute *out)
{
    size_t level[FPT_TEST_BRUTE_MAX_FUNCTIONS] = {0};
    do {
        fpt_plan_eval ev;
        fpt_appraisal_eval(a, level, &ev, NULL);
        out->n_plans++;
        if (!ev.feasible) {
            continue;
        }
        out->n_feasible++;
        if (!out->feasible || ev.objective < out->objective) {
            out->feasible = true;
            out->objective = ev.objective;
        }
    } while (next_plan(level, a->n_functions, a->n_levels));
}

static void first_within_tau(const fpt_appraisal *a, fpt_test_brute *out)
{
    double tau = FPT_TEST_TIE_REL * fmax(1.0, fabs(out->objective));
    size_t level[FPT_TEST_BRUTE_MAX_FUNCTIONS] = {0};
    do {
        fpt_plan_eval ev;
        fpt_appraisal_eval(a, level, &ev, NULL);
        if (!ev.feasible || ev.objective > out->objective + tau) {
            continue;
        }
        if (out->n_tied++ == 0) {
            memcpy(out->level, level, sizeof level);
        }
    } while (next_plan(level, a->n_functions, a->n_levels));
}

void fpt_test_brute_solve(const fpt_appraisal *a, fpt_test_brute *out)
{
    if (a->n_functions == 0 || a->n_functions > FPT_TEST_BRUTE_MAX_FUNCTIONS) {
        fprintf(stderr, "brute force: %zu functions is out of range\n", a->n_functions);
        abort();
    }
    memset(out, 0, sizeof *out);
    best_objective(a, out);
    if (out->feasible) {
        first_within_tau(a, out);
    }
}
