/* SPDX-License-Identifier: MIT */
/*
 * The workbooks of a solve, a sweep, a sizing curve and a partition (report/xlsx.h;
 * docs/cli.md "Workbooks"), sheet by sheet through report/xlsx_book.h. Each sheet holds what
 * the CSV and JSON outputs hold, as numbers (never text) in full precision, formatted for
 * reading: money in pounds, money a head to the penny, shares as percentages, WTE to a tenth.
 * Column headers are words, with the unit after a comma ("running cost, £ a year").
 */
#include "report/xlsx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "footprint/sweep.h"
#include "footprint/variant.h"
#include "report/report_explain.h"
#include "report/report_stability.h"
#include "report/report_why.h"
#include "report/robust_report.h"
#include "report/sizing_report.h"
#include "report/xlsx_book.h"

/* ---- shared -------------------------------------------------------------------------------- */

/* Write a workbook's sheets; a failure of the book itself is the book's to report. */
typedef fpt_status (*fill_fn)(fpt_book *b, const void *ctx, fpt_error *err);

/* A criterion's column header: "local knowledge" and suffix. */
static void put_criterion_head(fpt_sheet *sh, int k, const char *suffix)
{
    char head[96];
    snprintf(head, sizeof head, "%s%s", fpt_criterion_id(k), suffix);
    for (char *p = head; *p != '\0'; p++) {
        *p = *p == '-' ? ' ' : *p; /* "local-knowledge" reads as "local knowledge" */
    }
    fpt_sheet_head(sh, head);
}

static void put_heads(fpt_sheet *sh, const char *const *heads, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fpt_sheet_head(sh, heads[i]);
    }
}

/* The provenance sheet's first rows: what wrote the workbook. */
static void put_versions(fpt_sheet *sh, const char *command)
{
    fpt_sheet_fact_text(sh, "footprint", FPT_VERSION);
    fpt_sheet_fact_text(sh, "GLPK", fpt_solver_version());
    fpt_sheet_fact_text(sh, "libxlsxwriter", fpt_book_writer_version());
    fpt_sheet_fact_text(sh, "command", command);
}

/* The model and scenario files with their hashes (docs/cli.md "sweep", the provenance stamp). */
static void put_inputs(fpt_sheet *sh, const fpt_model *m, const fpt_scenario *s,
                       const fpt_provenance *p)
{
    fpt_sheet_fact_text(sh, "model", m->id);
    fpt_sheet_fact_text(sh, "model file", m->file);
    fpt_sheet_fact_text(sh, "model fnv1a64", p->model_hash);
    fpt_sheet_fact_text(sh, "scenario", s->id);
    fpt_sheet_fact_text(sh, "scenario file", s->file);
    fpt_sheet_fact_text(sh, "scenario fnv1a64", p->scenario_hash);
    if (p->data_hash[0] != '\0') {
        fpt_sheet_fact_text(sh, "geography and partitions fnv1a64", p->data_hash);
    }
}

/* Make a book, fill its sheets and hand back its bytes. */
static fpt_status render(size_t n_levels, fill_fn fill, const void *ctx, char **data, size_t *len,
                         fpt_error *err)
{
    *data = NULL;
    *len = 0;
    fpt_book *b = NULL;
    FPT_TRY(fpt_book_create(n_levels, &b, err));
    fpt_status st = fill(b, ctx, err);
    char *bytes = NULL;
    size_t n = 0;
    fpt_status done = fpt_book_finish(b, &bytes, &n, st == FPT_OK ? err : NULL);
    if (st != FPT_OK || done != FPT_OK) {
        free(bytes);
        return st != FPT_OK ? st : done;
    }
    *data = bytes;
    *len = n;
    return FPT_OK;
}

/* ---- solve: the plan ----------------------------------------------------------------------- */

static bool has_plan(const fpt_solution *s)
{
    return s->result == FPT_RESULT_OPTIMAL || s->result == FPT_RESULT_LIMIT ||
           s->result == FPT_RESULT_GAP;
}

static void plan_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {"function",
                                        "name",
                                        "category",
                                        "level",
                                        "units",
                                        "WTE",
                                        "running cost, £ a year",
                                        "set-up, £",
                                        "running cost, £ a head a year"};
    const fpt_appraisal *a = in->appraisal;
    fpt_sheet *sh = fpt_book_table(b, "plan");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (size_t f = 0; has_plan(in->solution) && f < a->n_functions; f++) {
        const fpt_function *fn = &in->model->functions[f];
        size_t l = in->solution->level[f];
        const fpt_cell *c = fpt_appraisal_cell(a, f, l);
        fpt_sheet_text(sh, fn->id);
        fpt_sheet_text(sh, fn->name);
        fpt_sheet_text(sh, fn->category);
        fpt_sheet_level(sh, l, in->scenario->levels[l].id);
        fpt_sheet_number(sh, FPT_CELL_COUNT, (double)a->n_units[l]);
        fpt_sheet_number(sh, FPT_CELL_TENTHS, c->wte);
        fpt_sheet_number(sh, FPT_CELL_GBP, c->running_gbp);
        fpt_sheet_number(sh, FPT_CELL_GBP, c->setup_gbp);
        fpt_sheet_number(sh, FPT_CELL_PENCE, c->running_gbp / a->population);
        fpt_sheet_row(sh);
    }
}

/* The eight terms at each function's level, the links term its share (as in the CSV). */
static void terms_sheet(fpt_book *b, const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_solution *sol = in->solution;
    fpt_sheet *sh = fpt_book_table(b, "terms");
    fpt_sheet_head(sh, "function");
    fpt_sheet_head(sh, "level");
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        put_criterion_head(sh, k, ", £ a year");
    }
    if (a->has_transition) { /* docs/model.md M15: the annual term, the one-off and from where */
        fpt_sheet_head(sh, "transition, £ a year");
        fpt_sheet_head(sh, "transition, £ once");
        fpt_sheet_head(sh, "current level");
    }
    fpt_sheet_row(sh);
    for (size_t f = 0; has_plan(sol) && f < a->n_functions; f++) {
        size_t l = sol->level[f];
        const fpt_cell *c = fpt_appraisal_cell(a, f, l);
        fpt_sheet_text(sh, in->model->functions[f].id);
        fpt_sheet_level(sh, l, in->scenario->levels[l].id);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            double t =
                k == FPT_K_LINKS ? fpt_appraisal_link_share(a, sol->level, f) : c->term_gbp[k];
            fpt_sheet_number(sh, FPT_CELL_GBP, t);
        }
        if (a->has_transition) {
            fpt_sheet_number(sh, FPT_CELL_GBP, c->transition_term_gbp);
            fpt_sheet_number(sh, FPT_CELL_GBP, c->transition_gbp);
            fpt_sheet_level(sh, a->current[f], in->scenario->levels[a->current[f]].id);
        }
        fpt_sheet_row(sh);
    }
}

