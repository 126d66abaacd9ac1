/* SPDX-License-Identifier: MIT */
/*
 * The map of a partition (fpt_partition_svg, footprint/districts.h): what `footprint districts
 * --format svg` writes and the HTML report places inline. England's outline and the land
 * around it (geo/outline.h) on a sea; each CCG's territory, the Voronoi cell of its centroid
 * within England (geo/voronoi.h), coloured by its unit; unit borders where neighbouring
 * cells belong to different units; the centroids as dots sized by population; each unit's
 * centre boxed and labelled with its number and name where the label fits (report/map_labels.h),
 * and a legend of every unit.
 *
 * Projection: equirectangular, x = longitude × cos(the CCGs' middle latitude), in kilometres,
 * framed on the territories drawn. The map itself is a nested <svg>, so whatever lies
 * outside its frame is clipped without an id that two maps on one page could share. Text is
 * escaped; nothing here prints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "footprint/districts.h"
#include "geo/outline.h"
#include "geo/voronoi.h"
#include "report/map_labels.h"

#define KM_PER_DEG   111.195 /* one degree of latitude (docs/data.md, as the CCG areas) */
#define MAP_MAX_W    520.0
#define MAP_MAX_H    640.0
#define MARGIN       16.0
#define TITLE_H      40.0
#define FOOTER_H     26.0
#define LEGEND_GAP   24.0
#define LEGEND_COL_W 330.0
#define ROW_H        17.0
#define FONT_PX      11.0
#define TITLE_PX     15.0
#define NOTE_PX      10.0
/* A territory reaches at most 35 km plus 3 radii of its CCG's area as a disc from the centroid:
 * a geography of part of England is not drawn over the rest, and for the shipped 2013 and 2021
 * CCGs no land is left out (the farthest point of a territory is 30 km + 1.1 radii away in
 * 2013, 30 km + 2.1 radii in 2021). */
#define REACH_FACTOR 3.0
#define REACH_KM     35.0
#define N_COLOURS    12

/* Twelve colours that stay distinguishable (Paul Tol's "muted" and "bright" schemes): the
 * dots and swatch edges; territories are the same colours mixed half with white. */
static const char *const PALETTE[N_COLOURS] = {"#332288", "#88CCEE", "#44AA99", "#117733",
                                               "#999933", "#DDCC77", "#CC6677", "#882255",
                                               "#AA4499", "#4477AA", "#EE6677", "#228833"};

static const char SEA[] = "#dcebf5";
static const char STYLE[] =
    ".map text{font-family:sans-serif;font-size:11px;fill:#1a1a1a}"
    ".map .title{font-size:15px}.map .note{font-size:10px;fill:#555555}"
    ".map .head{font-weight:bold}"
    ".map .label{paint-order:stroke;stroke:#ffffff;stroke-width:3px;stroke-linejoin:round}";

typedef struct map {
    const fpt_geography *g;
    const fpt_partition *p;
    size_t n_units; /* 0 without a partition */
    fpt_outline *outline;
    double kx;            /* cos(middle latitude) */
    fpt_region england;   /* England, in the plane (km) */
    fpt_xy *sites;        /* [n_ccgs] centroids in the plane (km) */
    double *reach;        /* [n_ccgs] km */
    fpt_voronoi *vor;     /* territories within England */
    double x0, y1, scale; /* frame: left and top edges (km), pixels per km */
    double map_w, map_h;  /* px */
    char **names;         /* [n_units] */
    int *colour;          /* [n_units] index into PALETTE */
    size_t legend_rows, legend_cols;
    double width, height;
} map;

/* ---- projection and frame ----------------------------------------------------------------- */

static fpt_xy to_km(const map *m, double lon, double lat)
{
    return (fpt_xy){lon * m->kx * KM_PER_DEG, lat * KM_PER_DEG};
}

static double px_x(const map *m, double x_km)
{
    return (x_km - m->x0) * m->scale;
}

static double px_y(const map *m, double y_km)
{
    return (m->y1 - y_km) * m->scale;
}

