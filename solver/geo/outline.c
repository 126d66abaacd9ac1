/* SPDX-License-Identifier: MIT */
/*
 * Reading the outline file (geo/outline.h): data/england-outline.csv, compiled into the library
 * as fpt_england_outline_csv (solver/CMakeLists.txt), or any text of the same form. One pass
 * over the rows, a ring growing until the land or ring number changes; the first bad row
 * stops the parse with its file:line (the text is the project's own, so one message is
 * enough). Never prints.
 */
#include "geo/outline.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

static const char HEADER[] = "land,ring,lon,lat";

extern const char fpt_england_outline_csv[];
extern const size_t fpt_england_outline_csv_len;

/* The state of one parse. */
typedef struct reader {
    const char *file;
    long line;
    fpt_error *err;
    fpt_outline *o;
    long ring_no;    /* the current ring's number in its land, or -1 before the first */
    size_t ring_cap; /* capacity of the current ring's points */
    size_t land_cap; /* capacity of the outline's lands */
} reader;

void fpt_outline_free(fpt_outline *o)
{
    if (o == NULL) {
        return;
    }
    for (size_t i = 0; i < o->n_lands; i++) {
        free(o->lands[i].name);
        fpt_region_clear(&o->lands[i].region);
    }
    free(o->lands);
    free(o);
}

const fpt_outline_land *fpt_outline_find(const fpt_outline *o, const char *name)
{
    for (size_t i = 0; i < o->n_lands; i++) {
        if (strcmp(o->lands[i].name, name) == 0) {
            return &o->lands[i];
        }
    }
    return NULL;
}

static fpt_status bad(reader *r, const char *what, const char *detail)
{
    return fpt_error_set(r->err, FPT_EINVALID, r->file, r->line, "%s%s (expected %s)", what, detail,
                         HEADER);
}

static fpt_status no_memory(reader *r)
{
    return fpt_error_set(r->err, FPT_ENOMEM, r->file, r->line, "out of memory reading %s", r->file);
}

static bool parse_number(const char *text, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (text[0] == '\0' || errno != 0 || *end != '\0' || !isfinite(v) || v < lo || v > hi) {
        return false;
    }
    *out = v;
    return true;
}

static fpt_outline_land *current_land(reader *r)
{
    return r->o->n_lands > 0 ? &r->o->lands[r->o->n_lands - 1] : NULL;
}

static fpt_ring *current_ring(reader *r)
{
    fpt_outline_land *land = current_land(r);
    return land != NULL && land->region.n_rings > 0 ? &land->region.rings[land->region.n_rings - 1]
                                                    : NULL;
}

/* The ring under way, if any, must have at least three points. */
static fpt_status close_ring(reader *r)
{
    fpt_ring *ring = current_ring(r);
    if (ring != NULL && ring->n < 3) {
        return bad(r, "a ring of fewer than 3 points ends before this line", "");
    }
    return FPT_OK;
}

static fpt_status start_land(reader *r, const char *name)
{
    if (fpt_outline_find(r->o, name) != NULL) {
        return bad(r, "land comes back after another: ", name);
    }
    if (r->o->n_lands == r->land_cap) {
        size_t cap = r->land_cap ? 2 * r->land_cap : 8;
        fpt_outline_land *lands = realloc(r->o->lands, cap * sizeof *lands);
        if (lands == NULL) {
            return no_memory(r);
        }
        r->o->lands = lands;
        r->land_cap = cap;
    }
    fpt_outline_land *land = &r->o->lands[r->o->n_lands];
    *land = (fpt_outline_land){0};
    if ((land->name = strdup(name)) == NULL) {
        return no_memory(r);
    }
    r->o->n_lands++;
    r->ring_no = -1;
    return FPT_OK;
}

static fpt_status start_ring(reader *r, long number)
{
    if (number != r->ring_no + 1) {
        return bad(r, "ring numbers of a land must run 0, 1, 2 … in order", "");
    }
    fpt_region *region = &current_land(r)->region;
    fpt_ring *rings = realloc(region->rings, (region->n_rings + 1) * sizeof *rings);
    if (rings == NULL) {
        return no_memory(r);
    }
    region->rings = rings;
    region->rings[region->n_rings++] = (fpt_ring){0};
    r->ring_no = number;
    r->ring_cap = 0;
    return FPT_OK;
}

static fpt_status add_point(reader *r, fpt_xy p)
{
    fpt_ring *ring = current_ring(r);
    if (ring->n == r->ring_cap) {
        size_t cap = r->ring_cap ? 2 * r->ring_cap : 64;
        fpt_xy *pts = realloc(ring->pts, cap * sizeof *pts);
        if (pts == NULL) {
            return no_memory(r);
        }
        ring->pts = pts;
        r->ring_cap = cap;
    }
    ring->pts[ring->n++] = p;
    return FPT_OK;
}

static fpt_status read_row(reader *r, char *line)
{
    char *f[4];
    double ring = 0;
    fpt_xy p;
    if (fpt_csv_split(line, f, 4) != 4 || f[0][0] == '\0') {
        return bad(r, "not a row of four fields", "");
    }
    if (!parse_number(f[1], 0, 1e6, &ring) || ring != floor(ring) ||
        !parse_number(f[2], -180, 180, &p.x) || !parse_number(f[3], -90, 90, &p.y)) {
        return bad(r, "a ring number or coordinate that is not a number in range", "");
    }
    fpt_outline_land *land = current_land(r);
    if (land == NULL || strcmp(land->name, f[0]) != 0) {
        FPT_TRY(close_ring(r));
        FPT_TRY(start_land(r, f[0]));
    }
    if ((long)ring != r->ring_no) {
        FPT_TRY(close_ring(r));
        FPT_TRY(start_ring(r, (long)ring));
    }
    return add_point(r, p);
}

static fpt_status read_line(reader *r, char *line, bool *seen_header)
{
    if (line[0] == '#' || line[0] == '\0') {
        return FPT_OK;
    }
    if (!*seen_header) {
        *seen_header = true;
        return strcmp(line, HEADER) == 0 ? FPT_OK : bad(r, "not the outline header", "");
    }
    return read_row(r, line);
}

static fpt_status read_all(reader *r, const char *text, size_t len)
{
    char *buf = NULL;
    size_t cap = 0, pos = 0;
    bool seen_header = false;
    fpt_status st = FPT_OK;
    while (st == FPT_OK && pos < len) {
        r->line++;
        st = fpt_csv_next_line(text, len, &pos, &buf, &cap);
        st = st == FPT_OK ? read_line(r, buf, &seen_header) : no_memory(r);
    }
    free(buf);
    if (st == FPT_OK) {
        st = close_ring(r);
    }
    if (st == FPT_OK && r->o->n_lands == 0) {
        r->line = 0;
        st = bad(r, "no land in the outline", "");
    }
    return st;
}

fpt_status fpt_outline_parse(const char *file, const char *text, size_t len, fpt_outline **out,
                             fpt_error *err)
{
    *out = NULL;
    reader r = {.file = file, .err = err, .ring_no = -1};
    if ((r.o = calloc(1, sizeof *r.o)) == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, file, 0, "out of memory reading %s", file);
    }
    fpt_status st = read_all(&r, text, len);
    if (st != FPT_OK) {
        fpt_outline_free(r.o);
        return st;
    }
    *out = r.o;
    return FPT_OK;
}

fpt_status fpt_outline_england(fpt_outline **out, fpt_error *err)
{
    return fpt_outline_parse("data/england-outline.csv", fpt_england_outline_csv,
                             fpt_england_outline_csv_len, out, err);
}
