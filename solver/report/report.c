/* SPDX-License-Identifier: MIT */
/*
 * Renders a solved scenario (footprint/report.h) as a table, CSV or JSON, explains infeasible
 * scenarios, and writes output files by the rule of base/outfile.h (a regular file replaced
 * whole, a FIFO or device written through, anything else refused).
 *
 * Text is built in memory (base/text.h); JSON with Jansson, which refuses NaN and
 * infinities, so a non-finite number can never reach a JSON file (it becomes null here).
 * Money is £ a year unless a name says otherwise; per-head figures divide by Pop.
 */
#include "footprint/report.h"

#include <assert.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"
#include "base/text.h"
#include "report/report_explain.h"
#include "report/report_stability.h"
#include "report/report_why.h"

static const char *const FORMAT_NAMES[] = {"table", "csv", "json"};

int fpt_format_from_name(const char *name)
{
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, FORMAT_NAMES[i]) == 0) {
            return i;
        }
    }
    return -1;
}

/* Totals a report needs beyond the solution's own. */
typedef struct plan_figures {
    double all_local_running_gbp; /* every function at the local level */
    double payback_years;         /* NAN when the plan saves nothing */
    double envelope_gbp;          /* allowance × Pop × share */
    fpt_payback payback;          /* against the current footprint (fpt_appraisal_payback) */
} plan_figures;

static plan_figures compute_figures(const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    plan_figures p = {.payback_years = NAN, .envelope_gbp = a->budget_gbp};
    for (size_t f = 0; f < a->n_functions; f++) {
        p.all_local_running_gbp += fpt_appraisal_cell(a, f, 0)->running_gbp;
    }
    fpt_appraisal_payback(a, &in->solution->eval, &p.payback);
    p.payback_years = p.payback.years;
    return p;
}

/* Transition figures of one function, or of the plan (f == n_functions): £ one-off. */
typedef struct transition_figures {
    double freed_wte, redundancy_gbp, double_running_gbp, productivity_gbp, once_gbp, term_gbp;
} transition_figures;

static transition_figures transition_of(const fpt_report_input *in, size_t f)
{
    const fpt_appraisal *a = in->appraisal;
    transition_figures t = {0};
    for (size_t g = 0; g < a->n_functions; g++) {
        if (f < a->n_functions && g != f) {
            continue;
        }
        const fpt_cell *c = fpt_appraisal_cell(a, g, in->solution->level[g]);
        t.freed_wte += c->freed_wte;
        t.redundancy_gbp += c->redundancy_gbp;
        t.double_running_gbp += c->double_running_gbp;
        t.productivity_gbp += c->productivity_gbp;
        t.once_gbp += c->transition_gbp;
        t.term_gbp += c->transition_term_gbp;
    }
    return t;
}

static bool has_plan(const fpt_solution *s)
{
    return s->result == FPT_RESULT_OPTIMAL || s->result == FPT_RESULT_LIMIT ||
           s->result == FPT_RESULT_GAP;
}

static void write_levels(FILE *out, const fpt_report_input *in)
{
    const fpt_scenario *s = in->scenario;
    char pop[64];
    fpt_text_grouped(pop, sizeof pop, s->population);
    fprintf(out, "Population %s. Levels:", pop);
    for (size_t l = 0; l < s->n_levels; l++) {
        fpt_text_grouped(pop, sizeof pop, s->levels[l].unit_pop);
        fprintf(out, "%s %s %ld x %s", l == 0 ? "" : ";", s->levels[l].id, s->levels[l].n_units,
                pop);
    }
    fprintf(out, ".\n\n");
    if (s->geography == NULL) {
        return;
    }
    char shown[4096];
    fpt_text_path_tidy(s->geography_path != NULL ? s->geography_path : s->geography, shown,
                       sizeof shown);
    fprintf(out, "Real units from %s (docs/model.md \"Real units\"):\n", shown);
    fprintf(out, "%-16s %-10s %6s %12s %12s %9s %10s %9s %6s\n", "level", "grouping", "units",
            "smallest", "largest", "mean km", "remoteness", "CCGs/unit", "spread");
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        double lo = INFINITY, hi = 0;
        for (size_t u = 0; lv->units != NULL && u < (size_t)lv->n_units; u++) {
            lo = fmin(lo, lv->units[u].pop);
            hi = fmax(hi, lv->units[u].pop);
        }
        char small[64], large[64];
        fpt_text_grouped(small, sizeof small, lo);
        fpt_text_grouped(large, sizeof large, hi);
        fprintf(out, "%-16s %-10s %6ld %12s %12s %9.1f %10.3f %9.2f %6.3f\n", lv->id,
                fpt_grouping_name(lv->grouping), lv->n_units, small, large, lv->distance_km,
                in->appraisal->remoteness[l], lv->customers, in->appraisal->spread[l]);
    }
    fputs("mean km: a person's mean distance to the unit's centre. Remoteness and spread run "
          "from 0\n(each CCG its own unit) to 1 (one national unit); CCGs/unit is the geometric "
          "mean a customer sees.\n\n",
          out);
}

