/* SPDX-License-Identifier: MIT */
/*
 * The robust plan of a sweep (footprint/robust.h). The distinct optimal plans are collected
 * from the results by hashing their level vectors; each scenario with a plan is rebuilt as
 * the sweep built it (model/variant.c, with its Monte Carlo draws) and every plan evaluated in
 * it, in fixed chunks of scenarios on the parallel driver, each writing its own columns of the
 * plans × scenarios tables; the figures and recommendations are then worked out in index
 * order, so the answer never depends on the thread count.
 */
#include "footprint/robust.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "footprint/appraise.h"
#include "footprint/variant.h"
#include "run/robust_core.h"

static const double P90 = 90;

void fpt_robust_options_init(fpt_robust_options *o)
{
    memset(o, 0, sizeof *o);
    o->min_share = 0.95;
}

void fpt_robust_free(fpt_robust *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t p = 0; r->plans != NULL && p < r->n_plans; p++) {
        free(r->plans[p].level);
    }
    free(r->plans);
    free(r);
}

/* ---- the arithmetic ---------------------------------------------------------------------- */

void fpt_robust_stats(const double *obj, const bool *feasible, const double *optimum, size_t n,
                      double *scratch, fpt_robust_plan *plan)
{
    size_t k = 0;
    double sum = 0, worst = -INFINITY;
    for (size_t j = 0; j < n; j++) {
        if (feasible[j]) {
            sum += obj[j];
            scratch[k++] = obj[j] - optimum[j];
            worst = fmax(worst, obj[j] - optimum[j]);
        }
    }
    double p = P90;
    plan->feasible = k;
    plan->feasible_share = n > 0 ? (double)k / (double)n : 0;
    plan->expected_gbp = k > 0 ? sum / (double)k : NAN;
    plan->regret_max_gbp = k > 0 ? worst : NAN;
    fpt_sweep_percentiles(scratch, k, &p, 1, &plan->regret_p90_gbp);
}

static bool eligible(const fpt_robust *r, const fpt_robust_plan *p)
{
    return p->feasible > 0 && p->feasible_share >= r->min_share;
}

/* Is a better than b: less of the first key, then of the second; the earlier plan wins ties
 * (plans are in the order found, so the caller keeps the first on equality). */
static bool better(double a1, double a2, double b1, double b2)
{
    return a1 < b1 || (a1 == b1 && a2 < b2);
}

void fpt_robust_recommend(fpt_robust *r)
{
    r->minimax = r->least_expected = FPT_ROBUST_NONE;
    for (size_t i = 0; i < r->n_plans; i++) {
        const fpt_robust_plan *p = &r->plans[i];
        if (!eligible(r, p)) {
            continue;
        }
        const fpt_robust_plan *m = r->minimax == FPT_ROBUST_NONE ? NULL : &r->plans[r->minimax];
        if (m == NULL ||
            better(p->regret_max_gbp, p->expected_gbp, m->regret_max_gbp, m->expected_gbp)) {
            r->minimax = i;
        }
        const fpt_robust_plan *e =
            r->least_expected == FPT_ROBUST_NONE ? NULL : &r->plans[r->least_expected];
        if (e == NULL || p->expected_gbp < e->expected_gbp) {
            r->least_expected = i;
        }
    }
}

/* ---- the distinct optimal plans ---------------------------------------------------------- */

/* A plan found optimal: its levels borrowed from the first result with them. */
typedef struct found {
    const size_t *level;
    size_t count;
    size_t first;
} found;

static uint64_t hash_levels(const size_t *level, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t f = 0; f < n; f++) {
        h = (h ^ (uint64_t)level[f]) * 0x100000001b3u;
    }
    return h;
}

/* Every distinct plan among the results with one, in the order first found; *n_out plans. A
 * hash table of twice the results' size, open addressing, holds indices into the list. */
static found *collect(const fpt_sweep_run *run, size_t *n_out)
{
    size_t cap = 2 * run->n_scenarios + 2, n = 0, nf = run->n_functions;
    size_t *table = calloc(cap, sizeof *table); /* 0: empty; else index + 1 */
    found *list = calloc(run->n_scenarios + 1, sizeof *list);
    if (table == NULL || list == NULL) {
        free(table);
        free(list);
        return NULL;
    }
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        if (!fpt_sweep_result_has_plan(r)) {
            continue;
        }
        size_t slot = (size_t)(hash_levels(r->level, nf) % cap);
        while (table[slot] != 0 &&
               memcmp(list[table[slot] - 1].level, r->level, nf * sizeof *r->level) != 0) {
            slot = (slot + 1) % cap;
        }
        if (table[slot] == 0) {
            list[n] = (found){.level = r->level, .first = i};
            table[slot] = ++n;
        }
        list[table[slot] - 1].count++;
    }
    free(table);
    *n_out = n;
    return list;
}

