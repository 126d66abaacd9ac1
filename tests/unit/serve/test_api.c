/* SPDX-License-Identifier: MIT */
/*
 * The API without HTTP (solver/serve/api.c) on the England model and scenarios/hub5m.xml:
 * routes, methods and status codes; POST /api/solve returns the library's own solve of the
 * what-if, its why consistent with the appraisal (at an optimum no level open to a function
 * alone is cheaper); POST /api/scenario returns a file that solves to the same plan; an
 * infeasible what-if is a result with its clashes; a sweep is refused when the API is made.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/load.h"
#include "footprint/solve.h"
#include "serve/api.h"

static fpt_model *model;
static fpt_scenario *scenario;
static fpt_api *api;

static void start_with(const char *scenario_path)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_xml_init();
    cr_assert(eq(int, fpt_model_load(FPT_SOURCE_DIR "/models/england2013.xml", &model, &d, &err),
                 FPT_OK));
    cr_assert(eq(int, fpt_scenario_load(scenario_path, model, &scenario, &d, &err), FPT_OK));
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    cr_assert(eq(int, fpt_api_create(model, scenario, NULL, &o, &api, &err), FPT_OK), "%s",
              err.message);
    fpt_diags_clear(&d);
}

static void start(void)
{
    start_with(FPT_SOURCE_DIR "/scenarios/hub5m.xml");
}

/* The default scenario with a transition (docs/model.md M15). */
static void start_transition(void)
{
    start_with(FPT_SOURCE_DIR "/scenarios/hub5m-transition.xml");
}

