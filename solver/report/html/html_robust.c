/* SPDX-License-Identifier: MIT */
/*
 * The robust plans in the HTML report (report/html/html_robust.h): a scatter of the plans the
 * sweep found optimal — expected objective across, worst-case regret up, a dot's area by how
 * often the plan was optimal, solid when it is feasible in the required share of scenarios and
 * hollow when not — with the plan of least worst-case regret and the plan of least expected
 * objective ringed and labelled, then the functions the two place differently.
 */
#include "report/html/html_robust.h"

#include <math.h>
#include <stdio.h>

#include "base/text.h"
#include "report/html/svg.h"
#include "report/robust_report.h"

enum { RB_W = 860, RB_H = 380, RB_LEFT = 90, RB_RIGHT = 30, RB_TOP = 20, RB_BOTTOM = 50 };

static const char MINIMAX_FILL[] = "#c0392b", EXPECTED_FILL[] = "#2166ac";

typedef struct frame {
    double x0, x1, y0, y1; /* data ranges */
} frame;

static double px(const frame *f, double x)
{
    return RB_LEFT + (x - f->x0) / (f->x1 - f->x0) * (RB_W - RB_LEFT - RB_RIGHT);
}

static double py(const frame *f, double y)
{
    return RB_H - RB_BOTTOM - (y - f->y0) / (f->y1 - f->y0) * (RB_H - RB_TOP - RB_BOTTOM);
}

static frame frame_of(const fpt_robust *r)
{
    frame f = {INFINITY, -INFINITY, 0, -INFINITY};
    for (size_t p = 0; p < r->n_plans; p++) {
        const fpt_robust_plan *q = &r->plans[p];
        if (q->feasible > 0) {
            f.x0 = fmin(f.x0, q->expected_gbp);
            f.x1 = fmax(f.x1, q->expected_gbp);
            f.y1 = fmax(f.y1, q->regret_max_gbp);
        }
    }
    double pad = 0.05 * fmax(f.x1 - f.x0, 1.0);
    f.x0 -= pad;
    f.x1 += pad;
    f.y1 = f.y1 > 0 ? f.y1 * 1.08 : 1;
    return f;
}

static void draw_axes(FILE *out, const frame *f)
{
    char label[64];
    double step = fpt_nice_step(f->y1);
    for (double v = 0; v <= f->y1 + 1e-9; v += step) {
        fpt_svg_line(out, RB_LEFT, py(f, v), RB_W - RB_RIGHT, py(f, v), "#e4e4e4", 1);
        fpt_robust_money(label, sizeof label, v);
        fpt_svg_text(out, RB_LEFT - 6, py(f, v) + 4, "end", "small", label);
    }
    double xs = fpt_nice_step(f->x1 - f->x0);
    for (double v = ceil(f->x0 / xs) * xs; v <= f->x1; v += xs) {
        fpt_svg_line(out, px(f, v), RB_H - RB_BOTTOM, px(f, v), RB_H - RB_BOTTOM + 4, "#888888", 1);
        fpt_robust_money(label, sizeof label, v);
        fpt_svg_text(out, px(f, v), RB_H - RB_BOTTOM + 18, "middle", "small", label);
    }
    fpt_svg_text(out, (RB_LEFT + RB_W) / 2.0, RB_H - 8, "middle", NULL,
                 "expected objective, £ a year (where the plan is feasible)");
    fpt_svg_text(out, 8, RB_TOP - 6, "start", "small", "worst-case regret, £ a year");
}

static void draw_plan(FILE *out, const fpt_robust *r, const frame *f, size_t p)
{
    const fpt_robust_plan *q = &r->plans[p];
    if (q->feasible == 0) {
        return;
    }
    bool ok = q->feasible_share >= r->min_share;
    double radius = 2.5 + 1.5 * sqrt((double)q->optimal_in);
    char title[256], exp[32], reg[32];
    fpt_robust_money(exp, sizeof exp, q->expected_gbp);
    fpt_robust_money(reg, sizeof reg, q->regret_max_gbp);
    snprintf(title, sizeof title,
             "plan %zu: optimal in %zu scenarios, feasible in %.1f%%, expected %s, worst-case "
             "regret %s",
             p + 1, q->optimal_in, 100.0 * q->feasible_share, exp, reg);
    fprintf(out,
            "<circle class=\"plan\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" "
            "fill-opacity=\"0.7\" stroke=\"#555555\"><title>",
            px(f, q->expected_gbp), py(f, q->regret_max_gbp), radius, ok ? "#555555" : "none");
    fpt_text_escape_xml(out, title);
    fputs("</title></circle>\n", out);
}

