/* SPDX-License-Identifier: MIT */
/*
 * The parallel driver (base/parallel.h): one OpenMP team per call, tasks taken one at a time
 * with schedule(dynamic, 1) or as a schedule picks them (under a mutex, threads with nothing
 * to pick sleeping on a condition until a task ends), and one named critical section for the
 * serial updates. No
 * reduction, no early exit and no shared state of its own, so results never depend on the
 * thread count. The only file with an OpenMP pragma. Before a team starts, its threads are
 * tried as plain POSIX threads, so that a system refusing one is an error the caller reports
 * rather than the runtime's exit.
 */
#include "base/parallel.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>
#include <omp.h>

int fpt_parallel_threads(int threads)
{
    if (omp_in_parallel()) {
        return 1; /* no nested teams */
    }
    return threads > 0 ? threads : omp_get_max_threads();
}

/* The stack size the OpenMP runtime gives its threads: OMP_STACKSIZE (a number with an
 * optional B, K, M or G, K by default), else 0 for the system's default. */
static size_t runtime_stack_size(void)
{
    const char *text = getenv("OMP_STACKSIZE");
    if (text == NULL || *text == '\0') {
        return 0;
    }
    char *end = NULL;
    unsigned long long size = strtoull(text, &end, 10);
    while (isspace((unsigned char)*end)) {
        end++;
    }
    const char *units = "BKMG";
    const char *unit = *end != '\0' ? strchr(units, toupper((unsigned char)*end)) : units + 1;
    if (end == text || unit == NULL) {
        return 0; /* the runtime refuses it too and keeps its default */
    }
    for (const char *u = units; u < unit; u++) {
        size *= 1024;
    }
    return (size_t)size;
}

static void *idle(void *unused)
{
    return unused;
}

/* Start team − 1 threads (the caller is the team's first) together, as the runtime would,
 * then join them; FPT_ENOMEM with the system's reason if one cannot start. */
static fpt_status try_threads(int team, fpt_error *err)
{
    if (team <= 1) {
        return FPT_OK;
    }
    pthread_t *ids = calloc((size_t)team, sizeof *ids);
    if (ids == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory starting %d threads", team);
    }
    pthread_attr_t attr;
    size_t stack = runtime_stack_size();
    int rc = pthread_attr_init(&attr);
    if (rc == 0 && stack >= PTHREAD_STACK_MIN) {
        rc = pthread_attr_setstacksize(&attr, stack);
    }
    int started = 0;
    while (rc == 0 && started < team - 1) {
        rc = pthread_create(&ids[started], &attr, idle, NULL);
        started += rc == 0 ? 1 : 0;
    }
    for (int i = 0; i < started; i++) {
        pthread_join(ids[i], NULL);
    }
    pthread_attr_destroy(&attr);
    free(ids);
    if (rc != 0) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0,
                             "cannot start %d threads, the system refused thread %d: %s (a "
                             "memory or process limit; ask for fewer threads or allow more)",
                             team, started + 2, strerror(rc));
    }
    return FPT_OK;
}

fpt_status fpt_parallel_for(size_t n, int threads, fpt_task_fn task, void *ctx, fpt_error *err)
{
    long count = (long)n;
    int team = fpt_parallel_threads(threads);
    FPT_TRY(try_threads(team, err));
#pragma omp parallel num_threads(team) default(none) shared(count, task, ctx)
    {
#pragma omp for schedule(dynamic, 1)
        for (long i = 0; i < count; i++) {
            task((size_t)i, ctx);
        }
        glp_free_env();
    }
    return FPT_OK;
}

/* One thread of fpt_parallel_schedule's team; *running counts the tasks under way. */
static void schedule_thread(const fpt_schedule *s, pthread_mutex_t *lock, pthread_cond_t *ended,
                            size_t *running)
{
    pthread_mutex_lock(lock);
    for (;;) {
        size_t task = 0;
        fpt_pick pick = s->pick(s->ctx, &task);
        if (pick == FPT_PICK_WAIT && *running > 0) {
            pthread_cond_wait(ended, lock);
            continue;
        }
        if (pick != FPT_PICK_RUN) {
            break;
        }
        (*running)++;
        pthread_mutex_unlock(lock);
        s->run(task, s->ctx);
        pthread_mutex_lock(lock);
        (*running)--;
        s->ended(task, s->ctx);
        pthread_cond_broadcast(ended);
    }
    pthread_cond_broadcast(ended);
    pthread_mutex_unlock(lock);
}

fpt_status fpt_parallel_schedule(int threads, const fpt_schedule *s, fpt_error *err)
{
    int team = fpt_parallel_threads(threads);
    FPT_TRY(try_threads(team, err));
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t ended = PTHREAD_COND_INITIALIZER;
    size_t running = 0;
#pragma omp parallel num_threads(team) default(none) shared(s, lock, ended, running)
    {
        schedule_thread(s, &lock, &ended, &running);
        if (!s->caller_keeps_glpk || omp_get_thread_num() != 0) {
            glp_free_env();
        }
    }
    pthread_cond_destroy(&ended);
    pthread_mutex_destroy(&lock);
    return FPT_OK;
}

void fpt_parallel_serial(void (*fn)(void *ctx), void *ctx)
{
#pragma omp critical(fpt_parallel_serial)
    fn(ctx);
}
