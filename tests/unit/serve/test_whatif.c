/* SPDX-License-Identifier: MIT */
/*
 * What-ifs (solver/serve/whatif.c) on tests/data/tiny-scenario.xml: values land where their
 * sweep target says, locks replace the scenario's, and every bad what-if is refused with the
 * member it is about and the message a scenario file with the same value gets from
 * model/validate.c; JSON that is not JSON, wrong types, unknown members, huge numbers and
 * NaN are refused before anything is applied.
 */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/load.h"
#include "model/validate.h"
#include "serve/whatif.h"

static fpt_model *model;
static fpt_scenario *base;
static fpt_diags problems;

static void load_tiny(void)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_xml_init();
    cr_assert(eq(int, fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &model, &d, &err), FPT_OK));
    cr_assert(eq(int, fpt_scenario_load(FPT_TEST_DATA "/tiny-scenario.xml", model, &base, &d, &err),
                 FPT_OK));
    fpt_diags_clear(&d);
}

static void free_tiny(void)
{
    fpt_diags_clear(&problems);
    fpt_scenario_free(base);
    fpt_model_free(model);
    fpt_xml_cleanup();
}

TestSuite(whatif, .init = load_tiny, .fini = free_tiny);

static fpt_status apply(const char *json, fpt_scenario **out)
{
    fpt_diags_clear(&problems);
    return fpt_whatif_apply(model, base, json, strlen(json), out, NULL, &problems);
}

/* The what-if is refused, and its first problem is about field and starts with message. */
static void expect_refused(const char *json, const char *field, const char *message)
{
    fpt_scenario *s = (fpt_scenario *)1;
    cr_assert(eq(int, apply(json, &s), FPT_EINVALID), "%s", json);
    cr_expect(eq(ptr, s, NULL));
    cr_assert(ge(sz, problems.n, 1), "%s", json);
    cr_expect(eq(str, problems.items[0].file, (char *)field), "%s", json);
    cr_expect(eq(int, strncmp(problems.items[0].message, message, strlen(message)), 0),
              "%s: got '%s', expected '%s…'", json, problems.items[0].message, message);
    cr_expect(eq(long, problems.items[0].line, 0));
}

/* What model/validate.c says of base with one change made by hand. */
static char *file_message(void (*change)(fpt_scenario *))
{
    fpt_scenario *c = NULL;
    cr_assert(eq(int, fpt_scenario_copy(base, &c), FPT_OK));
    change(c);
    fpt_diags d = {0};
    cr_assert(eq(int, fpt_scenario_validate_self(c, &d), FPT_EINVALID));
    char *m = strdup(d.items[0].message);
    fpt_diags_clear(&d);
    fpt_scenario_free(c);
    return m;
}

static void negative_scale(fpt_scenario *s)
{
    s->weight[FPT_K_SCALE] = -1;
}

static void zero_share(fpt_scenario *s)
{
    s->support_share = 0;
}

Test(whatif, empty_object_is_the_scenario_itself)
{
    fpt_scenario *s = NULL;
    char *summary = NULL;
    cr_assert(eq(int, fpt_whatif_apply(model, base, "{}", 2, &s, &summary, &problems), FPT_OK));
    cr_expect(eq(str, summary, "no change"));
    cr_expect(eq(dbl, s->weight[FPT_K_SCALE], base->weight[FPT_K_SCALE]));
    cr_expect(eq(sz, s->n_locks, base->n_locks));
    cr_expect(eq(sz, s->n_sets, base->n_sets));
    free(summary);
    fpt_scenario_free(s);
}

Test(whatif, values_land_where_their_targets_say)
{
    const char *json = "{\"values\": {\"weight.scale\": 2.5, \"finance.support-share\": 0.3, "
                       "\"level.hub.units\": 4, \"supply.analysts.supply-wte\": 7, "
                       "\"supply.lawyers.premium-gbp\": 50, \"set.legal.rating.scale\": 1}}";
    fpt_scenario *s = NULL;
    char *summary = NULL;
    cr_assert(eq(int, fpt_whatif_apply(model, base, json, strlen(json), &s, &summary, &problems),
                 FPT_OK));
    cr_expect(eq(dbl, s->weight[FPT_K_SCALE], 2.5));
    cr_expect(eq(dbl, s->support_share, 0.3));
    long hub = fpt_scenario_find_level(s, "hub");
    cr_assert(ge(long, hub, 0));
    cr_expect(eq(long, s->levels[hub].n_units, 4));
    cr_expect(eq(int, s->levels[hub].kind, FPT_LEVEL_BY_UNITS));
    cr_expect(eq(dbl, s->supplies[0].supply_wte, 7));
    cr_expect(eq(dbl, s->supplies[1].premium_gbp, 50));
    bool found = false;
    for (size_t i = 0; i < s->n_sets; i++) {
        found |= strcmp(s->sets[i].field, "rating.scale") == 0 &&
                 strcmp(s->sets[i].function_id, "legal") == 0 && s->sets[i].value == 1;
    }
    cr_expect(found, "the set was not added");
    cr_expect(eq(int, strncmp(summary, "weight.scale = 2.5; finance.support-share = 0.", 46), 0),
              "%s", summary);
    cr_expect(eq(dbl, base->weight[FPT_K_SCALE], 1), "the served scenario changed");
    free(summary);
    fpt_scenario_free(s);
}

