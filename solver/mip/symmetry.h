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

/** The classes of copies of one appraisal, with the scratch space that finds them. */
typedef struct fpt_symmetry fpt_symmetry;

/**
 * Make room to find the copies of appraisals of n_functions functions and n_pairs links, so
 * that fpt_symmetry_find() allocates nothing (a programme reused across a sweep checks every
 * scenario's copies).
 * @param out OUT: owned by the caller; free with fpt_symmetry_free()
 * @return FPT_OK or FPT_ENOMEM (then *out is NULL).
 */
fpt_status fpt_symmetry_create(size_t n_functions, size_t n_pairs, fpt_symmetry **out,
                               fpt_error *err);

/** Free a symmetry. Accepts NULL. */
void fpt_symmetry_free(fpt_symmetry *s);

/**
 * Find the classes of copies of a, which has the functions and links s was made for
 * (asserted), replacing what s held. Allocates nothing and can't fail. Reads a only.
 */
void fpt_symmetry_find(fpt_symmetry *s, const fpt_appraisal *a);

/**
 * Return whether copies are used: the ordering rows (formulate.c) and the why's pricing of a
 * class once (run/why_prices.c). FPT_TEST_HOOKS builds: false when FPT_TEST_NO_SYMMETRY=1, so
 * that tests compare the answers with copies used and without (docs/model.md "Copies of a
 * function"). Otherwise always true.
 */
bool fpt_symmetry_wanted(void);

/** Return the number of functions s was made for. */
size_t fpt_symmetry_n_functions(const fpt_symmetry *s);

/** Return the next copy of f in file order, or fpt_symmetry_n_functions() when none. */
size_t fpt_symmetry_next(const fpt_symmetry *s, size_t f);

/** Return the number of functions with a next copy: the pairs formulate.c orders. */
size_t fpt_symmetry_n_links(const fpt_symmetry *s);

/** Return whether the two hold the same pairs of copies. Either may be NULL (no pairs). */
bool fpt_symmetry_equal(const fpt_symmetry *x, const fpt_symmetry *y);

/**
 * Return whether plan level[] puts two copies at different levels: then swapping them is
 * another plan of the same objective, a tie the ordering rows hide from the search (docs/model.md
 * "Copies of a function"). s may be NULL (no copies). This function can't fail.
 */
bool fpt_symmetry_tie_in_plan(const fpt_symmetry *s, const size_t *level);

#endif
