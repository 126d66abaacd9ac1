/* SPDX-License-Identifier: MIT */
/*
 * Renders a partition (the type of footprint/geography.h; the entry points of
 * footprint/districts.h): a table for the terminal, CSV with one row per CCG for spreadsheets,
 * JSON for programs, and an SVG map (drawn by report/partition_svg.c).
 *
 * Text is built in memory (base/text.h) and never printed here; JSON goes through
 * Jansson, so no non-finite number reaches a file. Names are escaped for CSV, XML and JSON.
 */
#include <assert.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "footprint/districts.h"

static const char *const FORMAT_NAMES[] = {"table", "csv", "json", "svg"};

typedef struct view {
    const fpt_geography *g;
    const fpt_partition *p;
    fpt_error *err;
} view;

int fpt_districts_format_from_name(const char *name)
{
    for (int i = 0; i < (int)(sizeof FORMAT_NAMES / sizeof FORMAT_NAMES[0]); i++) {
        if (strcmp(name, FORMAT_NAMES[i]) == 0) {
            return i;
        }
    }
    return -1;
}

static bool has_partition(const fpt_partition *p)
{
    return p->units != NULL;
}

const char *fpt_districts_result_name(fpt_districts_result r)
{
    switch (r) {
    case FPT_DISTRICTS_OPTIMAL:
        return "optimal";
    case FPT_DISTRICTS_LIMIT:
        return "time limit";
    case FPT_DISTRICTS_INFEASIBLE:
        return "infeasible";
    case FPT_DISTRICTS_NO_PARTITION:
        return "no partition";
    }
    return "unknown";
}
/* ---- table -------------------------------------------------------------------------------- */

static void table_header(FILE *out, const view *v)
{
    char lo[32], hi[32], target[32];
    fpt_text_grouped(lo, sizeof lo, v->p->pop_min);
    fpt_text_grouped(hi, sizeof hi, v->p->pop_max);
    fpt_text_grouped(target, sizeof target, v->p->target_pop);
    fprintf(out, "%zu units of %s to %s people (target %s) from %zu CCGs in %s\n\n", v->p->n_units,
            lo, hi, target, v->p->n_ccgs, v->g->file);
}

static void table_units(FILE *out, const view *v)
{
    fprintf(out, "%-4s %-10s %-44s %5s %12s %8s %8s\n", "unit", "centre", "centre name", "CCGs",
            "population", "mean km", "max km");
    for (size_t u = 0; u < v->p->n_units; u++) {
        const fpt_unit *unit = &v->p->units[u];
        const fpt_ccg *c = &v->g->ccgs[unit->centre];
        char pop[32];
        fpt_text_grouped(pop, sizeof pop, unit->pop);
        fprintf(out, "%-4zu %-10s %-44.44s %5zu %12s %8.1f %8.1f\n", u + 1, c->code, c->name,
                unit->n_members, pop, unit->mean_km, unit->max_km);
    }
}

static void table_members(FILE *out, const view *v)
{
    fputs("\nMembers (code, distance to the centre in km):\n", out);
    for (size_t u = 0; u < v->p->n_units; u++) {
        const fpt_unit *unit = &v->p->units[u];
        fprintf(out, "%zu:", u + 1);
        for (size_t m = 0; m < unit->n_members; m++) {
            size_t i = unit->members[m];
            fprintf(out, " %s (%.0f)%s", v->g->ccgs[i].code, v->p->dist_km[i],
                    m + 1 < unit->n_members ? "," : "");
        }
        fputc('\n', out);
    }
}

static void table_summary(FILE *out, const view *v)
{
    const fpt_partition *p = v->p;
    char obj[32], bound[32];
    fpt_text_grouped(obj, sizeof obj, p->objective);
    fpt_text_grouped(bound, sizeof bound, p->bound);
    fprintf(out, "\nObjective: %s person-km (%.2f km per person); bound %s; gap %.4f%%\n", obj,
            p->objective / v->g->pop_total, bound, 100 * p->gap);
    fprintf(out, "Solver: %s; CCG-centre pairs kept %zu of %zu\n",
            fpt_districts_result_name(p->result), p->n_pairs_kept, p->n_pairs);
}

static fpt_status render_table(FILE *out, const view *v)
{
    table_header(out, v);
    if (!has_partition(v->p)) {
        fprintf(out, "No partition (%s).\n", fpt_districts_result_name(v->p->result));
        for (size_t r = 0; r < v->p->n_reasons; r++) {
            fprintf(out, "- %s\n", v->p->reasons[r]);
        }
        return FPT_OK;
    }
    table_units(out, v);
    table_members(out, v);
    table_summary(out, v);
    return FPT_OK;
}

/* ---- CSV ---------------------------------------------------------------------------------- */