static fpt_status project_england(map *m)
{
    const fpt_outline_land *e = fpt_outline_find(m->outline, "England");
    if (e == NULL) {
        return FPT_EINTERNAL;
    }
    m->england.rings = calloc(e->region.n_rings, sizeof *m->england.rings);
    if (m->england.rings == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t r = 0; r < e->region.n_rings; r++) {
        const fpt_ring *src = &e->region.rings[r];
        fpt_ring *dst = &m->england.rings[m->england.n_rings];
        if ((dst->pts = calloc(src->n, sizeof *dst->pts)) == NULL) {
            return FPT_ENOMEM;
        }
        for (size_t k = 0; k < src->n; k++) {
            dst->pts[k] = to_km(m, src->pts[k].x, src->pts[k].y);
        }
        dst->n = src->n;
        m->england.n_rings++;
    }
    return FPT_OK;
}

static fpt_status project_sites(map *m)
{
    const fpt_geography *g = m->g;
    double lat0 = 90, lat1 = -90;
    for (size_t i = 0; i < g->n_ccgs; i++) {
        lat0 = fmin(lat0, g->ccgs[i].lat_deg);
        lat1 = fmax(lat1, g->ccgs[i].lat_deg);
    }
    m->kx = cos((lat0 + lat1) / 2 * 3.14159265358979323846 / 180);
    m->sites = calloc(g->n_ccgs, sizeof *m->sites);
    m->reach = calloc(g->n_ccgs, sizeof *m->reach);
    if (m->sites == NULL || m->reach == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < g->n_ccgs; i++) {
        m->sites[i] = to_km(m, g->ccgs[i].lon_deg, g->ccgs[i].lat_deg);
        m->reach[i] = REACH_KM + REACH_FACTOR * sqrt(g->ccgs[i].area_km2 / 3.14159265358979323846);
    }
    return FPT_OK;
}

/* Frame the territories and the centroids, with a margin, and scale to fit. */
static void make_frame(map *m)
{
    fpt_xy lo = {HUGE_VAL, HUGE_VAL}, hi = {-HUGE_VAL, -HUGE_VAL};
    for (size_t i = 0; i < m->g->n_ccgs; i++) {
        const fpt_region *cell = &m->vor->cells[i];
        for (size_t r = 0; r <= cell->n_rings; r++) {
            const fpt_xy *pts = r < cell->n_rings ? cell->rings[r].pts : &m->sites[i];
            size_t n = r < cell->n_rings ? cell->rings[r].n : 1;
            for (size_t k = 0; k < n; k++) {
                lo = (fpt_xy){fmin(lo.x, pts[k].x), fmin(lo.y, pts[k].y)};
                hi = (fpt_xy){fmax(hi.x, pts[k].x), fmax(hi.y, pts[k].y)};
            }
        }
    }
    double pad = 0.03 * fmax(hi.x - lo.x, hi.y - lo.y) + 3;
    m->x0 = lo.x - pad;
    m->y1 = hi.y + pad;
    double w = hi.x - lo.x + 2 * pad, h = hi.y - lo.y + 2 * pad;
    m->scale = fmin(MAP_MAX_W / w, MAP_MAX_H / h);
    m->map_w = w * m->scale;
    m->map_h = h * m->scale;
}

/* ---- units: names and colours ------------------------------------------------------------- */

/* The area (or region) every member of unit u shares, or NULL. */
static const char *shared(const map *m, const fpt_unit *u, bool area)
{
    const fpt_ccg *first = &m->g->ccgs[u->members[0]];
    const char *name = area ? first->area : first->region;
    for (size_t k = 1; k < u->n_members; k++) {
        const fpt_ccg *c = &m->g->ccgs[u->members[k]];
        if (strcmp(area ? c->area : c->region, name) != 0) {
            return NULL;
        }
    }
    return name;
}

static const char *base_name(const map *m, size_t u)
{
    const fpt_unit *unit = &m->p->units[u];
    if (unit->n_members == 0) {
        return NULL;
    }
    const char *area = shared(m, unit, true);
    return area != NULL ? area : shared(m, unit, false);
}

