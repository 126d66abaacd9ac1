/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's geographic sections (report/html/html_geo.h): the sizing curve of one
 * function — cost, penalty and weighted cost per head against the number of districted
 * units, the best marked, a point whose districting was not proven optimal drawn hollow, the
 * y axis spanning the values drawn — with a note when the best sits at an edge of the range
 * searched and the map of its best districting, and maps of a scenario's real units. Charts are
 * inline SVG (svg.h); maps are fpt_partition_svg's (footprint/districts.h, report/partition_svg.c),
 * drawn from geo/realunits.c's partitions.
 */
#include "report/html/html_geo.h"

#include <math.h>
#include <stdio.h>

#include "base/text.h"
#include "geo/realunits.h"
#include "report/html/svg.h"
#include "report/map_labels.h"
#include "report/sizing_report.h"

enum { CURVE_W = 860, CURVE_H = 340, CURVE_LEFT = 70, CURVE_RIGHT = 660, CURVE_TOP = 30 };
enum { CURVE_PLOT_H = 250 };

static const struct {
    const char *name;
    const char *colour;
    double width;
} SERIES[] = {
    {"cost", "#1d91c0", 2},
    {"penalty", "#f28e2b", 2},
    {"weighted total", "#222222", 3},
};

static double series_value(const fpt_sizing_point *pt, size_t k)
{
    return k == 0 ? pt->cost_per_head : k == 1 ? pt->penalty_per_head : pt->weighted_per_head;
}

typedef struct curve_frame {
    size_t k_min, k_max;
    double base, top, step; /* the y axis: base to top in steps of step */
    int decimals;           /* of its labels */
} curve_frame;

static double curve_x(const curve_frame *f, size_t k)
{
    double span = f->k_max > f->k_min ? (double)(f->k_max - f->k_min) : 1.0;
    return CURVE_LEFT + (double)(k - f->k_min) / span * (CURVE_RIGHT - CURVE_LEFT);
}

static double curve_y(const curve_frame *f, double v)
{
    return CURVE_TOP + CURVE_PLOT_H - (v - f->base) / (f->top - f->base) * CURVE_PLOT_H;
}

/* A step of 1, 2, 2.5 or 5 × 10^k giving five to eight ticks over span. */
static double tick_step(double span)
{
    double raw = span > 0 ? span / 8 : 0.1;
    double mag = pow(10, floor(log10(raw)));
    double r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
}

/* The y axis spans the values drawn: from 0, unless every value lies above a third of the
 * highest, when it starts at a tick below the lowest so that differences show. */
static void fit_axis(curve_frame *f, double lowest, double highest)
{
    f->base = 0;
    if (lowest > highest / 3) {
        double s = tick_step(highest - lowest);
        f->base = s * floor(lowest / s);
    }
    f->step = tick_step(highest - f->base);
    f->top = f->base + f->step * fmax(1, ceil((highest - f->base) / f->step * (1 - 1e-9)));
    f->decimals = (int)fmax(2, ceil(-log10(f->step) - 1e-9));
    f->decimals += fabs(f->step * pow(10, f->decimals) - round(f->step * pow(10, f->decimals))) >
                   1e-6; /* 2.5 × 10^k needs one more */
}

static void draw_curve_axes(FILE *out, const curve_frame *f)
{
    char label[32];
    size_t n_ticks = (size_t)round((f->top - f->base) / f->step);
    for (size_t t = 0; t <= n_ticks; t++) {
        double v = f->base + f->step * (double)t, y = curve_y(f, v);
        fpt_svg_line(out, CURVE_LEFT, y, CURVE_RIGHT, y, t == 0 ? "#888888" : "#e4e4e4", 1);
        snprintf(label, sizeof label, "£%.*f", f->decimals, v);
        fpt_svg_text(out, CURVE_LEFT - 6, y + 4, "end", "small", label);
    }
    size_t every = f->k_max - f->k_min > 15 ? 2 : 1;
    for (size_t k = f->k_min; k <= f->k_max; k += every) {
        snprintf(label, sizeof label, "%zu", k);
        fpt_svg_text(out, curve_x(f, k), CURVE_TOP + CURVE_PLOT_H + 16, "middle", "small", label);
    }
    fpt_svg_text(out, (CURVE_LEFT + CURVE_RIGHT) / 2.0, CURVE_TOP + CURVE_PLOT_H + 34, "middle",
                 NULL, "number of units");
    fpt_svg_text(out, 8, 16, "start", "small", "£ per head a year");
}

