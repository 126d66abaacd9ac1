/* SPDX-License-Identifier: MIT */
/*
 * Real units (a scenario that names a geography): tests/data/real-tiny.xml groups the eight
 * CCGs of geo-tiny.csv by CCG, region, area, a two-hub partition and nationally. Every
 * figure is checked against values worked out by hand from the CSV, or recomputed here with
 * this file's own haversine: unit counts, unit populations and centres, D_l, c_l, the
 * appraisal's remoteness and spread, the knowledge, visibility and links terms, and the staff
 * terms T5/T6 summed over the real units (which differ from the equal-units formula). A
 * geography whose units are all equal (geo-equal.csv) gives exactly the equal-units staff
 * terms. Row order of the geography and partition files changes nothing; a copied scenario
 * keeps its units; sweeps and Monte Carlo on a geography run and agree at 1 and 2 threads.
 * A geography naming some other local file never has its content quoted back.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/scenario.h"
#include "footprint/solve.h"
#include "footprint/sweep.h"
#include "report/sweep_report.h"

#define DATA  FPT_TEST_DATA
#define MODEL DATA "/tiny-model.xml"

static const double PI = 3.14159265358979323846;

/* ---- geo-tiny.csv, by hand, in code order T01..T08 --------------------------------------- */

enum { N_CCGS = 8 };

static const double POP[N_CCGS] = {400000, 350000, 250000, 500000, 300000, 200000, 450000, 300000};
static const double LAT[N_CCGS] = {51.50, 51.60, 51.40, 53.48, 53.80, 53.40, 52.48, 52.60};
static const double LON[N_CCGS] = {-0.10, -0.30, 0.20, -2.24, -1.55, -1.47, -1.90, -1.10};
static const double AREA_KM2[N_CCGS] = {45.2, 60.8, 150.3, 115.6, 552.0, 367.9, 267.8, 1250.4};
static const double TOTAL = 2750000;

/*
 * The centre (index into the arrays above) of each CCG's unit, level by level. Regions:
 * London {T01, T02}, South East {T03}, North West {T04}, North East and Yorkshire {T05, T06},
 * Midlands {T07, T08}; in a pair the more populous CCG is the 1-median (the other's people
 * travel). Areas: South {T01, T02, T03}, 1-median T01 (12.1 million person-km against 17.4
 * at T02 and 23.8 at T03); North {T04, T05, T06}, T04 (27.7 against 37.8 and 39.3); East
 * {T07, T08}, T07. Hubs: as geo-tiny-halves.csv says, T01 and T04. National: T08 (286.1
 * million person-km against 303.4 at T07, the next best).
 */
static const int CENTRE_LOCAL[N_CCGS] = {0, 1, 2, 3, 4, 5, 6, 7};
static const int CENTRE_REGION[N_CCGS] = {0, 0, 2, 3, 4, 4, 6, 6};
static const int CENTRE_AREA[N_CCGS] = {0, 0, 0, 3, 3, 3, 6, 6};
static const int CENTRE_HUB[N_CCGS] = {0, 0, 0, 3, 3, 3, 3, 0};
static const int CENTRE_NATIONAL[N_CCGS] = {7, 7, 7, 7, 7, 7, 7, 7};

/* Great-circle km, written independently of geo/geography.c (atan2 form), same Earth radius. */
static double km(int i, int j)
{
    const double r = PI / 180.0, earth = 6371.0088;
    double p1 = LAT[i] * r, p2 = LAT[j] * r;
    double a =
        pow(sin((p2 - p1) / 2), 2) + cos(p1) * cos(p2) * pow(sin((LON[j] - LON[i]) * r / 2), 2);
    return 2 * earth * atan2(sqrt(a), sqrt(1 - a));
}

/* D_l = Σ pop_i sqrt(δ_i² + A_i / 2π) / Pop for the centres of one level. */
static double person_distance(const int *centre)
{
    double sum = 0;
    for (int i = 0; i < N_CCGS; i++) {
        double d = km(i, centre[i]);
        sum += POP[i] * sqrt(d * d + AREA_KM2[i] / (2 * PI));
    }
    return sum / TOTAL;
}

/* ---- tiny-model.xml, by hand -------------------------------------------------------------- */

/* Staff per 100k, salary, scale exponent β and minimum team m of each function, from its
 * ratings through the calibration tables (bi-data's β is its override). */
typedef struct staff_inputs {
    const char *id;
    double per_100k, salary, beta, min_team;
} staff_inputs;

static const staff_inputs STAFF[] = {
    {"bi-data", 1.6, 42000, 0.6, 2},      /* scale override 0.6, min-team rating 2 */
    {"bi-analysis", 2.5, 38000, 0.95, 1}, /* scale rating 1, min-team rating 1 */
    {"legal", 0.3, 60000, 0.9, 4},        /* scale rating 2, min-team rating 3 */
};

static double base_wte(const staff_inputs *f, double pop)
{
    return f->per_100k * pow(pop / 100000.0, f->beta);
}

