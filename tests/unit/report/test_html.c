/* SPDX-License-Identifier: MIT */
/*
 * The HTML report on the tiny model: it parses as HTML (libxml2's parser, whose only
 * complaint allowed is that it does not know SVG's element names) and as strict XML; it
 * loads nothing (no script, no URL); names holding markup characters come back as written;
 * it draws one stability bar per criterion and one acceptability bar per function, with the
 * shares the sweep gives; an infeasible scenario shows its clashes instead of the table.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "footprint/appraise.h"
#include "footprint/geography.h"
#include "footprint/load.h"
#include "footprint/sizing.h"
#include "footprint/solve.h"
#include "footprint/stability.h"
#include "footprint/sweep.h"
#include "footprint/why.h"
#include "report/html/html_report.h"

#define MODEL    FPT_TEST_DATA "/tiny-model.xml"
#define SCENARIO FPT_TEST_DATA "/tiny-scenario.xml"

static const char NASTY_NAME[] = "Nasty <fn> & \"co\" 'x'";
static const char NASTY_DESCRIPTION[] = "a < b && c > \"d\"";
static const char NASTY_TITLE[] = "Scenario <T> & 'friends'";

static fpt_model *model;
static fpt_scenario *scenario;
static fpt_appraisal *appraisal;
static fpt_solution *solution;
static fpt_stability *stability;
static fpt_sweep_run *run;
static fpt_why *why;

static void replace(char **field, const char *text)
{
    free(*field);
    *field = strdup(text);
    cr_assert_not_null(*field);
}

static void solve_scenario(void)
{
    fpt_error err = {0};
    fpt_solve_options opt;
    fpt_solve_options_init(&opt);
    cr_assert_eq(fpt_appraisal_build(model, scenario, &appraisal, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_solve(appraisal, &opt, &solution, &err), FPT_OK, "%s", err.message);
}

static void setup(void)
{
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert_eq(fpt_model_load(MODEL, &model, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_scenario_load(SCENARIO, model, &scenario, &d, &err), FPT_OK, "%s",
                 err.message);
    fpt_diags_clear(&d);
    replace(&model->functions[0].name, NASTY_NAME);
    replace(&model->functions[0].description, NASTY_DESCRIPTION);
    replace(&scenario->title, NASTY_TITLE);
}

static void teardown(void)
{
    fpt_sweep_run_free(run);
    fpt_why_free(why);
    fpt_stability_free(stability);
    fpt_solution_free(solution);
    fpt_appraisal_free(appraisal);
    fpt_scenario_free(scenario);
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

TestSuite(html, .init = setup, .fini = teardown);

static void compute_stability(void)
{
    fpt_error err = {0};
    fpt_stability_options o;
    fpt_stability_options_init(&o);
    o.threads = 1;
    cr_assert_eq(fpt_stability_run(model, scenario, &o, &stability, &err), FPT_OK);
}

static void compute_why(void)
{
    fpt_error err = {0};
    fpt_why_options o;
    fpt_why_options_init(&o);
    o.threads = 1;
    o.fragile_below = 0.06; /* 6% of the objective: bi-data's margin is less, not the rest */
    cr_assert_eq(fpt_why_run(model, scenario, appraisal, solution, &o, &why, &err), FPT_OK, "%s",
                 err.message);
}

/* Five scenarios: function 0 local in three, hub in one; the fifth infeasible. */
static void make_run(void)
{
    cr_assert_eq(fpt_sweep_run_create(5, model->n_functions, 0, &run), FPT_OK);
    for (size_t i = 0; i < 5; i++) {
        fpt_sweep_result *r = &run->results[i];
        r->done = true;
        r->result = i == 4 ? FPT_RESULT_INFEASIBLE : FPT_RESULT_OPTIMAL;
        if (i == 4) {
            const fpt_clash budget = {.kind = FPT_CLASH_BUDGET, .needed = 2, .available = 1};
            cr_assert_eq(fpt_sweep_result_set_clashes(r, &budget, 1), FPT_OK);
        }
        r->population = 1e6;
        r->cost_gbp = 1e6 * (double)(i + 1);
        for (size_t f = 0; f < model->n_functions; f++) {
            r->level[f] = f == 0 && i == 3 ? 1 : 0;
            r->function_cost_gbp[f] = 1e5 * (double)(i + 1);
        }
    }
    run->n_done = 5;
}

