/* SPDX-License-Identifier: MIT */
/*
 * Real units (geo/realunits.h): a scenario's levels as groupings of its geography's CCGs,
 * with the figures of docs/model.md "Real units" — unit populations, CCGs per unit, each
 * unit's centre, the person distance D_l and the customers per unit c_l — and a level's
 * units turned back into a partition for maps.
 *
 * Reads the geography (geo/geography.c) and partition files through base/csv.c; the
 * appraisal reads what this leaves in the levels and never sees a CCG.
 */
#include "geo/realunits.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

static const double PI = 3.14159265358979323846;

double fpt_person_km(const fpt_ccg *c, double centroid_km)
{
    return sqrt(centroid_km * centroid_km + c->area_km2 / (2.0 * PI));
}

static double ccg_km(const fpt_geography *g, size_t i, size_t j)
{
    const fpt_ccg *a = &g->ccgs[i], *b = &g->ccgs[j];
    return i == j ? 0.0 : fpt_geo_distance_km(a->lat_deg, a->lon_deg, b->lat_deg, b->lon_deg);
}

/* The member of unit u with the least person-km to the unit's other members. */
static size_t one_median(const fpt_geography *g, const size_t *unit_of, size_t u)
{
    size_t best = SIZE_MAX;
    double best_cost = INFINITY;
    for (size_t i = 0; i < g->n_ccgs; i++) {
        if (unit_of[i] != u) {
            continue;
        }
        double cost = 0;
        for (size_t j = 0; j < g->n_ccgs; j++) {
            cost += unit_of[j] == u ? g->ccgs[j].pop * ccg_km(g, i, j) : 0.0;
        }
        if (cost < best_cost) {
            best_cost = cost;
            best = i;
        }
    }
    return best;
}

static int compare_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Fill the units of lv, already allocated, from the ordered centres. */
static fpt_status fill_units(fpt_level *lv, const fpt_geography *g, const size_t *order,
                             const size_t *centre_of, const char *const *label)
{
    size_t n = (size_t)lv->n_units;
    double person_km = 0, log_customers = 0;
    for (size_t i = 0; i < g->n_ccgs; i++) {
        size_t u = lv->unit_of[i];
        double km = ccg_km(g, i, centre_of[u]);
        lv->units[u].pop += g->ccgs[i].pop;
        lv->units[u].n_members++;
        lv->units[u].mean_km += g->ccgs[i].pop * km;
        person_km += g->ccgs[i].pop * fpt_person_km(&g->ccgs[i], km);
    }
    for (size_t u = 0; u < n; u++) {
        fpt_real_unit *unit = &lv->units[u];
        const fpt_ccg *c = &g->ccgs[centre_of[u]];
        unit->mean_km /= unit->pop;
        unit->centre = strdup(c->code);
        unit->label = strdup(label != NULL ? label[order[u]] : c->name);
        if (unit->centre == NULL || unit->label == NULL) {
            return FPT_ENOMEM;
        }
        log_customers += unit->pop * log((double)unit->n_members);
    }
    lv->distance_km = person_km / g->pop_total;
    lv->customers = exp(log_customers / g->pop_total);
    return FPT_OK;
}

