/* SPDX-License-Identifier: MIT */
/*
 * The capacitated p-median of footprint/districts.h, solved to proven optimality
 * (docs/geography.md): the public entry points (solving, going on with a search a limit
 * stopped, writing the MPS), the counting arguments that explain infeasible bounds, and the
 * partition handed back. The solver itself is in districts_model.c (the instance and the
 * model G1–G6), districts_heuristic.c (the incumbent), districts_branch.c (the bound and the
 * search over the centres) and districts_search.c (GLPK's LP-based search), joined by
 * districts_internal.h; every GLPK call they make runs inside this file's GLPK guard.
 */
#include "footprint/districts.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "base/clock.h"
#include "base/glpk_guard.h"
#include "base/outfile.h"
#include "geo/districts/districts_internal.h"

static void glpk_quiet(void)
{
    glp_term_out(GLP_OFF);
}

/* ---- infeasibility explained -------------------------------------------------------------- */

static fpt_status add_reason(fpt_partition *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static fpt_status add_reason(fpt_partition *p, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char **grown = realloc(p->reasons, (p->n_reasons + 1) * sizeof *grown);
    char *copy = malloc(strlen(text) + 1);
    if (grown != NULL) {
        p->reasons = grown;
    }
    if (grown == NULL || copy == NULL) {
        free(copy);
        return FPT_ENOMEM;
    }
    strcpy(copy, text);
    p->reasons[p->n_reasons++] = copy;
    return FPT_OK;
}

/* The counting arguments of docs/geography.md "Infeasible bounds", each with its numbers. */
static fpt_status explain_bounds(const fpt_geography *g, const fpt_districts_inst *in,
                                 fpt_partition *p)
{
    double k = (double)in->k;
    if (in->k > in->n) {
        FPT_TRY(add_reason(p, "%zu units need at least %zu CCGs, but the geography has %zu", in->k,
                           in->k, in->n));
    }
    if (k * in->hi < g->pop_total) {
        FPT_TRY(add_reason(p,
                           "%zu units of at most %.0f people hold at most %.0f people, fewer than "
                           "the %.0f who live in the geography",
                           in->k, in->hi, k * in->hi, g->pop_total));
    }
    if (k * in->lo > g->pop_total) {
        FPT_TRY(add_reason(p,
                           "%zu units of at least %.0f people need %.0f people, more than the "
                           "%.0f who live in the geography",
                           in->k, in->lo, k * in->lo, g->pop_total));
    }
    for (size_t i = 0; i < in->n; i++) {
        if (in->pop[i] > in->hi) {
            FPT_TRY(add_reason(p, "CCG %s (%s) alone has %.0f people, above the maximum of %.0f",
                               g->ccgs[i].code, g->ccgs[i].name, in->pop[i], in->hi));
        }
    }
    return FPT_OK;
}

static fpt_status explain_search(const fpt_districts_inst *in, const fpt_districts_outcome *out,
                                 fpt_partition *p)
{
    if (p->n_reasons > 0) {
        return FPT_OK;
    }
    if (out->lp_infeasible) {
        return add_reason(p,
                          "no way exists to make %zu units of %.0f to %.0f people even if CCGs "
                          "could be split between units (the LP relaxation is infeasible)",
                          in->k, in->lo, in->hi);
    }
    return add_reason(p,
                      "the CCGs' populations cannot be grouped into %zu units of %.0f to %.0f "
                      "people each (proved by exhaustive branch-and-bound)",
                      in->k, in->lo, in->hi);
}

/* ---- the partition ------------------------------------------------------------------------ */

static void fill_unit(const fpt_districts_inst *in, const size_t *centre_of, fpt_unit *unit,
                      size_t *members)
{
    size_t n = in->n;
    unit->members = members;
    for (size_t i = 0; i < n; i++) {
        if (centre_of[i] == unit->centre) {
            double km = in->dist[i * n + unit->centre];
            unit->members[unit->n_members++] = i;
            unit->pop += in->pop[i];
            unit->mean_km += in->pop[i] * km;
            unit->max_km = fmax(unit->max_km, km);
        }
    }
    unit->mean_km /= unit->pop;
}

/* Fill units, unit_of and dist_km from a plan; units in ascending centre order. */
static fpt_status fill_partition(const fpt_districts_inst *in, const fpt_districts_plan *best,
                                 fpt_partition *p)
{
    size_t n = in->n, k = in->k;
    p->units = calloc(k, sizeof *p->units);
    p->unit_of = calloc(n, sizeof *p->unit_of);
    p->dist_km = calloc(n, sizeof *p->dist_km);
    if (p->units == NULL || p->unit_of == NULL || p->dist_km == NULL) {
        return FPT_ENOMEM;
    }
    size_t u = 0;
    for (size_t j = 0; j < n && u < k; j++) {
        if (best->centre_of[j] != j) {
            continue;
        }
        size_t *members = calloc(n, sizeof *members);
        if (members == NULL) {
            return FPT_ENOMEM;
        }
        p->units[u].centre = j;
        fill_unit(in, best->centre_of, &p->units[u], members);
        for (size_t m = 0; m < p->units[u].n_members; m++) {
            size_t i = members[m];
            p->unit_of[i] = u;
            p->dist_km[i] = in->dist[i * n + j];
        }
        u++;
    }
    return u == k ? FPT_OK : FPT_EINTERNAL;
}

static fpt_partition *partition_new(const fpt_districts_inst *in, double target)
{
    fpt_partition *p = calloc(1, sizeof *p);
    if (p != NULL) {
        p->n_ccgs = in->n;
        p->n_units = in->k;
        p->target_pop = target;
        p->pop_min = in->lo;
        p->pop_max = in->hi;
        p->n_pairs = in->n * in->n;
    }
    return p;
}

/* A solve's instance and incumbent, and the search a limit stopped, to go on with. in.o (the
   options) and in.track belong to the call under way: each call sets them afresh, and
   between calls in.o is stale and nothing reads it. */
struct fpt_districts_search {
    fpt_districts_inst in;
    fpt_districts_plan best;
    fpt_districts_bnb *bnb; /* NULL: none to go on with */
};

void fpt_districts_search_free(fpt_districts_search *s)
{
    if (s == NULL) {
        return;
    }
    fpt_districts_bnb_free(s->bnb);
    free(s->best.centre_of);
    fpt_districts_inst_free(&s->in);
    free(s);
}

/* A new solve's instance, with no incumbent, into *out. FPT_OK, FPT_EUSAGE or FPT_ENOMEM. */
static fpt_status search_new(const fpt_geography *g, const fpt_districts_options *o, double start,
                             fpt_districts_search **out, fpt_error *err)
{
    fpt_districts_search *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    }
    fpt_status st = fpt_districts_inst_init(&s->in, g, o, start, err);
    if (st != FPT_OK) {
        free(s);
        return st;
    }
    s->best.centre_of = calloc(s->in.n, sizeof *s->best.centre_of);
    if (s->best.centre_of == NULL) {
        fpt_districts_search_free(s);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    }
    *out = s;
    return FPT_OK;
}

