/* SPDX-License-Identifier: MIT */
/*
 * Reading geography files (footprint/geography.h): '#' comment lines, the header
 * code,name,population,lat,lon,area_km2,area,region, then one CCG per line with RFC 4180
 * quoting. Every row is checked and every problem recorded as a file:line finding before the
 * load fails, so an analyst sees all of them at once. The CCGs are then sorted by code, which
 * makes every later answer independent of row order. Look-up by code, the known regions, the
 * great-circle distance and freeing a partition live here too. Nothing here prints.
 */
#include "footprint/geography.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/csv.h"
#include "base/text.h"

#define N_FIELDS     8
#define MAX_POP      1e8
#define MAX_CODE_LEN 32

static const char HEADER[] = "code,name,population,lat,lon,area_km2,area,region";

/* The 4 NHS commissioning regions of 2013 and the 7 NHS England regions of 2021. */
static const char *const KNOWN_REGIONS[] = {
    "North of England",
    "Midlands and East of England",
    "London",
    "South of England",
    "East of England",
    "Midlands",
    "North East and Yorkshire",
    "North West",
    "South East",
    "South West",
};

/* The state of one parse: where findings go and the CCGs read so far. */
typedef struct reader {
    const char *file;
    fpt_diags *diags;
    fpt_status status;
    fpt_ccg *ccgs;
    size_t n, cap;
    bool header_bad; /* the header was wrong: nothing after it is read */
} reader;

static void note(reader *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void note(reader *r, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fpt_diags_note(r->diags, &r->status, r->file, line, fmt, ap);
    va_end(ap);
}

bool fpt_geo_region_is_known(const char *region)
{
    for (size_t i = 0; i < sizeof KNOWN_REGIONS / sizeof KNOWN_REGIONS[0]; i++) {
        if (strcmp(region, KNOWN_REGIONS[i]) == 0) {
            return true;
        }
    }
    return false;
}

double fpt_geo_distance_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg)
{
    const double rad = 3.14159265358979323846 / 180.0;
    const double earth_km = 6371.0088; /* IUGG mean radius */
    double dlat = (lat2_deg - lat1_deg) * rad;
    double dlon = (lon2_deg - lon1_deg) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1_deg * rad) * cos(lat2_deg * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * earth_km * asin(fmin(1.0, sqrt(h)));
}

/* Parse a finite decimal number filling the whole field (fpt_text_to_double: no empty field,
 * white space, hex, nan or infinity); false otherwise. */
static bool parse_double(const char *text, double *out)
{
    return fpt_text_to_double(text, out) == NULL;
}

static bool code_is_valid(const char *code)
{
    size_t len = strlen(code);
    if (len == 0 || len > MAX_CODE_LEN) {
        return false;
    }
    return strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == len;
}

static void check_population(reader *r, long line, const char *text, double *pop)
{
    if (!parse_double(text, pop)) {
        note(r, line, "population '%s' is not a number (expected a whole number of people)", text);
    } else if (*pop <= 0) {
        note(r, line, "population %s is not positive (expected a whole number > 0)", text);
    } else if (*pop != floor(*pop) || *pop > MAX_POP) {
        note(r, line, "population %s is not a whole number up to %.0f", text, MAX_POP);
    }
}

static void check_coordinate(reader *r, long line, const char *what, const char *text, double lo,
                             double hi, double *out)
{
    if (text[0] == '\0') {
        note(r, line, "missing %s (expected degrees in [%g, %g])", what, lo, hi);
    } else if (!parse_double(text, out)) {
        note(r, line, "%s '%s' is not a number (expected degrees in [%g, %g])", what, text, lo, hi);
    } else if (*out < lo || *out > hi) {
        note(r, line, "%s %s is outside England (expected degrees in [%g, %g])", what, text, lo,
             hi);
    }
}

