/* SPDX-License-Identifier: MIT */
/*
 * Loading scenarios against tests/data/tiny-model.xml: every field lands where
 * docs/formats.md puts it, the defaults apply when elements and attributes are omitted,
 * levels get N_l (both kinds, rounding, max(1, …)) and come back ordered by unit
 * population; references into the model resolve. Also fpt_scenario_check and
 * fpt_file_detect.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/load.h"
#include "footprint/scenario.h"

static fpt_model *model;
static fpt_diags diags;
static fpt_error err;

static void load_model(void)
{
    fpt_xml_init();
    fpt_status st = fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &model, &diags, &err);
    cr_assert(eq(int, st, FPT_OK), "%s:%ld: %s", err.file, err.line, err.message);
}

static void free_model(void)
{
    fpt_model_free(model);
    fpt_diags_clear(&diags);
    fpt_xml_cleanup();
}

TestSuite(load_scenario, .init = load_model, .fini = free_model);

static fpt_scenario *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", FPT_TEST_DATA, name);
    fpt_scenario *s = NULL;
    fpt_status st = fpt_scenario_load(path, model, &s, &diags, &err);
    cr_assert(eq(int, st, FPT_OK), "%s:%ld: %s", err.file, err.line, err.message);
    cr_assert(eq(sz, diags.n, 0));
    return s;
}

static void expect_level(const fpt_level *lv, const char *id, long n_units, double unit_pop)
{
    cr_expect(eq(str, lv->id, (char *)id));
    cr_expect(eq(long, lv->n_units, n_units), "level %s", id);
    cr_expect(ieee_ulp_eq(dbl, lv->unit_pop, unit_pop, 4), "level %s", id);
}

Test(load_scenario, header_and_population)
{
    fpt_scenario *s = load("tiny-scenario.xml");
    cr_expect(eq(str, s->id, "tiny-hubs"));
    cr_expect(eq(str, s->title, "Tiny hubs"));
    cr_expect(eq(str, s->description, "Every element given."));
    cr_expect(eq(str, s->file, FPT_TEST_DATA "/tiny-scenario.xml"));
    cr_expect(eq(dbl, s->population, 1250000));
    cr_expect(not(s->population_from_areas));
    cr_expect(eq(long, s->population_line, 6));
    fpt_scenario_free(s);
}

Test(load_scenario, levels_are_sorted_with_their_unit_counts)
{
    fpt_scenario *s = load("tiny-scenario.xml");
    cr_assert(eq(sz, s->n_levels, 3));
    cr_expect(not(s->levels_default));
    /* 1,250,000 / 500,000 = 2.5 rounds half away from zero: 3 hubs. */
    expect_level(&s->levels[0], "local", 10, 125000);
    expect_level(&s->levels[1], "hub", 3, 1250000.0 / 3);
    expect_level(&s->levels[2], "national", 1, 1250000);
    cr_expect(eq(int, s->levels[1].kind, FPT_LEVEL_BY_POPULATION));
    cr_expect(eq(dbl, s->levels[1].spec, 500000));
    cr_expect(eq(int, s->levels[0].kind, FPT_LEVEL_BY_UNITS));
    cr_expect(eq(str, s->levels[0].name, "local"));
    cr_expect(eq(str, s->levels[2].name, "National"));
    cr_expect(eq(long, s->levels[2].line, 8));
    cr_expect(eq(long, fpt_scenario_find_level(s, "hub"), 1));
    fpt_scenario_free(s);
}

Test(load_scenario, finance_and_weights)
{
    fpt_scenario *s = load("tiny-scenario.xml");
    cr_expect(eq(dbl, s->allowance_per_head_gbp, 20));
    cr_expect(eq(dbl, s->support_share, 0.4));
    cr_expect(eq(dbl, s->horizon_years, 10));
    cr_expect(eq(dbl, s->discount_rate, 0));
    double w[FPT_N_CRITERIA] = {2, 0.5, 1.5, 0, 3, 1, 4, 0.25};
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(eq(dbl, s->weight[k], w[k]), "criterion %d", k);
    }
    fpt_scenario_free(s);
}