static void write_table_row(FILE *out, const char *id, const char *category, const char *level,
                            long units, double wte, double cost_gbp, double per_head,
                            const char *transition, const char *why)
{
    char cost[64], count[32] = "";
    fpt_text_grouped(cost, sizeof cost, cost_gbp / 1000.0);
    if (units > 0) { /* the total row has no unit count */
        snprintf(count, sizeof count, "%ld", units);
    }
    fprintf(out, "%-34s %-30s %-14s %6s %9.1f %10s %8.2f", id, category, level, count, wte, cost,
            per_head);
    if (transition != NULL) {              /* only when the scenario gives a transition */
        fprintf(out, " %14s", transition); /* the header's £ is two bytes */
    }
    fprintf(out, why != NULL && why[0] != '\0' ? "  %s\n" : "\n", why);
}

/* The one-off transition £k of function f (the plan's at f == n_functions), or NULL when the
 * scenario gives no transition. */
static const char *table_transition(const fpt_report_input *in, size_t f, char *buf, size_t size)
{
    if (!in->appraisal->has_transition) {
        return NULL;
    }
    fpt_text_grouped(buf, size, transition_of(in, f).once_gbp / 1000.0);
    return buf;
}

static void write_table_functions(FILE *out, const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_solution *sol = in->solution;
    fprintf(out, "%-34s %-30s %-14s %6s %9s %10s %8s", "function", "category", "level", "units",
            "WTE", "£k/yr", "£/head");
    fprintf(out, "%s%s\n", a->has_transition ? "  transition £k" : "",
            in->why != NULL ? "  why" : "");
    char moved[64];
    for (size_t f = 0; f < a->n_functions; f++) {
        const fpt_function *fn = &in->model->functions[f];
        size_t l = sol->level[f];
        const fpt_cell *c = fpt_appraisal_cell(a, f, l);
        char why[512];
        fpt_report_why_line(in, f, why, sizeof why);
        write_table_row(out, fn->id, fn->category, in->scenario->levels[l].id, a->n_units[l],
                        c->wte, c->running_gbp, c->running_gbp / a->population,
                        table_transition(in, f, moved, sizeof moved), why);
    }
    write_table_row(out, "total", "", "", 0, sol->eval.wte, sol->eval.running_gbp,
                    sol->eval.running_gbp / a->population,
                    table_transition(in, a->n_functions, moved, sizeof moved), NULL);
}

/* The count of fragile and tied functions, under the table. */
static void write_table_fragile(FILE *out, const fpt_report_input *in)
{
    const fpt_why *w = in->why;
    if (w == NULL) {
        return;
    }
    size_t fragile = 0, tied = 0, held = 0;
    for (size_t f = 0; f < w->n_functions; f++) {
        fragile += w->functions[f].fragile;
        tied += w->functions[f].tied;
        held += w->functions[f].held;
    }
    char money[32];
    fpt_why_money(money, sizeof money, w->fragile_below * fabs(w->objective));
    fprintf(out,
            "\n%zu of %zu functions fragile (a margin under %s, %.3g%% of the objective; a level "
            "that moves within ±%.0f%% of a weight; or a tie), %zu tied, %zu held by a lock, "
            "the budget or a pool.\n",
            fragile, w->n_functions, money, 100.0 * w->fragile_below, 100.0 * w->weight_band, tied,
            held);
}

