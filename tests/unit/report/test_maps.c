/* SPDX-License-Identifier: MIT */
/*
 * Maps of England (fpt_partition_svg): the 25 area teams and the 4 regions of 2013 as units
 * of scenarios/real2013-area-teams.xml. Each unit has its territory and a legend row named
 * after its area team or region; every unit is labelled, every label's box (as the map
 * estimates it) stays inside the map and overlaps no other; with more units than colours,
 * no two neighbouring units share one; and the drawing repeats byte for byte.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "footprint/districts.h"
#include "footprint/geography.h"
#include "footprint/load.h"
#include "geo/realunits.h"
#include "geo/voronoi.h"
#include "report/map_labels.h"

static fpt_model *model;
static fpt_scenario *scenario;
static fpt_geography *geo;

static void setup(void)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_model_load(FPT_SOURCE_DIR "/models/england2013.xml", &model, &d, &err),
                 FPT_OK));
    cr_assert(eq(int,
                 fpt_scenario_load(FPT_SOURCE_DIR "/scenarios/real2013-area-teams.xml", model,
                                   &scenario, &d, &err),
                 FPT_OK),
              "%s", err.message);
    cr_assert(eq(int, fpt_geography_load(scenario->geography_path, &geo, &d, &err), FPT_OK));
    fpt_diags_clear(&d);
}

static void teardown(void)
{
    fpt_geography_free(geo);
    fpt_scenario_free(scenario);
    fpt_model_free(model);
}

TestSuite(maps, .init = setup, .fini = teardown);

static fpt_partition *level_partition(const char *id)
{
    long l = fpt_scenario_find_level(scenario, id);
    cr_assert(l >= 0);
    fpt_partition *p = NULL;
    cr_assert(
        eq(int, fpt_partition_from_level(geo, &scenario->levels[l], &p, &(fpt_error){0}), FPT_OK));
    return p;
}

static char *draw(const fpt_partition *p, size_t *len)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, len);
    cr_assert(out != NULL);
    cr_assert(eq(int, fpt_partition_svg(out, geo, p, "map", true, &(fpt_error){0}), FPT_OK));
    cr_assert(eq(int, fclose(out), 0));
    return text;
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

static xmlDocPtr parse(const char *svg, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(svg, (int)len, "map.svg", NULL, XML_PARSE_NONET);
    cr_assert(doc != NULL, "not well-formed");
    return doc;
}

/* Every label inside the frame, none overlapping another (boxes as the map estimates them). */
static int check_labels(xmlDocPtr doc)
{
    xmlXPathObjectPtr frame = nodes(doc, "//s:svg[@class='frame']");
    xmlNodePtr f = frame->nodesetval->nodeTab[0];
    fpt_box map = {0, 0, number_attr(f, "width"), number_attr(f, "height")};
    xmlXPathFreeObject(frame);
    xmlXPathObjectPtr labels = nodes(doc, "//s:text[@class='label']");
    int n = labels->nodesetval->nodeNr;
    fpt_box *boxes = calloc((size_t)n + 1, sizeof *boxes);
    cr_assert(boxes != NULL);
    for (int i = 0; i < n; i++) {
        xmlNodePtr t = labels->nodesetval->nodeTab[i];
        xmlChar *s = xmlNodeGetContent(t);
        boxes[i] = (fpt_box){number_attr(t, "x"), number_attr(t, "y") - 11,
                             fpt_text_width_px((const char *)s, 11), 1.25 * 11};
        cr_expect(fpt_box_inside(boxes[i], map), "label '%s' leaves the map", (const char *)s);
        xmlFree(s);
        for (int j = 0; j < i; j++) {
            cr_expect(not(fpt_box_overlaps(boxes[i], boxes[j])), "labels %d and %d overlap", i, j);
        }
    }
    free(boxes);
    xmlXPathFreeObject(labels);
    return n;
}

static bool legend_has(const char *svg, const char *text)
{
    return strstr(svg, text) != NULL;
}

Test(maps, area_teams_are_named_labelled_and_kept_inside)
{
    fpt_partition *p = level_partition("area-team");
    cr_assert(eq(sz, p->n_units, 25));
    size_t len = 0;
    char *svg = draw(p, &len);
    xmlDocPtr doc = parse(svg, len);
    xmlXPathObjectPtr units = nodes(doc, "//s:path[@class='unit']");
    cr_expect(eq(int, units->nodesetval->nodeNr, 25));
    xmlXPathFreeObject(units);
    xmlXPathObjectPtr rows = nodes(doc, "//s:text[@class='legend']");
    cr_expect(eq(int, rows->nodesetval->nodeNr, 25));
    xmlXPathFreeObject(rows);
    /* Each unit is one area team: named after it (numbered as the units are, by centre). */
    cr_expect(legend_has(svg, "Kent and Medway: 1.7M people"), "no Kent and Medway");
    cr_expect(legend_has(svg, ">2 London: 8.2M people<"), "no London");
    cr_expect(eq(int, check_labels(doc), 25), "every area team labelled");
    xmlFreeDoc(doc);
    free(svg);
    fpt_partition_free(p);
}