static int by_count(const void *pa, const void *pb)
{
    const found *a = pa, *b = pb;
    if (a->count != b->count) {
        return a->count > b->count ? -1 : 1;
    }
    return (a->first > b->first) - (a->first < b->first);
}

static int by_first(const void *pa, const void *pb)
{
    const found *a = pa, *b = pb;
    return (a->first > b->first) - (a->first < b->first);
}

/* Keep the FPT_ROBUST_MAX_PLANS optimal in most scenarios, in the order first found. */
static size_t keep_most_frequent(found *list, size_t n)
{
    if (n <= FPT_ROBUST_MAX_PLANS) {
        return n;
    }
    qsort(list, n, sizeof *list, by_count);
    qsort(list, FPT_ROBUST_MAX_PLANS, sizeof *list, by_first);
    return FPT_ROBUST_MAX_PLANS;
}

static fpt_status make_plans(fpt_robust *r, const found *list)
{
    r->plans = calloc(r->n_plans + 1, sizeof *r->plans);
    if (r->plans == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t p = 0; p < r->n_plans; p++) {
        r->plans[p].level = calloc(r->n_functions + 1, sizeof *r->plans[p].level);
        if (r->plans[p].level == NULL) {
            return FPT_ENOMEM;
        }
        memcpy(r->plans[p].level, list[p].level, r->n_functions * sizeof *list[p].level);
        r->plans[p].optimal_in = list[p].count;
        r->plans[p].first = list[p].first;
    }
    return FPT_OK;
}

/* ---- every plan in every scenario -------------------------------------------------------- */

enum { CHUNK = 16 }; /* scenarios per task: fixed, whatever the thread count */

typedef struct eval_ctx {
    const fpt_model *m;
    const fpt_scenario *base;
    const fpt_sweep_run *run;
    const fpt_robust *r;
    const size_t *scenario; /* [j]: the index of the j-th scenario with a plan */
    double *obj;            /* [p * n + j] */
    bool *feasible;         /* [p * n + j] */
    fpt_status *status;     /* [chunk] */
    fpt_error *err;         /* [chunk] */
} eval_ctx;

/* Every plan in scenario j, whose appraisal a was built from variant v. */
static void evaluate_all(const eval_ctx *c, size_t j, const fpt_scenario *v, const fpt_appraisal *a,
                         size_t *map, size_t *plan)
{
    size_t n = c->r->n_scenarios, nl = c->base->n_levels;
    bool mapped = true;
    for (size_t l = 0; l < nl; l++) {
        long vl = fpt_scenario_find_level(v, c->base->levels[l].id);
        mapped &= vl >= 0;
        map[l] = vl >= 0 ? (size_t)vl : 0;
    }
    for (size_t p = 0; p < c->r->n_plans; p++) {
        for (size_t f = 0; f < c->r->n_functions; f++) {
            plan[f] = map[c->r->plans[p].level[f]];
        }
        fpt_plan_eval ev;
        fpt_appraisal_eval(a, plan, &ev, NULL);
        c->obj[p * n + j] = ev.objective;
        c->feasible[p * n + j] = ev.feasible && mapped;
    }
}

