/* SPDX-License-Identifier: MIT */
/*
 * Why each function sits where it does, and how firmly (footprint/why.h). The terms of every
 * function at every level come from the appraisal; the price of each other level from one
 * solve with the function forced there, a function's solves on one fpt_solver kept warm
 * across them (the forced appraisal is the scenario's with that function's locks rewritten, so
 * the programme's shape never changes), one function per task of the parallel driver, a
 * class of copies (mip/symmetry.h) priced once by its first copy; the weight band from
 * fpt_stability_band_run().
 *
 * A price close to the objective is solved again with the tie rule's check, so a plan GLPK's
 * optimality tolerance hid cannot make an exact tie look like a small margin. Runs on the
 * calling thread apart from the band; never prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "footprint/solve.h"
#include "footprint/stability.h"
#include "footprint/why.h"
#include "mip/symmetry.h"

static const double TIE_REL = 1e-9;  /* docs/model.md "Solving and ties" */
static const double NEAR_REL = 1e-6; /* a price this close is checked with the tie rule */

void fpt_why_options_init(fpt_why_options *o)
{
    memset(o, 0, sizeof *o);
    fpt_solve_options_init(&o->solve);
    o->fragile_below = 0.001;
    o->weight_band = 0.1;
}

void fpt_why_free(fpt_why *w)
{
    if (w == NULL) {
        return;
    }
    free(w->cells);
    free(w->functions);
    free(w);
}

const fpt_why_cell *fpt_why_cell_at(const fpt_why *w, size_t f, size_t l)
{
    return &w->cells[f * w->n_levels + l];
}

static fpt_why_cell *cell_at(fpt_why *w, size_t f, size_t l)
{
    return &w->cells[f * w->n_levels + l];
}

double fpt_why_weight(const fpt_why *w, int k)
{
    return k == FPT_T_TRANSITION ? w->transition_weight : w->weight[k];
}

double fpt_why_pull(const fpt_why *w, size_t f, size_t to, int k)
{
    const fpt_why_cell *here = fpt_why_cell_at(w, f, w->functions[f].level);
    const fpt_why_cell *there = fpt_why_cell_at(w, f, to);
    if (k == FPT_T_TRANSITION) {
        return w->transition_weight * (here->transition_gbp - there->transition_gbp);
    }
    return w->weight[k] * (here->term_gbp[k] - there->term_gbp[k]);
}

static fpt_status alloc_why(const fpt_appraisal *a, const fpt_solution *sol,
                            const fpt_why_options *o, fpt_why **out)
{
    fpt_why *w = calloc(1, sizeof *w);
    if (w == NULL) {
        return FPT_ENOMEM;
    }
    w->n_functions = a->n_functions;
    w->n_levels = a->n_levels;
    w->objective = sol->objective;
    w->tie_gbp = TIE_REL * fmax(1.0, fabs(sol->objective));
    memcpy(w->weight, a->weight, sizeof w->weight);
    w->transition_weight = a->transition_weight;
    w->has_transition = a->has_transition;
    w->fragile_below = o->fragile_below;
    w->weight_band = o->weight_band;
    w->cells = calloc(a->n_functions * a->n_levels + 1, sizeof *w->cells);
    w->functions = calloc(a->n_functions + 1, sizeof *w->functions);
    if (w->cells == NULL || w->functions == NULL) {
        fpt_why_free(w);
        return FPT_ENOMEM;
    }
    *out = w;
    return FPT_OK;
}

/* ---- terms: every function at every level, the others where the plan puts them ---------- */

static void fill_terms(fpt_why *w, const fpt_appraisal *a, const fpt_solution *sol)
{
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            const fpt_cell *c = fpt_appraisal_cell(a, f, l);
            fpt_why_cell *wc = cell_at(w, f, l);
            memcpy(wc->term_gbp, c->term_gbp, sizeof wc->term_gbp);
            wc->term_gbp[FPT_K_LINKS] = fpt_appraisal_links_at(a, sol->level, f, l);
            wc->transition_gbp = c->transition_term_gbp;
            wc->own_gbp = c->objective + a->weight[FPT_K_LINKS] * wc->term_gbp[FPT_K_LINKS];
            wc->price_gbp = NAN;
        }
    }
}

