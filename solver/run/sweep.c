/* SPDX-License-Identifier: MIT */
/*
 * Runs a sweep (footprint/sweep.h): chunks of FPT_SWEEP_CHUNK scenarios are handed to the
 * parallel driver (base/parallel.h), one chunk a task; each scenario is made by
 * model/variant.c, appraised and solved on the thread that took its chunk, and its outcome
 * written to results[i] only. No reductions across threads, no early exit: a failure is
 * recorded in its result and the loop goes on, so the results are the same whatever the
 * thread count. The acceptability tally and its nearest-rank percentiles live here too.
 */
#include "footprint/sweep.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "footprint/appraise.h"
#include "footprint/solve.h"
#include "footprint/variant.h"

void fpt_sweep_options_init(fpt_sweep_options *o)
{
    memset(o, 0, sizeof *o);
    o->shard_count = 1;
    fpt_solve_options_init(&o->solve);
}

static size_t n_chunks(size_t n_scenarios)
{
    return (n_scenarios + FPT_SWEEP_CHUNK - 1) / FPT_SWEEP_CHUNK;
}

void fpt_sweep_shard_range(size_t n_scenarios, size_t k, size_t n, size_t *first, size_t *last)
{
    assert(k < n); /* n = 0 would divide by zero; k >= n gives a range past the end */
    size_t chunks = n_chunks(n_scenarios);
    size_t c0 = chunks * k / n, c1 = chunks * (k + 1) / n;
    *first = c0 * FPT_SWEEP_CHUNK;
    *last = c1 * FPT_SWEEP_CHUNK < n_scenarios ? c1 * FPT_SWEEP_CHUNK : n_scenarios;
}

fpt_status fpt_sweep_run_create(size_t n, size_t n_functions, size_t n_axes, fpt_sweep_run **out)
{
    fpt_sweep_run *run = calloc(1, sizeof *run);
    if (run == NULL) {
        return FPT_ENOMEM;
    }
    run->n_scenarios = n;
    run->n_functions = n_functions;
    run->n_axes = n_axes;
    run->axis_values = calloc(n * n_axes + 1, sizeof *run->axis_values);
    run->results = calloc(n + 1, sizeof *run->results);
    bool ok = run->axis_values != NULL && run->results != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        run->results[i].level = calloc(n_functions + 1, sizeof *run->results[i].level);
        run->results[i].function_cost_gbp =
            calloc(n_functions + 1, sizeof *run->results[i].function_cost_gbp);
        ok = run->results[i].level != NULL && run->results[i].function_cost_gbp != NULL;
    }
    if (!ok) {
        fpt_sweep_run_free(run);
        return FPT_ENOMEM;
    }
    *out = run;
    return FPT_OK;
}

void fpt_sweep_run_free(fpt_sweep_run *run)
{
    if (run == NULL) {
        return;
    }
    for (size_t i = 0; run->results != NULL && i < run->n_scenarios; i++) {
        free(run->results[i].level);
        free(run->results[i].function_cost_gbp);
        free(run->results[i].clashes);
    }
    free(run->results);
    free(run->axis_values);
    free(run);
}

static void fail(fpt_sweep_result *r, fpt_status st, const char *message)
{
    const char *text = message[0] ? message : fpt_strerror(st);
    size_t n = strlen(text) < sizeof r->message - 1 ? strlen(text) : sizeof r->message - 1;
    r->status = st;
    memcpy(r->message, text, n); /* a long message is cut, never overrun */
    r->message[n] = '\0';
}

/* Map the variant's level order back to the base scenario's (an axis can reorder levels). */
static size_t base_level(const fpt_scenario *base, const fpt_scenario *v, size_t l)
{
    long b = fpt_scenario_find_level(base, v->levels[l].id);
    return b >= 0 ? (size_t)b : l;
}