static void write_table_pools(FILE *out, const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    if (a->n_pools == 0) {
        return;
    }
    fprintf(out, "\n%-34s %14s %12s\n", "skill pool", "scarce WTE", "supply");
    for (size_t r = 0; r < a->n_pools; r++) {
        char supply[32] = "unlimited";
        if (a->pool_limited[r]) {
            snprintf(supply, sizeof supply, "%.1f", a->pool_supply_wte[r]);
        }
        fprintf(out, "%-34s %14.1f %12s\n", in->model->pools[r].id, in->solution->pool_use[r],
                supply);
    }
    fputc('\n', out);
}

/* The plan's transition: what it costs once, of what, and its annual equivalent. */
static void write_table_transition(FILE *out, const fpt_report_input *in)
{
    transition_figures t = transition_of(in, in->appraisal->n_functions);
    char once[64], red[64], dbl[64], prod[64], year[64];
    fpt_text_grouped(once, sizeof once, t.once_gbp / 1000.0);
    fpt_text_grouped(red, sizeof red, t.redundancy_gbp / 1000.0);
    fpt_text_grouped(dbl, sizeof dbl, t.double_running_gbp / 1000.0);
    fpt_text_grouped(prod, sizeof prod, t.productivity_gbp / 1000.0);
    fpt_text_grouped(year, sizeof year, t.term_gbp / 1000.0);
    fprintf(out,
            "Transition from the current footprint £%sk once: redundancy £%sk (%.1f WTE no longer "
            "needed), double running £%sk, lost productivity £%sk; £%sk a year over the horizon, "
            "weight %.3g.\n",
            once, red, t.freed_wte, dbl, prod, year, in->appraisal->transition_weight);
}

static void write_table_summary(FILE *out, const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_solution *sol = in->solution;
    const fpt_scenario *s = in->scenario;
    plan_figures p = compute_figures(in);
    char setup[64];
    fpt_text_grouped(setup, sizeof setup, sol->eval.setup_gbp / 1000.0);
    fprintf(out, "\nRunning cost £%.2f per head a year against an allowance of £%.2f per head;\n",
            sol->eval.running_gbp / a->population, s->allowance_per_head_gbp);
    fprintf(out, "the commissioning support envelope is £%.2f per head (%.1f%% used).\n",
            p.envelope_gbp / a->population, 100.0 * sol->eval.running_gbp / p.envelope_gbp);
    const char *against = p.payback.from_local ? "the all-local plan" : "the current footprint";
    if (a->has_transition) {
        write_table_transition(out, in);
        char once[64];
        fpt_text_grouped(once, sizeof once, sol->eval.transition_gbp / 1000.0);
        fprintf(out, "Set-up investment £%sk and transition £%sk; ", setup, once);
    } else {
        fprintf(out, "Set-up investment £%sk; ", setup);
    }
    if (isnan(p.payback_years)) {
        fprintf(out, "no running-cost saving over %s.\n", against);
    } else {
        fprintf(out, "payback %.1f years against %s.\n", p.payback_years, against);
    }
    write_table_pools(out, in);
    char obj[64];
    fpt_text_grouped(obj, sizeof obj, sol->objective);
    fprintf(out, "Solver: %s%s; objective £%s a year; gap %.2f%%.\n", fpt_result_name(sol->result),
            sol->tied ? " (tie broken by the documented rule)" : "", obj, 100.0 * sol->gap);
}

static fpt_status render_table(FILE *out, const fpt_report_input *in)
{
    const char *title = in->scenario->title ? in->scenario->title : in->scenario->id;
    fprintf(out, "%s — %s\n", in->model->title ? in->model->title : in->model->id, title);
    write_levels(out, in);
    if (!has_plan(in->solution)) {
        fprintf(out, "Solver: %s; no plan.\n", fpt_result_name(in->solution->result));
        return FPT_OK;
    }
    write_table_functions(out, in);
    write_table_fragile(out, in);
    write_table_summary(out, in);
    if (in->stability != NULL) {
        fpt_stability_write_table(out, in->model, in->scenario, in->stability);
    }
    return FPT_OK;
}

