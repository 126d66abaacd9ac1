/* SPDX-License-Identifier: MIT */
/*
 * Sizing curves (footprint/sizing.h): for K = k_min..k_max, district the CCGs into K units,
 * put them in one level of a copy of the scenario, appraise, and keep the sized function's
 * terms. The base plan, which places every other function for the links term, is solved once
 * first. The districtings run in passes: the heuristic alone at every K, then each K solved
 * with the first pass's partitions of K − 1 and K + 1 as further starts (each unit split or
 * merged away), first within a budget of evaluations of the bound, then the points left
 * unproven with ever larger ones (run/sizing_passes.h), the smallest gap first, so that a
 * hard K cannot keep the threads from the others; from the third pass on, with the bound with
 * cuts (fpt_sizing_pass_cuts()). A point left unproven goes on with its
 * search where the budget stopped it (fpt_districts_solve_on()), taking the best plans of
 * K − 1 and K + 1 so far as further starts. Each point depends only on its neighbours' plans
 * from the passes before and the budgets, never on which K finished first. Rendering is
 * report/sizing_report.c's; nothing here prints.
 */
#include "footprint/sizing.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "footprint/solve.h"
#include "geo/realunits.h"
#include "run/parallel.h"
#include "run/sizing_passes.h"

/* The first two passes' budgets (fpt_sizing_pass_budget()). */
#define FIRST_BUDGET  40000
#define SECOND_BUDGET 400000

/* The first pass whose searches run the bound with cuts (fpt_sizing_pass_cuts()). */
#define CUTS_FROM_PASS 2

/* The test hook's scale (0: none). FPT_TEST_HOOKS builds: FPT_TEST_SIZING_EVALS=B scales the
   budgets to B, 10 B, 20 B, ... (the same ratios), so that a test's small geography is stopped
   by them and goes on. */
static size_t budget_scale(void)
{
    size_t scale = 0;
#ifdef FPT_TEST_HOOKS
    const char *v = getenv("FPT_TEST_SIZING_EVALS");
    scale = v != NULL ? strtoul(v, NULL, 10) : 0;
#endif
    return scale;
}

size_t fpt_sizing_pass_budget(size_t scale, size_t p)
{
    size_t budget = scale > 0 ? scale : FIRST_BUDGET, factor = SECOND_BUDGET / FIRST_BUDGET;
    if (p == 0) {
        return budget;
    }
    if (budget > SIZE_MAX / factor) {
        return 0;
    }
    budget *= factor;
    for (size_t q = 1; q < p; q++) {
        if (budget > SIZE_MAX / 2) {
            return 0;
        }
        budget *= 2;
    }
    return budget;
}

bool fpt_sizing_pass_cuts(size_t p)
{
    return p >= CUTS_FROM_PASS;
}

void fpt_sizing_options_init(fpt_sizing_options *o)
{
    memset(o, 0, sizeof *o);
    o->k_min = 2;
    o->k_max = 30;
    o->tolerance = 0.2;
}

typedef struct sizing_run {
    const fpt_model *m;
    const fpt_scenario *s;
    const fpt_geography *g;
    const fpt_sizing_options *o;
    fpt_sizing *z;
    fpt_status *status;            /* [point] */
    fpt_error *errors;             /* [point] */
    fpt_partition **start;         /* [point] its best partition before this pass (the heuristic's
                                      before the first), a start for K − 1, K and K + 1; or NULL */
    fpt_districts_search **search; /* [point] its search, stopped by the pass's limit, to go on
                                      with in the next; or NULL */
    size_t *open;                  /* [r < n_open] the points not yet settled, in the order taken */
    size_t n_open;
    size_t pass;     /* the districting pass under way, from 0 */
    size_t scale;    /* budget_scale() */
    bool last_pass;  /* the pass under way began after the time limit: it keeps the
                        plans of the passes before, and settles every point */
    double deadline; /* monotonic_s() at which the time limit ends; INFINITY: none */
    size_t done;     /* points finished, counted one thread at a time */
    size_t last;     /* the point that finished last, for the progress callback */
} sizing_run;

