/* SPDX-License-Identifier: MIT */
/*
 * Test support: small models and scenarios built in memory (no XML), a seeded PRNG, and
 * random instances for the solver's property and brute-force tests.
 *
 * Everything built here is owned the same way a loaded model or scenario is: every string
 * strdup'd and every array calloc'd, so fpt_model_free() and fpt_scenario_free() release
 * it. The resolved index fields that validation would set (draw pool, link ends, lock
 * function and level, set function/kind/k/other, level units and unit population, levels
 * sorted local first) are filled directly, so no validation call is needed. Allocation
 * failure aborts: these are tests.
 */
#ifndef FPT_TEST_BUILDER_H
#define FPT_TEST_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "footprint/appraise.h"
#include "footprint/model.h"
#include "footprint/scenario.h"
#include "footprint/solve.h"

/* ---- PRNG --------------------------------------------------------------------------- */

/** splitmix64 (Steele, Lea and Flood 2014): tiny, seedable, reproducible everywhere. */
typedef struct fpt_test_rng {
    uint64_t state;
} fpt_test_rng;

/** Seed a generator. Equal seeds give equal streams. */
void fpt_test_rng_seed(fpt_test_rng *r, uint64_t seed);

/** Return the next 64 random bits. */
uint64_t fpt_test_rng_next(fpt_test_rng *r);

/** Return a double uniform in [lo, hi). */
double fpt_test_rng_uniform(fpt_test_rng *r, double lo, double hi);

/** Return an integer uniform in [lo, hi] (inclusive). */
int fpt_test_rng_int(fpt_test_rng *r, int lo, int hi);

/** Return true with probability p. */
bool fpt_test_rng_chance(fpt_test_rng *r, double p);

/* ---- models ------------------------------------------------------------------------- */

/** The calibration the random models use (docs/formats.md parameter order, ratings 0..4). */
extern const double fpt_test_calibration[FPT_N_CRITERIA][FPT_N_RATINGS];

/**
 * Return a model of n_functions functions "f0", "f1", … and n_pools pools "p0", …, with the
 * standard calibration, every rating 0, staff 1 WTE per 100k at £40,000, no draws and no
 * links. Free with fpt_model_free().
 */
fpt_model *fpt_test_model_new(size_t n_functions, size_t n_pools);

/** Replace criterion k's calibration table. */
void fpt_test_model_calibrate(fpt_model *m, int k, const double values[FPT_N_RATINGS]);

/** Set function f's staff figures: a_f (WTE per 100k) and salary (£/WTE/yr). */
void fpt_test_model_staff(fpt_model *m, size_t f, double per_100k, double salary_gbp);

/** Set all eight ratings of f (ratings[FPT_K_LINKS] is ignored: links set it). */
void fpt_test_model_ratings(fpt_model *m, size_t f, const int ratings[FPT_N_CRITERIA]);

/** Add a draw of f on pool p with the given share. */
void fpt_test_model_add_draw(fpt_model *m, size_t f, size_t p, double share);

/** Add an f–g link of the given strength (1..4) and raise both links ratings to match. */
void fpt_test_model_add_link(fpt_model *m, size_t f, size_t g, int strength);

/** What a random model looks like. */
typedef struct fpt_test_model_spec {
    size_t n_functions;
    size_t n_pools;
    double link_prob; /**< probability that a given pair of functions is linked */
} fpt_test_model_spec;

/**
 * Return a random model: a_f in [0.2, 3] WTE per 100k, salary in [£30k, £70k], ratings
 * uniform 0..4, one draw (share 1, random pool) when the scarcity rating is above 0 (the
 * rating is 0 when there are no pools), links of strength 1..4 with probability link_prob
 * per pair, each function's links rating its strongest link.
 */
fpt_model *fpt_test_model_random(fpt_test_rng *r, const fpt_test_model_spec *spec);

/* ---- scenarios ---------------------------------------------------------------------- */

/** England's population in 2013 (docs/formats.md example), used by the random scenarios. */
#define FPT_TEST_POPULATION 53107169.0

/** The four standard levels: local 211 units, hub 5M (11 units), sub-national 4, national 1. */
enum { FPT_TEST_N_STANDARD_LEVELS = 4 };