/* A point's marker: filled when its districting was proven optimal, hollow when not. */
static void draw_marker(FILE *out, double x, double y, const char *colour, bool proven,
                        const char *tip)
{
    fprintf(out,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
            "stroke=\"%s\" stroke-width=\"1.5\"><title>",
            x - 3, y - 3, 6.0, 6.0, proven ? colour : "#ffffff", colour);
    fpt_text_escape_xml(out, tip);
    fputs("</title></rect>\n", out);
}

/* How a point's districting ended, for tooltips and the table. */
static void districting_text(const fpt_sizing_point *pt, char *buf, size_t size)
{
    if (pt->districting == FPT_DISTRICTS_OPTIMAL) {
        snprintf(buf, size, "proven optimal");
    } else if (pt->districting == FPT_DISTRICTS_LIMIT) {
        snprintf(buf, size, "not proven optimal: time limit, gap %.2f%%", 100 * pt->gap);
    } else {
        snprintf(buf, size, "%s", fpt_districts_result_name(pt->districting));
    }
}

/* One series as line segments between consecutive districted points. */
static void draw_series(FILE *out, const fpt_sizing *z, const curve_frame *f, size_t k)
{
    for (size_t i = 1; i < z->n_points; i++) {
        const fpt_sizing_point *a = &z->points[i - 1], *b = &z->points[i];
        if (a->partition == NULL || b->partition == NULL) {
            continue;
        }
        fpt_svg_line(out, curve_x(f, a->k), curve_y(f, series_value(a, k)), curve_x(f, b->k),
                     curve_y(f, series_value(b, k)), SERIES[k].colour, SERIES[k].width);
    }
    for (size_t i = 0; i < z->n_points; i++) {
        const fpt_sizing_point *pt = &z->points[i];
        if (pt->partition == NULL) {
            continue;
        }
        char tip[256], how[96];
        districting_text(pt, how, sizeof how);
        snprintf(tip, sizeof tip, "%zu units: %s £%.3f per head; districting %s", pt->k,
                 SERIES[k].name, series_value(pt, k), how);
        draw_marker(out, curve_x(f, pt->k), curve_y(f, series_value(pt, k)), SERIES[k].colour,
                    pt->districting == FPT_DISTRICTS_OPTIMAL, tip);
    }
}

/* The best K's line and label; the label turns left where it would reach the legend. */
static void draw_best(FILE *out, const fpt_sizing *z, const curve_frame *f)
{
    if (z->best < 0) {
        return;
    }
    const fpt_sizing_point *b = &z->points[z->best];
    double x = curve_x(f, b->k);
    fpt_svg_line(out, x, CURVE_TOP, x, CURVE_TOP + CURVE_PLOT_H, "#d62728", 1.5);
    char label[64];
    snprintf(label, sizeof label, "best: %zu unit%s", b->k, b->k == 1 ? "" : "s");
    bool left = x + 4 + fpt_text_width_px(label, 12) > CURVE_RIGHT;
    fpt_svg_text(out, left ? x - 4 : x + 4, CURVE_TOP + 12, left ? "end" : "start", NULL, label);
}

static void draw_legend(FILE *out)
{
    double x = CURVE_RIGHT + 20;
    for (size_t k = 0; k < 3; k++) {
        double y = CURVE_TOP + 10 + 22.0 * (double)k;
        fpt_svg_line(out, x, y, x + 24, y, SERIES[k].colour, SERIES[k].width);
        fpt_svg_text(out, x + 30, y + 4, "start", NULL, SERIES[k].name);
    }
    fpt_svg_text(out, x, CURVE_TOP + 88, "start", "small", "districting:");
    draw_marker(out, x + 12, CURVE_TOP + 104, "#222222", true, "districting proven optimal");
    fpt_svg_text(out, x + 30, CURVE_TOP + 108, "start", "small", "proven optimal");
    draw_marker(out, x + 12, CURVE_TOP + 124, "#222222", false,
                "districting stopped at the time limit: not proven optimal");
    fpt_svg_text(out, x + 30, CURVE_TOP + 128, "start", "small", "not proven (time limit)");
}

static void write_curve(FILE *out, const fpt_sizing *z)
{
    curve_frame f = {.k_min = z->points[0].k, .k_max = z->points[z->n_points - 1].k};
    double lowest = HUGE_VAL, highest = 0;
    for (size_t i = 0; i < z->n_points; i++) {
        for (size_t k = 0; z->points[i].partition != NULL && k < 3; k++) {
            lowest = fmin(lowest, series_value(&z->points[i], k));
            highest = fmax(highest, series_value(&z->points[i], k));
        }
    }
    fit_axis(&f, lowest <= highest ? lowest : 0, highest); /* no point districted: 0 */
    fpt_svg_open(out, CURVE_W, CURVE_H, "cost and penalty per head against the number of units");
    draw_curve_axes(out, &f);
    for (size_t k = 0; k < 3; k++) {
        draw_series(out, z, &f, k);
    }
    draw_best(out, z, &f);
    draw_legend(out);
    fputs("</svg>\n", out);
}

