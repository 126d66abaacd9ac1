/* SPDX-License-Identifier: MIT */
/*
 * The outline of England and the land around it, for the maps: data/england-outline.csv
 * (Natural Earth's 1:50m map units; docs/data.md "Outline of England"), compiled into the
 * library so that an installed footprint draws it wherever it runs. Parsed on demand into
 * lands of rings in degrees (x longitude, y latitude). Internal to the library; the map
 * renderer (report/partition_svg.c) reads it. Never prints.
 */
#ifndef FPT_OUTLINE_H
#define FPT_OUTLINE_H

#include <stddef.h>

#include "footprint/error.h"
#include "geo/voronoi.h"

/** One land (a map unit: England, Wales, France …) and its rings, in degrees. */
typedef struct fpt_outline_land {
    char *name;
    fpt_region region; /**< x = longitude, y = latitude, WGS84 degrees */
} fpt_outline_land;

/** Lands in file order; England first in the shipped file. */
typedef struct fpt_outline {
    size_t n_lands;
    fpt_outline_land *lands;
} fpt_outline;

/**
 * Parse outline text: '#' comment lines, the header land,ring,lon,lat, then one point a row;
 * a ring's points are consecutive rows with the same land and ring, and a land's rings are
 * consecutive.
 * @param file  names the text in the error (borrowed)
 * @param out   OUT: owned by the caller (fpt_outline_free); NULL on failure
 * @return FPT_OK; FPT_EINVALID (a bad header or row, a ring of fewer than 3 points, a land
 *         or ring that comes back after another, no land at all: err gives file:line) or
 *         FPT_ENOMEM. Thread safety: touches only its arguments.
 */
fpt_status fpt_outline_parse(const char *file, const char *text, size_t len, fpt_outline **out,
                             fpt_error *err);

/**
 * Parse the compiled-in data/england-outline.csv. Returns as fpt_outline_parse(); FPT_EINVALID
 * would be a broken build (the tests parse it).
 */
fpt_status fpt_outline_england(fpt_outline **out, fpt_error *err);

/** The land of this name, or NULL. Can't fail. */
const fpt_outline_land *fpt_outline_find(const fpt_outline *o, const char *name);

/** Free an outline. Accepts NULL. */
void fpt_outline_free(fpt_outline *o);

#endif
