/* SPDX-License-Identifier: MIT */
/*
 * Voronoi cells clipped to a region (geo/voronoi.h), by half-planes: a site's cell starts as
 * a box round everything and is cut by the bisector with every other site, nearest first,
 * until the next site is too far for its bisector to reach the cell (then none further can).
 * Each edge of a convex cell remembers which site's bisector made it, so the boundary two
 * cells share is the overlap of their edges on the same bisector. The clip region (a
 * non-convex outline) is cut to each convex cell by Sutherland–Hodgman, which is exact for a
 * convex clipper up to zero-width spurs along the cell's edges; those add no area and change
 * no point test. O(n² log n) for n sites, which for England's 211 CCGs is a few milliseconds.
 */
#include "geo/voronoi.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_BOX   (-1L) /* an edge of the starting box */
#define LABEL_REACH (-2L) /* an edge of the polygon round a site's reach */
#define REACH_SIDES 32

/* A convex polygon, counter-clockwise; edge k runs from v[k] to v[k + 1] and was made by the
 * bisector with site lab[k] (or LABEL_BOX, LABEL_REACH). */
typedef struct convex {
    size_t n;
    fpt_xy *v;
    long *lab;
} convex;

/* The half-plane n·p <= c. */
typedef struct halfplane {
    fpt_xy n;
    double c;
    long label;
} halfplane;

/* Everything one build allocates along the way, freed at its end. */
typedef struct work {
    const fpt_xy *sites;
    const double *reach;
    size_t n;
    fpt_xy lo, hi; /* the starting box */
    convex *hulls; /* [n] each site's convex cell before clipping */
    convex tmp[2]; /* ping-pong buffers of capacity cap */
    size_t cap;    /* 8 + REACH_SIDES + n: each cut adds at most one vertex */
    struct near {
        double d2;
        size_t j;
    } * order;      /* [n] the other sites by distance */
    fpt_xy *pts[2]; /* ping-pong buffers for clipping rings, of capacity pts_cap */
    size_t pts_cap;
    fpt_voronoi *v;
    size_t edges_cap;
} work;

static double dot(fpt_xy a, fpt_xy b)
{
    return a.x * b.x + a.y * b.y;
}

static double cross(fpt_xy a, fpt_xy b)
{
    return a.x * b.y - a.y * b.x;
}

static fpt_xy sub(fpt_xy a, fpt_xy b)
{
    return (fpt_xy){a.x - b.x, a.y - b.y};
}

