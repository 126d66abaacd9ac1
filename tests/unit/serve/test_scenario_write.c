/* SPDX-License-Identifier: MIT */
/*
 * Scenario files written back (solver/serve/scenario_write.c): every shipped single scenario
 * and the test scenarios, written, loaded again with the ordinary loader and solved, give the
 * same scenario and the same plan and objective to the last bit; so does a what-if applied to
 * one; text with markup characters survives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/load.h"
#include "footprint/solve.h"
#include "serve/scenario_write.h"
#include "serve/whatif.h"

static fpt_model *england, *tiny;

static void load_models(void)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_xml_init();
    cr_assert(eq(int, fpt_model_load(FPT_SOURCE_DIR "/models/england2013.xml", &england, &d, &err),
                 FPT_OK));
    cr_assert(eq(int, fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &tiny, &d, &err), FPT_OK));
    fpt_diags_clear(&d);
}

static void free_models(void)
{
    fpt_model_free(england);
    fpt_model_free(tiny);
    fpt_xml_cleanup();
}

TestSuite(scenario_write, .init = load_models, .fini = free_models);

static fpt_scenario *load(const fpt_model *m, const char *path)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_scenario *s = NULL;
    fpt_status st = fpt_scenario_load(path, m, &s, &d, &err);
    cr_assert(eq(int, st, FPT_OK), "%s: %s %s", path, err.message, d.n ? d.items[0].message : "");
    fpt_diags_clear(&d);
    return s;
}

/* Write s to a temporary file and load it again. */
static fpt_scenario *round_trip(const fpt_model *m, const fpt_scenario *s, const char *note)
{
    char *text = NULL;
    size_t len = 0;
    cr_assert(eq(int, fpt_scenario_write_xml(s, note, &text, &len, NULL), FPT_OK));
    cr_assert(eq(sz, strlen(text), len));
    char path[] = "/tmp/fpt-write-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(ge(int, fd, 0));
    cr_assert(eq(long, (long)write(fd, text, len), (long)len));
    close(fd);
    free(text);
    fpt_scenario *back = load(m, path);
    unlink(path);
    return back;
}

static fpt_solution *solve(const fpt_model *m, const fpt_scenario *s)
{
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    cr_assert(eq(int, fpt_appraisal_build(m, s, &a, NULL), FPT_OK));
    cr_assert(eq(int, fpt_solve(a, &o, &sol, NULL), FPT_OK));
    fpt_appraisal_free(a);
    return sol;
}

static void expect_same_scenario(const fpt_scenario *a, const fpt_scenario *b)
{
    cr_expect(eq(str, a->id, b->id));
    cr_expect(eq(dbl, a->population, b->population));
    cr_assert(eq(sz, a->n_levels, b->n_levels));
    for (size_t l = 0; l < a->n_levels; l++) {
        cr_expect(eq(str, a->levels[l].id, b->levels[l].id));
        cr_expect(eq(long, a->levels[l].n_units, b->levels[l].n_units));
        cr_expect(eq(dbl, a->levels[l].unit_pop, b->levels[l].unit_pop));
    }
    cr_expect(eq(dbl, a->allowance_per_head_gbp, b->allowance_per_head_gbp));
    cr_expect(eq(dbl, a->support_share, b->support_share));
    cr_expect(eq(dbl, a->horizon_years, b->horizon_years));
    cr_expect(eq(dbl, a->discount_rate, b->discount_rate));
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(eq(dbl, a->weight[k], b->weight[k]));
    }
    cr_expect(eq(sz, a->n_supplies, b->n_supplies));
    cr_expect(eq(sz, a->n_locks, b->n_locks));
    cr_expect(eq(sz, a->n_sets, b->n_sets));
    cr_expect(eq(int, a->transition.present, b->transition.present));
    cr_expect(eq(dbl, a->transition.weight, b->transition.weight));
    cr_expect(eq(dbl, a->transition.redundancy.months, b->transition.redundancy.months));
    cr_expect(eq(dbl, a->transition.double_running.months, b->transition.double_running.months));
    cr_expect(eq(dbl, a->transition.productivity.months, b->transition.productivity.months));
    cr_expect(eq(sz, a->transition.n_current, b->transition.n_current));
}

