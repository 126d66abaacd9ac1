/* SPDX-License-Identifier: MIT */
/*
 * fpt-bench-sweep: scenarios per second of a sweep at 1 and 2 threads, the parallel
 * efficiency at 2 (rate at 2 / (2 × rate at 1)), and the sweep machinery's overhead beside a
 * bare loop that makes, appraises and solves the same scenarios one after another with one
 * reused solver and no OpenMP (bench/README.md). All three in one run, with the command.
 */
#include "footprint/sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/solve.h"
#include "footprint/variant.h"

static double time_sweep(const fpt_model *m, const fpt_scenario *s, int threads, size_t *plans)
{
    fpt_sweep_options o;
    fpt_sweep_options_init(&o);
    o.threads = threads;
    fpt_sweep_run *run = NULL;
    fpt_error err = {0};
    double t0 = fpt_clock_s();
    if (fpt_sweep_run_all(m, s, &o, &run, &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-sweep: %s\n", err.message);
        exit(1);
    }
    double t = fpt_clock_s() - t0;
    *plans = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        *plans += run->results[i].status == FPT_OK && run->results[i].result == FPT_RESULT_OPTIMAL;
    }
    fpt_sweep_run_free(run);
    return t;
}

/* The same work with no sweep machinery: one thread, one solver, nothing recorded. */
static double time_bare(const fpt_model *m, const fpt_scenario *s)
{
    fpt_perturbation p;
    fpt_solver *sv = NULL;
    fpt_solve_options so;
    fpt_solve_options_init(&so);
    if (fpt_perturbation_init(&p, m->n_functions) != FPT_OK || fpt_solver_create(&sv, NULL)) {
        exit(1);
    }
    double t0 = fpt_clock_s();
    for (size_t i = 0; i < fpt_variant_count(s); i++) {
        fpt_scenario *v = NULL;
        fpt_appraisal *a = NULL;
        fpt_solution *sol = NULL;
        fpt_diags d = {0};
        fpt_error err = {0};
        if (fpt_variant_make(m, s, i, &v, &p, &d) == FPT_OK &&
            fpt_appraisal_build_perturbed(m, v, &p, &a, &err) == FPT_OK) {
            fpt_solver_solve(sv, a, &so, &sol, &err);
        }
        fpt_solution_free(sol);
        fpt_appraisal_free(a);
        fpt_scenario_free(v);
        fpt_diags_clear(&d);
    }
    double t = fpt_clock_s() - t0;
    fpt_solver_free(sv);
    fpt_perturbation_free(&p);
    return t;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fpt-bench-sweep MODEL SCENARIO\n");
        return 2;
    }
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    if (fpt_model_load(argv[1], &m, &d, &err) != FPT_OK ||
        fpt_scenario_load(argv[2], m, &s, &d, &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-sweep: %s:%ld: %s\n", err.file, err.line, err.message);
        return 1;
    }
    size_t n = fpt_variant_count(s), plans1 = 0, plans2 = 0;
    double bare = time_bare(m, s);
    double t1 = time_sweep(m, s, 1, &plans1);
    double t2 = time_sweep(m, s, 2, &plans2);
    double r1 = (double)n / t1, r2 = (double)n / t2;
    printf("sweep of %zu scenarios (%zu with an optimal plan)\n", n, plans1);
    printf("bare loop, 1 thread:  %8.3f s  %8.1f scenarios/s\n", bare, (double)n / bare);
    printf(
        "sweep, 1 thread:      %8.3f s  %8.1f scenarios/s  (overhead %+.1f%% on the bare loop)\n",
        t1, r1, 100.0 * (t1 - bare) / bare);
    printf("sweep, 2 threads:     %8.3f s  %8.1f scenarios/s\n", t2, r2);
    printf("parallel efficiency at 2 threads: %.3f\n", r2 / (2.0 * r1));
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
    return plans1 == plans2 ? 0 : 1;
}