static fpt_xy lerp(fpt_xy a, fpt_xy b, double t)
{
    return (fpt_xy){a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
}

/* ---- regions ------------------------------------------------------------------------------ */

double fpt_ring_area(const fpt_ring *r)
{
    double twice = 0;
    for (size_t k = 0; k < r->n; k++) {
        twice += cross(r->pts[k], r->pts[(k + 1) % r->n]);
    }
    return twice / 2;
}

double fpt_region_area(const fpt_region *r)
{
    double a = 0;
    for (size_t i = 0; i < r->n_rings; i++) {
        a += fabs(fpt_ring_area(&r->rings[i]));
    }
    return a;
}

bool fpt_region_contains(const fpt_region *r, fpt_xy p)
{
    bool in = false;
    for (size_t i = 0; i < r->n_rings; i++) {
        const fpt_ring *ring = &r->rings[i];
        for (size_t k = 0; k < ring->n; k++) {
            fpt_xy a = ring->pts[k], b = ring->pts[(k + 1) % ring->n];
            if ((a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y)) {
                in = !in;
            }
        }
    }
    return in;
}

void fpt_region_clear(fpt_region *r)
{
    if (r == NULL) {
        return;
    }
    for (size_t i = 0; i < r->n_rings; i++) {
        free(r->rings[i].pts);
    }
    free(r->rings);
    r->rings = NULL;
    r->n_rings = 0;
}

void fpt_voronoi_free(fpt_voronoi *v)
{
    if (v == NULL) {
        return;
    }
    for (size_t i = 0; v->cells != NULL && i < v->n_sites; i++) {
        fpt_region_clear(&v->cells[i]);
    }
    free(v->cells);
    free(v->edges);
    free(v);
}

/* ---- convex cells ------------------------------------------------------------------------- */

/* Cut in by h into out (capacity cap). Sutherland–Hodgman on one half-plane: a new edge along
 * h's line carries h's label; a cut edge keeps its own. A convex polygon gains at most one
 * vertex; should rounding ever make it gain more than cap allows, the rest is dropped. */
static void cut(const convex *in, convex *out, const halfplane *h, size_t cap)
{
    out->n = 0;
    for (size_t k = 0; k < in->n && out->n + 2 <= cap; k++) {
        fpt_xy a = in->v[k], b = in->v[(k + 1) % in->n];
        double fa = dot(h->n, a) - h->c, fb = dot(h->n, b) - h->c;
        if (fa <= 0) {
            out->v[out->n] = a;
            out->lab[out->n++] = in->lab[k];
        }
        if ((fa <= 0) != (fb <= 0)) {
            out->v[out->n] = lerp(a, b, fa / (fa - fb));
            out->lab[out->n++] = fa <= 0 ? h->label : in->lab[k];
        }
    }
    if (out->n < 3) {
        out->n = 0;
    }
}

/* Apply h to the cell held in w->tmp[*cur]; the result lands in the other buffer. */
static void apply(work *w, int *cur, const halfplane *h)
{
    cut(&w->tmp[*cur], &w->tmp[1 - *cur], h, w->cap);
    *cur = 1 - *cur;
}

static void start_box(work *w, convex *c)
{
    fpt_xy corners[4] = {w->lo, {w->hi.x, w->lo.y}, w->hi, {w->lo.x, w->hi.y}};
    for (size_t k = 0; k < 4; k++) {
        c->v[k] = corners[k];
        c->lab[k] = LABEL_BOX;
    }
    c->n = 4;
}

static void cut_reach(work *w, size_t i, int *cur)
{
    if (w->reach == NULL || !(w->reach[i] > 0)) {
        return;
    }
    for (int t = 0; t < REACH_SIDES && w->tmp[*cur].n > 0; t++) {
        double theta = 2 * 3.14159265358979323846 * t / REACH_SIDES;
        halfplane h = {{cos(theta), sin(theta)}, 0, LABEL_REACH};
        h.c = dot(h.n, w->sites[i]) + w->reach[i];
        apply(w, cur, &h);
    }
}

static int by_distance(const void *pa, const void *pb)
{
    const struct near *a = pa, *b = pb;
    if (a->d2 != b->d2) {
        return a->d2 < b->d2 ? -1 : 1;
    }
    return a->j < b->j ? -1 : a->j > b->j;
}

/* The squared distance from p to the cell's farthest vertex. */
static double farthest2(const convex *c, fpt_xy p)
{
    double m = 0;
    for (size_t k = 0; k < c->n; k++) {
        fpt_xy d = sub(c->v[k], p);
        m = fmax(m, dot(d, d));
    }
    return m;
}

/* Cut site i's cell by the bisectors, nearest site first. A site at the same point as an
 * earlier one gets no cell; a later one at the same point is ignored here. */
static void cut_bisectors(work *w, size_t i, int *cur)
{
    fpt_xy p = w->sites[i];
    size_t m = 0;
    for (size_t j = 0; j < w->n; j++) {
        if (j != i) {
            fpt_xy d = sub(w->sites[j], p);
            w->order[m++] = (struct near){dot(d, d), j};
        }
    }
    qsort(w->order, m, sizeof *w->order, by_distance);
    for (size_t k = 0; k < m && w->tmp[*cur].n > 0; k++) {
        size_t j = w->order[k].j;
        if (w->order[k].d2 == 0) {
            if (j < i) {
                w->tmp[*cur].n = 0;
            }
            continue;
        }
        if (w->order[k].d2 / 4 > farthest2(&w->tmp[*cur], p)) {
            break; /* this bisector, and every later one, misses the cell */
        }
        fpt_xy q = w->sites[j];
        halfplane h = {sub(q, p), 0, (long)j};
        h.c = dot(h.n, lerp(p, q, 0.5));
        apply(w, cur, &h);
    }
}

static fpt_status keep_hull(work *w, size_t i, const convex *c)
{
    convex *h = &w->hulls[i];
    h->n = c->n;
    if (c->n == 0) {
        return FPT_OK;
    }
    h->v = calloc(c->n, sizeof *h->v);
    h->lab = calloc(c->n, sizeof *h->lab);
    if (h->v == NULL || h->lab == NULL) {
        return FPT_ENOMEM;
    }
    memcpy(h->v, c->v, c->n * sizeof *c->v);
    memcpy(h->lab, c->lab, c->n * sizeof *c->lab);
    return FPT_OK;
}

static fpt_status build_hulls(work *w)
{
    for (size_t i = 0; i < w->n; i++) {
        int cur = 0;
        start_box(w, &w->tmp[0]);
        cut_reach(w, i, &cur);
        cut_bisectors(w, i, &cur);
        FPT_TRY(keep_hull(w, i, &w->tmp[cur]));
    }
    return FPT_OK;
}

/* ---- clipping the region to each cell ---------------------------------------------------- */

static fpt_status grow_pts(work *w, size_t need)
{
    if (need <= w->pts_cap) {
        return FPT_OK;
    }
    size_t cap = need * 2;
    for (int b = 0; b < 2; b++) {
        fpt_xy *p = realloc(w->pts[b], cap * sizeof *p);
        if (p == NULL) {
            return FPT_ENOMEM;
        }
        w->pts[b] = p;
    }
    w->pts_cap = cap;
    return FPT_OK;
}

/* Cut the points in w->pts[src] (n of them) by h into the other buffer; returns the count. */
static size_t cut_points(work *w, int src, size_t n, const halfplane *h)
{
    const fpt_xy *in = w->pts[src];
    fpt_xy *out = w->pts[1 - src];
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        fpt_xy a = in[k], b = in[(k + 1) % n];
        double fa = dot(h->n, a) - h->c, fb = dot(h->n, b) - h->c;
        if (fa <= 0) {
            out[m++] = a;
        }
        if ((fa <= 0) != (fb <= 0)) {
            out[m++] = lerp(a, b, fa / (fa - fb));
        }
    }
    return m;
}