static void expect_same_solution(const fpt_solution *a, const fpt_solution *b, const char *what)
{
    cr_assert(eq(int, a->result, b->result), "%s", what);
    cr_expect(eq(dbl, a->objective, b->objective), "%s", what);
    for (size_t f = 0; a->level != NULL && f < a->n_functions; f++) {
        cr_expect(eq(sz, a->level[f], b->level[f]), "%s: function %zu", what, f);
    }
}

static void check_file(const fpt_model *m, const char *path)
{
    fpt_scenario *s = load(m, path);
    fpt_scenario *back = round_trip(m, s, NULL);
    expect_same_scenario(s, back);
    fpt_solution *x = solve(m, s), *y = solve(m, back);
    expect_same_solution(x, y, path);
    fpt_solution_free(x);
    fpt_solution_free(y);
    fpt_scenario_free(back);
    fpt_scenario_free(s);
}

Test(scenario_write, shipped_single_scenarios_come_back_the_same)
{
    const char *names[] = {"hub5m",           "tight-allowance", "scarce-analysts",
                           "scarce-premiums", "customer-first",  "national-locked",
                           "hub-menu",        "infeasible-pool", "contradictory-locks",
                           "real2013",        "hub5m-transition"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/scenarios/%s.xml", FPT_SOURCE_DIR, names[i]);
        check_file(england, path);
    }
}

Test(scenario_write, every_element_of_the_tiny_scenarios_comes_back)
{
    check_file(tiny, FPT_TEST_DATA "/tiny-scenario.xml");
    check_file(tiny, FPT_TEST_DATA "/minimal-scenario.xml");
    check_file(tiny, FPT_TEST_DATA "/areas-scenario.xml");
}

Test(scenario_write, a_what_if_comes_back_as_it_was_solved)
{
    fpt_scenario *s = load(england, FPT_SOURCE_DIR "/scenarios/hub5m.xml");
    const char *json = "{\"values\": {\"weight.scale\": 0.3, \"level.hub.unit-population\": "
                       "3100000.5, \"finance.allowance-per-head-gbp\": 21.125, "
                       "\"set.bi-data.rating.scale\": 1}, \"locks\": [{\"function\": "
                       "\"legal\", \"level\": \"hub\", \"mode\": \"forbid\"}]}";
    fpt_scenario *w = NULL;
    fpt_diags problems = {0};
    cr_assert(
        eq(int, fpt_whatif_apply(england, s, json, strlen(json), &w, NULL, &problems), FPT_OK));
    fpt_scenario *back = round_trip(england, w, "a note with <markup> & \"quotes\"");
    expect_same_scenario(w, back);
    cr_expect(ne(ptr, strstr(back->description, "a note with <markup> & \"quotes\""), NULL));
    fpt_solution *x = solve(england, w), *y = solve(england, back);
    expect_same_solution(x, y, "what-if");
    fpt_solution_free(x);
    fpt_solution_free(y);
    fpt_scenario_free(back);
    fpt_scenario_free(w);
    fpt_scenario_free(s);
}

Test(scenario_write, the_geography_is_named_by_the_path_it_was_read_from)
{
    fpt_scenario *s = load(tiny, FPT_TEST_DATA "/real-tiny.xml");
    char *text = NULL;
    size_t len = 0;
    cr_assert(eq(int, fpt_scenario_write_xml(s, NULL, &text, &len, NULL), FPT_OK));
    cr_expect(ne(ptr, strstr(text, "<geography file=\"" FPT_TEST_DATA), NULL), "%s", text);
    cr_expect(ne(ptr, strstr(text, "grouping=\"partition\" file=\"" FPT_TEST_DATA), NULL), "%s",
              text);
    cr_expect(eq(ptr, strstr(text, "<population"), NULL), "%s", text);
    free(text);
    fpt_scenario_free(s);
}
