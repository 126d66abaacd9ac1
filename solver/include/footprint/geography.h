/* SPDX-License-Identifier: MIT */
/*
 * Geographies: the CCGs of one date (code, name, population, centroid, boundary area, area,
 * region) read from the project's CSV format (docs/geography.md "Geography files"), checked
 * row by row, and the great-circle distance between centroids.
 *
 * Also the partition: CCGs grouped into units, each with a centre — what districting
 * (footprint/districts.h) produces and what a scenario's real units (geo/realunits.h) are
 * read as.
 *
 * The first stage of real units and districting. A load reports every bad row as a
 * file:line finding, like the model loaders, and never prints. The loaded geography is
 * plain read-only data; its CCGs are kept sorted by code, so the order of rows in a file
 * never changes an answer.
 */
#ifndef FPT_GEOGRAPHY_H
#define FPT_GEOGRAPHY_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"

/** One clinical commissioning group. Strings are owned by the geography. */
typedef struct fpt_ccg {
    char *code;      /**< ONS code, e.g. E38000001; unique in the geography */
    char *name;      /**< e.g. "NHS Airedale, Wharfedale and Craven" */
    double pop;      /**< resident population, a whole number > 0 */
    double lat_deg;  /**< centroid latitude, WGS84 degrees */
    double lon_deg;  /**< centroid longitude, WGS84 degrees (east positive) */
    double area_km2; /**< boundary area, km² (> 0); approximate, from generalised boundaries */
    char *area;      /**< area team (2013) or STP (2021) */
    char *region;    /**< one of the known NHS regions (fpt_geo_region_is_known) */
    long line;       /**< line in the file it came from */
} fpt_ccg;

/** A geography: CCGs sorted by code. */
typedef struct fpt_geography {
    char *file;       /**< the path it was loaded from, or "<stdin>" */
    char fnv1a64[17]; /**< FNV-1a 64 of the bytes loaded, hex (the provenance stamp's) */
    size_t n_ccgs;
    fpt_ccg *ccgs;
    double pop_total; /**< sum of the CCG populations */
} fpt_geography;

/* The box a centroid must lie in: England with a margin (docs/geography.md). */
#define FPT_GEO_LAT_MIN 49.5
#define FPT_GEO_LAT_MAX 56.0
#define FPT_GEO_LON_MIN (-7.0)
#define FPT_GEO_LON_MAX 2.0

/* The largest boundary area accepted, km² (docs/geography.md). */
#define FPT_GEO_AREA_KM2_MAX 100000.0

/**
 * Load and check a geography file.
 *
 * @param path  file to read (borrowed)
 * @param out   OUT: the geography, owned by the caller (fpt_geography_free); NULL on failure
 * @param diags every problem found, appended as file:line findings (caller owns and clears)
 * @param err   the first problem
 * @return FPT_OK; FPT_EIO (unreadable), FPT_EINVALID (any bad row, header or value) or
 *         FPT_ENOMEM. Thread safety: touches only its arguments.
 */
fpt_status fpt_geography_load(const char *path, fpt_geography **out, fpt_diags *diags,
                              fpt_error *err);

/**
 * Parse and check geography text already in memory; file names it in findings.
 * Parameters and returns as fpt_geography_load() (but never FPT_EIO).
 */
fpt_status fpt_geography_parse(const char *file, const char *text, size_t len, fpt_geography **out,
                               fpt_diags *diags, fpt_error *err);

/**
 * Return whether text (len bytes) begins as a geography file does: its header's first
 * columns, "code,name,population", after an optional UTF-8 byte-order mark and any comment
 * (#) or blank lines. For the XML
 * loaders, which name such a file for what it is. This function can't fail.
 */
bool fpt_geography_text_is_csv(const char *text, size_t len);

/** Free a geography. Accepts NULL. */
void fpt_geography_free(fpt_geography *g);

/** Return the index of the CCG with this code, or -1. This function can't fail. */
long fpt_geography_find(const fpt_geography *g, const char *code);

/** Whether region is one of the NHS regions of 2013 or 2021 (docs/geography.md). */
bool fpt_geo_region_is_known(const char *region);

/** Great-circle (haversine) distance in km between two points in degrees; can't fail. */
double fpt_geo_distance_km(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg);

/** How a partition came about; a partition not made by districting is OPTIMAL. */
typedef enum fpt_districts_result {
    FPT_DISTRICTS_OPTIMAL = 0,     /**< proven optimal (within the requested gap, if any) */
    FPT_DISTRICTS_LIMIT = 1,       /**< stopped at the time limit with a partition; see gap */
    FPT_DISTRICTS_INFEASIBLE = 2,  /**< no partition meets the bounds; see reasons */
    FPT_DISTRICTS_NO_PARTITION = 3 /**< stopped at the time limit before any partition */
} fpt_districts_result;

/** One unit of a partition. Indices are into the geography's (code-sorted) CCGs. */
typedef struct fpt_unit {
    size_t centre;
    size_t n_members;
    size_t *members; /**< ascending, the centre among them */
    double pop;
    double mean_km; /**< population-weighted mean distance of the members to the centre */
    double max_km;  /**< distance of the farthest member */
} fpt_unit;

/**
 * A partition: per unit its centre, members, population and distances; per CCG its unit
 * and distance to the centre. Units are ordered by their centre's code.
 */
typedef struct fpt_partition {
    fpt_districts_result result;
    size_t n_ccgs;
    size_t n_units;      /**< K */
    double target_pop;   /**< P */
    double pop_min;      /**< P × (1 − T) */
    double pop_max;      /**< P × (1 + T) */
    fpt_unit *units;     /**< [n_units] when there is a partition; else NULL */
    size_t *unit_of;     /**< [n_ccgs] index into units, when there is a partition */
    double *dist_km;     /**< [n_ccgs] distance to the unit's centre, when there is a partition */
    double objective;    /**< person-km: Σ population × distance to the centre (G1) */
    double bound;        /**< lower bound on the objective proved by the search */
    double gap;          /**< (objective − bound) / objective */
    double heuristic;    /**< objective of the heuristic incumbent; 0 when none */
    size_t n_pairs;      /**< CCG–centre pairs of the straightforward model (n²) */
    size_t n_pairs_kept; /**< pairs left after the bound-based pruning */
    char **reasons;      /**< [n_reasons] sentences, when infeasible */
    size_t n_reasons;
} fpt_partition;

/** Free a partition. Accepts NULL. */
void fpt_partition_free(fpt_partition *p);

#endif