/* ---- loading ----------------------------------------------------------------------------- */

static fpt_model *model;

static void setup(void)
{
    fpt_xml_init();
    fpt_error err = {0};
    cr_assert(eq(int, fpt_model_load(MODEL, &model, NULL, &err), FPT_OK), "%s", err.message);
}

static void teardown(void)
{
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

TestSuite(realunits, .init = setup, .fini = teardown);

static fpt_scenario *load(const char *path)
{
    fpt_scenario *s = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_status st = fpt_scenario_load(path, model, &s, &d, &err);
    cr_assert(eq(int, st, FPT_OK), "%s:%ld: %s", err.file, err.line, err.message);
    cr_assert(eq(sz, d.n, 0));
    fpt_diags_clear(&d);
    return s;
}

static fpt_appraisal *appraise(const fpt_scenario *s)
{
    fpt_appraisal *a = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_appraisal_build(model, s, &a, &err), FPT_OK), "%s", err.message);
    return a;
}

static const fpt_level *level(const fpt_scenario *s, const char *id)
{
    long l = fpt_scenario_find_level(s, id);
    cr_assert(ge(long, l, 0), "no level %s", id);
    return &s->levels[l];
}

static size_t level_index(const fpt_scenario *s, const char *id)
{
    return (size_t)(level(s, id) - s->levels);
}

static size_t function_index(const char *id)
{
    long f = fpt_model_find_function(model, id);
    cr_assert(ge(long, f, 0), "no function %s", id);
    return (size_t)f;
}

static void expect_close(double got, double want, const char *what)
{
    cr_expect(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want)), "%s: %.17g, expected %.17g", what,
              got, want);
}

/* Whether path is name, as written, or a path ending in /name (where it was read from). */
static bool names_file(const char *path, const char *name)
{
    size_t n = path != NULL ? strlen(path) : 0, k = strlen(name);
    return n >= k && strcmp(path + n - k, name) == 0 && (n == k || path[n - k - 1] == '/');
}

/* One real unit as expected: centre code, label, population, CCG count. */
typedef struct unit_want {
    const char *centre;
    const char *label;
    double pop;
    size_t members;
} unit_want;

static void expect_units(const fpt_level *lv, const unit_want *want, size_t n)
{
    cr_assert(eq(long, lv->n_units, (long)n), "level %s", lv->id);
    cr_assert(ne(ptr, lv->units, NULL), "level %s", lv->id);
    double sum = 0;
    for (size_t u = 0; u < n; u++) {
        const fpt_real_unit *got = &lv->units[u];
        cr_expect(eq(str, got->centre, (char *)want[u].centre), "level %s unit %zu", lv->id, u);
        cr_expect(eq(str, got->label, (char *)want[u].label), "level %s unit %zu", lv->id, u);
        cr_expect(eq(dbl, got->pop, want[u].pop), "level %s unit %zu", lv->id, u);
        cr_expect(eq(sz, got->n_members, want[u].members), "level %s unit %zu", lv->id, u);
        sum += want[u].pop;
    }
    cr_expect(eq(dbl, sum, TOTAL), "level %s: the hand-written units add up", lv->id);
    cr_expect(eq(dbl, lv->unit_pop, TOTAL / (double)n), "level %s", lv->id);
}

/* ---- units, centres, D_l and c_l ----------------------------------------------------------- */

Test(realunits, units_of_every_level_with_their_populations_and_centres)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    cr_expect(eq(dbl, s->population, TOTAL));
    cr_assert(eq(sz, s->n_levels, 5));
    /* Ordered by mean unit population: 343,750, 550,000, 916,667, 1,375,000, 2,750,000. */
    const char *order[] = {"local", "region", "area", "hub", "national"};
    for (size_t l = 0; l < 5; l++) {
        cr_expect(eq(str, s->levels[l].id, (char *)order[l]));
    }
    const unit_want local[] = {
        {"T01", "First", 400000, 1},   {"T02", "Second", 350000, 1},
        {"T03", "Third", 250000, 1},   {"T04", "Fourth", 500000, 1},
        {"T05", "Fifth", 300000, 1},   {"T06", "Sixth", 200000, 1},
        {"T07", "Seventh", 450000, 1}, {"T08", "Eighth, with a comma", 300000, 1},
    };
    expect_units(level(s, "local"), local, 8);
    const unit_want region[] = {
        {"T01", "London", 750000, 2},     {"T03", "South East", 250000, 1},
        {"T04", "North West", 500000, 1}, {"T05", "North East and Yorkshire", 500000, 2},
        {"T07", "Midlands", 750000, 2},
    };
    expect_units(level(s, "region"), region, 5);
    const unit_want area[] = {
        {"T01", "South", 1000000, 3},
        {"T04", "North", 1000000, 3},
        {"T07", "East", 750000, 2},
    };
    expect_units(level(s, "area"), area, 3);
    const unit_want hub[] = {{"T01", "First", 1300000, 4}, {"T04", "Fourth", 1450000, 4}};
    expect_units(level(s, "hub"), hub, 2);
    const unit_want national[] = {{"T08", "national", 2750000, 8}};
    expect_units(level(s, "national"), national, 1);

    /* Which unit each CCG is in (units ordered by centre code). */
    const fpt_level *h = level(s, "hub");
    const size_t hub_of[N_CCGS] = {0, 0, 0, 1, 1, 1, 1, 0};
    cr_assert(eq(sz, h->n_ccgs, N_CCGS));
    for (size_t i = 0; i < N_CCGS; i++) {
        cr_expect(eq(sz, h->unit_of[i], hub_of[i]), "CCG T0%zu", i + 1);
    }
    cr_expect(eq(int, h->grouping, FPT_GROUPING_PARTITION));
    cr_expect(names_file(h->file, "geo-tiny-halves.csv"), "%s", h->file);
    cr_expect(eq(int, level(s, "area")->grouping, FPT_GROUPING_AREA));
    cr_expect(eq(str, s->geography, "geo-tiny.csv"));
    cr_expect(eq(str, s->geography_path, DATA "/geo-tiny.csv"));
    fpt_scenario_free(s);
}

