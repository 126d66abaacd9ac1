/* SPDX-License-Identifier: MIT */
/*
 * Renders the HTML report (report/html/html_report.h): a page of sections, each a short
 * writer into an in-memory stream, and charts drawn as inline SVG (svg.h); the geographic
 * sections are html_geo.c's.
 *
 * The page must open offline and identically anywhere, so it holds no script, no URL and no
 * font but the system's; every string from an input file goes through fpt_text_escape_xml().
 * The markup is also well-formed XML (every element closed, no named entities), which the
 * tests use to catch an unescaped character. Money is £ a year; per-head figures divide by Pop.
 */
#include "report/html/html_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "footprint/report.h"
#include "report/html/html_geo.h"
#include "report/html/html_infeasible.h"
#include "report/html/html_robust.h"
#include "report/html/html_why.h"
#include "report/html/svg.h"
#include "report/palette.h"
#include "report/report_stability.h"

/* The seven categories, in fpt_category_ids() order. */
static const char *const CATEGORY_FILL[FPT_N_CATEGORIES] = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1"};

static const char STYLE[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans','Liberation Sans',"
    "Arial,sans-serif;color:#1a1a1a;background:#fff;max-width:1100px;margin:24px auto;"
    "padding:0 16px;line-height:1.4}\n"
    "h1{font-size:1.5em;margin:0 0 .2em}\n"
    "h2{font-size:1.2em;margin:1.8em 0 .5em;padding-bottom:.2em;border-bottom:1px solid #ddd}\n"
    "table{border-collapse:collapse;font-size:.9em;margin:.5em 0}\n"
    "th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\n"
    "th{background:#f4f4f4}\n"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    ".nowrap{white-space:nowrap}\n"
    "tr.total td{font-weight:bold;border-top:2px solid #999}\n"
    "table.facts th{background:none;font-weight:600;white-space:nowrap}\n"
    "code{font-size:.9em;color:#555}\n"
    ".swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;"
    "vertical-align:-1px;border:1px solid #0002}\n"
    ".note{color:#555;background:#f6f6f6;border-left:4px solid #bbb;padding:6px 10px}\n"
    ".muted{color:#666;font-size:.85em}\n"
    ".clashes li{margin:.3em 0}\n"
    "svg{display:block;margin:.5em 0}\n"
    "svg text{font-family:inherit;font-size:12px;fill:#1a1a1a}\n"
    "svg text.small{font-size:11px;fill:#555}\n"
    "svg text.light{fill:#fff}\n"
    "tr.best td{font-weight:bold;background:#fdecea}\n"
    "tr.fragile td{background:#fff4e0}\n"
    "td.why{font-size:.85em;color:#333;min-width:22em}\n"
    ".badge{display:inline-block;padding:0 .4em;border-radius:3px;background:#b35806;color:#fff;"
    "font-size:.8em;font-weight:600;text-transform:uppercase}\n"
    ".why-grid{display:flex;flex-wrap:wrap;gap:4px 18px}\n"
    ".why-grid svg{margin:0}\n"
    "svg text.strong{font-weight:700}\n"
    "svg text.alert{fill:#b35806;font-weight:700}\n"
    "h3{font-size:1em;margin:1.2em 0 .3em}\n"
    "tr.infeasible td{background:#fdecea}\n";

/* ---- text ---------------------------------------------------------------------------------- */

static void put_grouped(FILE *out, double value)
{
    char buf[64];
    fpt_text_grouped(buf, sizeof buf, value);
    fputs(buf, out);
}

static const char *category_fill(const char *category)
{
    int c = fpt_category_from_id(category);
    return c >= 0 && c < FPT_N_CATEGORIES ? CATEGORY_FILL[c] : "#9c9c9c";
}

static void put_swatch(FILE *out, const char *fill)
{
    fprintf(out, "<span class=\"swatch\" style=\"background:%s\"></span>", fill);
}

static void put_level(FILE *out, const fpt_scenario *s, size_t l)
{
    put_swatch(out, fpt_level_fill(l, s->n_levels));
    fpt_text_escape_xml(out, s->levels[l].id);
}

static bool has_plan(const fpt_solution *s)
{
    return s->result == FPT_RESULT_OPTIMAL || s->result == FPT_RESULT_LIMIT ||
           s->result == FPT_RESULT_GAP;
}

/* ---- head and summary ---------------------------------------------------------------------- */

static const char *model_title(const fpt_model *m)
{
    return m->title != NULL ? m->title : m->id;
}

static const char *scenario_title(const fpt_scenario *s)
{
    return s->title != NULL ? s->title : s->id;
}

static void write_head(FILE *out, const fpt_html_report_input *in)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", out);
    fpt_text_escape_xml(out, model_title(in->model));
    fputs(" — ", out);
    fpt_text_escape_xml(out, scenario_title(in->scenario));
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", STYLE);
    fpt_text_escape_xml(out, scenario_title(in->scenario));
    fputs("</h1>\n<p class=\"muted\">", out);
    fpt_text_escape_xml(out, model_title(in->model));
    fputs(" · model <code>", out);
    fpt_text_escape_xml(out, in->model->id);
    fputs("</code> · scenario <code>", out);
    fpt_text_escape_xml(out, in->scenario->id);
    fprintf(out, "</code> · footprint %s, GLPK %s</p>\n", FPT_VERSION, fpt_solver_version());
    if (in->scenario->description != NULL) {
        fputs("<p>", out);
        fpt_text_escape_xml(out, in->scenario->description);
        fputs("</p>\n", out);
    }
}