/* A unit is named after the area team (or region) all its CCGs share when no other unit
 * shares it too; after its centre CCG and that name when another does; else after its centre
 * CCG alone (the label and legend add its number). */
static fpt_status name_unit(map *m, size_t u)
{
    const char *base = base_name(m, u);
    const char *centre = m->g->ccgs[m->p->units[u].centre].name;
    size_t same = 0;
    for (size_t v = 0; base != NULL && v < m->n_units; v++) {
        const char *other = base_name(m, v);
        same += other != NULL && strcmp(other, base) == 0;
    }
    size_t len = strlen(centre) + (base != NULL ? strlen(base) : 0) + 4;
    if ((m->names[u] = malloc(len)) == NULL) {
        return FPT_ENOMEM;
    }
    if (base != NULL && same == 1) {
        snprintf(m->names[u], len, "%s", base);
    } else if (base != NULL) {
        snprintf(m->names[u], len, "%s (%s)", centre, base);
    } else {
        snprintf(m->names[u], len, "%s", centre);
    }
    return FPT_OK;
}

/* Which units touch: adj[u × K + v]. */
static unsigned char *unit_adjacency(const map *m)
{
    size_t k = m->n_units;
    unsigned char *adj = calloc(k * k, 1);
    for (size_t e = 0; adj != NULL && e < m->vor->n_edges; e++) {
        size_t a = m->p->unit_of[m->vor->edges[e].a], b = m->p->unit_of[m->vor->edges[e].b];
        if (a != b) {
            adj[a * k + b] = adj[b * k + a] = 1;
        }
    }
    return adj;
}

/* Smallest-last order: repeatedly take the unit with the fewest neighbours left (ties: the
 * lowest number); colouring in the reverse order needs at most 6 colours on a planar map. */
static void smallest_last(const unsigned char *adj, size_t k, size_t *order, unsigned char *gone)
{
    for (size_t step = k; step-- > 0;) {
        size_t best = k, best_deg = k + 1;
        for (size_t u = 0; u < k; u++) {
            size_t deg = 0;
            for (size_t v = 0; !gone[u] && v < k; v++) {
                deg += adj[u * k + v] && !gone[v];
            }
            if (!gone[u] && deg < best_deg) {
                best = u;
                best_deg = deg;
            }
        }
        gone[best] = 1;
        order[step] = best;
    }
}

/* Each unit the least used colour no neighbour has yet (ties: the first in the palette). */
static void colour_greedy(map *m, const unsigned char *adj, const size_t *order)
{
    size_t k = m->n_units, used[N_COLOURS] = {0};
    for (size_t i = 0; i < k; i++) {
        size_t u = order[i];
        bool taken[N_COLOURS] = {false};
        for (size_t j = 0; j < i; j++) {
            if (adj[u * k + order[j]]) {
                taken[m->colour[order[j]]] = true;
            }
        }
        int pick = (int)(u % N_COLOURS);
        for (int c = N_COLOURS - 1; c >= 0; c--) {
            if (!taken[c] && (taken[pick] || used[c] <= used[pick])) {
                pick = c;
            }
        }
        m->colour[u] = pick;
        used[pick]++;
    }
}

/* Up to 12 units: one colour each. More: neighbouring units never share one. */
static fpt_status colour_units(map *m)
{
    size_t k = m->n_units;
    if (k <= N_COLOURS) {
        for (size_t u = 0; u < k; u++) {
            m->colour[u] = (int)u;
        }
        return FPT_OK;
    }
    unsigned char *adj = unit_adjacency(m), *gone = calloc(k, 1);
    size_t *order = calloc(k, sizeof *order);
    fpt_status st = adj == NULL || gone == NULL || order == NULL ? FPT_ENOMEM : FPT_OK;
    if (st == FPT_OK) {
        smallest_last(adj, k, order, gone);
        colour_greedy(m, adj, order);
    }
    free(adj);
    free(gone);
    free(order);
    return st;
}