static void write_csv_header(FILE *out, const fpt_report_input *in)
{
    fputs("function,name,category,level,units,wte,running_gbp,setup_gbp,running_gbp_per_head", out);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fprintf(out, ",t%d_%s_gbp", k + 1, fpt_criterion_id(k));
    }
    if (in->appraisal->has_transition) {
        fputs(",t9_transition_gbp,transition_once_gbp,current_level", out);
    }
    if (in->why != NULL) {
        fputc(',', out);
        fpt_why_csv_header(out, in->scenario);
    }
    fputc('\n', out);
}

/* The terms, then function f's why columns. */
static void write_csv_terms(FILE *out, const fpt_report_input *in, const double *term, size_t f)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_csv_number(out, term[k], FPT_CSV_GBP);
    }
    if (in->appraisal->has_transition) {
        transition_figures t = transition_of(in, f);
        fprintf(out, ",%.2f,%.2f,", t.term_gbp, t.once_gbp);
        if (f < in->appraisal->n_functions) {
            fputs(in->scenario->levels[in->appraisal->current[f]].id, out);
        }
    }
    if (in->why != NULL) {
        fpt_why_csv_fields(out, in, f);
    }
    fputc('\n', out);
}

/* A scenario without a plan: its status and, when infeasible, one row per clash in solve's
 * words, so that the file says why instead of being a bare header. */
static fpt_status render_csv_no_plan(FILE *out, const fpt_report_input *in)
{
    const fpt_solution *sol = in->solution;
    fputs("status,clash\n", out);
    for (size_t i = 0; i < sol->n_clashes; i++) {
        char *text = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&text, &len);
        if (mem == NULL) {
            return FPT_ENOMEM;
        }
        fpt_explain_clash(mem, in->model, in->scenario, in->appraisal->population,
                          &sol->clashes[i]);
        bool ok = fclose(mem) == 0 && text != NULL;
        fprintf(out, "%s,", fpt_result_name(sol->result));
        fpt_csv_field(out, ok ? text : "");
        fputc('\n', out);
        free(text);
        if (!ok) {
            return FPT_ENOMEM;
        }
    }
    if (sol->n_clashes == 0) {
        fprintf(out, "%s,\n", fpt_result_name(sol->result));
    }
    return FPT_OK;
}

static fpt_status render_csv(FILE *out, const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_solution *sol = in->solution;
    if (!has_plan(sol)) {
        return render_csv_no_plan(out, in);
    }
    write_csv_header(out, in);
    for (size_t f = 0; f < a->n_functions; f++) {
        const fpt_function *fn = &in->model->functions[f];
        size_t l = sol->level[f];
        const fpt_cell *c = fpt_appraisal_cell(a, f, l);
        double term[FPT_N_CRITERIA];
        memcpy(term, c->term_gbp, sizeof term);
        term[FPT_K_LINKS] = fpt_appraisal_link_share(a, sol->level, f);
        fpt_csv_field(out, fn->id);
        fputc(',', out);
        fpt_csv_field(out, fn->name);
        fprintf(out, ",%s,%s,%ld", fn->category, in->scenario->levels[l].id, a->n_units[l]);
        fpt_csv_number(out, c->wte, FPT_CSV_TENTHS);
        fpt_csv_number(out, c->running_gbp, FPT_CSV_GBP);
        fpt_csv_number(out, c->setup_gbp, FPT_CSV_GBP);
        fpt_csv_number(out, c->running_gbp / a->population, FPT_CSV_GBP);
        write_csv_terms(out, in, term, f);
    }
    return FPT_OK;
}

/* The plan's totals as one record (the sidecar of --format csv --output, docs/cli.md):
 * empty fields where there is no plan. */