Test(whatif, locks_replace_the_scenarios_locks)
{
    fpt_scenario *s = NULL;
    cr_assert(eq(int,
                 apply("{\"locks\": [{\"function\": \"bi-data\", \"level\": \"hub\", "
                       "\"mode\": \"fix\"}]}",
                       &s),
                 FPT_OK));
    cr_assert(eq(sz, s->n_locks, 1));
    cr_expect(eq(str, s->locks[0].function_id, "bi-data"));
    cr_expect(eq(int, s->locks[0].mode, FPT_LOCK_FIX));
    cr_expect(eq(str, s->levels[s->locks[0].level].id, "hub"));
    fpt_scenario_free(s);
    cr_assert(eq(int, apply("{\"locks\": []}", &s), FPT_OK));
    cr_expect(eq(sz, s->n_locks, 0));
    fpt_scenario_free(s);
}

Test(whatif, a_bad_value_gets_the_scenario_files_message)
{
    char *expected = file_message(negative_scale);
    expect_refused("{\"values\": {\"weight.scale\": -1}}", "values.weight.scale", expected);
    free(expected);
    expected = file_message(zero_share);
    expect_refused("{\"values\": {\"finance.support-share\": 0}}", "values.finance.support-share",
                   expected);
    free(expected);
    expect_refused("{\"values\": {\"set.bi-data.rating.scale\": 5}}",
                   "values.set.bi-data.rating.scale",
                   "set on 'bi-data': rating.scale is 5 (expected an integer 0..4)");
    expect_refused("{\"values\": {\"set.bi-data.colour\": 1}}", "values.set.bi-data.colour",
                   "set on 'bi-data': unknown field 'colour'");
    expect_refused("{\"values\": {\"weight.beauty\": 1}}", "values.weight.beauty",
                   "what-if field 'weight.beauty' names nothing to vary (expected "
                   "population.total");
    expect_refused("{\"values\": {\"level.moon.units\": 3}}", "values.level.moon.units",
                   "what-if field 'level.moon.units' names nothing to vary");
}

Test(whatif, every_bad_value_is_listed)
{
    fpt_scenario *s = NULL;
    cr_assert(eq(int, apply("{\"values\": {\"weight.scale\": -1, \"weight.links\": -2}}", &s),
                 FPT_EINVALID));
    cr_assert(eq(sz, problems.n, 2));
    cr_expect(eq(str, problems.items[1].file, "values.weight.links"));
}

Test(whatif, values_impossible_only_together_name_no_member)
{
    /* local has 10 units; hub 5 alone and local 5 alone are fine, both make a clash */
    expect_refused("{\"values\": {\"level.hub.units\": 5, \"level.local.units\": 5}}", "",
                   "levels '");
    cr_expect(ne(ptr, strstr(problems.items[0].message, "both have 5 units"), NULL), "%s",
              problems.items[0].message);
}

Test(whatif, lock_references_are_checked_by_validation)
{
    expect_refused(
        "{\"locks\": [{\"function\": \"legal\", \"level\": \"moon\", \"mode\": \"fix\"}]}", "locks",
        "lock of 'legal': unknown level 'moon' (expected one of this scenario's "
        "levels: ");
    expect_refused(
        "{\"locks\": [{\"function\": \"nobody\", \"level\": \"hub\", \"mode\": \"fix\"}]}", "locks",
        "lock: unknown function 'nobody'");
}

Test(whatif, not_json_is_refused_whole)
{
    expect_refused("{", "", "is not JSON: ");
    expect_refused("", "", "is not JSON: ");
    expect_refused("{\"values\": {\"weight.scale\": NaN}}", "", "is not JSON: ");
    expect_refused("{\"values\": {\"weight.scale\": Infinity}}", "", "is not JSON: ");
    expect_refused("{\"values\": {\"weight.scale\": 1e400}}", "", "is not JSON: ");
    expect_refused("{\"values\": {\"weight.scale\": 123456789012345678901234567890}}", "",
                   "is not JSON: ");
    expect_refused("{\"values\": {}, \"values\": {}}", "", "is not JSON: ");
    expect_refused("{} trailing", "", "is not JSON: ");
}

Test(whatif, nul_bytes_are_not_json)
{
    fpt_scenario *s = NULL;
    const char raw[] = "{\"values\": {\"weight.scale\0x\": 1}}";
    cr_expect(eq(int, fpt_whatif_apply(model, base, raw, sizeof raw - 1, &s, NULL, &problems),
                 FPT_EINVALID));
    cr_expect(eq(ptr, s, NULL));
    expect_refused("{\"values\": {\"weight.scale\\u0000x\": 1}}", "", "is not JSON: ");
}

