/* SPDX-License-Identifier: MIT */
/*
 * Comparing runs (solver/report/diff.c) on small JSON documents written by each test: status
 * changes always fail; level changes are reported and fail only when asked; the cost-per-head
 * change is measured against the first run and fails only past the limit (strictly); sweep
 * outputs are compared scenario by scenario by index, scenarios missing from either run
 * counted; and broken input — unreadable, not JSON, not an object, duplicate keys, a solve
 * output against a sweep output, any JSON footprint never writes (no status, a plan without
 * its figures or levels, a zero cost) — is refused with the file named.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include "footprint/diff.h"

/* ---- documents --------------------------------------------------------------------------- */

enum { MAX_FILES = 4 };

static char paths[MAX_FILES][64];
static size_t n_paths;

static void remove_files(void)
{
    for (size_t i = 0; i < n_paths; i++) {
        unlink(paths[i]);
    }
}

TestSuite(diff, .fini = remove_files);

/* Write text to a new temporary file; returns its path (removed after the test). */
static const char *doc(const char *text)
{
    cr_assert(lt(sz, n_paths, MAX_FILES));
    char *path = paths[n_paths++];
    snprintf(path, sizeof paths[0], "/tmp/fpt-diff-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(ge(int, fd, 0));
    FILE *fp = fdopen(fd, "w");
    cr_assert(ne(ptr, fp, NULL));
    fputs(text, fp);
    cr_assert(eq(int, fclose(fp), 0));
    return path;
}

/* A solve output: status, objective, cost per head and the levels of f1 and f2. */
static const char *solve_doc(const char *status, double objective, double cost, const char *l1,
                             const char *l2)
{
    char text[512];
    snprintf(text, sizeof text,
             "{\"status\": \"%s\", \"objective\": %.17g, \"cost_per_head_gbp\": %.17g,\n"
             " \"assignments\": [{\"function\": \"f1\", \"level\": \"%s\"},\n"
             "                 {\"function\": \"f2\", \"level\": \"%s\"}]}\n",
             status, objective, cost, l1, l2);
    return doc(text);
}

static fpt_diff_report compare(const char *a, const char *b, const fpt_diff_options *o)
{
    fpt_diff_report r;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_diff_files(a, b, o, &r, &err), FPT_OK), "%s", err.message);
    return r;
}

static bool says(const fpt_diff_report *r, const char *text)
{
    return r->text != NULL && strstr(r->text, text) != NULL;
}

static fpt_diff_options defaults(void)
{
    fpt_diff_options o;
    fpt_diff_options_init(&o);
    return o;
}

/* ---- plans ------------------------------------------------------------------------------ */

Test(diff, the_defaults_set_no_limit)
{
    fpt_diff_options o = defaults();
    cr_expect(lt(dbl, o.max_cost_change_pct, 0));
    cr_expect(eq(int, o.fail_on_level_change, false));
}

Test(diff, a_run_against_itself_is_unchanged)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    fpt_diff_options o = defaults();
    o.fail_on_level_change = true;
    o.max_cost_change_pct = 0;
    fpt_diff_report r = compare(a, a, &o);
    cr_expect(eq(sz, r.n_compared, 1));
    cr_expect(eq(sz, r.n_level_changes, 0));
    cr_expect(eq(sz, r.n_status_changes, 0));
    cr_expect(eq(dbl, r.max_cost_change_pct, 0));
    cr_expect(eq(int, r.exceeded, false));
    cr_expect(eq(str, r.text,
                 "1 compared: 0 status changes, 0 level changes, largest cost-per-head change "
                 "0.0000% (limit 0.0000%): ok\n"));
    fpt_diff_report_clear(&r);
    cr_expect(eq(ptr, r.text, NULL));
}

/* A status change fails whatever the options. */
Test(diff, a_status_change_always_fails)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    const char *b = doc("{\"status\": \"infeasible\", \"objective\": null}");
    fpt_diff_options o = defaults();
    fpt_diff_report r = compare(a, b, &o);
    cr_expect(eq(sz, r.n_status_changes, 1));
    cr_expect(r.exceeded);
    cr_expect(says(&r, "status: optimal -> infeasible\n"), "%s", r.text);
    cr_expect(says(&r, "1 status change, "), "singular: %s", r.text);
    cr_expect(says(&r, ": FAIL\n"));
    cr_expect(not(says(&r, "objective:")), "a missing objective is not compared");
    fpt_diff_report_clear(&r);
}

