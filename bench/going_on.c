/* SPDX-License-Identifier: MIT */
/*
 * fpt-bench-going-on: one districting through budgets of work (by default 40,000, 400,000,
 * then none: sizing's before its passes doubled, docs/model.md "Sizing"), two ways at once
 * on two threads: going on with the search each budget stopped (fpt_districts_solve_on()),
 * and starting again after each budget from the plan it reached (what sizing did before).
 * Each way's CPU time, the budgets it took, its plan and result, and the ratio of their CPU
 * times, all from one run (bench/README.md "Going on").
 *
 *   fpt-bench-going-on GEOGRAPHY.csv K [BUDGET...]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "footprint/districts.h"
#include "footprint/geography.h"
#include "footprint/solve.h"

#define MAX_BUDGETS 16

typedef struct way {
    const fpt_geography *g;
    size_t k;
    const size_t *budgets;
    size_t n_budgets;
    int going_on;
    double cpu_s, wall_s;
    size_t calls;
    fpt_partition *p;
    fpt_status st;
    fpt_error err;
} way;

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void *run_way(void *arg)
{
    way *w = arg;
    double cpu0 = clock_s(CLOCK_THREAD_CPUTIME_ID), wall0 = clock_s(CLOCK_MONOTONIC);
    fpt_districts_search *search = NULL;
    for (size_t b = 0; b < w->n_budgets && w->st == FPT_OK; b++) {
        fpt_districts_options o;
        fpt_districts_options_init(&o);
        o.n_units = w->k;
        o.target_pop = 0;
        o.max_evals = w->budgets[b];
        const fpt_partition *seeds[1] = {w->p};
        if (!w->going_on && w->p != NULL) {
            o.seeds = seeds; /* starting again from the plan reached */
            o.n_seeds = 1;
        }
        fpt_partition *next = NULL;
        w->st = w->going_on ? fpt_districts_solve_on(w->g, &o, &search, &next, &w->err)
                            : fpt_districts_solve(w->g, &o, &next, &w->err);
        if (w->st != FPT_OK) {
            break;
        }
        fpt_partition_free(w->p);
        w->p = next;
        w->calls++;
        if (next->result != FPT_DISTRICTS_LIMIT) {
            break;
        }
    }
    fpt_districts_search_free(search);
    fpt_solve_thread_exit();
    w->cpu_s = clock_s(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    w->wall_s = clock_s(CLOCK_MONOTONIC) - wall0;
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc - 3 > MAX_BUDGETS) {
        fprintf(stderr, "usage: fpt-bench-going-on GEOGRAPHY.csv K [BUDGET...] (at most %d)\n",
                MAX_BUDGETS);
        return 2;
    }
    size_t budgets[MAX_BUDGETS] = {40000, 400000, 0}, n_budgets = 3;
    if (argc > 3) {
        n_budgets = (size_t)(argc - 3);
        for (size_t b = 0; b < n_budgets; b++) {
            budgets[b] = (size_t)strtoull(argv[3 + b], NULL, 10);
        }
    }
    fpt_geography *g = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    if (fpt_geography_load(argv[1], &g, &d, &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-going-on: %s\n", err.message);
        return 1;
    }
    fpt_diags_clear(&d);
    way ways[2];
    pthread_t threads[2];
    for (int w = 0; w < 2; w++) {
        ways[w] = (way){.g = g,
                        .k = (size_t)strtoull(argv[2], NULL, 10),
                        .budgets = budgets,
                        .n_budgets = n_budgets,
                        .going_on = w == 0};
        pthread_create(&threads[w], NULL, run_way, &ways[w]);
    }
    int rc = 0;
    printf("way               calls   CPU s  wall s  person-km            result\n");
    for (int w = 0; w < 2; w++) {
        pthread_join(threads[w], NULL);
        const way *x = &ways[w];
        if (x->st != FPT_OK) {
            fprintf(stderr, "fpt-bench-going-on: %s\n", x->err.message);
            rc = 1;
            continue;
        }
        printf("%-16s %6zu %7.1f %7.1f  %-19.2f  %s (gap %.4f%%)\n",
               x->going_on ? "going on" : "starting again", x->calls, x->cpu_s, x->wall_s,
               x->p->objective,
               x->p->result == FPT_DISTRICTS_OPTIMAL ? "optimal" : "stopped at a limit",
               100 * x->p->gap);
    }
    if (rc == 0) {
        printf("CPU time, starting again / going on: %.2f\n", ways[1].cpu_s / ways[0].cpu_s);
    }
    for (int w = 0; w < 2; w++) {
        fpt_partition_free(ways[w].p);
    }
    fpt_geography_free(g);
    return rc;
}
