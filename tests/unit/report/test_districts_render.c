/* SPDX-License-Identifier: MIT */
/*
 * Rendering partitions: the SVG map is well-formed XML with one dot per CCG and one marked
 * centre per unit, England's outline, a territory of its own colour and a legend row per
 * unit, and labels whose boxes (as the map estimates them) stay inside the picture and
 * overlap no other text; the JSON parses and lists every unit and CCG; the CSV has a row per
 * CCG with names quoted; the table names the result.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "footprint/districts.h"
#include "footprint/geography.h"
#include "report/map_labels.h"

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

static xmlXPathObjectPtr nodes(xmlDocPtr doc, const char *xpath)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST xpath, ctx);
    xmlXPathFreeContext(ctx);
    cr_assert(r != NULL && r->nodesetval != NULL, "%s", xpath);
    return r;
}

static double number_attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    cr_assert(v != NULL, "no %s", name);
    double d = strtod((const char *)v, NULL);
    xmlFree(v);
    return d;
}

static char *text_attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    cr_assert(v != NULL, "no %s", name);
    return (char *)v;
}

/* The box of a text element as the map estimates it: start-anchored at x, baseline y. */
static fpt_box text_box(xmlNodePtr n, double font_px, double dx, double dy)
{
    xmlNodePtr child = n->children;
    xmlChar *content = child != NULL && child->type == XML_TEXT_NODE ? xmlNodeGetContent(child)
                                                                     : xmlStrdup(BAD_CAST "");
    double w = fpt_text_width_px((const char *)content, font_px);
    xmlFree(content);
    return (fpt_box){dx + number_attr(n, "x"), dy + number_attr(n, "y") - font_px, w,
                     1.25 * font_px};
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

Test(render, svg_draws_england_and_a_territory_and_legend_row_per_unit)
{
    size_t len = 0;
    char *svg = render(FPT_DISTRICTS_SVG, &len);
    xmlDocPtr doc =
        xmlReadMemory(svg, (int)len, "map.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    cr_assert(doc != NULL);
    xmlXPathObjectPtr england = nodes(doc, "//s:path[@class='england']");
    cr_assert(eq(int, england->nodesetval->nodeNr, 1));
    char *d = text_attr(england->nodesetval->nodeTab[0], "d");
    size_t segments = 0;
    for (const char *c = d; *c != '\0'; c++) {
        segments += *c == 'L';
    }
    cr_expect(segments > 250, "England's outline has %zu segments", segments);
    xmlFree(d);
    xmlXPathFreeObject(england);
    xmlXPathObjectPtr units = nodes(doc, "//s:path[@class='unit']");
    cr_assert(eq(int, units->nodesetval->nodeNr, 2));
    char *fill0 = text_attr(units->nodesetval->nodeTab[0], "fill");
    char *fill1 = text_attr(units->nodesetval->nodeTab[1], "fill");
    cr_expect(strcmp(fill0, fill1) != 0, "both units are %s", fill0);
    xmlFree(fill0);
    xmlFree(fill1);
    xmlXPathFreeObject(units);
    cr_expect(eq(int, count_nodes(doc, "//s:text[@class='legend']"), 2));
    cr_expect(eq(int, count_nodes(doc, "//s:path[@class='sea']"), 1));
    xmlFreeDoc(doc);
    free(svg);
}

/* Every label inside the map's frame, every other text inside the picture, none overlapping. */
Test(render, svg_text_stays_inside_the_picture_without_overlapping)
{
    size_t len = 0;
    char *svg = render(FPT_DISTRICTS_SVG, &len);
    xmlDocPtr doc =
        xmlReadMemory(svg, (int)len, "map.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    cr_assert(doc != NULL);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    fpt_box picture = {0, 0, number_attr(root, "width"), number_attr(root, "height")};
    xmlXPathObjectPtr frame = nodes(doc, "//s:svg[@class='frame']");
    cr_assert(eq(int, frame->nodesetval->nodeNr, 1));
    xmlNodePtr f = frame->nodesetval->nodeTab[0];
    fpt_box map = {number_attr(f, "x"), number_attr(f, "y"), number_attr(f, "width"),
                   number_attr(f, "height")};
    cr_expect(fpt_box_inside(map, picture));
    xmlXPathObjectPtr labels = nodes(doc, "//s:text[@class='label']");
    xmlXPathObjectPtr others = nodes(doc, "/s:svg/s:text | /s:svg/s:g/s:text");
    int n_labels = labels->nodesetval->nodeNr, n_others = others->nodesetval->nodeNr;
    cr_expect(eq(int, n_labels, 2), "both units labelled");
    cr_expect(n_others >= 4, "title, legend head and rows, note: %d", n_others);
    fpt_box boxes[64];
    cr_assert(n_labels + n_others <= 64);
    for (int i = 0; i < n_labels; i++) {
        boxes[i] = text_box(labels->nodesetval->nodeTab[i], 11, map.x, map.y);
        cr_expect(fpt_box_inside(boxes[i], map), "label %d leaves the map", i);
    }
    for (int i = 0; i < n_others; i++) {
        xmlChar *cls = xmlGetProp(others->nodesetval->nodeTab[i], BAD_CAST "class");
        double px = xmlStrcmp(cls, BAD_CAST "title") == 0  ? 15
                    : xmlStrcmp(cls, BAD_CAST "note") == 0 ? 10
                                                           : 11;
        xmlFree(cls);
        boxes[n_labels + i] = text_box(others->nodesetval->nodeTab[i], px, 0, 0);
        cr_expect(fpt_box_inside(boxes[n_labels + i], picture), "text %d leaves the picture", i);
    }
    for (int i = 0; i < n_labels + n_others; i++) {
        for (int j = 0; j < i; j++) {
            cr_expect(not(fpt_box_overlaps(boxes[i], boxes[j])), "texts %d and %d overlap", i, j);
        }
    }
    xmlXPathFreeObject(labels);
    xmlXPathFreeObject(others);
    xmlXPathFreeObject(frame);
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
