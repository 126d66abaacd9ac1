/* SPDX-License-Identifier: MIT */
/*
 * Loading a model: tests/data/tiny-model.xml comes back with every field where
 * docs/formats.md puts it, references resolved and defaults applied; a missing file is an
 * I/O error that names the path; the same bytes held in memory (standard input) load alike,
 * with the same hash, and findings name the input's name. Also the fixed criterion and category
 * tables of model.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/load.h"
#include "footprint/model.h"

static fpt_model *model;
static fpt_diags diags;
static fpt_error err;

static void load_tiny(void)
{
    fpt_xml_init();
    fpt_status st = fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &model, &diags, &err);
    cr_assert(eq(int, st, FPT_OK), "%s:%ld: %s", err.file, err.line, err.message);
    cr_assert(eq(sz, diags.n, 0));
}

static void free_tiny(void)
{
    fpt_model_free(model);
    fpt_diags_clear(&diags);
    fpt_xml_cleanup();
}

TestSuite(load_model, .init = load_tiny, .fini = free_tiny);

static const fpt_function *function(const char *id)
{
    long f = fpt_model_find_function(model, id);
    cr_assert(f >= 0, "no function %s", id);
    return &model->functions[f];
}

Test(load_model, header_fields_are_copied)
{
    cr_expect(eq(str, model->id, "tiny"));
    cr_expect(eq(str, model->title, "Tiny test model"));
    cr_expect(eq(str, model->description, "Three functions, two skill pools."));
    cr_expect(eq(str, model->file, FPT_TEST_DATA "/tiny-model.xml"));
    cr_expect(eq(long, model->line, 3));
    cr_expect(eq(long, model->calibration_line, 7));
}

Test(load_model, calibration_tables_land_by_criterion)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(model->calibration[k].present, "table %d", k);
        cr_expect(eq(long, model->calibration[k].line, 8 + k));
    }
    const fpt_calibration *scale = &model->calibration[FPT_K_SCALE];
    double expected[FPT_N_RATINGS] = {1, 0.95, 0.9, 0.8, 0.7};
    for (int r = 0; r < FPT_N_RATINGS; r++) {
        cr_expect(ieee_ulp_eq(dbl, scale->value[r], expected[r], 4), "rating %d", r);
    }
    cr_expect(eq(dbl, model->calibration[FPT_K_MIN_TEAM].value[4], 8));
    cr_expect(eq(str, scale->basis, "judgement: test"));
    cr_expect(eq(ptr, model->calibration[FPT_K_DUPLICATION].basis, NULL));
}

Test(load_model, pools_take_their_id_as_default_name)
{
    cr_assert(eq(sz, model->n_pools, 2));
    cr_expect(eq(str, model->pools[0].id, "analysts"));
    cr_expect(eq(str, model->pools[0].name, "Information analysts"));
    cr_expect(eq(str, model->pools[0].description, "People who build warehouses."));
    cr_expect(eq(str, model->pools[1].name, "lawyers"));
    cr_expect(eq(str, model->pools[1].description, ""));
    cr_expect(eq(long, fpt_model_find_pool(model, "lawyers"), 1));
    cr_expect(eq(long, fpt_model_find_pool(model, "nobody"), -1));
}

Test(load_model, function_fields_are_copied)
{
    cr_assert(eq(sz, model->n_functions, 3));
    const fpt_function *fn = function("bi-data");
    cr_expect(eq(str, fn->name, "BI: data management"));
    cr_expect(eq(str, fn->category, "business-intelligence"));
    cr_expect(eq(str, fn->description, "Data warehousing."));
    cr_expect(eq(dbl, fn->staff_per_100k, 1.6));
    cr_expect(eq(dbl, fn->salary_gbp, 42000));
    cr_expect(eq(str, fn->staff_basis, "judgement: test"));
    cr_expect(eq(long, fn->line, 22));
    cr_expect(eq(long, fn->staff_line, 24));
    const fpt_function *legal = function("legal");
    cr_expect(eq(str, legal->description, ""));
    cr_expect(eq(str, legal->staff_basis, ""));
}

Test(load_model, ratings_land_by_criterion_in_any_order)
{
    const fpt_function *fn = function("bi-analysis");
    int expected[FPT_N_CRITERIA] = {3, 2, 3, 1, 1, 1, 1, 1};
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(fn->rating_present[k], "criterion %d", k);
        cr_expect(eq(int, fn->rating[k], expected[k]), "criterion %d", k);
    }
    cr_expect(eq(str, fn->rationale[FPT_K_DEVELOPMENT], "cheap"));
    cr_expect(eq(long, fn->rating_line[FPT_K_DEVELOPMENT], 39));
    cr_expect(eq(long, fn->rating_line[FPT_K_DUPLICATION], 46));
}

Test(load_model, draws_resolve_their_pools)
{
    const fpt_function *fn = function("bi-data");
    cr_assert(eq(sz, fn->n_draws, 2));
    cr_expect(eq(str, fn->draws[0].pool_id, "analysts"));
    cr_expect(eq(sz, fn->draws[0].pool, 0));
    cr_expect(eq(dbl, fn->draws[0].share, 0.75));
    cr_expect(eq(sz, fn->draws[1].pool, 1));
    cr_expect(eq(long, fn->draws[1].line, 34));
    cr_expect(eq(sz, function("legal")->n_draws, 0));
    cr_expect(eq(ptr, function("legal")->draws, NULL));
}

Test(load_model, overrides_land_by_parameter)
{
    const fpt_function *fn = function("bi-data");
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(eq(int, fn->override[k].present, k == FPT_K_SCALE), "criterion %d", k);
    }
    cr_expect(eq(dbl, fn->override[FPT_K_SCALE].value, 0.6));
    cr_expect(eq(str, fn->override[FPT_K_SCALE].source, "seed 001: savings up to 40%"));
}

Test(load_model, links_resolve_their_ends)
{
    cr_assert(eq(sz, model->n_links, 2));
    const fpt_link *ln = &model->links[1];
    cr_expect(eq(str, ln->from_id, "legal"));
    cr_expect(eq(sz, ln->from, 2));
    cr_expect(eq(sz, ln->to, 1));
    cr_expect(eq(int, ln->strength, 1));
    cr_expect(eq(str, ln->rationale, ""));
    cr_expect(eq(str, model->links[0].rationale, "the warehouse feeds analysis"));
}

Test(load_model_io, missing_file_names_path_and_reason)
{
    fpt_xml_init();
    fpt_model *m = (fpt_model *)&m; /* must come back NULL */
    fpt_diags d = {0};
    fpt_error e = {0};
    fpt_status st = fpt_model_load(FPT_TEST_DATA "/no-such-model.xml", &m, &d, &e);
    cr_expect(eq(int, st, FPT_EIO));
    cr_expect(eq(ptr, m, NULL));
    cr_expect(eq(int, e.status, FPT_EIO));
    cr_expect(eq(str, e.file, FPT_TEST_DATA "/no-such-model.xml"));
    cr_expect(strstr(e.message, FPT_TEST_DATA "/no-such-model.xml") != NULL, "%s", e.message);
    cr_expect(strstr(e.message, strerror(ENOENT)) != NULL, "%s", e.message);
    cr_expect(eq(sz, d.n, 1));
    fpt_diags_clear(&d);
    fpt_xml_cleanup();
}

