/* SPDX-License-Identifier: MIT */
/*
 * The parallel driver: the project's only OpenMP code. Batch work — the chunks of a sweep,
 * the criteria of a weight-stability search, the K of a sizing curve, the groups of units a
 * districting re-solves — hands it n tasks; each task writes only its own outputs, so an
 * answer never depends on the thread count (docs/architecture.md "Threads"). Every thread
 * frees its GLPK environment (glp_free_env) before the team ends, the caller's too unless a
 * schedule says it keeps its own. Internal to the library; it prints nothing.
 */
#ifndef FPT_PARALLEL_H
#define FPT_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"

/** One task of fpt_parallel_for: task i of n, run on some thread. */
typedef void (*fpt_task_fn)(size_t i, void *ctx);

/**
 * Run task(i, ctx) for i = 0..n-1 on `threads` OpenMP threads (0: the OpenMP default), one
 * task at a time per thread in the order threads ask for them (schedule(dynamic, 1)); each
 * thread frees its GLPK environment at the end. Returns when every task has run. Tasks must
 * write only their own outputs and must not call it themselves.
 *
 * The OpenMP runtime ends the process (exit status 1) when it cannot create a thread, so the
 * team's threads are first started and joined as plain threads of the runtime's stack size:
 * when the system refuses one (a memory or process limit), no task runs and the call returns
 * FPT_ENOMEM, saying how many threads could not start and why.
 */
fpt_status fpt_parallel_for(size_t n, int threads, fpt_task_fn task, void *ctx, fpt_error *err);

/** What a schedule's pick says (fpt_parallel_schedule). */
typedef enum fpt_pick {
    FPT_PICK_RUN,  /* run the task it names */
    FPT_PICK_WAIT, /* none can start until a running task ends */
    FPT_PICK_STOP  /* none is left to start */
} fpt_pick;

/** Tasks whose order is decided as they run: each may wait for others to end. */
typedef struct fpt_schedule {
    fpt_pick (*pick)(void *ctx, size_t *task); /* under the schedule's lock: the next task */
    fpt_task_fn run;                           /* outside it: run the task */
    void (*ended)(size_t task, void *ctx);     /* under it: the task has run */
    void *ctx;
    bool caller_keeps_glpk; /* the calling thread holds GLPK objects across the call: its
                               GLPK environment is left as it is */
} fpt_schedule;

/**
 * Run a schedule's tasks on `threads` OpenMP threads (0: the OpenMP default): each thread
 * picks a task, runs it, tells the schedule it ended, and picks again, until the pick says
 * stop; a thread told to wait sleeps until some task ends. pick and ended run one thread at a
 * time, so they may read and change the schedule's state freely; run must write only its
 * task's outputs. A pick that says wait while no task runs is taken as stop, since nothing
 * could change its answer. Each thread frees its GLPK environment at the end, the calling
 * thread's too unless s->caller_keeps_glpk. The calling thread is one of the team; a call
 * from inside a team runs its tasks on the calling thread alone. FPT_ENOMEM
 * as fpt_parallel_for when the system refuses a thread, before any task runs.
 */
fpt_status fpt_parallel_schedule(int threads, const fpt_schedule *s, fpt_error *err);

/**
 * Run fn(ctx) while no other thread of any fpt_parallel_for team runs a section of its own
 * (one lock for the whole library): for the rare shared update, such as counting finished
 * scenarios for a progress line. Can't fail.
 */
void fpt_parallel_serial(void (*fn)(void *ctx), void *ctx);

/** The number of threads fpt_parallel_for would use for `threads` (0: the default); 1 on a
    thread of a team already (teams do not nest). */
int fpt_parallel_threads(int threads);

#endif