static fpt_status render_totals_csv(FILE *out, const fpt_report_input *in)
{
    const fpt_solution *sol = in->solution;
    const fpt_appraisal *a = in->appraisal;
    bool plan = has_plan(sol);
    plan_figures p = compute_figures(in);
    fputs("status,objective_gbp,bound_gbp,gap,tie_broken,population,allowance_per_head_gbp,"
          "envelope_gbp,envelope_per_head_gbp,cost_total_gbp,cost_per_head_gbp,envelope_used,"
          "setup_total_gbp,all_local_cost_gbp,payback_years,wte_total",
          out);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fprintf(out, ",t%d_%s_gbp", k + 1, fpt_criterion_id(k));
    }
    fputs(a->has_transition ? ",t9_transition_gbp,transition_once_gbp" : "", out);
    fprintf(out, "\n%s", fpt_result_name(sol->result));
    fpt_csv_number(out, plan ? sol->objective : NAN, FPT_CSV_GBP);
    fpt_csv_number(out, plan ? sol->bound : NAN, FPT_CSV_GBP);
    fpt_csv_number(out, plan ? sol->gap : NAN, FPT_CSV_RATIO);
    fprintf(out, ",%s", sol->tied ? "yes" : "no");
    fpt_csv_number(out, in->scenario->population, FPT_CSV_WHOLE);
    fpt_csv_number(out, in->scenario->allowance_per_head_gbp, FPT_CSV_GBP);
    fpt_csv_number(out, a->budget_gbp, FPT_CSV_GBP);
    fpt_csv_number(out, a->budget_gbp / a->population, FPT_CSV_GBP);
    const fpt_plan_eval *e = &sol->eval;
    fpt_csv_number(out, plan ? e->running_gbp : NAN, FPT_CSV_GBP);
    fpt_csv_number(out, plan ? e->running_gbp / a->population : NAN, FPT_CSV_GBP);
    fpt_csv_number(out, plan ? e->running_gbp / a->budget_gbp : NAN, FPT_CSV_RATIO);
    fpt_csv_number(out, plan ? e->setup_gbp : NAN, FPT_CSV_GBP);
    fpt_csv_number(out, plan ? p.all_local_running_gbp : NAN, FPT_CSV_GBP);
    fpt_csv_number(out, plan ? p.payback_years : NAN, FPT_CSV_TENTHS);
    fpt_csv_number(out, plan ? e->wte : NAN, FPT_CSV_TENTHS);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_csv_number(out, plan ? e->term_gbp[k] : NAN, FPT_CSV_GBP);
    }
    if (a->has_transition) {
        transition_figures t = plan ? transition_of(in, a->n_functions) : (transition_figures){0};
        fpt_csv_number(out, plan ? t.term_gbp : NAN, FPT_CSV_GBP);
        fpt_csv_number(out, plan ? t.once_gbp : NAN, FPT_CSV_GBP);
    }
    fputc('\n', out);
    return FPT_OK;
}

/* Jansson refuses non-finite reals; they become null. */
static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *terms_json(const double *term)
{
    json_t *o = json_object();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        o = fpt_json_put(o, fpt_criterion_id(k), real_or_null(term[k]));
    }
    return o;
}

/* Function f's transition, or the plan's (f == n_functions). */
static json_t *transition_json(const fpt_report_input *in, size_t f)
{
    transition_figures t = transition_of(in, f);
    json_t *o = json_object();
    o = fpt_json_put(o, "freed_wte", real_or_null(t.freed_wte));
    o = fpt_json_put(o, "redundancy_gbp", real_or_null(t.redundancy_gbp));
    o = fpt_json_put(o, "double_running_gbp", real_or_null(t.double_running_gbp));
    o = fpt_json_put(o, "productivity_gbp", real_or_null(t.productivity_gbp));
    o = fpt_json_put(o, "once_gbp", real_or_null(t.once_gbp));
    return fpt_json_put(o, "annual_gbp", real_or_null(t.term_gbp));
}

/* The plan's transition with the scenario's costs, their bases and the payback's baseline. */
static json_t *plan_transition_json(const fpt_report_input *in, const plan_figures *p)
{
    const fpt_transition *tr = &in->scenario->transition;
    const fpt_transition_cost *cost[3] = {&tr->redundancy, &tr->double_running, &tr->productivity};
    const char *name[3] = {"redundancy", "double_running", "productivity_loss"};
    json_t *o = transition_json(in, in->appraisal->n_functions);
    o = fpt_json_put(o, "weight", real_or_null(tr->weight));
    o = fpt_json_put(o, "current_cost_gbp", real_or_null(p->payback.baseline_running_gbp));
    o = fpt_json_put(o, "payback_against",
                     json_string(p->payback.from_local ? "all-local" : "current"));
    json_t *months = json_object();
    for (int i = 0; i < 3; i++) {
        months = fpt_json_put(
            months, name[i],
            json_pack("{s:o, s:o}", "months", real_or_null(cost[i]->months), "basis",
                      cost[i]->basis != NULL ? json_string(cost[i]->basis) : json_null()));
    }
    return fpt_json_put(o, "costs", months);
}

