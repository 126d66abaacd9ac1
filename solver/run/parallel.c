/* SPDX-License-Identifier: MIT */
/*
 * The parallel driver (run/parallel.h): one OpenMP team per call, tasks taken one at a time
 * with schedule(dynamic, 1), and one named critical section for the serial updates. No
 * reduction, no early exit and no shared state of its own, so results never depend on the
 * thread count. The only file with an OpenMP pragma.
 */
#include "run/parallel.h"

#include <omp.h>

#include "footprint/solve.h"

int fpt_parallel_threads(int threads)
{
    return threads > 0 ? threads : omp_get_max_threads();
}

void fpt_parallel_for(size_t n, int threads, fpt_task_fn task, void *ctx)
{
    long count = (long)n;
    int team = fpt_parallel_threads(threads);
#pragma omp parallel num_threads(team) default(none) shared(count, task, ctx)
    {
#pragma omp for schedule(dynamic, 1)
        for (long i = 0; i < count; i++) {
            task((size_t)i, ctx);
        }
        fpt_solve_thread_exit();
    }
}

void fpt_parallel_serial(void (*fn)(void *ctx), void *ctx)
{
#pragma omp critical(fpt_parallel_serial)
    fn(ctx);
}