static void levels_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {"level",
                                        "name",
                                        "units",
                                        "people per unit",
                                        "remoteness (0 local – 1 national)",
                                        "spread of customers (0 – 1)"};
    static const char *const geo_heads[] = {"grouping", "mean distance to the unit's centre, km",
                                            "CCGs per unit"};
    const fpt_scenario *s = in->scenario;
    bool geo = s->geography != NULL;
    fpt_sheet *sh = fpt_book_table(b, "levels");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    put_heads(sh, geo_heads, geo ? sizeof geo_heads / sizeof geo_heads[0] : 0);
    fpt_sheet_row(sh);
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        fpt_sheet_level(sh, l, lv->id);
        fpt_sheet_text(sh, lv->name != NULL ? lv->name : lv->id);
        fpt_sheet_number(sh, FPT_CELL_COUNT, (double)lv->n_units);
        fpt_sheet_number(sh, FPT_CELL_COUNT, lv->unit_pop);
        fpt_sheet_number(sh, FPT_CELL_RATIO, in->appraisal->remoteness[l]);
        fpt_sheet_number(sh, FPT_CELL_RATIO, in->appraisal->spread[l]);
        if (geo) {
            fpt_sheet_text(sh, fpt_grouping_name(lv->grouping));
            fpt_sheet_number(sh, FPT_CELL_TENTHS, lv->distance_km);
            fpt_sheet_number(sh, FPT_CELL_TENTHS, lv->customers);
        }
        fpt_sheet_row(sh);
    }
}

/* A scenario on real units: every unit of every grouped level (docs/model.md "Real units"). */
static void real_units_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {"level",  "unit", "centre",
                                        "people", "CCGs", "mean distance to the centre, km"};
    const fpt_scenario *s = in->scenario;
    if (s->geography == NULL) {
        return;
    }
    fpt_sheet *sh = fpt_book_table(b, "real units");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        for (size_t u = 0; lv->units != NULL && u < (size_t)lv->n_units; u++) {
            fpt_sheet_level(sh, l, lv->id);
            fpt_sheet_text(sh, lv->units[u].label);
            fpt_sheet_text(sh, lv->units[u].centre);
            fpt_sheet_number(sh, FPT_CELL_COUNT, lv->units[u].pop);
            fpt_sheet_number(sh, FPT_CELL_COUNT, (double)lv->units[u].n_members);
            fpt_sheet_number(sh, FPT_CELL_TENTHS, lv->units[u].mean_km);
            fpt_sheet_row(sh);
        }
    }
}

static void pools_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {"pool",
                                        "name",
                                        "scarce WTE used",
                                        "supply, WTE (empty: unlimited)",
                                        "share of supply used",
                                        "premium, £ a year per scarce WTE"};
    const fpt_appraisal *a = in->appraisal;
    bool plan = has_plan(in->solution);
    fpt_sheet *sh = fpt_book_table(b, "pools");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (size_t r = 0; r < a->n_pools; r++) {
        const fpt_pool *pool = &in->model->pools[r];
        double used = plan ? in->solution->pool_use[r] : NAN;
        double supply = a->pool_limited[r] ? a->pool_supply_wte[r] : NAN;
        fpt_sheet_text(sh, pool->id);
        fpt_sheet_text(sh, pool->name != NULL ? pool->name : pool->id);
        fpt_sheet_number(sh, FPT_CELL_TENTHS, used);
        fpt_sheet_number(sh, FPT_CELL_TENTHS, supply);
        fpt_sheet_number(sh, FPT_CELL_SHARE, supply > 0 ? used / supply : NAN);
        fpt_sheet_number(sh, FPT_CELL_GBP, a->pool_premium_gbp[r]);
        fpt_sheet_row(sh);
    }
}

/* ---- solve: why each function sits where it does (footprint/why.h) ------------------------ */

/* Level l filled with its colour, or an empty cell when l names no level. */
static void put_level_or_none(fpt_sheet *sh, const fpt_scenario *s, size_t l)
{
    if (l < s->n_levels) {
        fpt_sheet_level(sh, l, s->levels[l].id);
    } else {
        fpt_sheet_skip(sh);
    }
}

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

/* What moves the function within the weight band, and what holds it where it is. */
static void put_moves_and_holds(fpt_sheet *sh, const fpt_report_input *in,
                                const fpt_why_function *fn)
{
    const fpt_scenario *s = in->scenario;
    fpt_sheet_text(sh, fn->weight_moves ? fpt_term_id(fn->weight_k) : NULL);
    fpt_sheet_number(sh, FPT_CELL_RATIO, fn->weight_moves ? fn->weight_at : NAN);
    put_level_or_none(sh, s, fn->weight_moves ? fn->weight_level : FPT_WHY_NO_LEVEL);
    char held[160] = "";
    if (fn->held && fn->held_by == FPT_CLASH_POOL) {
        snprintf(held, sizeof held, "pool:%s", in->model->pools[fn->held_index].id);
    } else if (fn->held) {
        snprintf(held, sizeof held, "%s", fpt_why_held_name(fn));
    }
    fpt_sheet_text(sh, fn->held ? held : NULL);
    put_level_or_none(sh, s, fn->held ? fn->held_level : FPT_WHY_NO_LEVEL);
    fpt_sheet_number(sh, FPT_CELL_GBP, fn->held ? fn->held_gain_gbp : NAN);
}

/* One row per function: the next-best level and its margin, and why the answer is fragile,
 * tied or held (the why columns of the CSV). */