static fpt_status add_ring(fpt_region *r, const fpt_xy *pts, size_t n)
{
    fpt_ring *rings = realloc(r->rings, (r->n_rings + 1) * sizeof *rings);
    if (rings == NULL) {
        return FPT_ENOMEM;
    }
    r->rings = rings;
    fpt_ring *ring = &r->rings[r->n_rings];
    ring->pts = calloc(n, sizeof *ring->pts);
    if (ring->pts == NULL) {
        return FPT_ENOMEM;
    }
    memcpy(ring->pts, pts, n * sizeof *pts);
    ring->n = n;
    r->n_rings++;
    return FPT_OK;
}

/* The part of one ring of the clip region inside hull, appended to cell. */
static fpt_status clip_ring(work *w, const fpt_ring *ring, const convex *hull, fpt_region *cell)
{
    FPT_TRY(grow_pts(w, 2 * (ring->n + hull->n)));
    memcpy(w->pts[0], ring->pts, ring->n * sizeof *ring->pts);
    size_t n = ring->n;
    int src = 0;
    for (size_t k = 0; k < hull->n && n > 0; k++) {
        fpt_xy d = sub(hull->v[(k + 1) % hull->n], hull->v[k]);
        halfplane h = {{d.y, -d.x}, 0, 0}; /* outward normal of a counter-clockwise edge */
        h.c = dot(h.n, hull->v[k]);
        FPT_TRY(grow_pts(w, 2 * n));
        n = cut_points(w, src, n, &h);
        src = 1 - src;
    }
    fpt_ring got = {n, w->pts[src]};
    double span = fmax(w->hi.x - w->lo.x, w->hi.y - w->lo.y);
    if (n < 3 || fabs(fpt_ring_area(&got)) <= 1e-12 * span * span) {
        return FPT_OK;
    }
    return add_ring(cell, w->pts[src], n);
}

static fpt_status clip_cells(work *w, const fpt_region *clip)
{
    for (size_t i = 0; i < w->n; i++) {
        for (size_t r = 0; w->hulls[i].n > 0 && r < clip->n_rings; r++) {
            FPT_TRY(clip_ring(w, &clip->rings[r], &w->hulls[i], &w->v->cells[i]));
        }
    }
    return FPT_OK;
}

