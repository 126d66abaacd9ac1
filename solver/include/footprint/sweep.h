/* SPDX-License-Identifier: MIT */
/*
 * The sweep driver: solves every scenario a scenario file stands for (footprint/variant.h),
 * in parallel on the library's parallel driver (base/parallel.h), and keeps one result per
 * scenario in index order; and the one acceptability tally every report of a sweep reads.
 *
 * Scenarios are grouped in fixed chunks of FPT_SWEEP_CHUNK consecutive indices; a chunk is
 * the unit of work a thread takes and of sharding, so how work is split never depends on the
 * thread count. Each thread owns its GLPK problems and frees its GLPK environment on the way
 * out. It never prints and never handles a signal: progress goes through a caller's
 * callback, and a caller stops it through a cancellation callback.
 */
#ifndef FPT_SWEEP_H
#define FPT_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"

enum { FPT_SWEEP_CHUNK = 16 };

/** Progress: done of total scenarios finished. Called with a lock held, from any thread. */
typedef void (*fpt_progress_fn)(size_t done, size_t total, void *ctx);

/**
 * Cancellation: asked before each scenario starts, from any thread at once, so it must only
 * read (e.g. a flag the caller's signal handler sets). Returns true to start no more. To stop
 * the solves in progress too, set the same function as solve.cancelled: a scenario whose
 * solve is cancelled is left not done (neither a result nor counted).
 */
typedef bool (*fpt_cancel_fn)(void *ctx);

/**
 * A chunk finished: every scenario of [first, last) this call had to solve is done (a chunk
 * left part-way by cancellation is not reported). Called on the thread that solved the
 * chunk, holding no lock, so calls for different chunks may run at once: the callback
 * serialises what it shares. At most once per chunk, and only for a chunk in which this call
 * solved at least one scenario; the results of [first, last) are complete and no thread
 * writes them again.
 */
typedef void (*fpt_chunk_fn)(size_t first, size_t last, void *ctx);

typedef struct fpt_sweep_options {
    int threads;        /**< OpenMP threads; 0 = the OpenMP default */
    size_t shard_index; /**< run shard shard_index (0-based) … */
    size_t shard_count; /**< … of shard_count contiguous slices of chunks; 1 = all */
    fpt_solve_options solve;
    fpt_cancel_fn cancelled; /**< NULL: never; once true, no further scenario starts */
    void *cancel_ctx;
    fpt_progress_fn progress; /**< NULL: none */
    void *progress_ctx;
    fpt_chunk_fn chunk_done; /**< NULL: none; e.g. to checkpoint finished chunks */
    void *chunk_ctx;
} fpt_sweep_options;

/** The outcome of one scenario. */
typedef struct fpt_sweep_result {
    bool done;         /**< solved in this run (false outside the shard or when stopped) */
    fpt_status status; /**< FPT_OK, or why the scenario could not be built or solved */
    char message[256]; /**< when status is not FPT_OK */
    fpt_result result;
    double objective;
    double gap;
    bool tied;       /**< the tie rule chose among plans within the tolerance */
    double cost_gbp; /**< running cost T4–T7, £/yr */
    double setup_gbp;
    double population;
    double weight[FPT_N_CRITERIA]; /**< the weights used, Monte Carlo draws included */
    size_t *level; /**< [f]: index into the base scenario's levels (ordered as loaded) */
    double *function_cost_gbp; /**< [f]: running cost */
    fpt_clash *clashes;        /**< when infeasible: why, as fpt_solve() explains it (owned by
                                    the run; set with fpt_sweep_result_set_clashes) */
    size_t n_clashes;
} fpt_sweep_result;

typedef struct fpt_sweep_run {
    size_t n_scenarios;
    size_t n_functions;
    size_t n_axes;
    double *axis_values;       /**< [i * n_axes + a] */
    fpt_sweep_result *results; /**< [i] */
    size_t n_done;
} fpt_sweep_run;

/** Fill o with defaults: OpenMP's threads, one shard, default solve options. */
void fpt_sweep_options_init(fpt_sweep_options *o);

/** Return the index range [*first, *last) of the scenarios in shard k of n; k < n (asserted). */
void fpt_sweep_shard_range(size_t n_scenarios, size_t k, size_t n, size_t *first, size_t *last);

/**
 * Solve every scenario of base (a validated scenario, axes and Monte Carlo included) that
 * falls in the options' shard.
 * @param out OUT: owned by the caller; free with fpt_sweep_run_free(); NULL on failure
 * @return FPT_OK (per-scenario failures are in the results), FPT_ENOMEM, or FPT_EUSAGE for
 *         a shard outside 0..count-1.
 */
fpt_status fpt_sweep_run_all(const fpt_model *m, const fpt_scenario *base,
                             const fpt_sweep_options *o, fpt_sweep_run **out, fpt_error *err);