fpt_status fpt_level_set_units(fpt_level *lv, const fpt_geography *g, const size_t *unit_of,
                               size_t n_units, const size_t *centre, const char *const *label,
                               fpt_error *err)
{
    fpt_level_clear_units(lv);
    lv->n_units = 0;
    size_t *centres = calloc(n_units + 1, sizeof *centres);   /* by old unit id */
    size_t *sorted = calloc(n_units + 1, sizeof *sorted);     /* centres, ascending */
    size_t *renumber = calloc(n_units + 1, sizeof *renumber); /* old unit id -> new */
    size_t *order = calloc(n_units + 1, sizeof *order);       /* new -> old unit id */
    lv->unit_of = calloc(g->n_ccgs, sizeof *lv->unit_of);
    lv->units = calloc(n_units + 1, sizeof *lv->units);
    fpt_status st = FPT_ENOMEM;
    if (centres == NULL || sorted == NULL || renumber == NULL || order == NULL ||
        lv->unit_of == NULL || lv->units == NULL) {
        goto out;
    }
    lv->n_ccgs = g->n_ccgs;
    for (size_t u = 0; u < n_units; u++) {
        centres[u] = centre != NULL ? centre[u] : one_median(g, unit_of, u);
        if (centres[u] == SIZE_MAX) {
            st = fpt_error_set(err, FPT_EINVALID, g->file, 0,
                               "level '%s': unit %zu has no CCG (expected every unit to "
                               "hold at least one)",
                               lv->id ? lv->id : "", u + 1);
            goto out;
        }
        sorted[u] = centres[u];
    }
    qsort(sorted, n_units, sizeof *sorted, compare_size);
    for (size_t u = 0; u < n_units; u++) {
        size_t *at = bsearch(&centres[u], sorted, n_units, sizeof *sorted, compare_size);
        renumber[u] = (size_t)(at - sorted);
        order[renumber[u]] = u;
    }
    for (size_t i = 0; i < g->n_ccgs; i++) {
        lv->unit_of[i] = renumber[unit_of[i]];
    }
    lv->n_units = (long)n_units;
    st = fill_units(lv, g, order, sorted, label);
    if (st == FPT_ENOMEM) {
        fpt_error_set(err, st, g->file, 0, "out of memory making the units of a level");
    }
out:
    if (st != FPT_OK) {
        fpt_level_clear_units(lv);
        lv->n_units = 0;
        if (st == FPT_ENOMEM && err != NULL && err->status == FPT_OK) {
            fpt_error_set(err, st, g->file, 0, "out of memory making the units of a level");
        }
    }
    free(centres);
    free(sorted);
    free(renumber);
    free(order);
    return st;
}

/* ---- groupings from the data ------------------------------------------------------------ */

/* The label a CCG has under a data grouping. */
static const char *ccg_label(const fpt_ccg *c, fpt_grouping grouping)
{
    switch (grouping) {
    case FPT_GROUPING_AREA:
        return c->area;
    case FPT_GROUPING_REGION:
        return c->region;
    case FPT_GROUPING_NATIONAL:
        return "national";
    default:
        return c->name;
    }
}

/* Group by label: units numbered by first appearance in code order. */
static fpt_status group_by_label(fpt_level *lv, const fpt_geography *g, fpt_error *err)
{
    size_t n = g->n_ccgs;
    size_t *unit_of = calloc(n, sizeof *unit_of);
    const char **labels = calloc(n, sizeof *labels);
    if (unit_of == NULL || labels == NULL) {
        free(unit_of);
        free(labels);
        return fpt_error_set(err, FPT_ENOMEM, g->file, 0, "out of memory grouping the CCGs");
    }
    size_t n_units = 0;
    for (size_t i = 0; i < n; i++) {
        const char *label = ccg_label(&g->ccgs[i], lv->grouping);
        size_t u = 0;
        while (u < n_units && (lv->grouping == FPT_GROUPING_CCG || strcmp(labels[u], label) != 0)) {
            u++;
        }
        if (u == n_units) {
            labels[n_units++] = label;
        }
        unit_of[i] = u;
    }
    fpt_status st = fpt_level_set_units(lv, g, unit_of, n_units, NULL, labels, err);
    free(unit_of);
    free(labels);
    return st;
}

/* ---- partition files -------------------------------------------------------------------- */

typedef struct partition_reader {
    const char *file;
    const fpt_geography *g;
    fpt_diags *d;
    fpt_status status;
    long *row_of;      /* [CCG] line that placed it, 0 = none yet */
    size_t *centre_of; /* [CCG] its centre */
} partition_reader;