Test(diff, level_changes_are_reported_and_fail_only_when_asked)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    const char *b = solve_doc("optimal", 1000, 10, "hub", "national");
    fpt_diff_options o = defaults();
    fpt_diff_report r = compare(a, b, &o);
    cr_expect(eq(sz, r.n_level_changes, 2));
    cr_expect(says(&r, "level: f1 moved from local to hub\n"), "%s", r.text);
    cr_expect(says(&r, "level: f2 moved from hub to national\n"), "%s", r.text);
    cr_expect(eq(int, r.exceeded, false));
    fpt_diff_report_clear(&r);
    o.fail_on_level_change = true;
    r = compare(a, b, &o);
    cr_expect(r.exceeded);
    cr_expect(says(&r, "2 level changes"));
    fpt_diff_report_clear(&r);
}

/*
 * Cost per head 8 -> 10 is +25% exactly (2 / 8); the objective 1000 -> 900 is −10%. A limit
 * of 25% is not passed (only a change beyond it fails), 24.99% is. The reverse run, 10 -> 8,
 * is −20%: the change is measured against the first run.
 */
Test(diff, the_cost_limit_is_strict_and_relative_to_the_first_run)
{
    const char *a = solve_doc("optimal", 1000, 8, "local", "hub");
    const char *b = solve_doc("optimal", 900, 10, "local", "hub");
    fpt_diff_options o = defaults();
    o.max_cost_change_pct = 25;
    fpt_diff_report r = compare(a, b, &o);
    cr_expect(eq(dbl, r.max_cost_change_pct, 25));
    cr_expect(eq(int, r.exceeded, false));
    cr_expect(says(&r, "objective: 1000.00 -> 900.00 (-10.0000%)\n"), "%s", r.text);
    cr_expect(says(&r, "cost per head: £8.0000 -> £10.0000 (+25.0000%)\n"), "%s", r.text);
    cr_expect(says(&r, "(limit 25.0000%): ok\n"), "%s", r.text);
    fpt_diff_report_clear(&r);
    o.max_cost_change_pct = 24.99;
    r = compare(a, b, &o);
    cr_expect(r.exceeded);
    fpt_diff_report_clear(&r);
    o.max_cost_change_pct = -1;
    r = compare(b, a, &o);
    cr_expect(eq(dbl, r.max_cost_change_pct, 20));
    cr_expect(eq(int, r.exceeded, false), "no limit, no failure");
    cr_expect(not(says(&r, "(limit")));
    fpt_diff_report_clear(&r);
}

/* An objective of 0 (every weight 0) is a plan; a change from it has no percentage. */
Test(diff, a_change_from_a_zero_objective_is_shown_without_a_percentage)
{
    const char *a = solve_doc("optimal", 0, 10, "local", "hub");
    const char *b = solve_doc("optimal", 5, 10, "local", "hub");
    fpt_diff_options o = defaults();
    fpt_diff_report r = compare(a, b, &o);
    cr_expect(says(&r, "objective: 0.00 -> 5.00 (from zero)\n"), "%s", r.text);
    cr_expect(eq(int, r.exceeded, false));
    fpt_diff_report_clear(&r);
}

/* Documents footprint never writes, each refused with what is wrong before any comparison. */
typedef struct stranger {
    char text[160];
    char reason[64];
} stranger;