static void write_levels_fact(FILE *out, const fpt_scenario *s)
{
    fputs("<tr><th>Levels</th><td>", out);
    for (size_t l = 0; l < s->n_levels; l++) {
        fputs(l == 0 ? "" : "; ", out);
        put_level(out, s, l);
        fprintf(out, " %ld × ", s->levels[l].n_units);
        put_grouped(out, s->levels[l].unit_pop);
    }
    fputs(" people</td></tr>\n", out);
}

static void write_weights_fact(FILE *out, const fpt_scenario *s)
{
    fputs("<tr><th>Weights</th><td>", out);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fputs(k == 0 ? "" : "; ", out);
        fpt_text_escape_xml(out, fpt_criterion_id(k));
        fprintf(out, " %.3g", s->weight[k]);
    }
    if (fpt_scenario_has_transition(s)) {
        fprintf(out, "; transition %.3g", s->transition.weight);
    }
    fputs("</td></tr>\n", out);
}

static void write_solver_fact(FILE *out, const fpt_solution *sol)
{
    fprintf(out, "<tr><th>Solver</th><td>%s", fpt_result_name(sol->result));
    if (has_plan(sol)) {
        fputs("; objective £", out);
        put_grouped(out, sol->objective);
        fprintf(out, " a year; gap %.2f%%%s", 100.0 * sol->gap,
                sol->tied ? "; a tie broken by the documented rule" : "");
    }
    fputs("</td></tr>\n", out);
}

static void write_facts(FILE *out, const fpt_html_report_input *in)
{
    const fpt_scenario *s = in->scenario;
    const fpt_appraisal *a = in->appraisal;
    fputs("<table class=\"facts\">\n<tr><th>Population</th><td>", out);
    put_grouped(out, s->population);
    fputs("</td></tr>\n", out);
    write_levels_fact(out, s);
    fprintf(out,
            "<tr><th>Affordability</th><td>allowance £%.2f per head; %.0f%% of it for "
            "commissioning support: an envelope of £%.2f per head (£",
            s->allowance_per_head_gbp, 100.0 * s->support_share, a->budget_gbp / a->population);
    put_grouped(out, a->budget_gbp / 1000.0);
    fprintf(out, "k a year); set-up over %.3g years at %.3g%%</td></tr>\n", s->horizon_years,
            100.0 * s->discount_rate);
    write_weights_fact(out, s);
    write_solver_fact(out, in->solution);
    fputs("</table>\n", out);
}

/* ---- the assignment table ------------------------------------------------------------------ */

/* Whether some function is delivered today above the local level (a <current> footprint). */
static bool some_not_local(const fpt_appraisal *a)
{
    for (size_t f = 0; a->has_transition && f < a->n_functions; f++) {
        if (a->current[f] != 0) {
            return true;
        }
    }
    return false;
}