Test(realunits, person_distance_and_mean_km_recomputed_from_the_csv)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    const int *centres[] = {CENTRE_LOCAL, CENTRE_REGION, CENTRE_AREA, CENTRE_HUB, CENTRE_NATIONAL};
    const char *ids[] = {"local", "region", "area", "hub", "national"};
    for (size_t l = 0; l < 5; l++) {
        expect_close(level(s, ids[l])->distance_km, person_distance(centres[l]), ids[l]);
    }
    /* The local level: nobody travels, D_1 = Σ pop sqrt(A / 2π) / Pop. */
    double d1 = 0;
    for (int i = 0; i < N_CCGS; i++) {
        d1 += POP[i] * sqrt(AREA_KM2[i] / (2 * PI));
    }
    expect_close(level(s, "local")->distance_km, d1 / TOTAL, "local, no travel");
    /* Rounded figures as printed by the table, a guard on the helper itself. */
    cr_expect(fabs(person_distance(CENTRE_HUB) - 49.8) < 0.05);
    cr_expect(fabs(person_distance(CENTRE_NATIONAL) - 105.7) < 0.05);

    /* The hub of T01: T02, T03 and T08 travel; mean_km leaves out the areas. */
    const fpt_level *h = level(s, "hub");
    double first = (350000 * km(1, 0) + 250000 * km(2, 0) + 300000 * km(7, 0)) / 1300000;
    double fourth = (300000 * km(4, 3) + 200000 * km(5, 3) + 450000 * km(6, 3)) / 1450000;
    expect_close(h->units[0].mean_km, first, "hub T01 mean_km");
    expect_close(h->units[1].mean_km, fourth, "hub T04 mean_km");
    fpt_scenario_free(s);
}

Test(realunits, a_partition_keeps_its_own_centres_and_only_code_and_centre_count)
{
    /* geo-tiny-halves-off-centre.csv: the same two hubs centred on T02 and T05, with wrong
     * unit numbers, populations and distances in the columns that are not read. */
    fpt_scenario *s = load(DATA "/real-tiny-off-centre.xml");
    const unit_want hub[] = {{"T02", "Second", 1300000, 4}, {"T05", "Fifth", 1450000, 4}};
    const fpt_level *h = level(s, "hub");
    expect_units(h, hub, 2);
    const int centre[N_CCGS] = {1, 1, 1, 4, 4, 4, 4, 1};
    expect_close(h->distance_km, person_distance(centre), "hub D_l, off centre");
    cr_expect(gt(dbl, h->distance_km, person_distance(CENTRE_HUB) + 1.0), "not the 1-medians");
    double second = (400000 * km(0, 1) + 250000 * km(2, 1) + 300000 * km(7, 1)) / 1300000;
    expect_close(h->units[0].mean_km, second, "hub T02 mean_km");
    fpt_scenario_free(s);
}

Test(realunits, customers_per_unit_is_the_population_weighted_geometric_mean)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    /* c_l = exp(Σ P_u ln n_u / Pop); Pop = 2.75 million = 11 quarter-millions. */
    expect_close(level(s, "local")->customers, 1.0, "local");
    /* 2 million people in pairs, 0.25 million alone (region). */
    expect_close(level(s, "region")->customers, pow(2.0, 8.0 / 11.0), "region");
    /* 2 million in threes, 0.75 million in a pair (area). */
    expect_close(level(s, "area")->customers, pow(3.0, 8.0 / 11.0) * pow(2.0, 3.0 / 11.0), "area");
    expect_close(level(s, "hub")->customers, 4.0, "hub");
    expect_close(level(s, "national")->customers, 8.0, "national");
    fpt_scenario_free(s);
}

/* ---- the appraisal ------------------------------------------------------------------------ */