static json_t *assignment_json(const fpt_report_input *in, size_t f)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_function *fn = &in->model->functions[f];
    size_t l = in->solution->level[f];
    const fpt_cell *c = fpt_appraisal_cell(a, f, l);
    double term[FPT_N_CRITERIA];
    memcpy(term, c->term_gbp, sizeof term);
    term[FPT_K_LINKS] = fpt_appraisal_link_share(a, in->solution->level, f);
    json_t *o = json_object();
    o = fpt_json_put(o, "function", json_string(fn->id));
    o = fpt_json_put(o, "name", json_string(fn->name));
    o = fpt_json_put(o, "category", json_string(fn->category));
    o = fpt_json_put(o, "level", json_string(in->scenario->levels[l].id));
    o = fpt_json_put(o, "units", json_integer(a->n_units[l]));
    o = fpt_json_put(o, "wte", real_or_null(c->wte));
    o = fpt_json_put(o, "cost_gbp", real_or_null(c->running_gbp));
    o = fpt_json_put(o, "setup_gbp", real_or_null(c->setup_gbp));
    o = fpt_json_put(o, "cost_per_head_gbp", real_or_null(c->running_gbp / a->population));
    o = fpt_json_put(o, "terms_gbp", terms_json(term));
    if (a->has_transition) {
        json_t *t = transition_json(in, f);
        o = fpt_json_put(
            o, "transition",
            fpt_json_put(t, "current_level", json_string(in->scenario->levels[a->current[f]].id)));
    }
    if (in->why != NULL) {
        o = fpt_json_put(o, "why", fpt_why_function_json(in, f));
    }
    return o;
}

/* A grouped level's real units (docs/model.md "Real units"). */
static json_t *real_units_json(json_t *o, const fpt_level *lv)
{
    o = fpt_json_put(o, "grouping", json_string(fpt_grouping_name(lv->grouping)));
    o = fpt_json_put(o, "distance_km", real_or_null(lv->distance_km));
    o = fpt_json_put(o, "customers", real_or_null(lv->customers));
    json_t *units = json_array();
    for (size_t u = 0; lv->units != NULL && u < (size_t)lv->n_units; u++) {
        const fpt_real_unit *unit = &lv->units[u];
        units = fpt_json_push(
            units, json_pack("{s:s, s:s, s:o, s:I, s:o}", "label", unit->label, "centre",
                             unit->centre, "population", real_or_null(unit->pop), "ccgs",
                             (json_int_t)unit->n_members, "mean_km", real_or_null(unit->mean_km)));
    }
    return fpt_json_put(o, "real_units", units);
}

static json_t *levels_json(const fpt_scenario *s, const fpt_appraisal *a)
{
    json_t *arr = json_array();
    for (size_t l = 0; l < s->n_levels; l++) {
        json_t *o = json_object();
        o = fpt_json_put(o, "id", json_string(s->levels[l].id));
        o = fpt_json_put(o, "name",
                         json_string(s->levels[l].name ? s->levels[l].name : s->levels[l].id));
        o = fpt_json_put(o, "units", json_integer(s->levels[l].n_units));
        o = fpt_json_put(o, "unit_population", real_or_null(s->levels[l].unit_pop));
        o = fpt_json_put(o, "remoteness", real_or_null(a->remoteness[l]));
        o = fpt_json_put(o, "spread", real_or_null(a->spread[l]));
        if (s->geography != NULL) {
            o = real_units_json(o, &s->levels[l]);
        }
        arr = fpt_json_push(arr, o);
    }
    return arr;
}

