/* SPDX-License-Identifier: MIT */
/*
 * Internal: what-ifs, the changes an analyst asks `footprint serve` to try on its scenario
 * (docs/serve.md "What-ifs"): values by sweep target and, optionally, a new list of locks, as
 * JSON. The served scenario itself is never changed: a what-if makes a validated copy.
 */
#ifndef FPT_WHATIF_H
#define FPT_WHATIF_H

#include <stddef.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"

/** The most values, and locks, one what-if may hold. */
enum { FPT_WHATIF_MAX_VALUES = 256, FPT_WHATIF_MAX_LOCKS = 512 };

/**
 * Make the scenario a what-if describes: parse text as JSON (Jansson, duplicate members
 * refused), check every member's name and type, then apply each value alone to a copy of base
 * and validate it as a scenario file is validated (model/validate.c), and finally all of them
 * together. A bad value gets the message the same value in a scenario file gets.
 * @param m, base borrowed; validated, base without a sweep or Monte Carlo
 * @param text    borrowed, len bytes, not necessarily NUL-terminated
 * @param out     OUT: the validated scenario, owned by the caller; NULL on failure
 * @param summary OUT when not NULL: "weight.scale = 2; locks: 1" (caller frees), or NULL
 * @param problems every problem found (caller owns and clears); each finding's file is the
 *        what-if member it is about ("values.weight.scale", "locks[1].mode"), "" for the
 *        what-if as a whole, and its line is 0
 * @return FPT_OK; FPT_EINVALID (problems say why); FPT_ENOMEM.
 * Thread safety: reads m and base only; safe to call concurrently.
 */
fpt_status fpt_whatif_apply(const fpt_model *m, const fpt_scenario *base, const char *text,
                            size_t len, fpt_scenario **out, char **summary, fpt_diags *problems);

#endif