/* Seconds on the monotonic clock: only differences mean anything. */
static double monotonic_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A districting's limit: the time left before the run's deadline; past it, a limit so short
   that only the first allocation of the heuristic's first start runs (docs/geography.md "Time
   limit"). 0: none. */
static double time_left_s(const sizing_run *r)
{
    if (isinf(r->deadline)) {
        return 0;
    }
    return fmax(1e-6, r->deadline - monotonic_s());
}

/* Read the function's figures off an appraisal whose sized level has the point's units. */
static void read_point(const sizing_run *r, const fpt_appraisal *a, fpt_sizing_point *pt)
{
    size_t f = r->o->function, l = r->o->level;
    const fpt_cell *c = fpt_appraisal_cell(a, f, l);
    memcpy(pt->term_gbp, c->term_gbp, sizeof pt->term_gbp);
    pt->term_gbp[FPT_K_LINKS] = fpt_appraisal_links_at(a, r->z->plan->level, f, l);
    pt->wte = c->wte;
    pt->remoteness = a->remoteness[l];
    pt->spread = a->spread[l];
    double cost = 0, penalty = 0, weighted = 0;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        bool is_penalty = fpt_criterion_is_penalty(k);
        penalty += is_penalty ? pt->term_gbp[k] : 0.0;
        cost += is_penalty ? 0.0 : pt->term_gbp[k];
        weighted += a->weight[k] * pt->term_gbp[k];
    }
    if (a->has_transition) { /* M15: moving the function to this level from where it is */
        pt->transition_gbp = c->transition_term_gbp;
        cost += pt->transition_gbp;
        weighted += a->transition_weight * pt->transition_gbp;
    }
    pt->cost_per_head = cost / a->population;
    pt->penalty_per_head = penalty / a->population;
    pt->weighted_per_head = weighted / a->population;
}

/* Appraise the scenario with the sized level made of the point's partition. */
static fpt_status appraise_point(const sizing_run *r, fpt_sizing_point *pt, fpt_error *err)
{
    const fpt_partition *p = pt->partition;
    fpt_scenario *c = NULL;
    fpt_appraisal *a = NULL;
    size_t *centres = calloc(p->n_units, sizeof *centres);
    fpt_status st = centres != NULL ? fpt_scenario_copy(r->s, &c) : FPT_ENOMEM;
    if (st != FPT_OK) {
        free(centres);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory sizing");
    }
    pt->pop_min = INFINITY;
    pt->pop_max = 0;
    for (size_t u = 0; u < p->n_units; u++) {
        centres[u] = p->units[u].centre;
        pt->pop_min = fmin(pt->pop_min, p->units[u].pop);
        pt->pop_max = fmax(pt->pop_max, p->units[u].pop);
    }
    fpt_level *lv = &c->levels[r->o->level];
    st = fpt_level_set_units(lv, r->g, p->unit_of, p->n_units, centres, NULL, err);
    if (st == FPT_OK) {
        lv->unit_pop = c->population / (double)lv->n_units;
        pt->distance_km = lv->distance_km;
        st = fpt_appraisal_build(r->m, c, &a, err);
    }
    if (st == FPT_OK) {
        read_point(r, a, pt);
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(c);
    free(centres);
    return st;
}

/* Count a finished point and tell the progress callback; run one thread at a time. */
static void count_done(void *ctx)
{
    sizing_run *r = ctx;
    r->done++;
    fpt_progress p = {.stage = "numbers of units",
                      .done = r->done,
                      .total = r->z->n_points,
                      .item = (long)r->z->points[r->last].k,
                      .incumbent = NAN,
                      .bound = NAN};
    r->o->progress(&p, r->o->progress_ctx);
}

/* The districting options of point i. */
static void point_options(const sizing_run *r, size_t i, fpt_districts_options *d)
{
    fpt_districts_options_init(d);
    d->n_units = r->z->points[i].k;
    d->target_pop = 0;
    d->tolerance = r->o->tolerance;
    d->time_limit_s = time_left_s(r);
}

/* First pass, point i: the heuristic's partition alone, a start for K − 1 and K + 1. */
static void start_one(size_t i, void *ctx)
{
    sizing_run *r = ctx;
    fpt_districts_options d;
    point_options(r, i, &d);
    d.heuristic_only = true;
    r->status[i] = fpt_districts_solve(r->g, &d, &r->start[i], &r->errors[i]);
}

/* The first point's failure, if any, into err. */
static fpt_status first_failure(const sizing_run *r, size_t n, fpt_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (r->status[i] != FPT_OK) {
            const fpt_error *e = &r->errors[i];
            return fpt_error_set(err, r->status[i], e->file, e->line, "%s", e->message);
        }
    }
    return FPT_OK;
}

