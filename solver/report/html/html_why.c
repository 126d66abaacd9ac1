/* SPDX-License-Identifier: MIT */
/*
 * The why of a plan in the HTML report (report/html/html_why.h): a badge and a line per
 * function in the assignment table, and a small chart per function in the way decision
 * conferencing shows criterion contributions — at each level a bar of the eight weighted
 * terms stacked (local knowledge at the bottom), the chosen level outlined, and above each other
 * level its price: what the best plan with the function there costs more a year, or why there is
 * none.
 */
#include "report/html/html_why.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "report/html/svg.h"
#include "report/report_why.h"

/* The eight criteria, in criterion order (ColorBrewer Dark2: apart from the category and
 * level colours elsewhere in the page). */
static const char *const CRITERION_FILL[FPT_N_TERMS] = {
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
    "#e6ab02", "#a6761d", "#666666", "#386cb0" /* the transition (M15), when there is one */};

/* The terms a bar stacks: the eight criteria, and the transition when there is one. */
static int bar_terms(const fpt_why *w)
{
    return w->has_transition ? FPT_N_TERMS : FPT_N_CRITERIA;
}

/* Term k of f at l, weighted (k may be FPT_T_TRANSITION). */
static double weighted_term(const fpt_why *w, size_t f, size_t l, int k)
{
    const fpt_why_cell *c = fpt_why_cell_at(w, f, l);
    return k == FPT_T_TRANSITION ? w->transition_weight * c->transition_gbp
                                 : w->weight[k] * c->term_gbp[k];
}

enum { PANEL_W = 340, PANEL_H = 200, PLOT_X = 12, PLOT_TOP = 54, PLOT_H = 108, LEGEND_H = 30 };

static const fpt_report_input *as_report(const fpt_html_report_input *in, fpt_report_input *r)
{
    *r = (fpt_report_input){.model = in->model,
                            .scenario = in->scenario,
                            .appraisal = in->appraisal,
                            .solution = in->solution,
                            .why = in->why};
    return r;
}

static const char *badge(const fpt_why_function *fn)
{
    return fn->tied ? "tied" : fn->fragile ? "fragile" : NULL;
}

void fpt_html_why_cell(FILE *out, const fpt_html_report_input *in, size_t f)
{
    fpt_report_input r;
    char text[512];
    fpt_report_why_line(as_report(in, &r), f, text, sizeof text);
    const char *b = badge(&in->why->functions[f]);
    if (b != NULL) {
        fprintf(out, "<span class=\"badge\">%s</span> ", b);
    }
    /* the line starts with the badge's word in capitals: the badge says it already */
    const char *start = text;
    if (b != NULL && (start = strchr(text, ' ')) != NULL) {
        start++;
    } else {
        start = text;
    }
    fpt_text_escape_xml(out, start);
}

/* ---- one function's chart ---------------------------------------------------------------- */

/* The tallest bar: the function's own weighted terms at its most expensive level. */
static double panel_top(const fpt_why *w, size_t f)
{
    double top = 0;
    for (size_t l = 0; l < w->n_levels; l++) {
        double sum = 0;
        for (int k = 0; k < bar_terms(w); k++) {
            sum += fmax(0, weighted_term(w, f, l, k));
        }
        top = fmax(top, sum);
    }
    return top > 0 ? top : 1;
}

static void price_label(char *buf, size_t size, const fpt_why *w, size_t f, size_t l)
{
    const fpt_why_cell *c = fpt_why_cell_at(w, f, l);
    char money[32];
    switch (c->price_kind) {
    case FPT_PRICE_CHOSEN:
        snprintf(buf, size, "chosen");
        return;
    case FPT_PRICE_PLAN:
        fpt_why_money(money, sizeof money, c->price_gbp - w->objective);
        snprintf(buf, size, "+%s", money);
        return;
    case FPT_PRICE_LOCKED:
        snprintf(buf, size, "locked");
        return;
    case FPT_PRICE_INFEASIBLE:
        snprintf(buf, size, "no plan");
        return;
    case FPT_PRICE_UNSOLVED:
        break;
    }
    snprintf(buf, size, "not solved");
}

static void draw_bar(FILE *out, const fpt_html_report_input *in, size_t f, size_t l, double top)
{
    const fpt_why *w = in->why;
    double slot = (double)(PANEL_W - 2 * PLOT_X) / (double)w->n_levels;
    double x = PLOT_X + slot * (double)l + slot * 0.2, bw = slot * 0.6;
    double y = PLOT_TOP + PLOT_H;
    const char *fn_id = in->model->functions[f].id, *level = in->scenario->levels[l].id;
    char label[192], money[32];
    for (int k = 0; k < bar_terms(w); k++) {
        double v = weighted_term(w, f, l, k);
        double h = fmax(0, v) / top * PLOT_H;
        if (h <= 0) {
            continue;
        }
        fpt_why_money(money, sizeof money, v);
        snprintf(label, sizeof label, "%s at %s: %s %s a year", fn_id, level, fpt_term_id(k),
                 money);
        fpt_svg_rect(out, x, y - h, bw, h, CRITERION_FILL[k], label);
        y -= h;
    }
    bool chosen = l == w->functions[f].level;
    if (chosen) {
        fprintf(out,
                "<rect class=\"chosen\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                "fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"2.5\"/>\n",
                x - 2, y - 2, bw + 4, PLOT_TOP + PLOT_H - y + 4);
    }
    price_label(label, sizeof label, w, f, l);
    fpt_svg_text(out, x + bw / 2, y - 6, "middle", chosen ? "strong" : "small", label);
    fpt_svg_text(out, x + bw / 2, PLOT_TOP + PLOT_H + 16, "middle", chosen ? "strong" : "small",
                 level);
}