Test(realunits, remoteness_and_spread_follow_distance_and_customers)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    fpt_appraisal *a = appraise(s);
    const int *centres[] = {CENTRE_LOCAL, CENTRE_REGION, CENTRE_AREA, CENTRE_HUB, CENTRE_NATIONAL};
    const double customers[] = {1, pow(2.0, 8.0 / 11.0),
                                pow(3.0, 8.0 / 11.0) * pow(2.0, 3.0 / 11.0), 4, 8};
    double d1 = person_distance(CENTRE_LOCAL), dl = person_distance(CENTRE_NATIONAL);
    for (size_t l = 0; l < 5; l++) {
        double g = log(person_distance(centres[l]) / d1) / log(dl / d1);
        double g2 = log(customers[l]) / log(8.0);
        expect_close(a->remoteness[l], g, s->levels[l].id);
        expect_close(a->spread[l], g2, s->levels[l].id);
    }
    /* By hand: spread at the regions is (8/11) ln 2 / ln 8 = 8/33, at the hubs 2/3. */
    expect_close(a->spread[1], 8.0 / 33.0, "region");
    expect_close(a->spread[3], 2.0 / 3.0, "hub");
    cr_expect(eq(dbl, a->remoteness[0], 0.0));
    cr_expect(eq(dbl, a->remoteness[4], 1.0));
    /* Real units, not unit populations: the equal-units g at the hubs would be
     * ln(1,375,000 / 343,750) / ln 8 = 2/3; the real one is about 0.735. */
    cr_expect(fabs(a->remoteness[3] - 2.0 / 3.0) > 0.05, "%g", a->remoteness[3]);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
}

Test(realunits, knowledge_visibility_and_links_terms_use_g_and_g2)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    fpt_appraisal *a = appraise(s);
    size_t data = function_index("bi-data"), analysis = function_index("bi-analysis"),
           legal = function_index("legal");
    size_t region = level_index(s, "region"), area = level_index(s, "area"),
           hub = level_index(s, "hub"), national = level_index(s, "national");
    double d1 = person_distance(CENTRE_LOCAL), dl = person_distance(CENTRE_NATIONAL);
    double g_region = log(person_distance(CENTRE_REGION) / d1) / log(dl / d1);
    double g_hub = log(person_distance(CENTRE_HUB) / d1) / log(dl / d1);
    double g2_area = log(pow(3.0, 8.0 / 11.0) * pow(2.0, 3.0 / 11.0)) / log(8.0);
    /* S_f = a_f × Pop / 100k × salary. */
    double s_data = 1.6 * 27.5 * 42000, s_analysis = 2.5 * 27.5 * 38000,
           s_legal = 0.3 * 27.5 * 60000;

    /* bi-analysis: knowledge rating 3 (share 0.35), visibility rating 2 (share 0.1). */
    expect_close(fpt_appraisal_cell(a, analysis, hub)->term_gbp[FPT_K_KNOWLEDGE],
                 0.35 * g_hub * s_analysis, "T1 bi-analysis at hub");
    expect_close(fpt_appraisal_cell(a, analysis, area)->term_gbp[FPT_K_VISIBILITY],
                 0.1 * g2_area * s_analysis, "T2 bi-analysis at area");

    /* A plan: bi-data at the hubs, bi-analysis at the regions, legal national. Links:
     * bi-data–bi-analysis strength 3 (share 0.1), legal–bi-analysis strength 1 (0.02). */
    size_t plan[3];
    plan[data] = hub;
    plan[analysis] = region;
    plan[legal] = national;
    fpt_plan_eval e;
    fpt_appraisal_eval(a, plan, &e, NULL);
    double links = 0.1 * fmin(s_data, s_analysis) * fabs(g_hub - g_region) +
                   0.02 * fmin(s_legal, s_analysis) * fabs(1.0 - g_region);
    expect_close(e.term_gbp[FPT_K_LINKS], links, "T3 of the plan");
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
}