/* The boundary area: a finite number of km² in (0, FPT_GEO_AREA_KM2_MAX]. */
static void check_area_km2(reader *r, long line, const char *text, double *out)
{
#define AREA_EXPECTED "(expected square kilometres, > 0 and at most %g)"
    const double hi = FPT_GEO_AREA_KM2_MAX;
    if (text[0] == '\0') {
        note(r, line, "missing area_km2 " AREA_EXPECTED, hi);
    } else if (!parse_double(text, out)) {
        note(r, line, "area_km2 '%s' is not a number " AREA_EXPECTED, text, hi);
    } else if (*out <= 0) {
        note(r, line, "area_km2 %s is not positive " AREA_EXPECTED, text, hi);
    } else if (*out > hi) {
        note(r, line, "area_km2 %s is too large " AREA_EXPECTED, text, hi);
    }
#undef AREA_EXPECTED
}

/* Check the text fields of a row; returns false when any is bad. */
static void check_labels(reader *r, long line, char **f)
{
    if (!code_is_valid(f[0])) {
        note(r, line, "code '%s' is not valid (expected 1-%d letters, digits, '_' or '-')", f[0],
             MAX_CODE_LEN);
    }
    if (f[1][0] == '\0') {
        note(r, line, "missing name for CCG %s", f[0]);
    }
    if (f[6][0] == '\0') {
        note(r, line, "missing area for CCG %s", f[0]);
    }
    if (!fpt_geo_region_is_known(f[7])) {
        note(r, line,
             "unknown region '%s' (expected an NHS region of 2013 or 2021, docs/geography.md)",
             f[7]);
    }
}

static fpt_status append_ccg(reader *r, const fpt_ccg *c)
{
    if (r->n == r->cap) {
        size_t cap = r->cap == 0 ? 64 : 2 * r->cap;
        fpt_ccg *grown = realloc(r->ccgs, cap * sizeof *grown);
        if (grown == NULL) {
            return FPT_ENOMEM;
        }
        r->ccgs = grown;
        r->cap = cap;
    }
    r->ccgs[r->n++] = *c;
    return FPT_OK;
}

static void ccg_clear(fpt_ccg *c)
{
    free(c->code);
    free(c->name);
    free(c->area);
    free(c->region);
}

static char *copy_text(const char *s)
{
    size_t len = strlen(s) + 1;
    char *p = malloc(len);
    if (p != NULL) {
        memcpy(p, s, len);
    }
    return p;
}

/* Check one data row and keep it when good. Returns FPT_ENOMEM or FPT_OK. */
static fpt_status read_row(reader *r, long line, char *text)
{
    char *f[N_FIELDS];
    int n = fpt_csv_split(text, f, N_FIELDS);
    if (n < 0) {
        note(r, line, "%s",
             "unbalanced quotes (a quoted field must end before ',' or the line end)");
        return FPT_OK;
    }
    if (n != N_FIELDS) {
        note(r, line, "%d fields, expected %d (%s)", n, N_FIELDS, HEADER);
        return FPT_OK;
    }
    fpt_status before = r->status;
    r->status = FPT_OK;
    fpt_ccg c = {.line = line};
    check_labels(r, line, f);
    check_population(r, line, f[2], &c.pop);
    check_coordinate(r, line, "latitude", f[3], FPT_GEO_LAT_MIN, FPT_GEO_LAT_MAX, &c.lat_deg);
    check_coordinate(r, line, "longitude", f[4], FPT_GEO_LON_MIN, FPT_GEO_LON_MAX, &c.lon_deg);
    check_area_km2(r, line, f[5], &c.area_km2);
    bool good = r->status == FPT_OK;
    r->status = r->status != FPT_OK ? r->status : before;
    if (!good) {
        return r->status == FPT_ENOMEM ? FPT_ENOMEM : FPT_OK;
    }
    c.code = copy_text(f[0]);
    c.name = copy_text(f[1]);
    c.area = copy_text(f[6]);
    c.region = copy_text(f[7]);
    if (c.code == NULL || c.name == NULL || c.area == NULL || c.region == NULL ||
        append_ccg(r, &c) != FPT_OK) {
        ccg_clear(&c);
        return FPT_ENOMEM;
    }
    return FPT_OK;
}

