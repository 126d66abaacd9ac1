/* SPDX-License-Identifier: MIT */
/*
 * Weight stability (footprint/stability.h). For criterion k the plan is solved on an even
 * grid of weights over [0, W], W = range_factor × base (× the mean base weight when the base
 * is 0), and at the base itself. Walking out from the base on each side, the first grid point
 * where a function's level differs brackets that function's change; a bisection narrows the
 * bracket to tolerance × W. The whole plan's interval is bracketed the same way.
 *
 * A function that changes and changes back between two grid points is not seen: the grid
 * sets the resolution (docs/model.md). One criterion per task of base/parallel.c; never prints.
 */
#include "footprint/stability.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "footprint/appraise.h"
#include "footprint/solve.h"

enum { SIDE_BELOW = 0, SIDE_ABOVE = 1 };

/* Weight k of scenario s: a criterion's, or at FPT_T_TRANSITION the transition's (M15). */
static double weight_of(const fpt_scenario *s, int k)
{
    return k == FPT_T_TRANSITION ? s->transition.weight : s->weight[k];
}

static void set_weight(fpt_scenario *s, int k, double w)
{
    if (k == FPT_T_TRANSITION) {
        s->transition.weight = w;
    } else {
        s->weight[k] = w;
    }
}

/* A plan's unweighted term k: the slope of its objective in weight k. */
static double term_of(const fpt_plan_eval *ev, int k)
{
    return k == FPT_T_TRANSITION ? ev->transition_term_gbp : ev->term_gbp[k];
}

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

/* Solve with weight k at w under options so; level[] receives the plan and, when ev is not
 * NULL, *ev its figures. */
static fpt_status plan_solved(probe *p, double w, const fpt_solve_options *so, size_t *level,
                              fpt_plan_eval *ev)
{
    fpt_scenario *c = NULL;
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_error err = {0};
    fpt_status st = fpt_scenario_copy(p->s, &c);
    if (st == FPT_OK) {
        set_weight(c, p->k, w);
        st = fpt_appraisal_build(p->m, c, &a, &err);
    }
    if (st == FPT_OK) {
        st = fpt_solver_solve(p->solver, a, so, &sol, &err);
    }
    p->out->solves++;
    if (st == FPT_OK && sol->result != FPT_RESULT_OPTIMAL) {
        st = FPT_ESOLVER; /* weights change no constraint: only a failed search gets here */
    }
    if (st == FPT_OK) {
        memcpy(level, sol->level, p->n * sizeof *level);
    }
    if (st == FPT_OK && ev != NULL) {
        *ev = sol->eval;
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(c);
    return st;
}

/* Solve with weight k at w; level[] receives the plan. */
static fpt_status plan_at(probe *p, double w, size_t *level)
{
    return plan_solved(p, w, &p->o->solve, level, NULL);
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
    size_t done; /* criteria finished, counted one thread at a time */
    size_t last; /* the criterion that finished last */
} task_ctx;

/* Count a finished criterion and tell the progress callback; run one thread at a time. */
static void count_done(void *ctx)
{
    task_ctx *t = ctx;
    t->done++;
    fpt_progress p = {.stage = "weight stability",
                      .done = t->done,
                      .total = FPT_N_CRITERIA,
                      .item = (long)t->last,
                      .incumbent = NAN,
                      .bound = NAN};
    t->o->progress(&p, t->o->progress_ctx);
}

typedef struct finished {
    task_ctx *t;
    size_t k;
} finished;

static void count_criterion(void *ctx)
{
    finished *f = ctx;
    f->t->last = f->k;
    count_done(f->t);
}

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
    if (t->o->progress != NULL) {
        finished f = {t, k};
        fpt_parallel_serial(count_criterion, &f);
    }
}

/* An empty result for n functions, or NULL when out of memory. */
static fpt_stability *alloc_stability(size_t n)
{
    fpt_stability *st = calloc(1, sizeof *st);
    bool ok = st != NULL;
    for (int k = 0; ok && k < FPT_N_TERMS; k++) {
        st->criterion[k].below = calloc(n + 1, sizeof *st->criterion[k].below);
        st->criterion[k].above = calloc(n + 1, sizeof *st->criterion[k].above);
        ok = st->criterion[k].below != NULL && st->criterion[k].above != NULL;
    }
    if (!ok) {
        fpt_stability_free(st);
        return NULL;
    }
    st->n_functions = n;
    return st;
}

fpt_status fpt_stability_run(const fpt_model *m, const fpt_scenario *s,
                             const fpt_stability_options *o, fpt_stability **out, fpt_error *err)
{
    *out = NULL;
    if (o->grid < 2) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "cannot compute weight stability (grid of %zu points)", o->grid);
    }
    fpt_stability *st = alloc_stability(m->n_functions);
    if (st == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory computing weight stability");
    }
    task_ctx t = {.m = m, .s = s, .o = o, .st = st};
    fpt_status rc = fpt_parallel_for(FPT_N_CRITERIA, o->threads, criterion_task, &t, err);
    if (rc != FPT_OK) {
        fpt_stability_free(st);
        return rc;
    }
    *out = st;
    return FPT_OK;
}

