/* SPDX-License-Identifier: MIT */
/*
 * Loading geographies: the shipped 2013 and 2021 files come back whole (counts, ONS totals
 * and boundary areas), CCGs sorted by code whatever the row order, and every kind of bad row
 * is a file:line finding (the geography cases of the bad-input corpus, tests/bad/cases.txt,
 * one problem each, generated into FPT_TEST_BAD).
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include "footprint/geography.h"

static fpt_geography *load_ok(const char *path)
{
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_status st = fpt_geography_load(path, &g, &diags, &err);
    cr_assert(eq(int, st, FPT_OK), "%s:%ld: %s", err.file, err.line, err.message);
    cr_assert(eq(sz, diags.n, 0));
    return g;
}

Test(geodata, ccg2013_has_211_ccgs_and_the_ons_total)
{
    fpt_geography *g = load_ok(FPT_SOURCE_DIR "/data/ccg2013.csv");
    cr_expect(eq(sz, g->n_ccgs, 211));
    cr_expect(eq(dbl, g->pop_total, 53107169.0));
    long i = fpt_geography_find(g, "E38000026");
    cr_assert(i >= 0);
    cr_expect(eq(str, g->ccgs[i].name, "NHS Cambridgeshire and Peterborough"));
    cr_expect(eq(dbl, g->ccgs[i].pop, 840855.0));
    cr_expect(eq(dbl, g->ccgs[i].area_km2, 3745.8));
    cr_expect(eq(str, g->ccgs[i].region, "Midlands and East of England"));
    cr_expect(eq(str, g->ccgs[0].name, "NHS Airedale, Wharfedale and Craven"));
    double area = 0;
    for (size_t k = 0; k < g->n_ccgs; k++) {
        area += g->ccgs[k].area_km2;
    }
    cr_expect(fabs(area - 130040) < 1, "%f", area); /* docs/data.md */
    fpt_geography_free(g);
}

Test(geodata, ccg2021_has_106_ccgs_and_the_ons_total)
{
    fpt_geography *g = load_ok(FPT_SOURCE_DIR "/data/ccg2021.csv");
    cr_expect(eq(sz, g->n_ccgs, 106));
    cr_expect(eq(dbl, g->pop_total, 56550138.0));
    fpt_geography_free(g);
}

Test(geodata, ccgs_are_sorted_by_code_whatever_the_row_order)
{
    fpt_geography *g = load_ok(FPT_TEST_DATA "/geo-tiny.csv");
    cr_assert(eq(sz, g->n_ccgs, 8));
    for (size_t i = 1; i < g->n_ccgs; i++) {
        cr_expect(strcmp(g->ccgs[i - 1].code, g->ccgs[i].code) < 0);
    }
    cr_expect(eq(str, g->ccgs[7].name, "Eighth, with a comma"));
    cr_expect(eq(long, g->ccgs[7].line, 3));
    fpt_geography_free(g);
}

Test(geodata, distance_london_to_manchester_is_about_262_km)
{
    double km = fpt_geo_distance_km(51.5074, -0.1278, 53.4808, -2.2426);
    cr_expect(fabs(km - 262) < 2, "%f", km);
    cr_expect(eq(dbl, fpt_geo_distance_km(52, -1, 52, -1), 0.0));
}

Test(geodata, missing_file_is_an_io_error)
{
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_expect(eq(int, fpt_geography_load("/nonexistent/geo.csv", &g, &diags, &err), FPT_EIO));
    cr_expect(g == NULL);
    cr_expect(strstr(err.file, "nonexistent") != NULL);
}

/* Fixed-size text: Criterion copies parameters into each test's process. */
typedef struct bad_case {
    char file[64];
    char status[32];
    long line;
    char text[160];
} bad_case;

/* A "file geography status line text" row of the corpus table; false for any other row. */
static bool parse_case(const char *row, bad_case *c)
{
    int used = 0;
    char kind[16];
    if (row[0] == '#' ||
        sscanf(row, "%63s %15s %31s %ld %n", c->file, kind, c->status, &c->line, &used) < 4 ||
        strcmp(kind, "geography") != 0) {
        return false;
    }
    snprintf(c->text, sizeof c->text, "%s", row + used);
    c->text[strcspn(c->text, "\n")] = '\0';
    return true;
}

static void free_cases(struct criterion_test_params *params)
{
    cr_free(params->params);
}

ParameterizedTestParameters(geodata, bad_rows_are_reported_with_their_line)
{
    enum { MAX_CASES = 64 };
    bad_case *cases = cr_calloc(MAX_CASES, sizeof *cases);
    FILE *fp = fopen(FPT_TEST_BAD "/cases.txt", "r");
    size_t n = 0;
    char row[1024];
    while (fp != NULL && n < MAX_CASES && fgets(row, sizeof row, fp) != NULL) {
        n += parse_case(row, &cases[n]);
    }
    if (fp != NULL) {
        fclose(fp);
    }
    return cr_make_param_array(bad_case, cases, n, free_cases);
}