/* Solve (or go on with s's search) and fill p; infeasible bounds end in reasons, not an
   error. With keep, a search a limit stops is kept in s. */
static fpt_status solve_into(const fpt_geography *g, fpt_districts_search *s, bool keep,
                             fpt_partition *p, fpt_error *err)
{
    const fpt_districts_inst *in = &s->in;
    FPT_TRY(explain_bounds(g, in, p));
    if (p->n_reasons > 0) {
        p->result = FPT_DISTRICTS_INFEASIBLE;
        return FPT_OK;
    }
    fpt_districts_plan *best = &s->best;
    fpt_districts_outcome out = {0};
    fpt_status st;
    if (s->bnb != NULL) {
        st = fpt_districts_go_on(&s->bnb, &out, &p->n_pairs_kept, err);
    } else if (in->o->plain) {
        st = fpt_districts_solve_plain(in, best, &out, &p->n_pairs_kept, err);
    } else {
        st = fpt_districts_solve_kept(in, best, &out, &p->n_pairs_kept, keep ? &s->bnb : NULL, err);
    }
    p->result = out.result;
    if (st == FPT_OK && out.result == FPT_DISTRICTS_INFEASIBLE) {
        st = explain_search(in, &out, p);
    } else if (st == FPT_OK && best->found) {
        p->objective = best->cost;
        p->heuristic = out.heuristic;
        p->bound = fmin(out.bound, best->cost);
        p->gap = best->cost > 0 ? (best->cost - p->bound) / best->cost : 0;
        st = fill_partition(in, best, p);
    }
    if (st == FPT_OK) {
        fpt_districts_report(in, FPT_DISTRICTS_PHASE_DONE, p->bound, best);
    }
    if (st == FPT_EINTERNAL) { /* from fill_partition, which has no err of its own */
        return fpt_error_set(err, st, NULL, 0, "the best plan does not have %zu centres", in->k);
    }
    return st == FPT_ENOMEM ? fpt_error_set(err, st, NULL, 0, "%s", "out of memory") : st;
}