static void note(partition_reader *r, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note(partition_reader *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fpt_diags_note(r->d, &r->status, r->file, line, fmt, ap);
    va_end(ap);
}

enum { MAX_COLUMNS = 32 };

/* Find the columns code and centre in the header; false (noted) when one is missing. */
static bool read_header(partition_reader *r, long line, char *text, int *code_col, int *centre_col)
{
    char *fields[MAX_COLUMNS];
    int n = fpt_csv_split(text, fields, MAX_COLUMNS);
    *code_col = *centre_col = -1;
    for (int k = 0; k < n && k < MAX_COLUMNS; k++) {
        if (strcmp(fields[k], "code") == 0) {
            *code_col = k;
        } else if (strcmp(fields[k], "centre") == 0) {
            *centre_col = k;
        }
    }
    if (*code_col < 0 || *centre_col < 0) {
        note(r, line,
             "partition header lacks a code or a centre column (expected the header "
             "written by footprint districts --format csv)");
        return false;
    }
    return true;
}

static long find_code(partition_reader *r, long line, const char *what, const char *code)
{
    long i = fpt_geography_find(r->g, code);
    if (i < 0) {
        note(r, line, "%s '%s' is not a CCG of %s (expected a code from the geography file)", what,
             code, r->g->file);
    }
    return i;
}

static void read_row(partition_reader *r, long line, char *text, int code_col, int centre_col)
{
    char *fields[MAX_COLUMNS];
    int n = fpt_csv_split(text, fields, MAX_COLUMNS);
    int need = (code_col > centre_col ? code_col : centre_col) + 1;
    if (n < 0) {
        note(r, line,
             "unbalanced quotes (expected RFC 4180 CSV: a quoted field ends with \" "
             "before the next comma)");
        return;
    }
    if (n < need) {
        note(r, line, "%d fields (expected at least %d, with a code and a centre)", n, need);
        return;
    }
    long i = find_code(r, line, "code", fields[code_col]);
    long c = find_code(r, line, "centre", fields[centre_col]);
    if (i < 0 || c < 0) {
        return;
    }
    if (r->row_of[i] != 0) {
        note(r, line, "CCG '%s' is placed twice (expected each CCG once; the first is at line %ld)",
             fields[code_col], r->row_of[i]);
        return;
    }
    r->row_of[i] = line;
    r->centre_of[i] = (size_t)c;
}

/* Every CCG placed, every centre its own centre; units numbered by centre. */
static void check_cover(partition_reader *r, long last_line, size_t *unit_of, size_t *n_units,
                        size_t *centres)
{
    const fpt_geography *g = r->g;
    for (size_t i = 0; i < g->n_ccgs; i++) {
        if (r->row_of[i] == 0) {
            note(r, last_line, "CCG '%s' (%s) is in no unit (expected every CCG of %s once)",
                 g->ccgs[i].code, g->ccgs[i].name, g->file);
        }
    }
    if (r->status != FPT_OK) {
        return;
    }
    *n_units = 0;
    for (size_t i = 0; i < g->n_ccgs; i++) {
        size_t c = r->centre_of[i];
        if (r->centre_of[c] != c) {
            note(r, r->row_of[i],
                 "centre '%s' of CCG '%s' is itself in the unit of '%s' (expected a centre "
                 "to be a member of its own unit)",
                 g->ccgs[c].code, g->ccgs[i].code, g->ccgs[r->centre_of[c]].code);
        } else if (c == i) {
            centres[(*n_units)++] = i;
        }
    }
    for (size_t i = 0; r->status == FPT_OK && i < g->n_ccgs; i++) {
        for (size_t u = 0; u < *n_units; u++) {
            unit_of[i] = centres[u] == r->centre_of[i] ? u : unit_of[i];
        }
    }
}

static fpt_status parse_partition(partition_reader *r, const char *text, size_t len,
                                  size_t *unit_of, size_t *n_units, size_t *centres)
{
    char *buf = NULL;
    size_t cap = 0, pos = 0;
    long line = 0;
    int code_col = -1, centre_col = -1;
    bool header = false;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        pos = 3; /* a UTF-8 byte-order mark */
    }
    while (pos < len && r->status != FPT_ENOMEM) {
        line++;
        if (fpt_csv_next_line(text, len, &pos, &buf, &cap) != FPT_OK) {
            r->status = FPT_ENOMEM;
            break;
        }
        if (buf[0] == '#' || buf[0] == '\0') {
            continue;
        }
        if (!header) {
            header = true;
            if (!read_header(r, line, buf, &code_col, &centre_col)) {
                break;
            }
            continue;
        }
        read_row(r, line, buf, code_col, centre_col);
    }
    free(buf);
    if (!header && r->status == FPT_OK) {
        note(r, line, "no header (expected the CSV written by footprint districts --format csv)");
    }
    if (r->status == FPT_OK) {
        check_cover(r, line, unit_of, n_units, centres);
    }
    return r->status;
}

