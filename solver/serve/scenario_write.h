/* SPDX-License-Identifier: MIT */
/*
 * Internal: a scenario written back as a scenario file (docs/formats.md "Scenario"), for
 * `footprint serve`'s "download this scenario": what the page shows, in a file that
 * `footprint solve` reproduces exactly.
 */
#ifndef FPT_SCENARIO_WRITE_H
#define FPT_SCENARIO_WRITE_H

#include <stddef.h>

#include "footprint/error.h"
#include "footprint/scenario.h"

/**
 * Render a validated scenario as scenario XML. Every number is written with 17 significant
 * digits, so it reads back as the same double; levels are written in their validated order
 * (the loader orders them again by unit population); a geography and a partition level name
 * the file they were read from (geography_path, the level's file), so the file works from
 * any directory when those paths are absolute. Sweeps and Monte Carlo are not written.
 * @param s    borrowed; validated
 * @param note text appended to the description (NULL: none); escaped
 * @param text OUT: NUL-terminated XML owned by the caller (free()); NULL on failure
 * @param len  OUT: its length in bytes
 * @return FPT_OK or FPT_ENOMEM. Thread safety: reads s only.
 */
fpt_status fpt_scenario_write_xml(const fpt_scenario *s, const char *note, char **text, size_t *len,
                                  fpt_error *err);

#endif