Test(realunits, staff_terms_are_summed_over_the_real_units)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    fpt_appraisal *a = appraise(s);
    size_t area = level_index(s, "area");
    const double units[] = {1000000, 1000000, 750000}; /* South, North, East */

    /* legal: every area is below the minimum team of 4 WTE, so T5 tops each one up. */
    const staff_inputs *f = &STAFF[2];
    const fpt_cell *c = fpt_appraisal_cell(a, function_index(f->id), area);
    double t6 = 0, t5 = 0;
    for (size_t u = 0; u < 3; u++) {
        double b = base_wte(f, units[u]);
        t6 += b * f->salary;
        t5 += fmax(0.0, f->min_team - b) * f->salary;
    }
    expect_close(c->term_gbp[FPT_K_SCALE], t6, "T6 legal at area");
    expect_close(c->term_gbp[FPT_K_MIN_TEAM], t5, "T5 legal at area");
    expect_close(c->wte, 3 * f->min_team, "every area topped up to 4 WTE");
    /* The equal-units formula N × b(Pop / N) gives other figures (b is concave in P). */
    double b_equal = base_wte(f, TOTAL / 3);
    double t6_equal = 3 * b_equal * f->salary, t5_equal = 3 * (f->min_team - b_equal) * f->salary;
    cr_expect(gt(dbl, fabs(c->term_gbp[FPT_K_SCALE] - t6_equal), 100.0), "T6 %.2f, equal %.2f",
              c->term_gbp[FPT_K_SCALE], t6_equal);
    cr_expect(gt(dbl, fabs(c->term_gbp[FPT_K_MIN_TEAM] - t5_equal), 100.0), "T5 %.2f, equal %.2f",
              c->term_gbp[FPT_K_MIN_TEAM], t5_equal);
    cr_expect(lt(dbl, t6, t6_equal), "unequal units need fewer base staff than equal ones");

    /* bi-analysis: far above its minimum team of 1 in every area, so no top-up. */
    f = &STAFF[1];
    c = fpt_appraisal_cell(a, function_index(f->id), area);
    t6 = 0;
    for (size_t u = 0; u < 3; u++) {
        t6 += base_wte(f, units[u]) * f->salary;
    }
    expect_close(c->term_gbp[FPT_K_SCALE], t6, "T6 bi-analysis at area");
    cr_expect(eq(dbl, c->term_gbp[FPT_K_MIN_TEAM], 0.0));

    /* T7 and T8 stay proportional to the number of units: legal duplication rating 3 is
     * 0.5 WTE a unit; bi-data development rating 3 is 0.5 × 1.6 WTE × £42,000 a unit. */
    expect_close(fpt_appraisal_cell(a, function_index("legal"), area)->term_gbp[FPT_K_DUPLICATION],
                 3 * 0.5 * 60000, "T7 legal at area");
    expect_close(fpt_appraisal_cell(a, function_index("bi-data"), area)->setup_gbp,
                 3 * 0.5 * 1.6 * 42000, "set-up bi-data at area");
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
}

Test(realunits, equal_units_give_exactly_the_equal_units_formula)
{
    fpt_scenario *s = load(DATA "/real-equal.xml");
    cr_expect(eq(dbl, s->population, 1000000));
    const unit_want area[] = {{"Q1", "West", 500000, 2}, {"Q3", "East", 500000, 2}};
    const fpt_level *lv = level(s, "area");
    cr_assert(eq(long, lv->n_units, 2));
    for (size_t u = 0; u < 2; u++) {
        /* Within each area the two CCGs tie exactly: the centre is the lower code. */
        cr_expect(eq(str, lv->units[u].centre, (char *)area[u].centre));
        cr_expect(eq(str, lv->units[u].label, (char *)area[u].label));
        cr_expect(eq(dbl, lv->units[u].pop, area[u].pop));
        cr_expect(eq(sz, lv->units[u].n_members, area[u].members));
    }
    cr_expect(eq(dbl, level(s, "local")->customers, 1.0));
    expect_close(level(s, "area")->customers, 2.0, "area");
    expect_close(level(s, "national")->customers, 4.0, "national");

    fpt_appraisal *a = appraise(s);
    const char *ids[] = {"local", "area", "national"};
    const double n_units[] = {4, 2, 1};
    for (size_t k = 0; k < 3; k++) {
        size_t l = level_index(s, ids[k]);
        for (size_t i = 0; i < sizeof STAFF / sizeof STAFF[0]; i++) {
            const staff_inputs *f = &STAFF[i];
            const fpt_cell *c = fpt_appraisal_cell(a, function_index(f->id), l);
            double b = base_wte(f, 1000000 / n_units[k]);
            double t6 = n_units[k] * b * f->salary;
            double t5 = n_units[k] * fmax(0.0, f->min_team - b) * f->salary;
            cr_expect(ieee_ulp_eq(dbl, c->term_gbp[FPT_K_SCALE], t6, 4),
                      "T6 %s at %s: %.17g, %.17g", f->id, ids[k], c->term_gbp[FPT_K_SCALE], t6);
            cr_expect(ieee_ulp_eq(dbl, c->term_gbp[FPT_K_MIN_TEAM], t5, 4),
                      "T5 %s at %s: %.17g, %.17g", f->id, ids[k], c->term_gbp[FPT_K_MIN_TEAM], t5);
        }
    }
    /* legal is topped up at every level here, so the check above is not vacuous for T5. */
    cr_expect(
        gt(dbl, fpt_appraisal_cell(a, function_index("legal"), 0)->term_gbp[FPT_K_MIN_TEAM], 0.0));
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
}

/* ---- row order, copies -------------------------------------------------------------------- */

