/* SPDX-License-Identifier: MIT */
/*
 * The why of the default England run in the table, CSV and JSON (report/report_why.c): every
 * CSV row has the header's fields and a price column per level that agrees with the JSON;
 * the JSON holds the whole function × level matrix, the chosen level's price is the
 * objective and the margin is the least other price's; risk stratification is fragile with
 * sub-national named; without a why the outputs carry none of it.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/report.h"
#include "footprint/solve.h"
#include "footprint/why.h"

#define MODEL    FPT_SOURCE_DIR "/models/england2013.xml"
#define SCENARIO FPT_SOURCE_DIR "/scenarios/hub5m.xml"

static fpt_model *model;
static fpt_scenario *scenario;
static fpt_appraisal *appraisal;
static fpt_solution *solution;
static fpt_why *why;

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
    fpt_why_options wo;
    fpt_why_options_init(&wo);
    wo.threads = 1;
    cr_assert_eq(fpt_why_run(model, scenario, appraisal, solution, &wo, &why, &err), FPT_OK, "%s",
                 err.message);
    fpt_diags_clear(&d);
}

static void teardown(void)
{
    fpt_why_free(why);
    fpt_solution_free(solution);
    fpt_appraisal_free(appraisal);
    fpt_scenario_free(scenario);
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

TestSuite(why_render, .init = setup, .fini = teardown);

static char *render(fpt_format format, bool with_why)
{
    fpt_report_input in = {.model = model,
                           .scenario = scenario,
                           .appraisal = appraisal,
                           .solution = solution,
                           .why = with_why ? why : NULL};
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    cr_assert_eq(fpt_report_render(&in, format, &text, &len, &err), FPT_OK);
    return text;
}

static size_t function_index(const char *id)
{
    for (size_t f = 0; f < model->n_functions; f++) {
        if (strcmp(model->functions[f].id, id) == 0) {
            return f;
        }
    }
    cr_assert_fail("no function %s", id);
    return 0;
}

/* Split one CSV line into fields (quotes removed, "" kept as one quote); returns the count. */
static size_t split_csv(const char *line, char fields[][512], size_t max)
{
    size_t n = 0, len = 0;
    bool quoted = false;
    for (const char *p = line;; p++) {
        if (*p == '"' && quoted && p[1] == '"') {
            fields[n][len++] = *p++;
        } else if (*p == '"') {
            quoted = !quoted;
        } else if ((*p == ',' && !quoted) || *p == '\0') {
            fields[n][len] = '\0';
            n++;
            len = 0;
            if (*p == '\0' || n == max) {
                return n;
            }
        } else if (len < 511) {
            fields[n][len++] = *p;
        }
    }
}

