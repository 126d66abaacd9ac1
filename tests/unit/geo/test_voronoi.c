/* SPDX-License-Identifier: MIT */
/*
 * The maps' geometry (geo/voronoi.h): ring areas and point tests; Voronoi cells clipped to a
 * square (hand-checked quarters and shared edges), to a non-convex L (cells partition its
 * area, each site lies in its own cell, a sample of points lies in exactly one cell, every
 * shared edge is on its sites' bisector), with twin sites and with a reach; and on England:
 * the 211 CCG centroids of 2013 and the 106 of 2021 clipped to the compiled-in outline,
 * where the cells cover England without gap or overlap and each centroid on land lies in its
 * own cell. Builds are repeated and compared byte for byte.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/geography.h"
#include "geo/outline.h"
#include "geo/voronoi.h"

static fpt_xy square_pts[4] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
static fpt_ring square_ring = {4, square_pts};
static const fpt_region square = {1, &square_ring};

/* An L: the square (0,0)–(4,4) without its top-right quarter (2,2)–(4,4); area 12. */
static fpt_xy ell_pts[6] = {{0, 0}, {4, 0}, {4, 2}, {2, 2}, {2, 4}, {0, 4}};
static fpt_ring ell_ring = {6, ell_pts};
static const fpt_region ell = {1, &ell_ring};

static fpt_voronoi *build(const fpt_xy *sites, const double *reach, size_t n,
                          const fpt_region *clip)
{
    fpt_voronoi *v = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_voronoi_build(sites, reach, n, clip, &v, &err), FPT_OK), "%s",
              err.message);
    cr_assert(v != NULL);
    return v;
}

/* A fixed pseudo-random stream (the draws must not depend on the C library's rand()). */
static double draw(unsigned long *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(*state >> 11) / 9007199254740992.0;
}

static double cells_area(const fpt_voronoi *v)
{
    double a = 0;
    for (size_t i = 0; i < v->n_sites; i++) {
        a += fpt_region_area(&v->cells[i]);
    }
    return a;
}

Test(voronoi, ring_area_is_signed_and_region_area_is_not)
{
    cr_expect(ieee_ulp_eq(dbl, fpt_ring_area(&square_ring), 1.0, 4));
    fpt_xy cw[4] = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
    fpt_ring r = {4, cw};
    cr_expect(ieee_ulp_eq(dbl, fpt_ring_area(&r), -1.0, 4));
    cr_expect(ieee_ulp_eq(dbl, fpt_region_area(&(fpt_region){1, &r}), 1.0, 4));
    cr_expect(ieee_ulp_eq(dbl, fpt_region_area(&ell), 12.0, 4));
}

Test(voronoi, contains_follows_the_even_odd_rule)
{
    cr_expect(fpt_region_contains(&ell, (fpt_xy){1, 1}));
    cr_expect(fpt_region_contains(&ell, (fpt_xy){3, 1}));
    cr_expect(fpt_region_contains(&ell, (fpt_xy){1, 3}));
    cr_expect(not(fpt_region_contains(&ell, (fpt_xy){3, 3})));
    cr_expect(not(fpt_region_contains(&ell, (fpt_xy){5, 1})));
    /* A hole: a ring inside another. */
    fpt_xy inner[4] = {{0.5, 0.5}, {1.5, 0.5}, {1.5, 1.5}, {0.5, 1.5}};
    fpt_ring rings[2] = {ell_ring, {4, inner}};
    fpt_region holed = {2, rings};
    cr_expect(not(fpt_region_contains(&holed, (fpt_xy){1, 1})));
    cr_expect(fpt_region_contains(&holed, (fpt_xy){0.25, 1}));
}

Test(voronoi, four_sites_quarter_a_square)
{
    fpt_xy sites[4] = {{0.25, 0.25}, {0.75, 0.25}, {0.75, 0.75}, {0.25, 0.75}};
    fpt_voronoi *v = build(sites, NULL, 4, &square);
    for (size_t i = 0; i < 4; i++) {
        cr_expect(epsilon_eq(dbl, fpt_region_area(&v->cells[i]), 0.25, 1e-12), "cell %zu", i);
        cr_expect(fpt_region_contains(&v->cells[i], sites[i]));
    }
    /* Four shared edges (0|1, 0|3, 1|2, 2|3), each half the side; 0 and 2 meet at a point. */
    cr_assert(eq(sz, v->n_edges, 4));
    size_t pairs[4][2] = {{0, 1}, {0, 3}, {1, 2}, {2, 3}};
    for (size_t e = 0; e < 4; e++) {
        const fpt_voronoi_edge *ed = &v->edges[e];
        cr_expect(eq(sz, ed->a, pairs[e][0]));
        cr_expect(eq(sz, ed->b, pairs[e][1]));
        cr_expect(epsilon_eq(dbl, hypot(ed->q.x - ed->p.x, ed->q.y - ed->p.y), 0.5, 1e-12));
    }
    fpt_voronoi_free(v);
}