/* Moving f alone to each level: the objective's change and whether the plan still holds. */
static fpt_status fill_moves(fpt_why *w, const fpt_appraisal *a, const fpt_solution *sol)
{
    size_t *plan = calloc(a->n_functions + 1, sizeof *plan);
    if (plan == NULL) {
        return FPT_ENOMEM;
    }
    memcpy(plan, sol->level, a->n_functions * sizeof *plan);
    for (size_t f = 0; f < a->n_functions; f++) {
        double own = fpt_why_cell_at(w, f, sol->level[f])->own_gbp;
        for (size_t l = 0; l < a->n_levels; l++) {
            fpt_why_cell *wc = cell_at(w, f, l);
            fpt_plan_eval ev;
            plan[f] = l;
            fpt_appraisal_eval(a, plan, &ev, NULL);
            wc->move_gbp = wc->own_gbp - own;
            wc->move_feasible = ev.feasible;
        }
        plan[f] = sol->level[f];
    }
    free(plan);
    return FPT_OK;
}

/* ---- prices: one forced solve per function and other allowed level ----------------------- */

/* One function's prices, on a solver of its own: a task of the parallel driver. Its forced
 * appraisal is the scenario's with its own cells, whose locks are rewritten per solve. */
typedef struct pricer {
    const fpt_appraisal *a;
    fpt_appraisal forced;
    fpt_cell *cells;
    fpt_solver *sv;
    fpt_solve_options plain; /* the caller's options without the tie rule */
    fpt_solve_options tied;  /* with it, for prices near the objective */
    fpt_why *w;
    const size_t *plan; /* the solve's plan */
    size_t *start;      /* [f]: the plan with the function priced moved, where each solve starts */
    size_t solves;
    fpt_error err;
} pricer;

/* Allow f at level l only, or (l == n_levels) restore the scenario's own locks. */
static void force(pricer *p, size_t f, size_t l)
{
    size_t nl = p->a->n_levels;
    for (size_t m = 0; m < nl; m++) {
        bool own = fpt_appraisal_cell(p->a, f, m)->allowed;
        p->cells[f * nl + m].allowed = l == nl ? own : m == l;
    }
}

static fpt_status solve_forced(pricer *p, const fpt_solve_options *o, fpt_solution **sol)
{
    p->solves++;
    return fpt_solver_solve(p->sv, &p->forced, o, sol, &p->err);
}

static fpt_status price_one(pricer *p, size_t f, size_t l)
{
    fpt_why_cell *wc = cell_at(p->w, f, l);
    fpt_solution *sol = NULL;
    force(p, f, l);
    memcpy(p->start, p->plan, p->a->n_functions * sizeof *p->start);
    p->start[f] = l;
    fpt_status st = solve_forced(p, &p->plain, &sol);
    double z = p->w->objective;
    if (st == FPT_OK && sol->result == FPT_RESULT_OPTIMAL &&
        sol->objective - z <= NEAR_REL * fmax(1.0, fabs(z))) {
        memcpy(p->start, sol->level, p->a->n_functions * sizeof *p->start);
        fpt_solution_free(sol);
        sol = NULL;
        st = solve_forced(p, &p->tied, &sol);
    }
    if (st == FPT_OK && sol->result == FPT_RESULT_OPTIMAL) {
        wc->price_kind = FPT_PRICE_PLAN;
        wc->price_gbp = sol->objective;
    } else if (st == FPT_OK && sol->result == FPT_RESULT_INFEASIBLE) {
        wc->price_kind = FPT_PRICE_INFEASIBLE;
        wc->blocked = sol->n_clashes > 0 ? sol->clashes[0] : (fpt_clash){0};
    } else if (st == FPT_OK) {
        wc->price_kind = FPT_PRICE_UNSOLVED;
    }
    fpt_solution_free(sol);
    force(p, f, p->a->n_levels);
    return st;
}

static fpt_status price_function(pricer *p, size_t f, size_t chosen)
{
    for (size_t l = 0; l < p->a->n_levels; l++) {
        fpt_why_cell *wc = cell_at(p->w, f, l);
        if (l == chosen) {
            wc->price_kind = FPT_PRICE_CHOSEN;
            wc->price_gbp = p->w->objective;
        } else if (!fpt_appraisal_cell(p->a, f, l)->allowed) {
            wc->price_kind = FPT_PRICE_LOCKED;
        } else {
            FPT_TRY(price_one(p, f, l));
        }
    }
    return FPT_OK;
}

