/* SPDX-License-Identifier: MIT */
/*
 * Meaning checks (solver/model/validate.c) on models and scenarios built in memory
 * (tests/support/builder.c), one fault at a time: each finding names the file and the line
 * of the element at fault and says what is wrong and what was expected, in the words
 * docs/formats.md uses; independent faults are all reported; a clean pass resolves every
 * reference, counts every level's units (N_l = max(1, round(Pop / P_l))) and orders the
 * levels local first. The file-level twins of many of these cases are in the bad-input
 * corpus (tests/bad/cases.txt); this suite covers each rule's edges, which files cannot reach
 * as directly (every parameter's range, tolerances, identifier lengths, plural wording).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include "builder.h"
#include "model/validate.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static void replace(char **field, const char *value)
{
    free(*field);
    *field = value != NULL ? strdup(value) : NULL;
    cr_assert(value == NULL || *field != NULL);
}

/* A valid model of n functions and one pool, every line distinct so findings can be placed. */
static fpt_model *model_of(size_t n)
{
    fpt_model *m = fpt_test_model_new(n, 1);
    for (size_t f = 0; f < n; f++) {
        fpt_function *fn = &m->functions[f];
        fn->line = (long)(20 + 10 * f);
        fn->staff_line = fn->line + 1;
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            fn->rating_line[k] = fn->line + 2 + k;
        }
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        m->calibration[k].line = 3 + k;
    }
    m->calibration_line = 2;
    m->pools[0].line = 12;
    return m;
}

static fpt_diags check_model(fpt_model *m, fpt_status want)
{
    fpt_diags d = {0};
    cr_expect(eq(int, fpt_model_validate(m, &d), want));
    return d;
}

/* The finding at index i is at line and holds text; its file is the model's or scenario's. */
static void expect_finding(const fpt_diags *d, size_t i, long line, const char *text)
{
    cr_assert(gt(sz, d->n, i), "only %zu findings; wanted '%s'", d->n, text);
    const fpt_diag *g = &d->items[i];
    cr_expect(eq(str, g->file, "builder"));
    cr_expect(eq(long, g->line, line), "'%s'", g->message);
    cr_expect(ne(ptr, strstr(g->message, text), NULL), "'%s' lacks '%s'", g->message, text);
}

static void expect_only(const fpt_diags *d, long line, const char *text)
{
    cr_expect(eq(sz, d->n, 1), "%zu findings, the first '%s'", d->n,
              d->n > 0 ? d->items[0].message : "");
    expect_finding(d, 0, line, text);
}

/* ---- a clean model --------------------------------------------------------------------- */