static void why_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {"function",
                                        "level",
                                        "next best level",
                                        "margin, £ a year",
                                        "margin, share of the objective",
                                        "fragile",
                                        "fragile by its margin",
                                        "tied",
                                        "weight that moves it",
                                        "moves at weight",
                                        "moves to level",
                                        "held by",
                                        "its terms would take it to",
                                        "held from saving, £ a year",
                                        "why"};
    const fpt_why *w = in->why;
    fpt_sheet *sh = fpt_book_table(b, "why");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (size_t f = 0; f < w->n_functions; f++) {
        const fpt_why_function *fn = &w->functions[f];
        bool next = fn->next_level != FPT_WHY_NO_LEVEL;
        fpt_sheet_text(sh, in->model->functions[f].id);
        put_level_or_none(sh, in->scenario, fn->level);
        put_level_or_none(sh, in->scenario, fn->next_level);
        fpt_sheet_number(sh, FPT_CELL_GBP, next ? fn->margin_gbp : NAN);
        fpt_sheet_number(sh, FPT_CELL_GAP, next ? fn->margin_share : NAN);
        fpt_sheet_text(sh, yes_no(fn->fragile));
        fpt_sheet_text(sh, yes_no(fn->fragile_margin));
        fpt_sheet_text(sh, yes_no(fn->tied));
        put_moves_and_holds(sh, in, fn);
        char why[512];
        fpt_report_why_line(in, f, why, sizeof why);
        fpt_sheet_text(sh, why);
        fpt_sheet_row(sh);
    }
}

/* The function × level matrix: every function's price at every level, and its terms there. */
static void prices_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {"function",
                                        "level",
                                        "price",
                                        "price, £ a year",
                                        "more than the plan, £ a year",
                                        "its part of the objective, £ a year",
                                        "if it alone moved here, £ a year"};
    const fpt_why *w = in->why;
    fpt_sheet *sh = fpt_book_table(b, "prices");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        put_criterion_head(sh, k, ", £ a year");
    }
    if (w->has_transition) {
        fpt_sheet_head(sh, "transition, £ a year");
    }
    fpt_sheet_head(sh, "what blocks it");
    fpt_sheet_row(sh);
    for (size_t f = 0; f < w->n_functions; f++) {
        for (size_t l = 0; l < w->n_levels; l++) {
            const fpt_why_cell *c = fpt_why_cell_at(w, f, l);
            fpt_sheet_text(sh, in->model->functions[f].id);
            fpt_sheet_level(sh, l, in->scenario->levels[l].id);
            fpt_sheet_text(sh, fpt_why_price_name(c->price_kind));
            fpt_sheet_number(sh, FPT_CELL_GBP, c->price_gbp);
            fpt_sheet_number(sh, FPT_CELL_GBP, c->price_gbp - w->objective);
            fpt_sheet_number(sh, FPT_CELL_GBP, c->own_gbp);
            fpt_sheet_number(sh, FPT_CELL_GBP, c->move_gbp);
            for (int k = 0; k < FPT_N_CRITERIA; k++) {
                fpt_sheet_number(sh, FPT_CELL_GBP, c->term_gbp[k]);
            }
            if (w->has_transition) {
                fpt_sheet_number(sh, FPT_CELL_GBP, c->transition_gbp);
            }
            char blocked[256] = "";
            if (c->price_kind == FPT_PRICE_INFEASIBLE) {
                fpt_why_blocked_text(in, f, l, blocked, sizeof blocked);
            }
            fpt_sheet_text(sh, blocked[0] != '\0' ? blocked : NULL);
            fpt_sheet_row(sh);
        }
    }
}

/* ---- solve: totals, stability, clashes, provenance ----------------------------------------- */

static void plan_totals(fpt_sheet *sh, const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_plan_eval *e = &in->solution->eval;
    double all_local = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        all_local += fpt_appraisal_cell(a, f, 0)->running_gbp;
    }
    fpt_payback p;
    fpt_appraisal_payback(a, e, &p);
    fpt_sheet_fact_number(sh, "running cost, £ a year", FPT_CELL_GBP, e->running_gbp);
    fpt_sheet_fact_number(sh, "running cost, £ a head a year", FPT_CELL_PENCE,
                          e->running_gbp / a->population);
    fpt_sheet_fact_number(sh, "share of the envelope used", FPT_CELL_SHARE,
                          e->running_gbp / a->budget_gbp);
    fpt_sheet_fact_number(sh, "set-up investment, £", FPT_CELL_GBP, e->setup_gbp);
    fpt_sheet_fact_number(sh, "running cost of the all-local plan, £ a year", FPT_CELL_GBP,
                          all_local);
    if (a->has_transition) {
        fpt_sheet_fact_number(sh, "transition from the current footprint, £ once", FPT_CELL_GBP,
                              e->transition_gbp);
        fpt_sheet_fact_number(sh, "transition term, £ a year", FPT_CELL_GBP,
                              e->transition_term_gbp);
        fpt_sheet_fact_number(sh, "running cost of the current footprint, £ a year", FPT_CELL_GBP,
                              p.baseline_running_gbp);
    }
    fpt_sheet_fact_number(sh,
                          p.from_local ? "payback against the all-local plan, years"
                                       : "payback against the current footprint, years",
                          FPT_CELL_TENTHS, p.years);
    fpt_sheet_fact_number(sh, "WTE", FPT_CELL_TENTHS, e->wte);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        char name[96];
        snprintf(name, sizeof name, "%s term, £ a year", fpt_criterion_id(k));
        fpt_sheet_fact_number(sh, name, FPT_CELL_GBP, e->term_gbp[k]);
    }
}

static void totals_sheet(fpt_book *b, const fpt_report_input *in)
{
    const fpt_solution *sol = in->solution;
    const fpt_appraisal *a = in->appraisal;
    bool plan = has_plan(sol);
    fpt_sheet *sh = fpt_book_facts(b, "totals");
    fpt_sheet_fact_text(sh, "status", fpt_result_name(sol->result));
    fpt_sheet_fact_number(sh, "objective, £ a year", FPT_CELL_GBP, plan ? sol->objective : NAN);
    fpt_sheet_fact_number(sh, "bound, £ a year", FPT_CELL_GBP, plan ? sol->bound : NAN);
    fpt_sheet_fact_number(sh, "gap", FPT_CELL_GAP, plan ? sol->gap : NAN);
    fpt_sheet_fact_text(sh, "tie broken by the documented rule", sol->tied ? "yes" : "no");
    fpt_sheet_fact_number(sh, "population", FPT_CELL_COUNT, in->scenario->population);
    fpt_sheet_fact_number(sh, "allowance, £ a head a year", FPT_CELL_PENCE,
                          in->scenario->allowance_per_head_gbp);
    fpt_sheet_fact_number(sh, "commissioning support envelope, £ a year", FPT_CELL_GBP,
                          a->budget_gbp);
    fpt_sheet_fact_number(sh, "commissioning support envelope, £ a head a year", FPT_CELL_PENCE,
                          a->budget_gbp / a->population);
    if (plan) {
        plan_totals(sh, in);
    }
}