/* ---- shared boundaries -------------------------------------------------------------------- */

static fpt_status add_edge(work *w, size_t a, size_t b, fpt_xy p, fpt_xy q)
{
    fpt_voronoi *v = w->v;
    if (v->n_edges == w->edges_cap) {
        size_t cap = w->edges_cap ? 2 * w->edges_cap : 64;
        fpt_voronoi_edge *e = realloc(v->edges, cap * sizeof *e);
        if (e == NULL) {
            return FPT_ENOMEM;
        }
        v->edges = e;
        w->edges_cap = cap;
    }
    v->edges[v->n_edges++] = (fpt_voronoi_edge){a, b, p, q};
    return FPT_OK;
}

static int by_value(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* How many times segment p–q crosses the region's rings, at parameters t in (0, 1), stored
 * into ts (NULL: only count). */
static size_t crossings(const fpt_region *r, fpt_xy p, fpt_xy q, double *ts)
{
    fpt_xy d = sub(q, p);
    size_t m = 0;
    for (size_t i = 0; i < r->n_rings; i++) {
        const fpt_ring *ring = &r->rings[i];
        for (size_t k = 0; k < ring->n; k++) {
            fpt_xy u = ring->pts[k], e = sub(ring->pts[(k + 1) % ring->n], u);
            double den = cross(d, e);
            if (den == 0) {
                continue; /* parallel: a crossing, if any, is counted at a neighbouring edge */
            }
            double t = cross(sub(u, p), e) / den, s = cross(sub(u, p), d) / den;
            if (t > 0 && t < 1 && s >= 0 && s < 1) {
                if (ts != NULL) {
                    ts[m] = t;
                }
                m++;
            }
        }
    }
    return m;
}

/* Add the parts of segment p–q (between cells a and b) that lie inside clip. */
static fpt_status add_inside(work *w, const fpt_region *clip, size_t a, size_t b, fpt_xy p,
                             fpt_xy q)
{
    size_t m = crossings(clip, p, q, NULL);
    double *ts = calloc(m + 2, sizeof *ts);
    if (ts == NULL) {
        return FPT_ENOMEM;
    }
    ts[0] = 0;
    crossings(clip, p, q, ts + 1);
    ts[m + 1] = 1;
    qsort(ts + 1, m, sizeof *ts, by_value);
    fpt_status st = FPT_OK;
    double from = -1; /* start of the inside run under way, or -1 */
    for (size_t k = 0; k + 1 < m + 2 && st == FPT_OK; k++) {
        bool in =
            ts[k + 1] > ts[k] && fpt_region_contains(clip, lerp(p, q, (ts[k] + ts[k + 1]) / 2));
        if (in && from < 0) {
            from = ts[k];
        }
        if (!in && from >= 0) {
            st = add_edge(w, a, b, lerp(p, q, from), lerp(p, q, ts[k]));
            from = -1;
        }
    }
    if (st == FPT_OK && from >= 0) {
        st = add_edge(w, a, b, lerp(p, q, from), q);
    }
    free(ts);
    return st;
}

/* The edge of cell i made by site j's bisector, if any: its index, or -1. */
static long edge_towards(const convex *c, size_t j)
{
    for (size_t k = 0; k < c->n; k++) {
        if (c->lab[k] == (long)j) {
            return (long)k;
        }
    }
    return -1;
}

/* Cells a < b touch where a's edge on their bisector overlaps b's. */
static fpt_status shared_edge(work *w, const fpt_region *clip, size_t a, size_t k)
{
    const convex *ca = &w->hulls[a];
    size_t b = (size_t)ca->lab[k];
    long kb = edge_towards(&w->hulls[b], a);
    if (kb < 0) {
        return FPT_OK;
    }
    const convex *cb = &w->hulls[b];
    fpt_xy p = ca->v[k], q = ca->v[(k + 1) % ca->n], d = sub(q, p);
    double len2 = dot(d, d);
    if (len2 == 0) {
        return FPT_OK;
    }
    double t0 = dot(sub(cb->v[kb], p), d) / len2;
    double t1 = dot(sub(cb->v[((size_t)kb + 1) % cb->n], p), d) / len2;
    double lo = fmax(0, fmin(t0, t1)), hi = fmin(1, fmax(t0, t1));
    if (hi - lo <= 1e-12) {
        return FPT_OK;
    }
    return add_inside(w, clip, a, b, lerp(p, q, lo), lerp(p, q, hi));
}

static fpt_status build_edges(work *w, const fpt_region *clip)
{
    for (size_t a = 0; a < w->n; a++) {
        for (size_t k = 0; k < w->hulls[a].n; k++) {
            if (w->hulls[a].lab[k] > (long)a) {
                FPT_TRY(shared_edge(w, clip, a, k));
            }
        }
    }
    return FPT_OK;
}

/* ---- the build ---------------------------------------------------------------------------- */

static void bound_box(work *w, const fpt_region *clip)
{
    fpt_xy lo = {HUGE_VAL, HUGE_VAL}, hi = {-HUGE_VAL, -HUGE_VAL};
    for (size_t i = 0; i < w->n; i++) {
        lo = (fpt_xy){fmin(lo.x, w->sites[i].x), fmin(lo.y, w->sites[i].y)};
        hi = (fpt_xy){fmax(hi.x, w->sites[i].x), fmax(hi.y, w->sites[i].y)};
    }
    for (size_t r = 0; r < clip->n_rings; r++) {
        for (size_t k = 0; k < clip->rings[r].n; k++) {
            fpt_xy p = clip->rings[r].pts[k];
            lo = (fpt_xy){fmin(lo.x, p.x), fmin(lo.y, p.y)};
            hi = (fpt_xy){fmax(hi.x, p.x), fmax(hi.y, p.y)};
        }
    }
    double pad = 0.1 * fmax(hi.x - lo.x, hi.y - lo.y) + 1;
    w->lo = (fpt_xy){lo.x - pad, lo.y - pad};
    w->hi = (fpt_xy){hi.x + pad, hi.y + pad};
}

static fpt_status work_init(work *w)
{
    w->cap = 8 + REACH_SIDES + w->n;
    w->hulls = calloc(w->n, sizeof *w->hulls);
    w->order = calloc(w->n, sizeof *w->order);
    w->v = calloc(1, sizeof *w->v);
    if (w->hulls == NULL || w->order == NULL || w->v == NULL) {
        return FPT_ENOMEM;
    }
    w->v->n_sites = w->n;
    w->v->cells = calloc(w->n, sizeof *w->v->cells);
    if (w->v->cells == NULL) {
        return FPT_ENOMEM;
    }
    for (int b = 0; b < 2; b++) {
        w->tmp[b].v = calloc(w->cap, sizeof *w->tmp[b].v);
        w->tmp[b].lab = calloc(w->cap, sizeof *w->tmp[b].lab);
        if (w->tmp[b].v == NULL || w->tmp[b].lab == NULL) {
            return FPT_ENOMEM;
        }
    }
    return FPT_OK;
}

static void work_free(work *w)
{
    for (size_t i = 0; w->hulls != NULL && i < w->n; i++) {
        free(w->hulls[i].v);
        free(w->hulls[i].lab);
    }
    free(w->hulls);
    free(w->order);
    for (int b = 0; b < 2; b++) {
        free(w->tmp[b].v);
        free(w->tmp[b].lab);
        free(w->pts[b]);
    }
    fpt_voronoi_free(w->v);
}

fpt_status fpt_voronoi_build(const fpt_xy *sites, const double *reach, size_t n,
                             const fpt_region *clip, fpt_voronoi **out, fpt_error *err)
{
    *out = NULL;
    work w = {.sites = sites, .reach = reach, .n = n};
    fpt_status st;
    FPT_TRY_GOTO(st, work_init(&w), done);
    bound_box(&w, clip);
    FPT_TRY_GOTO(st, build_hulls(&w), done);
    FPT_TRY_GOTO(st, clip_cells(&w, clip), done);
    FPT_TRY_GOTO(st, build_edges(&w, clip), done);
    *out = w.v;
    w.v = NULL;
done:
    work_free(&w);
    if (st != FPT_OK) {
        return fpt_error_set(err, st, NULL, 0, "out of memory drawing the map's territories");
    }
    return FPT_OK;
}
