/* SPDX-License-Identifier: MIT */
/*
 * The bad-input corpus: tests/bad/cases.txt, generated into the build tree (FPT_TEST_BAD) by
 * tests/support/corpus.c. Each model and scenario case must fail to load with its expected
 * status, and the first problem (fpt_error) must name its expected file and line and contain
 * its expected text. Scenario cases load against tests/data/tiny-model.xml. Also: every file
 * of tests/bad is a whole-file case or a data file of the table, an external entity never
 * leaks the file it names, and a file with several independent problems reports all of them.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include "footprint/load.h"

typedef struct bad_case {
    char file[128];
    char kind[16];
    char status[32];
    char at[160]; /* the file of the first message, in the corpus; "" = the case's file */
    long line;
    char text[512];
} bad_case;

static const char *const STATUS_NAMES[] = {"FPT_OK",      "FPT_ENOMEM",    "FPT_EIO",
                                           "FPT_EXML",    "FPT_ESCHEMA",   "FPT_EINVALID",
                                           "FPT_ESOLVER", "FPT_EINTERNAL", "FPT_EUSAGE"};

static int status_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0]; i++) {
        if (strcmp(STATUS_NAMES[i], name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/*
 * One "file kind status where text…" line; returns false for comments and blank lines.
 * where is a line of the case's file, or OTHER:LINE when the first message is in another
 * file the case reads (a geography or partition), OTHER in the corpus folder.
 */
static bool parse_case(const char *line, bad_case *c)
{
    int used = 0;
    char where[160];
    if (line[0] == '#' ||
        sscanf(line, "%127s %15s %31s %159s %n", c->file, c->kind, c->status, where, &used) < 4) {
        return false;
    }
    char *colon = strrchr(where, ':');
    c->at[0] = '\0';
    if (colon != NULL) {
        *colon = '\0';
        snprintf(c->at, sizeof c->at, "%s", where);
    }
    char *end = NULL;
    const char *number = colon != NULL ? colon + 1 : where;
    c->line = strtol(number, &end, 10);
    if (end == number || *end != '\0') {
        return false;
    }
    snprintf(c->text, sizeof c->text, "%s", line + used);
    c->text[strcspn(c->text, "\n")] = '\0';
    return true;
}

/* The model and scenario cases (the geography cases are test-geo-geography's). */
static size_t read_cases(bad_case *cases, size_t max)
{
    FILE *fp = fopen(FPT_TEST_BAD "/cases.txt", "r");
    cr_assert(ne(ptr, fp, NULL), "cannot open cases.txt");
    char line[1024];
    size_t n = 0;
    while (n < max && fgets(line, sizeof line, fp) != NULL) {
        n += parse_case(line, &cases[n]) &&
             (strcmp(cases[n].kind, "model") == 0 || strcmp(cases[n].kind, "scenario") == 0);
    }
    fclose(fp);
    return n;
}

enum { MAX_CASES = 256 };

static void free_cases(struct criterion_test_params *params)
{
    cr_free(params->params);
}

ParameterizedTestParameters(load_bad, corpus)
{
    bad_case *cases = cr_calloc(MAX_CASES, sizeof *cases);
    size_t n = read_cases(cases, MAX_CASES);
    return cr_make_param_array(bad_case, cases, n, free_cases);
}

/* No finding may quote /etc/passwd (see model-doctype-xxe.xml) or end in a newline. */
static void expect_clean(const fpt_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const char *m = d->items[i].message;
        cr_expect(eq(ptr, strstr(m, "root:"), NULL), "%s", m);
        cr_expect(m[0] != '\0' && m[strlen(m) - 1] != '\n', "%s", m);
    }
}

static fpt_status load_case(const bad_case *c, const char *path, fpt_diags *d, fpt_error *e)
{
    if (strcmp(c->kind, "model") == 0) {
        fpt_model *m = (fpt_model *)d; /* any non-NULL value: the load must reset it */
        fpt_status st = fpt_model_load(path, &m, d, e);
        cr_expect(eq(ptr, m, NULL));
        return st;
    }
    cr_assert(eq(str, (char *)c->kind, "scenario"), "%s: unknown kind", c->file);
    fpt_model *model = NULL;
    cr_assert(eq(int, fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &model, NULL, NULL), FPT_OK));
    fpt_scenario *s = (fpt_scenario *)d;
    fpt_status st = fpt_scenario_load(path, model, &s, d, e);
    cr_expect(eq(ptr, s, NULL));
    fpt_model_free(model);
    return st;
}

ParameterizedTest(bad_case *c, load_bad, corpus)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", FPT_TEST_BAD, c->file);
    char at[512];
    snprintf(at, sizeof at, "%s/%s", FPT_TEST_BAD, c->at[0] != '\0' ? c->at : c->file);
    int expected = status_from_name(c->status);
    cr_assert(ge(int, expected, 0), "%s: unknown status %s", c->file, c->status);
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error e = {0};
    fpt_status st = load_case(c, path, &d, &e);
    cr_expect(eq(int, st, expected), "%s: %s:%ld: %s", c->file, e.file, e.line, e.message);
    cr_expect(eq(int, e.status, expected), "%s", c->file);
    cr_expect(eq(str, e.file, at), "%s", c->file);
    cr_expect(eq(long, e.line, c->line), "%s: %s", c->file, e.message);
    cr_expect(ne(ptr, strstr(e.message, c->text), NULL), "%s: '%s' lacks '%s'", c->file, e.message,
              c->text);
    cr_expect(ge(sz, d.n, 1), "%s", c->file);
    expect_clean(&d);
    fpt_diags_clear(&d);
    fpt_xml_cleanup();
}

