/* SPDX-License-Identifier: MIT */
/*
 * The parallel driver's schedules (base/parallel.h): tasks laid out as sizing lays out its
 * passes, each K's pass p waiting for its own and its neighbours' pass p − 1 by sizing's own
 * rule (run/sizing_passes.h), run at one to eight threads: every task runs once, only after
 * every task it waits for has ended, and is told ended only after it has run; a pick that
 * waits while nothing runs ends the team rather than hanging it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "base/parallel.h"
#include "run/sizing_passes.h"

#define POINTS 9
#define PASSES 6

/* A grid of POINTS × PASSES tasks; task (i, p) is i * PASSES + p. Point i stops after
   last[i] passes, as a sizing point settles. */
typedef struct grid {
    size_t last[POINTS];
    size_t passes[POINTS];      /* passes ended, as the schedule counts them */
    bool settled[POINTS];       /* passes[i] has reached last[i] */
    bool running[POINTS];       /* its next pass is under way */
    int runs[POINTS][PASSES];   /* how often each task ran, written by the task alone */
    bool early[POINTS][PASSES]; /* the task ran before a task it waits for had ended */
    bool over[POINTS][PASSES];  /* the task's run has returned, set by the task */
    bool ends[POINTS][PASSES];  /* the schedule was told the task ended */
    bool late[POINTS][PASSES];  /* it was told so before the task's run returned */
    size_t n_ends;
} grid;

/* The ready point by sizing's rule (fpt_sizing_pass_ready) with the fewest passes, then the
   largest index (so that the order differs from the tasks' own). */
static fpt_pick pick(void *ctx, size_t *task)
{
    grid *g = ctx;
    size_t best = POINTS;
    bool left = false;
    for (size_t i = 0; i < POINTS; i++) {
        left |= !g->settled[i];
        if (!g->running[i] && fpt_sizing_pass_ready(g->passes, g->settled, POINTS, i) &&
            (best == POINTS || g->passes[i] <= g->passes[best])) {
            best = i;
        }
    }
    if (!left) {
        return FPT_PICK_STOP;
    }
    if (best == POINTS) {
        return FPT_PICK_WAIT;
    }
    g->running[best] = true;
    *task = best * PASSES + g->passes[best];
    return FPT_PICK_RUN;
}

static void run(size_t task, void *ctx)
{
    grid *g = ctx;
    size_t i = task / PASSES, p = task % PASSES;
    g->runs[i][p]++;
    for (size_t j = i > 0 ? i - 1 : i; p > 0 && j <= i + 1 && j < POINTS; j++) {
        if (g->last[j] >= p && !g->ends[j][p - 1]) { /* set before the pick, under its lock */
            g->early[i][p] = true;
        }
    }
    volatile double spin = 0; /* unequal work, so that the threads interleave */
    for (size_t k = 0; k < 20000 * ((i * 7 + p * 3) % 5 + 1); k++) {
        spin += (double)k;
    }
    g->over[i][p] = true;
}

static void ended(size_t task, void *ctx)
{
    grid *g = ctx;
    size_t i = task / PASSES, p = task % PASSES;
    g->late[i][p] = !g->over[i][p];
    g->running[i] = false;
    g->passes[i]++;
    g->settled[i] = g->passes[i] >= g->last[i];
    g->ends[i][p] = true;
    g->n_ends++;
}

Test(parallel, a_schedule_runs_each_task_once_after_those_it_waits_for)
{
    for (int threads = 1; threads <= 8; threads *= 2) {
        static grid g;
        memset(&g, 0, sizeof g);
        for (size_t i = 0; i < POINTS; i++) {
            g.last[i] = 1 + (i * 5) % PASSES; /* 1, 6, 5, 4, 3, 2, 1, 6, 5 */
        }
        fpt_schedule s = {.pick = pick, .run = run, .ended = ended, .ctx = &g};
        cr_assert(eq(int, fpt_parallel_schedule(threads, &s, &(fpt_error){0}), FPT_OK));
        size_t total = 0;
        for (size_t i = 0; i < POINTS; i++) {
            cr_assert(eq(sz, g.passes[i], g.last[i]), "point %zu, %d threads", i, threads);
            for (size_t p = 0; p < PASSES; p++) {
                cr_assert(eq(int, g.runs[i][p], p < g.last[i] ? 1 : 0), "task (%zu, %zu)", i, p);
                cr_assert(not(g.early[i][p]), "task (%zu, %zu) ran before its neighbours' pass", i,
                          p);
                cr_assert(not(g.late[i][p]), "task (%zu, %zu) ended before it ran", i, p);
            }
            total += g.last[i];
        }
        cr_assert(eq(sz, g.n_ends, total));
    }
}

static fpt_pick always_wait(void *ctx, size_t *task)
{
    (void)ctx;
    (void)task;
    return FPT_PICK_WAIT;
}

static void never(size_t task, void *ctx)
{
    (void)task;
    *(bool *)ctx = true;
}

Test(parallel, a_pick_that_waits_while_nothing_runs_ends_the_team, .timeout = 30)
{
    bool ran = false;
    fpt_schedule s = {.pick = always_wait, .run = never, .ended = never, .ctx = &ran};
    cr_assert(eq(int, fpt_parallel_schedule(2, &s, &(fpt_error){0}), FPT_OK));
    cr_assert(not(ran));
}