/* Where one function moves on one side of the base weight: the weight and the level. */
static void put_change(fpt_sheet *sh, const fpt_report_input *in, const fpt_weight_change *w)
{
    fpt_sheet_number(sh, FPT_CELL_RATIO, w->found ? w->weight : NAN);
    if (w->found) {
        fpt_sheet_level(sh, w->level, in->scenario->levels[w->level].id);
    } else {
        fpt_sheet_skip(sh);
    }
}

/* The first function to move on one side of the base weight: its id, the level, the weight. */
static void put_first_move(fpt_sheet *sh, const fpt_report_input *in,
                           const fpt_criterion_stability *c, bool above)
{
    long f = fpt_stability_nearest(c, in->model->n_functions, above);
    fpt_sheet_text(sh, f >= 0 ? in->model->functions[f].id : "none in range");
    if (f < 0) {
        fpt_sheet_skip(sh);
        fpt_sheet_skip(sh);
        return;
    }
    const fpt_weight_change *w = above ? &c->above[f] : &c->below[f];
    fpt_sheet_level(sh, w->level, in->scenario->levels[w->level].id);
    fpt_sheet_number(sh, FPT_CELL_RATIO, w->weight);
}

static void stability_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {"criterion",
                                        "base weight",
                                        "status",
                                        "plan unchanged from weight",
                                        "plan unchanged to weight",
                                        "plan changes below",
                                        "plan changes above",
                                        "first to move below",
                                        "to level",
                                        "at weight",
                                        "first to move above",
                                        "to level",
                                        "at weight"};
    fpt_sheet *sh = fpt_book_table(b, "stability");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        const fpt_criterion_stability *c = &in->stability->criterion[k];
        bool ok = c->status == FPT_OK;
        fpt_sheet_text(sh, fpt_criterion_id(k));
        fpt_sheet_number(sh, FPT_CELL_RATIO, c->base);
        fpt_sheet_text(sh, ok ? "ok" : fpt_strerror(c->status));
        if (ok) {
            fpt_sheet_number(sh, FPT_CELL_RATIO, c->plan_lo);
            fpt_sheet_number(sh, FPT_CELL_RATIO, c->plan_hi);
            fpt_sheet_text(sh, c->lo_change ? "yes" : "no");
            fpt_sheet_text(sh, c->hi_change ? "yes" : "no");
            put_first_move(sh, in, c, false);
            put_first_move(sh, in, c, true);
        }
        fpt_sheet_row(sh);
    }
}

static void stability_functions_sheet(fpt_book *b, const fpt_report_input *in)
{
    static const char *const heads[] = {
        "criterion", "function", "moves below at weight", "to level", "moves above at weight",
        "to level"};
    fpt_sheet *sh = fpt_book_table(b, "stability by function");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        const fpt_criterion_stability *c = &in->stability->criterion[k];
        for (size_t f = 0; c->status == FPT_OK && f < in->model->n_functions; f++) {
            fpt_sheet_text(sh, fpt_criterion_id(k));
            fpt_sheet_text(sh, in->model->functions[f].id);
            put_change(sh, in, &c->below[f]);
            put_change(sh, in, &c->above[f]);
            fpt_sheet_row(sh);
        }
    }
}

/* An infeasible scenario: each clash in the words the command prints. */
static fpt_status clashes_sheet(fpt_book *b, const fpt_report_input *in, fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_report_explain(in, &text, &len, err));
    fpt_sheet *sh = fpt_book_table(b, "clashes");
    fpt_sheet_head(sh, "why no plan meets the scenario");
    fpt_sheet_row(sh);
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        fpt_sheet_text(sh, line);
        fpt_sheet_row(sh);
    }
    free(text);
    return FPT_OK;
}

static void solve_provenance(fpt_book *b, const fpt_report_input *in, const fpt_provenance *p)
{
    fpt_sheet *sh = fpt_book_facts(b, "provenance");
    put_versions(sh, "solve");
    put_inputs(sh, in->model, in->scenario, p);
    fpt_sheet_fact_number(sh, "mip gap", FPT_CELL_NUMBER, p->mip_gap);
    fpt_sheet_fact_number(sh, "time limit, s (0: none)", FPT_CELL_NUMBER, p->time_limit_s);
}

typedef struct solve_ctx {
    const fpt_report_input *in;
    const fpt_provenance *prov;
} solve_ctx;

static fpt_status fill_solve(fpt_book *b, const void *ctx, fpt_error *err)
{
    const solve_ctx *c = ctx;
    const fpt_report_input *in = c->in;
    plan_sheet(b, in);
    terms_sheet(b, in);
    if (in->why != NULL) {
        why_sheet(b, in);
        prices_sheet(b, in);
    }
    levels_sheet(b, in);
    real_units_sheet(b, in);
    pools_sheet(b, in);
    totals_sheet(b, in);
    if (in->stability != NULL && has_plan(in->solution)) {
        stability_sheet(b, in);
        stability_functions_sheet(b, in);
    }
    if (in->solution->result == FPT_RESULT_INFEASIBLE) {
        FPT_TRY(clashes_sheet(b, in, err));
    }
    solve_provenance(b, in, c->prov);
    return FPT_OK;
}

fpt_status fpt_xlsx_render_solve(const fpt_report_input *in, const fpt_provenance *prov,
                                 char **data, size_t *len, fpt_error *err)
{
    solve_ctx c = {.in = in, .prov = prov};
    return render(in->scenario->n_levels, fill_solve, &c, data, len, err);
}

/* ---- sweep --------------------------------------------------------------------------------- */

static void scenarios_head(fpt_sheet *sh, const fpt_sweep_report_input *in)
{
    static const char *const heads[] = {"population",
                                        "status",
                                        "message",
                                        "objective, £ a year",
                                        "gap",
                                        "tie broken",
                                        "running cost, £ a year",
                                        "running cost, £ a head a year",
                                        "set-up, £"};
    fpt_sheet_head(sh, "index");
    fpt_sheet_head(sh, "sample");
    for (size_t a = 0; a < in->scenario->n_axes; a++) {
        fpt_sheet_head(sh, in->scenario->axes[a].target);
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        put_criterion_head(sh, k, " weight");
    }
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fpt_sheet_head(sh, in->model->functions[f].id);
    }
    for (size_t f = 0; f < in->model->n_functions; f++) {
        char head[160];
        snprintf(head, sizeof head, "%s, £ a year", in->model->functions[f].id);
        fpt_sheet_head(sh, head);
    }
    fpt_sheet_head(sh, "why infeasible");
    fpt_sheet_head(sh, "why infeasible, in words");
    fpt_sheet_row(sh);
}