Test(validate_model, a_clean_model_resolves_its_references)
{
    fpt_model *m = fpt_test_model_new(3, 2);
    fpt_test_model_add_draw(m, 1, 1, 1.0);
    fpt_test_model_add_link(m, 2, 0, 2);
    m->functions[1].draws[0].pool = 99; /* validation must set it again */
    m->links[0].from = m->links[0].to = 99;
    fpt_diags d = check_model(m, FPT_OK);
    cr_expect(eq(sz, d.n, 0));
    cr_expect(eq(sz, m->functions[1].draws[0].pool, 1));
    cr_expect(eq(sz, m->links[0].from, 2));
    cr_expect(eq(sz, m->links[0].to, 0));
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* ---- calibration ----------------------------------------------------------------------- */

/* For each criterion, a value just outside its parameter's range and the range's words. */
typedef struct range_case {
    int k;
    double bad;
    char expected[48];
} range_case;

ParameterizedTestParameters(validate_model, each_parameter_has_its_range)
{
    static range_case cases[] = {
        {FPT_K_KNOWLEDGE, -0.1, "a finite number >= 0"},
        {FPT_K_VISIBILITY, -0.1, "a finite number >= 0"},
        {FPT_K_LINKS, -0.1, "a finite number >= 0"},
        {FPT_K_SCARCITY, 1.5, "a finite number in [0, 1]"},
        {FPT_K_MIN_TEAM, -1, "a finite number >= 0"},
        {FPT_K_SCALE, 0, "a finite number in (0, 1]"},
        {FPT_K_DUPLICATION, INFINITY, "a finite number >= 0"},
        {FPT_K_DEVELOPMENT, NAN, "a finite number >= 0"},
    };
    return cr_make_param_array(range_case, cases, sizeof cases / sizeof cases[0]);
}

/* The bad value goes at rating 4, where a monotone table may still take it. */
ParameterizedTest(range_case *c, validate_model, each_parameter_has_its_range)
{
    fpt_model *m = model_of(1);
    m->calibration[c->k].value[4] = c->bad;
    fpt_diags d = check_model(m, FPT_EINVALID);
    char text[160], value[32];
    snprintf(value, sizeof value, "%g", c->bad);
    snprintf(text, sizeof text, "calibration table for '%s': %s at rating 4 is %s (expected %s)",
             fpt_criterion_id(c->k), fpt_parameter_id(c->k),
             isnan(c->bad)   ? "NaN"
             : isinf(c->bad) ? "INF"
                             : value,
             c->expected);
    expect_only(&d, 3 + c->k, text);
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, tables_rise_except_scale_which_falls)
{
    fpt_model *m = model_of(1);
    const double falls[FPT_N_RATINGS] = {0, 2, 1, 0.5, 3}; /* two falls: only the first */
    const double rises[FPT_N_RATINGS] = {1, 0.9, 0.95, 0.8, 0.7};
    fpt_test_model_calibrate(m, FPT_K_MIN_TEAM, falls);
    fpt_test_model_calibrate(m, FPT_K_SCALE, rises);
    m->calibration[FPT_K_MIN_TEAM].line = 7;
    m->calibration[FPT_K_SCALE].line = 8;
    fpt_diags d = check_model(m, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 2));
    expect_finding(&d, 0, 7,
                   "calibration table for 'min-team' falls from 2 at rating 1 to 1 at rating 2 "
                   "(expected non-decreasing values");
    expect_finding(&d, 1, 8,
                   "calibration table for 'scale' rises from 0.9 at rating 1 to 0.95 at rating 2 "
                   "(expected non-increasing values");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, flat_tables_are_monotone)
{
    fpt_model *m = model_of(1);
    const double flat[FPT_N_RATINGS] = {0.5, 0.5, 0.5, 0.5, 0.5};
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_test_model_calibrate(m, k, flat);
    }
    fpt_diags d = check_model(m, FPT_OK);
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, a_missing_table_is_named_at_the_calibration_element)
{
    fpt_model *m = model_of(1);
    m->calibration[FPT_K_DEVELOPMENT].present = false;
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_only(&d, 2,
                "calibration: no table for criterion 'development' (expected exactly one "
                "<table> per criterion, eight in all)");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* ---- functions ------------------------------------------------------------------------- */

Test(validate_model, staff_figures_must_be_positive_and_finite)
{
    fpt_model *m = model_of(2);
    m->functions[0].staff_per_100k = 0;
    m->functions[1].salary_gbp = -INFINITY;
    fpt_diags d = check_model(m, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 2));
    expect_finding(&d, 0, 21, "function 'f0': staff per-100k is 0 (expected a finite number > 0)");
    expect_finding(&d, 1, 31,
                   "function 'f1': staff salary-gbp is -INF (expected a finite number > 0)");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, an_unknown_category_is_named)
{
    fpt_model *m = model_of(1);
    replace(&m->functions[0].category, "front-office");
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_only(&d, 20,
                "function 'f0': category 'front-office' is unknown (expected one of the seven "
                "categories");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, ratings_are_present_integers_with_a_rationale)
{
    fpt_model *m = model_of(3);
    m->functions[0].rating_present[FPT_K_SCALE] = false;
    m->functions[1].rating[FPT_K_DUPLICATION] = 5;
    replace(&m->functions[2].rationale[FPT_K_VISIBILITY], " \t\n");
    fpt_diags d = check_model(m, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 3));
    expect_finding(&d, 0, 20,
                   "function 'f0': no rating for 'scale' (expected exactly one <rating> per "
                   "criterion, eight in all)");
    expect_finding(&d, 1, 30 + 2 + FPT_K_DUPLICATION,
                   "function 'f1': rating for 'duplication' is 5 (expected an integer 0..4)");
    expect_finding(&d, 2, 40 + 2 + FPT_K_VISIBILITY,
                   "function 'f2': rating for 'visibility' has no rationale");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, no_functions_at_all)
{
    fpt_model *m = model_of(0);
    m->line = 5;
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_only(&d, 5, "model 'test-model' has no functions (expected at least one <function>)");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* ---- identifiers ------------------------------------------------------------------------ */

Test(validate_model, identifiers_are_lower_case_and_at_most_64_characters)
{
    char longest[65], too_long[66];
    memset(longest, 'p', 64);
    longest[64] = '\0';
    memset(too_long, 'p', 65);
    too_long[65] = '\0';
    const char *good[] = {"a", "0-a", longest};
    const char *bad[] = {"", "-a", "A", "a_b", "a b", too_long};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        fpt_model *m = model_of(1);
        replace(&m->pools[0].id, good[i]);
        fpt_diags d = check_model(m, FPT_OK);
        fpt_diags_clear(&d);
        fpt_model_free(m);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fpt_model *m = model_of(1);
        replace(&m->pools[0].id, bad[i]);
        fpt_diags d = check_model(m, FPT_EINVALID);
        char text[160];
        snprintf(text, sizeof text,
                 "skill pool id '%s' is not a valid identifier (expected [a-z0-9][a-z0-9-]*, at "
                 "most 64 characters)",
                 bad[i]);
        expect_only(&d, 12, text);
        fpt_diags_clear(&d);
        fpt_model_free(m);
    }
}

