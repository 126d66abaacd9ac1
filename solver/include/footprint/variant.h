/* SPDX-License-Identifier: MIT */
/*
 * Sweeps and Monte Carlo: how scenario i of a scenario file is made (docs/formats.md
 * "Sweeps and Monte Carlo").
 *
 * A scenario file with sweep axes and/or a <monte-carlo> element stands for a list of
 * scenarios: the Cartesian product of the axes (the first axis varying slowest), each grid
 * point repeated for every Monte Carlo sample. Scenario i is made from the base alone, with a
 * generator seeded by (base seed, i), so any scenario can be recomputed on its own, in any
 * order, on any thread. Pure: no XML, no GLPK, no global state.
 */
#ifndef FPT_VARIANT_H
#define FPT_VARIANT_H

#include <stddef.h>
#include <stdint.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"

/** Monte Carlo draws that act on the model's numbers rather than on the scenario's. */
typedef struct fpt_perturbation {
    size_t n_functions;
    int *rating_delta;     /**< [f * FPT_N_CRITERIA + k]: −1, 0 or +1 (clamped to 0..4) */
    double *staff_factor;  /**< [f]: multiplies staff per 100k */
    double *salary_factor; /**< [f]: multiplies salary */
} fpt_perturbation;

/**
 * Check a loaded scenario's sweep axes and Monte Carlo settings against a validated model,
 * resolving each axis target, and check every axis value by applying it to a copy of the
 * scenario and validating that copy. Findings go to d with the axis's line.
 * @return FPT_OK, FPT_EINVALID (findings) or FPT_ENOMEM.
 */
fpt_status fpt_scenario_validate_sweep(fpt_scenario *s, const fpt_model *m, fpt_diags *d);

/**
 * Return how many scenarios the file stands for: the product of the axis lengths times the
 * Monte Carlo samples (1 without either). Returns 0 when the count would exceed 2^40.
 */
size_t fpt_variant_count(const fpt_scenario *s);

/** Fill values[a] with axis a's value in scenario index. This function can't fail. */
void fpt_variant_axis_values(const fpt_scenario *s, size_t index, double *values);

/** Monte Carlo sample number of scenario index (0 without Monte Carlo). */
size_t fpt_variant_sample(const fpt_scenario *s, size_t index);

/**
 * Make scenario index: a validated copy of base with its axis values and Monte Carlo
 * weight draws applied, and, when p is not NULL, the model-level draws in p (which must
 * have been initialised for m). The copy has no axes and no Monte Carlo of its own.
 * @param out OUT: owned by the caller; NULL on failure
 * @return FPT_OK, FPT_ENOMEM, or FPT_EINVALID when the values make an impossible scenario
 *         (for example two levels with the same unit count); the reason is in d.
 *         FPT_EINTERNAL when an axis is not resolved as fpt_scenario_validate_sweep()
 *         leaves it (a level it names is gone, or its kind is unknown).
 * Thread safety: reads m and base only; safe to call concurrently.
 */
fpt_status fpt_variant_make(const fpt_model *m, const fpt_scenario *base, size_t index,
                            fpt_scenario **out, fpt_perturbation *p, fpt_diags *d);

/**
 * Set one value of a scenario by its sweep target (docs/formats.md "Sweeps and Monte Carlo":
 * population.total, level.<level>.units, finance.<attribute>, weight.<criterion>,
 * supply.<pool>.supply-wte, set.<function>.<field>, …) exactly as an axis of that target
 * sets it, without validating the result: validate the scenario after the last change
 * (model/validate.h), which reports an impossible value in the words a scenario file gets.
 * @param s      a validated scenario (borrowed, changed); its levels are found by id
 * @param target borrowed
 * @param what   how a finding names the target: "axis target", "what-if field"
 * @param line   the line a finding is given (0: none)
 * @return FPT_OK; FPT_EINVALID with one finding in d when the target names nothing or
 *         cannot vary in s (a population or level target with a geography); FPT_ENOMEM.
 * Thread safety: changes s only; reads m.
 */
fpt_status fpt_scenario_set_target(fpt_scenario *s, const fpt_model *m, const char *target,
                                   double value, const char *what, long line, fpt_diags *d);

/** Allocate draws for n functions, all neutral. Returns FPT_OK or FPT_ENOMEM. */
fpt_status fpt_perturbation_init(fpt_perturbation *p, size_t n_functions);

/** Free the draws. Accepts a zeroed struct. */
void fpt_perturbation_free(fpt_perturbation *p);

#endif