ParameterizedTestParameters(diff, strangers_are_refused)
{
    static stranger cases[] = {
        {"{}", "has no \"status\""},
        {"{\"name\": \"package\", \"version\": \"1.0\"}", "has no \"status\""},
        {"{\"status\": \"fine\"}", "footprint never writes"},
        {"{\"status\": \"optimal\"}", "without an \"objective\""},
        {"{\"status\": \"optimal\", \"objective\": 1, \"cost_per_head_gbp\": 1}",
         "without \"assignments\""},
        {"{\"status\": \"optimal\", \"objective\": null, \"cost_per_head_gbp\": 1, "
         "\"assignments\": [{\"function\": \"a\", \"level\": \"b\"}]}",
         "without an \"objective\""},
        {"{\"status\": \"optimal\", \"objective\": 1, \"cost_per_head_gbp\": 0, "
         "\"assignments\": [{\"function\": \"a\", \"level\": \"b\"}]}",
         "\"cost_per_head_gbp\" that is a number > 0"},
        {"{\"status\": \"optimal\", \"objective\": 1, \"cost_per_head_gbp\": 1, "
         "\"assignments\": [{\"function\": \"a\"}]}",
         "without a \"function\" and a \"level\""},
        {"{\"scenarios\": {}}", "not an array"},
        {"{\"scenarios\": [{\"status\": \"infeasible\"}]}", "scenarios[0] has no whole"},
        {"{\"scenarios\": [{\"index\": 2, \"status\": \"infeasible\"}, {\"index\": 2, "
         "\"status\": \"infeasible\"}]}",
         "scenarios[1] has no whole \"index\" above"},
        {"{\"scenarios\": [{\"index\": 0, \"status\": \"optimal\", \"objective\": 1, "
         "\"cost_per_head_gbp\": 1}]}",
         "scenarios[0] has a plan without \"levels\""},
    };
    return cr_make_param_array(stranger, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(stranger *c, diff, strangers_are_refused)
{
    const char *good = solve_doc("optimal", 1000, 10, "local", "hub");
    const char *bad = doc(c->text);
    fpt_diff_options o = defaults();
    fpt_diff_report r;
    for (int order = 0; order < 2; order++) {
        fpt_error e = {0};
        fpt_status st = fpt_diff_files(order ? bad : good, order ? good : bad, &o, &r, &e);
        cr_expect(eq(int, st, FPT_EINVALID), "%s", c->text);
        cr_expect(strstr(e.message, c->reason) != NULL, "%s: %s", c->text, e.message);
        cr_expect(strstr(e.message, "not a footprint JSON output") != NULL, "%s", e.message);
        cr_expect(strcmp(e.file, bad) == 0, "%s", e.file);
        fpt_diff_report_clear(&r);
    }
}

Test(diff, a_function_missing_from_the_second_run_is_named)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    const char *b = doc("{\"status\": \"optimal\", \"objective\": 1000, \"cost_per_head_gbp\": 10,"
                        " \"assignments\": [{\"function\": \"f1\", \"level\": \"local\"}]}");
    fpt_diff_options o = defaults();
    fpt_diff_report r = compare(a, b, &o);
    cr_expect(says(&r, "function f2 is only in the first run\n"), "%s", r.text);
    cr_expect(eq(sz, r.n_level_changes, 0));
    fpt_diff_report_clear(&r);
}

/* ---- sweeps ----------------------------------------------------------------------------- */

static const char *SWEEP_A =
    "{\"scenarios\": [\n"
    " {\"index\": 0, \"status\": \"optimal\", \"objective\": 10, \"cost_per_head_gbp\": 4,"
    "  \"levels\": {\"f1\": \"local\"}},\n"
    " {\"index\": 1, \"status\": \"optimal\", \"objective\": 20, \"cost_per_head_gbp\": 5,"
    "  \"levels\": {\"f1\": \"local\"}},\n"
    " {\"index\": 2, \"status\": \"optimal\", \"objective\": 30, \"cost_per_head_gbp\": 6,"
    "  \"levels\": {\"f1\": \"hub\"}}]}";

/* Scenario 1 moved f1 and cost 5 -> 5.5 (+10%); scenario 2 is missing; scenario 3 is new. */
static const char *SWEEP_B =
    "{\"scenarios\": [\n"
    " {\"index\": 0, \"status\": \"optimal\", \"objective\": 10, \"cost_per_head_gbp\": 4,"
    "  \"levels\": {\"f1\": \"local\"}},\n"
    " {\"index\": 1, \"status\": \"optimal\", \"objective\": 22, \"cost_per_head_gbp\": 5.5,"
    "  \"levels\": {\"f1\": \"national\"}},\n"
    " {\"index\": 3, \"status\": \"optimal\", \"objective\": 30, \"cost_per_head_gbp\": 6,"
    "  \"levels\": {\"f1\": \"hub\"}}]}";

Test(diff, sweeps_are_compared_scenario_by_scenario)
{
    const char *a = doc(SWEEP_A), *b = doc(SWEEP_B);
    fpt_diff_options o = defaults();
    fpt_diff_report r = compare(a, b, &o);
    cr_expect(eq(sz, r.n_compared, 2), "scenarios 0 and 1 are in both");
    cr_expect(eq(sz, r.n_level_changes, 1));
    cr_expect(eq(sz, r.n_status_changes, 1), "scenario 2 is gone");
    cr_expect(says(&r, "scenario 1: level: f1 moved from local to national\n"), "%s", r.text);
    cr_expect(says(&r, "scenario 1: cost per head: £5.0000 -> £5.5000 (+10.0000%)\n"), "%s",
              r.text);
    cr_expect(says(&r, "scenario 2: only in the first run\n"), "%s", r.text);
    cr_expect(not(says(&r, "scenario 0:")), "scenario 0 is unchanged: %s", r.text);
    cr_expect(fabs(r.max_cost_change_pct - 10) < 1e-9, "%.17g", r.max_cost_change_pct);
    cr_expect(r.exceeded);
    fpt_diff_report_clear(&r);
}

/* A longer second run counts its extra scenarios as status changes. */
Test(diff, extra_scenarios_in_the_second_run_are_counted)
{
    const char *a = doc("{\"scenarios\": [{\"index\": 0, \"status\": \"infeasible\"}]}");
    const char *b = doc("{\"scenarios\": [{\"index\": 0, \"status\": \"infeasible\"},"
                        " {\"index\": 1, \"status\": \"no plan\"},"
                        " {\"index\": 2, \"status\": \"infeasible\"}]}");
    fpt_diff_options o = defaults();
    fpt_diff_report r = compare(a, b, &o);
    cr_expect(eq(sz, r.n_compared, 1));
    cr_expect(eq(sz, r.n_status_changes, 2));
    cr_expect(says(&r, "scenarios: 1 in the first run, 3 in the second\n"), "%s", r.text);
    cr_expect(r.exceeded);
    fpt_diff_report_clear(&r);
}

/* ---- broken input ------------------------------------------------------------------------ */

static fpt_status refuse(const char *a, const char *b, fpt_error *err)
{
    fpt_diff_options o = defaults();
    fpt_diff_report r;
    fpt_status st = fpt_diff_files(a, b, &o, &r, err);
    cr_expect(eq(ptr, r.text, NULL), "no report on failure");
    return st;
}

Test(diff, broken_json_is_named_with_its_line)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    const char *b = doc("{\"status\": \"optimal\",\n \"objective\": ");
    fpt_error err = {0};
    cr_expect(eq(int, refuse(a, b, &err), FPT_EINVALID));
    cr_expect(eq(str, err.file, (char *)b));
    cr_expect(eq(long, err.line, 2));
    cr_expect(ne(ptr, strstr(err.message, "not a footprint JSON output"), NULL), "%s", err.message);
}