static fpt_xy *random_sites(size_t n, unsigned long seed)
{
    fpt_xy *s = calloc(n, sizeof *s);
    cr_assert(s != NULL);
    for (size_t i = 0; i < n; i++) {
        s[i] = (fpt_xy){4 * draw(&seed), 4 * draw(&seed)};
    }
    return s;
}

/* The cell (or cells) p lies in. */
static size_t owners(const fpt_voronoi *v, fpt_xy p)
{
    size_t k = 0;
    for (size_t i = 0; i < v->n_sites; i++) {
        k += fpt_region_contains(&v->cells[i], p);
    }
    return k;
}

Test(voronoi, cells_partition_a_non_convex_region)
{
    const size_t n = 60;
    fpt_xy *sites = random_sites(n, 7);
    fpt_voronoi *v = build(sites, NULL, n, &ell);
    cr_expect(epsilon_eq(dbl, cells_area(v), 12.0, 1e-9), "cells cover %.12f", cells_area(v));
    for (size_t i = 0; i < n; i++) {
        if (fpt_region_contains(&ell, sites[i])) {
            cr_expect(fpt_region_contains(&v->cells[i], sites[i]), "site %zu not in its cell", i);
        }
    }
    unsigned long seed = 99;
    for (int k = 0; k < 2000; k++) {
        fpt_xy p = {4 * draw(&seed), 4 * draw(&seed)};
        size_t want = fpt_region_contains(&ell, p) ? 1 : 0;
        cr_expect(eq(sz, owners(v, p), want), "point (%g, %g)", p.x, p.y);
    }
    fpt_voronoi_free(v);
    free(sites);
}

Test(voronoi, shared_edges_lie_on_bisectors_inside_the_region)
{
    const size_t n = 40;
    fpt_xy *sites = random_sites(n, 11);
    fpt_voronoi *v = build(sites, NULL, n, &ell);
    cr_assert(v->n_edges > n, "only %zu edges", v->n_edges);
    for (size_t e = 0; e < v->n_edges; e++) {
        const fpt_voronoi_edge *ed = &v->edges[e];
        cr_assert(ed->a < ed->b && ed->b < n);
        fpt_xy a = sites[ed->a], b = sites[ed->b];
        for (int end = 0; end < 3; end++) {
            fpt_xy p = end == 0   ? ed->p
                       : end == 1 ? ed->q
                                  : (fpt_xy){(ed->p.x + ed->q.x) / 2, (ed->p.y + ed->q.y) / 2};
            double da = hypot(p.x - a.x, p.y - a.y), db = hypot(p.x - b.x, p.y - b.y);
            cr_expect(epsilon_eq(dbl, da, db, 1e-9), "edge %zu is off the bisector", e);
            /* No third site is nearer: the edge is really between these two cells. */
            for (size_t k = 0; k < n; k++) {
                cr_expect(hypot(p.x - sites[k].x, p.y - sites[k].y) >= da - 1e-9);
            }
        }
        fpt_xy mid = {(ed->p.x + ed->q.x) / 2, (ed->p.y + ed->q.y) / 2};
        cr_expect(fpt_region_contains(&ell, mid), "edge %zu runs outside the region", e);
    }
    fpt_voronoi_free(v);
    free(sites);
}

Test(voronoi, a_site_at_the_same_point_as_an_earlier_one_gets_no_cell)
{
    fpt_xy sites[3] = {{0.25, 0.5}, {0.75, 0.5}, {0.25, 0.5}};
    fpt_voronoi *v = build(sites, NULL, 3, &square);
    cr_expect(epsilon_eq(dbl, fpt_region_area(&v->cells[0]), 0.5, 1e-12));
    cr_expect(epsilon_eq(dbl, fpt_region_area(&v->cells[1]), 0.5, 1e-12));
    cr_expect(eq(sz, v->cells[2].n_rings, 0));
    fpt_voronoi_free(v);
}

Test(voronoi, reach_bounds_a_lone_site)
{
    fpt_xy big_pts[4] = {{-100, -100}, {100, -100}, {100, 100}, {-100, 100}};
    fpt_ring big_ring = {4, big_pts};
    fpt_region big = {1, &big_ring};
    fpt_xy sites[2] = {{0, 0}, {60, 0}};
    double reach[2] = {10, 0};
    fpt_voronoi *v = build(sites, reach, 2, &big);
    /* A 32-sided polygon round a circle of radius 10: 32 × 10² × tan(π/32). */
    double polygon = 32 * 100 * tan(3.14159265358979323846 / 32);
    cr_expect(epsilon_eq(dbl, fpt_region_area(&v->cells[0]), polygon, 1e-9));
    /* Site 1 has no reach: it keeps its side of the bisector x = 30, 70 × 200. */
    cr_expect(epsilon_eq(dbl, fpt_region_area(&v->cells[1]), 70.0 * 200, 1e-6));
    cr_expect(eq(sz, v->n_edges, 0), "the cells do not touch");
    fpt_voronoi_free(v);
}