/*
 * The better of a point's partition and a later pass's p (both owned; the other is freed):
 * the later one unless it stopped at a limit no cheaper, with the better of the two bounds,
 * since both bound the same districting.
 */
static fpt_partition *better_of(fpt_partition *old, fpt_partition *p)
{
    if (old == NULL) {
        return p;
    }
    bool keep_old =
        p->result == FPT_DISTRICTS_LIMIT && (p->units == NULL || old->objective <= p->objective);
    fpt_partition *kept = keep_old ? old : p, *other = keep_old ? p : old;
    if (kept->result == FPT_DISTRICTS_LIMIT && other->bound > kept->bound) {
        kept->bound = fmin(other->bound, kept->objective);
        kept->gap = kept->objective > 0 ? (kept->objective - kept->bound) / kept->objective : 0;
    }
    fpt_partition_free(other);
    return kept;
}

/* District point i in this pass, with its neighbours' heuristic plans as starts. */
static void size_point(size_t i, sizing_run *r)
{
    fpt_sizing_point *pt = &r->z->points[i];
    if (r->pass > 0 && pt->partition != NULL && monotonic_s() >= r->deadline) {
        return; /* the time limit has passed: the last pass's plan stands */
    }
    fpt_districts_options d;
    point_options(r, i, &d);
    d.max_evals = fpt_sizing_pass_budget(r->scale, r->pass);
    d.cuts_under_limit = fpt_sizing_pass_cuts(r->pass);
    const fpt_partition *seeds[3];
    d.seeds = seeds;
    if (i > 0 && r->start[i - 1] != NULL) {
        seeds[d.n_seeds++] = r->start[i - 1];
    }
    if (r->pass > 0 && r->search[i] == NULL && r->start[i] != NULL) {
        seeds[d.n_seeds++] = r->start[i]; /* a search gone on with has it already */
    }
    if (i + 1 < r->z->n_points && r->start[i + 1] != NULL) {
        seeds[d.n_seeds++] = r->start[i + 1];
    }
    fpt_partition *p = NULL;
    r->status[i] = fpt_districts_solve_on(r->g, &d, &r->search[i], &p, &r->errors[i]);
    if (r->status[i] != FPT_OK) {
        return;
    }
    pt->partition = better_of(pt->partition, p);
    pt->districting = pt->partition->result;
    pt->gap = pt->partition->gap;
    if (pt->partition->units == NULL) {
        fpt_partition_free(pt->partition);
        pt->partition = NULL;
        return;
    }
    r->status[i] = appraise_point(r, pt, &r->errors[i]);
}

/* A copy of p's centres and assignment, all a seed needs, into *out (NULL when p has no
   units). FPT_OK or FPT_ENOMEM. */
static fpt_status seed_of(const fpt_partition *p, fpt_partition **out)
{
    *out = NULL;
    if (p == NULL || p->units == NULL) {
        return FPT_OK;
    }
    fpt_partition *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return FPT_ENOMEM;
    }
    c->n_ccgs = p->n_ccgs;
    c->n_units = p->n_units;
    c->units = calloc(p->n_units, sizeof *c->units);
    c->unit_of = calloc(p->n_ccgs, sizeof *c->unit_of);
    if (c->units == NULL || c->unit_of == NULL) {
        fpt_partition_free(c);
        return FPT_ENOMEM;
    }
    for (size_t u = 0; u < p->n_units; u++) {
        c->units[u].centre = p->units[u].centre;
    }
    memcpy(c->unit_of, p->unit_of, p->n_ccgs * sizeof *c->unit_of);
    *out = c;
    return FPT_OK;
}

