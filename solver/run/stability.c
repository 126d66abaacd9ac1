/* SPDX-License-Identifier: MIT */
/*
 * Weight stability (footprint/stability.h). For criterion k the plan is solved on an even
 * grid of weights over [0, W], W = range_factor × base (× the mean base weight when the base
 * is 0), and at the base itself. Walking out from the base on each side, the first grid point
 * where a function's level differs brackets that function's change; a bisection narrows the
 * bracket to tolerance × W. The whole plan's interval is bracketed the same way.
 *
 * A function that changes and changes back between two grid points is not seen: the grid
 * sets the resolution (docs/model.md). One criterion per task of run/parallel.c; never prints.
 */
#include "footprint/stability.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "footprint/appraise.h"
#include "footprint/solve.h"
#include "run/parallel.h"

enum { SIDE_BELOW = 0, SIDE_ABOVE = 1 };

void fpt_stability_options_init(fpt_stability_options *o)
{
    memset(o, 0, sizeof *o);
    o->grid = 41;
    o->range_factor = 10;
    o->tolerance = 1e-4;
    fpt_solve_options_init(&o->solve);
}

/* One criterion's search. */
typedef struct probe {
    const fpt_model *m;
    const fpt_scenario *s;
    const fpt_stability_options *o;
    int k;
    size_t n;            /* functions */
    size_t *base_level;  /* [f] the plan at the base weight */
    size_t *scratch;     /* [f] */
    size_t *grid_level;  /* [j * n + f] */
    double *grid_weight; /* [j] */
    fpt_criterion_stability *out;
    fpt_solver *solver; /* reused: consecutive weights make warm starts pay */
} probe;