/* An infeasible scenario's reason ("budget+pool:analysts", sentences: false) or solve's
 * sentences on each clash, joined by "; " (true), as the CSV writes them; NULL when out of
 * memory, else the caller frees it. */
static char *reason_text(const fpt_sweep_report_input *in, const fpt_sweep_result *r,
                         bool sentences)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL) {
        return NULL;
    }
    if (!sentences) {
        fpt_sweep_write_reason(out, in->model, r->clashes, r->n_clashes);
    }
    for (size_t i = 0; sentences && i < r->n_clashes; i++) {
        fputs(i == 0 ? "" : "; ", out);
        fpt_explain_clash(out, in->model, in->scenario, r->population, &r->clashes[i]);
    }
    bool failed = ferror(out) != 0;
    if (fclose(out) != 0 || failed) {
        free(text);
        return NULL;
    }
    return text;
}

/* The two why-infeasible cells of a scenario's row: empty unless it has clashes. */
static fpt_status put_reason(fpt_sheet *sh, const fpt_sweep_report_input *in,
                             const fpt_sweep_result *r)
{
    if (r->n_clashes == 0) {
        fpt_sheet_skip(sh);
        fpt_sheet_skip(sh);
        return FPT_OK;
    }
    char *reason = reason_text(in, r, false);
    char *words = reason != NULL ? reason_text(in, r, true) : NULL;
    fpt_sheet_text(sh, reason);
    fpt_sheet_text(sh, words);
    fpt_status st = words != NULL ? FPT_OK : FPT_ENOMEM;
    free(reason);
    free(words);
    return st;
}

/* A scenario's plan: its figures, each function's level and running cost; empty without. */
static void put_scenario_plan(fpt_sheet *sh, const fpt_sweep_report_input *in,
                              const fpt_sweep_result *r)
{
    bool plan = fpt_sweep_result_has_plan(r);
    fpt_sheet_number(sh, FPT_CELL_GBP, plan ? r->objective : NAN);
    fpt_sheet_number(sh, FPT_CELL_GAP, plan ? r->gap : NAN);
    fpt_sheet_text(sh, plan ? (r->tied ? "yes" : "no") : NULL);
    fpt_sheet_number(sh, FPT_CELL_GBP, plan ? r->cost_gbp : NAN);
    fpt_sheet_number(sh, FPT_CELL_PENCE, plan ? r->cost_gbp / r->population : NAN);
    fpt_sheet_number(sh, FPT_CELL_GBP, plan ? r->setup_gbp : NAN);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        if (plan) {
            fpt_sheet_level(sh, r->level[f], in->scenario->levels[r->level[f]].id);
        } else {
            fpt_sheet_skip(sh);
        }
    }
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fpt_sheet_number(sh, FPT_CELL_GBP, plan ? r->function_cost_gbp[f] : NAN);
    }
}

static fpt_status scenarios_sheet(fpt_book *b, const fpt_sweep_report_input *in)
{
    const fpt_sweep_run *run = in->run;
    fpt_sheet *sh = fpt_book_table(b, "scenarios");
    scenarios_head(sh, in);
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        if (!r->done) {
            continue;
        }
        fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)i);
        fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)fpt_variant_sample(in->scenario, i));
        for (size_t a = 0; a < run->n_axes; a++) {
            fpt_sheet_number(sh, FPT_CELL_NUMBER, run->axis_values[i * run->n_axes + a]);
        }
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            fpt_sheet_number(sh, FPT_CELL_RATIO, r->weight[k]);
        }
        fpt_sheet_number(sh, FPT_CELL_COUNT, r->population > 0 ? r->population : NAN);
        fpt_sheet_text(sh, r->status == FPT_OK ? fpt_result_name(r->result) : "error");
        fpt_sheet_text(sh, r->status == FPT_OK ? NULL : r->message);
        put_scenario_plan(sh, in, r);
        FPT_TRY(put_reason(sh, in, r));
        fpt_sheet_row(sh);
    }
    return FPT_OK;
}

/* infeasible.csv: the infeasible scenarios counted by reason, most first. */
static fpt_status infeasible_sheet(fpt_book *b, const fpt_sweep_report_input *in)
{
    static const char *const heads[] = {"why infeasible", "scenarios", "share of the scenarios",
                                        "first scenario"};
    fpt_infeasible_reason *reasons = NULL;
    size_t n = 0;
    FPT_TRY(fpt_sweep_infeasible_reasons(in->run, &reasons, &n));
    size_t done = 0;
    for (size_t i = 0; i < in->run->n_scenarios; i++) {
        done += in->run->results[i].done;
    }
    fpt_sheet *sh = fpt_book_table(b, "infeasible");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    fpt_status st = FPT_OK;
    for (size_t i = 0; st == FPT_OK && i < n; i++) {
        fpt_sweep_result probe = {.clashes = (fpt_clash *)reasons[i].clashes,
                                  .n_clashes = reasons[i].n_clashes};
        char *reason = reason_text(in, &probe, false);
        st = reason != NULL ? FPT_OK : FPT_ENOMEM;
        fpt_sheet_text(sh, reason);
        fpt_sheet_number(sh, FPT_CELL_COUNT, (double)reasons[i].scenarios);
        fpt_sheet_number(sh, FPT_CELL_SHARE, (double)reasons[i].scenarios / (double)done);
        fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)reasons[i].first);
        fpt_sheet_row(sh);
        free(reason);
    }
    free(reasons);
    return st;
}

static void acceptability_head(fpt_sheet *sh, const fpt_scenario *s)
{
    fpt_sheet_head(sh, "function");
    fpt_sheet_head(sh, "scenarios with a plan");
    for (size_t l = 0; l < s->n_levels; l++) {
        char head[160];
        snprintf(head, sizeof head, "share at %s", s->levels[l].id);
        fpt_sheet_head_level(sh, l, head);
    }
    for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
        char head[96];
        snprintf(head, sizeof head, "running cost p%g, £ a head a year", fpt_sweep_percentile(p));
        fpt_sheet_head(sh, head);
    }
    fpt_sheet_row(sh);
}