typedef struct price_ctx {
    const fpt_appraisal *a;
    const fpt_solution *sol;
    const fpt_why_options *o;
    fpt_why *w;
    size_t *first;      /* [f]: the first copy of f's class (f itself when it has none) */
    fpt_status *status; /* [f] */
    size_t *solves;     /* [f] */
    fpt_error *err;     /* [f] */
} price_ctx;

/* A fresh solver per function, so a price never depends on which thread ran it or after what. */
static void price_task(size_t f, void *ctx)
{
    const price_ctx *c = ctx;
    const fpt_appraisal *a = c->a;
    if (c->first[f] != f) {
        return; /* priced as its class's first copy (copy_prices()) */
    }
    pricer p = {.a = a,
                .forced = *a,
                .w = c->w,
                .plain = c->o->solve,
                .tied = c->o->solve,
                .plan = c->sol->level};
    p.cells = calloc(a->n_functions * a->n_levels + 1, sizeof *p.cells);
    p.start = calloc(a->n_functions + 1, sizeof *p.start);
    p.plain.break_ties = false;
    p.tied.break_ties = true;
    p.plain.start = p.start;
    p.tied.start = p.start;
    bool ok = p.cells != NULL && p.start != NULL;
    fpt_status st = ok ? fpt_solver_create(&p.sv, &p.err) : FPT_ENOMEM;
    if (st == FPT_OK) {
        memcpy(p.cells, a->cells, a->n_functions * a->n_levels * sizeof *p.cells);
        p.forced.cells = p.cells;
        st = price_function(&p, f, c->sol->level[f]);
    }
    fpt_solver_free(p.sv);
    free(p.cells);
    free(p.start);
    c->status[f] = st;
    c->solves[f] = p.solves;
    c->err[f] = p.err;
}

/* first[f]: the first function of f's class of copies (mip/symmetry.h), f when it has no
 * copy. Copies are priced once (docs/model.md "Copies of a function"). */
static fpt_status find_first_copies(const fpt_appraisal *a, size_t *first, fpt_error *err)
{
    size_t n = a->n_functions;
    fpt_symmetry *sym = NULL;
    FPT_TRY(fpt_symmetry_create(n, a->n_pairs, &sym, err));
    fpt_symmetry_find(sym, a);
    for (size_t f = 0; f < n; f++) {
        first[f] = fpt_symmetry_wanted() ? n : f;
    }
    for (size_t f = 0; f < n; f++) {
        if (first[f] != n) {
            continue; /* a later copy in a class already walked */
        }
        for (size_t g = f; g < n; g = fpt_symmetry_next(sym, g)) {
            first[g] = f;
        }
    }
    fpt_symmetry_free(sym);
    return FPT_OK;
}

/* Copy g's prices from r, the first copy of its class: swapping the two maps the programme
 * with g forced to a level onto the one with r forced there, so their least objectives are
 * equal. r's own level is then a plan as good as the optimum, the optimum with r and g
 * swapped. */
static void copy_prices(fpt_why *w, const fpt_appraisal *a, const fpt_solution *sol, size_t r,
                        size_t g)
{
    for (size_t l = 0; l < a->n_levels; l++) {
        fpt_why_cell *to = cell_at(w, g, l);
        const fpt_why_cell *from = fpt_why_cell_at(w, r, l);
        if (l == sol->level[g] || from->price_kind == FPT_PRICE_CHOSEN) {
            to->price_kind = l == sol->level[g] ? FPT_PRICE_CHOSEN : FPT_PRICE_PLAN;
            to->price_gbp = w->objective;
        } else {
            to->price_kind = from->price_kind;
            to->price_gbp = from->price_gbp;
            to->blocked = from->blocked;
        }
    }
}