static fpt_status describe_units(map *m)
{
    if (m->n_units == 0) {
        return FPT_OK;
    }
    m->names = calloc(m->n_units, sizeof *m->names);
    m->colour = calloc(m->n_units, sizeof *m->colour);
    if (m->names == NULL || m->colour == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t u = 0; u < m->n_units; u++) {
        FPT_TRY(name_unit(m, u));
    }
    return colour_units(m);
}

/* ---- building and freeing ----------------------------------------------------------------- */

static void layout(map *m)
{
    size_t rows = (size_t)fmax(8, floor((m->map_h - ROW_H) / ROW_H));
    m->legend_cols = m->n_units == 0 ? 0 : (m->n_units + rows - 1) / rows;
    m->legend_rows = m->n_units < rows ? m->n_units : rows;
    double legend_w = m->legend_cols > 0 ? LEGEND_GAP + LEGEND_COL_W * m->legend_cols : 0;
    double legend_h = m->legend_cols > 0 ? ROW_H * (m->legend_rows + 1) : 0;
    m->width = ceil(MARGIN + m->map_w + legend_w + MARGIN);
    m->height = ceil(TITLE_H + fmax(m->map_h, legend_h) + FOOTER_H);
}

static void map_free(map *m)
{
    fpt_outline_free(m->outline);
    fpt_region_clear(&m->england);
    free(m->sites);
    free(m->reach);
    fpt_voronoi_free(m->vor);
    for (size_t u = 0; m->names != NULL && u < m->n_units; u++) {
        free(m->names[u]);
    }
    free(m->names);
    free(m->colour);
}

static fpt_status map_build(map *m, fpt_error *err)
{
    m->n_units = m->p->units != NULL ? m->p->n_units : 0;
    FPT_TRY(fpt_outline_england(&m->outline, err));
    FPT_TRY(project_sites(m));
    FPT_TRY(project_england(m));
    FPT_TRY(fpt_voronoi_build(m->sites, m->reach, m->g->n_ccgs, &m->england, &m->vor, err));
    make_frame(m);
    FPT_TRY(describe_units(m));
    layout(m);
    return FPT_OK;
}

/* ---- drawing ------------------------------------------------------------------------------ */

/* A colour of the palette mixed half with white, as #rrggbb. */
static void tint(char buf[8], int colour)
{
    unsigned rgb = (unsigned)strtoul(PALETTE[colour] + 1, NULL, 16);
    unsigned r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
    snprintf(buf, 8, "#%02x%02x%02x", (r + 255 + 1) / 2, (g + 255 + 1) / 2, (b + 255 + 1) / 2);
}

static void ring_path(FILE *out, const map *m, const fpt_ring *ring)
{
    for (size_t k = 0; k < ring->n; k++) {
        fprintf(out, "%c%.1f %.1f", k == 0 ? 'M' : 'L', px_x(m, ring->pts[k].x),
                px_y(m, ring->pts[k].y));
    }
    fputc('Z', out);
}

static void region_path(FILE *out, const map *m, const fpt_region *r)
{
    for (size_t i = 0; i < r->n_rings; i++) {
        ring_path(out, m, &r->rings[i]);
    }
}

/* Every land but England, grey, from degrees. */
static void draw_lands(FILE *out, const map *m)
{
    fputs("<path class=\"land\" fill=\"#e2e2e2\" stroke=\"#b0b0b0\" stroke-width=\"0.6\" d=\"",
          out);
    for (size_t l = 0; l < m->outline->n_lands; l++) {
        const fpt_outline_land *land = &m->outline->lands[l];
        for (size_t r = 0; strcmp(land->name, "England") != 0 && r < land->region.n_rings; r++) {
            const fpt_ring *ring = &land->region.rings[r];
            for (size_t k = 0; k < ring->n; k++) {
                fpt_xy p = to_km(m, ring->pts[k].x, ring->pts[k].y);
                fprintf(out, "%c%.1f %.1f", k == 0 ? 'M' : 'L', px_x(m, p.x), px_y(m, p.y));
            }
            fputc('Z', out);
        }
    }
    fputs("\"/>\n", out);
}