static char *render(size_t *len)
{
    fpt_html_report_input in = {.model = model,
                                .scenario = scenario,
                                .appraisal = appraisal,
                                .solution = solution,
                                .stability = stability,
                                .sweep = run,
                                .why = why};
    char *text = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_html_report_render(&in, &text, len, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(strlen(text), *len);
    return text;
}

/* ---- parsing ------------------------------------------------------------------------------- */

typedef struct parse_errors {
    int n;
    char first[256];
} parse_errors;

/* SVG inside HTML is HTML5; libxml2 2.9's HTML parser knows HTML 4 and calls the SVG element
 * names invalid tags. That, and only for these names, is not an error of the page. */
static bool is_svg_tag_complaint(const xmlError *e)
{
    static const char *const svg[] = {"svg", "g", "rect", "line", "text", "circle", "path"};
    if (e->code != XML_HTML_UNKNOWN_TAG || e->str1 == NULL) {
        return false;
    }
    for (size_t i = 0; i < sizeof svg / sizeof svg[0]; i++) {
        if (strcmp(e->str1, svg[i]) == 0) {
            return true;
        }
    }
    return false;
}

static void collect_error(void *ctx, xmlErrorPtr e)
{
    parse_errors *pe = ctx;
    if (is_svg_tag_complaint(e)) {
        return;
    }
    if (pe->n++ == 0) {
        snprintf(pe->first, sizeof pe->first, "line %d: %s", e->line, e->message);
    }
}

static xmlDocPtr parse_html(const char *text, size_t len, parse_errors *pe)
{
    xmlSetStructuredErrorFunc(pe, collect_error);
    xmlDocPtr doc = htmlReadMemory(text, (int)len, "report.html", "UTF-8", HTML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return doc;
}

static xmlDocPtr parse_xml(const char *text, size_t len, parse_errors *pe)
{
    xmlSetStructuredErrorFunc(pe, collect_error);
    xmlDocPtr doc = xmlReadMemory(text, (int)len, "report.html", NULL, XML_PARSE_NONET);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return doc;
}

static int count_nodes(xmlDocPtr doc, const char *xpath)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    int n = r != NULL && r->nodesetval != NULL ? r->nodesetval->nodeNr : -1;
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return n;
}

/* The value of the first node an XPath expression selects (caller frees), or NULL. */
static char *first_value(xmlDocPtr doc, const char *xpath)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    char *value = NULL;
    if (r != NULL && r->nodesetval != NULL && r->nodesetval->nodeNr > 0) {
        xmlChar *v = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
        value = strdup((const char *)v);
        xmlFree(v);
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return value;
}

/* ---- tests --------------------------------------------------------------------------------- */

Test(html, parses_as_html_and_as_strict_xml)
{
    solve_scenario();
    compute_stability();
    compute_why();
    make_run();
    size_t len = 0;
    char *text = render(&len);
    parse_errors he = {0}, xe = {0};
    xmlDocPtr html = parse_html(text, len, &he);
    cr_assert_not_null(html);
    cr_expect_eq(he.n, 0, "%d HTML parse errors; first %s", he.n, he.first);
    xmlDocPtr xml = parse_xml(text, len, &xe);
    cr_expect_not_null(xml, "not well-formed: %s", xe.first);
    cr_expect_eq(xe.n, 0, "%d XML parse errors; first %s", xe.n, xe.first);
    xmlFreeDoc(xml);
    xmlFreeDoc(html);
    free(text);
}

Test(html, loads_nothing_from_anywhere)
{
    solve_scenario();
    compute_stability();
    compute_why();
    make_run();
    size_t len = 0;
    char *text = render(&len);
    static const char *const banned[] = {"<script", "http://", "https://", "url(", "@import",
                                         "src=",    "href=",   "<link",    "<img", "<iframe"};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++) {
        cr_expect_null(strstr(text, banned[i]), "the page holds '%s'", banned[i]);
    }
    free(text);
}

