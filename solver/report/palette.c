/* SPDX-License-Identifier: MIT */
/*
 * The level colours (report/palette.h): seven steps of a yellow-green-blue ramp, light for
 * local and dark for national, so that order reads at a glance in every report.
 */
#include "report/palette.h"

static const char *const LEVEL_FILL[] = {"#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0",
                                         "#225ea8", "#253494", "#081d58"};
enum { N_LEVEL_FILLS = sizeof LEVEL_FILL / sizeof LEVEL_FILL[0] };

/* The first step that takes white text. */
enum { FIRST_DARK = 3 };

static size_t step_of(size_t l, size_t n_levels)
{
    size_t i = n_levels < 2 ? N_LEVEL_FILLS / 2 : l * (N_LEVEL_FILLS - 1) / (n_levels - 1);
    return i < N_LEVEL_FILLS ? i : N_LEVEL_FILLS - 1;
}

const char *fpt_level_fill(size_t l, size_t n_levels)
{
    return LEVEL_FILL[step_of(l, n_levels)];
}

bool fpt_level_fill_is_dark(size_t l, size_t n_levels)
{
    return step_of(l, n_levels) >= FIRST_DARK;
}