static void write_function_row(FILE *out, const fpt_html_report_input *in, size_t f)
{
    const fpt_function *fn = &in->model->functions[f];
    const fpt_appraisal *a = in->appraisal;
    size_t l = in->solution->level[f];
    const fpt_cell *c = fpt_appraisal_cell(a, f, l);
    bool fragile = in->why != NULL && in->why->functions[f].fragile;
    fputs(fragile ? "<tr class=\"fragile\" title=\"" : "<tr title=\"", out);
    fpt_text_escape_xml(out, fn->description);
    fputs("\"><td>", out);
    fpt_text_escape_xml(out, fn->name != NULL ? fn->name : fn->id);
    fputs(" <code>", out);
    fpt_text_escape_xml(out, fn->id);
    /* The category may wrap at its hyphens, so that the table fits the page beside the why. */
    fputs("</code></td><td>", out);
    put_swatch(out, category_fill(fn->category));
    fpt_text_escape_xml(out, fn->category);
    fputs("</td><td class=\"nowrap\">", out);
    put_level(out, in->scenario, l);
    fprintf(out, "</td><td class=\"n\">%ld</td><td class=\"n\">%.1f</td><td class=\"n\">",
            a->n_units[l], c->wte);
    put_grouped(out, c->running_gbp / 1000.0);
    fprintf(out, "</td><td class=\"n\">%.2f</td>", c->running_gbp / a->population);
    if (a->has_transition) { /* the one-off cost of moving it here from its current level */
        fputs("<td class=\"n\">", out);
        put_grouped(out, c->transition_gbp / 1000.0);
        fputs("</td>", out);
    }
    if (some_not_local(a)) {
        fputs("<td class=\"nowrap\">", out);
        put_level(out, in->scenario, a->current[f]);
        fputs("</td>", out);
    }
    if (in->why != NULL) {
        fputs("<td class=\"why\">", out);
        fpt_html_why_cell(out, in, f);
        fputs("</td>", out);
    }
    fputs("</tr>\n", out);
}

static void write_assignment_table(FILE *out, const fpt_html_report_input *in)
{
    const fpt_solution *sol = in->solution;
    fputs(
        "<h2 id=\"assignment\">Assignment</h2>\n<table class=\"assignment\">\n<tr><th>Function</th>"
        "<th>Category</th><th>Level</th><th class=\"n\">Units</th><th class=\"n\">WTE</th>"
        "<th class=\"n\">£k/yr</th><th class=\"n\">£/head</th>",
        out);
    if (in->appraisal->has_transition) {
        fputs("<th class=\"n\">Transition<br>£k once</th>", out);
    }
    if (some_not_local(in->appraisal)) {
        fputs("<th>Today</th>", out);
    }
    fputs(in->why != NULL ? "<th>Why here</th></tr>\n" : "</tr>\n", out);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        write_function_row(out, in, f);
    }
    fprintf(out,
            "<tr class=\"total\"><td>Total</td><td></td><td></td><td></td>"
            "<td class=\"n\">%.1f</td><td class=\"n\">",
            sol->eval.wte);
    put_grouped(out, sol->eval.running_gbp / 1000.0);
    fprintf(out, "</td><td class=\"n\">%.2f</td>",
            sol->eval.running_gbp / in->appraisal->population);
    if (in->appraisal->has_transition) {
        fputs("<td class=\"n\">", out);
        put_grouped(out, sol->eval.transition_gbp / 1000.0);
        fputs("</td>", out);
    }
    if (some_not_local(in->appraisal)) {
        fputs("<td></td>", out);
    }
    fprintf(out, "%s</tr>\n</table>\n", in->why != NULL ? "<td></td>" : "");
}

/* Cost per head against the envelope and the allowance, drawn to one scale. */
static void write_budget_gauge(FILE *out, const fpt_html_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    double cost = in->solution->eval.running_gbp / a->population;
    double envelope = a->budget_gbp / a->population;
    double allowance = in->scenario->allowance_per_head_gbp;
    double top = fmax(fmax(cost, envelope), allowance), x0 = 10, w = 700;
    double scale = top > 0 ? w / top : 0;
    char label[96];
    fpt_svg_open(out, 740, 64, "running cost per head against the envelope and the allowance");
    snprintf(label, sizeof label, "allowance £%.2f per head", allowance);
    fpt_svg_rect(out, x0, 8, allowance * scale, 22, "#eeeeee", label);
    snprintf(label, sizeof label, "envelope £%.2f per head", envelope);
    fpt_svg_rect(out, x0, 8, envelope * scale, 22, "#d4d4d4", label);
    snprintf(label, sizeof label, "running cost £%.2f per head", cost);
    fpt_svg_rect(out, x0, 12, cost * scale, 14, cost > envelope ? "#c0392b" : "#2b6f3e", label);
    fpt_svg_line(out, x0 + envelope * scale, 4, x0 + envelope * scale, 34, "#555555", 1.5);
    fpt_svg_text(out, x0, 48, "start", "small", label);
    snprintf(label, sizeof label, "envelope £%.2f", envelope);
    fpt_svg_text(out, x0 + envelope * scale, 48, "middle", "small", label);
    snprintf(label, sizeof label, "allowance £%.2f", allowance);
    fpt_svg_text(out, x0 + allowance * scale, 48, "end", "small", label);
    fputs("</svg>\n", out);
}

