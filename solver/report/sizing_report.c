/* SPDX-License-Identifier: MIT */
/*
 * Rendering a sizing curve (fpt_sizing_render of footprint/sizing.h; docs/cli.md "size"): a
 * table for people, CSV for spreadsheets and JSON for programs; and the note, shared with the
 * HTML report, that the least total sits at an edge of the range searched
 * (report/sizing_report.h). Text is built in memory and never printed here.
 */
#include "report/sizing_report.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "footprint/sizing.h"

int fpt_sizing_format_from_name(const char *name)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int i = 0; name != NULL && i < 3; i++) {
        if (strcmp(name, names[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static bool has_units(const fpt_sizing_point *pt)
{
    return pt->partition != NULL;
}

static void table_header(FILE *out, const fpt_model *m, const fpt_scenario *s, const fpt_sizing *z)
{
    const fpt_function *fn = &m->functions[z->function];
    const fpt_level *lv = &s->levels[z->level];
    fprintf(out, "Sizing %s (%s) at level %s: the CCGs of %s districted into %zu to %zu units\n",
            fn->id, fn->name, lv->id, s->geography, z->points[0].k, z->points[z->n_points - 1].k);
    fprintf(out,
            "each within ±%g%% of an equal share of the population. Other functions where the "
            "scenario's plan puts them (%s).\n",
            100.0 * z->tolerance, fpt_result_name(z->plan->result));
    fprintf(out, "£ a head a year; penalties (local knowledge, visibility, links) in "
                 "pound-equivalents.\nmean km: a person's mean distance to the unit's centre; "
                 "remote: remoteness, from 0 (each CCG its own unit) to 1 (one national "
                 "unit).\n\n");
    fprintf(out, "%6s %11s %11s %7s %6s %8s %8s %8s %9s  %s\n", "units", "smallest", "largest",
            "mean km", "remote", "WTE", "cost", "penalty", "weighted", "districting");
}

static void table_row(FILE *out, const fpt_sizing_point *pt, bool best)
{
    if (!has_units(pt)) {
        fprintf(out, "%5zu  %11s %11s %7s %6s %8s %8s %8s %9s  %s\n", pt->k, "-", "-", "-", "-",
                "-", "-", "-", "-", fpt_districts_result_name(pt->districting));
        return;
    }
    char lo[32], hi[32];
    fpt_text_grouped(lo, sizeof lo, pt->pop_min);
    fpt_text_grouped(hi, sizeof hi, pt->pop_max);
    char status[48];
    snprintf(status, sizeof status, "%s", fpt_districts_result_name(pt->districting));
    if (pt->districting == FPT_DISTRICTS_LIMIT) {
        snprintf(status, sizeof status, "time limit, gap %.2f%%", 100 * pt->gap);
    }
    fprintf(out, "%5zu%c %11s %11s %7.1f %6.3f %8.1f %8.3f %8.3f %9.3f  %s\n", pt->k,
            best ? '*' : ' ', lo, hi, pt->distance_km, pt->remoteness, pt->wte, pt->cost_per_head,
            pt->penalty_per_head, pt->weighted_per_head, status);
}

/* The indices of the first and the last point with a partition; false when none has one. */
static bool partitioned_span(const fpt_sizing *z, size_t *first, size_t *last)
{
    bool any = false;
    for (size_t i = 0; i < z->n_points; i++) {
        if (has_units(&z->points[i])) {
            *first = any ? *first : i;
            *last = i;
            any = true;
        }
    }
    return any;
}

/* The note for the top edge: the best is the last point with a partition. */
static void note_top(const fpt_sizing *z, size_t best, char *buf, size_t size)
{
    const fpt_sizing_point *b = &z->points[best];
    size_t k_min = z->points[0].k, k_max = z->points[z->n_points - 1].k;
    size_t n_ccgs = b->partition->n_ccgs;
    if (b->k == k_max && k_max < n_ccgs) {
        size_t to = 2 * k_max < n_ccgs ? 2 * k_max : n_ccgs;
        snprintf(buf, size,
                 "The least weighted total is at the top of the range searched (%zu units): "
                 "more units may do better still; try --units %zu..%zu.",
                 b->k, k_min, to);
    } else if (b->k < k_max) {
        snprintf(buf, size,
                 "The least weighted total is at the largest number of units that could be "
                 "districted (%zu; %zu to %zu were infeasible within the tolerance): a wider "
                 "--tolerance may find lower totals.",
                 b->k, b->k + 1, k_max);
    }
}

/* The note for the bottom edge: the best is the first point with a partition. */
static void note_bottom(const fpt_sizing *z, size_t best, char *buf, size_t size)
{
    const fpt_sizing_point *b = &z->points[best];
    size_t k_min = z->points[0].k, k_max = z->points[z->n_points - 1].k;
    if (b->k == k_min && k_min > 1) {
        snprintf(buf, size,
                 "The least weighted total is at the bottom of the range searched (%zu "
                 "units): fewer units may do better still; try --units %zu..%zu.",
                 b->k, k_min / 2 > 1 ? k_min / 2 : 1, k_max);
    } else if (b->k > k_min) {
        snprintf(buf, size,
                 "The least weighted total is at the smallest number of units that could be "
                 "districted (%zu; %zu to %zu were infeasible within the tolerance): a wider "
                 "--tolerance may find lower totals.",
                 b->k, k_min, b->k - 1);
    }
}

bool fpt_sizing_edge_note(const fpt_sizing *z, char *buf, size_t size)
{
    size_t first = 0, last = 0;
    buf[0] = '\0';
    if (z->best < 0 || !partitioned_span(z, &first, &last)) {
        return false;
    }
    char top[320] = "", bottom[320] = "";
    if ((size_t)z->best == last) {
        note_top(z, last, top, sizeof top);
    }
    if ((size_t)z->best == first) {
        note_bottom(z, first, bottom, sizeof bottom);
    }
    snprintf(buf, size, "%s%s%s", bottom, bottom[0] != '\0' && top[0] != '\0' ? " " : "", top);
    return buf[0] != '\0';
}

static void render_table(FILE *out, const fpt_model *m, const fpt_scenario *s, const fpt_sizing *z)
{
    table_header(out, m, s, z);
    for (size_t i = 0; i < z->n_points; i++) {
        table_row(out, &z->points[i], (long)i == z->best);
    }
    if (z->best < 0) {
        fprintf(out, "\nNo number of units could be districted within the bounds.\n");
        return;
    }
    const fpt_sizing_point *b = &z->points[z->best];
    char lo[32], hi[32];
    fpt_text_grouped(lo, sizeof lo, b->pop_min);
    fpt_text_grouped(hi, sizeof hi, b->pop_max);
    fprintf(out,
            "\n* least weighted cost: %zu unit%s of %s to %s people, £%.3f a head a year "
            "(cost £%.3f, penalty £%.3f).\n",
            b->k, b->k == 1 ? "" : "s", lo, hi, b->weighted_per_head, b->cost_per_head,
            b->penalty_per_head);
    char note[700];
    if (fpt_sizing_edge_note(z, note, sizeof note)) {
        fprintf(out, "%s\n", note);
    }
}

static void render_csv(FILE *out, const fpt_sizing *z)
{
    fputs("units,districting,gap,pop_min,pop_max,distance_km,remoteness,spread,wte,"
          "cost_per_head_gbp,penalty_per_head_gbp,weighted_per_head_gbp,best",
          out);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fprintf(out, ",%s_gbp", fpt_criterion_id(k));
    }
    fputc('\n', out);
    for (size_t i = 0; i < z->n_points; i++) {
        const fpt_sizing_point *pt = &z->points[i];
        fprintf(out, "%zu,%s", pt->k, fpt_districts_result_name(pt->districting));
        if (!has_units(pt)) {
            fprintf(out, ",,,,,,,,,,,0,,,,,,,,\n");
            continue;
        }
        fpt_csv_number(out, pt->gap, FPT_CSV_RATIO);
        fpt_csv_number(out, pt->pop_min, FPT_CSV_WHOLE);
        fpt_csv_number(out, pt->pop_max, FPT_CSV_WHOLE);
        fpt_csv_number(out, pt->distance_km, FPT_CSV_TENTHS);
        fpt_csv_number(out, pt->remoteness, FPT_CSV_RATIO);
        fpt_csv_number(out, pt->spread, FPT_CSV_RATIO);
        fpt_csv_number(out, pt->wte, FPT_CSV_TENTHS);
        /* one function's £ a head: the K are told apart by fractions of a penny */
        fpt_csv_number(out, pt->cost_per_head, FPT_CSV_RATIO);
        fpt_csv_number(out, pt->penalty_per_head, FPT_CSV_RATIO);
        fpt_csv_number(out, pt->weighted_per_head, FPT_CSV_RATIO);
        fprintf(out, ",%d", (long)i == z->best);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            fpt_csv_number(out, pt->term_gbp[k], FPT_CSV_GBP);
        }
        fputc('\n', out);
    }
}

/* One point; transition: the scenario gives one, so the terms hold it (M15). */
static json_t *point_json(const fpt_sizing_point *pt, bool best, bool transition)
{
    json_t *o = json_pack("{s:I, s:s, s:b}", "units", (json_int_t)pt->k, "districting",
                          fpt_districts_result_name(pt->districting), "best", best);
    if (!has_units(pt)) {
        return o;
    }
    json_t *terms = json_object();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        terms = fpt_json_put(terms, fpt_criterion_id(k), json_real(pt->term_gbp[k]));
    }
    if (transition) {
        terms = fpt_json_put(terms, fpt_term_id(FPT_T_TRANSITION), json_real(pt->transition_gbp));
    }
    if (json_object_update_new(
            o, json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:o}", "gap", pt->gap,
                         "pop_min", pt->pop_min, "pop_max", pt->pop_max, "distance_km",
                         pt->distance_km, "remoteness", pt->remoteness, "spread", pt->spread, "wte",
                         pt->wte, "cost_per_head_gbp", pt->cost_per_head, "penalty_per_head_gbp",
                         pt->penalty_per_head, "weighted_per_head_gbp", pt->weighted_per_head,
                         "terms_gbp", terms)) != 0) {
        json_decref(o); /* a NULL o or a failed json_pack: the point would go missing */
        return NULL;
    }
    return o;
}