/* Each function's acceptability: the share of the plans at each level (the summary CSV's). */
static fpt_status acceptability_sheet(fpt_book *b, const fpt_sweep_report_input *in)
{
    const fpt_scenario *s = in->scenario;
    fpt_sheet *sh = fpt_book_table(b, "acceptability");
    acceptability_head(sh, s);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fpt_acceptability row;
        FPT_TRY(fpt_sweep_acceptability(in->run, s->n_levels, f, &row));
        double n = (double)row.n_plans;
        fpt_sheet_text(sh, in->model->functions[f].id);
        fpt_sheet_number(sh, FPT_CELL_COUNT, n);
        for (size_t l = 0; l < s->n_levels; l++) {
            fpt_sheet_number(sh, FPT_CELL_SHARE, n > 0 ? (double)row.count[l] / n : NAN);
        }
        for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
            fpt_sheet_number(sh, FPT_CELL_PENCE, row.cost_per_head_gbp[p]);
        }
        fpt_acceptability_clear(&row);
        fpt_sheet_row(sh);
    }
    return FPT_OK;
}

/* Scenarios by outcome, and the plan's running cost a head across them. */
static fpt_status sweep_totals_sheet(fpt_book *b, const fpt_sweep_report_input *in)
{
    const fpt_sweep_run *run = in->run;
    size_t outcome[4] = {0}; /* with a plan, infeasible, stopped without one, in error */
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        if (r->done) {
            outcome[r->status != FPT_OK                  ? 3
                    : fpt_sweep_result_has_plan(r)       ? 0
                    : r->result == FPT_RESULT_INFEASIBLE ? 1
                                                         : 2]++;
        }
    }
    fpt_acceptability plan;
    FPT_TRY(fpt_sweep_acceptability(run, in->scenario->n_levels, in->model->n_functions, &plan));
    fpt_sheet *sh = fpt_book_facts(b, "totals");
    fpt_sheet_fact_number(sh, "scenarios in the sweep", FPT_CELL_COUNT, (double)run->n_scenarios);
    fpt_sheet_fact_number(sh, "scenarios written", FPT_CELL_COUNT,
                          (double)(outcome[0] + outcome[1] + outcome[2] + outcome[3]));
    fpt_sheet_fact_number(sh, "with a plan", FPT_CELL_COUNT, (double)outcome[0]);
    fpt_sheet_fact_number(sh, "infeasible", FPT_CELL_COUNT, (double)outcome[1]);
    fpt_sheet_fact_number(sh, "stopped at a limit without a plan", FPT_CELL_COUNT,
                          (double)outcome[2]);
    fpt_sheet_fact_number(sh, "in error", FPT_CELL_COUNT, (double)outcome[3]);
    if (in->robust != NULL) {
        fpt_sheet_fact_number(sh, "distinct optimal plans", FPT_CELL_COUNT,
                              (double)in->robust->n_distinct);
        fpt_sheet_fact_number(sh, "share a recommended robust plan is feasible in", FPT_CELL_SHARE,
                              in->robust->min_share);
    }
    for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
        char name[96];
        snprintf(name, sizeof name, "running cost p%g, £ a head a year", fpt_sweep_percentile(p));
        fpt_sheet_fact_number(sh, name, FPT_CELL_PENCE, plan.cost_per_head_gbp[p]);
    }
    fpt_acceptability_clear(&plan);
    return FPT_OK;
}

/* --robust: robust.csv, one row per plan evaluated, the recommended ones marked. */
static void robust_sheet(fpt_book *b, const fpt_sweep_report_input *in)
{
    static const char *const heads[] = {"plan",
                                        "recommended",
                                        "optimal in, scenarios",
                                        "first scenario",
                                        "feasible in, scenarios",
                                        "feasible share",
                                        "expected objective, £ a year",
                                        "worst-case regret, £ a year",
                                        "90th-percentile regret, £ a year"};
    const fpt_robust *r = in->robust;
    fpt_sheet *sh = fpt_book_table(b, "robust plans");
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fpt_sheet_head(sh, in->model->functions[f].id);
    }
    fpt_sheet_row(sh);
    for (size_t p = 0; p < r->n_plans; p++) {
        const fpt_robust_plan *plan = &r->plans[p];
        const char *how = fpt_robust_recommended(r, p);
        fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)(p + 1));
        if (how[0] != '\0') {
            fpt_sheet_mark(sh, how);
        } else {
            fpt_sheet_skip(sh);
        }
        fpt_sheet_number(sh, FPT_CELL_COUNT, (double)plan->optimal_in);
        fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)plan->first);
        fpt_sheet_number(sh, FPT_CELL_COUNT, (double)plan->feasible);
        fpt_sheet_number(sh, FPT_CELL_SHARE, plan->feasible_share);
        fpt_sheet_number(sh, FPT_CELL_GBP, plan->expected_gbp);
        fpt_sheet_number(sh, FPT_CELL_GBP, plan->regret_max_gbp);
        fpt_sheet_number(sh, FPT_CELL_GBP, plan->regret_p90_gbp);
        for (size_t f = 0; f < r->n_functions; f++) {
            fpt_sheet_level(sh, plan->level[f], in->scenario->levels[plan->level[f]].id);
        }
        fpt_sheet_row(sh);
    }
}

static void sweep_provenance(fpt_book *b, const fpt_sweep_report_input *in)
{
    const fpt_provenance *p = in->provenance;
    fpt_sheet *sh = fpt_book_facts(b, "provenance");
    put_versions(sh, "sweep");
    put_inputs(sh, in->model, in->scenario, p);
    fpt_sheet_fact_number(sh, "scenarios", FPT_CELL_COUNT, (double)in->run->n_scenarios);
    fpt_sheet_fact_number(sh, "mip gap", FPT_CELL_NUMBER, p->mip_gap);
    fpt_sheet_fact_number(sh, "time limit, s (0: none)", FPT_CELL_NUMBER, p->time_limit_s);
}

static fpt_status fill_sweep(fpt_book *b, const void *ctx, fpt_error *err)
{
    const fpt_sweep_report_input *in = ctx;
    fpt_status st = scenarios_sheet(b, in);
    if (st == FPT_OK) {
        st = acceptability_sheet(b, in);
    }
    if (st == FPT_OK) {
        st = infeasible_sheet(b, in);
    }
    if (st == FPT_OK && in->robust != NULL) {
        robust_sheet(b, in);
    }
    if (st == FPT_OK) {
        st = sweep_totals_sheet(b, in);
    }
    if (st != FPT_OK) {
        return fpt_error_set(err, st, NULL, 0, "out of memory writing the workbook");
    }
    sweep_provenance(b, in);
    return FPT_OK;
}

fpt_status fpt_xlsx_render_sweep(const fpt_sweep_report_input *in, char **data, size_t *len,
                                 fpt_error *err)
{
    return render(in->scenario->n_levels, fill_sweep, in, data, len, err);
}

