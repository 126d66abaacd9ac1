/* SPDX-License-Identifier: MIT */
/*
 * Districting: partition a geography's CCGs into K units whose populations lie within
 * bounds, each unit centred on one of its CCGs, minimising population-weighted
 * great-circle distance to the centres — a capacitated p-median, solved exactly with GLPK
 * (docs/geography.md gives the formulation, equations G1–G6, and the method).
 *
 * It sits beside the appraisal pipeline: footprint/geography.h loads the CCGs, this module
 * returns a partition as plain data (no GLPK type), and report/districts_report.c renders it.
 * Each call creates, solves and frees its own GLPK objects on the calling thread and prints
 * nothing.
 */
#ifndef FPT_DISTRICTS_H
#define FPT_DISTRICTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "footprint/error.h"
#include "footprint/geography.h"

/** What a districting is doing, for progress reports (docs/geography.md "Method"). */
typedef enum fpt_districts_phase {
    FPT_DISTRICTS_PHASE_HEURISTIC = 0, /**< finding a first partition */
    FPT_DISTRICTS_PHASE_BOUND,         /**< raising the Lagrangian bound, fixing pairs */
    FPT_DISTRICTS_PHASE_CUTS,          /**< the bound with cuts on the set-partitioning form */
    FPT_DISTRICTS_PHASE_SEARCH,        /**< LP and branch-and-bound over the pairs left */
    FPT_DISTRICTS_PHASE_DONE           /**< finished: the figures are the result's */
} fpt_districts_phase;

/** A progress report: where the solve is and the figures so far. */
typedef struct fpt_districts_progress {
    fpt_districts_phase phase;
    size_t n_units;   /**< K */
    double incumbent; /**< person-km of the best partition so far; INFINITY when none */
    double bound;     /**< best lower bound so far, person-km; 0 when none */
    double gap;       /**< (incumbent − bound) / incumbent; 1 when either is missing */
    double elapsed_s; /**< seconds since the solve began */
} fpt_districts_progress;

/**
 * Called by the solve on its own thread, at each change of phase and at most every tenth of a
 * second in between; must not call back into the solver. What it does has no effect on the
 * answer.
 */
typedef void (*fpt_districts_progress_fn)(const fpt_districts_progress *p, void *ctx);

typedef struct fpt_districts_options {
    size_t n_units;        /**< K; 0 = round(total population / target_pop) */
    double target_pop;     /**< P; 0 = total population / n_units */
    double tolerance;      /**< T: unit populations lie within P × (1 ± T); default 0.2 */
    double time_limit_s;   /**< wall-clock deadline for the whole solve (heuristic, root LP,
                                branch-and-bound); 0 = none (answers then repeat) */
    double mip_gap;        /**< relative gap at which to stop; 0 = prove optimality */
    size_t max_evals;      /**< evaluations of the Lagrangian bound (each node of GLPK's search
                                at a leaf counted as one) after which the search over the
                                centres stops as at a time limit, a leaf's search included, with
                                the best plan and the least bound of the nodes left: a limit on
                                work that, unlike the clock, gives the same answer on any
                                machine; a solve that ends within it is the solve without it
                                but for when the bound with cuts runs (docs/geography.md
                                "Time limit"). 0 = none */
    bool cuts_under_limit; /**< run the bound with cuts (docs/geography.md "Method" step 3)
                                under a limit on work too; by default only a search without
                                one runs them. Their work counts towards the limit but does
                                not stop them, so the answer still does not depend on the
                                machine. For the later passes of a sizing curve */
    bool plain;            /**< GLPK alone on the straightforward model G1–G6 (all pairs, no
                                heuristic, pruning or branching rule); for comparison only */
    const fpt_partition *const *seeds; /**< partitions of the same CCGs into K − 1 or
                                                   K + 1 units, split or merged into starts
                                                   for the heuristic, or into K units, taken
                                                   as they are when they meet the bounds
                                                   (others are ignored); only units[].centre
                                                   and unit_of are read; borrowed; NULL:
                                                   none */
    size_t n_seeds;
    bool heuristic_only; /**< stop after the heuristic (docs/geography.md "Method" step 1):
                              its partition, reported as stopped at a limit with bound 0
                              (gap 100%), or no partition; as deterministic as a whole
                              solve. For starts of other solves (footprint/sizing.h) */
    fpt_districts_progress_fn progress; /**< NULL: none */
    void *progress_ctx;
    int threads; /**< threads for the heuristic's starts and swaps, the root ascent's
                      descents and the groups of units re-solved, run at once
                      (docs/geography.md "Method" steps 1 and 2); 0: OpenMP's default (all
                      cores); default 1, the calling thread alone. The answer is the same at
                      any count */
} fpt_districts_options;

/** Output formats of fpt_partition_render(). */
typedef enum fpt_districts_format {
    FPT_DISTRICTS_TABLE = 0,
    FPT_DISTRICTS_CSV,
    FPT_DISTRICTS_JSON,
    FPT_DISTRICTS_SVG
} fpt_districts_format;

/** Fill o with the defaults: 5,000,000 people ± 20%, no limits, one thread. Can't fail. */
void fpt_districts_options_init(fpt_districts_options *o);