/* The plan's one-off transition and its parts, when the scenario gives one (M15). */
static void write_transition(FILE *out, const fpt_html_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_solution *sol = in->solution;
    double part[3] = {0, 0, 0}, freed = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        const fpt_cell *c = fpt_appraisal_cell(a, f, sol->level[f]);
        part[0] += c->redundancy_gbp;
        part[1] += c->double_running_gbp;
        part[2] += c->productivity_gbp;
        freed += c->freed_wte;
    }
    fputs(" and the transition from the current footprint £", out);
    put_grouped(out, sol->eval.transition_gbp / 1000.0);
    fputs("k once (redundancy £", out);
    put_grouped(out, part[0] / 1000.0);
    fprintf(out, "k for %.1f WTE no longer needed, double running £", freed);
    put_grouped(out, part[1] / 1000.0);
    fputs("k, lost productivity £", out);
    put_grouped(out, part[2] / 1000.0);
    fputs("k)", out);
}

static void write_cost_summary(FILE *out, const fpt_html_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    const fpt_solution *sol = in->solution;
    fpt_payback p;
    fpt_appraisal_payback(a, &sol->eval, &p);
    const char *against = p.from_local ? "the all-local plan" : "the current footprint";
    double cost = sol->eval.running_gbp / a->population;
    fprintf(out,
            "<p>Running cost <b>£%.2f per head</b> a year: %.1f%% of the commissioning-support "
            "envelope (£%.2f per head) and %.1f%% of the allowance (£%.2f per head). Set-up "
            "investment £",
            cost, 100.0 * sol->eval.running_gbp / a->budget_gbp, a->budget_gbp / a->population,
            100.0 * cost / in->scenario->allowance_per_head_gbp,
            in->scenario->allowance_per_head_gbp);
    put_grouped(out, sol->eval.setup_gbp / 1000.0);
    fputc('k', out);
    if (a->has_transition) {
        write_transition(out, in);
    }
    if (!isnan(p.years)) {
        fprintf(out, "; payback %.1f years against %s.</p>\n", p.years, against);
    } else {
        fprintf(out, "; no running-cost saving over %s.</p>\n", against);
    }
    write_budget_gauge(out, in);
}

