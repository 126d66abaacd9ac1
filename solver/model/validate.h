/* SPDX-License-Identifier: MIT */
/*
 * Internal: meaning checks for models and scenarios — unique ids, references that resolve,
 * ranges, finite numbers, monotone calibration tables, link/rating consistency, level ordering.
 *
 * Pure: no XML, no I/O. Each check that fails appends one finding with file and line to a
 * diagnostics list, and checking goes on, so a user sees every problem at once. The loaders
 * (load/) and the sweep variants (model/variant.c) call it. It also resolves references (the
 * index fields of footprint/model.h and footprint/scenario.h) and sorts scenario levels.
 */
#ifndef FPT_VALIDATE_H
#define FPT_VALIDATE_H

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"

/**
 * Check a model and resolve its references.
 * @return FPT_OK when clean, FPT_EINVALID when d received findings, FPT_ENOMEM.
 */
fpt_status fpt_model_validate(fpt_model *m, fpt_diags *d);

/**
 * Check a scenario on its own: ranges, level definitions, unit counts; compute n_units and
 * unit_pop and order the levels by unit population. Returns as fpt_model_validate().
 */
fpt_status fpt_scenario_validate_self(fpt_scenario *s, fpt_diags *d);

/**
 * Check a scenario's references into a validated model (pools, functions, levels, set
 * fields and their values) and resolve them; then add the model's default supply of every
 * pool the scenario leaves out and the model gives one (fpt_supply.from_model; docs/formats.md
 * "Defaults"), so that a second call adds nothing. Call after fpt_scenario_validate_self().
 * Returns as fpt_model_validate(), or FPT_ENOMEM when a default could not be added.
 */
fpt_status fpt_scenario_validate_refs(fpt_scenario *s, const fpt_model *m, fpt_diags *d);

/**
 * Note each rating a scenario sets (a `set` of rating.<criterion>, or a sweep axis
 * set.<function>.rating.<criterion>) that cannot act because the function's parameter for
 * that criterion is fixed: by the model's `override` or by a `parameter.` set of the same
 * scenario, which take precedence over the rating (docs/model.md "Precedence"). Such a file is
 * valid; these are warnings, one finding each at the rating's line. Call on a loaded scenario
 * (references resolved).
 * @param notes OUT: the warnings are appended
 * @return FPT_OK or FPT_ENOMEM. Thread-safe on distinct notes.
 */
fpt_status fpt_scenario_precedence_notes(const fpt_scenario *s, const fpt_model *m,
                                         fpt_diags *notes);

/**
 * Note everything s leaves to a default that changes the answer (docs/formats.md
 * "Defaults", model/defaults.c): each skill pool a function of m draws on that s leaves out
 * (the model's default, or unlimited and free) or names without a supply-wte or premium-gbp;
 * the <finance> figures and weights it leaves out (those a sweep axis sets excepted); the
 * default levels; with a <transition>, the costs it leaves out and the functions it names no
 * <current> for. One note per element, naming it, the default taken and where that default
 * lives; at the element's line, or 0 when the element is left out. Call on a scenario loaded
 * against m.
 * @param notes OUT: the warnings are appended
 * @return FPT_OK or FPT_ENOMEM. Thread-safe on distinct notes.
 */
fpt_status fpt_scenario_default_notes(const fpt_scenario *s, const fpt_model *m, fpt_diags *notes);

#endif
