/* SPDX-License-Identifier: MIT */
/*
 * Rendering partitions: the SVG map is well-formed XML with one dot per CCG and one marked
 * centre per unit; the JSON parses and lists every unit and CCG; the CSV has a row per CCG
 * with names quoted; the table names the result.
 */
#include <jansson.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "footprint/districts.h"
#include "footprint/geography.h"

static fpt_geography *geo;
static fpt_partition *part;

static void setup(void)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_geography_load(FPT_TEST_DATA "/geo-tiny.csv", &geo, &d, &err), FPT_OK));
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.n_units = 2;
    o.target_pop = 0;
    cr_assert(eq(int, fpt_districts_solve(geo, &o, &part, &err), FPT_OK), "%s", err.message);
    cr_assert(eq(int, part->result, FPT_DISTRICTS_OPTIMAL));
}

static void teardown(void)
{
    fpt_partition_free(part);
    fpt_geography_free(geo);
}

TestSuite(render, .init = setup, .fini = teardown);

static char *render(fpt_districts_format f, size_t *len)
{
    char *text = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_partition_render(geo, part, f, &text, len, &err), FPT_OK));
    return text;
}

static int count_nodes(xmlDocPtr doc, const char *xpath)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    int n = r != NULL && r->nodesetval != NULL ? r->nodesetval->nodeNr : -1;
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(ctx);
    return n;
}

Test(render, svg_is_well_formed_with_one_dot_per_ccg)
{
    size_t len = 0;
    char *svg = render(FPT_DISTRICTS_SVG, &len);
    xmlDocPtr doc =
        xmlReadMemory(svg, (int)len, "map.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    cr_assert(doc != NULL, "not well-formed XML");
    cr_expect(eq(int, count_nodes(doc, "//s:circle[@class='ccg']"), 8));
    cr_expect(eq(int, count_nodes(doc, "//s:rect[@class='centre']"), 2));
    cr_expect(strstr(svg, "Eighth, with a comma") != NULL);
    xmlFreeDoc(doc);
    free(svg);
}

Test(render, json_lists_units_and_ccgs)
{
    size_t len = 0;
    char *text = render(FPT_DISTRICTS_JSON, &len);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    cr_assert(root != NULL, "%s", jerr.text);
    cr_expect(eq(str, (char *)json_string_value(json_object_get(root, "status")), "optimal"));
    cr_expect(eq(sz, json_array_size(json_object_get(root, "units")), 2));
    cr_expect(eq(sz, json_array_size(json_object_get(root, "ccgs")), 8));
    json_decref(root);
    free(text);
}

Test(render, csv_has_a_row_per_ccg_with_names_quoted)
{
    size_t len = 0;
    char *text = render(FPT_DISTRICTS_CSV, &len);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
    }
    cr_expect(eq(sz, lines, 9));
    cr_expect(strstr(text, "\"Eighth, with a comma\"") != NULL);
    free(text);
}

Test(render, table_names_the_result_and_the_gap)
{
    size_t len = 0;
    char *text = render(FPT_DISTRICTS_TABLE, &len);
    cr_expect(strstr(text, "Solver: optimal") != NULL);
    cr_expect(strstr(text, "gap 0.0000%") != NULL);
    free(text);
}