/**
 * Return a scenario for m with population pop and n_levels levels of the given unit counts
 * (strictly decreasing: local first), "l0", "l1", …; finance £25, 0.5, 5 years, 3.5%; unit
 * weights; one unlimited supply entry per model pool with no premium; no locks or sets.
 */
fpt_scenario *fpt_test_scenario_new(const fpt_model *m, double pop, const long *units,
                                    size_t n_levels);

/**
 * Return a scenario on the standard levels whose indices are set in level_mask (bit l for
 * standard level l; at least two bits), named "local", "hub", "sub-national", "national",
 * population FPT_TEST_POPULATION, otherwise as fpt_test_scenario_new().
 */
fpt_scenario *fpt_test_scenario_standard(const fpt_model *m, unsigned level_mask);

/** Return a deep copy of s. */
fpt_scenario *fpt_test_scenario_copy(const fpt_scenario *s);

/** Set the budget (M14) by choosing the allowance per head; support share unchanged. */
void fpt_test_scenario_budget(fpt_scenario *s, double budget_gbp);

/** Set pool p's supply: limited with supply_wte, or unlimited; and its premium. */
void fpt_test_scenario_supply(fpt_scenario *s, size_t p, bool limited, double supply_wte,
                              double premium_gbp);

/** Add a lock of f at level l. */
void fpt_test_scenario_lock(fpt_scenario *s, const fpt_model *m, size_t f, size_t l,
                            fpt_lock_mode mode);

/**
 * Give s a transition (docs/model.md M15): months of salary per freed WTE (redundancy), of
 * the new units' running cost (double running) and of their staff time (productivity loss),
 * each marked a judgement; weight w_T. Every function sits at level 0 until
 * fpt_test_scenario_current() says otherwise.
 */
void fpt_test_scenario_transition(fpt_scenario *s, double redundancy_months,
                                  double double_running_months, double productivity_months,
                                  double weight);

/** Add a <current> footprint: f sits at level l today. */
void fpt_test_scenario_current(fpt_scenario *s, const fpt_model *m, size_t f, size_t l);

/** Add `set` rating.<k> = rating on f (k must not be FPT_K_LINKS). */
void fpt_test_scenario_set_rating(fpt_scenario *s, const fpt_model *m, size_t f, int k, int rating);

/** Add `set` link.<g> = strength on f (0 removes the link). */
void fpt_test_scenario_set_link(fpt_scenario *s, const fpt_model *m, size_t f, size_t g,
                                int strength);

/** What a random scenario looks like. */
typedef struct fpt_test_scenario_spec {
    size_t n_levels;  /**< 2..4 standard levels, chosen at random */
    bool coupled;     /**< budget and pool supplies set so that they bind */
    double lock_prob; /**< probability of adding one or two random locks */
} fpt_test_scenario_spec;

/**
 * Return a random scenario for m: population FPT_TEST_POPULATION, n_levels of the standard
 * levels, finance £25/0.5/5 years/3.5%, unit weights, every pool unlimited with a premium
 * in [£5k, £20k] per scarce WTE. Coupled: see fpt_test_scenario_couple().
 */
fpt_scenario *fpt_test_scenario_random(fpt_test_rng *r, const fpt_model *m,
                                       const fpt_test_scenario_spec *spec);

/**
 * Make the budget and pool supplies bind: each is set a random fraction of the way from
 * the least any plan could use (each function at its lightest allowed level) to what the
 * link-blind per-function best plan uses (or, when that is already the least, the most any
 * plan uses). A pool nobody draws on stays unlimited.
 */
void fpt_test_scenario_couple(fpt_test_rng *r, fpt_scenario *s, const fpt_model *m);

/* ---- appraise and solve ------------------------------------------------------------- */

/** Build the appraisal of m and s; aborts on failure. Free with fpt_appraisal_free(). */
fpt_appraisal *fpt_test_appraise(const fpt_model *m, const fpt_scenario *s);

/** Solve with the default options; aborts on a status other than FPT_OK. */
fpt_solution *fpt_test_solve(const fpt_appraisal *a);

/**
 * Check m and s with the library's validation (which also re-resolves what the builder
 * set). Returns true when clean; otherwise writes the first finding into msg.
 */
bool fpt_test_validate(fpt_model *m, fpt_scenario *s, char *msg, size_t msg_size);

#endif