/* After a pass, each point's best partition becomes its start for the next. */
static fpt_status renew_starts(sizing_run *r, fpt_error *err)
{
    for (size_t i = 0; i < r->z->n_points; i++) {
        fpt_partition *c = NULL;
        if (seed_of(r->z->points[i].partition, &c) != FPT_OK) {
            return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory sizing");
        }
        if (c != NULL) {
            fpt_partition_free(r->start[i]);
            r->start[i] = c;
        }
    }
    return FPT_OK;
}

/* Whether point i needs another pass: its districting stopped at this pass's budget, and
   this pass is not the last (one without a budget, or one begun after the time limit). */
static bool is_open(const sizing_run *r, size_t i)
{
    return r->status[i] == FPT_OK && r->z->points[i].districting == FPT_DISTRICTS_LIMIT &&
           fpt_sizing_pass_budget(r->scale, r->pass) > 0 && !r->last_pass;
}

/* Whether point a is taken before point b in the next pass: the smaller gap first (the
   likelier to be proven soon), ties in order of K. */
static bool goes_before(const sizing_run *r, size_t a, size_t b)
{
    double gap_a = r->z->points[a].gap, gap_b = r->z->points[b].gap;
    return gap_a < gap_b || (gap_a == gap_b && a < b);
}

/* Keep in r->open only the points that need another pass, the smallest gap first, so that
   the hardest points come last and cannot keep the threads from the others. */
static void drop_settled(sizing_run *r)
{
    size_t kept = 0;
    for (size_t o = 0; o < r->n_open; o++) {
        if (is_open(r, r->open[o])) {
            r->open[kept++] = r->open[o];
        }
    }
    r->n_open = kept;
    for (size_t o = 1; o < kept; o++) {
        size_t i = r->open[o], p = o;
        for (; p > 0 && goes_before(r, i, r->open[p - 1]); p--) {
            r->open[p] = r->open[p - 1];
        }
        r->open[p] = i;
    }
}

/* One task of the parallel driver: point i, then the progress line once it is settled. */
typedef struct finished {
    sizing_run *r;
    size_t i;
} finished;

static void count_point(void *ctx)
{
    finished *f = ctx;
    f->r->last = f->i;
    count_done(f->r);
}

static void size_one(size_t o, void *ctx)
{
    sizing_run *r = ctx;
    size_t i = r->open[o];
    size_point(i, r);
    if (r->o->progress != NULL && !is_open(r, i)) {
        finished f = {r, i};
        fpt_parallel_serial(count_point, &f);
    }
}

static fpt_status check_options(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                                const fpt_sizing_options *o, fpt_error *err)
{
    if (s->geography == NULL) {
        return fpt_error_set(err, FPT_EUSAGE, s->file, s->line,
                             "the scenario names no geography (expected <geography file=\"…\"/> "
                             "and grouped levels: sizing districts the CCGs)");
    }
    if (o->function >= m->n_functions) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "no such function");
    }
    if (s->n_levels < 3 || o->level == 0 || o->level + 1 >= s->n_levels) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "the sized level must lie between the smallest and the largest "
                             "level (they anchor remoteness and customer spread)");
    }
    if (o->k_min < 1 || o->k_min > o->k_max || o->k_max > g->n_ccgs) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "units %zu to %zu (expected 1 <= from <= to <= %zu, the CCGs)",
                             o->k_min, o->k_max, g->n_ccgs);
    }
    if (!(o->tolerance >= 0 && o->tolerance < 1)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "tolerance %g (expected [0, 1))",
                             o->tolerance);
    }
    return FPT_OK;
}