static fpt_status render_csv(FILE *out, const view *v)
{
    fputs("code,name,population,lat,lon,unit,centre,centre_name,distance_km,unit_population\n",
          out);
    for (size_t i = 0; has_partition(v->p) && i < v->p->n_ccgs; i++) {
        const fpt_ccg *c = &v->g->ccgs[i];
        const fpt_unit *unit = &v->p->units[v->p->unit_of[i]];
        const fpt_ccg *centre = &v->g->ccgs[unit->centre];
        fprintf(out, "%s,", c->code);
        fpt_csv_field(out, c->name);
        fprintf(out, ",%.0f,%.5f,%.5f,%zu,%s,", c->pop, c->lat_deg, c->lon_deg,
                v->p->unit_of[i] + 1, centre->code);
        fpt_csv_field(out, centre->name);
        fprintf(out, ",%.3f,%.0f\n", v->p->dist_km[i], unit->pop);
    }
    return FPT_OK;
}

/* ---- JSON --------------------------------------------------------------------------------- */

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *unit_json(const view *v, size_t u)
{
    const fpt_unit *unit = &v->p->units[u];
    const fpt_ccg *c = &v->g->ccgs[unit->centre];
    json_t *members = json_array();
    for (size_t m = 0; m < unit->n_members; m++) {
        members = fpt_json_push(members, json_string(v->g->ccgs[unit->members[m]].code));
    }
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "unit", (json_int_t)(u + 1), "centre",
                     c->code, "centre_name", c->name, "population", real_or_null(unit->pop),
                     "mean_km", real_or_null(unit->mean_km), "max_km", real_or_null(unit->max_km),
                     "members", members);
}

static json_t *ccgs_json(const view *v)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < v->p->n_ccgs; i++) {
        a = fpt_json_push(a, json_pack("{s:s, s:I, s:o}", "code", v->g->ccgs[i].code, "unit",
                                       (json_int_t)(v->p->unit_of[i] + 1), "distance_km",
                                       real_or_null(v->p->dist_km[i])));
    }
    return a;
}

static json_t *build_json(const view *v)
{
    const fpt_partition *p = v->p;
    json_t *root =
        json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:I, s:I}", "status",
                  fpt_districts_result_name(p->result), "geography", v->g->file, "n_ccgs",
                  (json_int_t)p->n_ccgs, "n_units", (json_int_t)p->n_units, "target_population",
                  real_or_null(p->target_pop), "population_min", real_or_null(p->pop_min),
                  "population_max", real_or_null(p->pop_max), "pairs", (json_int_t)p->n_pairs,
                  "pairs_kept", (json_int_t)p->n_pairs_kept);
    json_t *reasons = json_array();
    for (size_t r = 0; root != NULL && reasons != NULL && r < p->n_reasons; r++) {
        reasons = fpt_json_push(reasons, json_string(p->reasons[r]));
    }
    root = fpt_json_put(root, "reasons", reasons);
    if (root != NULL && has_partition(p)) {
        root = fpt_json_put(root, "objective_person_km", real_or_null(p->objective));
        root = fpt_json_put(root, "mean_km", real_or_null(p->objective / v->g->pop_total));
        root = fpt_json_put(root, "bound_person_km", real_or_null(p->bound));
        root = fpt_json_put(root, "gap", real_or_null(p->gap));
        root = fpt_json_put(root, "heuristic_person_km", real_or_null(p->heuristic));
        json_t *units = json_array();
        for (size_t u = 0; units != NULL && u < p->n_units; u++) {
            units = fpt_json_push(units, unit_json(v, u));
        }
        root = fpt_json_put(root, "units", units);
        root = fpt_json_put(root, "ccgs", ccgs_json(v));
    }
    return root;
}

static fpt_status render_json(FILE *out, const view *v)
{
    return fpt_json_write(out, build_json(v));
}

/* ---- SVG (report/partition_svg.c draws the map) --------------------------------------- */

static fpt_status render_svg(FILE *out, const view *v)
{
    char title[1024];
    snprintf(title, sizeof title, "%zu units, %s: %s", v->p->n_units,
             fpt_districts_result_name(v->p->result), v->g->file);
    return fpt_partition_svg(out, v->g, v->p, title, true, v->err);
}

/* ---- entry -------------------------------------------------------------------------------- */

typedef fpt_status (*render_fn)(FILE *out, const view *v);

fpt_status fpt_partition_render(const fpt_geography *g, const fpt_partition *p,
                                fpt_districts_format format, char **text, size_t *len,
                                fpt_error *err)
{
    static const render_fn renderers[] = {render_table, render_csv, render_json, render_svg};
    assert(format >= FPT_DISTRICTS_TABLE && format <= FPT_DISTRICTS_SVG);
    FILE *out = fpt_text_open(text, len);
    if (out == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory rendering the partition");
    }
    view v = {.g = g, .p = p, .err = err};
    fpt_status st = renderers[format](out, &v);
    return fpt_text_close(out, st, text, len, "the partition", err);
}