static fpt_status fill_prices(fpt_why *w, const fpt_appraisal *a, const fpt_solution *sol,
                              const fpt_why_options *o, fpt_error *err)
{
    size_t n = a->n_functions;
    price_ctx c = {.a = a, .sol = sol, .o = o, .w = w};
    c.first = calloc(n + 1, sizeof *c.first);
    c.status = calloc(n + 1, sizeof *c.status);
    c.solves = calloc(n + 1, sizeof *c.solves);
    c.err = calloc(n + 1, sizeof *c.err);
    fpt_status st = c.first && c.status && c.solves && c.err ? FPT_OK : FPT_ENOMEM;
    if (st == FPT_OK) {
        st = find_first_copies(a, c.first, err);
    } else {
        fpt_error_set(err, st, NULL, 0, "out of memory pricing the levels");
    }
    if (st == FPT_OK) {
        st = fpt_parallel_for(n, o->threads, price_task, &c, err);
    }
    for (size_t f = 0; st == FPT_OK && f < n; f++) {
        w->solves += c.solves[f];
        st = c.status[f];
        if (st == FPT_ENOMEM) {
            fpt_error_set(err, st, NULL, 0, "out of memory pricing the levels");
        } else if (st != FPT_OK) {
            fpt_error_set(err, st, NULL, 0, "pricing the levels of function %zu: %s", f,
                          c.err[f].message);
        }
    }
    for (size_t f = 0; st == FPT_OK && f < n; f++) {
        if (c.first[f] != f) {
            copy_prices(w, a, sol, c.first[f], f);
        }
    }
    free(c.first);
    free(c.status);
    free(c.solves);
    free(c.err);
    return st;
}

/* ---- what the terms and prices say ------------------------------------------------------- */

/* The other level of least price, the more local one on equal prices. */
static void find_next(fpt_why *w, size_t f)
{
    fpt_why_function *fn = &w->functions[f];
    fn->next_level = FPT_WHY_NO_LEVEL;
    fn->margin_gbp = INFINITY;
    for (size_t l = 0; l < w->n_levels; l++) {
        const fpt_why_cell *wc = fpt_why_cell_at(w, f, l);
        if (wc->price_kind == FPT_PRICE_PLAN && wc->price_gbp - w->objective < fn->margin_gbp) {
            fn->next_level = l;
            fn->margin_gbp = wc->price_gbp - w->objective;
        }
    }
    fn->margin_share = fn->margin_gbp / fmax(1.0, fabs(w->objective));
    fn->tied = fn->next_level != FPT_WHY_NO_LEVEL && fn->margin_gbp <= w->tie_gbp;
}

/* The first group moving f alone to level l breaks: the budget, then the pools in order. */
static void first_broken(const fpt_appraisal *a, const fpt_solution *sol, size_t f, size_t l,
                         fpt_why_function *fn)
{
    const fpt_cell *from = fpt_appraisal_cell(a, f, sol->level[f]);
    const fpt_cell *to = fpt_appraisal_cell(a, f, l);
    fn->held_by = FPT_CLASH_BUDGET;
    if (!fpt_appraisal_within(sol->eval.running_gbp - from->running_gbp + to->running_gbp,
                              a->budget_gbp)) {
        return;
    }
    for (size_t r = 0; r < a->n_pools; r++) {
        double use = sol->pool_use[r] - fpt_appraisal_scarce(a, f, sol->level[f], r) +
                     fpt_appraisal_scarce(a, f, l, r);
        if (a->pool_limited[r] && !fpt_appraisal_within(use, a->pool_supply_wte[r])) {
            fn->held_by = FPT_CLASH_POOL;
            fn->held_index = r;
            return;
        }
    }
}

/* Held: f's own terms favour a level (moving alone there would lower the objective by more
 * than the tie tolerance), but a lock, the budget or a pool forbids the move. */
static void find_held(fpt_why *w, const fpt_appraisal *a, const fpt_solution *sol, size_t f)
{
    fpt_why_function *fn = &w->functions[f];
    double best = -w->tie_gbp;
    fn->held_level = FPT_WHY_NO_LEVEL;
    for (size_t l = 0; l < w->n_levels; l++) {
        const fpt_why_cell *wc = fpt_why_cell_at(w, f, l);
        if (wc->move_gbp < best && !wc->move_feasible) {
            best = wc->move_gbp;
            fn->held_level = l;
        }
    }
    fn->held = fn->held_level != FPT_WHY_NO_LEVEL;
    if (!fn->held) {
        return;
    }
    fn->held_gain_gbp = -best;
    if (!fpt_appraisal_cell(a, f, fn->held_level)->allowed) {
        fn->held_by = FPT_CLASH_LOCKS;
        fn->held_index = f;
    } else {
        first_broken(a, sol, f, fn->held_level, fn);
    }
}