/* A table that lost its rows would leave the parameterized test with nothing to run. */
Test(geodata, the_corpus_has_every_bad_geography)
{
    FILE *fp = fopen(FPT_TEST_BAD "/cases.txt", "r");
    cr_assert(ne(ptr, fp, NULL));
    size_t n = 0;
    char row[1024];
    bad_case c;
    while (fgets(row, sizeof row, fp) != NULL) {
        n += parse_case(row, &c);
    }
    fclose(fp);
    cr_expect(ge(sz, n, 13));
}

ParameterizedTest(bad_case *c, geodata, bad_rows_are_reported_with_their_line)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", FPT_TEST_BAD, c->file);
    cr_expect(eq(str, c->status, "FPT_EINVALID"), "%s", c->file);
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_status st = fpt_geography_load(path, &g, &diags, &err);
    cr_expect(eq(int, st, FPT_EINVALID), "%s", c->file);
    cr_expect(g == NULL);
    cr_assert(eq(sz, diags.n, 1), "%s: %zu findings", c->file, diags.n);
    cr_expect(eq(long, diags.items[0].line, c->line), "%s", c->file);
    cr_expect(strstr(diags.items[0].message, c->text) != NULL, "%s: %s", c->file,
              diags.items[0].message);
    cr_expect(eq(str, diags.items[0].file, path));
    fpt_diags_clear(&diags);
}

Test(geodata, every_problem_is_reported_at_once)
{
    const char text[] = "code,name,population,lat,lon,area_km2,area,region\n"
                        "A1,One,-1,51,0,10,X,London\n"
                        "A2,Two,5,99,0,10,X,London\n"
                        "A3,Three,5,51,0,10,X,Mars\n";
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_expect(eq(int, fpt_geography_parse("mem.csv", text, strlen(text), &g, &diags, &err),
                 FPT_EINVALID));
    cr_assert(eq(sz, diags.n, 3));
    cr_expect(eq(long, diags.items[0].line, 2));
    cr_expect(eq(long, diags.items[1].line, 3));
    cr_expect(eq(long, diags.items[2].line, 4));
    cr_expect(eq(long, err.line, 2));
    fpt_diags_clear(&diags);
}

Test(geodata, area_km2_must_be_a_number_above_0_and_at_most_100000)
{
    const char text[] = "code,name,population,lat,lon,area_km2,area,region\n"
                        "A1,One,5,51,0,,X,London\n"
                        "A2,Two,5,51,0,-3,X,London\n"
                        "A3,Three,5,51,0,100000.5,X,London\n"
                        "A4,Four,5,51,0,inf,X,London\n"
                        "A5,Five,5,51,0,100000,X,London\n"
                        "A6,Six,5,51,0,0.1,X,London\n";
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_expect(eq(int, fpt_geography_parse("mem.csv", text, strlen(text), &g, &diags, &err),
                 FPT_EINVALID));
    cr_assert(eq(sz, diags.n, 4));
    cr_expect(eq(long, diags.items[0].line, 2));
    cr_expect(strstr(diags.items[0].message, "missing area_km2") != NULL);
    cr_expect(eq(long, diags.items[1].line, 3));
    cr_expect(strstr(diags.items[1].message, "area_km2 -3 is not positive") != NULL);
    cr_expect(eq(long, diags.items[2].line, 4));
    cr_expect(strstr(diags.items[2].message, "area_km2 100000.5 is too large") != NULL);
    cr_expect(strstr(diags.items[2].message, "at most 100000)") != NULL, "%s",
              diags.items[2].message);
    cr_expect(eq(long, diags.items[3].line, 5));
    cr_expect(strstr(diags.items[3].message, "area_km2 'inf' is not a number") != NULL);
    fpt_diags_clear(&diags);
}

Test(geodata, nul_bytes_are_rejected)
{
    const char text[] = "code,name,population,lat,lon,area_km2,area,region\nA\0,x";
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_expect(eq(int, fpt_geography_parse("mem.csv", text, sizeof text - 1, &g, &diags, &err),
                 FPT_EINVALID));
    fpt_diags_clear(&diags);
}

Test(geodata, the_error_names_this_files_first_problem_when_the_list_already_has_findings)
{
    const char text[] = "code,name,population,lat,lon,area_km2,area,region\n"
                        "A1,One,5,51,0,10,X,London\n"
                        "A2,Two,-5,51,0,10,X,London\n";
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_diags_add(&diags, "earlier.xml", 7, "an earlier finding"), FPT_OK));
    cr_expect(eq(int, fpt_geography_parse("mem.csv", text, strlen(text), &g, &diags, &err),
                 FPT_EINVALID));
    cr_assert(eq(sz, diags.n, 2));
    cr_expect(eq(str, err.file, "mem.csv"));
    cr_expect(eq(long, err.line, 3));
    cr_expect(eq(str, err.message, diags.items[1].message));
    fpt_diags_clear(&diags);
}