Test(load_scenario, supplies_resolve_pools)
{
    fpt_scenario *s = load("tiny-scenario.xml");
    cr_assert(eq(sz, s->n_supplies, 2));
    cr_expect(s->supplies[0].limited);
    cr_expect(eq(dbl, s->supplies[0].supply_wte, 12.5));
    cr_expect(eq(dbl, s->supplies[0].premium_gbp, 9000));
    cr_expect(eq(sz, s->supplies[0].pool, 0));
    cr_expect(not(s->supplies[1].limited));
    cr_expect(eq(sz, s->supplies[1].pool, 1));
    cr_expect(eq(dbl, s->supplies[1].premium_gbp, 100));
    fpt_scenario_free(s);
}

Test(load_scenario, locks_resolve_after_sorting)
{
    fpt_scenario *s = load("tiny-scenario.xml");
    cr_assert(eq(sz, s->n_locks, 2));
    cr_expect(eq(int, s->locks[0].mode, FPT_LOCK_FIX));
    cr_expect(eq(sz, s->locks[0].function, 2));
    cr_expect(eq(sz, s->locks[0].level, 2)); /* national: last after sorting, first in file */
    cr_expect(eq(int, s->locks[1].mode, FPT_LOCK_FORBID));
    cr_expect(eq(sz, s->locks[1].function, 0));
    cr_expect(eq(sz, s->locks[1].level, 0));
    fpt_scenario_free(s);
}

Test(load_scenario, sets_are_parsed_and_resolved)
{
    fpt_scenario *s = load("tiny-scenario.xml");
    cr_assert(eq(sz, s->n_sets, 5));
    const fpt_set *set = s->sets;
    cr_expect(eq(int, set[0].kind, FPT_SET_RATING));
    cr_expect(eq(int, set[0].k, FPT_K_SCALE));
    cr_expect(eq(sz, set[0].function, 0));
    cr_expect(eq(dbl, set[0].value, 3));
    cr_expect(eq(int, set[1].kind, FPT_SET_STAFF_PER_100K));
    cr_expect(eq(int, set[1].k, -1));
    cr_expect(eq(sz, set[1].function, 1));
    cr_expect(eq(int, set[2].kind, FPT_SET_SALARY));
    cr_expect(eq(int, set[3].kind, FPT_SET_PARAMETER));
    cr_expect(eq(int, set[3].k, FPT_K_MIN_TEAM));
    cr_expect(eq(dbl, set[3].value, 2.5));
    cr_expect(eq(int, set[4].kind, FPT_SET_LINK));
    cr_expect(eq(sz, set[4].function, 2));
    cr_expect(eq(sz, set[4].other, 0));
    cr_expect(eq(str, set[4].field, "link.bi-data"));
    fpt_scenario_free(s);
}

Test(load_scenario, omitted_elements_take_the_documented_defaults)
{
    fpt_scenario *s = load("minimal-scenario.xml");
    cr_expect(eq(dbl, s->allowance_per_head_gbp, 25));
    cr_expect(eq(dbl, s->support_share, 0.5));
    cr_expect(eq(dbl, s->horizon_years, 5));
    cr_expect(eq(dbl, s->discount_rate, 0.035));
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(eq(dbl, s->weight[k], 1));
    }
    cr_expect(eq(sz, s->n_supplies, 0));
    cr_expect(eq(sz, s->n_locks, 0));
    cr_expect(eq(sz, s->n_sets, 0));
    cr_expect(eq(str, s->description, ""));
    fpt_scenario_free(s);
}