static fpt_status render_json(FILE *out, const fpt_model *m, const fpt_scenario *s,
                              const fpt_sizing *z)
{
    json_t *points = json_array();
    for (size_t i = 0; i < z->n_points; i++) {
        points = fpt_json_push(
            points, point_json(&z->points[i], (long)i == z->best, z->base->has_transition));
    }
    json_t *root = json_pack(
        "{s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:o, s:o}", "model", m->id, "scenario", s->id,
        "function", m->functions[z->function].id, "level", s->levels[z->level].id, "tolerance",
        z->tolerance, "population", z->population, "plan", fpt_result_name(z->plan->result),
        "best_units", z->best >= 0 ? json_integer((json_int_t)z->points[z->best].k) : json_null(),
        "points", points);
    if (root == NULL) {
        return FPT_ENOMEM;
    }
    return fpt_json_write(out, root);
}

fpt_status fpt_sizing_render(const fpt_model *m, const fpt_scenario *s, const fpt_sizing *z,
                             fpt_sizing_format format, char **text, size_t *len, fpt_error *err)
{
    FILE *out = fpt_text_open(text, len);
    if (out == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory rendering the sizing");
    }
    fpt_status st = FPT_OK;
    switch (format) {
    case FPT_SIZING_TABLE:
        render_table(out, m, s, z);
        break;
    case FPT_SIZING_CSV:
        render_csv(out, z);
        break;
    case FPT_SIZING_JSON:
        st = render_json(out, m, s, z);
        break;
    }
    return fpt_text_close(out, st, text, len, "the sizing", err);
}
