/* SPDX-License-Identifier: MIT */
/*
 * The shipped model and scenarios: every one loads, the feasible ones solve to optimality
 * and the deliberately infeasible ones are explained, and — docs/model.md, "every
 * criterion acts" (c) — each of the eight terms, the affordability envelope and the skill
 * pools binds in at least one shipped scenario: switching it off changes the plan.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/solve.h"

#define MODEL     FPT_SOURCE_DIR "/models/england2013.xml"
#define SCENARIOS FPT_SOURCE_DIR "/scenarios"

enum { MAX_SCENARIOS = 64, MAX_FUNCTIONS = 256 };

/* What switching something off does to a scenario before it is appraised. */
typedef enum relax { RELAX_NONE = -1, RELAX_BUDGET = 100, RELAX_POOLS = 101 } relax;

static fpt_model *model;

static void load_model(void)
{
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert_eq(fpt_model_load(MODEL, &model, &d, &err), FPT_OK, "%s:%ld: %s", err.file, err.line,
                 err.message);
    fpt_diags_clear(&d);
}

static void free_model(void)
{
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

/* The shipped scenario files in name order; returns the count. */
static size_t list_scenarios(char paths[][512])
{
    DIR *dir = opendir(SCENARIOS);
    cr_assert_not_null(dir);
    size_t n = 0;
    for (struct dirent *e = readdir(dir); e != NULL && n < MAX_SCENARIOS; e = readdir(dir)) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".xml") == 0) {
            snprintf(paths[n++], 512, "%s/%s", SCENARIOS, e->d_name);
        }
    }
    closedir(dir);
    qsort(paths, n, sizeof paths[0], (int (*)(const void *, const void *))strcmp);
    return n;
}

static fpt_scenario *load_scenario(const char *path)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_scenario *s = NULL;
    cr_assert_eq(fpt_scenario_load(path, model, &s, &d, &err), FPT_OK, "%s:%ld: %s", err.file,
                 err.line, err.message);
    fpt_diags_clear(&d);
    return s;
}

/* Solve path with one thing switched off; fills level[] and returns the result. */
static fpt_result solve_relaxed(const char *path, int what, size_t *level)
{
    fpt_scenario *s = load_scenario(path);
    if (what >= 0 && what < FPT_N_CRITERIA) {
        s->weight[what] = 0;
    } else if (what == RELAX_BUDGET) {
        s->allowance_per_head_gbp = 1e9;
    } else if (what == RELAX_POOLS) {
        for (size_t i = 0; i < s->n_supplies; i++) {
            s->supplies[i].limited = false;
        }
    }
    fpt_error err = {0};
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_solve_options opt;
    fpt_solve_options_init(&opt);
    cr_assert_eq(fpt_appraisal_build(model, s, &a, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_solve(a, &opt, &sol, &err), FPT_OK, "%s", err.message);
    fpt_result result = sol->result;
    memcpy(level, sol->level, model->n_functions * sizeof *level);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    return result;
}

static bool is_infeasible_example(const char *path)
{
    return strstr(path, "infeasible") != NULL || strstr(path, "contradictory") != NULL;
}

Test(shipped, every_scenario_loads_and_solves_as_named, .init = load_model, .fini = free_model)
{
    static char paths[MAX_SCENARIOS][512];
    size_t n = list_scenarios(paths);
    cr_assert_geq(n, 5, "expected the shipped scenarios, found %zu", n);
    size_t level[MAX_FUNCTIONS];
    for (size_t i = 0; i < n; i++) {
        fpt_result r = solve_relaxed(paths[i], RELAX_NONE, level);
        fpt_result expected =
            is_infeasible_example(paths[i]) ? FPT_RESULT_INFEASIBLE : FPT_RESULT_OPTIMAL;
        cr_expect_eq(r, expected, "%s: %s", paths[i], fpt_result_name(r));
    }
}

/* Does switching `what` off change the plan of some feasible shipped scenario? */
static bool binds_somewhere(int what, char *where, size_t where_size)
{
    static char paths[MAX_SCENARIOS][512];
    size_t n = list_scenarios(paths);
    size_t base[MAX_FUNCTIONS], relaxed[MAX_FUNCTIONS];
    for (size_t i = 0; i < n; i++) {
        if (is_infeasible_example(paths[i])) {
            continue;
        }
        solve_relaxed(paths[i], RELAX_NONE, base);
        fpt_result r = solve_relaxed(paths[i], what, relaxed);
        if (r == FPT_RESULT_OPTIMAL &&
            memcmp(base, relaxed, model->n_functions * sizeof *base) != 0) {
            snprintf(where, where_size, "%s", paths[i]);
            return true;
        }
    }
    return false;
}

ParameterizedTestParameters(shipped, each_term_binds_somewhere)
{
    static int what[] = {0, 1, 2, 3, 4, 5, 6, 7, RELAX_BUDGET, RELAX_POOLS};
    return cr_make_param_array(int, what, sizeof what / sizeof what[0]);
}

ParameterizedTest(int *what, shipped, each_term_binds_somewhere, .init = load_model,
                  .fini = free_model)
{
    char where[512] = "";
    const char *name = *what < FPT_N_CRITERIA  ? fpt_criterion_id(*what)
                       : *what == RELAX_BUDGET ? "affordability"
                                               : "skill pools";
    cr_expect(binds_somewhere(*what, where, sizeof where),
              "switching off %s changes no shipped scenario's plan", name);
    cr_log_info("%s binds in %s", name, where);
}
