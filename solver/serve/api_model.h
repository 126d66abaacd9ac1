/* SPDX-License-Identifier: MIT */
/*
 * Internal: GET /api/model's answer (docs/serve.md "The API"): what the page needs to draw
 * its controls — criteria, functions with their ratings in the served scenario, levels,
 * finance, weights, skill pools, locks, overrides — and, with a geography, the CCGs and the
 * unit each belongs to at each grouped level, for the map. Made once, when the API is.
 */
#ifndef FPT_API_MODEL_H
#define FPT_API_MODEL_H

#include <stddef.h>

#include "footprint/error.h"
#include "footprint/geography.h"
#include "footprint/model.h"
#include "footprint/scenario.h"

/**
 * Render the description of a model and scenario as compact JSON.
 * @param g    the scenario's geography (borrowed); NULL: "map" is null
 * @param text OUT: NUL-terminated, owned by the caller (free()); NULL on failure
 * @return FPT_OK or FPT_ENOMEM. Thread safety: reads its arguments only.
 */
fpt_status fpt_api_model_text(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                              char **text, size_t *len, fpt_error *err);

#endif
