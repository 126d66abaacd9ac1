/* SPDX-License-Identifier: MIT */
/*
 * Sweep outputs (docs/cli.md "sweep"): one row per scenario with its axis values, weights,
 * status, objective, gap, cost per head, the level and cost of every function and, when it is
 * infeasible, why; a summary per function (acceptability: the share of scenarios choosing each
 * level; cost-per-head percentiles); the infeasible scenarios counted by reason; and the
 * provenance stamp every output carries.
 *
 * Rendering reads only finished results and writes numbers with 17 significant digits, so
 * an output read back (footprint merge) renders again byte for byte. Never prints.
 */
#ifndef FPT_SWEEP_REPORT_H
#define FPT_SWEEP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/report.h"
#include "footprint/robust.h"
#include "footprint/scenario.h"
#include "footprint/solution.h"
#include "footprint/sweep.h"

/** What can change an answer, and nothing else (no threads, shard, host or time). */
typedef struct fpt_provenance {
    char footprint[32];
    char glpk[32];
    char model_hash[17];    /**< FNV-1a 64 of the model file's bytes, hex */
    char scenario_hash[17]; /**< FNV-1a 64 of the scenario file's bytes, hex */
    char data_hash[17];     /**< of the geography and partition files, in level order; "" when
                                 the scenario names no geography */
    double mip_gap;
    double time_limit_s;
} fpt_provenance;

/** Everything a sweep report reads; all borrowed. */
typedef struct fpt_sweep_report_input {
    const fpt_model *model;
    const fpt_scenario *scenario; /**< the base scenario, with its axes */
    const fpt_sweep_run *run;
    const fpt_provenance *provenance;
    const fpt_robust *robust; /**< the robust plans of run (--robust); NULL: none */
} fpt_sweep_report_input;

/**
 * Write the FNV-1a 64 hash of a file's bytes into out as 16 hex digits (the hashes of the
 * provenance stamp). Returns FPT_OK or FPT_EIO (unreadable; the message names path).
 */
fpt_status fpt_provenance_hash_file(const char *path, char out[17], fpt_error *err);

/**
 * Fill p for a model and a scenario as loaded (m and s: the hashes of the bytes their loads
 * parsed, so standard input is never read again) and the solve options. Reads the geography
 * and partition files s names to hash them. Returns FPT_OK or FPT_EIO.
 */
fpt_status fpt_provenance_fill(fpt_provenance *p, const fpt_model *m, const fpt_scenario *s,
                               const fpt_solve_options *o, fpt_error *err);

/**
 * Render the per-scenario CSV (scenarios.csv). Ownership as fpt_report_render(); returns
 * FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sweep_render_scenarios_csv(const fpt_sweep_report_input *in, char **text,
                                          size_t *len, fpt_error *err);

/** Render the per-function summary CSV (summary.csv). As above: FPT_OK or FPT_ENOMEM. */
fpt_status fpt_sweep_render_summary_csv(const fpt_sweep_report_input *in, char **text, size_t *len,
                                        fpt_error *err);

/**
 * Render the infeasible scenarios counted by reason (infeasible.csv):
 * `reason,scenarios,share_of_scenarios,first_index`, one row per reason, most first
 * (fpt_sweep_infeasible_reasons). As above: FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sweep_render_infeasible_csv(const fpt_sweep_report_input *in, char **text,
                                           size_t *len, fpt_error *err);

/**
 * Render robust.csv (--robust): report/robust_report.h's table.
 * in->robust must be set. As above: FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sweep_render_robust_csv(const fpt_sweep_report_input *in, char **text, size_t *len,
                                       fpt_error *err);

/**
 * Render one line for the end of a sweep: "1,000 scenarios: 883 with a plan, 117 infeasible —
 * budget 80, analysts 37", and the number that could not be built or solved when there are
 * any. As above: FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sweep_render_counts(const fpt_sweep_report_input *in, char **text, size_t *len,
                                   fpt_error *err);

/** Write a reason's key: "budget", "pool:ID" and "locks:FUNCTION", joined by "+"
 *  ("unexplained" for none, which a sweep never records). */
void fpt_sweep_write_reason(FILE *out, const fpt_model *m, const fpt_clash *c, size_t n);

/** Write a reason for people: "budget", a pool's id, "locks on FUNCTION", joined by "+"
 *  ("unexplained" for none). */
void fpt_sweep_write_reason_short(FILE *out, const fpt_model *m, const fpt_clash *c, size_t n);

/** Render everything as one JSON document (sweep.json). As above: FPT_OK or FPT_ENOMEM. */
fpt_status fpt_sweep_render_json(const fpt_sweep_report_input *in, char **text, size_t *len,
                                 fpt_error *err);

/**
 * Render the provenance stamp alone (provenance.json, beside a sweep's CSV files, which carry
 * no comment lines): the object that opens sweep.json. As above: FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_sweep_render_provenance_json(const fpt_sweep_report_input *in, char **text,
                                            size_t *len, fpt_error *err);

/**
 * Render a single run's provenance stamp as JSON (the provenance.json beside a solve's CSV,
 * docs/cli.md "solve"): the object of fpt_sweep_provenance_json() without the scenario count.
 * m, s and p are borrowed. As above: FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_provenance_render_json(const fpt_model *m, const fpt_scenario *s,
                                      const fpt_provenance *p, char **text, size_t *len,
                                      fpt_error *err);

/** Return the provenance stamp as the JSON object that opens sweep.json (new reference). */
struct json_t *fpt_sweep_provenance_json(const fpt_sweep_report_input *in);

/**
 * Render one line of a sweep's checkpoint journal (docs/formats.md "The sweep's journal"): a
 * JSON object on one line, ended by a newline, holding the provenance and the scenarios of
 * [first, last) that are done and not marked in written, with the fields of sweep.json's
 * scenarios that the strict reader takes back (17 significant digits), which it reads as it
 * reads sweep.json.
 * @param written borrowed, [n_scenarios]: scenarios to leave out; NULL: none
 * @param text OUT: owned by the caller (free()); NULL on failure
 * @return FPT_OK or FPT_ENOMEM. Thread safety: reads in only.
 */
fpt_status fpt_sweep_render_record(const fpt_sweep_report_input *in, size_t first, size_t last,
                                   const bool *written, char **text, size_t *len, fpt_error *err);

#endif