static bool same_build(const fpt_voronoi *a, const fpt_voronoi *b)
{
    if (a->n_sites != b->n_sites || a->n_edges != b->n_edges ||
        memcmp(a->edges, b->edges, a->n_edges * sizeof *a->edges) != 0) {
        return false;
    }
    for (size_t i = 0; i < a->n_sites; i++) {
        if (a->cells[i].n_rings != b->cells[i].n_rings) {
            return false;
        }
        for (size_t r = 0; r < a->cells[i].n_rings; r++) {
            const fpt_ring *x = &a->cells[i].rings[r], *y = &b->cells[i].rings[r];
            if (x->n != y->n || memcmp(x->pts, y->pts, x->n * sizeof *x->pts) != 0) {
                return false;
            }
        }
    }
    return true;
}

Test(voronoi, builds_repeat_exactly)
{
    const size_t n = 80;
    fpt_xy *sites = random_sites(n, 3);
    fpt_voronoi *a = build(sites, NULL, n, &ell), *b = build(sites, NULL, n, &ell);
    cr_expect(same_build(a, b));
    fpt_voronoi_free(a);
    fpt_voronoi_free(b);
    free(sites);
}

/* ---- England ------------------------------------------------------------------------------ */

#define KM_PER_DEG 111.195

typedef struct england {
    fpt_geography *g;
    fpt_outline *outline;
    fpt_region land;
    fpt_xy *sites;
} england;

static void england_load(england *e, const char *file)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    char path[512];
    snprintf(path, sizeof path, "%s/data/%s", FPT_SOURCE_DIR, file);
    cr_assert(eq(int, fpt_geography_load(path, &e->g, &d, &err), FPT_OK), "%s", err.message);
    cr_assert(eq(int, fpt_outline_england(&e->outline, &err), FPT_OK), "%s", err.message);
    const fpt_outline_land *land = fpt_outline_find(e->outline, "England");
    cr_assert(land != NULL);
    double kx = cos(52.9 * 3.14159265358979323846 / 180);
    e->land = land->region; /* borrowed rings, projected in place */
    for (size_t r = 0; r < e->land.n_rings; r++) {
        for (size_t k = 0; k < e->land.rings[r].n; k++) {
            fpt_xy *p = &e->land.rings[r].pts[k];
            *p = (fpt_xy){p->x * kx * KM_PER_DEG, p->y * KM_PER_DEG};
        }
    }
    e->sites = calloc(e->g->n_ccgs, sizeof *e->sites);
    cr_assert(e->sites != NULL);
    for (size_t i = 0; i < e->g->n_ccgs; i++) {
        const fpt_ccg *c = &e->g->ccgs[i];
        e->sites[i] = (fpt_xy){c->lon_deg * kx * KM_PER_DEG, c->lat_deg * KM_PER_DEG};
    }
}

static void england_free(england *e)
{
    free(e->sites);
    fpt_outline_free(e->outline);
    fpt_geography_free(e->g);
}

/* The cells tile England; every centroid on land is in its own cell; and with each
 * territory's reach as the map draws it (35 km + 3 radii), no land is left out. */
static void check_england(const char *file, size_t at_sea_at_most)
{
    england e = {0};
    england_load(&e, file);
    fpt_voronoi *v = build(e.sites, NULL, e.g->n_ccgs, &e.land);
    double area = fpt_region_area(&e.land);
    cr_expect(epsilon_eq(dbl, cells_area(v), area, 1e-6 * area), "%s: cells %.3f, England %.3f",
              file, cells_area(v), area);
    size_t at_sea = 0;
    for (size_t i = 0; i < e.g->n_ccgs; i++) {
        if (!fpt_region_contains(&e.land, e.sites[i])) {
            at_sea++;
            continue;
        }
        cr_expect(fpt_region_contains(&v->cells[i], e.sites[i]), "%s", e.g->ccgs[i].name);
    }
    cr_expect(at_sea <= at_sea_at_most, "%s: %zu centroids off the outline", file, at_sea);
    double *reach = calloc(e.g->n_ccgs, sizeof *reach);
    cr_assert(reach != NULL);
    for (size_t i = 0; i < e.g->n_ccgs; i++) {
        reach[i] = 35 + 3 * sqrt(e.g->ccgs[i].area_km2 / 3.14159265358979323846);
    }
    fpt_voronoi *r = build(e.sites, reach, e.g->n_ccgs, &e.land);
    cr_expect(epsilon_eq(dbl, cells_area(r), area, 1e-6 * area), "%s: reach leaves %.1f km² out",
              file, area - cells_area(r));
    fpt_voronoi_free(r);
    free(reach);
    fpt_voronoi_free(v);
    england_free(&e);
}

/* Two centroids of 2013 (Portsmouth, Fareham and Gosport) and one of 2021 (Portsmouth) fall
 * in the Solent on the 1:50m coastline (docs/data.md). */
Test(voronoi, ccgs_of_2013_tile_england)
{
    check_england("ccg2013.csv", 2);
}

Test(voronoi, ccgs_of_2021_tile_england)
{
    check_england("ccg2021.csv", 1);
}
