/* SPDX-License-Identifier: MIT */
/*
 * Sizing curves (footprint/sizing.h): for K = k_min..k_max, district the CCGs into K units,
 * put them in one level of a copy of the scenario, appraise, and keep the sized function's
 * terms. The base plan, which places every other function for the links term, is solved once
 * first. The districtings run in passes: the heuristic alone at every K, then each K solved
 * with the partitions of K − 1 and K + 1 as further starts (each unit split or merged away),
 * first within a budget of evaluations of the bound, then the points left unproven with ever
 * larger ones (run/sizing_passes.h); from the third pass on, with the bound with cuts
 * (fpt_sizing_pass_cuts()). A point left unproven goes on with its search where the budget
 * stopped it (fpt_districts_solve_on()). Its pass p takes K − 1's and K + 1's plans after
 * their p passes, so it starts as soon as they and it have finished those, with no barrier
 * between passes (fpt_parallel_schedule()): a hard K does not hold the threads from the
 * others' later passes. Of the passes that can start, the threads take the fewest passes
 * first, then the smallest gap, so that the hardest points come last. Each point depends only
 * on its neighbours' plans from the passes before and the budgets, never on which K finished
 * first. Rendering is report/sizing_report.c's; nothing here prints.
 */
#include "footprint/sizing.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/parallel.h"
#include "footprint/solve.h"
#include "geo/realunits.h"
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
    fpt_partition **start;         /* [2 point + v % 2] its best partition after v passes (v = 0:
                                      the heuristic's), a start for K − 1, K and K + 1; or NULL.
                                      Two versions suffice: a point's neighbours are never more
                                      than one pass apart from it while they need its plans */
    fpt_districts_search **search; /* [point] its search, stopped by a pass's limit, to go on
                                      with in the next; or NULL */
    const fpt_partition **seeds;   /* [3 point + s] the starts its pass under way takes,
                                      chosen when the pass is picked */
    size_t *n_seeds;               /* [point] */
    size_t *passes;                /* [point] the passes it has finished */
    bool *settled;                 /* [point] it needs no more passes */
    bool *running;                 /* [point] a pass of it is under way */
    bool *settles;                 /* [point] its pass under way settles it */
    bool failed;                   /* a point has failed: no pass starts any more */
    size_t scale;                  /* budget_scale() */
    double deadline;               /* fpt_clock_s() at which the time limit ends; INFINITY: none */
    size_t done;                   /* points settled, counted one thread at a time */
    size_t last;                   /* the point settled last, for the progress callback */
} sizing_run;

/* A districting's limit: the time left before the run's deadline; past it, a limit so short
   that only the first allocation of the heuristic's first start runs (docs/geography.md "Time
   limit"). 0: none. */