Test(html, escapes_markup_in_names_and_gives_them_back)
{
    solve_scenario();
    size_t len = 0;
    char *text = render(&len);
    cr_expect_null(strstr(text, "<fn>"), "a function name went out unescaped");
    cr_expect_null(strstr(text, "<T>"), "the scenario title went out unescaped");
    cr_expect_null(strstr(text, "&& c"), "a description went out unescaped");
    cr_expect_not_null(strstr(text, "Nasty &lt;fn&gt; &amp; &quot;co&quot; &#39;x&#39;"));
    parse_errors xe = {0};
    xmlDocPtr doc = parse_xml(text, len, &xe);
    cr_assert_not_null(doc, "not well-formed: %s", xe.first);
    char *h1 = first_value(doc, "//h1");
    char *tip = first_value(doc, "//table[@class='assignment']//tr[2]/@title");
    char *cell = first_value(doc, "//table[@class='assignment']//tr[2]/td[1]");
    cr_expect_str_eq(h1, NASTY_TITLE);
    cr_expect_str_eq(tip, NASTY_DESCRIPTION);
    cr_expect_not_null(strstr(cell, NASTY_NAME), "first row reads '%s'", cell);
    free(h1);
    free(tip);
    free(cell);
    xmlFreeDoc(doc);
    free(text);
}

Test(html, one_contribution_chart_per_function_with_the_chosen_level_marked)
{
    solve_scenario();
    compute_why();
    size_t len = 0;
    char *text = render(&len);
    xmlDocPtr doc = parse_xml(text, len, &(parse_errors){0});
    cr_assert_not_null(doc);
    size_t n = model->n_functions, nl = scenario->n_levels;
    cr_expect_eq(count_nodes(doc, "//g[@class='why-chart']"), (int)n);
    cr_expect_eq(count_nodes(doc, "//g[@class='why-chart']/rect[@class='chosen']"), (int)n);
    cr_expect_eq(count_nodes(doc, "//table[@class='assignment']//td[@class='why']"), (int)n);
    int fragile = 0;
    size_t first = n;
    for (size_t f = 0; f < n; f++) {
        fragile += why->functions[f].fragile;
        first = why->functions[f].fragile && first == n ? f : first;
    }
    cr_expect_eq(count_nodes(doc, "//table[@class='assignment']//tr[@class='fragile']"), fragile);
    cr_expect_gt(fragile, 0);
    /* every level of every chart has a label above its bar: "chosen", a price or why not */
    cr_expect_eq(count_nodes(doc, "//g[@class='why-chart']/text[text()='chosen']"), (int)n);
    int priced = count_nodes(doc, "//g[@class='why-chart']/text[starts-with(text(), '+')]");
    int blocked = count_nodes(doc, "//g[@class='why-chart']/text[text()='no plan' or "
                                   "text()='locked']");
    cr_expect_eq(priced + blocked, (int)(n * (nl - 1)), "%d priced, %d without a plan", priced,
                 blocked);
    cr_assert_lt(first, n);
    char xpath[256];
    snprintf(xpath, sizeof xpath,
             "//svg[@aria-label='%s: weighted terms at each level']//text[@class='alert']",
             model->functions[first].id);
    char *badge = first_value(doc, xpath);
    cr_expect_str_eq(badge, why->functions[first].tied ? "tied" : "fragile");
    free(badge);
    xmlFreeDoc(doc);
    free(text);
}

Test(html, without_a_why_no_chart_and_no_column)
{
    solve_scenario();
    size_t len = 0;
    char *text = render(&len);
    cr_expect_null(strstr(text, "why-chart"));
    cr_expect_null(strstr(text, "Why here"));
    free(text);
}

Test(html, one_stability_bar_per_criterion)
{
    solve_scenario();
    compute_stability();
    size_t len = 0;
    char *text = render(&len);
    xmlDocPtr doc = parse_xml(text, len, &(parse_errors){0});
    cr_assert_not_null(doc);
    cr_expect_eq(count_nodes(doc, "//g[@class='stability-bar']"), FPT_N_CRITERIA);
    cr_expect_eq(count_nodes(doc, "//p[@class='note']"), 0);
    xmlFreeDoc(doc);
    free(text);
}

