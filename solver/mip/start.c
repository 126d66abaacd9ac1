/* SPDX-License-Identifier: MIT */
/*
 * A start plan for a search: steepest descent over single moves on fpt_appraisal_eval, then
 * copies sorted into the ordering rows' order. While the plan breaks a constraint each move
 * is the one that most reduces by how much (the excess over each pool's supply and the
 * budget, as shares of them), then the objective. The descent is
 * deterministic and its work bounded, so that a 5,000-function model spends no time here.
 */
#include "mip/start.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Passes of the descent stop once they would pass this many evaluations × functions. */
static const double START_WORK = 4e6;

/* A plan's standing: how far it breaks the constraints (0 when feasible; each pool's and the
 * budget's excess as a share of its limit, a forbidden level 1), then its objective. */
typedef struct standing {
    double excess;
    double objective;
} standing;

static bool better(standing x, standing y)
{
    return x.excess < y.excess || (x.excess == y.excess && x.objective < y.objective);
}

static double over(double used, double limit)
{
    return used > limit ? (used - limit) / fmax(limit, 1.0) : 0.0;
}

static standing stand(const fpt_appraisal *a, const size_t *level, double *pool_use)
{
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, level, &ev, pool_use);
    if (ev.feasible) {
        return (standing){0.0, ev.objective};
    }
    double excess = over(ev.running_gbp, a->budget_gbp);
    for (size_t r = 0; r < a->n_pools; r++) {
        excess += a->pool_limited[r] ? over(pool_use[r], a->pool_supply_wte[r]) : 0.0;
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        excess += fpt_appraisal_cell(a, f, level[f])->allowed ? 0.0 : 1.0;
    }
    return (standing){fmax(excess, DBL_MIN), ev.objective}; /* never level with a feasible one */
}

/* One pass: the best single move, taken when it improves on `now`; false when none does. */
static bool best_move(const fpt_appraisal *a, size_t *level, standing *now, double *pool_use)
{
    size_t best_f = a->n_functions, best_l = 0;
    standing best = *now;
    for (size_t f = 0; f < a->n_functions; f++) {
        size_t own = level[f];
        for (size_t l = 0; l < a->n_levels; l++) {
            if (l == own || !fpt_appraisal_cell(a, f, l)->allowed) {
                continue;
            }
            level[f] = l;
            standing z = stand(a, level, pool_use);
            if (better(z, best)) {
                best = z;
                best_f = f;
                best_l = l;
            }
        }
        level[f] = own;
    }
    if (best_f == a->n_functions) {
        return false;
    }
    level[best_f] = best_l;
    *now = best;
    return true;
}

static int by_level(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

/* Each class of copies in ascending levels, in file order. */
static bool sort_copies(const fpt_symmetry *sym, size_t *level)
{
    size_t n = fpt_symmetry_n_functions(sym);
    bool *has_prev = calloc(n + 1, sizeof *has_prev);
    size_t *levels = calloc(n + 1, sizeof *levels);
    bool ok = has_prev != NULL && levels != NULL;
    for (size_t f = 0; ok && f < n; f++) {
        size_t g = fpt_symmetry_next(sym, f);
        if (g < n) {
            has_prev[g] = true;
        }
    }
    for (size_t h = 0; ok && h < n; h++) {
        size_t k = 0;
        for (size_t f = h; !has_prev[h] && f < n; f = fpt_symmetry_next(sym, f)) {
            levels[k++] = level[f];
        }
        qsort(levels, k, sizeof *levels, by_level);
        k = 0;
        for (size_t f = h; !has_prev[h] && f < n; f = fpt_symmetry_next(sym, f)) {
            level[f] = levels[k++];
        }
    }
    free(has_prev);
    free(levels);
    return ok;
}

bool fpt_start_improve(const fpt_appraisal *a, const fpt_symmetry *sym, size_t *level)
{
    double *pool_use = calloc(a->n_pools + 1, sizeof *pool_use);
    if (pool_use == NULL) {
        return false;
    }
    double per_pass = (double)a->n_functions * (double)a->n_levels * (double)a->n_functions;
    standing now = stand(a, level, pool_use);
    for (double work = per_pass; work <= START_WORK && best_move(a, level, &now, pool_use);
         work += per_pass) {
    }
    bool sorted = sym == NULL || sort_copies(sym, level);
    bool feasible = sorted && stand(a, level, pool_use).excess == 0.0;
    free(pool_use);
    return feasible;
}