/**
 * Resolve the options against a geography: the number of units and the population bounds
 * (docs/geography.md "Bounds"). All OUT parameters may be NULL.
 * @return FPT_OK or FPT_EUSAGE (a tolerance outside [0, 1), or neither a number of units nor
 *         a positive target). Thread safety: pure.
 */
fpt_status fpt_districts_resolve(const fpt_geography *g, const fpt_districts_options *o,
                                 size_t *n_units, double *target_pop, double *pop_min,
                                 double *pop_max, fpt_error *err);

/**
 * Partition the CCGs of g.
 * @param g   borrowed
 * @param out OUT: owned by the caller (fpt_partition_free); NULL on failure
 * @return FPT_OK whatever the result (infeasible bounds included, explained in reasons);
 *         FPT_EUSAGE (see fpt_districts_resolve), FPT_ENOMEM, FPT_ESOLVER when GLPK fails,
 *         FPT_EINTERNAL when GLPK stopped on a fatal error (the thread's GLPK environment is
 *         then freed) or the best plan breaks an invariant.
 * Without a time limit the answer depends only on g's CCGs and o — not on row order,
 * thread count or machine load (docs/geography.md "Determinism").
 * Thread safety: safe on different threads at once; each call owns its GLPK objects. A
 * thread that has called it should call glp_free_env() (fpt_solve_thread_exit()) before it
 * ends. With o->threads other than 1 it runs OpenMP teams of its own (on the calling thread
 * alone when called from inside a team), whose threads free their GLPK environments.
 */
fpt_status fpt_districts_solve(const fpt_geography *g, const fpt_districts_options *o,
                               fpt_partition **out, fpt_error *err);

/** A districting whose search over the centres a limit stopped, kept to go on with
    (fpt_districts_solve_on()). Opaque. */
typedef struct fpt_districts_search fpt_districts_search;

/**
 * As fpt_districts_solve(), keeping the search to go on with. With *search NULL, a new solve;
 * when a limit stops its search over the centres with every node it left kept (it is not
 * kept once the search has gone depth-first for want of memory), *search receives it. With
 * *search from such a call, the solve goes on where it stopped, over the same g with options
 * that give the same K and population bounds (else FPT_EUSAGE, *search untouched): with this
 * call's limits (max_evals counting the work since the first call) and its seeds offered to
 * the incumbent first. *search is left only when the search can go on again; otherwise (on
 * failure too) it is freed and NULL. Without a time limit the partitions depend only on g and
 * the options of each call in turn (docs/geography.md "Going on").
 * @param search INOUT: owned by the caller (fpt_districts_search_free); NULL: none kept
 */
fpt_status fpt_districts_solve_on(const fpt_geography *g, const fpt_districts_options *o,
                                  fpt_districts_search **search, fpt_partition **out,
                                  fpt_error *err);

/** Free a search kept by fpt_districts_solve_on(); accepts NULL. */
void fpt_districts_search_free(fpt_districts_search *s);

/**
 * Write the straightforward model (G1–G6 over every CCG–centre pair, none of the pruning)
 * in free MPS format to path, as fpt_write_atomic() writes files (footprint/report.h). Returns
 * FPT_OK, FPT_EUSAGE, FPT_ENOMEM, FPT_EIO, or FPT_EINTERNAL when GLPK stopped on a fatal error.
 */
fpt_status fpt_districts_write_mps(const fpt_geography *g, const fpt_districts_options *o,
                                   const char *path, fpt_error *err);

/** "optimal", "time limit", "infeasible" or "no partition". Can't fail. */
const char *fpt_districts_result_name(fpt_districts_result r);

/** Parse "table", "csv", "json" or "svg"; returns -1 for anything else. */
int fpt_districts_format_from_name(const char *name);

/**
 * Render a partition (report/districts_report.c; docs/cli.md "districts") in format, one of
 * fpt_districts_format (asserted).
 * @param text OUT: NUL-terminated text owned by the caller (free()); NULL on failure
 * @param len  OUT: its length in bytes
 * @return FPT_OK or FPT_ENOMEM. Thread safety: touches only its arguments.
 */
fpt_status fpt_partition_render(const fpt_geography *g, const fpt_partition *p,
                                fpt_districts_format format, char **text, size_t *len,
                                fpt_error *err);

/**
 * Write a partition as an SVG map (the districts --format svg drawing; docs/cli.md
 * "districts"): England's outline and the land around it; each CCG's territory (the Voronoi
 * cell of its centroid within England) coloured by its unit, with unit borders; centroids as
 * dots sized by population; each unit's centre boxed and labelled with its number and name
 * where the label fits inside the map without overlapping another; and a legend of the
 * units. A partition without units (infeasible, no partition) is drawn as grey dots on the
 * outline. standalone: an SVG document with its XML declaration and namespace; otherwise an
 * <svg> element to place inline in HTML. title is escaped.
 * @return FPT_OK or FPT_ENOMEM (FPT_EINTERNAL if the compiled-in outline were broken); a write
 *         error stays on the stream. Thread safety: touches only its arguments.
 */
fpt_status fpt_partition_svg(FILE *out, const fpt_geography *g, const fpt_partition *p,
                             const char *title, bool standalone, fpt_error *err);

#endif