static void expect_same_levels(const fpt_scenario *x, const fpt_scenario *y)
{
    cr_assert(eq(sz, x->n_levels, y->n_levels));
    for (size_t l = 0; l < x->n_levels; l++) {
        const fpt_level *a = &x->levels[l], *b = &y->levels[l];
        cr_expect(eq(str, a->id, b->id));
        cr_expect(eq(int, a->grouping, b->grouping), "%s", a->id);
        cr_expect(eq(long, a->n_units, b->n_units), "%s", a->id);
        cr_expect(eq(dbl, a->unit_pop, b->unit_pop), "%s", a->id);
        cr_expect(eq(dbl, a->distance_km, b->distance_km), "%s", a->id);
        cr_expect(eq(dbl, a->customers, b->customers), "%s", a->id);
        cr_assert(eq(int, a->units == NULL, b->units == NULL), "%s", a->id);
        cr_assert(eq(sz, a->n_ccgs, b->n_ccgs), "%s", a->id);
        for (size_t i = 0; i < a->n_ccgs; i++) {
            cr_expect(eq(sz, a->unit_of[i], b->unit_of[i]), "%s CCG %zu", a->id, i);
        }
        for (long u = 0; u < a->n_units && a->units != NULL && b->units != NULL; u++) {
            cr_expect(eq(str, a->units[u].centre, b->units[u].centre), "%s unit %ld", a->id, u);
            cr_expect(eq(str, a->units[u].label, b->units[u].label), "%s unit %ld", a->id, u);
            cr_expect(eq(dbl, a->units[u].pop, b->units[u].pop), "%s unit %ld", a->id, u);
            cr_expect(eq(sz, a->units[u].n_members, b->units[u].n_members), "%s unit %ld", a->id,
                      u);
            cr_expect(eq(dbl, a->units[u].mean_km, b->units[u].mean_km), "%s unit %ld", a->id, u);
        }
    }
}

static void expect_same_appraisal(const fpt_appraisal *x, const fpt_appraisal *y)
{
    cr_assert(eq(sz, x->n_levels, y->n_levels));
    cr_assert(eq(sz, x->n_functions, y->n_functions));
    cr_expect(eq(dbl, x->population, y->population));
    cr_expect(eq(dbl, x->budget_gbp, y->budget_gbp));
    for (size_t l = 0; l < x->n_levels; l++) {
        cr_expect(eq(long, x->n_units[l], y->n_units[l]));
        cr_expect(eq(dbl, x->remoteness[l], y->remoteness[l]), "level %zu", l);
        cr_expect(eq(dbl, x->spread[l], y->spread[l]), "level %zu", l);
        for (size_t f = 0; f < x->n_functions; f++) {
            const fpt_cell *a = fpt_appraisal_cell(x, f, l), *b = fpt_appraisal_cell(y, f, l);
            for (int k = 0; k < FPT_N_CRITERIA; k++) {
                cr_expect(eq(dbl, a->term_gbp[k], b->term_gbp[k]), "f %zu l %zu k %d", f, l, k);
            }
            cr_expect(eq(dbl, a->objective, b->objective), "f %zu l %zu", f, l);
            cr_expect(eq(dbl, a->wte, b->wte), "f %zu l %zu", f, l);
            cr_expect(eq(dbl, a->setup_gbp, b->setup_gbp), "f %zu l %zu", f, l);
        }
    }
    cr_assert(eq(sz, x->n_pairs, y->n_pairs));
    for (size_t p = 0; p < x->n_pairs; p++) {
        cr_expect(eq(dbl, x->pairs[p].coef_gbp, y->pairs[p].coef_gbp));
    }
}

static double solve_objective(const fpt_appraisal *a, size_t *levels_out)
{
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_solution *sol = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_solve(a, &o, &sol, &err), FPT_OK), "%s", err.message);
    cr_assert(eq(int, sol->result, FPT_RESULT_OPTIMAL));
    double objective = sol->objective;
    for (size_t f = 0; levels_out != NULL && f < sol->n_functions; f++) {
        levels_out[f] = sol->level[f];
    }
    fpt_solution_free(sol);
    return objective;
}

Test(realunits, row_order_of_the_geography_and_partition_changes_nothing)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    fpt_scenario *r = load(DATA "/real-tiny-reversed.xml");
    cr_expect(eq(str, r->geography_path, DATA "/geo-tiny-reversed.csv"));
    expect_same_levels(s, r);
    fpt_appraisal *a = appraise(s), *b = appraise(r);
    expect_same_appraisal(a, b);
    size_t plan_a[3], plan_b[3];
    cr_expect(eq(dbl, solve_objective(a, plan_a), solve_objective(b, plan_b)));
    for (size_t f = 0; f < 3; f++) {
        cr_expect(eq(sz, plan_a[f], plan_b[f]));
    }
    fpt_appraisal_free(a);
    fpt_appraisal_free(b);
    fpt_scenario_free(s);
    fpt_scenario_free(r);
}

