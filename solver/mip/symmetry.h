/* SPDX-License-Identifier: MIT */
/*
 * Internal: interchangeable functions of an appraisal (docs/model.md "Copies of a function").
 *
 * Two functions are copies when swapping them maps the programme onto itself exactly: every
 * cell's objective, running cost, lock and scarce WTE bitwise equal, and the same links up to
 * the swap. formulate.c adds, for each copy and the next copy in file order, the rows that keep
 * the earlier one at a level no higher than the later one's; solve.c reads a tie between copies
 * from the plan. Pure arithmetic on the appraisal: no GLPK.
 */
#ifndef FPT_SYMMETRY_H
#define FPT_SYMMETRY_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/appraise.h"

/** The classes of copies of one appraisal. */
typedef struct fpt_symmetry {
    size_t n_functions;
    size_t *next;   /**< [f]: the next copy of f in file order, or n_functions when none */
    size_t n_links; /**< functions f with a next copy: the ordered pairs formulate.c rows */
} fpt_symmetry;

/**
 * Find the classes of copies of a.
 * @param a   borrowed
 * @param out OUT: owned by the caller; free with fpt_symmetry_free()
 * @return FPT_OK or FPT_ENOMEM (then *out is NULL). Thread safety: reads a only.
 */
fpt_status fpt_symmetry_find(const fpt_appraisal *a, fpt_symmetry **out, fpt_error *err);

/** Free a symmetry. Accepts NULL. */
void fpt_symmetry_free(fpt_symmetry *s);

/** Return whether the two hold the same ordered pairs. Either may be NULL (no pairs). */
bool fpt_symmetry_equal(const fpt_symmetry *x, const fpt_symmetry *y);

/**
 * Return whether plan level[] puts two copies at different levels: then swapping them is
 * another plan of the same objective, a tie the ordering rows hide from the search (docs/model.md
 * "Copies of a function"). s may be NULL (no copies). This function can't fail.
 */
bool fpt_symmetry_tie_in_plan(const fpt_symmetry *s, const size_t *level);

#endif