static void stop(void)
{
    fpt_api_free(api);
    fpt_scenario_free(scenario);
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

TestSuite(api, .init = start, .fini = stop);

/* Jansson's predicates are macros that Criterion's assertions cannot take apart. */
static bool is_null(const json_t *j)
{
    return json_is_null(j);
}

static bool is_true(const json_t *j)
{
    return json_is_true(j);
}

static bool is_false(const json_t *j)
{
    return json_is_false(j);
}

static fpt_api_reply call(const char *method, const char *path, const char *body)
{
    fpt_api_reply r;
    cr_assert(eq(int, fpt_api_handle(api, method, path, body, body != NULL ? strlen(body) : 0, &r),
                 FPT_OK));
    cr_assert(ne(ptr, r.body, NULL));
    return r;
}

static json_t *call_json(const char *method, const char *path, const char *body, int status)
{
    fpt_api_reply r = call(method, path, body);
    cr_assert(eq(int, r.status, status), "%s %s: %d %s", method, path, r.status, r.body);
    cr_assert(eq(str, (char *)r.type, "application/json"));
    json_t *j = json_loadb(r.body, r.len, 0, NULL);
    cr_assert(ne(ptr, j, NULL), "%s", r.body);
    fpt_api_reply_clear(&r);
    return j;
}

Test(api, routes_and_methods)
{
    fpt_api_reply r = call("GET", "/", NULL);
    cr_expect(eq(int, r.status, 200));
    cr_expect(eq(str, (char *)r.type, "text/html; charset=utf-8"));
    cr_expect(ne(ptr, strstr(r.body, "<script src=\"page.js\""), NULL));
    fpt_api_reply_clear(&r);
    r = call("HEAD", "/page.js", NULL);
    cr_expect(eq(int, r.status, 200));
    fpt_api_reply_clear(&r);
    r = call("GET", "/nowhere", NULL);
    cr_expect(eq(int, r.status, 404));
    fpt_api_reply_clear(&r);
    r = call("POST", "/", "{}");
    cr_expect(eq(int, r.status, 405));
    cr_expect(eq(str, (char *)r.allow, "GET, HEAD"));
    fpt_api_reply_clear(&r);
    r = call("GET", "/api/solve", NULL);
    cr_expect(eq(int, r.status, 405));
    cr_expect(eq(str, (char *)r.allow, "POST"));
    fpt_api_reply_clear(&r);
    cr_expect(fpt_api_solves("POST", "/api/solve"));
    cr_expect(not(fpt_api_solves("POST", "/api/scenario")));
    cr_expect(not(fpt_api_solves("GET", "/api/solve")));
}

Test(api, model_describes_the_scenario)
{
    json_t *m = call_json("GET", "/api/model", NULL, 200);
    cr_expect(eq(str,
                 (char *)json_string_value(json_object_get(json_object_get(m, "scenario"), "id")),
                 "hub5m"));
    cr_expect(eq(sz, json_array_size(json_object_get(m, "functions")), model->n_functions));
    cr_expect(eq(sz, json_array_size(json_object_get(m, "criteria")), FPT_N_CRITERIA));
    cr_expect(eq(sz, json_array_size(json_object_get(m, "pools")), model->n_pools));
    cr_expect(is_null(json_object_get(m, "map")));
    json_t *hub = json_array_get(json_object_get(m, "levels"), 1);
    cr_expect(eq(str, (char *)json_string_value(json_object_get(hub, "kind")), "unit-population"));
    cr_expect(eq(dbl, json_number_value(json_object_get(hub, "spec")), 5000000));
    json_decref(m);
}

static double library_objective(const char *json)
{
    fpt_api_reply r = call("POST", "/api/scenario", json);
    cr_assert(eq(int, r.status, 200), "%s", r.body);
    char path[] = "/tmp/fpt-api-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(eq(long, (long)write(fd, r.body, r.len), (long)r.len));
    close(fd);
    fpt_api_reply_clear(&r);
    fpt_scenario *s = NULL;
    fpt_diags d = {0};
    cr_assert(eq(int, fpt_scenario_load(path, model, &s, &d, NULL), FPT_OK));
    unlink(path);
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    cr_assert(eq(int, fpt_appraisal_build(model, s, &a, NULL), FPT_OK));
    cr_assert(eq(int, fpt_solve(a, &o, &sol, NULL), FPT_OK));
    double objective = sol->objective;
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_diags_clear(&d);
    return objective;
}

Test(api, solve_and_scenario_agree)
{
    const char *whatifs[] = {"{}", "{\"values\": {\"weight.scale\": 3}}",
                             "{\"values\": {\"level.hub.unit-population\": 2500000, "
                             "\"finance.allowance-per-head-gbp\": 20}}"};
    for (size_t i = 0; i < 3; i++) {
        json_t *j = call_json("POST", "/api/solve", whatifs[i], 200);
        json_t *result = json_object_get(j, "result");
        cr_assert(eq(str, (char *)json_string_value(json_object_get(result, "status")), "optimal"));
        double objective = json_number_value(json_object_get(result, "objective"));
        double expected = library_objective(whatifs[i]);
        /* the reports write 17 significant digits: the number reads back exactly */
        cr_expect(objective == expected, "%s: %.17g against %.17g", whatifs[i], objective,
                  expected);
        cr_expect(json_object_get(j, "why") != NULL);
        cr_expect(json_object_get(result, "why") == NULL, "/api/solve prices nothing");
        json_decref(j);
    }
}

/* /api/why: the plan's why from the library — every function's price at every level, its
 * margin and fragility — as `footprint solve --format json` writes it; the price of the
 * chosen level is the objective, every other price at least the objective, and the margin
 * the least of them over the objective. Risk stratification is fragile on the default run. */
Test(api, why_prices_every_function_at_every_level)
{
    json_t *j = call_json("POST", "/api/why", "{}", 200);
    json_t *result = json_object_get(j, "result");
    cr_assert(eq(str, (char *)json_string_value(json_object_get(result, "status")), "optimal"));
    double objective = json_number_value(json_object_get(result, "objective"));
    json_t *assignments = json_object_get(result, "assignments");
    cr_assert(eq(sz, json_array_size(assignments), model->n_functions));
    size_t i;
    json_t *a;
    bool risk_fragile = false;
    json_array_foreach(assignments, i, a)
    {
        json_t *why = json_object_get(a, "why");
        cr_assert(why != NULL && json_is_object(why), "function %zu has no why", i);
        double least = INFINITY;
        size_t k;
        json_t *lv;
        json_array_foreach(json_object_get(why, "levels"), k, lv)
        {
            const char *kind = json_string_value(json_object_get(lv, "price"));
            double price = json_number_value(json_object_get(lv, "price_gbp"));
            if (strcmp(kind, "chosen") == 0) {
                cr_expect(fabs(price - objective) <= 1e-9 * objective);
            } else if (strcmp(kind, "plan") == 0) {
                cr_expect(price >= objective * (1 - 1e-12), "a price below the optimum");
                least = fmin(least, price);
            }
        }
        double margin = json_number_value(json_object_get(why, "margin_gbp"));
        cr_expect(fabs(margin - (least - objective)) <= 1e-6 * objective, "function %zu", i);
        const char *id = json_string_value(json_object_get(a, "function"));
        if (strcmp(id, "risk-stratification") == 0) {
            risk_fragile = is_true(json_object_get(why, "fragile"));
        }
    }
    cr_expect(risk_fragile, "risk stratification is fragile on the default run");
    json_decref(j);
}

/* Each level's weighted terms add up to its weighted_gbp, and at an optimum no level open
 * alone is cheaper. */
static void check_why_of(const char *what_if)
{
    json_t *j = call_json("POST", "/api/solve", what_if, 200);
    json_t *why = json_object_get(j, "why");
    cr_assert(eq(sz, json_array_size(why), model->n_functions));
    size_t i;
    json_t *fn;
    json_array_foreach(why, i, fn)
    {
        const char *chosen = json_string_value(json_object_get(fn, "level"));
        size_t k;
        json_t *lv;
        json_array_foreach(json_object_get(fn, "levels"), k, lv)
        {
            double delta = json_number_value(json_object_get(lv, "delta_gbp"));
            const char *id = json_string_value(json_object_get(lv, "level"));
            double total = 0;
            const char *key;
            json_t *v;
            json_object_foreach(json_object_get(lv, "weighted_terms_gbp"), key, v)
            {
                total += json_number_value(v);
            }
            cr_expect(epsilon_eq(dbl, total, json_number_value(json_object_get(lv, "weighted_gbp")),
                                 1e-3),
                      "terms do not add up");
            if (strcmp(id, chosen) == 0) {
                cr_expect(epsilon_eq(dbl, delta, 0, 1e-6));
                cr_expect(is_true(json_object_get(lv, "feasible_alone")));
            } else if (is_true(json_object_get(lv, "feasible_alone"))) {
                cr_expect(ge(dbl, delta, -1e-3), "%s at %s is cheaper and open: %g",
                          json_string_value(json_object_get(fn, "function")), id, delta);
            } else {
                cr_expect(gt(sz, json_array_size(json_object_get(lv, "blocked_by")), 0));
            }
        }
    }
    json_decref(j);
}

Test(api, why_agrees_with_an_optimal_plan)
{
    check_why_of("{\"values\": {\"weight.scale\": 2}}");
}

/* With a transition the weighted sum counts it, and the optimum still admits no cheaper move. */
Test(api_transition, why_counts_the_transition, .init = start_transition, .fini = stop)
{
    check_why_of("{\"values\": {}}");
    json_t *j = call_json("POST", "/api/solve", "{\"values\": {}}", 200);
    json_t *lv =
        json_array_get(json_object_get(json_array_get(json_object_get(j, "why"), 0), "levels"), 1);
    cr_expect(
        ne(ptr, json_object_get(json_object_get(lv, "weighted_terms_gbp"), "transition"), NULL));
    json_decref(j);
}

Test(api, a_lock_blocks_and_is_named)
{
    json_t *j = call_json("POST", "/api/solve",
                          "{\"locks\": [{\"function\": \"legal\", \"level\": \"local\", "
                          "\"mode\": \"forbid\"}]}",
                          200);
    size_t legal = (size_t)fpt_model_find_function(model, "legal");
    json_t *fn = json_array_get(json_object_get(j, "why"), legal);
    json_t *local = json_array_get(json_object_get(fn, "levels"), 0);
    cr_expect(is_false(json_object_get(local, "allowed")));
    cr_expect(eq(str,
                 (char *)json_string_value(json_array_get(json_object_get(local, "blocked_by"), 0)),
                 "lock"));
    json_decref(j);
}

Test(api, bad_what_ifs_are_400_with_problems)
{
    json_t *j = call_json("POST", "/api/solve", "{\"values\": {\"weight.scale\": -1}}", 400);
    json_t *p = json_array_get(json_object_get(j, "problems"), 0);
    cr_expect(
        eq(str, (char *)json_string_value(json_object_get(p, "field")), "values.weight.scale"));
    cr_expect(eq(str, (char *)json_string_value(json_object_get(p, "message")),
                 "weight for 'scale' is -1 (expected a finite number >= 0)"));
    json_decref(j);
    j = call_json("POST", "/api/scenario", "not json", 400);
    json_decref(j);
    j = call_json("POST", "/api/solve", NULL, 400);
    json_decref(j);
}

Test(api, an_infeasible_what_if_is_a_result_with_its_clashes)
{
    json_t *j =
        call_json("POST", "/api/solve", "{\"values\": {\"supply.legal.supply-wte\": 1}}", 200);
    json_t *result = json_object_get(j, "result");
    cr_expect(eq(str, (char *)json_string_value(json_object_get(result, "status")), "infeasible"));
    cr_expect(gt(sz, json_array_size(json_object_get(result, "clashes")), 0));
    cr_expect(is_null(json_object_get(j, "why")));
    json_decref(j);
}

Test(api, a_sweep_is_refused)
{
    fpt_scenario *sweep = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert(eq(
        int,
        fpt_scenario_load(FPT_SOURCE_DIR "/scenarios/sweep-hub-size.xml", model, &sweep, &d, &err),
        FPT_OK));
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_api *other = (fpt_api *)1;
    cr_expect(eq(int, fpt_api_create(model, sweep, NULL, &o, &other, &err), FPT_EUSAGE));
    cr_expect(eq(ptr, other, NULL));
    cr_expect(ne(ptr, strstr(err.message, "has a sweep or Monte Carlo"), NULL));
    fpt_scenario_free(sweep);
    fpt_diags_clear(&d);
}