/* ---- partitions: districts, and a sizing curve's best -------------------------------------- */

static void units_sheet(fpt_book *b, const char *name, const fpt_geography *g,
                        const fpt_partition *p)
{
    static const char *const heads[] = {"unit",
                                        "centre",
                                        "centre name",
                                        "CCGs",
                                        "population",
                                        "mean distance to the centre, km",
                                        "farthest CCG from the centre, km"};
    fpt_sheet *sh = fpt_book_table(b, name);
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (size_t u = 0; p->units != NULL && u < p->n_units; u++) {
        const fpt_unit *unit = &p->units[u];
        const fpt_ccg *c = &g->ccgs[unit->centre];
        fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)(u + 1));
        fpt_sheet_text(sh, c->code);
        fpt_sheet_text(sh, c->name);
        fpt_sheet_number(sh, FPT_CELL_COUNT, (double)unit->n_members);
        fpt_sheet_number(sh, FPT_CELL_COUNT, unit->pop);
        fpt_sheet_number(sh, FPT_CELL_TENTHS, unit->mean_km);
        fpt_sheet_number(sh, FPT_CELL_TENTHS, unit->max_km);
        fpt_sheet_row(sh);
    }
}

/* One row per CCG, the columns of districts --format csv. */
static void ccgs_sheet(fpt_book *b, const char *name, const fpt_geography *g,
                       const fpt_partition *p)
{
    static const char *const heads[] = {
        "code",           "name",        "population",
        "latitude",       "longitude",   "unit",
        "centre",         "centre name", "distance to the centre, km",
        "unit population"};
    fpt_sheet *sh = fpt_book_table(b, name);
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    fpt_sheet_row(sh);
    for (size_t i = 0; p->units != NULL && i < p->n_ccgs; i++) {
        const fpt_ccg *c = &g->ccgs[i];
        const fpt_unit *unit = &p->units[p->unit_of[i]];
        const fpt_ccg *centre = &g->ccgs[unit->centre];
        fpt_sheet_text(sh, c->code);
        fpt_sheet_text(sh, c->name);
        fpt_sheet_number(sh, FPT_CELL_COUNT, c->pop);
        fpt_sheet_number(sh, FPT_CELL_DEGREES, c->lat_deg);
        fpt_sheet_number(sh, FPT_CELL_DEGREES, c->lon_deg);
        fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)(p->unit_of[i] + 1));
        fpt_sheet_text(sh, centre->code);
        fpt_sheet_text(sh, centre->name);
        fpt_sheet_number(sh, FPT_CELL_TENTHS, p->dist_km[i]);
        fpt_sheet_number(sh, FPT_CELL_COUNT, unit->pop);
        fpt_sheet_row(sh);
    }
}

static void partition_summary(fpt_book *b, const fpt_geography *g, const fpt_partition *p)
{
    bool parted = p->units != NULL;
    fpt_sheet *sh = fpt_book_facts(b, "summary");
    fpt_sheet_fact_text(sh, "status", fpt_districts_result_name(p->result));
    fpt_sheet_fact_number(sh, "CCGs", FPT_CELL_COUNT, (double)p->n_ccgs);
    fpt_sheet_fact_number(sh, "units", FPT_CELL_COUNT, (double)p->n_units);
    fpt_sheet_fact_number(sh, "target population", FPT_CELL_COUNT, p->target_pop);
    fpt_sheet_fact_number(sh, "smallest population allowed", FPT_CELL_COUNT, p->pop_min);
    fpt_sheet_fact_number(sh, "largest population allowed", FPT_CELL_COUNT, p->pop_max);
    fpt_sheet_fact_number(sh, "objective, person-km", FPT_CELL_COUNT, parted ? p->objective : NAN);
    fpt_sheet_fact_number(sh, "mean distance to the centre, km a person", FPT_CELL_RATIO,
                          parted ? p->objective / g->pop_total : NAN);
    fpt_sheet_fact_number(sh, "bound, person-km", FPT_CELL_COUNT, parted ? p->bound : NAN);
    fpt_sheet_fact_number(sh, "gap", FPT_CELL_GAP, parted ? p->gap : NAN);
    fpt_sheet_fact_number(sh, "heuristic's partition, person-km", FPT_CELL_COUNT,
                          parted ? p->heuristic : NAN);
    fpt_sheet_fact_number(sh, "CCG–centre pairs", FPT_CELL_COUNT, (double)p->n_pairs);
    fpt_sheet_fact_number(sh, "pairs kept by the pruning", FPT_CELL_COUNT, (double)p->n_pairs_kept);
    for (size_t r = 0; r < p->n_reasons; r++) {
        fpt_sheet_fact_text(sh, "why no partition exists", p->reasons[r]);
    }
}

typedef struct partition_ctx {
    const fpt_geography *g;
    const fpt_partition *p;
    const fpt_districts_options *o;
    const char *geography_hash;
} partition_ctx;

static void partition_provenance(fpt_book *b, const partition_ctx *c)
{
    fpt_sheet *sh = fpt_book_facts(b, "provenance");
    put_versions(sh, "districts");
    fpt_sheet_fact_text(sh, "geography file", c->g->file);
    fpt_sheet_fact_text(sh, "geography fnv1a64", c->geography_hash);
    fpt_sheet_fact_number(sh, "units asked (0: from the target)", FPT_CELL_COUNT,
                          (double)c->o->n_units);
    fpt_sheet_fact_number(sh, "target population asked (0: from the units)", FPT_CELL_COUNT,
                          c->o->target_pop);
    fpt_sheet_fact_number(sh, "tolerance", FPT_CELL_NUMBER, c->o->tolerance);
    fpt_sheet_fact_number(sh, "time limit, s (0: none)", FPT_CELL_NUMBER, c->o->time_limit_s);
    fpt_sheet_fact_number(sh, "mip gap", FPT_CELL_NUMBER, c->o->mip_gap);
    fpt_sheet_fact_text(sh, "plain", c->o->plain ? "yes" : "no");
}

static fpt_status fill_partition(fpt_book *b, const void *ctx, fpt_error *err)
{
    (void)err;
    const partition_ctx *c = ctx;
    units_sheet(b, "units", c->g, c->p);
    ccgs_sheet(b, "CCGs", c->g, c->p);
    partition_summary(b, c->g, c->p);
    partition_provenance(b, c);
    return FPT_OK;
}