/* Solve with weight k at w; level[] receives the plan. */
static fpt_status plan_at(probe *p, double w, size_t *level)
{
    fpt_scenario *c = NULL;
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_error err = {0};
    fpt_status st = fpt_scenario_copy(p->s, &c);
    if (st == FPT_OK) {
        c->weight[p->k] = w;
        st = fpt_appraisal_build(p->m, c, &a, &err);
    }
    if (st == FPT_OK) {
        st = fpt_solver_solve(p->solver, a, &p->o->solve, &sol, &err);
    }
    p->out->solves++;
    if (st == FPT_OK && sol->result != FPT_RESULT_OPTIMAL) {
        st = FPT_ESOLVER; /* weights change no constraint: only a failed search gets here */
    }
    if (st == FPT_OK) {
        memcpy(level, sol->level, p->n * sizeof *level);
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(c);
    return st;
}

/* Does the plan differ from the base: for function f, or anywhere when f == n. */
static bool differs(const probe *p, const size_t *level, size_t f)
{
    if (f < p->n) {
        return level[f] != p->base_level[f];
    }
    return memcmp(level, p->base_level, p->n * sizeof *level) != 0;
}

/* Narrow (near, far): no difference at near, a difference at far; returns the far end. */
static fpt_status bisect(probe *p, size_t f, double near, double far, double *at, size_t *level)
{
    double tol = p->o->tolerance * p->out->range_max;
    while (fabs(far - near) > tol) {
        double mid = 0.5 * (near + far);
        FPT_TRY(plan_at(p, mid, p->scratch));
        if (differs(p, p->scratch, f)) {
            far = mid;
        } else {
            near = mid;
        }
    }
    *at = far;
    FPT_TRY(plan_at(p, far, p->scratch));
    *level = f < p->n ? p->scratch[f] : 0;
    return FPT_OK;
}

/* Grid points ordered outwards from the base on one side: j-th step index. */
static long step_index(const probe *p, long base_j, int side, long step)
{
    long j = side == SIDE_ABOVE ? base_j + step : base_j - step;
    return j >= 0 && j < (long)p->o->grid + 1 ? j : -1;
}

/* Walk one side; bracket and bisect the first change of f (f == n: of the plan). */
static fpt_status walk(probe *p, long base_j, int side, size_t f, fpt_weight_change *change)
{
    change->found = false;
    for (long step = 1;; step++) {
        long j = step_index(p, base_j, side, step);
        if (j < 0) {
            return FPT_OK;
        }
        if (differs(p, &p->grid_level[(size_t)j * p->n], f)) {
            long prev = step_index(p, base_j, side, step - 1);
            change->found = true;
            return bisect(p, f, p->grid_weight[prev], p->grid_weight[j], &change->weight,
                          &change->level);
        }
    }
}

/* The grid with the base weight inserted in order; returns the base's position. */
static long fill_grid(probe *p)
{
    size_t g = p->o->grid;
    long base_j = -1;
    for (size_t i = 0, j = 0; j < g + 1; j++) {
        double w = i < g ? p->out->range_max * (double)i / (double)(g - 1) : INFINITY;
        if (base_j < 0 && p->out->base <= w) {
            base_j = (long)j;
            p->grid_weight[j] = p->out->base;
        } else {
            p->grid_weight[j] = w;
            i++;
        }
    }
    return base_j;
}

static fpt_status search(probe *p)
{
    long base_j = fill_grid(p);
    for (size_t j = 0; j < p->o->grid + 1; j++) {
        FPT_TRY(plan_at(p, p->grid_weight[j], &p->grid_level[j * p->n]));
    }
    memcpy(p->base_level, &p->grid_level[(size_t)base_j * p->n], p->n * sizeof *p->base_level);
    fpt_criterion_stability *c = p->out;
    for (size_t f = 0; f < p->n; f++) {
        FPT_TRY(walk(p, base_j, SIDE_BELOW, f, &c->below[f]));
        FPT_TRY(walk(p, base_j, SIDE_ABOVE, f, &c->above[f]));
    }
    fpt_weight_change lo, hi;
    FPT_TRY(walk(p, base_j, SIDE_BELOW, p->n, &lo));
    FPT_TRY(walk(p, base_j, SIDE_ABOVE, p->n, &hi));
    double tol = p->o->tolerance * c->range_max;
    c->lo_change = lo.found;
    c->hi_change = hi.found;
    c->plan_lo = lo.found ? fmin(c->base, lo.weight + tol) : 0;
    c->plan_hi = hi.found ? fmax(c->base, hi.weight - tol) : c->range_max;
    return FPT_OK;
}

typedef struct task_ctx {
    const fpt_model *m;
    const fpt_scenario *s;
    const fpt_stability_options *o;
    fpt_stability *st;
} task_ctx;

static double range_of(const fpt_scenario *s, const fpt_stability_options *o, int k)
{
    double mean = 0;
    for (int i = 0; i < FPT_N_CRITERIA; i++) {
        mean += s->weight[i] / FPT_N_CRITERIA;
    }
    double unit = s->weight[k] > 0 ? s->weight[k] : mean > 0 ? mean : 1;
    return o->range_factor * unit;
}

static void criterion_task(size_t k, void *ctx)
{
    task_ctx *t = ctx;
    size_t n = t->m->n_functions, g = t->o->grid + 1;
    fpt_criterion_stability *c = &t->st->criterion[k];
    c->base = t->s->weight[k];
    c->range_max = range_of(t->s, t->o, (int)k);
    probe p = {.m = t->m, .s = t->s, .o = t->o, .k = (int)k, .n = n, .out = c};
    p.base_level = calloc(n + 1, sizeof *p.base_level);
    p.scratch = calloc(n + 1, sizeof *p.scratch);
    p.grid_level = calloc(n * g + 1, sizeof *p.grid_level);
    p.grid_weight = calloc(g, sizeof *p.grid_weight);
    bool ok = p.base_level && p.scratch && p.grid_level && p.grid_weight && c->below && c->above &&
              fpt_solver_create(&p.solver, NULL) == FPT_OK;
    c->status = ok ? search(&p) : FPT_ENOMEM;
    fpt_solver_free(p.solver);
    free(p.base_level);
    free(p.scratch);
    free(p.grid_level);
    free(p.grid_weight);
}

fpt_status fpt_stability_run(const fpt_model *m, const fpt_scenario *s,
                             const fpt_stability_options *o, fpt_stability **out, fpt_error *err)
{
    *out = NULL;
    fpt_stability *st = calloc(1, sizeof *st);
    bool ok = st != NULL && o->grid >= 2;
    for (int k = 0; ok && k < FPT_N_CRITERIA; k++) {
        st->criterion[k].below = calloc(m->n_functions + 1, sizeof *st->criterion[k].below);
        st->criterion[k].above = calloc(m->n_functions + 1, sizeof *st->criterion[k].above);
        ok = st->criterion[k].below != NULL && st->criterion[k].above != NULL;
    }
    if (!ok) {
        fpt_stability_free(st);
        if (o->grid < 2) {
            return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                                 "cannot compute weight stability (grid of %zu points)", o->grid);
        }
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory computing weight stability");
    }
    st->n_functions = m->n_functions;
    task_ctx t = {.m = m, .s = s, .o = o, .st = st};
    fpt_parallel_for(FPT_N_CRITERIA, o->threads, criterion_task, &t);
    *out = st;
    return FPT_OK;
}

void fpt_stability_free(fpt_stability *st)
{
    if (st == NULL) {
        return;
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        free(st->criterion[k].below);
        free(st->criterion[k].above);
    }
    free(st);
}
