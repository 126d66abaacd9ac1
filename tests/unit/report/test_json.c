/* SPDX-License-Identifier: MIT */
/*
 * Reports of the default England run: the JSON parses and holds the documented keys with
 * figures that add up; the CSV has one row per function plus a total that matches; the
 * table names every function; the atomic writer leaves either the whole file or nothing.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/report.h"
#include "footprint/solve.h"

#define MODEL    FPT_SOURCE_DIR "/models/england2013.xml"
#define SCENARIO FPT_SOURCE_DIR "/scenarios/hub5m.xml"

static fpt_model *model;
static fpt_scenario *scenario;
static fpt_appraisal *appraisal;
static fpt_solution *solution;

static void setup(void)
{
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert_eq(fpt_model_load(MODEL, &model, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_scenario_load(SCENARIO, model, &scenario, &d, &err), FPT_OK, "%s",
                 err.message);
    cr_assert_eq(fpt_appraisal_build(model, scenario, &appraisal, &err), FPT_OK);
    fpt_solve_options opt;
    fpt_solve_options_init(&opt);
    cr_assert_eq(fpt_solve(appraisal, &opt, &solution, &err), FPT_OK, "%s", err.message);
    fpt_diags_clear(&d);
}

static void teardown(void)
{
    fpt_solution_free(solution);
    fpt_appraisal_free(appraisal);
    fpt_scenario_free(scenario);
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

static char *render(fpt_format format)
{
    fpt_report_input in = {
        .model = model, .scenario = scenario, .appraisal = appraisal, .solution = solution};
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    cr_assert_eq(fpt_report_render(&in, format, &text, &len, &err), FPT_OK);
    cr_assert_eq(strlen(text), len);
    return text;
}

static double number(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "key '%s' is not a number", key);
    return json_number_value(v);
}

TestSuite(report, .init = setup, .fini = teardown);

Test(report, json_has_documented_keys_and_consistent_totals)
{
    char *text = render(FPT_FORMAT_JSON);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    cr_assert_not_null(root, "JSON does not parse: %s (line %d)", jerr.text, jerr.line);
    cr_expect_str_eq(json_string_value(json_object_get(root, "status")), "optimal");
    double pop = number(root, "population");
    double total = number(root, "cost_total_gbp");
    cr_expect_eq(pop, 53107169.0);
    cr_expect(fabs(number(root, "cost_per_head_gbp") - total / pop) <= 1e-9);
    cr_expect_eq(number(root, "allowance_per_head_gbp"), 25.0);
    number(root, "objective");
    number(root, "gap");
    json_t *assignments = json_object_get(root, "assignments");
    cr_assert_eq(json_array_size(assignments), model->n_functions);
    double sum = 0;
    for (size_t i = 0; i < json_array_size(assignments); i++) {
        json_t *a = json_array_get(assignments, i);
        cr_expect_str_eq(json_string_value(json_object_get(a, "function")), model->functions[i].id);
        cr_expect(json_is_string(json_object_get(a, "level")));
        cr_expect(json_is_integer(json_object_get(a, "units")));
        number(a, "wte");
        sum += number(a, "cost_gbp");
    }
    cr_expect(fabs(sum - total) <= 1e-6 * total, "assignments add to %f, total %f", sum, total);
    json_decref(root);
    free(text);
}

/* The n-th field (0-based) of a CSV line; names with commas are quoted, so skip quoted text. */
static double csv_number(const char *line, int n)
{
    int field = 0;
    bool quoted = false;
    const char *p = line;
    for (; *p && field < n; p++) {
        quoted ^= *p == '"';
        field += !quoted && *p == ',';
    }
    return strtod(p, NULL);
}

Test(report, csv_rows_add_up_to_the_totals_csv)
{
    char *text = render(FPT_FORMAT_CSV), *totals = NULL;
    size_t rows = 0, len = 0;
    double sum = 0;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n"), rows++) {
        if (rows == 0) {
            cr_expect(strncmp(line, "function,name,category,level", 28) == 0);
            continue;
        }
        cr_expect(strncmp(line, "total,", 6) != 0, "a total row among the functions");
        sum += csv_number(line, 6); /* running_gbp */
    }
    cr_expect_eq(rows, model->n_functions + 1);
    fpt_report_input in = {
        .model = model, .scenario = scenario, .appraisal = appraisal, .solution = solution};
    fpt_error err = {0};
    cr_assert_eq(fpt_report_render_totals_csv(&in, &totals, &len, &err), FPT_OK);
    char *record = strchr(totals, '\n');
    cr_assert_not_null(record);
    cr_expect(strncmp(totals, "status,objective_gbp,", 21) == 0);
    cr_expect(strncmp(record + 1, "optimal,", 8) == 0);
    cr_expect_eq(strchr(record + 1, '\n'), totals + len - 1, "one record");
    double total = csv_number(record + 1, 9); /* cost_total_gbp */
    cr_expect(fabs(sum - total) <= 1e-6 * total + model->n_functions * 0.01, "%f vs %f", sum,
              total);
    free(totals);
    free(text);
}

Test(report, table_names_every_function_and_the_status)
{
    char *text = render(FPT_FORMAT_TABLE);
    for (size_t f = 0; f < model->n_functions; f++) {
        cr_expect_not_null(strstr(text, model->functions[f].id), "%s missing",
                           model->functions[f].id);
    }
    cr_expect_not_null(strstr(text, "Solver: optimal"));
    free(text);
}

Test(report, atomic_write_leaves_whole_file_or_nothing)
{
    char dir[] = "/tmp/fpt-report-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256], bad[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    snprintf(bad, sizeof bad, "%s/missing/out.txt", dir);
    fpt_error err = {0};
    cr_assert_eq(fpt_write_atomic(path, "hello\n", 6, &err), FPT_OK);
    FILE *f = fopen(path, "r");
    char buf[16] = {0};
    cr_assert_not_null(f);
    cr_expect_eq(fread(buf, 1, sizeof buf, f), 6);
    fclose(f);
    cr_expect_str_eq(buf, "hello\n");
    fpt_error err2 = {0};
    cr_expect_eq(fpt_write_atomic(bad, "x", 1, &err2), FPT_EIO);
    cr_expect_not_null(strstr(err2.message, "missing/out.txt"));
    cr_expect_eq(access(bad, F_OK), -1);
    remove(path);
    rmdir(dir);
}