fpt_status fpt_sweep_result_set_clashes(fpt_sweep_result *r, const fpt_clash *c, size_t n)
{
    free(r->clashes);
    r->clashes = NULL;
    r->n_clashes = 0;
    if (n == 0) {
        return FPT_OK;
    }
    r->clashes = malloc(n * sizeof *r->clashes);
    if (r->clashes == NULL) {
        return FPT_ENOMEM;
    }
    memcpy(r->clashes, c, n * sizeof *r->clashes);
    r->n_clashes = n;
    return FPT_OK;
}

/* Only an infeasible scenario pays for its explanation: a copy of the solve's clashes. */
static void record(fpt_sweep_result *r, const fpt_scenario *base, const fpt_scenario *v,
                   const fpt_appraisal *a, const fpt_solution *sol)
{
    r->result = sol->result;
    r->population = v->population;
    memcpy(r->weight, v->weight, sizeof r->weight);
    if (sol->result == FPT_RESULT_INFEASIBLE &&
        fpt_sweep_result_set_clashes(r, sol->clashes, sol->n_clashes) != FPT_OK) {
        fail(r, FPT_ENOMEM, "out of memory recording why the scenario is infeasible");
    }
    if (sol->result == FPT_RESULT_INFEASIBLE || sol->result == FPT_RESULT_NO_PLAN) {
        return;
    }
    r->objective = sol->objective;
    r->gap = sol->gap;
    r->tied = sol->tied;
    r->cost_gbp = sol->eval.running_gbp;
    r->setup_gbp = sol->eval.setup_gbp;
    for (size_t f = 0; f < a->n_functions; f++) {
        r->level[f] = base_level(base, v, sol->level[f]);
        r->function_cost_gbp[f] = fpt_appraisal_cell(a, f, sol->level[f])->running_gbp;
    }
}

/* Make, appraise and solve scenario i into r; a solve cancelled part-way leaves r not done,
 * so that the scenario is neither written nor counted. */
static void solve_one(const fpt_model *m, const fpt_scenario *base, const fpt_sweep_options *o,
                      size_t i, fpt_perturbation *p, fpt_solver *sv, fpt_sweep_result *r)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_scenario *v = NULL;
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_status st = fpt_variant_make(m, base, i, &v, p, &d);
    if (st == FPT_OK) {
        st = fpt_appraisal_build_perturbed(m, v, p, &a, &err);
    }
    if (st == FPT_OK) {
        st = fpt_solver_solve(sv, a, &o->solve, &sol, &err);
    }
    if (st == FPT_OK) {
        record(r, base, v, a, sol);
    } else if (st != FPT_ECANCELLED) {
        fail(r, st, d.n > 0 ? d.items[0].message : err.message);
    }
    r->done = st != FPT_ECANCELLED;
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(v);
    fpt_diags_clear(&d);
}

/* Counts a finished scenario and shows progress, one thread at a time. */
typedef struct progress_step {
    fpt_sweep_run *run;
    const fpt_sweep_options *o;
    size_t total;
} progress_step;

static void count_done(void *ctx)
{
    progress_step *p = ctx;
    p->run->n_done++;
    if (p->o->progress != NULL) {
        p->o->progress(p->run->n_done, p->total, p->o->progress_ctx);
    }
}

static void report_progress(fpt_sweep_run *run, const fpt_sweep_options *o, size_t total)
{
    progress_step step = {run, o, total};
    fpt_parallel_serial(count_done, &step);
}

static bool is_cancelled(const fpt_sweep_options *o)
{
    return o->cancelled != NULL && o->cancelled(o->cancel_ctx);
}