Test(realunits, a_copy_keeps_the_units_and_owns_them)
{
    fpt_scenario *s = load(DATA "/real-tiny.xml");
    fpt_scenario *c = NULL;
    cr_assert(eq(int, fpt_scenario_copy(s, &c), FPT_OK));
    cr_expect(eq(str, c->geography, s->geography));
    cr_expect(eq(str, c->geography_path, s->geography_path));
    cr_expect(ne(ptr, c->geography, s->geography));
    cr_expect(eq(long, c->geography_line, s->geography_line));
    expect_same_levels(s, c);
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *a = &s->levels[l], *b = &c->levels[l];
        cr_assert(ne(ptr, b->units, NULL), "%s", a->id);
        cr_expect(ne(ptr, a->units, b->units), "%s", a->id);
        cr_expect(ne(ptr, a->unit_of, b->unit_of), "%s", a->id);
        cr_expect(ne(ptr, a->units[0].centre, b->units[0].centre), "%s", a->id);
    }
    cr_expect(names_file(level(c, "hub")->file, "geo-tiny-halves.csv"));
    fpt_appraisal *before = appraise(s);
    fpt_scenario_free(s); /* the copy must not lean on the original */
    const unit_want hub[] = {{"T01", "First", 1300000, 4}, {"T04", "Fourth", 1450000, 4}};
    expect_units(level(c, "hub"), hub, 2);
    fpt_appraisal *after = appraise(c);
    expect_same_appraisal(before, after);
    fpt_appraisal_free(before);
    fpt_appraisal_free(after);
    fpt_scenario_free(c);
}

/* ---- sweeps and Monte Carlo ----------------------------------------------------------------- */

static fpt_sweep_run *run_with(const fpt_scenario *s, int threads)
{
    fpt_sweep_options o;
    fpt_sweep_options_init(&o);
    o.threads = threads;
    fpt_sweep_run *run = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_sweep_run_all(model, s, &o, &run, &err), FPT_OK), "%s", err.message);
    return run;
}

/* Scenarios CSV, summary CSV and JSON, concatenated. */
static char *render_all(const fpt_scenario *s, const fpt_sweep_run *run)
{
    fpt_provenance prov;
    fpt_solve_options so;
    fpt_solve_options_init(&so);
    fpt_error err = {0};
    cr_assert(eq(int, fpt_provenance_fill(&prov, model, s, &so, &err), FPT_OK));
    fpt_sweep_report_input in = {.model = model, .scenario = s, .run = run, .provenance = &prov};
    char *part[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    cr_assert(eq(int, fpt_sweep_render_scenarios_csv(&in, &part[0], &len[0], &err), FPT_OK));
    cr_assert(eq(int, fpt_sweep_render_summary_csv(&in, &part[1], &len[1], &err), FPT_OK));
    cr_assert(eq(int, fpt_sweep_render_json(&in, &part[2], &len[2], &err), FPT_OK));
    char *all = malloc(len[0] + len[1] + len[2] + 1);
    cr_assert(ne(ptr, all, NULL));
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        memcpy(all + at, part[i], len[i]);
        at += len[i];
        free(part[i]);
    }
    all[at] = '\0';
    return all;
}

/* Run at 1 and 2 threads; every scenario done on 2.75 million people; outputs identical. */
static fpt_sweep_run *expect_same_at_1_and_2_threads(const char *path, const fpt_scenario *s)
{
    fpt_sweep_run *one = run_with(s, 1), *two = run_with(s, 2);
    cr_expect(eq(sz, one->n_done, one->n_scenarios));
    for (size_t i = 0; i < one->n_scenarios; i++) {
        const fpt_sweep_result *r = &one->results[i];
        cr_expect(r->done && r->status == FPT_OK, "scenario %zu: %s", i, r->message);
        cr_expect(eq(dbl, r->population, TOTAL), "scenario %zu", i);
    }
    char *a = render_all(s, one), *b = render_all(s, two);
    cr_expect(eq(str, a, b), "%s differs at 2 threads", path);
    free(a);
    free(b);
    fpt_sweep_run_free(two);
    return one;
}

Test(realunits, weight_sweep_on_a_geography_keeps_the_units)
{
    fpt_scenario *s = load(DATA "/real-tiny-sweep.xml");
    fpt_sweep_run *run = expect_same_at_1_and_2_threads(DATA "/real-tiny-sweep.xml", s);
    cr_assert(eq(sz, run->n_scenarios, 12)); /* 3 scale weights × 4 knowledge weights */
    /* Scenario 5 (scale 1, knowledge 1) is real-tiny.xml itself. */
    fpt_scenario *base = load(DATA "/real-tiny.xml");
    fpt_appraisal *a = appraise(base);
    size_t plan[3];
    double objective = solve_objective(a, plan);
    const fpt_sweep_result *r = &run->results[5];
    cr_assert(fpt_sweep_result_has_plan(r));
    expect_close(r->objective, objective, "scenario 5 against real-tiny.xml");
    for (size_t f = 0; f < 3; f++) {
        cr_expect(eq(sz, r->level[f], plan[f]), "function %zu", f);
    }
    /* Knowledge weight 0 and 10 at scale 1 (scenarios 4 and 7) change the objective. */
    cr_expect(lt(dbl, run->results[4].objective, r->objective));
    cr_expect(gt(dbl, run->results[7].objective, r->objective));
    fpt_appraisal_free(a);
    fpt_scenario_free(base);
    fpt_sweep_run_free(run);
    fpt_scenario_free(s);
}