/* ---- the band: every optimal plan within base × (1 ± band) ------------------------------- */

enum { BAND_SOLVES_PER_SIDE = 64 }; /* a guard; the England model needs a handful */

static const double BAND_TIE_REL = 1e-9; /* docs/model.md "Solving and ties" */

/* A plan met on the way: solved at weight w, objective z there, and t, the plan's unweighted
 * total of criterion k, which is the slope of its objective in the weight. */
typedef struct piece {
    double w;
    double z;
    double t;
    size_t *level;
} piece;

/* One side of the base: the first move of each function and of the plan, going outwards. */
typedef struct band_side {
    probe *p;
    fpt_weight_change *change; /* [f] */
    fpt_weight_change plan;
    size_t solves_left;
} band_side;

static double line_at(const piece *a, double w)
{
    return a->z + (w - a->w) * a->t;
}

static fpt_status solve_piece(probe *p, double w, const fpt_solve_options *so, piece *out)
{
    *out = (piece){.w = w};
    out->level = calloc(p->n + 1, sizeof *out->level);
    if (out->level == NULL) {
        return FPT_ENOMEM;
    }
    fpt_plan_eval ev;
    fpt_status st = plan_solved(p, w, so, out->level, &ev);
    if (st != FPT_OK) {
        free(out->level);
        out->level = NULL;
        return st;
    }
    out->z = ev.objective;
    out->t = term_of(&ev, p->k);
    return FPT_OK;
}

static bool same_plan(const probe *p, const size_t *a, const size_t *b)
{
    return memcmp(a, b, p->n * sizeof *a) == 0;
}

/* The plan `level` is optimal from w outwards: note each function's first move. */
static void note_start(band_side *b, double w, const size_t *level)
{
    const probe *p = b->p;
    for (size_t f = 0; f < p->n; f++) {
        if (!b->change[f].found && level[f] != p->base_level[f]) {
            b->change[f] = (fpt_weight_change){.found = true, .weight = w, .level = level[f]};
        }
    }
    if (!b->plan.found && !same_plan(p, level, p->base_level)) {
        b->plan = (fpt_weight_change){.found = true, .weight = w};
    }
}

/* Where the lines of near and far cross, kept between their weights. */
static double crossing(const piece *near, const piece *far)
{
    double w = (far->z - near->z + near->w * near->t - far->w * far->t) / (near->t - far->t);
    double lo = fmin(near->w, far->w), hi = fmax(near->w, far->w);
    return isfinite(w) ? fmin(hi, fmax(lo, w)) : 0.5 * (lo + hi);
}

/* The plan the tie rule reports at w, where `found` (solved without the rule) is optimal:
 * solved again from it, and put in its place. */
static fpt_status solve_ruled(probe *p, double w, piece *found)
{
    fpt_solve_options ruled = p->o->solve;
    ruled.start = found->level;
    piece again;
    fpt_status st = solve_piece(p, w, &ruled, &again);
    free(found->level);
    *found = again;
    return st;
}

/* Every plan optimal between near (nearer the base) and far, in order outwards (Eisner and
 * Severance's parametric search): the optimal objective is concave in the weight, so when the
 * plan at the crossing of near's and far's lines is no better than them, those two are the
 * only plans on the segment; otherwise the plan found there splits it in two. */
static fpt_status segment(band_side *b, const piece *near, const piece *far)
{
    probe *p = b->p;
    if (same_plan(p, near->level, far->level)) {
        return FPT_OK;
    }
    double slope = near->t - far->t;
    if (fabs(slope) <= BAND_TIE_REL * fmax(1.0, fmax(fabs(near->t), fabs(far->t)))) {
        return FPT_OK; /* parallel lines, both optimal at both ends: tied all along */
    }
    double w = crossing(near, far), line = line_at(near, w);
    if (b->solves_left == 0) {
        note_start(b, w, far->level);
        return FPT_OK;
    }
    b->solves_left--;
    fpt_solve_options interior = p->o->solve;
    interior.break_ties = false; /* only its objective decides; a tie here is the crossing */
    interior.start = near->level;
    piece mid;
    FPT_TRY(solve_piece(p, w, &interior, &mid));
    bool better = mid.z < line - BAND_TIE_REL * fmax(1.0, fabs(line)) &&
                  !same_plan(p, mid.level, near->level) && !same_plan(p, mid.level, far->level);
    fpt_status st = FPT_OK;
    if (better) { /* a new plan: the tie rule says which of its equals is reported */
        st = solve_ruled(p, w, &mid);
    }
    if (st == FPT_OK && !better) {
        note_start(b, w, far->level);
    } else if (st == FPT_OK) {
        st = segment(b, near, &mid);
        if (st == FPT_OK) {
            st = segment(b, &mid, far);
        }
    }
    free(mid.level);
    return st;
}