static void draw_units(FILE *out, const map *m)
{
    for (size_t u = 0; u < m->n_units; u++) {
        char fill[8];
        tint(fill, m->colour[u]);
        /* Stroked in its own colour, so that no seam shows between a unit's own cells. */
        fprintf(out, "<path class=\"unit\" fill=\"%s\" stroke=\"%s\" stroke-width=\"0.8\" d=\"",
                fill, fill);
        const fpt_unit *unit = &m->p->units[u];
        for (size_t k = 0; k < unit->n_members; k++) {
            region_path(out, m, &m->vor->cells[unit->members[k]]);
        }
        fprintf(out, "\"><title>%zu ", u + 1);
        fpt_text_escape_xml(out, m->names[u]);
        fputs("</title></path>\n", out);
    }
}

/* The sea over everything outside England: the frame with England cut out (even-odd). It
 * also hides the cells' strokes where they spill over the coast. */
static void draw_sea(FILE *out, const map *m)
{
    fprintf(out, "<path class=\"sea\" fill=\"%s\" fill-rule=\"evenodd\" d=\"M0 0H%.1fV%.1fH0Z", SEA,
            m->map_w, m->map_h);
    region_path(out, m, &m->england);
    fputs("\"/>\n", out);
}

static void draw_borders(FILE *out, const map *m)
{
    fputs("<path class=\"borders\" fill=\"none\" stroke=\"#2b2b2b\" stroke-width=\"1.4\" "
          "stroke-linecap=\"round\" d=\"",
          out);
    for (size_t e = 0; m->n_units > 0 && e < m->vor->n_edges; e++) {
        const fpt_voronoi_edge *ed = &m->vor->edges[e];
        if (m->p->unit_of[ed->a] != m->p->unit_of[ed->b]) {
            fprintf(out, "M%.1f %.1fL%.1f %.1f", px_x(m, ed->p.x), px_y(m, ed->p.y),
                    px_x(m, ed->q.x), px_y(m, ed->q.y));
        }
    }
    fputs("\"/>\n", out);
}

static void draw_dots(FILE *out, const map *m)
{
    double max_pop = 1;
    for (size_t i = 0; i < m->g->n_ccgs; i++) {
        max_pop = fmax(max_pop, m->g->ccgs[i].pop);
    }
    fputs("<g class=\"ccgs\" stroke=\"#ffffff\" stroke-width=\"0.6\">\n", out);
    for (size_t i = 0; i < m->g->n_ccgs; i++) {
        const fpt_ccg *c = &m->g->ccgs[i];
        size_t u = m->n_units > 0 ? m->p->unit_of[i] : 0;
        const char *colour = m->n_units > 0 ? PALETTE[m->colour[u]] : "#888888";
        fprintf(out, "<circle class=\"ccg\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>",
                px_x(m, m->sites[i].x), px_y(m, m->sites[i].y), 1.2 + 3.8 * sqrt(c->pop / max_pop),
                colour);
        fpt_text_escape_xml(out, c->code);
        fputs(" ", out);
        fpt_text_escape_xml(out, c->name);
        fprintf(out, ": %.0f people", c->pop);
        if (m->n_units > 0) {
            fprintf(out, ", unit %zu, %.0f km from its centre", u + 1, m->p->dist_km[i]);
        }
        fputs("</title></circle>\n", out);
    }
    fputs("</g>\n", out);
}

static fpt_box centre_box(const map *m, size_t u)
{
    fpt_xy c = m->sites[m->p->units[u].centre];
    return (fpt_box){px_x(m, c.x) - 5.5, px_y(m, c.y) - 5.5, 11, 11};
}

static void draw_centres(FILE *out, const map *m)
{
    for (size_t u = 0; u < m->n_units; u++) {
        fpt_box b = centre_box(m, u);
        fprintf(out,
                "<rect class=\"centre\" x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" "
                "fill=\"none\" stroke=\"#000000\" stroke-width=\"1.5\"/>\n",
                b.x + 1, b.y + 1);
    }
}

/* ---- labels ------------------------------------------------------------------------------- */