Test(realunits, monte_carlo_on_a_geography_is_the_same_at_1_and_2_threads)
{
    fpt_scenario *s = load(DATA "/real-tiny-mc.xml");
    fpt_sweep_run *run = expect_same_at_1_and_2_threads(DATA "/real-tiny-mc.xml", s);
    cr_expect(eq(sz, run->n_scenarios, 80)); /* 2 support shares × 40 draws */
    size_t plans = 0;
    for (size_t i = 0; i < run->n_scenarios; i++) {
        plans += fpt_sweep_result_has_plan(&run->results[i]);
    }
    cr_expect(gt(sz, plans, 0));
    fpt_sweep_run_free(run);
    fpt_scenario_free(s);
}

/* ---- what a geography may print --------------------------------------------------------- */

/*
 * A scenario may name any readable file as its geography. Like an external entity
 * (tests/bad/model-doctype-xxe.xml), the file's content must never come back in a
 * message: a bad header is reported without quoting it, and nothing after it is read.
 */
Test(realunits, a_geography_never_quotes_the_local_file_it_names)
{
    char path[] = "/tmp/fpt-realunits-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(ge(int, fd, 0));
    FILE *fp = fdopen(fd, "w");
    cr_assert(ne(ptr, fp, NULL));
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<scenario id=\"leak\">\n"
          "  <title>A geography that is no geography</title>\n"
          "  <geography file=\"/etc/passwd\"/>\n"
          "  <levels>\n"
          "    <level id=\"local\" grouping=\"ccg\"/>\n"
          "    <level id=\"national\" grouping=\"national\"/>\n"
          "  </levels>\n"
          "</scenario>\n",
          fp);
    cr_assert(eq(int, fclose(fp), 0));
    fpt_scenario *s = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_status st = fpt_scenario_load(path, model, &s, &d, &err);
    unlink(path);
    cr_expect(eq(int, st, FPT_EINVALID));
    cr_expect(eq(ptr, s, NULL));
    cr_expect(ge(sz, d.n, 1));
    for (size_t i = 0; i < d.n; i++) {
        cr_expect(eq(ptr, strstr(d.items[i].message, "root:"), NULL), "%s", d.items[i].message);
        cr_expect(eq(ptr, strstr(d.items[i].message, ":/bin/"), NULL), "%s", d.items[i].message);
    }
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
}

/* ---- every bad level reported at once ---------------------------------------------------- */

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    cr_assert(ne(ptr, fp, NULL));
    fputs(text, fp);
    cr_assert(eq(int, fclose(fp), 0));
}

/* Two partition levels with problems of their own: both files' findings come back together,
 * and a row with an unbalanced quote is called that. */
Test(realunits, every_bad_partition_is_reported_in_one_load)
{
    char dir[] = "/tmp/fpt-realunits-XXXXXX";
    cr_assert(ne(ptr, mkdtemp(dir), NULL));
    char geo[256], a[256], b[256], scenario[256];
    snprintf(geo, sizeof geo, "%s/geo.csv", dir);
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);
    snprintf(scenario, sizeof scenario, "%s/s.xml", dir);
    write_text(geo, "code,name,population,lat,lon,area_km2,area,region\n"
                    "T01,One,100000,51.5,-0.1,50,A,London\n"
                    "T02,Two,100000,51.6,-0.3,50,A,London\n"
                    "T03,Three,100000,53.4,-2.2,50,B,North West\n");
    write_text(a, "code,centre\nT01,T01\nT02,T01\nT03,T09\n");   /* unknown centre, line 4 */
    write_text(b, "code,centre\nT01,T01\n\"T02,T01\nT03,T03\n"); /* bad quote, line 3 */
    write_text(scenario, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<scenario id=\"two-bad\">\n"
                         "  <title>Two bad partitions</title>\n"
                         "  <geography file=\"geo.csv\"/>\n"
                         "  <levels>\n"
                         "    <level id=\"local\" grouping=\"ccg\"/>\n"
                         "    <level id=\"a\" grouping=\"partition\" file=\"a.csv\"/>\n"
                         "    <level id=\"b\" grouping=\"partition\" file=\"b.csv\"/>\n"
                         "    <level id=\"national\" grouping=\"national\"/>\n"
                         "  </levels>\n"
                         "</scenario>\n");
    fpt_scenario *s = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_expect(eq(int, fpt_scenario_load(scenario, model, &s, &d, &err), FPT_EINVALID));
    bool seen_a = false, seen_b = false;
    for (size_t i = 0; i < d.n; i++) {
        const fpt_diag *f = &d.items[i];
        seen_a |= strcmp(f->file, a) == 0 && f->line == 4 && strstr(f->message, "T09") != NULL;
        seen_b |= strcmp(f->file, b) == 0 && f->line == 3 &&
                  strstr(f->message, "unbalanced quotes") != NULL;
    }
    cr_expect(seen_a, "no finding at a.csv:4");
    cr_expect(seen_b, "no unbalanced-quotes finding at b.csv:3");
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    unlink(geo);
    unlink(a);
    unlink(b);
    unlink(scenario);
    rmdir(dir);
}