Test(whatif, wrong_types_are_named)
{
    expect_refused("[]", "", "is an array (expected an object with values and locks)");
    expect_refused("3", "", "is not JSON: ");
    expect_refused("{\"values\": 3}", "values", "is a number (expected an object of sweep targets");
    expect_refused("{\"values\": {\"weight.scale\": \"2\"}}", "values.weight.scale",
                   "is a string (expected a number)");
    expect_refused("{\"values\": {\"weight.scale\": null}}", "values.weight.scale",
                   "is null (expected a number)");
    expect_refused("{\"values\": {\"weight.scale\": true}}", "values.weight.scale",
                   "is true (expected a number)");
    expect_refused("{\"locks\": {}}", "locks", "is an object (expected an array of locks");
    expect_refused("{\"locks\": [3]}", "locks[0]", "is a number (expected an object");
    expect_refused("{\"locks\": [{\"function\": \"legal\", \"level\": \"hub\"}]}", "locks[0].mode",
                   "is missing (expected \"fix\" or \"forbid\")");
    expect_refused("{\"locks\": [{\"function\": 1, \"level\": \"hub\", \"mode\": \"fix\"}]}",
                   "locks[0].function", "is a number (expected a function id)");
    expect_refused(
        "{\"locks\": [{\"function\": \"legal\", \"level\": \"hub\", \"mode\": \"maybe\"}]}",
        "locks[0].mode", "is 'maybe' (expected \"fix\" or \"forbid\")");
}

Test(whatif, unknown_members_are_refused)
{
    expect_refused("{\"weights\": {}}", "weights",
                   "is not a member of a what-if (expected values and locks)");
    expect_refused("{\"locks\": [{\"function\": \"legal\", \"level\": \"hub\", \"mode\": "
                   "\"fix\", \"why\": 1}]}",
                   "locks[0].why", "is not a member of a lock");
}

Test(whatif, huge_but_finite_numbers_meet_the_ranges)
{
    fpt_scenario *s = NULL;
    expect_refused("{\"values\": {\"finance.support-share\": 1e300}}",
                   "values.finance.support-share",
                   "finance support-share is 1e+300 (expected a finite number in (0, 1])");
    expect_refused("{\"values\": {\"level.hub.units\": 1e300}}", "values.level.hub.units",
                   "level 'hub': units is 1e+300 (expected a positive integer)");
    /* A scenario file refuses a weight past 1e12 (its products would overflow), and so does
     * a what-if, with the same words. */
    expect_refused("{\"values\": {\"weight.scale\": 1e300}}", "values.weight.scale",
                   "weight for 'scale' is 1e+300, too large (expected at most 1e+12");
    cr_expect(eq(int, apply("{\"values\": {\"weight.scale\": 1e12}}", &s), FPT_OK),
              "a weight of 1e12 is in range for a scenario file and for a what-if");
    fpt_scenario_free(s);
}

Test(whatif, sizes_are_bounded)
{
    char json[32 * (FPT_WHATIF_MAX_VALUES + 2)];
    size_t used = (size_t)snprintf(json, sizeof json, "{\"values\": {");
    for (int i = 0; i <= FPT_WHATIF_MAX_VALUES; i++) {
        used += (size_t)snprintf(json + used, sizeof json - used, "%s\"weight.x%d\": 1",
                                 i > 0 ? ", " : "", i);
    }
    snprintf(json + used, sizeof json - used, "}}");
    expect_refused(json, "values", "has 257 members (expected at most 256)");
    char name[400];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    char big[600];
    snprintf(big, sizeof big, "{\"values\": {\"%s\": 1}}", name);
    fpt_scenario *s = NULL;
    cr_assert(eq(int, apply(big, &s), FPT_EINVALID));
    cr_expect(eq(sz, strlen(problems.items[0].file), strlen("values.") + 200));
}

Test(whatif, a_geography_refuses_level_and_population_values)
{
    fpt_scenario *real = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert(
        eq(int, fpt_scenario_load(FPT_TEST_DATA "/real-tiny.xml", model, &real, &d, &err), FPT_OK));
    fpt_scenario *s = NULL;
    const char *json = "{\"values\": {\"level.hub.units\": 3}}";
    cr_expect(eq(int, fpt_whatif_apply(model, real, json, strlen(json), &s, NULL, &problems),
                 FPT_EINVALID));
    cr_assert(eq(sz, problems.n, 1));
    cr_expect(eq(int,
                 strncmp(problems.items[0].message,
                         "what-if field 'level.hub.units' in a scenario with a geography", 62),
                 0),
              "%s", problems.items[0].message);
    fpt_diags_clear(&d);
    fpt_scenario_free(real);
}