static void solve_chunk(const fpt_model *m, const fpt_scenario *base, const fpt_sweep_options *o,
                        fpt_sweep_run *run, size_t first, size_t last, size_t total)
{
    fpt_perturbation p = {0};
    fpt_solver *sv = NULL; /* one per chunk: warm starts never cross a chunk boundary */
    bool have_p = fpt_perturbation_init(&p, m->n_functions) == FPT_OK &&
                  fpt_solver_create(&sv, NULL) == FPT_OK;
    bool solved = false, whole = true;
    for (size_t i = first; i < last; i++) {
        if (run->results[i].done) {
            continue; /* finished in an earlier run (--resume) */
        }
        if (is_cancelled(o)) {
            whole = false; /* stopping: this chunk is not finished */
            continue;
        }
        if (!have_p) {
            fail(&run->results[i], FPT_ENOMEM, "");
            run->results[i].done = true;
        } else {
            solve_one(m, base, o, i, &p, sv, &run->results[i]);
        }
        if (!run->results[i].done) { /* cancelled during its solve */
            whole = false;
            continue;
        }
        solved = true;
        report_progress(run, o, total);
    }
    fpt_solver_free(sv);
    fpt_perturbation_free(&p);
    if (solved && whole && o->chunk_done != NULL) { /* no lock: see fpt_chunk_fn */
        o->chunk_done(first, last, o->chunk_ctx);
    }
}

/* One task of the parallel driver: chunk c of the slice first..last. */
typedef struct chunk_work {
    const fpt_model *m;
    const fpt_scenario *base;
    const fpt_sweep_options *o;
    fpt_sweep_run *run;
    size_t first, last, total;
} chunk_work;

static void solve_chunk_task(size_t c, void *ctx)
{
    const chunk_work *w = ctx;
    size_t lo = w->first + c * FPT_SWEEP_CHUNK;
    size_t hi = lo + FPT_SWEEP_CHUNK < w->last ? lo + FPT_SWEEP_CHUNK : w->last;
    solve_chunk(w->m, w->base, w->o, w->run, lo, hi, w->total);
}

static fpt_status run_parallel(const fpt_model *m, const fpt_scenario *base,
                               const fpt_sweep_options *o, fpt_sweep_run *run, size_t first,
                               size_t last, fpt_error *err)
{
    size_t chunks = (last - first + FPT_SWEEP_CHUNK - 1) / FPT_SWEEP_CHUNK;
    chunk_work w = {m, base, o, run, first, last, last - first};
    for (size_t i = first; i < last; i++) {
        w.total -= run->results[i].done ? 1 : 0;
    }
    run->n_done = 0;
    return fpt_parallel_for(chunks, o->threads, solve_chunk_task, &w, err);
}

fpt_status fpt_sweep_run_prepare(const fpt_model *m, const fpt_scenario *base, fpt_sweep_run **out,
                                 fpt_error *err)
{
    size_t n = fpt_variant_count(base);
    if (fpt_sweep_run_create(n, m->n_functions, base->n_axes, out) != FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory for %zu scenarios", n);
    }
    for (size_t i = 0; i < n; i++) {
        fpt_variant_axis_values(base, i, &(*out)->axis_values[i * base->n_axes]);
    }
    return FPT_OK;
}

fpt_status fpt_sweep_resume(const fpt_model *m, const fpt_scenario *base,
                            const fpt_sweep_options *o, fpt_sweep_run *run, fpt_error *err)
{
    if (o->shard_count == 0 || o->shard_index >= o->shard_count) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "shard %zu of %zu does not exist",
                             o->shard_index + 1, o->shard_count);
    }
    size_t first = 0, last = 0;
    fpt_sweep_shard_range(run->n_scenarios, o->shard_index, o->shard_count, &first, &last);
    return run_parallel(m, base, o, run, first, last, err);
}

fpt_status fpt_sweep_run_all(const fpt_model *m, const fpt_scenario *base,
                             const fpt_sweep_options *o, fpt_sweep_run **out, fpt_error *err)
{
    *out = NULL;
    fpt_sweep_run *run = NULL;
    FPT_TRY(fpt_sweep_run_prepare(m, base, &run, err));
    fpt_status st = fpt_sweep_resume(m, base, o, run, err);
    if (st != FPT_OK) {
        fpt_sweep_run_free(run);
        return st;
    }
    *out = run;
    return FPT_OK;
}

/* ---- what a sweep says of a function ------------------------------------------------------ */

static const double PERCENTILES[FPT_N_PERCENTILES] = {5, 25, 50, 75, 95};

double fpt_sweep_percentile(size_t i)
{
    return i < FPT_N_PERCENTILES ? PERCENTILES[i] : NAN;
}