/* Read a partition file and give lv its units. */
static fpt_status group_by_partition(fpt_level *lv, const fpt_geography *g, const char *path,
                                     fpt_diags *d, fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    fpt_status st = fpt_file_read(path, &text, &len, err);
    if (st != FPT_OK) {
        return st;
    }
    size_t n = g->n_ccgs;
    partition_reader r = {.file = path, .g = g, .d = d};
    r.row_of = calloc(n, sizeof *r.row_of);
    r.centre_of = calloc(n, sizeof *r.centre_of);
    size_t *unit_of = calloc(n, sizeof *unit_of);
    size_t *centres = calloc(n, sizeof *centres);
    size_t n_units = 0;
    st = r.row_of && r.centre_of && unit_of && centres
             ? parse_partition(&r, text, len, unit_of, &n_units, centres)
             : FPT_ENOMEM;
    if (st == FPT_OK) {
        st = fpt_level_set_units(lv, g, unit_of, n_units, centres, NULL, err);
    } else if (st == FPT_ENOMEM) {
        fpt_error_set(err, st, path, 0, "out of memory reading the partition");
    }
    free(text);
    free(r.row_of);
    free(r.centre_of);
    free(unit_of);
    free(centres);
    return st;
}

/* ---- the scenario ----------------------------------------------------------------------- */

/* rel as read from the scenario file: relative to the scenario's directory. */
static char *beside(const char *scenario_file, const char *rel)
{
    const char *slash = strrchr(scenario_file, '/');
    if (rel[0] == '/' || slash == NULL) {
        return strdup(rel);
    }
    size_t dir = (size_t)(slash - scenario_file) + 1;
    char *path = malloc(dir + strlen(rel) + 1);
    if (path != NULL) {
        memcpy(path, scenario_file, dir);
        strcpy(path + dir, rel);
    }
    return path;
}

/* A file that could not be read becomes a finding at the line that names it. */
static fpt_status unreadable(const fpt_scenario *s, long line, const char *what, const char *path,
                             fpt_status st, const fpt_error *why, fpt_diags *d)
{
    if (st != FPT_EIO) {
        return st;
    }
    fpt_status add = fpt_diags_add(
        d, s->file, line, "%s: cannot read '%s': %s (expected %s)", what, path, why->message,
        strcmp(what, "geography") == 0 ? "a geography file, docs/geography.md"
                                       : "a partition written by footprint districts --format csv");
    return add == FPT_OK ? FPT_EINVALID : add;
}

static fpt_status make_level(fpt_scenario *s, fpt_level *lv, const fpt_geography *g, fpt_diags *d,
                             fpt_error *err)
{
    if (lv->grouping != FPT_GROUPING_PARTITION) {
        return group_by_label(lv, g, err);
    }
    char *path = beside(s->file, lv->file);
    if (path == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, s->file, lv->line, "out of memory");
    }
    fpt_error why = {0};
    fpt_status st = group_by_partition(lv, g, path, d, &why);
    st = unreadable(s, lv->line, "partition", path, st, &why, d);
    if (st == FPT_ENOMEM && err != NULL) {
        *err = why;
    }
    free(lv->file); /* from here on, where it was read from (sweep provenance hashes it) */
    lv->file = path;
    if (st == FPT_EINVALID && why.status == FPT_OK) {
        fpt_diags_add(d, s->file, lv->line,
                      "level '%s': the partition in '%s' cannot be used (its problems are listed "
                      "above; expected a partition written by footprint districts --format csv)",
                      lv->id, path);
    }
    if (st == FPT_EINVALID && why.status == FPT_EINVALID && why.message[0] != '\0') {
        fpt_diags_add(d, s->file, lv->line, "level '%s': %s", lv->id, why.message);
    }
    return st;
}