Test(load_scenario, omitted_levels_give_the_four_defaults)
{
    fpt_scenario *s = load("minimal-scenario.xml");
    const double pop = 53107169;
    cr_assert(eq(sz, s->n_levels, 4));
    cr_expect(s->levels_default);
    /* round(53,107,169 / 5,000,000) = round(10.6) = 11 hubs. */
    expect_level(&s->levels[0], "local", 211, pop / 211);
    expect_level(&s->levels[1], "hub", 11, pop / 11);
    expect_level(&s->levels[2], "sub-national", 4, pop / 4);
    expect_level(&s->levels[3], "national", 1, pop);
    cr_expect(eq(str, s->levels[0].name, "Local (CCG)"));
    fpt_scenario_free(s);
}

Test(load_scenario, areas_sum_and_unit_population_rounds)
{
    fpt_scenario *s = load("areas-scenario.xml");
    cr_expect(s->population_from_areas);
    cr_assert(eq(sz, s->n_areas, 2));
    cr_expect(eq(str, s->areas[1].id, "south"));
    cr_expect(eq(dbl, s->areas[1].population, 600000));
    cr_expect(eq(dbl, s->population, 1000000));
    cr_assert(eq(sz, s->n_levels, 3));
    expect_level(&s->levels[0], "thirds", 3, 1000000.0 / 3); /* 3.33 rounds down */
    expect_level(&s->levels[1], "pairs", 2, 500000);         /* 2.22 rounds down */
    expect_level(&s->levels[2], "big", 1, 1000000);          /* max(1, round(0.2)) */
    fpt_scenario_free(s);
}

Test(load_scenario, check_runs_without_a_model)
{
    fpt_error e = {0};
    cr_expect(eq(int, fpt_scenario_check(FPT_TEST_DATA "/tiny-scenario.xml", NULL, &e), FPT_OK));
    cr_expect(
        eq(int, fpt_scenario_check(FPT_TEST_BAD "/scenario-unknown-pool.xml", NULL, &e), FPT_OK),
        "model references are not checked alone");
    cr_expect(eq(int, fpt_scenario_check(FPT_TEST_BAD "/scenario-zero-units.xml", &diags, &e),
                 FPT_EINVALID));
    cr_expect(eq(int, e.status, FPT_EINVALID));
    cr_expect(ge(sz, diags.n, 1));
}

Test(load_scenario, detect_tells_models_from_scenarios)
{
    fpt_file_kind kind = FPT_FILE_UNKNOWN;
    cr_expect(eq(int, fpt_file_detect(FPT_TEST_DATA "/tiny-model.xml", &kind, NULL, NULL), FPT_OK));
    cr_expect(eq(int, kind, FPT_FILE_MODEL));
    cr_expect(
        eq(int, fpt_file_detect(FPT_TEST_DATA "/minimal-scenario.xml", &kind, NULL, NULL), FPT_OK));
    cr_expect(eq(int, kind, FPT_FILE_SCENARIO));
    cr_expect(
        eq(int, fpt_file_detect(FPT_TEST_BAD "/model-wrong-root.xml", &kind, NULL, NULL), FPT_OK));
    cr_expect(eq(int, kind, FPT_FILE_UNKNOWN));
    fpt_error e = {0};
    cr_expect(eq(int, fpt_file_detect(FPT_TEST_BAD "/model-unclosed-tag.xml", &kind, &diags, &e),
                 FPT_EXML));
    cr_expect(eq(int, e.status, FPT_EXML));
    cr_expect(eq(int, fpt_file_detect(FPT_TEST_DATA "/none.xml", &kind, NULL, NULL), FPT_EIO));
}

Test(scenario_struct, create_fills_defaults_and_free_accepts_null)
{
    fpt_scenario *s = NULL;
    cr_assert(eq(int, fpt_scenario_create("s.xml", &s, NULL), FPT_OK));
    cr_expect(eq(dbl, s->allowance_per_head_gbp, 25));
    cr_expect(eq(sz, s->n_levels, 0));
    cr_expect(eq(long, fpt_scenario_find_level(s, "local"), -1));
    cr_assert(eq(int, fpt_scenario_add_default_levels(s, NULL), FPT_OK));
    cr_expect(eq(long, fpt_scenario_find_level(s, "national"), 3));
    fpt_scenario_free(s);
    fpt_scenario_free(NULL);
}