Test(validate_model, a_second_use_of_an_id_names_the_first)
{
    fpt_model *m = model_of(3);
    replace(&m->functions[2].id, "f0");
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_only(&d, 40,
                "function id 'f0' is used twice (expected unique function ids; the first is at "
                "line 20)");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* ---- draws and pools ------------------------------------------------------------------- */

Test(validate_model, draws_name_a_pool_once_with_a_share_in_range)
{
    fpt_model *m = model_of(3);
    fpt_test_model_add_draw(m, 0, 0, 0.5);
    fpt_test_model_add_draw(m, 0, 0, 0.5);
    m->functions[0].draws[1].line = 77;
    fpt_test_model_add_draw(m, 1, 0, 1.0);
    replace(&m->functions[1].draws[0].pool_id, "designers");
    fpt_test_model_add_draw(m, 2, 0, 1.5);
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_finding(&d, 0, 77,
                   "function 'f0': draws on pool 'p0' twice (expected one <draws> per pool; the "
                   "first is at line 20)");
    expect_finding(&d, 1, 30,
                   "function 'f1': draws on unknown pool 'designers' (expected the id of a "
                   "<pool> in <skill-pools>)");
    expect_finding(&d, 2, 40,
                   "function 'f2': share drawn from 'p0' is 1.5 (expected a finite number in "
                   "(0, 1])");
    expect_finding(&d, 3, 40, "function 'f2': the shares drawn from skill pools sum to 1.5");
    cr_expect(eq(sz, d.n, 4));
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* Shares sum to 1 within 1e-9: a rounding error passes, a tenth does not. */
Test(validate_model, shares_sum_to_one_within_a_tolerance)
{
    fpt_model *m = fpt_test_model_new(1, 3);
    fpt_test_model_add_draw(m, 0, 0, 0.1);
    fpt_test_model_add_draw(m, 0, 1, 0.2);
    fpt_test_model_add_draw(m, 0, 2, 0.7); /* 0.1 + 0.2 + 0.7 is 1 − 1.1e-16 in doubles */
    fpt_diags d = check_model(m, FPT_OK);
    fpt_diags_clear(&d);
    m->functions[0].draws[2].share = 0.6;
    d = check_model(m, FPT_EINVALID);
    expect_only(&d, m->functions[0].line,
                "function 'f0': the shares drawn from skill pools sum to 0.9 (expected 1)");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, scarcity_needs_a_pool_to_draw_on)
{
    fpt_model *m = model_of(2);
    m->functions[0].rating[FPT_K_SCARCITY] = 1;
    fpt_test_model_add_draw(m, 1, 0, 1.0);
    m->functions[1].rating[FPT_K_SCARCITY] = 4;
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_only(&d, 20 + 2 + FPT_K_SCARCITY,
                "function 'f0': scarcity rating is 1 but the function draws on no skill pool");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, overrides_keep_the_parameter_range_and_cite_a_source)
{
    fpt_model *m = model_of(1);
    fpt_function *fn = &m->functions[0];
    fn->override[FPT_K_SCALE] = (fpt_override){.present = true, .value = 1.5, .line = 60};
    fn->override[FPT_K_MIN_TEAM] = (fpt_override){.present = true, .value = 3, .line = 61};
    fn->override[FPT_K_MIN_TEAM].source = strdup("  ");
    fpt_diags d = check_model(m, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 3));
    expect_finding(&d, 0, 61,
                   "function 'f0': override of 'min-team-wte' has no source (expected a seed "
                   "citation or a marked judgement)");
    expect_finding(&d, 1, 60,
                   "function 'f0': override of 'scale-exponent' is 1.5 (expected a finite "
                   "number in (0, 1])");
    expect_finding(&d, 2, 60, "function 'f0': override of 'scale-exponent' has no source");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* ---- links ----------------------------------------------------------------------------- */

Test(validate_model, links_join_two_known_functions_once_at_strength_1_to_4)
{
    fpt_model *m = model_of(3);
    fpt_test_model_add_link(m, 0, 1, 2);
    fpt_test_model_add_link(m, 1, 0, 2); /* the same pair, reversed */
    fpt_test_model_add_link(m, 2, 2, 1);
    fpt_test_model_add_link(m, 0, 2, 1);
    m->links[3].strength = 5;
    for (size_t e = 0; e < 4; e++) {
        m->links[e].line = 100 + (long)e;
    }
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_finding(&d, 0, 101,
                   "link between 'f1' and 'f0' is given twice (expected each pair at most once; "
                   "the first is at line 100)");
    expect_finding(&d, 1, 102, "link from 'f2' to 'f2': a function cannot link to itself");
    expect_finding(&d, 2, 103, "link from 'f0' to 'f2': strength is 5 (expected an integer 1..4)");
    expect_finding(&d, 3, 40 + 2 + FPT_K_LINKS,
                   "function 'f2': links rating is 1 but its strongest link has strength 0");
    cr_expect(eq(sz, d.n, 4), "f2's two links are both invalid, so its strongest is 0");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* The links rating is checked against the valid links only: f2's only link names nobody, so
 * its strongest is 0, and its rating 1 (set by the builder) is a finding; f0's is fine. */
Test(validate_model, the_links_rating_is_the_strongest_valid_link)
{
    fpt_model *m = model_of(3);
    fpt_test_model_add_link(m, 0, 1, 3);
    fpt_test_model_add_link(m, 2, 1, 1);
    replace(&m->links[1].to_id, "nobody");
    fpt_diags d = check_model(m, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 2));
    expect_finding(&d, 0, 100, "link from 'f2' to 'nobody': unknown function 'nobody'");
    expect_finding(&d, 1, 40 + 2 + FPT_K_LINKS,
                   "function 'f2': links rating is 1 but its strongest link has strength 0 "
                   "(expected the links rating to equal its strongest link, 0 when it has none)");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_model, every_independent_problem_is_reported)
{
    fpt_model *m = model_of(2);
    m->calibration[FPT_K_SCARCITY].value[4] = 2;
    replace(&m->pools[0].id, "P0");
    m->functions[0].staff_per_100k = NAN;
    m->functions[1].rating[FPT_K_MIN_TEAM] = -1;
    fpt_diags d = check_model(m, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 4));
    expect_finding(&d, 0, 3 + FPT_K_SCARCITY, "scarce-share at rating 4 is 2");
    expect_finding(&d, 1, 12, "skill pool id 'P0' is not a valid identifier");
    expect_finding(&d, 2, 21, "staff per-100k is NaN");
    expect_finding(&d, 3, 30 + 2 + FPT_K_MIN_TEAM, "rating for 'min-team' is -1");
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

/* ---- scenarios on their own ------------------------------------------------------------ */

static fpt_scenario *scenario_of(const fpt_model *m)
{
    const long units[3] = {10, 4, 1};
    fpt_scenario *s = fpt_test_scenario_new(m, 1000000, units, 3);
    for (size_t l = 0; l < s->n_levels; l++) {
        s->levels[l].line = 30 + (long)l;
    }
    return s;
}

static fpt_diags check_self(fpt_scenario *s, fpt_status want)
{
    fpt_diags d = {0};
    cr_expect(eq(int, fpt_scenario_validate_self(s, &d), want));
    return d;
}

/*
 * Pop 1,000,000, three levels written largest first: "country" by unit population 5,000,000
 * (1,000,000 / 5,000,000 = 0.2, N = max(1, round(0.2)) = 1), "local" by 10 units, "hub" by
 * unit population 450,000 (2.22, N = 2, P = 500,000). They come back local, hub, country.
 */
Test(validate_scenario, levels_get_their_units_and_are_ordered_local_first)
{
    fpt_model *m = model_of(1);
    fpt_scenario *s = scenario_of(m);
    fpt_level *lv = s->levels;
    replace(&lv[0].id, "country");
    lv[0].kind = FPT_LEVEL_BY_POPULATION;
    lv[0].spec = 5000000;
    replace(&lv[1].id, "local");
    lv[1].kind = FPT_LEVEL_BY_UNITS;
    lv[1].spec = 10;
    replace(&lv[2].id, "hub");
    lv[2].kind = FPT_LEVEL_BY_POPULATION;
    lv[2].spec = 450000;
    fpt_diags d = check_self(s, FPT_OK);
    const char *order[3] = {"local", "hub", "country"};
    const long units[3] = {10, 2, 1};
    for (size_t l = 0; l < 3; l++) {
        cr_expect(eq(str, s->levels[l].id, (char *)order[l]));
        cr_expect(eq(long, s->levels[l].n_units, units[l]));
        cr_expect(eq(dbl, s->levels[l].unit_pop, 1000000.0 / (double)units[l]));
    }
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* docs/formats.md "levels": N = max(1, round(Pop / P)), an exact half rounded up (away from
 * zero), the quotient taken in doubles; the hub's unit population is 400,000. */
typedef struct half_case {
    double pop;
    long units; /* of the hub level */
} half_case;

ParameterizedTestParameters(validate_scenario, unit_population_rounds_halves_up)
{
    static half_case cases[] = {
        {1000000, 3}, /* 2.5: up, not to the even 2 */
        {1400000, 4}, /* 3.5 */
        {600000, 2},  /* 1.5 */
        {2200000, 6}, /* 5.5 */
        {999999, 2},  /* 2.4999975: down */
        {1000001, 3}, /* 2.5000025: up */
        {1800000, 5}, /* 4.5: up, not to the even 4 */
    };
    return cr_make_param_array(half_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(half_case *c, validate_scenario, unit_population_rounds_halves_up)
{
    fpt_model *m = model_of(1);
    const long units[3] = {40, 4, 1};
    fpt_scenario *s = fpt_test_scenario_new(m, c->pop, units, 3);
    s->levels[1].kind = FPT_LEVEL_BY_POPULATION;
    s->levels[1].spec = 400000;
    s->levels[0].spec = 40;
    fpt_diags d = {0};
    cr_assert(eq(int, fpt_scenario_validate_self(s, &d), FPT_OK), "%g", c->pop);
    cr_expect(eq(long, s->levels[1].n_units, c->units), "%g / 400000", c->pop);
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_scenario, a_lock_names_its_level_after_the_ordering)
{
    fpt_model *m = model_of(1);
    const long units[3] = {1, 10, 4}; /* national, local, hub as written */
    fpt_scenario *s = fpt_test_scenario_new(m, 1000000, units, 3);
    fpt_test_scenario_lock(s, m, 0, 0, FPT_LOCK_FIX); /* "l0", the national level */
    fpt_diags d = check_self(s, FPT_OK);
    cr_expect(eq(str, s->levels[2].id, "l0"));
    cr_expect(eq(sz, s->locks[0].level, 2));
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_scenario, level_counts_and_the_plural)
{
    fpt_model *m = model_of(1);
    for (size_t n = 0; n < 2; n++) {
        const long units[1] = {1};
        fpt_scenario *s = fpt_test_scenario_new(m, 1000000, units, n);
        s->levels_line = 9;
        fpt_diags d = check_self(s, FPT_EINVALID);
        expect_only(&d, 9,
                    n == 0 ? "the scenario has 0 levels (expected at least two)"
                           : "the scenario has 1 level (expected at least two)");
        fpt_diags_clear(&d);
        fpt_scenario_free(s);
    }
    fpt_model_free(m);
}

/* l1 by unit population 400,000: 1,000,000 / 400,000 = 2.5 rounds to 3 (half away from
 * zero), the count l2 gives outright; the finding is at the later of the two lines. */
Test(validate_scenario, two_levels_with_the_same_count_name_the_later_one)
{
    fpt_model *m = model_of(1);
    fpt_scenario *s = scenario_of(m);
    s->levels[1].kind = FPT_LEVEL_BY_POPULATION;
    s->levels[1].spec = 400000;
    s->levels[2].spec = 3;
    fpt_diags d = check_self(s, FPT_EINVALID);
    expect_only(&d, 32,
                "levels 'l1' and 'l2' both have 3 units (expected a different unit "
                "count for each level)");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_scenario, unit_counts_are_whole_and_positive)
{
    fpt_model *m = model_of(1);
    const double bad[] = {0, 2.5, -3, NAN, 1e13};
    const char *shown[] = {"0", "2.5", "-3", "NaN", "1e+13"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fpt_scenario *s = scenario_of(m);
        s->levels[0].spec = bad[i];
        fpt_diags d = check_self(s, FPT_EINVALID);
        char text[96];
        snprintf(text, sizeof text, "level 'l0': units is %s (expected a positive integer)",
                 shown[i]);
        expect_only(&d, 30, text);
        fpt_diags_clear(&d);
        fpt_scenario_free(s);
    }
    fpt_model_free(m);
}

Test(validate_scenario, areas_add_up_to_the_population)
{
    fpt_model *m = model_of(1);
    fpt_scenario *s = scenario_of(m);
    s->population_from_areas = true;
    s->areas = calloc(2, sizeof *s->areas);
    cr_assert(ne(ptr, s->areas, NULL));
    s->n_areas = 2;
    s->areas[0] = (fpt_area){.id = strdup("north"), .population = 600000, .line = 7};
    s->areas[1] = (fpt_area){.id = strdup("south"), .population = 900000, .line = 8};
    fpt_diags d = check_self(s, FPT_OK);
    cr_expect(eq(dbl, s->population, 1500000));
    cr_expect(eq(long, s->levels[0].n_units, 10));
    cr_expect(eq(dbl, s->levels[0].unit_pop, 150000));
    fpt_diags_clear(&d);
    replace(&s->areas[1].id, "north");
    d = check_self(s, FPT_EINVALID);
    expect_only(&d, 8,
                "area id 'north' is used twice (expected unique area ids; the first is at "
                "line 7)");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Each finance figure and weight at its bound and just past it. */
Test(validate_scenario, finance_and_weights_at_their_bounds)
{
    fpt_model *m = model_of(1);
    fpt_scenario *s = scenario_of(m);
    s->allowance_per_head_gbp = 0;
    s->support_share = 1;
    s->horizon_years = 1;
    s->discount_rate = 0;
    s->weight[FPT_K_LINKS] = 0;
    fpt_diags d = check_self(s, FPT_OK);
    fpt_diags_clear(&d);
    s->allowance_per_head_gbp = -0.5;
    s->support_share = 0;
    s->horizon_years = 0.99;
    s->discount_rate = 1;
    s->weight[FPT_K_LINKS] = -1;
    d = check_self(s, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 5));
    expect_finding(&d, 0, 4,
                   "finance allowance-per-head-gbp is -0.5 (expected a finite number >= 0)");
    expect_finding(&d, 1, 4, "finance support-share is 0 (expected a finite number in (0, 1])");
    expect_finding(&d, 2, 4, "finance horizon-years is 0.99 (expected a finite number >= 1)");
    expect_finding(&d, 3, 4, "finance discount-rate is 1 (expected a finite number in [0, 1))");
    expect_finding(&d, 4, 5, "weight for 'links' is -1 (expected a finite number >= 0)");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_scenario, supplies_are_non_negative_and_given_once)
{
    fpt_model *m = model_of(1);
    fpt_scenario *s = scenario_of(m);
    fpt_test_scenario_supply(s, 0, true, -2, -1);
    fpt_diags d = check_self(s, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 2));
    expect_finding(&d, 0, 6,
                   "skill-supply for 'p0': supply-wte is -2 (expected a finite number >= 0)");
    expect_finding(&d, 1, 6, "skill-supply for 'p0': premium-gbp is -1");
    fpt_diags_clear(&d);
    fpt_test_scenario_supply(s, 0, false, -2, 0); /* an unlimited supply has no figure to check */
    d = check_self(s, FPT_OK);
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_scenario, an_unknown_lock_level_lists_the_levels)
{
    fpt_model *m = model_of(1);
    fpt_scenario *s = scenario_of(m);
    fpt_test_scenario_lock(s, m, 0, 0, FPT_LOCK_FORBID);
    replace(&s->locks[0].level_id, "regional");
    fpt_diags d = check_self(s, FPT_EINVALID);
    expect_only(&d, 7,
                "lock of 'f0': unknown level 'regional' (expected one of this scenario's "
                "levels: l0, l1, l2)");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- scenario sets ---------------------------------------------------------------------- */

/* A field, the kind and criterion it parses to, and a value out of its range with the
 * words of the finding. */
typedef struct set_case {
    char field[32];
    fpt_set_kind kind;
    int k;
    double good, bad;
    char expected[48];
} set_case;

ParameterizedTestParameters(validate_scenario, set_fields_parse_and_check_their_values)
{
    static set_case cases[] = {
        {"rating.scale", FPT_SET_RATING, FPT_K_SCALE, 4, 4.5, "an integer 0..4"},
        {"staff.per-100k", FPT_SET_STAFF_PER_100K, -1, 0.1, 0, "a finite number > 0"},
        {"staff.salary-gbp", FPT_SET_SALARY, -1, 1, INFINITY, "a finite number > 0"},
        {"parameter.scarce-share", FPT_SET_PARAMETER, FPT_K_SCARCITY, 1, 1.01,
         "a finite number in [0, 1]"},
        {"parameter.development-multiple", FPT_SET_PARAMETER, FPT_K_DEVELOPMENT, 0, -1,
         "a finite number >= 0"},
        {"link.f1", FPT_SET_LINK, FPT_K_LINKS, 0, -1, "an integer 0..4"},
    };
    return cr_make_param_array(set_case, cases, sizeof cases / sizeof cases[0]);
}

static fpt_set *add_set(fpt_scenario *s, const char *field, double value)
{
    fpt_set *grown = realloc(s->sets, (s->n_sets + 1) * sizeof *grown);
    cr_assert(ne(ptr, grown, NULL));
    s->sets = grown;
    fpt_set *set = &grown[s->n_sets++];
    *set = (fpt_set){.function_id = strdup("f0"),
                     .field = strdup(field),
                     .value = value,
                     .line = 50 + (long)s->n_sets};
    return set;
}

ParameterizedTest(set_case *c, validate_scenario, set_fields_parse_and_check_their_values)
{
    fpt_model *m = model_of(2);
    fpt_scenario *s = scenario_of(m);
    fpt_set *set = add_set(s, c->field, c->good);
    fpt_diags d = check_self(s, FPT_OK);
    cr_expect(eq(int, (int)set->kind, (int)c->kind), "%s", c->field);
    cr_expect(eq(int, set->k, c->k), "%s", c->field);
    fpt_diags_clear(&d);
    set->value = c->bad;
    d = check_self(s, FPT_EINVALID);
    char text[160];
    snprintf(text, sizeof text, "set on 'f0': %s is ", c->field);
    expect_only(&d, set->line, text);
    cr_expect(ne(ptr, strstr(d.items[0].message, c->expected), NULL), "%s", d.items[0].message);
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_scenario, set_fields_that_name_nothing)
{
    fpt_model *m = model_of(1);
    fpt_scenario *s = scenario_of(m);
    add_set(s, "rating.beauty", 1);
    add_set(s, "parameter.min-team", 1);
    add_set(s, "rating.links", 1);
    add_set(s, "colour", 1);
    add_set(s, "rating.beauty", 2);
    fpt_diags d = check_self(s, FPT_EINVALID);
    cr_expect(eq(sz, d.n, 6));
    expect_finding(&d, 0, 51, "set on 'f0': field 'rating.beauty' names no criterion");
    expect_finding(&d, 1, 52, "set on 'f0': field 'parameter.min-team' names no parameter");
    expect_finding(&d, 2, 53, "set on 'f0': field 'rating.links' is not settable");
    expect_finding(&d, 3, 54, "set on 'f0': unknown field 'colour'");
    expect_finding(&d, 4, 55, "set on 'f0': field 'rating.beauty' names no criterion");
    expect_finding(&d, 5, 55,
                   "set on 'f0': field 'rating.beauty' is set twice (expected at most one set "
                   "per function and field; the first is at line 51)");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- scenario against the model -------------------------------------------------------- */

Test(validate_refs, references_into_the_model_resolve_or_are_named)
{
    fpt_model *m = model_of(2);
    fpt_diags d = check_model(m, FPT_OK);
    fpt_scenario *s = scenario_of(m);
    fpt_test_scenario_lock(s, m, 1, 0, FPT_LOCK_FIX);
    add_set(s, "link.f1", 2);
    add_set(s, "rating.scale", 1);
    fpt_set *link = &s->sets[0], *rating = &s->sets[1];
    replace(&rating->function_id, "f1");
    s->locks[0].function = s->supplies[0].pool = 99; /* the builder's; validation resolves */
    cr_assert(eq(int, fpt_scenario_validate_self(s, &d), FPT_OK));
    cr_assert(eq(int, fpt_scenario_validate_refs(s, m, &d), FPT_OK));
    cr_expect(eq(sz, s->locks[0].function, 1));
    cr_expect(eq(sz, link->function, 0));
    cr_expect(eq(sz, link->other, 1));
    cr_expect(eq(sz, rating->function, 1));
    cr_expect(eq(sz, s->supplies[0].pool, 0));

    replace(&s->supplies[0].pool_id, "designers");
    replace(&s->locks[0].function_id, "payroll");
    replace(&link->field, "link.f0");
    replace(&rating->function_id, "nobody");
    cr_expect(eq(int, fpt_scenario_validate_refs(s, m, &d), FPT_EINVALID));
    cr_expect(eq(sz, d.n, 4));
    expect_finding(&d, 0, 6,
                   "skill-supply: unknown pool 'designers' (expected the id of a skill pool in "
                   "model 'test-model')");
    expect_finding(&d, 1, 7, "lock: unknown function 'payroll'");
    expect_finding(&d, 2, link->line,
                   "set on 'f0': link.f0 links the function to itself (expected another "
                   "function)");
    expect_finding(&d, 3, rating->line,
                   "set: unknown function 'nobody' (expected the id of a function in model "
                   "'test-model')");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_refs, a_link_set_to_an_unknown_function)
{
    fpt_model *m = model_of(2);
    fpt_scenario *s = scenario_of(m);
    fpt_set *set = add_set(s, "link.nobody", 1);
    fpt_diags d = {0};
    cr_assert(eq(int, fpt_scenario_validate_self(s, &d), FPT_OK));
    cr_expect(eq(int, fpt_scenario_validate_refs(s, m, &d), FPT_EINVALID));
    expect_only(&d, set->line, "set on 'f0': link.nobody: unknown function 'nobody'");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- precedence: a parameter's set, then its override, then its rating ------------------ */

/* f0 overrides scale-exponent in the model; the scenario sets f1's min-team-wte and the
 * ratings of both on those criteria, and f0's duplication rating, which is free to act. */
static fpt_scenario *shadowed_ratings(fpt_model *m)
{
    m->functions[0].override[FPT_K_SCALE] =
        (fpt_override){.present = true, .value = 0.6, .source = strdup("test"), .line = 77};
    fpt_scenario *s = scenario_of(m);
    add_set(s, "rating.scale", 1);
    add_set(s, "parameter.min-team-wte", 5);
    add_set(s, "rating.min-team", 4);
    add_set(s, "rating.duplication", 4);
    replace(&s->sets[1].function_id, "f1");
    replace(&s->sets[2].function_id, "f1");
    fpt_diags d = {0};
    cr_assert(eq(int, fpt_scenario_validate_self(s, &d), FPT_OK));
    cr_assert(eq(int, fpt_scenario_validate_refs(s, m, &d), FPT_OK));
    return s;
}

Test(precedence, a_rating_set_under_an_override_or_a_parameter_set_is_noted)
{
    fpt_model *m = model_of(2);
    fpt_diags d = check_model(m, FPT_OK);
    fpt_scenario *s = shadowed_ratings(m);
    cr_assert(eq(int, fpt_scenario_precedence_notes(s, m, &d), FPT_OK));
    cr_expect(eq(sz, d.n, 2), "%zu notes", d.n);
    expect_finding(&d, 0, 51,
                   "set of rating.scale on 'f0' has no effect: the model's override of "
                   "scale-exponent at builder:77 takes precedence");
    expect_finding(&d, 1, 53,
                   "set of rating.min-team on 'f1' has no effect: this scenario's set of "
                   "min-team-wte at builder:52 takes precedence");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* What the notes claim: without the shadowed rating sets the appraisal is the same. */
Test(precedence, the_noted_ratings_change_nothing)
{
    fpt_model *m = model_of(2);
    fpt_diags d = check_model(m, FPT_OK);
    fpt_scenario *s = shadowed_ratings(m);
    fpt_appraisal *with = fpt_test_appraise(m, s);
    s->sets[0].value = 4; /* rating.scale of f0, under the override */
    s->sets[2].value = 0; /* rating.min-team of f1, under the parameter set */
    fpt_appraisal *without = fpt_test_appraise(m, s);
    s->sets[3].value = 0; /* rating.duplication of f0: acts */
    fpt_appraisal *changed = fpt_test_appraise(m, s);
    bool same = true, differs = false;
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < with->n_levels; l++) {
            same &= fpt_appraisal_cell(with, f, l)->objective ==
                    fpt_appraisal_cell(without, f, l)->objective;
            differs |= fpt_appraisal_cell(with, f, l)->objective !=
                       fpt_appraisal_cell(changed, f, l)->objective;
        }
    }
    cr_expect(same, "a noted rating changed the appraisal");
    cr_expect(differs, "the free rating did not act: the comparison proves nothing");
    fpt_appraisal_free(with);
    fpt_appraisal_free(without);
    fpt_appraisal_free(changed);
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(precedence, link_share_cannot_be_set_for_one_function)
{
    fpt_model *m = model_of(2);
    m->functions[1].override[FPT_K_LINKS] =
        (fpt_override){.present = true, .value = 0.1, .source = strdup("test"), .line = 88};
    fpt_diags d = check_model(m, FPT_EINVALID);
    expect_only(&d, 88, "function 'f1': link-share cannot be overridden for one function");
    fpt_diags_clear(&d);
    fpt_scenario *s = scenario_of(m);
    fpt_set *set = add_set(s, "parameter.link-share", 0.1);
    d = check_self(s, FPT_EINVALID);
    expect_only(&d, set->line, "set on 'f0': link-share cannot be overridden for one function");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- defaults (docs/formats.md "Defaults") --------------------------------------------- */

Test(validate_refs, a_pool_left_out_gets_the_models_default_once)
{
    fpt_model *m = fpt_test_model_new(2, 3);
    m->pools[1].has_default = m->pools[1].default_limited = true;
    m->pools[1].default_supply_wte = 40;
    m->pools[1].default_premium_gbp = 500;
    fpt_diags d = check_model(m, FPT_OK);
    fpt_scenario *s = scenario_of(m);
    for (size_t i = 1; i < s->n_supplies; i++) { /* the scenario names pool p0 only */
        free(s->supplies[i].pool_id);
    }
    s->n_supplies = 1;
    s->supplies[0].limited = true;
    s->supplies[0].supply_wte = 7;
    cr_assert(eq(int, fpt_scenario_validate_self(s, &d), FPT_OK));
    cr_assert(eq(int, fpt_scenario_validate_refs(s, m, &d), FPT_OK));
    cr_assert(eq(sz, s->n_supplies, 2), "p1 added from the model, p2 (no default) not");
    const fpt_supply *added = &s->supplies[1];
    cr_expect(added->from_model && !s->supplies[0].from_model);
    cr_expect(eq(str, added->pool_id, "p1"));
    cr_expect(eq(sz, added->pool, 1));
    cr_expect(added->limited);
    cr_expect(eq(dbl, added->supply_wte, 40));
    cr_expect(eq(dbl, added->premium_gbp, 500));
    cr_expect(eq(dbl, s->supplies[0].supply_wte, 7), "the scenario's own supply stays");
    cr_assert(eq(int, fpt_scenario_validate_refs(s, m, &d), FPT_OK));
    cr_expect(eq(sz, s->n_supplies, 2), "validated again, nothing more is added");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(validate_model, a_pools_default_must_be_a_finite_number_at_least_zero)
{
    fpt_model *m = model_of(2);
    m->pools[0].has_default = m->pools[0].default_limited = true;
    m->pools[0].default_supply_wte = -1;
    m->pools[0].default_premium_gbp = NAN;
    fpt_diags d = check_model(m, FPT_EINVALID);
    cr_assert(eq(sz, d.n, 2));
    cr_expect(strstr(d.items[0].message, "skill pool 'p0': supply-wte") != NULL, "%s",
              d.items[0].message);
    cr_expect(strstr(d.items[1].message, "skill pool 'p0': premium-gbp") != NULL, "%s",
              d.items[1].message);
    cr_expect(eq(long, d.items[0].line, 12));
    fpt_diags_clear(&d);
    fpt_model_free(m);
}

Test(validate_refs, an_id_that_looks_like_a_slip_gets_a_suggestion)
{
    fpt_model *m = fpt_test_model_new(2, 2);
    replace(&m->functions[1].id, "bi-analysis");
    replace(&m->pools[1].id, "analysts");
    fpt_diags d = check_model(m, FPT_OK);
    fpt_scenario *s = scenario_of(m);
    fpt_test_scenario_lock(s, m, 1, 0, FPT_LOCK_FIX);
    replace(&s->locks[0].function_id, "bi-analysys");
    replace(&s->supplies[1].pool_id, "analyst");
    replace(&s->supplies[0].pool_id, "astrologers");
    cr_assert(eq(int, fpt_scenario_validate_self(s, &d), FPT_OK));
    cr_expect(eq(int, fpt_scenario_validate_refs(s, m, &d), FPT_EINVALID));
    cr_assert(eq(sz, d.n, 3));
    cr_expect(strstr(d.items[0].message, "unknown pool 'astrologers' (expected the id of a skill "
                                         "pool in model 'test-model')") != NULL,
              "%s", d.items[0].message);
    cr_expect(strstr(d.items[1].message,
                     "unknown pool 'analyst' (expected the id of a skill pool "
                     "in model 'test-model'; did you mean 'analysts'?)") != NULL,
              "%s", d.items[1].message);
    cr_expect(strstr(d.items[2].message, "lock: unknown function 'bi-analysys' (expected the id of "
                                         "a function in model 'test-model'; did you mean "
                                         "'bi-analysis'?)") != NULL,
              "%s", d.items[2].message);
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}