typedef struct rank {
    double pop;
    size_t u;
} rank;

static int by_population(const void *pa, const void *pb)
{
    const rank *a = pa, *b = pb;
    if (a->pop != b->pop) {
        return a->pop > b->pop ? -1 : 1;
    }
    return a->u < b->u ? -1 : a->u > b->u;
}

/* A unit's label: its number and name (shortened to fit 220 px), or its number alone. */
static void label_text(const map *m, size_t u, bool full, char *buf, size_t size)
{
    char text[512];
    snprintf(text, sizeof text, "%zu %s", u + 1, m->names[u]);
    if (full) {
        fpt_text_fit(buf, size, text, FONT_PX, 220);
    } else {
        snprintf(buf, size, "%zu", u + 1);
    }
}

static void set_label(const map *m, size_t u, bool full, fpt_map_label *l)
{
    char text[512];
    label_text(m, u, full, text, sizeof text);
    fpt_box c = centre_box(m, u);
    l->ax = c.x + c.w / 2;
    l->ay = c.y + c.h / 2;
    l->w = fpt_text_width_px(text, FONT_PX) + 2;
    l->h = 1.3 * FONT_PX;
}

/* Biggest units first: each label its number and name where that fits, else its number. */
static void place_labels(const map *m, const rank *order, fpt_map_label *labels, fpt_box *obstacles,
                         bool *full)
{
    size_t k = m->n_units;
    for (size_t i = 0; i < k; i++) {
        set_label(m, order[i].u, true, &labels[i]);
        obstacles[i] = centre_box(m, order[i].u);
    }
    fpt_box frame = {2, 2, m->map_w - 4, m->map_h - 4};
    fpt_labels_place(labels, k, obstacles, k, frame);
    for (size_t i = 0; i < k; i++) {
        full[i] = labels[i].placed;
        if (!full[i]) {
            set_label(m, order[i].u, false, &labels[i]);
        }
    }
    fpt_labels_place(labels, k, obstacles, k, frame);
}

static fpt_status draw_labels(FILE *out, const map *m)
{
    size_t k = m->n_units;
    rank *order = calloc(k + 1, sizeof *order);
    fpt_map_label *labels = calloc(k + 1, sizeof *labels);
    fpt_box *obstacles = calloc(k + 1, sizeof *obstacles);
    bool *full = calloc(k + 1, sizeof *full);
    fpt_status st = FPT_ENOMEM;
    if (order != NULL && labels != NULL && obstacles != NULL && full != NULL) {
        for (size_t u = 0; u < k; u++) {
            order[u] = (rank){m->p->units[u].pop, u};
        }
        qsort(order, k, sizeof *order, by_population);
        place_labels(m, order, labels, obstacles, full);
        for (size_t i = 0; i < k; i++) {
            char text[512];
            label_text(m, order[i].u, full[i], text, sizeof text);
            if (labels[i].placed) {
                fprintf(out, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\">", labels[i].box.x + 1,
                        labels[i].box.y + FONT_PX + 0.5);
                fpt_text_escape_xml(out, text);
                fputs("</text>\n", out);
            }
        }
        st = FPT_OK;
    }
    free(order);
    free(labels);
    free(obstacles);
    free(full);
    return st;
}

/* ---- legend, title, note ------------------------------------------------------------------ */

static void write_fitted(FILE *out, const char *cls, double x, double y, const char *text,
                         double font_px, double max_px)
{
    char buf[1024];
    fpt_text_fit(buf, sizeof buf, text, font_px, max_px);
    fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">", cls, x, y);
    fpt_text_escape_xml(out, buf);
    if (strcmp(buf, text) != 0) {
        fputs("<title>", out);
        fpt_text_escape_xml(out, text);
        fputs("</title>", out);
    }
    fputs("</text>\n", out);
}