fpt_status fpt_xlsx_render_partition(const fpt_geography *g, const fpt_partition *p,
                                     const fpt_districts_options *o, const char *geography_hash,
                                     char **data, size_t *len, fpt_error *err)
{
    partition_ctx c = {.g = g, .p = p, .o = o, .geography_hash = geography_hash};
    return render(0, fill_partition, &c, data, len, err);
}

/* ---- sizing -------------------------------------------------------------------------------- */

static void sizing_head(fpt_sheet *sh)
{
    static const char *const heads[] = {"units",
                                        "districting",
                                        "gap",
                                        "smallest unit, people",
                                        "largest unit, people",
                                        "mean distance to the unit's centre, km",
                                        "remoteness (0 local – 1 national)",
                                        "spread of customers (0 – 1)",
                                        "WTE",
                                        "cost, £ a head a year",
                                        "penalty, £ a head a year",
                                        "weighted total, £ a head a year",
                                        "least weighted total"};
    put_heads(sh, heads, sizeof heads / sizeof heads[0]);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        put_criterion_head(sh, k, ", £ a year");
    }
    fpt_sheet_row(sh);
}

/* One number of units; a K that was not districted shows its status alone. */
static void sizing_row(fpt_sheet *sh, const fpt_sizing_point *pt, bool best)
{
    fpt_sheet_number(sh, FPT_CELL_WHOLE, (double)pt->k);
    fpt_sheet_text(sh, fpt_districts_result_name(pt->districting));
    if (pt->partition == NULL) {
        fpt_sheet_row(sh);
        return;
    }
    fpt_sheet_number(sh, FPT_CELL_GAP, pt->gap);
    fpt_sheet_number(sh, FPT_CELL_COUNT, pt->pop_min);
    fpt_sheet_number(sh, FPT_CELL_COUNT, pt->pop_max);
    fpt_sheet_number(sh, FPT_CELL_TENTHS, pt->distance_km);
    fpt_sheet_number(sh, FPT_CELL_RATIO, pt->remoteness);
    fpt_sheet_number(sh, FPT_CELL_RATIO, pt->spread);
    fpt_sheet_number(sh, FPT_CELL_TENTHS, pt->wte);
    fpt_sheet_number(sh, FPT_CELL_PENCE, pt->cost_per_head);
    fpt_sheet_number(sh, FPT_CELL_PENCE, pt->penalty_per_head);
    fpt_sheet_number(sh, FPT_CELL_PENCE, pt->weighted_per_head);
    if (best) {
        fpt_sheet_mark(sh, "best");
    } else {
        fpt_sheet_skip(sh);
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_sheet_number(sh, FPT_CELL_GBP, pt->term_gbp[k]);
    }
    fpt_sheet_row(sh);
}

typedef struct sizing_ctx {
    const fpt_model *m;
    const fpt_scenario *s;
    const fpt_geography *g;
    const fpt_sizing *z;
    const fpt_sizing_options *o;
    const fpt_provenance *prov;
} sizing_ctx;

static void sizing_provenance(fpt_book *b, const sizing_ctx *c)
{
    fpt_sheet *sh = fpt_book_facts(b, "provenance");
    put_versions(sh, "size");
    put_inputs(sh, c->m, c->s, c->prov);
    fpt_sheet_fact_text(sh, "function", c->m->functions[c->z->function].id);
    fpt_sheet_fact_text(sh, "level districted", c->s->levels[c->z->level].id);
    fpt_sheet_fact_number(sh, "units from", FPT_CELL_COUNT, (double)c->o->k_min);
    fpt_sheet_fact_number(sh, "units to", FPT_CELL_COUNT, (double)c->o->k_max);
    fpt_sheet_fact_number(sh, "tolerance", FPT_CELL_NUMBER, c->z->tolerance);
    fpt_sheet_fact_number(sh, "time limit of each districting, s (0: none)", FPT_CELL_NUMBER,
                          c->o->time_limit_s);
}

/* The least weighted total, restated, and the note when it sits at an edge of the range. */
static void sizing_summary(fpt_book *b, const sizing_ctx *c)
{
    const fpt_sizing *z = c->z;
    fpt_sheet *sh = fpt_book_facts(b, "summary");
    fpt_sheet_fact_text(sh, "the plan placing the other functions",
                        fpt_result_name(z->plan->result));
    if (z->best < 0) {
        fpt_sheet_fact_text(sh, "note",
                            "No number of units could be districted within the "
                            "bounds.");
        return;
    }
    const fpt_sizing_point *pt = &z->points[z->best];
    fpt_sheet_fact_number(sh, "least weighted total at, units", FPT_CELL_COUNT, (double)pt->k);
    fpt_sheet_fact_number(sh, "smallest unit, people", FPT_CELL_COUNT, pt->pop_min);
    fpt_sheet_fact_number(sh, "largest unit, people", FPT_CELL_COUNT, pt->pop_max);
    fpt_sheet_fact_number(sh, "weighted total, £ a head a year", FPT_CELL_PENCE,
                          pt->weighted_per_head);
    fpt_sheet_fact_number(sh, "cost, £ a head a year", FPT_CELL_PENCE, pt->cost_per_head);
    fpt_sheet_fact_number(sh, "penalty, £ a head a year", FPT_CELL_PENCE, pt->penalty_per_head);
    char note[700];
    if (fpt_sizing_edge_note(z, note, sizeof note)) {
        fpt_sheet_fact_text(sh, "note", note);
    }
}

static fpt_status fill_sizing(fpt_book *b, const void *ctx, fpt_error *err)
{
    (void)err;
    const sizing_ctx *c = ctx;
    const fpt_sizing *z = c->z;
    fpt_sheet *sh = fpt_book_table(b, "sizing");
    sizing_head(sh);
    for (size_t i = 0; i < z->n_points; i++) {
        sizing_row(sh, &z->points[i], (long)i == z->best);
    }
    sizing_summary(b, c);
    if (z->best >= 0 && c->g != NULL) {
        units_sheet(b, "best units", c->g, z->points[z->best].partition);
        ccgs_sheet(b, "best CCGs", c->g, z->points[z->best].partition);
    }
    sizing_provenance(b, c);
    return FPT_OK;
}

fpt_status fpt_xlsx_render_sizing(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                                  const fpt_sizing *z, const fpt_sizing_options *o,
                                  const fpt_provenance *prov, char **data, size_t *len,
                                  fpt_error *err)
{
    sizing_ctx c = {.m = m, .s = s, .g = g, .z = z, .o = o, .prov = prov};
    return render(0, fill_sizing, &c, data, len, err);
}