/* The plan at the end of the band: solved without the tie rule first, from the base's, which
 * settles it when the plan is the base's (a tie exactly there would need two plans to cross
 * at the very end), and again with the rule when it is another. */
static fpt_status solve_end(probe *p, double w, piece *end)
{
    fpt_solve_options quick = p->o->solve;
    quick.break_ties = false;
    quick.start = p->base_level;
    FPT_TRY(solve_piece(p, w, &quick, end));
    if (same_plan(p, end->level, p->base_level)) {
        return FPT_OK;
    }
    return solve_ruled(p, w, end);
}

static fpt_status band_side_run(probe *p, const piece *base, double w_end,
                                fpt_weight_change *change, fpt_weight_change *plan)
{
    piece end;
    FPT_TRY(solve_end(p, w_end, &end));
    band_side b = {.p = p, .change = change, .solves_left = BAND_SOLVES_PER_SIDE};
    fpt_status st = segment(&b, base, &end);
    *plan = b.plan;
    free(end.level);
    return st;
}

/* The base plan: the caller's when given (its objective and term k are the line's), else
 * solved. */
static fpt_status base_piece(probe *p, const fpt_solution *given, piece *base)
{
    if (given == NULL) {
        return solve_piece(p, p->out->base, &p->o->solve, base);
    }
    *base = (piece){.w = p->out->base, .z = given->objective, .t = term_of(&given->eval, p->k)};
    base->level = calloc(p->n + 1, sizeof *base->level);
    if (base->level == NULL) {
        return FPT_ENOMEM;
    }
    memcpy(base->level, given->level, p->n * sizeof *base->level);
    return FPT_OK;
}

static fpt_status band_search(probe *p, double band, const fpt_solution *given)
{
    fpt_criterion_stability *c = p->out;
    piece base;
    FPT_TRY(base_piece(p, given, &base));
    memcpy(p->base_level, base.level, p->n * sizeof *p->base_level);
    fpt_weight_change lo = {0}, hi = {0};
    fpt_status st = band_side_run(p, &base, c->base * (1 - band), c->below, &lo);
    if (st == FPT_OK) {
        st = band_side_run(p, &base, c->base * (1 + band), c->above, &hi);
    }
    free(base.level);
    c->lo_change = lo.found;
    c->hi_change = hi.found;
    c->plan_lo = lo.found ? lo.weight : c->range_min;
    c->plan_hi = hi.found ? hi.weight : c->range_max;
    return st;
}

typedef struct band_ctx {
    task_ctx t;
    double band;
    const fpt_solution *base;
} band_ctx;

static void band_task(size_t k, void *ctx)
{
    band_ctx *b = ctx;
    size_t n = b->t.m->n_functions;
    fpt_criterion_stability *c = &b->t.st->criterion[k];
    c->base = weight_of(b->t.s, (int)k);
    c->range_min = c->base * (1 - b->band);
    c->range_max = c->base * (1 + b->band);
    c->plan_lo = c->range_min;
    c->plan_hi = c->range_max;
    if (c->base <= 0) {
        c->status = FPT_OK; /* a zero weight has no band: nothing moves within it */
        return;
    }
    probe p = {.m = b->t.m, .s = b->t.s, .o = b->t.o, .k = (int)k, .n = n, .out = c};
    p.base_level = calloc(n + 1, sizeof *p.base_level);
    bool ok = p.base_level != NULL && fpt_solver_create(&p.solver, NULL) == FPT_OK;
    c->status = ok ? band_search(&p, b->band, b->base) : FPT_ENOMEM;
    fpt_solver_free(p.solver);
    free(p.base_level);
}

fpt_status fpt_stability_band_run(const fpt_model *m, const fpt_scenario *s,
                                  const fpt_stability_options *o, double band,
                                  const fpt_solution *base, fpt_stability **out, fpt_error *err)
{
    *out = NULL;
    if (!(band > 0 && band < 1)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "a weight band of %g is not in (0, 1)",
                             band);
    }
    fpt_stability *st = alloc_stability(m->n_functions);
    if (st == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory for the weight band");
    }
    if (base != NULL &&
        (base->result != FPT_RESULT_OPTIMAL || base->n_functions != m->n_functions)) {
        fpt_stability_free(st);
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "the base plan given is not optimal");
    }
    band_ctx b = {.t = {.m = m, .s = s, .o = o, .st = st}, .band = band, .base = base};
    /* the transition's weight too, when the scenario gives a transition */
    fpt_status rc = fpt_parallel_for(fpt_scenario_has_transition(s) ? FPT_N_TERMS : FPT_N_CRITERIA,
                                     o->threads, band_task, &b, err);
    if (rc != FPT_OK) {
        fpt_stability_free(st);
        return rc;
    }
    *out = st;
    return FPT_OK;
}

void fpt_stability_free(fpt_stability *st)
{
    if (st == NULL) {
        return;
    }
    for (int k = 0; k < FPT_N_TERMS; k++) {
        free(st->criterion[k].below);
        free(st->criterion[k].above);
    }
    free(st);
}