static void write_points_table(FILE *out, const fpt_sizing *z)
{
    fputs("<table>\n<tr><th>units</th><th>smallest</th><th>largest</th><th>mean distance to the "
          "unit's centre, km</th>"
          "<th>cost £/head</th><th>penalty £/head</th><th>weighted £/head</th>"
          "<th>districting</th></tr>\n",
          out);
    for (size_t i = 0; i < z->n_points; i++) {
        const fpt_sizing_point *pt = &z->points[i];
        fprintf(out, "<tr%s><td>%zu</td>", (long)i == z->best ? " class=\"best\"" : "", pt->k);
        if (pt->partition == NULL) {
            fprintf(out, "<td colspan=\"6\"></td><td>%s</td></tr>\n",
                    fpt_districts_result_name(pt->districting));
            continue;
        }
        char lo[32], hi[32];
        fpt_text_grouped(lo, sizeof lo, pt->pop_min);
        fpt_text_grouped(hi, sizeof hi, pt->pop_max);
        char how[96];
        districting_text(pt, how, sizeof how);
        fprintf(out,
                "<td>%s</td><td>%s</td><td>%.1f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                "<td>%s</td></tr>\n",
                lo, hi, pt->distance_km, pt->cost_per_head, pt->penalty_per_head,
                pt->weighted_per_head, how);
    }
    fputs("</table>\n", out);
}

fpt_status fpt_html_write_sizing(FILE *out, const fpt_html_report_input *in)
{
    const fpt_sizing *z = in->sizing;
    const fpt_function *fn = &in->model->functions[z->function];
    fputs("<h2 id=\"sizing\">Sizing: ", out);
    fpt_text_escape_xml(out, fn->name);
    fputs("</h2>\n<p>The function's cost and penalty per head a year when level <b>", out);
    fpt_text_escape_xml(out, in->scenario->levels[z->level].id);
    fprintf(out,
            "</b> is made of each number of units districted from the CCGs (each unit within "
            "±%g%% of an equal share of the population), every other function where the "
            "scenario's plan puts it: its cost "
            "(scarcity, minimum team, economies of scale, duplication and set-up) and its "
            "penalty (local knowledge, visibility and links, in pound-equivalents).</p>\n",
            100.0 * z->tolerance);
    write_curve(out, z);
    char note[700];
    if (fpt_sizing_edge_note(z, note, sizeof note)) {
        fputs("<p class=\"note\">", out);
        fpt_text_escape_xml(out, note);
        fputs("</p>\n", out);
    }
    write_points_table(out, z);
    if (z->best < 0 || in->geography == NULL) {
        return FPT_OK;
    }
    const fpt_sizing_point *b = &z->points[z->best];
    char title[256];
    snprintf(title, sizeof title, "Best districting: %zu unit%s (%s)", b->k, b->k == 1 ? "" : "s",
             fpt_districts_result_name(b->districting));
    fputs("<h3>The best districting</h3>\n", out);
    return fpt_partition_svg(out, in->geography, b->partition, title, false, &(fpt_error){0});
}

fpt_status fpt_html_write_maps(FILE *out, const fpt_html_report_input *in)
{
    const fpt_scenario *s = in->scenario;
    const fpt_geography *g = in->geography;
    bool heading = false;
    for (size_t l = 1; s->geography != NULL && l + 1 < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        if (lv->units == NULL || lv->n_ccgs != g->n_ccgs) {
            continue;
        }
        if (!heading) {
            fputs("<h2 id=\"maps\">Real units</h2>\n<p>Each unit's territory (the land nearer its "
                  "CCGs' centroids than any other CCG's, within England) in the unit's colour, "
                  "with the borders between units; each dot is a CCG, sized by population; "
                  "squares mark the units' centres, and the legend names every unit.</p>\n",
                  out);
            heading = true;
        }
        fpt_partition *p = NULL;
        fpt_status st = fpt_partition_from_level(g, lv, &p, &(fpt_error){0});
        if (st == FPT_ENOMEM) {
            return st;
        }
        if (st != FPT_OK) {
            continue; /* not a level of this geography: no map */
        }
        char title[256];
        snprintf(title, sizeof title, "Level %s: %ld units, %.1f km from a person to the centre",
                 lv->id, lv->n_units, lv->distance_km);
        st = fpt_partition_svg(out, g, p, title, false, &(fpt_error){0});
        fpt_partition_free(p);
        if (st != FPT_OK) {
            return st;
        }
    }
    return FPT_OK;
}