fpt_status fpt_scenario_make_units(fpt_scenario *s, fpt_diags *d, fpt_error *err)
{
    if (s->geography == NULL) {
        return FPT_OK;
    }
    free(s->geography_path);
    s->geography_path = beside(s->file, s->geography);
    if (s->geography_path == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, s->file, s->geography_line, "out of memory");
    }
    fpt_geography *g = NULL;
    fpt_error why = {0};
    fpt_status st = fpt_geography_load(s->geography_path, &g, d, &why);
    st = unreadable(s, s->geography_line, "geography", s->geography_path, st, &why, d);
    if (st == FPT_ENOMEM && err != NULL) {
        *err = why;
    }
    /* Every level is made, so that all their problems are reported together. */
    for (size_t l = 0; g != NULL && st != FPT_ENOMEM && l < s->n_levels; l++) {
        fpt_level *lv = &s->levels[l];
        fpt_status level_st =
            lv->grouping == FPT_GROUPING_NONE ? FPT_OK : make_level(s, lv, g, d, err);
        if (level_st == FPT_ENOMEM) {
            st = level_st;
        } else if (level_st != FPT_OK) {
            st = FPT_EINVALID;
        }
    }
    if (g != NULL) {
        s->population = g->pop_total;
        for (size_t l = 0; l < s->n_levels; l++) {
            fpt_level *lv = &s->levels[l];
            lv->unit_pop = lv->n_units > 0 ? s->population / (double)lv->n_units : 0;
        }
    }
    fpt_geography_free(g);
    return st;
}

/* ---- a level as a partition, for maps --------------------------------------------------- */

static fpt_status fill_partition(fpt_partition *p, const fpt_geography *g, const fpt_level *lv)
{
    for (size_t u = 0; u < p->n_units; u++) {
        fpt_unit *unit = &p->units[u];
        long c = fpt_geography_find(g, lv->units[u].centre);
        unit->centre = c >= 0 ? (size_t)c : 0;
        unit->pop = lv->units[u].pop;
        unit->mean_km = lv->units[u].mean_km;
        unit->members = calloc(lv->units[u].n_members + 1, sizeof *unit->members);
        if (unit->members == NULL) {
            return FPT_ENOMEM;
        }
        p->pop_min = u == 0 ? unit->pop : fmin(p->pop_min, unit->pop);
        p->pop_max = fmax(p->pop_max, unit->pop);
    }
    for (size_t i = 0; i < g->n_ccgs; i++) {
        fpt_unit *unit = &p->units[lv->unit_of[i]];
        const fpt_ccg *c = &g->ccgs[unit->centre];
        double km = i == unit->centre ? 0.0
                                      : fpt_geo_distance_km(g->ccgs[i].lat_deg, g->ccgs[i].lon_deg,
                                                            c->lat_deg, c->lon_deg);
        p->unit_of[i] = lv->unit_of[i];
        p->dist_km[i] = km;
        unit->members[unit->n_members++] = i;
        unit->max_km = fmax(unit->max_km, km);
        p->objective += g->ccgs[i].pop * km;
    }
    p->bound = p->objective;
    return FPT_OK;
}

fpt_status fpt_partition_from_level(const fpt_geography *g, const fpt_level *lv,
                                    fpt_partition **out, fpt_error *err)
{
    *out = NULL;
    if (lv->units == NULL || lv->n_ccgs != g->n_ccgs) {
        return fpt_error_set(err, FPT_EINTERNAL, g->file, 0,
                             "level '%s' has no units of this geography", lv->id ? lv->id : "");
    }
    fpt_partition *p = calloc(1, sizeof *p);
    size_t n = (size_t)lv->n_units;
    fpt_status st = FPT_ENOMEM;
    if (p != NULL) {
        p->result = FPT_DISTRICTS_OPTIMAL;
        p->n_ccgs = g->n_ccgs;
        p->n_units = n;
        p->target_pop = g->pop_total / (double)n;
        p->units = calloc(n, sizeof *p->units);
        p->unit_of = calloc(g->n_ccgs, sizeof *p->unit_of);
        p->dist_km = calloc(g->n_ccgs, sizeof *p->dist_km);
        if (p->units != NULL && p->unit_of != NULL && p->dist_km != NULL) {
            st = fill_partition(p, g, lv);
        }
    }
    if (st != FPT_OK) {
        fpt_partition_free(p);
        return fpt_error_set(err, st, g->file, 0, "out of memory drawing a level's units");
    }
    *out = p;
    return FPT_OK;
}