/* ---- the weight band --------------------------------------------------------------------- */

/* Keep the change of f nearest its base weight, relative to that weight. */
static void nearest_move(fpt_why_function *fn, int k, const fpt_criterion_stability *c,
                         const fpt_weight_change *ch, double *best)
{
    double d = fabs(ch->weight - c->base) / c->base;
    if (ch->found && d < *best) {
        *best = d;
        fn->weight_moves = true;
        fn->weight_k = k;
        fn->weight_at = ch->weight;
        fn->weight_level = ch->level;
    }
}

static fpt_status fill_band(fpt_why *w, const fpt_model *m, const fpt_scenario *s,
                            const fpt_solution *sol, const fpt_why_options *o, fpt_error *err)
{
    for (size_t f = 0; f < w->n_functions; f++) {
        w->functions[f].weight_k = -1;
        w->functions[f].weight_level = FPT_WHY_NO_LEVEL;
    }
    if (o->weight_band <= 0) {
        return FPT_OK;
    }
    fpt_stability_options so;
    fpt_stability_options_init(&so);
    so.solve = o->solve;
    so.threads = o->threads;
    fpt_stability *band = NULL;
    FPT_TRY(fpt_stability_band_run(m, s, &so, o->weight_band, sol, &band, err));
    fpt_status st = FPT_OK;
    for (int k = 0; k < FPT_N_TERMS; k++) { /* the transition's is empty without one */
        w->solves += band->criterion[k].solves;
        st = st != FPT_OK ? st : band->criterion[k].status;
    }
    for (size_t f = 0; st == FPT_OK && f < w->n_functions; f++) {
        double best = INFINITY;
        for (int k = 0; k < FPT_N_TERMS; k++) {
            const fpt_criterion_stability *c = &band->criterion[k];
            nearest_move(&w->functions[f], k, c, &c->below[f], &best);
            nearest_move(&w->functions[f], k, c, &c->above[f], &best);
        }
    }
    fpt_stability_free(band);
    if (st == FPT_ENOMEM) {
        return fpt_error_set(err, st, NULL, 0, "out of memory searching the weight band");
    }
    return st == FPT_OK ? FPT_OK
                        : fpt_error_set(err, st, NULL, 0, "the weight band could not be searched");
}

/* ---- the whole --------------------------------------------------------------------------- */

static fpt_status check_args(const fpt_solution *sol, const fpt_why_options *o, fpt_error *err)
{
    if (sol->result != FPT_RESULT_OPTIMAL) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "only an optimal plan can be explained (the solve ended %s)",
                             fpt_result_name(sol->result));
    }
    if (!(o->fragile_below >= 0) || !(o->weight_band >= 0 && o->weight_band < 1)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0,
                             "fragile-below %g or weight band %g out of range", o->fragile_below,
                             o->weight_band);
    }
    return FPT_OK;
}

static void classify(fpt_why *w, const fpt_appraisal *a, const fpt_solution *sol)
{
    for (size_t f = 0; f < w->n_functions; f++) {
        fpt_why_function *fn = &w->functions[f];
        fn->level = sol->level[f];
        find_next(w, f);
        find_held(w, a, sol, f);
        fn->fragile_margin = fn->margin_share < w->fragile_below;
        fn->fragile = fn->fragile_margin || fn->weight_moves || fn->tied;
    }
}

fpt_status fpt_why_run(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                       const fpt_solution *sol, const fpt_why_options *o, fpt_why **out,
                       fpt_error *err)
{
    *out = NULL;
    FPT_TRY(check_args(sol, o, err));
    fpt_why *w = NULL;
    if (alloc_why(a, sol, o, &w) != FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory explaining the plan");
    }
    fill_terms(w, a, sol);
    fpt_status st = fill_moves(w, a, sol);
    if (st != FPT_OK) {
        st = fpt_error_set(err, st, NULL, 0, "out of memory explaining the plan");
    }
    if (st == FPT_OK) {
        st = fill_prices(w, a, sol, o, err);
    }
    if (st == FPT_OK) {
        st = fill_band(w, m, s, sol, o, err);
    }
    if (st != FPT_OK) {
        fpt_why_free(w);
        return st;
    }
    classify(w, a, sol);
    *out = w;
    return FPT_OK;
}
