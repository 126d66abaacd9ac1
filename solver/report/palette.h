/* SPDX-License-Identifier: MIT */
/*
 * Internal to the report module: the colour of each level, local to national, on one
 * light-to-dark ramp, so that the HTML report's swatches and bars and the workbook's level
 * cells (report/xlsx.c) show a level in the same colour. Plain data; never prints.
 */
#ifndef FPT_PALETTE_H
#define FPT_PALETTE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Return the fill of level l of n_levels as "#rrggbb" (static text): the ramp's ends for the
 * first and last level and evenly spaced steps between; its middle when there is one level.
 * Can't fail.
 */
const char *fpt_level_fill(size_t l, size_t n_levels);

/** Return whether text on level l's fill should be white (the darker half of the ramp). */
bool fpt_level_fill_is_dark(size_t l, size_t n_levels);

#endif