Test(maps, regions_are_named_after_the_region)
{
    fpt_partition *p = level_partition("sub-national");
    size_t len = 0;
    char *svg = draw(p, &len);
    cr_expect(legend_has(svg, "North of England: 15.1M people"));
    cr_expect(legend_has(svg, "Midlands and East of England: 16.1M people"));
    cr_expect(legend_has(svg, "South of England: 13.7M people"));
    xmlDocPtr doc = parse(svg, len);
    cr_expect(eq(int, check_labels(doc), 4));
    xmlFreeDoc(doc);
    free(svg);
    fpt_partition_free(p);
}

/* The fill of each unit's territory, in unit order. */
static char **unit_fills(xmlDocPtr doc, size_t n_units)
{
    xmlXPathObjectPtr units = nodes(doc, "//s:path[@class='unit']");
    cr_assert(eq(int, units->nodesetval->nodeNr, (int)n_units));
    char **fills = calloc(n_units, sizeof *fills);
    cr_assert(fills != NULL);
    for (size_t u = 0; u < n_units; u++) {
        fills[u] = (char *)xmlGetProp(units->nodesetval->nodeTab[u], BAD_CAST "fill");
    }
    xmlXPathFreeObject(units);
    return fills;
}

/* Which units touch, from the territories as the map draws them (same plane, same reach). */
static fpt_voronoi *territories(void)
{
    double lat0 = 90, lat1 = -90;
    for (size_t i = 0; i < geo->n_ccgs; i++) {
        lat0 = fmin(lat0, geo->ccgs[i].lat_deg);
        lat1 = fmax(lat1, geo->ccgs[i].lat_deg);
    }
    double kx = cos((lat0 + lat1) / 2 * 3.14159265358979323846 / 180), km = 111.195;
    fpt_xy *sites = calloc(geo->n_ccgs, sizeof *sites);
    double *reach = calloc(geo->n_ccgs, sizeof *reach);
    cr_assert(sites != NULL && reach != NULL);
    for (size_t i = 0; i < geo->n_ccgs; i++) {
        sites[i] = (fpt_xy){geo->ccgs[i].lon_deg * kx * km, geo->ccgs[i].lat_deg * km};
        reach[i] = 35 + 3 * sqrt(geo->ccgs[i].area_km2 / 3.14159265358979323846);
    }
    /* A square round England: adjacency inside it is adjacency inside England and more. */
    fpt_xy box[4] = {{-7 * kx * km, 49 * km},
                     {3 * kx * km, 49 * km},
                     {3 * kx * km, 56 * km},
                     {-7 * kx * km, 56 * km}};
    fpt_ring ring = {4, box};
    fpt_voronoi *v = NULL;
    cr_assert(eq(
        int,
        fpt_voronoi_build(sites, reach, geo->n_ccgs, &(fpt_region){1, &ring}, &v, &(fpt_error){0}),
        FPT_OK));
    free(sites);
    free(reach);
    return v;
}

Test(maps, neighbouring_area_teams_never_share_a_colour)
{
    fpt_partition *p = level_partition("area-team");
    size_t len = 0;
    char *svg = draw(p, &len);
    xmlDocPtr doc = parse(svg, len);
    char **fills = unit_fills(doc, p->n_units);
    fpt_voronoi *v = territories();
    size_t borders = 0;
    for (size_t e = 0; e < v->n_edges; e++) {
        size_t a = p->unit_of[v->edges[e].a], b = p->unit_of[v->edges[e].b];
        if (a != b) {
            borders++;
            cr_expect(strcmp(fills[a], fills[b]) != 0, "units %zu and %zu are both %s", a + 1,
                      b + 1, fills[a]);
        }
    }
    cr_expect(borders > 25, "only %zu borders", borders);
    for (size_t u = 0; u < p->n_units; u++) {
        xmlFree(fills[u]);
    }
    free(fills);
    fpt_voronoi_free(v);
    xmlFreeDoc(doc);
    free(svg);
    fpt_partition_free(p);
}

Test(maps, drawing_repeats_exactly)
{
    fpt_partition *p = level_partition("area-team");
    size_t len_a = 0, len_b = 0;
    char *a = draw(p, &len_a), *b = draw(p, &len_b);
    cr_expect(eq(sz, len_a, len_b));
    cr_expect(memcmp(a, b, len_a) == 0);
    free(a);
    free(b);
    fpt_partition_free(p);
}