static json_t *pools_json(const fpt_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    json_t *arr = json_array();
    for (size_t r = 0; r < a->n_pools; r++) {
        json_t *o = json_object();
        o = fpt_json_put(o, "id", json_string(in->model->pools[r].id));
        o = fpt_json_put(o, "used_wte",
                         has_plan(in->solution) ? real_or_null(in->solution->pool_use[r])
                                                : json_null());
        o = fpt_json_put(o, "supply_wte",
                         a->pool_limited[r] ? real_or_null(a->pool_supply_wte[r]) : json_null());
        o = fpt_json_put(o, "premium_gbp", real_or_null(a->pool_premium_gbp[r]));
        arr = fpt_json_push(arr, o);
    }
    return arr;
}

static json_t *plan_json(const fpt_report_input *in, json_t *root)
{
    const fpt_solution *sol = in->solution;
    const fpt_appraisal *a = in->appraisal;
    plan_figures p = compute_figures(in);
    root = fpt_json_put(root, "cost_total_gbp", real_or_null(sol->eval.running_gbp));
    root = fpt_json_put(root, "cost_per_head_gbp",
                        real_or_null(sol->eval.running_gbp / a->population));
    root = fpt_json_put(root, "setup_total_gbp", real_or_null(sol->eval.setup_gbp));
    root = fpt_json_put(root, "wte_total", real_or_null(sol->eval.wte));
    root = fpt_json_put(root, "all_local_cost_gbp", real_or_null(p.all_local_running_gbp));
    root = fpt_json_put(root, "payback_years", real_or_null(p.payback_years));
    root = fpt_json_put(root, "terms_gbp", terms_json(sol->eval.term_gbp));
    if (a->has_transition) {
        root = fpt_json_put(root, "transition", plan_transition_json(in, &p));
    }
    json_t *arr = json_array();
    for (size_t f = 0; f < a->n_functions; f++) {
        arr = fpt_json_push(arr, assignment_json(in, f));
    }
    root = fpt_json_put(root, "assignments", arr);
    return root;
}

static fpt_status explain_lines(FILE *out, const fpt_report_input *in);

static json_t *clashes_json(const fpt_report_input *in)
{
    char *text = NULL;
    size_t len = 0;
    json_t *arr = json_array();
    FILE *out = open_memstream(&text, &len);
    if (out != NULL) {
        explain_lines(out, in);
    }
    if (out == NULL || fclose(out) != 0) {
        free(text);
        json_decref(arr);
        return NULL;
    }
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        arr = fpt_json_push(arr, json_string(line));
    }
    free(text);
    return arr;
}

static json_t *build_json(const fpt_report_input *in)
{
    const fpt_solution *sol = in->solution;
    json_t *root = json_object();
    root = fpt_json_put(root, "status", json_string(fpt_result_name(sol->result)));
    root =
        fpt_json_put(root, "objective", has_plan(sol) ? real_or_null(sol->objective) : json_null());
    root = fpt_json_put(root, "bound", has_plan(sol) ? real_or_null(sol->bound) : json_null());
    root = fpt_json_put(root, "gap", has_plan(sol) ? real_or_null(sol->gap) : json_null());
    root = fpt_json_put(root, "tie_broken", json_boolean(sol->tied));
    root = fpt_json_put(root, "model", json_string(in->model->id));
    root = fpt_json_put(root, "scenario", json_string(in->scenario->id));
    root = fpt_json_put(root, "solver", json_string(fpt_solver_version()));
    root = fpt_json_put(root, "population", real_or_null(in->scenario->population));
    root = fpt_json_put(root, "allowance_per_head_gbp",
                        real_or_null(in->scenario->allowance_per_head_gbp));
    root = fpt_json_put(root, "envelope_gbp", real_or_null(in->appraisal->budget_gbp));
    root = fpt_json_put(root, "levels", levels_json(in->scenario, in->appraisal));
    root = fpt_json_put(root, "pools", pools_json(in));
    if (has_plan(sol)) {
        root = plan_json(in, root);
        if (in->stability != NULL) {
            root = fpt_json_put(root, "stability",
                                fpt_stability_json(in->model, in->scenario, in->stability));
        }
        if (in->why != NULL) {
            root = fpt_json_put(root, "why", fpt_why_plan_json(in));
        }
    } else {
        root = fpt_json_put(root, "clashes", clashes_json(in));
    }
    return root;
}

static fpt_status render_json(FILE *out, const fpt_report_input *in)
{
    return fpt_json_write(out, build_json(in));
}