static double time_left_s(const sizing_run *r)
{
    if (isinf(r->deadline)) {
        return 0;
    }
    return fmax(1e-6, r->deadline - fpt_clock_s());
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
    r->status[i] = fpt_districts_solve(r->g, &d, &r->start[2 * i], &r->errors[i]);
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

/* District point i in its pass p, with the starts picked for it. */
static void size_point(size_t i, size_t pass, sizing_run *r)
{
    fpt_sizing_point *pt = &r->z->points[i];
    if (pass > 0 && pt->partition != NULL && fpt_clock_s() >= r->deadline) {
        return; /* the time limit has passed: the last pass's plan stands */
    }
    fpt_districts_options d;
    point_options(r, i, &d);
    d.max_evals = fpt_sizing_pass_budget(r->scale, pass);
    d.cuts_under_limit = fpt_sizing_pass_cuts(pass);
    d.seeds = &r->seeds[3 * i];
    d.n_seeds = r->n_seeds[i];
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

bool fpt_sizing_pass_ready(const size_t *passes, const bool *settled, size_t n, size_t i)
{
    for (size_t j = i > 0 ? i - 1 : i; j <= i + 1 && j < n; j++) {
        if (j != i && !settled[j] && passes[j] < passes[i]) {
            return false;
        }
    }
    return !settled[i];
}

size_t fpt_sizing_plan_version(const size_t *passes, const bool *settled, size_t j, size_t p)
{
    return settled[j] && passes[j] < p ? passes[j] : p;
}

/* Point j's plan as its neighbour's pass p takes it. */
static const fpt_partition *plan_after(const sizing_run *r, size_t j, size_t p)
{
    return r->start[2 * j + fpt_sizing_plan_version(r->passes, r->settled, j, p) % 2];
}

/* Whether point a's next pass goes before point b's: the fewer passes first, so that no K
   falls behind; then the smaller gap (the likelier to be proven soon); then the smaller K. */
static bool goes_before(const sizing_run *r, size_t a, size_t b)
{
    double gap_a = r->z->points[a].gap, gap_b = r->z->points[b].gap;
    if (r->passes[a] != r->passes[b]) {
        return r->passes[a] < r->passes[b];
    }
    return gap_a < gap_b || (gap_a == gap_b && a < b);
}

/*
 * The schedule's pick (one thread at a time): the first ready point by goes_before(), with
 * its starts: its neighbours' plans after as many passes as it has finished, and its own
 * when no search goes on with it already.
 */
static fpt_pick pick_point(void *ctx, size_t *task)
{
    sizing_run *r = ctx;
    size_t n = r->z->n_points, best = n;
    bool unsettled = false;
    for (size_t i = 0; i < n; i++) {
        unsettled |= !r->settled[i];
        if (!r->running[i] && fpt_sizing_pass_ready(r->passes, r->settled, n, i) &&
            (best == n || goes_before(r, i, best))) {
            best = i;
        }
    }
    if (r->failed || !unsettled) {
        return FPT_PICK_STOP;
    }
    if (best == n) {
        return FPT_PICK_WAIT;
    }
    size_t p = r->passes[best], *k = &r->n_seeds[best];
    const fpt_partition **seeds = &r->seeds[3 * best];
    const fpt_partition *own = p > 0 && r->search[best] == NULL ? plan_after(r, best, p) : NULL;
    const fpt_partition *below = best > 0 ? plan_after(r, best - 1, p) : NULL;
    const fpt_partition *above = best + 1 < n ? plan_after(r, best + 1, p) : NULL;
    *k = 0;
    const fpt_partition *each[3] = {below, own, above};
    for (size_t e = 0; e < 3; e++) {
        if (each[e] != NULL) {
            seeds[(*k)++] = each[e];
        }
    }
    r->running[best] = true;
    *task = best;
    return FPT_PICK_RUN;
}

/*
 * The schedule's task: point i's next pass, then its plan after it (its best partition, or
 * the plan before when it has none) for the passes to come. The pass settles the point unless
 * its districting stopped at the pass's budget, and that pass had one and began before the
 * time limit.
 */
static void size_task(size_t i, void *ctx)
{
    sizing_run *r = ctx;
    size_t p = r->passes[i];
    bool late = fpt_clock_s() >= r->deadline;
    size_point(i, p, r);
    fpt_partition **next = &r->start[2 * i + (p + 1) % 2], *before = r->start[2 * i + p % 2];
    fpt_partition_free(*next);
    *next = NULL;
    if (r->status[i] == FPT_OK && (seed_of(r->z->points[i].partition, next) != FPT_OK ||
                                   (*next == NULL && seed_of(before, next) != FPT_OK))) {
        r->status[i] = fpt_error_set(&r->errors[i], FPT_ENOMEM, NULL, 0, "out of memory sizing");
    }
    r->settles[i] = r->status[i] != FPT_OK || r->z->points[i].districting != FPT_DISTRICTS_LIMIT ||
                    fpt_sizing_pass_budget(r->scale, p) == 0 || late;
}

/* The schedule's end of a task (one thread at a time): count the pass, and the point once it
   is settled. */
static void point_ended(size_t i, void *ctx)
{
    sizing_run *r = ctx;
    r->passes[i]++;
    r->running[i] = false;
    r->settled[i] = r->settles[i];
    r->failed |= r->status[i] != FPT_OK;
    if (r->settles[i] && r->o->progress != NULL) {
        r->last = i;
        count_done(r);
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
        r.deadline = fpt_clock_s() + o->time_limit_s;
    }
    r.scale = budget_scale();
    r.status = calloc(n, sizeof *r.status);
    r.errors = calloc(n, sizeof *r.errors);
    r.start = calloc(2 * n, sizeof *r.start);
    r.search = calloc(n, sizeof *r.search);
    r.seeds = calloc(3 * n, sizeof *r.seeds);
    r.n_seeds = calloc(n, sizeof *r.n_seeds);
    r.passes = calloc(n, sizeof *r.passes);
    r.settled = calloc(n, sizeof *r.settled);
    r.running = calloc(n, sizeof *r.running);
    r.settles = calloc(n, sizeof *r.settles);
    fpt_status st = FPT_ENOMEM;
    if (z == NULL || r.status == NULL || r.errors == NULL || r.start == NULL || r.search == NULL ||
        r.seeds == NULL || r.n_seeds == NULL || r.passes == NULL || r.settled == NULL ||
        r.running == NULL || r.settles == NULL ||
        (z->points = calloc(n, sizeof *z->points)) == NULL) {
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
    }
    st = base_plan(m, s, z, err);
    if (st != FPT_OK) {
        goto out;
    }
    st = fpt_parallel_for(n, o->threads, start_one, &r, err);
    st = st == FPT_OK ? first_failure(&r, n, err) : st;
    fpt_schedule passes = {.pick = pick_point, .run = size_task, .ended = point_ended, .ctx = &r};
    st = st == FPT_OK ? fpt_parallel_schedule(o->threads, &passes, err) : st;
    st = st == FPT_OK ? first_failure(&r, n, err) : st;
    pick_best(z);
out:
    for (size_t i = 0; r.start != NULL && i < 2 * n; i++) {
        fpt_partition_free(r.start[i]);
    }
    for (size_t i = 0; r.search != NULL && i < n; i++) {
        fpt_districts_search_free(r.search[i]);
    }
    free(r.start);
    free(r.search);
    free(r.seeds);
    free(r.n_seeds);
    free(r.passes);
    free(r.settled);
    free(r.running);
    free(r.settles);
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