static fpt_status evaluate_scenario(const eval_ctx *c, size_t j, fpt_perturbation *pert,
                                    size_t *map, size_t *plan, fpt_error *err)
{
    fpt_diags d = {0};
    fpt_scenario *v = NULL;
    fpt_appraisal *a = NULL;
    fpt_status st = fpt_variant_make(c->m, c->base, c->scenario[j], &v, pert, &d);
    if (st != FPT_OK) {
        fpt_error_set(err, st, NULL, 0, "scenario %zu: %s", c->scenario[j],
                      d.n > 0 ? d.items[0].message : fpt_strerror(st));
    }
    if (st == FPT_OK) {
        st = fpt_appraisal_build_perturbed(c->m, v, pert, &a, err);
    }
    if (st == FPT_OK) {
        evaluate_all(c, j, v, a, map, plan);
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(v);
    fpt_diags_clear(&d);
    return st;
}

static void evaluate_chunk(size_t chunk, void *ctx)
{
    const eval_ctx *c = ctx;
    fpt_perturbation pert = {0};
    size_t *map = calloc(c->base->n_levels + 1, sizeof *map);
    size_t *plan = calloc(c->r->n_functions + 1, sizeof *plan);
    fpt_status st =
        map != NULL && plan != NULL ? fpt_perturbation_init(&pert, c->m->n_functions) : FPT_ENOMEM;
    size_t last = (chunk + 1) * CHUNK < c->r->n_scenarios ? (chunk + 1) * CHUNK : c->r->n_scenarios;
    for (size_t j = chunk * CHUNK; st == FPT_OK && j < last; j++) {
        st = evaluate_scenario(c, j, &pert, map, plan, &c->err[chunk]);
    }
    if (st == FPT_ENOMEM) {
        fpt_error_set(&c->err[chunk], st, NULL, 0, "out of memory evaluating the robust plans");
    }
    c->status[chunk] = st;
    fpt_perturbation_free(&pert);
    free(map);
    free(plan);
}

/* The j-th scenario with a plan, and its optimum. */
static fpt_status list_scenarios(const fpt_sweep_run *run, size_t n, size_t **index,
                                 double **optimum)
{
    *index = calloc(n + 1, sizeof **index);
    *optimum = calloc(n + 1, sizeof **optimum);
    if (*index == NULL || *optimum == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0, j = 0; i < run->n_scenarios; i++) {
        if (fpt_sweep_result_has_plan(&run->results[i])) {
            (*index)[j] = i;
            (*optimum)[j++] = run->results[i].objective;
        }
    }
    return FPT_OK;
}

static fpt_status evaluate(eval_ctx *c, int threads, fpt_error *err)
{
    size_t n = c->r->n_scenarios, chunks = (n + CHUNK - 1) / CHUNK, cells = c->r->n_plans * n;
    c->obj = calloc(cells + 1, sizeof *c->obj);
    c->feasible = calloc(cells + 1, sizeof *c->feasible);
    c->status = calloc(chunks + 1, sizeof *c->status);
    c->err = calloc(chunks + 1, sizeof *c->err);
    if (c->obj == NULL || c->feasible == NULL || c->status == NULL || c->err == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory evaluating the robust plans");
    }
    FPT_TRY(fpt_parallel_for(chunks, threads, evaluate_chunk, c, err));
    for (size_t k = 0; k < chunks; k++) {
        if (c->status[k] != FPT_OK) {
            *err = c->err[k];
            return c->status[k];
        }
    }
    return FPT_OK;
}

static fpt_status figures(fpt_robust *r, const eval_ctx *c, const double *optimum)
{
    size_t n = r->n_scenarios;
    double *scratch = calloc(n + 1, sizeof *scratch);
    if (scratch == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t p = 0; p < r->n_plans; p++) {
        fpt_robust_stats(&c->obj[p * n], &c->feasible[p * n], optimum, n, scratch, &r->plans[p]);
    }
    free(scratch);
    fpt_robust_recommend(r);
    return FPT_OK;
}

/* ---- the whole --------------------------------------------------------------------------- */

static fpt_status robust_plans(const fpt_model *m, const fpt_scenario *base,
                               const fpt_sweep_run *run, const fpt_robust_options *o, fpt_robust *r,
                               fpt_error *err)
{
    found *list = collect(run, &r->n_distinct);
    size_t *index = NULL;
    double *optimum = NULL;
    eval_ctx c = {.m = m, .base = base, .run = run, .r = r};
    fpt_status st = list != NULL ? FPT_OK : FPT_ENOMEM;
    if (st == FPT_OK) {
        r->n_scenarios = 0;
        for (size_t p = 0; p < r->n_distinct; p++) {
            r->n_scenarios += list[p].count;
        }
        r->n_plans = keep_most_frequent(list, r->n_distinct);
        st = make_plans(r, list);
    }
    if (st == FPT_OK) {
        st = list_scenarios(run, r->n_scenarios, &index, &optimum);
    }
    if (st != FPT_OK) {
        st = fpt_error_set(err, st, NULL, 0, "out of memory finding the robust plans");
    } else {
        c.scenario = index;
        st = evaluate(&c, o->threads, err);
    }
    if (st == FPT_OK && figures(r, &c, optimum) != FPT_OK) {
        st = fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory finding the robust plans");
    }
    free(c.obj);
    free(c.feasible);
    free(c.status);
    free(c.err);
    free(index);
    free(optimum);
    free(list);
    return st;
}

fpt_status fpt_robust_run(const fpt_model *m, const fpt_scenario *base, const fpt_sweep_run *run,
                          const fpt_robust_options *o, fpt_robust **out, fpt_error *err)
{
    *out = NULL;
    if (!(o->min_share >= 0 && o->min_share <= 1)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "a share of %g is not in [0, 1]",
                             o->min_share);
    }
    fpt_robust *r = calloc(1, sizeof *r);
    if (r == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory finding the robust plans");
    }
    r->n_functions = run->n_functions;
    r->min_share = o->min_share;
    r->minimax = r->least_expected = FPT_ROBUST_NONE;
    fpt_status st = robust_plans(m, base, run, o, r, err);
    if (st != FPT_OK) {
        fpt_robust_free(r);
        return st;
    }
    *out = r;
    return FPT_OK;
}