Test(html, without_stability_a_note_says_how_to_get_it)
{
    solve_scenario();
    size_t len = 0;
    char *text = render(&len);
    xmlDocPtr doc = parse_xml(text, len, &(parse_errors){0});
    cr_assert_not_null(doc);
    cr_expect_eq(count_nodes(doc, "//g[@class='stability-bar']"), 0);
    char *note = first_value(doc, "//p[@class='note']");
    cr_expect_not_null(strstr(note, "--stability"), "note reads '%s'", note);
    cr_expect_eq(count_nodes(doc, "//g[@class='acceptability-bar']"), 0);
    free(note);
    xmlFreeDoc(doc);
    free(text);
}

Test(html, one_acceptability_bar_per_function_with_the_sweeps_shares)
{
    solve_scenario();
    make_run();
    size_t len = 0;
    char *text = render(&len);
    xmlDocPtr doc = parse_xml(text, len, &(parse_errors){0});
    cr_assert_not_null(doc);
    cr_expect_eq(count_nodes(doc, "//g[@class='acceptability-bar']"), (int)model->n_functions);
    /* Function 0: three of the four plans at the first level, one at the second. */
    char want[256];
    snprintf(want, sizeof want, "%s at %s: 3 of 4 scenarios (75%%)", model->functions[0].id,
             scenario->levels[0].id);
    cr_expect_not_null(strstr(text, want), "no segment '%s'", want);
    snprintf(want, sizeof want, "%s at %s: 1 of 4 scenarios (25%%)", model->functions[0].id,
             scenario->levels[1].id);
    cr_expect_not_null(strstr(text, want), "no segment '%s'", want);
    cr_expect_not_null(strstr(text, "<b>4 with a plan</b>, 1 infeasible (budget 1), 0 that"));
    xmlFreeDoc(doc);
    free(text);
}

Test(html, infeasible_scenario_shows_its_clashes_instead_of_the_table)
{
    for (size_t i = 0; i < scenario->n_supplies; i++) {
        scenario->supplies[i].limited = true;
        scenario->supplies[i].supply_wte = 1e-3;
    }
    solve_scenario();
    cr_assert_eq(solution->result, FPT_RESULT_INFEASIBLE);
    size_t len = 0;
    char *text = render(&len);
    xmlDocPtr doc = parse_xml(text, len, &(parse_errors){0});
    cr_assert_not_null(doc);
    cr_expect_eq(count_nodes(doc, "//table[@class='assignment']"), 0);
    cr_expect_eq(count_nodes(doc, "//h2[@id='no-plan']"), 1);
    cr_expect_gt(count_nodes(doc, "//ul[@class='clashes']/li"), 0);
    xmlFreeDoc(doc);
    free(text);
}

/* ---- real units and sizing ---------------------------------------------------------------- */

#define REAL_SCENARIO FPT_TEST_DATA "/real-tiny.xml"

/* Render tiny-model.xml on real-tiny.xml with its geography and a sizing curve of K = 1..4,
 * changed by tweak (when not NULL) before it is drawn. */
static char *render_geo_tweaked(size_t *len, fpt_sizing **z, void (*tweak)(fpt_sizing *))
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_scenario *real = NULL;
    fpt_geography *g = NULL;
    cr_assert_eq(fpt_scenario_load(REAL_SCENARIO, model, &real, &d, &err), FPT_OK, "%s",
                 err.message);
    cr_assert_eq(fpt_geography_load(real->geography_path, &g, &d, &err), FPT_OK, "%s", err.message);
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_solve_options so;
    fpt_solve_options_init(&so);
    cr_assert_eq(fpt_appraisal_build(model, real, &a, &err), FPT_OK);
    cr_assert_eq(fpt_solve(a, &so, &sol, &err), FPT_OK);
    fpt_sizing_options o;
    fpt_sizing_options_init(&o);
    o.function = 0;
    o.level = (size_t)fpt_scenario_find_level(real, "hub");
    o.k_min = 1;
    o.k_max = 4;
    o.threads = 1;
    cr_assert_eq(fpt_sizing_run(model, real, g, &o, z, &err), FPT_OK, "%s", err.message);
    if (tweak != NULL) {
        tweak(*z);
    }
    fpt_html_report_input in = {.model = model,
                                .scenario = real,
                                .appraisal = a,
                                .solution = sol,
                                .geography = g,
                                .sizing = *z};
    char *text = NULL;
    cr_assert_eq(fpt_html_report_render(&in, &text, len, &err), FPT_OK, "%s", err.message);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_geography_free(g);
    fpt_scenario_free(real);
    fpt_diags_clear(&d);
    return text;
}

