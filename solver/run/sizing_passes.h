/* SPDX-License-Identifier: MIT */
/*
 * The budgets of sizing's districting passes, from which pass they run the cuts, and when a
 * point's next pass may start (docs/model.md "Sizing"): internal to the library, declared
 * here so that the tests can read the schedule run/sizing.c follows.
 */
#ifndef FPT_SIZING_PASSES_H
#define FPT_SIZING_PASSES_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Pass p's budget: the evaluations of the Lagrangian bound (the nodes of GLPK's searches at
 * the leaves counted in) a K may have used, all passes so far together, when the pass stops
 * it. 40,000, then 400,000, then twice the last each pass: every pass from the third gives
 * each K left as much again as all the passes before. scale > 0 (the test hook
 * FPT_TEST_SIZING_EVALS) makes them scale, 10 scale, 20 scale, ...; 0 (no budget) once
 * doubling would overflow.
 */
size_t fpt_sizing_pass_budget(size_t scale, size_t p);

/**
 * Whether pass p's searches run the bound with cuts under their budget
 * (fpt_districts_options.cuts_under_limit): from the third pass on, so that only the K two
 * budgets left unproven pay for them.
 */
bool fpt_sizing_pass_cuts(size_t p);

/**
 * Whether point i's next pass may start, given each of the n points' finished passes and
 * whether it is settled (it needs no more): i is not settled, and each neighbour (i − 1 and
 * i + 1) is settled or has finished as many passes as i. The rule of sizing's schedule: a
 * point's pass p takes its neighbours' plans after p passes, so it needs no barrier between
 * passes, and no point ever runs more than one pass ahead of a neighbour that is not settled.
 */
bool fpt_sizing_pass_ready(const size_t *passes, const bool *settled, size_t n, size_t i);

/**
 * Which of point j's plans a neighbour's pass p takes: the plan after p passes, or after its
 * last pass if it was settled before (the same plan a pass p of all points at once would
 * take). Since no point runs ahead of an unsettled neighbour, j keeps its two latest plans
 * and the one wanted is always among them.
 */
size_t fpt_sizing_plan_version(const size_t *passes, const bool *settled, size_t j, size_t p);

#endif