Test(load_model_io, directory_is_an_io_error)
{
    fpt_xml_init();
    fpt_model *m = NULL;
    fpt_error e = {0};
    cr_expect(eq(int, fpt_model_load(FPT_TEST_DATA, &m, NULL, &e), FPT_EIO));
    cr_expect(eq(ptr, m, NULL));
    cr_expect(strstr(e.message, "is a directory, not a regular file") != NULL, "%s", e.message);
    fpt_xml_cleanup();
}

Test(load_model_io, works_without_a_diagnostics_list)
{
    fpt_xml_init();
    fpt_model *m = NULL;
    cr_expect(eq(int, fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &m, NULL, NULL), FPT_OK));
    cr_expect(ne(ptr, m, NULL));
    fpt_model_free(m);
    fpt_xml_cleanup();
}

Test(model_tables, criteria_and_parameters_round_trip)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(eq(int, fpt_criterion_from_id(fpt_criterion_id(k)), k));
        cr_expect(eq(int, fpt_criterion_from_parameter(fpt_parameter_id(k)), k));
        cr_expect(ne(ptr, (void *)fpt_criterion_name(k), NULL));
    }
    cr_expect(eq(str, (char *)fpt_criterion_id(FPT_K_MIN_TEAM), "min-team"));
    cr_expect(eq(str, (char *)fpt_parameter_id(FPT_K_SCALE), "scale-exponent"));
    cr_expect(eq(ptr, (void *)fpt_criterion_id(8), NULL));
    cr_expect(eq(ptr, (void *)fpt_parameter_id(-1), NULL));
    cr_expect(eq(int, fpt_criterion_from_id("nonsense"), -1));
    cr_expect(eq(int, fpt_criterion_from_parameter(NULL), -1));
}

