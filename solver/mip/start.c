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

/* Passes of the descent stop once they would pass this many moves × (links + 1). */
static const double START_WORK = 4e6;

/* A plan's standing: how far it breaks the constraints (0 when feasible; each pool's and the
 * budget's excess as a share of its limit, a forbidden level 1), then its objective. */
typedef struct standing {
    double excess;
    double objective;
} standing;

/* A plan's totals, from which a move's are found by difference. */
typedef struct totals {
    double objective;
    double running;
    double *pool;     /* [r] scarce WTE drawn */
    size_t forbidden; /* functions at a level their locks forbid */
} totals;

static bool better(standing x, standing y)
{
    return x.excess < y.excess || (x.excess == y.excess && x.objective < y.objective);
}

static double over(double used, double limit)
{
    return fpt_appraisal_within(used, limit) ? 0.0 : (used - limit) / fmax(limit, 1.0);
}

static standing stand(const fpt_appraisal *a, const totals *t)
{
    double excess = over(t->running, a->budget_gbp) + (double)t->forbidden;
    for (size_t r = 0; r < a->n_pools; r++) {
        excess += a->pool_limited[r] ? over(t->pool[r], a->pool_supply_wte[r]) : 0.0;
    }
    return (standing){excess, t->objective};
}

/* The plan's totals, exactly (fpt_appraisal_eval). */
static standing count(const fpt_appraisal *a, const size_t *level, totals *t)
{
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, level, &ev, t->pool);
    t->objective = ev.objective;
    t->running = ev.running_gbp;
    t->forbidden = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        t->forbidden += fpt_appraisal_cell(a, f, level[f])->allowed ? 0 : 1;
    }
    standing z = stand(a, t);
    z.excess = ev.feasible ? 0.0 : fmax(z.excess, DBL_MIN); /* the evaluation decides */
    return z;
}

/* The totals of level[] with f moved from `own` to l, into `moved`. */
static void move_totals(const fpt_appraisal *a, const size_t *level, const totals *t, size_t f,
                        size_t own, size_t l, totals *moved)
{
    const fpt_cell *from = fpt_appraisal_cell(a, f, own), *to = fpt_appraisal_cell(a, f, l);
    double links =
        fpt_appraisal_links_at(a, level, f, l) - fpt_appraisal_links_at(a, level, f, own);
    moved->objective =
        t->objective + (to->objective - from->objective) + a->weight[FPT_K_LINKS] * links;
    moved->running = t->running + (to->running_gbp - from->running_gbp);
    for (size_t r = 0; r < a->n_pools; r++) {
        moved->pool[r] =
            t->pool[r] + (fpt_appraisal_scarce(a, f, l, r) - fpt_appraisal_scarce(a, f, own, r));
    }
    moved->forbidden = t->forbidden - (from->allowed ? 0 : 1) + (to->allowed ? 0 : 1);
}

/* One pass: the best single move, found by difference, taken when it improves on `now` (then
 * the totals are counted again exactly); false when none does. */
static bool best_move(const fpt_appraisal *a, size_t *level, totals *t, totals *moved,
                      standing *now)
{
    size_t best_f = a->n_functions, best_l = 0;
    standing best = *now;
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            if (l == level[f] || !fpt_appraisal_cell(a, f, l)->allowed) {
                continue;
            }
            move_totals(a, level, t, f, level[f], l, moved);
            standing z = stand(a, moved);
            if (better(z, best)) {
                best = z;
                best_f = f;
                best_l = l;
            }
        }
    }
    if (best_f == a->n_functions) {
        return false;
    }
    level[best_f] = best_l;
    standing exact = count(a, level, t);
    bool progress = better(exact, *now);
    *now = exact;
    return progress;
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
    double *pools = calloc(2 * a->n_pools + 1, sizeof *pools);
    if (pools == NULL) {
        return false;
    }
    totals t = {.pool = pools}, moved = {.pool = pools + a->n_pools};
    double per_pass = (double)a->n_functions * (double)a->n_levels * (double)(a->n_pairs + 1);
    standing now = count(a, level, &t);
    for (double work = per_pass; work <= START_WORK && best_move(a, level, &t, &moved, &now);
         work += per_pass) {
    }
    bool sorted = sym == NULL || sort_copies(sym, level);
    bool feasible = sorted && count(a, level, &t).excess == 0.0;
    free(pools);
    return feasible;
}
