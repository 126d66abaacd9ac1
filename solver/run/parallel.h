/* SPDX-License-Identifier: MIT */
/*
 * The parallel driver: the project's only OpenMP code. Batch work — the chunks of a sweep,
 * the criteria of a weight-stability search, the K of a sizing curve — hands it n tasks;
 * each task writes only its own outputs, so an answer never depends on the thread count
 * (docs/architecture.md "Threads"). Every thread frees its GLPK environment before the team
 * ends. Internal to the library; it prints nothing.
 */
#ifndef FPT_PARALLEL_H
#define FPT_PARALLEL_H

#include <stddef.h>

#include "footprint/error.h"

/** One task of fpt_parallel_for: task i of n, run on some thread. */
typedef void (*fpt_task_fn)(size_t i, void *ctx);

/**
 * Run task(i, ctx) for i = 0..n-1 on `threads` OpenMP threads (0: the OpenMP default), one
 * task at a time per thread in the order threads ask for them (schedule(dynamic, 1)); each
 * thread calls fpt_solve_thread_exit() at the end. Returns when every task has run. Tasks must
 * write only their own outputs and must not call it themselves.
 *
 * The OpenMP runtime ends the process (exit status 1) when it cannot create a thread, so the
 * team's threads are first started and joined as plain threads of the runtime's stack size:
 * when the system refuses one (a memory or process limit), no task runs and the call returns
 * FPT_ENOMEM, saying how many threads could not start and why.
 */
fpt_status fpt_parallel_for(size_t n, int threads, fpt_task_fn task, void *ctx, fpt_error *err);

/**
 * Run fn(ctx) while no other thread of any fpt_parallel_for team runs a section of its own
 * (one lock for the whole library): for the rare shared update, such as counting finished
 * scenarios for a progress line. Can't fail.
 */
void fpt_parallel_serial(void (*fn)(void *ctx), void *ctx);

/** The number of threads fpt_parallel_for would use for `threads` (0: the default). */
int fpt_parallel_threads(int threads);

#endif