static char *render_geo(size_t *len, fpt_sizing **z)
{
    return render_geo_tweaked(len, z, NULL);
}

Test(html, real_units_maps_and_sizing_curve)
{
    size_t len = 0;
    fpt_sizing *z = NULL;
    char *text = render_geo(&len, &z);
    parse_errors he = {0}, xe = {0};
    xmlDocPtr html = parse_html(text, len, &he);
    cr_expect_eq(he.n, 0, "%d HTML parse errors; first %s", he.n, he.first);
    xmlDocPtr doc = parse_xml(text, len, &xe);
    cr_assert_not_null(doc, "not well-formed: %s", xe.first);
    cr_expect_eq(xe.n, 0, "%d XML parse errors; first %s", xe.n, xe.first);
    /* real-tiny.xml has three levels between the CCGs and national: three maps of eight
     * CCGs, and the best districting's map after the curve: 4 × 8 dots. */
    cr_expect_eq(count_nodes(doc, "//h2[@id='maps']"), 1);
    cr_expect_eq(count_nodes(doc, "//svg[@class='map']"), 4);
    cr_expect_eq(count_nodes(doc, "//svg[@class='map']//circle[@class='ccg']"), 32);
    cr_expect_eq(count_nodes(doc, "//h2[@id='sizing']"), 1);
    /* one table row per K, the best one marked */
    cr_expect_eq(count_nodes(doc, "//h2[@id='sizing']/following-sibling::table[1]/tr"), 5);
    char want[64];
    size_t best_k = z->points[z->best].k;
    snprintf(want, sizeof want, "best: %zu unit%s", best_k, best_k == 1 ? "" : "s");
    cr_expect_not_null(strstr(text, want), "no '%s' on the curve", want);
    cr_expect_eq(count_nodes(doc, "//tr[@class='best']"), 1);
    cr_expect_null(strstr(text, "xmlns"), "inline SVG carries a namespace");
    /* Every districting proven: no hollow point but the legend's; the best (1 unit) is at an
     * edge that cannot move, so no note. */
    cr_expect_eq(count_nodes(doc, "//rect[@fill='#ffffff'][contains(title, 'not proven')]"), 1);
    cr_expect_null(strstr(text, "range searched"));
    xmlFreeDoc(doc);
    xmlFreeDoc(html);
    fpt_sizing_free(z);
    free(text);
}

/* The best at the top of the range searched, its districting stopped at the time limit. */
static void best_at_top(fpt_sizing *z)
{
    fpt_sizing_point *last = &z->points[z->n_points - 1];
    cr_assert_not_null(last->partition);
    z->best = (long)z->n_points - 1;
    last->districting = FPT_DISTRICTS_LIMIT;
    last->gap = 0.0123;
}

Test(html, sizing_notes_a_best_at_the_edge_and_points_not_proven)
{
    size_t len = 0;
    fpt_sizing *z = NULL;
    char *text = render_geo_tweaked(&len, &z, best_at_top);
    xmlDocPtr doc = parse_xml(text, len, &(parse_errors){0});
    cr_assert_not_null(doc);
    cr_expect_not_null(strstr(text, "<p class=\"note\">The least weighted total is at the top of "
                                    "the range searched (4 units)"));
    cr_expect_not_null(strstr(text, "try --units 1..8."), "the wider range: up to the 8 CCGs");
    cr_expect_not_null(strstr(text, "<td>not proven optimal: time limit, gap 1.23%</td>"));
    /* The point is hollow on each of the three series, besides the legend's. */
    cr_expect_eq(count_nodes(doc, "//rect[@fill='#ffffff'][contains(title, 'not proven')]"), 4);
    /* Its label turns left, clear of the legend. */
    cr_expect_eq(count_nodes(doc, "//text[.='best: 4 units'][@text-anchor='end']"), 1);
    xmlFreeDoc(doc);
    fpt_sizing_free(z);
    free(text);
}