static void write_pools(FILE *out, const fpt_html_report_input *in)
{
    const fpt_appraisal *a = in->appraisal;
    if (a->n_pools == 0) {
        return;
    }
    fputs("<table class=\"pools\">\n<tr><th>Skill pool</th><th class=\"n\">Scarce WTE drawn</th>"
          "<th class=\"n\">Supply</th></tr>\n",
          out);
    for (size_t r = 0; r < a->n_pools; r++) {
        const fpt_pool *p = &in->model->pools[r];
        fputs("<tr><td>", out);
        fpt_text_escape_xml(out, p->name != NULL ? p->name : p->id);
        fprintf(out, "</td><td class=\"n\">%.1f</td><td class=\"n\">", in->solution->pool_use[r]);
        if (a->pool_limited[r]) {
            fprintf(out, "%.1f", a->pool_supply_wte[r]);
        } else {
            fputs("unlimited", out);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* ---- cost per head by level ---------------------------------------------------------------- */

enum { CHART_W = 860, CHART_H = 350, CHART_LEFT = 60, CHART_TOP = 50, CHART_PLOT_H = 260 };

/* Running cost per head of each level × category, and each level's function count. */
static double level_costs(const fpt_html_report_input *in, double *cost, size_t *n_fn)
{
    const fpt_appraisal *a = in->appraisal;
    double top = 0;
    for (size_t f = 0; f < in->model->n_functions; f++) {
        size_t l = in->solution->level[f];
        int c = fpt_category_from_id(in->model->functions[f].category);
        size_t k = c >= 0 ? (size_t)c : FPT_N_CATEGORIES - 1; /* validation rules this out */
        cost[l * FPT_N_CATEGORIES + k] += fpt_appraisal_cell(a, f, l)->running_gbp / a->population;
        n_fn[l]++;
    }
    for (size_t l = 0; l < in->scenario->n_levels; l++) {
        double sum = 0;
        for (size_t k = 0; k < FPT_N_CATEGORIES; k++) {
            sum += cost[l * FPT_N_CATEGORIES + k];
        }
        top = fmax(top, sum);
    }
    return top;
}

static void draw_level_axis(FILE *out, double top, double step)
{
    double y0 = CHART_TOP + CHART_PLOT_H;
    char label[32];
    for (double v = 0; v <= top + 1e-9; v += step) {
        double y = y0 - v / top * CHART_PLOT_H;
        fpt_svg_line(out, CHART_LEFT, y, CHART_W - 250, y, v == 0 ? "#888888" : "#e4e4e4", 1);
        snprintf(label, sizeof label, "£%.2f", v);
        fpt_svg_text(out, CHART_LEFT - 6, y + 4, "end", "small", label);
    }
    fpt_svg_text(out, 12, 14, "start", "small", "£ per head a year");
}

static void draw_level_bar(FILE *out, const fpt_html_report_input *in, size_t l, const double *cost,
                           size_t n_fn, double top)
{
    size_t n_levels = in->scenario->n_levels;
    double slot = (double)(CHART_W - 250 - CHART_LEFT) / (double)n_levels;
    double x = CHART_LEFT + slot * (double)l + slot * 0.2, w = slot * 0.6;
    double y = CHART_TOP + CHART_PLOT_H, sum = 0;
    const char *const *cats = fpt_category_ids(&(size_t){0});
    char label[160];
    for (size_t k = 0; k < FPT_N_CATEGORIES; k++) {
        double v = cost[l * FPT_N_CATEGORIES + k], h = v / top * CHART_PLOT_H;
        if (v <= 0) {
            continue;
        }
        snprintf(label, sizeof label, "%s, %s: £%.2f per head", in->scenario->levels[l].id, cats[k],
                 v);
        fpt_svg_rect(out, x, y - h, w, h, CATEGORY_FILL[k], label);
        y -= h;
        sum += v;
    }
    snprintf(label, sizeof label, "£%.2f", sum);
    fpt_svg_text(out, x + w / 2, y - 16, "middle", NULL, label);
    snprintf(label, sizeof label, "%zu function%s", n_fn, n_fn == 1 ? "" : "s");
    fpt_svg_text(out, x + w / 2, y - 4, "middle", "small", label);
    fpt_svg_text(out, x + w / 2, CHART_TOP + CHART_PLOT_H + 18, "middle", NULL,
                 in->scenario->levels[l].id);
}

static void draw_category_legend(FILE *out)
{
    size_t n = 0;
    const char *const *cats = fpt_category_ids(&n);
    for (size_t k = 0; k < n && k < FPT_N_CATEGORIES; k++) {
        double y = CHART_TOP + 4 + 20.0 * (double)k;
        fpt_svg_rect(out, CHART_W - 230, y, 12, 12, CATEGORY_FILL[k], NULL);
        fpt_svg_text(out, CHART_W - 212, y + 10, "start", NULL, cats[k]);
    }
}

static fpt_status write_level_chart(FILE *out, const fpt_html_report_input *in)
{
    size_t n_levels = in->scenario->n_levels;
    double *cost = calloc(n_levels * FPT_N_CATEGORIES, sizeof *cost);
    size_t *n_fn = calloc(n_levels, sizeof *n_fn);
    if (cost == NULL || n_fn == NULL) {
        free(cost);
        free(n_fn);
        return FPT_ENOMEM;
    }
    double highest = level_costs(in, cost, n_fn), step = fpt_nice_step(highest);
    double top = highest > 0 ? step * ceil(highest / step * (1 + 1e-9)) : step;
    fputs(
        "<h2 id=\"cost-by-level\">Cost per head by level</h2>\n<p>Running cost (scarcity, minimum "
        "team, economies of scale and duplication) per head a year of the "
        "functions placed at each level, by category.</p>\n",
        out);
    fpt_svg_open(out, CHART_W, CHART_H, "running cost per head by footprint level and category");
    draw_level_axis(out, top, step);
    for (size_t l = 0; l < n_levels; l++) {
        draw_level_bar(out, in, l, cost, n_fn[l], top);
    }
    draw_category_legend(out);
    fputs("</svg>\n", out);
    free(cost);
    free(n_fn);
    return FPT_OK;
}

/* ---- no plan ------------------------------------------------------------------------------- */

/* The clash explanation of report.h, one list item per line. */
static fpt_status write_clashes(FILE *out, const fpt_html_report_input *in, fpt_error *err)
{
    fpt_report_input r = {.model = in->model,
                          .scenario = in->scenario,
                          .appraisal = in->appraisal,
                          .solution = in->solution};
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_report_explain(&r, &text, &len, err));
    fprintf(out,
            "<h2 id=\"no-plan\">No plan</h2>\n<p class=\"note\">The solver's result is <b>%s</b>: ",
            fpt_result_name(in->solution->result));
    fputs(in->solution->result == FPT_RESULT_INFEASIBLE
              ? "no plan meets the scenario's locks, skill pools and affordability together. "
                "What clashes, with what the closest plan needs against what is available:</p>\n"
              : "the search stopped before it found any plan.</p>\n",
          out);
    fputs("<ul class=\"clashes\">\n", out);
    for (char *line = text, *next; line != NULL && *line != '\0'; line = next) {
        next = strchr(line, '\n');
        if (next != NULL) {
            *next++ = '\0';
        }
        fputs("<li>", out);
        fpt_text_escape_xml(out, line);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
    free(text);
    return FPT_OK;
}

/* ---- weight stability ---------------------------------------------------------------------- */

enum { ST_W = 1060, ST_ROW = 56, ST_X0 = 180, ST_TRACK = 440, ST_TEXT = 636 };

static void describe_change(char *buf, size_t size, const fpt_html_report_input *in,
                            const fpt_criterion_stability *c, bool above)
{
    long f = fpt_stability_nearest(c, in->model->n_functions, above);
    if (f < 0) {
        snprintf(buf, size, "%s: no function changes in range", above ? "above" : "below");
        return;
    }
    const fpt_weight_change *w = above ? &c->above[f] : &c->below[f];
    snprintf(buf, size, "%s: %s → %s at %.3g", above ? "above" : "below",
             in->model->functions[f].id, in->scenario->levels[w->level].id, w->weight);
}

static void draw_stability_track(FILE *out, const fpt_criterion_stability *c, double y)
{
    double range = c->range_max > 0 ? c->range_max : 1, scale = ST_TRACK / range;
    char label[64];
    fpt_svg_rect(out, ST_X0, y + 4, ST_TRACK, 16, "#e8e8e8", NULL);
    if (c->status == FPT_OK) {
        double x = ST_X0 + c->plan_lo * scale;
        fpt_svg_rect(out, x, y + 4, fmax(2, (c->plan_hi - c->plan_lo) * scale), 16, "#41ab5d",
                     NULL);
    }
    double xb = ST_X0 + fmin(c->base, range) * scale;
    fpt_svg_line(out, xb, y, xb, y + 24, "#1a1a1a", 2);
    bool near_start = xb<ST_X0 + 40, near_end = xb> ST_X0 + ST_TRACK - 40;
    if (!near_start) { /* the base's label would cover the range's ends */
        fpt_svg_text(out, ST_X0, y + 36, "start", "small", "0");
    }
    snprintf(label, sizeof label, "%.3g", range);
    if (!near_end) {
        fpt_svg_text(out, ST_X0 + ST_TRACK, y + 36, "end", "small", label);
    }
    snprintf(label, sizeof label, "base %.3g", c->base);
    fpt_svg_text(out, xb, y + 36,
                 near_start ? "start"
                 : near_end ? "end"
                            : "middle",
                 "small", label);
}

static void draw_stability_text(FILE *out, const fpt_html_report_input *in,
                                const fpt_criterion_stability *c, double y)
{
    char line[256];
    if (c->status != FPT_OK) {
        snprintf(line, sizeof line, "not computed: %s", fpt_strerror(c->status));
        fpt_svg_text(out, ST_TEXT, y + 16, "start", NULL, line);
        return;
    }
    snprintf(line, sizeof line, "plan unchanged for %.3g – %.3g%s", c->plan_lo, c->plan_hi,
             c->hi_change ? "" : " (end of range)");
    fpt_svg_text(out, ST_TEXT, y + 12, "start", NULL, line);
    describe_change(line, sizeof line, in, c, false);
    fpt_svg_text(out, ST_TEXT, y + 28, "start", "small", line);
    describe_change(line, sizeof line, in, c, true);
    fpt_svg_text(out, ST_TEXT, y + 43, "start", "small", line);
}

static void draw_stability_row(FILE *out, const fpt_html_report_input *in, int k, double y)
{
    const fpt_criterion_stability *c = &in->stability->criterion[k];
    fputs("<g class=\"stability-bar\"><title>", out);
    fpt_text_escape_xml(out, fpt_criterion_name(k));
    fprintf(out, ": weight %.3g, searched from 0 to %.3g</title>\n", c->base, c->range_max);
    fpt_svg_text(out, 10, y + 16, "start", NULL, fpt_criterion_id(k));
    draw_stability_track(out, c, y);
    draw_stability_text(out, in, c, y);
    fputs("</g>\n", out);
}

static void write_stability(FILE *out, const fpt_html_report_input *in)
{
    fputs("<h2 id=\"stability\">Weight stability</h2>\n", out);
    if (in->stability == NULL) {
        fputs("<p class=\"note\">Weight stability was not computed. Run <code>footprint solve "
              "MODEL SCENARIO --stability --report FILE.html</code> to see, for each criterion, "
              "the range of its weight over which this plan stays the same, and which function "
              "moves first outside it.</p>\n",
              out);
        return;
    }
    fputs("<p>Each weight searched from 0 to 10 × its base, the others fixed. The green band is "
          "the range of weights over which the whole plan stays as it is; the black line marks "
          "the scenario's weight. Beside each bar, the first function to change level below and "
          "above the band.</p>\n",
          out);
    fpt_svg_open(out, ST_W, (double)(ST_ROW * FPT_N_CRITERIA), "weight stability per criterion");
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        draw_stability_row(out, in, k, 6.0 + ST_ROW * k);
    }
    fputs("</svg>\n", out);
}

/* ---- sweep acceptability ------------------------------------------------------------------- */

enum { AC_W = 1060, AC_ROW = 24, AC_TOP = 30, AC_X0 = 200, AC_BAR = 500, AC_TEXT = 712 };

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static fpt_status write_sweep_counts(FILE *out, const fpt_html_report_input *in)
{
    const fpt_sweep_run *run = in->sweep;
    size_t done = 0, plans = 0, infeasible = 0, failed = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        done += r->done;
        plans += fpt_sweep_result_has_plan(r);
        infeasible += r->done && r->status == FPT_OK && r->result == FPT_RESULT_INFEASIBLE;
        failed += r->done && r->status != FPT_OK;
    }
    size_t draws = in->scenario->mc.present ? (size_t)in->scenario->mc.samples : 1;
    size_t points = run->n_scenarios / (draws > 0 ? draws : 1);
    fprintf(out,
            "<p>%zu scenario%s: %zu point%s of the sweep axes × %zu Monte Carlo draw%s. Of the "
            "%zu with a result: <b>%zu with a plan</b>, %zu infeasible",
            run->n_scenarios, plural(run->n_scenarios), points, plural(points), draws,
            plural(draws), done, plans, infeasible);
    FPT_TRY(fpt_html_write_reasons(out, in));
    fprintf(out, ", %zu that could not be built or solved.</p>\n", failed);
    return FPT_OK;
}

static void write_provenance(FILE *out, const fpt_html_report_input *in)
{
    const fpt_provenance *p = in->provenance;
    if (p == NULL) {
        return;
    }
    fputs("<p class=\"muted\">Provenance: footprint ", out);
    fpt_text_escape_xml(out, p->footprint);
    fputs(", GLPK ", out);
    fpt_text_escape_xml(out, p->glpk);
    fputs("; model ", out);
    fpt_text_escape_xml(out, in->model->id);
    fprintf(out, " fnv1a64 %s; scenario ", p->model_hash);
    fpt_text_escape_xml(out, in->scenario->id);
    fprintf(out, " fnv1a64 %s; mip-gap %.17g; time-limit %.17g.</p>\n", p->scenario_hash,
            p->mip_gap, p->time_limit_s);
}

static void draw_level_legend(FILE *out, const fpt_scenario *s, double y)
{
    double x = AC_X0;
    for (size_t l = 0; l < s->n_levels; l++) {
        fpt_svg_rect(out, x, y - 10, 12, 12, fpt_level_fill(l, s->n_levels), NULL);
        fpt_svg_text(out, x + 16, y, "start", NULL, s->levels[l].id);
        x += 28 + 7.0 * (double)strlen(s->levels[l].id);
    }
}

/* One function's 100% bar: a segment per level, its share of the scenarios with a plan. */
static void draw_accept_segments(FILE *out, const fpt_html_report_input *in, size_t f,
                                 const fpt_acceptability *row, double y)
{
    const fpt_scenario *s = in->scenario;
    double x = AC_X0;
    char label[192];
    for (size_t l = 0; l < s->n_levels && row->n_plans > 0; l++) {
        double share = (double)row->count[l] / (double)row->n_plans, w = share * AC_BAR;
        if (row->count[l] == 0) {
            continue;
        }
        snprintf(label, sizeof label, "%s at %s: %zu of %zu scenarios (%.0f%%)",
                 in->model->functions[f].id, s->levels[l].id, row->count[l], row->n_plans,
                 100.0 * share);
        fpt_svg_rect(out, x, y, w, AC_ROW - 6, fpt_level_fill(l, s->n_levels), label);
        if (w >= 34) {
            snprintf(label, sizeof label, "%.0f%%", 100.0 * share);
            fpt_svg_text(out, x + w / 2, y + 13, "middle",
                         fpt_level_fill_is_dark(l, s->n_levels) ? "light" : NULL, label);
        }
        x += w;
    }
    if (row->n_plans == 0) {
        fpt_svg_rect(out, AC_X0, y, AC_BAR, AC_ROW - 6, "#e8e8e8", "no scenario had a plan");
    }
}

static void draw_accept_row(FILE *out, const fpt_html_report_input *in, size_t f,
                            const fpt_acceptability *row, double y)
{
    const fpt_function *fn = &in->model->functions[f];
    char text[160];
    fputs("<g class=\"acceptability-bar\"><title>", out);
    fpt_text_escape_xml(out, fn->name != NULL ? fn->name : fn->id);
    fputs("</title>\n", out);
    fpt_svg_text(out, AC_X0 - 8, y + 13, "end", NULL, fn->id);
    draw_accept_segments(out, in, f, row, y);
    if (row->n_plans > 0) {
        snprintf(text, sizeof text, "median £%.2f per head (£%.2f – £%.2f)",
                 row->cost_per_head_gbp[2], row->cost_per_head_gbp[0], row->cost_per_head_gbp[4]);
        fpt_svg_text(out, AC_TEXT, y + 13, "start", "small", text);
    }
    fputs("</g>\n", out);
}

static void write_plan_percentiles(FILE *out, const fpt_acceptability *plan)
{
    if (plan->n_plans == 0) {
        return;
    }
    fprintf(out,
            "<p>Running cost per head a year across the %zu plans: 5th percentile £%.2f, "
            "25th £%.2f, <b>median £%.2f</b>, 75th £%.2f, 95th £%.2f (nearest rank).</p>\n",
            plan->n_plans, plan->cost_per_head_gbp[0], plan->cost_per_head_gbp[1],
            plan->cost_per_head_gbp[2], plan->cost_per_head_gbp[3], plan->cost_per_head_gbp[4]);
}

static fpt_status draw_acceptability(FILE *out, const fpt_html_report_input *in)
{
    size_t n = in->model->n_functions;
    fpt_svg_open(out, AC_W, (double)(AC_TOP + AC_ROW * n + 8),
                 "acceptability: share of scenarios choosing each level, per function");
    draw_level_legend(out, in->scenario, 16);
    fpt_svg_text(out, AC_TEXT, 16, "start", "small",
                 "running cost, median (5th – 95th percentile)");
    for (size_t f = 0; f < n; f++) {
        fpt_acceptability row;
        FPT_TRY(fpt_sweep_acceptability(in->sweep, in->scenario->n_levels, f, &row));
        draw_accept_row(out, in, f, &row, (double)(AC_TOP + AC_ROW * f));
        fpt_acceptability_clear(&row);
    }
    fputs("</svg>\n", out);
    return FPT_OK;
}

static fpt_status write_acceptability(FILE *out, const fpt_html_report_input *in)
{
    fpt_acceptability plan;
    FPT_TRY(
        fpt_sweep_acceptability(in->sweep, in->scenario->n_levels, in->sweep->n_functions, &plan));
    fputs("<h2 id=\"acceptability\">Acceptability across the sweep</h2>\n", out);
    fpt_status st = write_sweep_counts(out, in);
    write_plan_percentiles(out, &plan);
    fpt_acceptability_clear(&plan);
    FPT_TRY(st);
    fputs("<p>For each function, the share of the scenarios with a plan that place it at each "
          "level. The table above is the base scenario's own plan, solved without the sweep's "
          "axes and draws.</p>\n",
          out);
    FPT_TRY(draw_acceptability(out, in));
    FPT_TRY(fpt_html_write_axis_feasibility(out, in));
    write_provenance(out, in);
    return FPT_OK;
}

/* ---- the page ------------------------------------------------------------------------------ */

static fpt_status write_plan(FILE *out, const fpt_html_report_input *in)
{
    write_assignment_table(out, in);
    write_cost_summary(out, in);
    write_pools(out, in);
    FPT_TRY(write_level_chart(out, in));
    if (in->why != NULL) {
        fpt_html_write_why(out, in);
    }
    return FPT_OK;
}

/* Sections in reading order. */
static fpt_status write_page(FILE *out, const fpt_html_report_input *in, fpt_error *err)
{
    write_head(out, in);
    write_facts(out, in);
    bool plan = has_plan(in->solution);
    fpt_status st = plan ? write_plan(out, in) : write_clashes(out, in, err);
    if (st == FPT_OK && plan) { /* stability is of a plan */
        write_stability(out, in);
    }
    if (st == FPT_OK && in->sweep != NULL) {
        st = write_acceptability(out, in);
    }
    if (st == FPT_OK && in->robust != NULL) {
        fpt_html_write_robust(out, in);
    }
    if (st == FPT_OK && in->sizing != NULL) {
        st = fpt_html_write_sizing(out, in);
    }
    if (st == FPT_OK && in->geography != NULL) {
        st = fpt_html_write_maps(out, in);
    }
    fputs("</body>\n</html>\n", out);
    return st;
}

fpt_status fpt_html_report_render(const fpt_html_report_input *in, char **text, size_t *len,
                                  fpt_error *err)
{
    FILE *out = fpt_text_open(text, len);
    fpt_status st = out != NULL ? write_page(out, in, err) : FPT_ENOMEM;
    if (out != NULL && ferror(out)) {
        st = FPT_ENOMEM;
    }
    return fpt_text_close(out, st, text, len, "the HTML report", err);
}