/* Handle one line: comment, header or row. */
static fpt_status read_line(reader *r, long line, char *buf, bool *seen_header)
{
    if (buf[0] == '#' || (buf[0] == '\0' && !*seen_header)) {
        return FPT_OK;
    }
    if (strlen(buf) != strcspn(buf, "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f")) {
        note(r, line, "%s", "control characters in the line (expected UTF-8 text)");
        return FPT_OK;
    }
    size_t bad = 0;
    if (!fpt_text_is_utf8(buf, strlen(buf), &bad)) {
        note(r, line,
             "byte %zu of the line (0x%02x) is not UTF-8 (expected UTF-8 text; convert a Latin-1 "
             "file first, e.g. iconv -f latin1 -t utf-8)",
             bad + 1, (unsigned)(unsigned char)buf[bad]);
        return FPT_OK;
    }
    if (!*seen_header) {
        *seen_header = true;
        if (strcmp(buf, HEADER) != 0) {
            /* Not quoted, and nothing after it read: a scenario may name any file. */
            note(r, line, "%s (expected %s)",
                 buf[0] == '<' ? "this is an XML file (a model or scenario?), not a geography"
                               : "this line is not the geography header",
                 HEADER);
            r->header_bad = true;
        }
        return FPT_OK;
    }
    if (buf[0] == '\0') {
        note(r, line, "%s", "empty line (expected a CCG row)");
        return FPT_OK;
    }
    return read_row(r, line, buf);
}

static int compare_ccg_code(const void *a, const void *b)
{
    return strcmp(((const fpt_ccg *)a)->code, ((const fpt_ccg *)b)->code);
}

/* Codes without regard to case, then by line: a run of equal codes is adjacent, earliest first. */
static int compare_code_nocase(const void *a, const void *b)
{
    const fpt_ccg *x = *(const fpt_ccg *const *)a, *y = *(const fpt_ccg *const *)b;
    int c = strcasecmp(x->code, y->code);
    return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* Sort by code and report every duplicate against its first line; codes that differ only in
 * case are duplicates too (a code names a CCG, and ONS codes have one case). */
static fpt_status check_duplicates(reader *r)
{
    if (r->n < 2) {
        return FPT_OK; /* nothing to compare (and qsort must not see a NULL array) */
    }
    qsort(r->ccgs, r->n, sizeof *r->ccgs, compare_ccg_code);
    const fpt_ccg **by_code = calloc(r->n, sizeof *by_code);
    if (by_code == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < r->n; i++) {
        by_code[i] = &r->ccgs[i];
    }
    qsort(by_code, r->n, sizeof *by_code, compare_code_nocase);
    for (size_t i = 1, first = 0; i < r->n; i++) {
        const fpt_ccg *a = by_code[first], *b = by_code[i];
        if (strcasecmp(a->code, b->code) != 0) {
            first = i;
        } else if (strcmp(a->code, b->code) == 0) {
            note(r, b->line, "duplicate code %s (first on line %ld)", b->code, a->line);
        } else {
            note(r, b->line, "duplicate code %s: it differs from %s (line %ld) only in case",
                 b->code, a->code, a->line);
        }
    }
    free(by_code);
    return FPT_OK;
}

static fpt_status read_all(reader *r, const char *text, size_t len)
{
    bool utf16 = len >= 2 && ((text[0] == '\xff' && text[1] == '\xfe') ||
                              (text[0] == '\xfe' && text[1] == '\xff'));
    if (utf16) {
        note(r, 0, "%s", "is UTF-16 (expected a UTF-8 CSV text file; convert it first)");
        return FPT_OK;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        long line = 1;
        for (const char *p = text; p < nul; p++) {
            line += *p == '\n';
        }
        note(r, line, "%s", "contains NUL bytes (expected a CSV text file)");
        return FPT_OK;
    }
    char *buf = NULL;
    size_t cap = 0, pos = 0;
    long line = 0;
    bool seen_header = false;
    fpt_status st = FPT_OK;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        pos = 3; /* a UTF-8 byte-order mark */
    }
    while (st == FPT_OK && pos < len && !r->header_bad) {
        line++;
        st = fpt_csv_next_line(text, len, &pos, &buf, &cap);
        if (st == FPT_OK) {
            st = read_line(r, line, buf, &seen_header);
        }
    }
    free(buf);
    if (st == FPT_OK && !seen_header) {
        note(r, 0, "no header (expected %s)", HEADER);
    } else if (st == FPT_OK && r->n == 0 && r->status == FPT_OK) {
        note(r, 0, "%s", "no CCGs (expected at least one row after the header)");
    }
    return st;
}

