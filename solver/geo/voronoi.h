/* SPDX-License-Identifier: MIT */
/*
 * Plane geometry for the maps: polygons made of rings, their areas and point tests, and the
 * Voronoi cells of a set of sites clipped to a region (the outline of England), with the
 * stretches of boundary each pair of neighbouring cells shares. Internal to the library; the
 * map renderer (report/partition_svg.c) projects CCG centroids onto a plane and draws what
 * this returns. Pure arithmetic on its arguments: no I/O, no global state.
 */
#ifndef FPT_VORONOI_H
#define FPT_VORONOI_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"

/** A point of the plane. */
typedef struct fpt_xy {
    double x, y;
} fpt_xy;

/** A closed ring: pts[n − 1] joins pts[0]. Either orientation. */
typedef struct fpt_ring {
    size_t n;
    fpt_xy *pts; /**< [n], owned by the ring's region */
} fpt_ring;

/**
 * A region: rings read under the even-odd rule (a point is inside when a ray from it crosses
 * the rings an odd number of times). Rings may include zero-width spurs along a line (what
 * clipping a ring against a convex cell leaves where the ring leaves and re-enters the cell);
 * they change neither the area nor which points are inside.
 */
typedef struct fpt_region {
    size_t n_rings;
    fpt_ring *rings; /**< [n_rings], owned */
} fpt_region;

/** The shared boundary of cells a < b: the segment p–q, inside the clip region. */
typedef struct fpt_voronoi_edge {
    size_t a, b;
    fpt_xy p, q;
} fpt_voronoi_edge;

/** Voronoi cells clipped to a region (fpt_voronoi_build). */
typedef struct fpt_voronoi {
    size_t n_sites;
    fpt_region *cells; /**< [n_sites]: each site's cell within the clip region (maybe empty) */
    size_t n_edges;
    fpt_voronoi_edge *edges; /**< [n_edges], ordered by (a, b), then along the boundary */
} fpt_voronoi;

/** The signed area of a ring (positive counter-clockwise, in the axes' sense). Can't fail. */
double fpt_ring_area(const fpt_ring *r);

/**
 * The area of a region whose rings neither overlap nor nest: the sum of the rings' absolute
 * areas. Can't fail.
 */
double fpt_region_area(const fpt_region *r);

/** Whether p is inside the region (even-odd rule; a point on a ring may go either way). */
bool fpt_region_contains(const fpt_region *r, fpt_xy p);

/** Free the rings of a region (not the region itself) and empty it. Accepts NULL. */
void fpt_region_clear(fpt_region *r);

/**
 * Build the Voronoi cells of n sites (each the points at least as near that site as any
 * other, by straight-line distance in the plane) intersected with clip, and the boundary
 * between every two cells that touch inside clip.
 *
 * @param sites  [n] borrowed; two sites at the same point: the later one's cell is empty
 * @param reach  [n] borrowed, or NULL: when reach[i] > 0, site i's cell is also cut to within
 *               about reach[i] of it (a 32-sided polygon round a circle of that radius), so a
 *               site far from every other does not claim land it does not serve
 * @param clip   borrowed; its rings must neither overlap nor nest
 * @param out    OUT: owned by the caller (fpt_voronoi_free); NULL on failure
 * @return FPT_OK or FPT_ENOMEM. The cells partition clip (within rounding) when reach is
 *         NULL; each site inside clip lies in its own cell. The result depends only on the
 *         arguments. Thread safety: touches only its arguments.
 */
fpt_status fpt_voronoi_build(const fpt_xy *sites, const double *reach, size_t n,
                             const fpt_region *clip, fpt_voronoi **out, fpt_error *err);

/** Free what fpt_voronoi_build made. Accepts NULL. */
void fpt_voronoi_free(fpt_voronoi *v);

#endif