static void legend_row(FILE *out, const map *m, size_t u, double x, double y)
{
    char fill[8], text[600];
    tint(fill, m->colour[u]);
    fprintf(out,
            "<rect class=\"swatch\" x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" "
            "fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
            x + 1, y + 2.5, fill, PALETTE[m->colour[u]]);
    double pop = m->p->units[u].pop;
    if (pop >= 1e6) {
        snprintf(text, sizeof text, "%zu %s: %.1fM people", u + 1, m->names[u], pop / 1e6);
    } else {
        snprintf(text, sizeof text, "%zu %s: %.0fk people", u + 1, m->names[u], pop / 1e3);
    }
    write_fitted(out, "legend", x + 19, y + 12.5, text, FONT_PX, LEGEND_COL_W - 30);
}

static void draw_legend(FILE *out, const map *m)
{
    if (m->n_units == 0) {
        return;
    }
    double x0 = MARGIN + m->map_w + LEGEND_GAP;
    fputs("<g class=\"legend\">\n", out);
    write_fitted(out, "head", x0, TITLE_H + 12, "Units: number, name, population", FONT_PX,
                 LEGEND_COL_W - 10);
    for (size_t u = 0; u < m->n_units; u++) {
        size_t col = u / m->legend_rows, row = u % m->legend_rows;
        legend_row(out, m, u, x0 + LEGEND_COL_W * (double)col, TITLE_H + ROW_H * (double)(row + 1));
    }
    fputs("</g>\n", out);
}

/* ---- the picture -------------------------------------------------------------------------- */

static void open_svg(FILE *out, const map *m, const char *title, bool standalone)
{
    if (standalone) {
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
              "xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" ",
              out);
    } else {
        fputs("<svg class=\"map\" role=\"img\" aria-label=\"", out);
        fpt_text_escape_xml(out, title);
        fputs("\" ", out);
    }
    fprintf(out,
            "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n<style>%s</style>\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n",
            m->width, m->height, m->width, m->height, STYLE);
    write_fitted(out, "title", MARGIN, 26, title, TITLE_PX, m->width - 2 * MARGIN);
}

static fpt_status draw_map(FILE *out, const map *m)
{
    fprintf(out,
            "<svg class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "viewBox=\"0 0 %.1f %.1f\">\n",
            MARGIN, TITLE_H, m->map_w, m->map_h, m->map_w, m->map_h);
    fputs("<path class=\"england-land\" fill=\"#f4f4f4\" d=\"", out);
    region_path(out, m, &m->england);
    fputs("\"/>\n", out);
    draw_units(out, m);
    draw_sea(out, m);
    draw_lands(out, m);
    fputs("<path class=\"england\" fill=\"none\" stroke=\"#4a4a4a\" stroke-width=\"0.9\" d=\"",
          out);
    region_path(out, m, &m->england);
    fputs("\"/>\n", out);
    draw_borders(out, m);
    draw_dots(out, m);
    draw_centres(out, m);
    FPT_TRY(draw_labels(out, m));
    fputs("</svg>\n", out);
    return FPT_OK;
}

static fpt_status write_svg(FILE *out, const map *m, const char *title, bool standalone)
{
    open_svg(out, m, title, standalone);
    FPT_TRY(draw_map(out, m));
    draw_legend(out, m);
    write_fitted(out, "note", MARGIN, m->height - 9,
                 "Each CCG's territory: the land nearer its centroid than any other's, within "
                 "England's outline (Natural Earth). Lines: unit borders; squares: centres.",
                 NOTE_PX, m->width - 2 * MARGIN);
    fputs("</svg>\n", out);
    return FPT_OK;
}

fpt_status fpt_partition_svg(FILE *out, const fpt_geography *g, const fpt_partition *p,
                             const char *title, bool standalone, fpt_error *err)
{
    map m = {.g = g, .p = p};
    fpt_status st = map_build(&m, err);
    if (st == FPT_OK) {
        st = write_svg(out, &m, title, standalone);
    }
    map_free(&m);
    if (st == FPT_EINTERNAL) {
        return fpt_error_set(err, st, NULL, 0, "the compiled-in outline has no England");
    }
    if (st != FPT_OK) {
        return fpt_error_set(err, st, NULL, 0, "out of memory drawing the map");
    }
    return FPT_OK;
}