static void free_ccgs(fpt_ccg *ccgs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ccg_clear(&ccgs[i]);
    }
    free(ccgs);
}

static fpt_status build_geography(reader *r, fpt_geography **out)
{
    fpt_geography *g = calloc(1, sizeof *g);
    if (g == NULL || (g->file = copy_text(r->file)) == NULL) {
        free(g);
        return FPT_ENOMEM;
    }
    g->ccgs = r->ccgs;
    g->n_ccgs = r->n;
    for (size_t i = 0; i < r->n; i++) {
        g->pop_total += r->ccgs[i].pop;
    }
    r->ccgs = NULL;
    r->n = 0;
    *out = g;
    return FPT_OK;
}

fpt_status fpt_geography_parse(const char *file, const char *text, size_t len, fpt_geography **out,
                               fpt_diags *diags, fpt_error *err)
{
    *out = NULL;
    reader r = {.file = file != NULL ? file : "", .diags = diags};
    size_t first = diags->n; /* findings before this parse are not this parse's first */
    fpt_status st = read_all(&r, text, len);
    if (st == FPT_OK) {
        st = check_duplicates(&r);
    }
    if (st == FPT_OK) {
        st = r.status;
    }
    if (st == FPT_OK) {
        st = build_geography(&r, out);
    }
    if (st == FPT_OK) {
        fpt_fnv1a64_hex(fpt_fnv1a64(FPT_FNV1A64_OFFSET, text, len), (*out)->fnv1a64);
    }
    free_ccgs(r.ccgs, r.n);
    if (st == FPT_ENOMEM) {
        return fpt_error_set(err, st, r.file, 0, "out of memory reading the geography");
    }
    if (st != FPT_OK) {
        const fpt_diag *g = &diags->items[first];
        fpt_error_set(err, st, g->file, g->line, "%s", g->message);
    }
    return st;
}

fpt_status fpt_geography_load(const char *path, fpt_geography **out, fpt_diags *diags,
                              fpt_error *err)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_file_read(path, &text, &len, err));
    fpt_status st = fpt_geography_parse(path, text, len, out, diags, err);
    free(text);
    return st;
}

bool fpt_geography_text_is_csv(const char *text, size_t len)
{
    static const char bom[] = "\xEF\xBB\xBF", start[] = "code,name,population";
    if (len >= 3 && memcmp(text, bom, 3) == 0) {
        text += 3;
        len -= 3;
    }
    while (len > 0 && (text[0] == '#' || text[0] == '\n' || text[0] == '\r')) {
        const char *nl = memchr(text, '\n', len); /* a comment or blank line before the header */
        size_t skip = nl != NULL ? (size_t)(nl - text) + 1 : len;
        text += skip;
        len -= skip;
    }
    return len >= sizeof start - 1 && memcmp(text, start, sizeof start - 1) == 0;
}

void fpt_geography_free(fpt_geography *g)
{
    if (g == NULL) {
        return;
    }
    free_ccgs(g->ccgs, g->n_ccgs);
    free(g->file);
    free(g);
}

long fpt_geography_find(const fpt_geography *g, const char *code)
{
    size_t lo = 0, hi = g->n_ccgs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(g->ccgs[mid].code, code);
        if (c == 0) {
            return (long)mid;
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

void fpt_partition_free(fpt_partition *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t u = 0; p->units != NULL && u < p->n_units; u++) {
        free(p->units[u].members);
    }
    for (size_t r = 0; r < p->n_reasons; r++) {
        free(p->reasons[r]);
    }
    free(p->reasons);
    free(p->units);
    free(p->unit_of);
    free(p->dist_km);
    free(p);
}