/* Solve the scenario as it is: the plan that places the other functions. */
static fpt_status base_plan(const fpt_model *m, const fpt_scenario *s, fpt_sizing *z,
                            fpt_error *err)
{
    fpt_solve_options so;
    fpt_solve_options_init(&so);
    fpt_status st = fpt_appraisal_build(m, s, &z->base, err);
    if (st == FPT_OK) {
        st = fpt_solve(z->base, &so, &z->plan, err);
    }
    fpt_solve_thread_exit();
    return st;
}

static void pick_best(fpt_sizing *z)
{
    z->best = -1;
    for (size_t i = 0; i < z->n_points; i++) {
        const fpt_sizing_point *pt = &z->points[i];
        if (pt->partition != NULL &&
            (z->best < 0 || pt->weighted_per_head < z->points[z->best].weighted_per_head)) {
            z->best = (long)i;
        }
    }
}

fpt_status fpt_sizing_run(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                          const fpt_sizing_options *o, fpt_sizing **out, fpt_error *err)
{
    *out = NULL;
    FPT_TRY(check_options(m, s, g, o, err));
    size_t n = o->k_max - o->k_min + 1;
    fpt_sizing *z = calloc(1, sizeof *z);
    sizing_run r = {.m = m, .s = s, .g = g, .o = o, .z = z, .deadline = INFINITY};
    if (o->time_limit_s > 0) {
        r.deadline = monotonic_s() + o->time_limit_s;
    }
    r.scale = budget_scale();
    r.status = calloc(n, sizeof *r.status);
    r.errors = calloc(n, sizeof *r.errors);
    r.start = calloc(n, sizeof *r.start);
    r.search = calloc(n, sizeof *r.search);
    r.open = calloc(n, sizeof *r.open);
    fpt_status st = FPT_ENOMEM;
    if (z == NULL || r.status == NULL || r.errors == NULL || r.start == NULL || r.search == NULL ||
        r.open == NULL || (z->points = calloc(n, sizeof *z->points)) == NULL) {
        fpt_error_set(err, st, NULL, 0, "out of memory sizing");
        goto out;
    }
    z->n_points = n;
    z->function = o->function;
    z->level = o->level;
    z->tolerance = o->tolerance;
    z->population = s->population;
    for (size_t i = 0; i < n; i++) {
        z->points[i].k = o->k_min + i;
        r.open[r.n_open++] = i;
    }
    st = base_plan(m, s, z, err);
    if (st != FPT_OK) {
        goto out;
    }
    st = fpt_parallel_for(n, o->threads, start_one, &r, err);
    st = st == FPT_OK ? first_failure(&r, n, err) : st;
    for (r.pass = 0; st == FPT_OK && r.n_open > 0; r.pass++) {
        r.last_pass = monotonic_s() >= r.deadline;
        st = fpt_parallel_for(r.n_open, o->threads, size_one, &r, err);
        st = st == FPT_OK ? first_failure(&r, n, err) : st;
        drop_settled(&r);
        st = st == FPT_OK && r.n_open > 0 ? renew_starts(&r, err) : st;
    }
    pick_best(z);
out:
    for (size_t i = 0; r.start != NULL && i < n; i++) {
        fpt_partition_free(r.start[i]);
    }
    for (size_t i = 0; r.search != NULL && i < n; i++) {
        fpt_districts_search_free(r.search[i]);
    }
    free(r.start);
    free(r.search);
    free(r.open);
    free(r.status);
    free(r.errors);
    if (st != FPT_OK) {
        fpt_sizing_free(z);
        return st;
    }
    *out = z;
    return FPT_OK;
}

void fpt_sizing_free(fpt_sizing *z)
{
    if (z == NULL) {
        return;
    }
    for (size_t i = 0; z->points != NULL && i < z->n_points; i++) {
        fpt_partition_free(z->points[i].partition);
    }
    free(z->points);
    fpt_solution_free(z->plan);
    fpt_appraisal_free(z->base);
    free(z);
}