static void draw_title(FILE *out, const fpt_html_report_input *in, size_t f)
{
    const fpt_why_function *fn = &in->why->functions[f];
    fpt_svg_text(out, PLOT_X, 16, "start", "strong", in->model->functions[f].id);
    const char *b = badge(fn);
    if (b != NULL) {
        fpt_svg_text(out, PANEL_W - PLOT_X, 16, "end", "alert", b);
    }
    char line[160] = "";
    if (fn->next_level != FPT_WHY_NO_LEVEL) {
        char money[32];
        fpt_why_money(money, sizeof money, fn->margin_gbp);
        snprintf(line, sizeof line, "next best %s, +%s a year",
                 in->scenario->levels[fn->next_level].id, money);
    } else {
        snprintf(line, sizeof line, "no other level has a plan");
    }
    fpt_svg_text(out, PLOT_X, 32, "start", "small", line);
    if (fn->held) {
        snprintf(line, sizeof line, "held here by %s",
                 fn->held_by == FPT_CLASH_BUDGET ? "the budget"
                 : fn->held_by == FPT_CLASH_POOL ? in->model->pools[fn->held_index].id
                                                 : "its locks");
        fpt_svg_text(out, PANEL_W - PLOT_X, 32, "end", "alert", line);
    }
}

static void draw_panel(FILE *out, const fpt_html_report_input *in, size_t f)
{
    const fpt_why *w = in->why;
    char label[160];
    snprintf(label, sizeof label, "%s: weighted terms at each level", in->model->functions[f].id);
    fpt_svg_open(out, PANEL_W, PANEL_H, label);
    fputs("<g class=\"why-chart\">\n", out);
    draw_title(out, in, f);
    double top = panel_top(w, f);
    fpt_svg_line(out, PLOT_X, PLOT_TOP + PLOT_H, PANEL_W - PLOT_X, PLOT_TOP + PLOT_H, "#888888", 1);
    for (size_t l = 0; l < w->n_levels; l++) {
        draw_bar(out, in, f, l, top);
    }
    fputs("</g>\n</svg>\n", out);
}

static void draw_legend(FILE *out, const fpt_why *w)
{
    fpt_svg_open(out, w->has_transition ? 1180 : 1060, LEGEND_H,
                 w->has_transition ? "the eight criteria's colours and the transition's"
                                   : "the eight criteria's colours");
    double x = 10;
    for (int k = 0; k < bar_terms(w); k++) {
        fpt_svg_rect(out, x, 8, 12, 12, CRITERION_FILL[k], NULL);
        const char *text = fpt_term_id(k); /* words: local-knowledge … transition */
        fpt_svg_text(out, x + 16, 18, "start", NULL, text);
        x += 36 + 7.0 * (double)strlen(text);
    }
    fputs("</svg>\n", out);
}

void fpt_html_write_why(FILE *out, const fpt_html_report_input *in)
{
    const fpt_why *w = in->why;
    size_t fragile = 0;
    for (size_t f = 0; f < w->n_functions; f++) {
        fragile += w->functions[f].fragile;
    }
    char threshold[32];
    fpt_why_money(threshold, sizeof threshold, w->fragile_below * fabs(w->objective));
    fprintf(
        out,
        "<h2 id=\"why\">Why here</h2>\n<p>For each function, a bar at every level: its eight "
        "terms there, weighted, stacked from local knowledge at the bottom (the links term with "
        "every other function where the plan puts it). The chosen level is outlined. Above each "
        "other level, its <b>price</b>: how much more a year the best plan with the "
        "function there costs, every other function re-optimised — which can be less than "
        "the difference of the bars, when moving it lets others move too.</p>\n"
        "<p><b>%zu of %zu functions are fragile</b>: a margin under %s (%.3g%% of the "
        "objective), a level that moves within ±%.0f%% of a weight, or a tie.</p>\n",
        fragile, w->n_functions, threshold, 100.0 * w->fragile_below, 100.0 * w->weight_band);
    if (w->has_transition) {
        fputs("<p>On top of each bar, the transition: the one-off cost of moving the function "
              "there from where it is today, annualised over the horizon and weighted "
              "(docs/model.md, the transition term); nothing at its current level.</p>\n",
              out);
    }
    draw_legend(out, w);
    fputs("<div class=\"why-grid\">\n", out);
    for (size_t f = 0; f < w->n_functions; f++) {
        draw_panel(out, in, f);
    }
    fputs("</div>\n", out);
}