/* Whether the source table has a row "name | kind | file | …": a whole file of tests/bad. */
static bool is_whole_file_row(const char *name)
{
    FILE *fp = fopen(FPT_TEST_BAD_SOURCE "/cases.txt", "r");
    cr_assert(ne(ptr, fp, NULL));
    char line[4096];
    bool found = false;
    while (!found && fgets(line, sizeof line, fp) != NULL) {
        char row_name[256], from[64];
        found = line[0] != '#' &&
                sscanf(line, " %255[^| ] | %*[^| ] | %63[^| ] |", row_name, from) == 2 &&
                strcmp(row_name, name) == 0 && strcmp(from, "file") == 0;
    }
    fclose(fp);
    return found;
}

Test(load_bad, every_file_is_a_whole_file_case)
{
    DIR *dir = opendir(FPT_TEST_BAD_SOURCE);
    cr_assert(ne(ptr, dir, NULL));
    size_t n = 0;
    for (struct dirent *ent = readdir(dir); ent != NULL; ent = readdir(dir)) {
        if (ent->d_name[0] == '.' || strcmp(ent->d_name, "cases.txt") == 0) {
            continue;
        }
        cr_expect(is_whole_file_row(ent->d_name), "%s is not a whole-file row of cases.txt",
                  ent->d_name);
        n++;
    }
    closedir(dir);
    cr_expect(ge(sz, n, 10));
}

Test(load_bad, the_corpus_holds_every_kind_of_case)
{
    static bad_case cases[MAX_CASES];
    size_t n = read_cases(cases, MAX_CASES);
    size_t models = 0, scenarios = 0;
    for (size_t i = 0; i < n; i++) {
        models += strcmp(cases[i].kind, "model") == 0;
        scenarios += strcmp(cases[i].kind, "scenario") == 0;
    }
    cr_expect(ge(sz, models, 30));
    cr_expect(ge(sz, scenarios, 30));
}

Test(load_bad, external_entity_is_never_read)
{
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error e = {0};
    fpt_model *m = NULL;
    fpt_status st = fpt_model_load(FPT_TEST_BAD "/model-doctype-xxe.xml", &m, &d, &e);
    cr_expect(eq(int, st, FPT_EXML));
    cr_expect(eq(ptr, m, NULL));
    cr_expect(eq(sz, d.n, 1), "the parse stops at the DOCTYPE");
    cr_expect(eq(ptr, strstr(e.message, "root:"), NULL), "%s", e.message);
    cr_expect(eq(ptr, strstr(e.message, "/bin/"), NULL), "%s", e.message);
    expect_clean(&d);
    fpt_diags_clear(&d);
    fpt_xml_cleanup();
}

/* The line of the generated file that holds text. */
static long line_of(const char *path, const char *text)
{
    FILE *fp = fopen(path, "r");
    cr_assert(ne(ptr, fp, NULL), "%s", path);
    char line[4096];
    long at = 0, n = 0;
    while (at == 0 && fgets(line, sizeof line, fp) != NULL) {
        n++;
        at = strstr(line, text) != NULL ? n : 0;
    }
    fclose(fp);
    cr_assert(gt(long, at, 0), "%s lacks %s", path, text);
    return at;
}

static bool has_finding(const fpt_diags *d, long line, const char *text)
{
    for (size_t i = 0; i < d->n; i++) {
        if (d->items[i].line == line && strstr(d->items[i].message, text) != NULL) {
            return true;
        }
    }
    return false;
}

Test(load_bad, several_problems_are_reported_together)
{
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error e = {0};
    fpt_model *m = NULL;
    const char *path = FPT_TEST_BAD "/model-several-problems.xml";
    fpt_status st = fpt_model_load(path, &m, &d, &e);
    cr_expect(eq(int, st, FPT_EINVALID));
    cr_expect(has_finding(&d, line_of(path, "0 1 2 4 NaN"), "min-team-wte at rating 4 is NaN"));
    cr_expect(has_finding(&d, line_of(path, "per-100k=\"-2\""),
                          "function 'bi-data': staff per-100k is -2"));
    cr_expect(has_finding(&d, line_of(path, "value=\"9\""),
                          "function 'bi-analysis': rating for 'scale' is 9"));
    cr_expect(has_finding(&d, line_of(path, "to=\"nobody\""), "unknown function 'nobody'"));
    cr_expect(has_finding(&d, line_of(path, "advises analysis"),
                          "function 'legal': links rating is 1 but its strongest "
                          "link has strength 0"));
    cr_expect(eq(sz, d.n, 5));
    for (size_t i = 0; i < d.n; i++) {
        cr_expect(eq(str, d.items[i].file, (char *)path));
    }
    fpt_diags_clear(&d);
    fpt_xml_cleanup();
}

Test(load_bad, diagnostics_are_appended_to_a_used_list)
{
    fpt_xml_init();
    fpt_diags d = {0};
    cr_assert(eq(int, fpt_diags_add(&d, "earlier.xml", 3, "an earlier finding"), FPT_OK));
    fpt_error e = {0};
    fpt_model *m = NULL;
    fpt_model_load(FPT_TEST_BAD "/model-dangling-link.xml", &m, &d, &e);
    cr_expect(gt(sz, d.n, 1));
    cr_expect(eq(str, d.items[0].message, "an earlier finding"));
    cr_expect(ne(ptr, strstr(e.message, "bi-analysys"), NULL), "err is this load's first");
    fpt_diags_clear(&d);
    fpt_xml_cleanup();
}