static void lock_list(FILE *out, const fpt_scenario *s, size_t f)
{
    bool first = true;
    for (size_t i = 0; i < s->n_locks; i++) {
        const fpt_lock *lock = &s->locks[i];
        if (lock->function == f) {
            fprintf(out, "%s%s at %s (line %ld)", first ? "" : ", ",
                    lock->mode == FPT_LOCK_FIX ? "fixed" : "forbidden", lock->level_id, lock->line);
            first = false;
        }
    }
}

/* "£7.01 per head a year (£372.4m)" or "296.84 scarce WTE". */
static void format_amount(char *buf, size_t size, double population, bool budget, double amount)
{
    if (budget) {
        snprintf(buf, size, "£%.2f per head a year (£%.1fm)", amount / population, amount / 1e6);
    } else {
        snprintf(buf, size, "%.2f scarce WTE", amount);
    }
}

static void explain_group(FILE *out, const fpt_model *m, double population, const fpt_clash *c)
{
    bool budget = c->kind == FPT_CLASH_BUDGET;
    char needed[96], available[96], shortfall[96], alone[96];
    format_amount(needed, sizeof needed, population, budget, c->needed);
    format_amount(available, sizeof available, population, budget, c->available);
    format_amount(shortfall, sizeof shortfall, population, budget, c->needed - c->available);
    format_amount(alone, sizeof alone, population, budget, c->needed_alone);
    if (budget) {
        fprintf(out,
                "affordability: the closest plan costs %s but the commissioning support "
                "envelope is %s; short by %s",
                needed, available, shortfall);
    } else {
        const fpt_pool *pool = &m->pools[c->index];
        fprintf(out,
                "skill pool '%s' (%s): the closest plan needs %s but the supply is %s; short by %s",
                pool->id, pool->name ? pool->name : pool->id, needed, available, shortfall);
    }
    if (c->needed_alone > c->available * (1 + 1e-9)) {
        fprintf(out, "; no plan needs less than %s", alone);
    } else {
        fprintf(out,
                "; on its own it could be met (the least any plan needs is %s), so it clashes "
                "with the other limits listed",
                alone);
    }
}

void fpt_explain_clash(FILE *out, const fpt_model *m, const fpt_scenario *s, double population,
                       const fpt_clash *c)
{
    if (c->kind == FPT_CLASH_LOCKS) {
        fprintf(out, "locks: function '%s' is left no level (", m->functions[c->index].id);
        lock_list(out, s, c->index);
        fputc(')', out);
    } else {
        explain_group(out, m, population, c);
    }
}

static fpt_status explain_lines(FILE *out, const fpt_report_input *in)
{
    const fpt_solution *sol = in->solution;
    for (size_t i = 0; i < sol->n_clashes; i++) {
        fpt_explain_clash(out, in->model, in->scenario, in->appraisal->population,
                          &sol->clashes[i]);
        fputc('\n', out);
    }
    return FPT_OK;
}

typedef fpt_status (*render_fn)(FILE *out, const fpt_report_input *in);

static fpt_status render_with(render_fn fn, const fpt_report_input *in, char **text, size_t *len,
                              fpt_error *err)
{
    FILE *out = fpt_text_open(text, len);
    fpt_status st = out != NULL ? fn(out, in) : FPT_ENOMEM;
    return fpt_text_close(out, st, text, len, "the report", err);
}

fpt_status fpt_report_render(const fpt_report_input *in, fpt_format format, char **text,
                             size_t *len, fpt_error *err)
{
    static const render_fn renderers[] = {render_table, render_csv, render_json};
    assert(format >= FPT_FORMAT_TABLE && format <= FPT_FORMAT_JSON);
    return render_with(renderers[format], in, text, len, err);
}

fpt_status fpt_report_render_totals_csv(const fpt_report_input *in, char **text, size_t *len,
                                        fpt_error *err)
{
    return render_with(render_totals_csv, in, text, len, err);
}

fpt_status fpt_report_explain(const fpt_report_input *in, char **text, size_t *len, fpt_error *err)
{
    return render_with(explain_lines, in, text, len, err);
}

fpt_status fpt_write_atomic(const char *path, const char *data, size_t len, fpt_error *err)
{
    return fpt_outfile_write(path, data, len, err);
}