bool fpt_sweep_result_has_plan(const fpt_sweep_result *r)
{
    return r->done && r->status == FPT_OK &&
           (r->result == FPT_RESULT_OPTIMAL || r->result == FPT_RESULT_LIMIT ||
            r->result == FPT_RESULT_GAP);
}

bool fpt_sweep_result_is_infeasible(const fpt_sweep_result *r)
{
    return r->done && r->status == FPT_OK && r->result == FPT_RESULT_INFEASIBLE;
}

/* ---- why scenarios are infeasible --------------------------------------------------------- */

static bool same_reason(const fpt_infeasible_reason *a, const fpt_sweep_result *r)
{
    if (a->n_clashes != r->n_clashes) {
        return false;
    }
    for (size_t i = 0; i < a->n_clashes; i++) {
        if (a->clashes[i].kind != r->clashes[i].kind ||
            a->clashes[i].index != r->clashes[i].index) {
            return false;
        }
    }
    return true;
}

static int by_count(const void *pa, const void *pb)
{
    const fpt_infeasible_reason *a = pa, *b = pb;
    if (a->scenarios != b->scenarios) {
        return a->scenarios > b->scenarios ? -1 : 1;
    }
    return (a->first > b->first) - (a->first < b->first);
}

fpt_status fpt_sweep_infeasible_reasons(const fpt_sweep_run *run, fpt_infeasible_reason **out,
                                        size_t *n)
{
    *out = NULL;
    *n = 0;
    fpt_infeasible_reason *reasons = NULL;
    size_t count = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        if (!fpt_sweep_result_is_infeasible(r)) {
            continue;
        }
        size_t j = 0;
        while (j < count && !same_reason(&reasons[j], r)) {
            j++;
        }
        if (j == count) { /* a new reason; at most one per scenario, so grow by one */
            fpt_infeasible_reason *grown = realloc(reasons, (count + 1) * sizeof *grown);
            if (grown == NULL) {
                free(reasons);
                return FPT_ENOMEM;
            }
            reasons = grown;
            reasons[count++] = (fpt_infeasible_reason){
                .clashes = r->clashes, .n_clashes = r->n_clashes, .first = i};
        }
        reasons[j].scenarios++;
    }
    if (count > 0) {
        qsort(reasons, count, sizeof *reasons, by_count);
    }
    *out = reasons;
    *n = count;
    return FPT_OK;
}

static int compare_doubles(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

void fpt_sweep_percentiles(double *v, size_t n, const double *p, size_t n_p, double *out)
{
    qsort(v, n, sizeof *v, compare_doubles);
    for (size_t i = 0; i < n_p; i++) {
        size_t rank = (size_t)ceil(p[i] / 100.0 * (double)n);
        out[i] = n == 0 ? NAN : v[rank > 0 ? rank - 1 : 0];
    }
}

fpt_status fpt_sweep_acceptability(const fpt_sweep_run *run, size_t n_levels, size_t f,
                                   fpt_acceptability *out)
{
    memset(out, 0, sizeof *out);
    double *v = calloc(run->n_scenarios + 1, sizeof *v);
    out->count = calloc(n_levels + 1, sizeof *out->count);
    if (v == NULL || out->count == NULL) {
        free(v);
        fpt_acceptability_clear(out);
        return FPT_ENOMEM;
    }
    out->n_levels = n_levels;
    bool plan = f == run->n_functions;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        if (!fpt_sweep_result_has_plan(r)) {
            continue;
        }
        v[out->n_plans++] = (plan ? r->cost_gbp : r->function_cost_gbp[f]) / r->population;
        if (!plan && r->level[f] < n_levels) {
            out->count[r->level[f]]++;
        }
    }
    fpt_sweep_percentiles(v, out->n_plans, PERCENTILES, FPT_N_PERCENTILES, out->cost_per_head_gbp);
    free(v);
    return FPT_OK;
}

void fpt_acceptability_clear(fpt_acceptability *t)
{
    free(t->count);
    memset(t, 0, sizeof *t);
}
