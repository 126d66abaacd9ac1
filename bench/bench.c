/* SPDX-License-Identifier: MIT */
/*
 * fpt-bench: times the default appraisal from parsing to the rendered report, repeated
 * in one process, and prints the median, quartiles and extremes (bench/README.md).
 *
 * Each repetition does everything `footprint solve` does except printing: load and
 * validate the model and scenario, build the appraisal, solve (tie rule included), explain
 * the plan (every level's price and the weight band, footprint/why.h) and render the table.
 * The same is timed without the explanation, interleaved in the same run, and the ratio
 * printed. The answer's objective is printed too, so a changed answer is seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/report.h"
#include "footprint/solve.h"
#include "footprint/why.h"

static int compare_doubles(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Explain an optimal plan as `footprint solve` does; *why stays NULL otherwise. */
static fpt_status explain(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                          const fpt_solution *sol, fpt_why **why, fpt_error *err)
{
    if (sol->result != FPT_RESULT_OPTIMAL) {
        return FPT_OK;
    }
    fpt_why_options o;
    fpt_why_options_init(&o);
    return fpt_why_run(m, s, a, sol, &o, why, err);
}

/* One parse-to-report run; returns its objective, or a negative number on failure. */
static double run_once(const char *model_path, const char *scenario_path, bool with_why)
{
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_why *why = NULL;
    fpt_solve_options opt;
    fpt_solve_options_init(&opt);
    char *text = NULL;
    size_t len = 0;
    double objective = -1;
    if (fpt_model_load(model_path, &m, &diags, &err) == FPT_OK &&
        fpt_scenario_load(scenario_path, m, &s, &diags, &err) == FPT_OK &&
        fpt_appraisal_build(m, s, &a, &err) == FPT_OK && fpt_solve(a, &opt, &sol, &err) == FPT_OK &&
        (!with_why || explain(m, s, a, sol, &why, &err) == FPT_OK)) {
        fpt_report_input in = {
            .model = m, .scenario = s, .appraisal = a, .solution = sol, .why = why};
        if (fpt_report_render(&in, FPT_FORMAT_TABLE, &text, &len, &err) == FPT_OK) {
            objective = sol->objective;
        }
    }
    if (objective < 0) {
        fprintf(stderr, "fpt-bench: %s\n", err.message);
    }
    free(text);
    fpt_why_free(why);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    fpt_diags_clear(&diags);
    return objective;
}

static void print_times(const char *what, double *ms, long reps)
{
    qsort(ms, (size_t)reps, sizeof *ms, compare_doubles);
    printf("%s, %ld repetitions (ms): min %.3f  q1 %.3f  median %.3f  q3 %.3f  max %.3f\n", what,
           reps, ms[0], ms[reps / 4], ms[reps / 2], ms[(3 * reps) / 4], ms[reps - 1]);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: fpt-bench MODEL SCENARIO REPETITIONS\n");
        return 2;
    }
    long reps = strtol(argv[3], NULL, 10);
    if (reps < 1) {
        fprintf(stderr, "fpt-bench: REPETITIONS must be a positive integer\n");
        return 2;
    }
    fpt_xml_init();
    double *ms = calloc((size_t)reps, sizeof *ms), *bare = calloc((size_t)reps, sizeof *bare);
    double objective = 0;
    int code = ms == NULL || bare == NULL ? 1 : 0;
    for (long i = 0; code == 0 && i < reps; i++) { /* interleaved: the same machine load */
        double t0 = fpt_clock_s();
        objective = run_once(argv[1], argv[2], true);
        double t1 = fpt_clock_s();
        code = objective < 0 || run_once(argv[1], argv[2], false) < 0 ? 1 : 0;
        ms[i] = 1000.0 * (t1 - t0);
        bare[i] = 1000.0 * (fpt_clock_s() - t1);
    }
    if (code == 0) {
        print_times("default run, parse to report", ms, reps);
        print_times("the same without the why (prices and weight band)", bare, reps);
        printf("why costs %.3f ms at the median (%.2fx the run without it)\nobjective %.2f\n",
               ms[reps / 2] - bare[reps / 2], ms[reps / 2] / bare[reps / 2], objective);
    }
    free(ms);
    free(bare);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
    return code;
}