typedef struct solve_call {
    const fpt_geography *g;
    fpt_districts_search *s;
    bool keep;
    fpt_partition *p;
} solve_call;

/* The GLPK work of a districting, run inside a guard (base/glpk_guard.h). */
static fpt_status solve_guarded(void *ctx, fpt_error *err)
{
    const solve_call *c = ctx;
    return solve_into(c->g, c->s, c->keep, c->p, err);
}

fpt_status fpt_districts_solve_on(const fpt_geography *g, const fpt_districts_options *o,
                                  fpt_districts_search **search, fpt_partition **out,
                                  fpt_error *err)
{
    double start = fpt_clock_s();
    *out = NULL;
    glpk_quiet();
    double target = 0, lo = 0, hi = 0;
    size_t k = 0;
    FPT_TRY(fpt_districts_resolve(g, o, &k, &target, &lo, &hi, err));
    fpt_districts_search *s = search != NULL ? *search : NULL;
    if (s != NULL) {
        if (s->in.n != g->n_ccgs || s->in.k != k || s->in.lo != lo || s->in.hi != hi || o->plain) {
            return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                                 "a districting goes on only over the CCGs, number of units and "
                                 "population bounds it began with");
        }
        fpt_districts_inst_limit(&s->in, o, start);
    } else {
        FPT_TRY(search_new(g, o, start, &s, err));
    }
    fpt_districts_track track = {
        .start = start, .last_phase = -1, .last_bound = -INFINITY, .shown = -INFINITY};
    s->in.track = &track;
    fpt_partition *p = partition_new(&s->in, target);
    solve_call c = {.g = g, .s = s, .keep = search != NULL, .p = p};
    fpt_status st = p == NULL ? fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory")
                              : fpt_glpk_guard(solve_guarded, &c, "districting", err);
    s->in.track = NULL;
    bool goes_on = search != NULL && st == FPT_OK && s->bnb != NULL;
    if (search != NULL) {
        *search = goes_on ? s : NULL;
    }
    if (!goes_on) {
        fpt_districts_search_free(s);
    }
    if (st != FPT_OK) {
        fpt_partition_free(p);
        return st;
    }
    *out = p;
    return FPT_OK;
}

fpt_status fpt_districts_solve(const fpt_geography *g, const fpt_districts_options *o,
                               fpt_partition **out, fpt_error *err)
{
    return fpt_districts_solve_on(g, o, NULL, out, err);
}

typedef struct write_call {
    const fpt_geography *g;
    const fpt_districts_options *o;
    const char *path;
} write_call;

static int write_mps_file(void *lp, const char *path)
{
    return glp_write_mps(lp, GLP_MPS_FILE, NULL, path);
}

/* The body of fpt_districts_write_mps(), run inside the GLPK guard. */
static fpt_status write_mps_guarded(void *ctx, fpt_error *err)
{
    const write_call *c = ctx;
    fpt_districts_inst in;
    FPT_TRY(fpt_districts_inst_init(&in, c->g, c->o, fpt_clock_s(), err));
    size_t *pairs = NULL, n_pairs = 0;
    fpt_districts_model m = {0};
    fpt_status st = fpt_districts_all_pairs(&in, &pairs, &n_pairs);
    st = st == FPT_OK ? fpt_districts_model_build(&in, pairs, n_pairs, true, true, &m) : st;
    free(pairs);
    fpt_districts_inst_free(&in);
    if (st != FPT_OK) {
        return fpt_error_set(err, st, NULL, 0, "%s", "out of memory building the MIP");
    }
    /* GLPK writes a private file, checked whole by its last line, then copied to the path by
     * the rule of base/outfile.h */
    st = fpt_outfile_write_via(c->path, write_mps_file, m.lp, "\nENDATA\n", err);
    fpt_districts_model_free(&m);
    return st;
}

fpt_status fpt_districts_write_mps(const fpt_geography *g, const fpt_districts_options *o,
                                   const char *path, fpt_error *err)
{
    glpk_quiet();
    write_call c = {.g = g, .o = o, .path = path};
    return fpt_glpk_guard(write_mps_guarded, &c, "writing the districting MIP", err);
}