static void mark(FILE *out, const fpt_robust *r, const frame *f, size_t p, const char *colour,
                 const char *what, double dy)
{
    if (p == FPT_ROBUST_NONE) {
        return;
    }
    const fpt_robust_plan *q = &r->plans[p];
    double x = px(f, q->expected_gbp), y = py(f, q->regret_max_gbp);
    fprintf(out,
            "<circle class=\"recommended\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" "
            "stroke=\"%s\" stroke-width=\"3\"/>\n",
            x, y, 8 + 1.5 * sqrt((double)q->optimal_in), colour);
    char label[64];
    snprintf(label, sizeof label, "plan %zu: %s", p + 1, what);
    fpt_svg_line(out, x + 6, y, x + 20, y + dy - 4, colour, 1.5);
    fprintf(out,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\" class=\"strong\" style=\"fill:%s\">",
            x + 22, y + dy, colour);
    fpt_text_escape_xml(out, label);
    fputs("</text>\n", out);
}

static void write_differences(FILE *out, const fpt_html_report_input *in)
{
    const fpt_robust *r = in->robust;
    if (r->minimax == FPT_ROBUST_NONE || r->minimax == r->least_expected) {
        return;
    }
    fprintf(out,
            "<table class=\"robust-differences\">\n<tr><th>Function</th><th>Plan %zu (least "
            "worst-case regret)</th><th>Plan %zu (least expected objective)</th></tr>\n",
            r->minimax + 1, r->least_expected + 1);
    for (size_t f = 0; f < r->n_functions; f++) {
        size_t a = r->plans[r->minimax].level[f], b = r->plans[r->least_expected].level[f];
        if (a != b) {
            fputs("<tr><td>", out);
            fpt_text_escape_xml(out, in->model->functions[f].id);
            fputs("</td><td>", out);
            fpt_text_escape_xml(out, in->scenario->levels[a].id);
            fputs("</td><td>", out);
            fpt_text_escape_xml(out, in->scenario->levels[b].id);
            fputs("</td></tr>\n", out);
        }
    }
    fputs("</table>\n", out);
}

static void write_summary(FILE *out, const fpt_html_report_input *in)
{
    const fpt_robust *r = in->robust;
    fprintf(out,
            "<p>The sweep found %zu distinct optimal plans in its %zu scenarios with a plan. %zu "
            "of them (at most %d: those optimal most often) are each evaluated exactly in every "
            "one of those scenarios; a plan's <b>regret</b> in a scenario is how much more its "
            "objective is there than the scenario's optimum. Solid dots are plans feasible in at "
            "least %.0f%% of the scenarios, hollow ones not; a dot's area grows with how often "
            "the plan was optimal. ",
            r->n_distinct, r->n_scenarios, r->n_plans, FPT_ROBUST_MAX_PLANS, 100.0 * r->min_share);
    if (r->minimax == FPT_ROBUST_NONE) {
        fprintf(out, "No plan is feasible in %.0f%% of the scenarios.</p>\n", 100.0 * r->min_share);
        return;
    }
    char reg[32], exp[32];
    fpt_robust_money(reg, sizeof reg, r->plans[r->minimax].regret_max_gbp);
    fpt_robust_money(exp, sizeof exp, r->plans[r->least_expected].expected_gbp);
    fprintf(out,
            "Recommended: plan %zu, whose worst-case regret (%s) is the least, and plan %zu, "
            "whose expected objective (%s) is the least",
            r->minimax + 1, reg, r->least_expected + 1, exp);
    if (r->minimax == r->least_expected) {
        fputs(": the same plan.</p>\n", out);
    } else {
        fprintf(out, "; they differ in %zu functions, below.</p>\n",
                fpt_robust_count_differences(r, r->minimax, r->least_expected));
    }
}

void fpt_html_write_robust(FILE *out, const fpt_html_report_input *in)
{
    const fpt_robust *r = in->robust;
    fputs("<h2 id=\"robust\">The robust plan</h2>\n", out);
    write_summary(out, in);
    frame f = frame_of(r);
    if (!isfinite(f.x0)) {
        return;
    }
    fpt_svg_open(out, RB_W, RB_H, "plans by expected objective and worst-case regret");
    draw_axes(out, &f);
    for (size_t p = 0; p < r->n_plans; p++) {
        draw_plan(out, r, &f, p);
    }
    /* the label of the higher of the two above it, of the lower below, so they never cross */
    bool minimax_higher =
        r->minimax != FPT_ROBUST_NONE && r->least_expected != FPT_ROBUST_NONE &&
        r->plans[r->minimax].regret_max_gbp >= r->plans[r->least_expected].regret_max_gbp;
    mark(out, r, &f, r->least_expected, EXPECTED_FILL, "least expected objective",
         minimax_higher ? 22 : -12);
    mark(out, r, &f, r->minimax, MINIMAX_FILL, "least worst-case regret",
         minimax_higher ? -12 : 22);
    fputs("</svg>\n", out);
    write_differences(out, in);
}