Test(model_tables, seven_categories)
{
    size_t n = 0;
    const char *const *ids = fpt_category_ids(&n);
    cr_assert(eq(sz, n, 7));
    for (size_t i = 0; i < n; i++) {
        cr_expect(eq(int, fpt_category_from_id(ids[i]), (int)i));
    }
    cr_expect(eq(int, fpt_category_from_id("back-office"), 6));
    cr_expect(eq(int, fpt_category_from_id("front-office"), -1));
}

Test(model_tables, create_and_free_an_empty_model)
{
    fpt_model *m = NULL;
    cr_assert(eq(int, fpt_model_create("x.xml", &m, NULL), FPT_OK));
    cr_expect(eq(str, m->file, "x.xml"));
    cr_expect(eq(sz, m->n_functions, 0));
    cr_expect(eq(long, fpt_model_find_function(m, "a"), -1));
    fpt_model_free(m);
    fpt_model_free(NULL);
}

/* The bytes of path, whole (the caller frees). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert(f != NULL, "%s", path);
    char *text = malloc(1 << 20);
    cr_assert(text != NULL);
    *len = fread(text, 1, 1 << 20, f);
    fclose(f);
    return text;
}

Test(load_model_io, text_in_memory_loads_as_the_file_and_hashes_its_bytes)
{
    fpt_xml_init();
    size_t len = 0;
    char *text = slurp(FPT_TEST_DATA "/tiny-model.xml", &len);
    fpt_model *from_file = NULL, *from_text = NULL;
    fpt_error e = {0};
    cr_assert(eq(int, fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &from_file, NULL, &e), 0));
    cr_assert(eq(int, fpt_model_load_text("<stdin>", text, len, &from_text, NULL, &e), 0));
    cr_expect(eq(str, from_text->file, "<stdin>"));
    cr_expect(eq(str, from_text->id, from_file->id));
    cr_expect(eq(sz, from_text->n_functions, from_file->n_functions));
    cr_expect(eq(sz, strlen(from_file->fnv1a64), 16));
    cr_expect(eq(str, from_text->fnv1a64, from_file->fnv1a64));
    text[len - 2] ^= 1; /* one byte of the final newline's neighbour: another hash */
    fpt_model *changed = NULL;
    if (fpt_model_load_text("<stdin>", text, len, &changed, NULL, &e) == FPT_OK) {
        cr_expect(ne(str, changed->fnv1a64, from_file->fnv1a64));
    }
    fpt_model_free(changed);
    fpt_model_free(from_file);
    fpt_model_free(from_text);
    free(text);
    fpt_xml_cleanup();
}

Test(load_model_io, text_in_memory_names_its_input_in_findings)
{
    fpt_xml_init();
    const char text[] = "<model id=\"m\">\n  <bogus/>\n</model>\n";
    fpt_model *m = NULL;
    fpt_diags d = {0};
    fpt_error e = {0};
    cr_expect(
        eq(int, fpt_model_load_text("<stdin>", text, sizeof text - 1, &m, &d, &e), FPT_ESCHEMA));
    cr_expect(eq(ptr, m, NULL));
    cr_assert(d.n >= 1);
    cr_expect(eq(str, d.items[0].file, "<stdin>"));
    cr_expect(eq(long, d.items[0].line, 2));
    fpt_diags_clear(&d);
    fpt_xml_cleanup();
}