static long column(char header[][512], size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(header[i], name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

enum { MAX_FIELDS = 256 };

Test(why_render, csv_rows_are_whole_and_hold_the_matrix)
{
    char *text = render(FPT_FORMAT_CSV, true);
    static char header[MAX_FIELDS][512], row[MAX_FIELDS][512];
    char *save = NULL;
    char *line = strtok_r(text, "\n", &save);
    size_t n = split_csv(line, header, MAX_FIELDS);
    /* The default scenario reports its transition (at weight 0): three more columns a row
     * and the transition term at each level. */
    cr_assert(fpt_scenario_has_transition(scenario));
    cr_assert_eq(n, 17 + 13 + 3 + scenario->n_levels * (3 + FPT_N_TERMS), "%zu columns", n);
    long next = column(header, n, "next_best"), fragile = column(header, n, "fragile");
    cr_assert(next >= 0 && fragile >= 0);
    size_t rows = 0;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        cr_assert_eq(split_csv(line, row, MAX_FIELDS), n, "row %zu has another field count", rows);
        if (strcmp(row[0], "total") == 0) {
            cr_expect_str_empty(row[next]);
            continue;
        }
        size_t f = function_index(row[0]);
        for (size_t l = 0; l < scenario->n_levels; l++) {
            char name[64];
            snprintf(name, sizeof name, "%s.price_gbp", scenario->levels[l].id);
            long c = column(header, n, name);
            cr_assert(c >= 0, "no column %s", name);
            double price = fpt_why_cell_at(why, f, l)->price_gbp;
            if (isfinite(price)) {
                cr_expect(fabs(strtod(row[c], NULL) - price) <= 0.01, "%s %s", row[0], name);
            } else {
                cr_expect_str_empty(row[c], "%s %s", row[0], name);
            }
        }
        cr_expect_str_eq(row[fragile], why->functions[f].fragile ? "yes" : "no");
        rows++;
    }
    cr_expect_eq(rows, model->n_functions);
    free(text);
}

static json_t *assignment(json_t *root, const char *id)
{
    json_t *a = json_array_get(json_object_get(root, "assignments"), function_index(id));
    cr_assert_str_eq(json_string_value(json_object_get(a, "function")), id);
    return json_object_get(a, "why");
}

Test(why_render, json_holds_every_level_and_the_margin_is_the_least_other_price)
{
    char *text = render(FPT_FORMAT_JSON, true);
    json_t *root = json_loads(text, 0, NULL);
    cr_assert_not_null(root);
    double z = json_number_value(json_object_get(root, "objective"));
    for (size_t f = 0; f < model->n_functions; f++) {
        json_t *w = assignment(root, model->functions[f].id);
        json_t *levels = json_object_get(w, "levels");
        cr_assert_eq(json_array_size(levels), scenario->n_levels);
        double least = INFINITY;
        for (size_t l = 0; l < scenario->n_levels; l++) {
            json_t *c = json_array_get(levels, l);
            const char *kind = json_string_value(json_object_get(c, "price"));
            double price = json_number_value(json_object_get(c, "price_gbp"));
            cr_expect_eq(json_object_size(json_object_get(c, "terms_gbp")), FPT_N_TERMS);
            if (l == solution->level[f]) {
                cr_expect_str_eq(kind, "chosen");
                cr_expect(fabs(price - z) <= 1e-6 * z);
            } else if (strcmp(kind, "plan") == 0) {
                least = fmin(least, price - z);
            } else {
                cr_expect(json_is_null(json_object_get(c, "price_gbp")));
                cr_expect(json_is_string(json_object_get(c, "blocked_by")) ||
                          strcmp(kind, "locked") == 0);
            }
        }
        double margin = json_number_value(json_object_get(w, "margin_gbp"));
        cr_expect(fabs(margin - least) <= 1e-6 * z, "%s: margin %f, least %f",
                  model->functions[f].id, margin, least);
        cr_expect(least > 0, "no other level is cheaper than the optimum");
    }
    json_t *rs = assignment(root, "risk-stratification");
    cr_expect(json_is_true(json_object_get(rs, "fragile")));
    cr_expect_str_eq(json_string_value(json_object_get(rs, "next_best")), "sub-national");
    cr_expect_str_eq(
        json_string_value(json_object_get(json_object_get(rs, "weight_change"), "criterion")),
        "scale");
    json_t *plan = json_object_get(root, "why");
    cr_expect(json_array_size(json_object_get(plan, "fragile")) > 0);
    json_decref(root);
    free(text);
}

Test(why_render, table_flags_risk_stratification_with_its_alternative_and_price)
{
    char *text = render(FPT_FORMAT_TABLE, true);
    cr_assert_not_null(strstr(text, "  why\n"), "no why column");
    const char *row = strstr(text, "\nrisk-stratification ");
    cr_assert_not_null(row);
    char line[1024];
    sscanf(row + 1, "%1023[^\n]", line);
    char money[32], want[96];
    size_t f = function_index("risk-stratification");
    double margin = why->functions[f].margin_gbp;
    cr_assert(margin < 1e3, "the example needs a margin under £1k: %f", margin);
    snprintf(money, sizeof money, "£%.0f", margin);
    snprintf(want, sizeof want, "FRAGILE next best sub-national +%s", money);
    cr_expect_not_null(strstr(line, want), "row reads '%s', expected '%s'", line, want);
    cr_expect_not_null(strstr(line, "scale weight rises"), "%s", line);
    cr_expect_not_null(strstr(text, "functions fragile"));
    free(text);
}

Test(why_render, without_a_why_no_output_carries_one)
{
    char *csv = render(FPT_FORMAT_CSV, false), *json = render(FPT_FORMAT_JSON, false);
    char *table = render(FPT_FORMAT_TABLE, false);
    cr_expect_null(strstr(csv, "next_best"));
    cr_expect_null(strstr(json, "\"why\""));
    cr_expect_null(strstr(table, "FRAGILE"));
    cr_expect_null(strstr(table, "  why"));
    char buf[64] = "x";
    fpt_report_input in = {.model = model, .scenario = scenario, .solution = solution};
    cr_expect_eq(fpt_report_why_line(&in, 0, buf, sizeof buf), 0);
    cr_expect_str_empty(buf);
    free(csv);
    free(json);
    free(table);
}

Test(why_render, the_line_reports_the_length_it_needs_when_cut)
{
    fpt_report_input in = {.model = model, .scenario = scenario, .solution = solution, .why = why};
    char whole[1024], cut[16];
    size_t need = fpt_report_why_line(&in, 1, whole, sizeof whole);
    cr_assert_eq(need, strlen(whole));
    cr_expect_eq(fpt_report_why_line(&in, 1, cut, sizeof cut), need);
    cr_expect_eq(strlen(cut), sizeof cut - 1);
    cr_expect(strncmp(cut, whole, sizeof cut - 1) == 0);
}