/**
 * Allocate the run for every scenario of base, with the axis values filled in and nothing
 * done. Returns FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sweep_run_prepare(const fpt_model *m, const fpt_scenario *base, fpt_sweep_run **out,
                                 fpt_error *err);

/**
 * Solve the scenarios of the options' shard that run does not hold yet (results read back
 * from an interrupted run's output, for --resume). run->n_done counts this call's scenarios.
 * Returns FPT_OK (per-scenario failures, out of memory included, are in the results),
 * FPT_EUSAGE for a shard outside 0..count-1, or FPT_ENOMEM when the system refuses to start
 * the threads asked for (then no scenario ran).
 */
fpt_status fpt_sweep_resume(const fpt_model *m, const fpt_scenario *base,
                            const fpt_sweep_options *o, fpt_sweep_run *run, fpt_error *err);

/** Free a run. Accepts NULL. */
void fpt_sweep_run_free(fpt_sweep_run *run);

/**
 * Allocate an empty run for n scenarios of a model with n_functions functions and a
 * scenario with n_axes axes (used by fpt_sweep_run_all and by merging shard outputs).
 * Returns FPT_OK or FPT_ENOMEM (then *out is left as it was; nothing is recorded, there
 * being no err).
 */
fpt_status fpt_sweep_run_create(size_t n, size_t n_functions, size_t n_axes, fpt_sweep_run **out);

/** Return whether result r holds a plan (optimal or stopped at a limit). Can't fail. */
bool fpt_sweep_result_has_plan(const fpt_sweep_result *r);

/** Return whether result r is a scenario found infeasible (it has its clashes). */
bool fpt_sweep_result_is_infeasible(const fpt_sweep_result *r);

/**
 * Replace r's clashes with a copy of c[0..n) (n = 0: none). Returns FPT_OK or FPT_ENOMEM (then
 * r keeps none). For readers of a sweep's output; the sweep sets them itself.
 */
fpt_status fpt_sweep_result_set_clashes(fpt_sweep_result *r, const fpt_clash *c, size_t n);

/**
 * One reason scenarios of a sweep are infeasible: a sequence of clashes by kind and index (the
 * budget, a pool, a function's locks, in the order fpt_solve() explains them), and how many
 * scenarios have exactly that reason.
 */
typedef struct fpt_infeasible_reason {
    const fpt_clash *clashes; /**< borrowed from the first scenario with it: kind and index
                                   name the reason; the amounts are that scenario's */
    size_t n_clashes;
    size_t scenarios; /**< scenarios infeasible for exactly this reason */
    size_t first;     /**< the first of them */
} fpt_infeasible_reason;

/**
 * Count the infeasible scenarios of run by reason: the one tally every report of a sweep
 * reads. Reasons are ordered by count, most first, then by their first scenario.
 * @param out OUT: owned by the caller (free()); NULL when there is none; borrows from run
 * @param n   OUT: the number of reasons
 * @return FPT_OK or FPT_ENOMEM. Thread safety: reads run only.
 */
fpt_status fpt_sweep_infeasible_reasons(const fpt_sweep_run *run, fpt_infeasible_reason **out,
                                        size_t *n);

/** The percentiles every summary of a sweep reports: 5, 25, 50, 75 and 95. */
enum { FPT_N_PERCENTILES = 5 };

/**
 * Return the i-th of the FPT_N_PERCENTILES percentiles (5 for i = 0 … 95 for i = 4); NAN
 * for any other i.
 */
double fpt_sweep_percentile(size_t i);

/**
 * Fill out[i] with the p[i]-th nearest-rank percentile of v[0..n) (the value at rank
 * ceil(p/100 × n), no interpolation), sorting v in place; NAN when n is 0. Can't fail.
 */
void fpt_sweep_percentiles(double *v, size_t n, const double *p, size_t n_p, double *out);

/**
 * What a sweep says of one function — how many of the scenarios with a plan place it at
 * each level, and the percentiles of its running cost per head — or, for f = n_functions,
 * of the whole plan (no level counts). The one acceptability tally every report uses.
 */
typedef struct fpt_acceptability {
    size_t n_levels;
    size_t *count;  /**< [l] scenarios with a plan placing the function at level l */
    size_t n_plans; /**< scenarios with a plan */
    double cost_per_head_gbp[FPT_N_PERCENTILES]; /**< running cost, £ per head a year; NAN
                                                      when no scenario has a plan */
} fpt_acceptability;

/**
 * Tally function f (or the plan, f = n_functions) over run, whose levels are the base
 * scenario's n_levels.
 * @param out OUT: its count array owned by out (fpt_acceptability_clear); zeroed on failure
 * @return FPT_OK or FPT_ENOMEM. Thread safety: reads run only.
 */
fpt_status fpt_sweep_acceptability(const fpt_sweep_run *run, size_t n_levels, size_t f,
                                   fpt_acceptability *out);

/** Free what a tally holds and zero it. Accepts a zeroed tally. */
void fpt_acceptability_clear(fpt_acceptability *t);

#endif