Test(diff, documents_that_are_not_objects_or_repeat_a_key_are_refused)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    const char *texts[] = {"[1, 2]", "\"optimal\"", "{\"status\": \"a\", \"status\": \"b\"}", ""};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        n_paths = 1; /* reuse the slots after the first document */
        const char *b = doc(texts[i]);
        fpt_error err = {0};
        cr_expect(eq(int, refuse(a, b, &err), FPT_EINVALID), "'%s'", texts[i]);
        cr_expect(eq(str, err.file, (char *)b));
        cr_expect(ne(ptr, strstr(err.message, "not a footprint JSON output"), NULL), "%s",
                  err.message);
        unlink(b);
    }
}

Test(diff, a_missing_file_is_an_io_error)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    fpt_error err = {0};
    cr_expect(eq(int, refuse(a, "/nonexistent/run.json", &err), FPT_EIO));
    cr_expect(eq(str, err.file, "/nonexistent/run.json"));
    cr_expect(ne(ptr, strstr(err.message, "cannot read"), NULL), "%s", err.message);
    err = (fpt_error){0};
    cr_expect(eq(int, refuse("/nonexistent/run.json", a, &err), FPT_EIO), "the first file too");
}

Test(diff, a_solve_output_against_a_sweep_output_is_refused)
{
    const char *a = solve_doc("optimal", 1000, 10, "local", "hub");
    const char *b = doc(SWEEP_A);
    fpt_error err = {0};
    cr_expect(eq(int, refuse(a, b, &err), FPT_EINVALID));
    cr_expect(eq(str, err.file, (char *)b));
    cr_expect(ne(ptr, strstr(err.message, "is a solve output but"), NULL), "%s", err.message);
    cr_expect(ne(ptr, strstr(err.message, "is a sweep output (expected two of a kind)"), NULL),
              "%s", err.message);
}
