/* SPDX-License-Identifier: MIT */
/*
 * The appraisal (solver/appraise/appraise.c), term by term: a rating moves exactly the term
 * of its criterion, by the amount docs/model.md M1–M11 gives and in the criterion's
 * direction; a weight moves only the objective, by the weight change times its term; the
 * links act through their pairs and the links rating acts on nothing; the budget is
 * allowance × Pop × share and counts running costs only; pools take their shares of the
 * scarce staff; locks, scenario sets, Monte Carlo draws and the annuity behave as documented.
 *
 * THE FIXTURE, worked by hand. Population 1,600,000; levels l0 16 units (P = 100,000), l1 4
 * units (P = 400,000), l2 1 unit (P = 1,600,000). Remoteness (M2) g = ln(P/100k)/ln 16 =
 * 0, 0.5, 1; customers per unit 16/N = 1, 4, 16, so spread (M3) g2 = 0, 0.5, 1. Finance:
 * horizon 10 years at 0%, annuity A = 1/10. Unit weights. Pool p0 premium £1,000 and p1
 * £3,000 per scarce WTE, both unlimited.
 *
 * Calibration (rating 0..4): knowledge, visibility, link and scarce shares 0 .1 .2 .3 .4;
 * min-team 0 1 2 4 8 WTE; scale exponent 1 .9 .75 .5 .25; duplication 0 .5 1 2 4 WTE;
 * development multiple 0 1 2 3 4.
 *
 * f0: a = 2 WTE/100k, w = £50,000, draws all from p0; every rating 0. Size (M1) S0 = 2 × 16
 *   × 50,000 = £1,600,000. With β = 1, b = 2 × P/100k = 2, 8, 32 WTE per unit, so WTE =
 *   N × b = 32 at every level and T6 = 32 × 50,000 = £1,600,000 at every level; every other
 *   term is 0 (shares 0, m = 0, d = 0, D = 0).
 * f1: a = 1, w = £40,000, no draws, every rating 0: S1 = £640,000, b = 1, 4, 16, WTE 16,
 *   T6 = £640,000 at every level.
 *
 * Raising one rating of f0 from 0 to 3 gives, at l0, l1, l2:
 *   knowledge  (T1 = c1 × g × S0)         .3 × {0, .5, 1} × 1.6M  = 0, 240,000, 480,000
 *   visibility (T2 = c2 × g2 × S0)        .3 × {0, .5, 1} × 1.6M  = 0, 240,000, 480,000
 *   scarcity   (M8, T4 = σ × WTE × π)      .3 × 32 × 1,000         = 9,600 at each level
 *   min-team   (M7, m = 4)                16 × (4 − 2) × 50,000   = 1,600,000, 0, 0
 *                                         (b = 8 and 32 already exceed 4); WTE 64, 32, 32
 *   scale      (M4, M6, β = .5)           b = 2 × (P/100k)^.5 = 2, 4, 8; T6 = 16 × 2 × 50k,
 *                                         4 × 4 × 50k, 1 × 8 × 50k = 1,600,000, 800,000,
 *                                         400,000; WTE 32, 16, 8
 *   duplication (M10, d = 2)              N × 2 × 50,000          = 1,600,000, 400,000,
 *                                                                   100,000
 *   development (M11, D = 3 × 2 × 50k    set-up N × 300,000      = 4,800,000, 1,200,000,
 *                = £300,000)                                        300,000; T8 = set-up / 10
 *                                                                 = 480,000, 120,000, 30,000
 */
#include <math.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include "builder.h"
#include "footprint/appraise.h"

static const double CALIBRATION[FPT_N_CRITERIA][FPT_N_RATINGS] = {
    {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.1, 0.2, 0.3, 0.4},
    {0, 0.1, 0.2, 0.3, 0.4}, {0, 1, 2, 4, 8},         {1, 0.9, 0.75, 0.5, 0.25},
    {0, 0.5, 1, 2, 4},       {0, 1, 2, 3, 4},
};

enum { N_LEVELS = 3 };
static const long UNITS[N_LEVELS] = {16, 4, 1};
static const double POPULATION = 1600000;

/* The hand-worked term T_k of f0 at each level after its rating on k goes from 0 to 3. */
static const double RATED_3[FPT_N_CRITERIA][N_LEVELS] = {
    {0, 240000, 480000},       /* knowledge */
    {0, 240000, 480000},       /* visibility */
    {0, 0, 0},                 /* links: no term in a cell */
    {9600, 9600, 9600},        /* scarcity */
    {1600000, 0, 0},           /* min-team */
    {1600000, 800000, 400000}, /* scale */
    {1600000, 400000, 100000}, /* duplication */
    {480000, 120000, 30000},   /* development */
};

static fpt_model *fixture_model(void)
{
    fpt_model *m = fpt_test_model_new(2, 2);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_test_model_calibrate(m, k, CALIBRATION[k]);
    }
    fpt_test_model_staff(m, 0, 2, 50000);
    fpt_test_model_staff(m, 1, 1, 40000);
    fpt_test_model_add_draw(m, 0, 0, 1.0);
    return m;
}

static fpt_scenario *fixture_scenario(const fpt_model *m)
{
    fpt_scenario *s = fpt_test_scenario_new(m, POPULATION, UNITS, N_LEVELS);
    s->horizon_years = 10;
    s->discount_rate = 0;
    fpt_test_scenario_supply(s, 0, false, 0, 1000);
    fpt_test_scenario_supply(s, 1, false, 0, 3000);
    return s;
}

/* Relative closeness for figures in pounds and WTE. */
static bool near(double got, double want)
{
    return fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want));
}

static void set_rating(fpt_model *m, size_t f, int k, int rating)
{
    int ratings[FPT_N_CRITERIA];
    memcpy(ratings, m->functions[f].rating, sizeof ratings);
    ratings[k] = rating;
    fpt_test_model_ratings(m, f, ratings);
}

/* ---- the geometry of the levels and the size ------------------------------------------ */

Test(appraise, remoteness_and_spread_follow_m2_and_m3)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    const double g[N_LEVELS] = {0, 0.5, 1};
    for (size_t l = 0; l < N_LEVELS; l++) {
        cr_expect(near(a->remoteness[l], g[l]), "g(%zu) = %g", l, a->remoteness[l]);
        cr_expect(near(a->spread[l], g[l]), "g2(%zu) = %g", l, a->spread[l]);
        cr_expect(eq(long, a->n_units[l], UNITS[l]));
        cr_expect(near(a->unit_pop[l], POPULATION / (double)UNITS[l]));
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* 16, 2, 1 units: the middle level is 8 times the local one, g = ln 8 / ln 16 = 3/4. */
Test(appraise, remoteness_is_logarithmic_in_unit_population)
{
    fpt_model *m = fixture_model();
    const long units[N_LEVELS] = {16, 2, 1};
    fpt_scenario *s = fpt_test_scenario_new(m, POPULATION, units, N_LEVELS);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    cr_expect(near(a->remoteness[1], 0.75), "%g", a->remoteness[1]);
    cr_expect(near(a->spread[1], 0.75), "%g", a->spread[1]);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(appraise, size_is_staff_times_population_times_salary)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    cr_expect(near(a->inputs[0].size_gbp, 1600000), "%g", a->inputs[0].size_gbp);
    cr_expect(near(a->inputs[1].size_gbp, 640000), "%g", a->inputs[1].size_gbp);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(appraise, all_ratings_zero_leave_only_the_staff_cost)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    for (size_t l = 0; l < N_LEVELS; l++) {
        const fpt_cell *c0 = fpt_appraisal_cell(a, 0, l), *c1 = fpt_appraisal_cell(a, 1, l);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            double want0 = k == FPT_K_SCALE ? 1600000 : 0, want1 = k == FPT_K_SCALE ? 640000 : 0;
            cr_expect(near(c0->term_gbp[k], want0), "f0 l%zu T%d = %g", l, k + 1, c0->term_gbp[k]);
            cr_expect(near(c1->term_gbp[k], want1), "f1 l%zu T%d = %g", l, k + 1, c1->term_gbp[k]);
        }
        cr_expect(near(c0->wte, 32) && near(c1->wte, 16), "l%zu: %g %g", l, c0->wte, c1->wte);
        cr_expect(near(c0->running_gbp, 1600000) && near(c0->objective, 1600000));
        cr_expect(eq(dbl, c0->setup_gbp, 0));
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- each rating moves its own term ---------------------------------------------------- */

ParameterizedTestParameters(appraise, a_rating_moves_exactly_its_own_term)
{
    static int criteria[] = {FPT_K_KNOWLEDGE, FPT_K_VISIBILITY,  FPT_K_SCARCITY,   FPT_K_MIN_TEAM,
                             FPT_K_SCALE,     FPT_K_DUPLICATION, FPT_K_DEVELOPMENT};
    return cr_make_param_array(int, criteria, sizeof criteria / sizeof criteria[0]);
}

/* Everything but term k (and what term k feeds: objective, running, set-up, WTE) is equal. */
static void expect_only_term_k_moved(const fpt_cell *before, const fpt_cell *after, int k, size_t f,
                                     size_t l)
{
    for (int j = 0; j < FPT_N_CRITERIA; j++) {
        if (j != k) {
            cr_expect(eq(dbl, after->term_gbp[j], before->term_gbp[j]), "f%zu l%zu: T%d moved", f,
                      l, j + 1);
        }
    }
    double moved = after->term_gbp[k] - before->term_gbp[k];
    bool running =
        k == FPT_K_SCARCITY || k == FPT_K_MIN_TEAM || k == FPT_K_SCALE || k == FPT_K_DUPLICATION;
    cr_expect(near(after->objective - before->objective, moved), "f%zu l%zu: objective", f, l);
    cr_expect(near(after->running_gbp - before->running_gbp, running ? moved : 0),
              "f%zu l%zu: running", f, l);
    if (k != FPT_K_DEVELOPMENT) {
        cr_expect(eq(dbl, after->setup_gbp, before->setup_gbp), "f%zu l%zu: set-up", f, l);
    }
    if (k != FPT_K_MIN_TEAM && k != FPT_K_SCALE) {
        cr_expect(eq(dbl, after->wte, before->wte), "f%zu l%zu: WTE", f, l);
    }
}

ParameterizedTest(int *k, appraise, a_rating_moves_exactly_its_own_term)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    fpt_appraisal *before = fpt_test_appraise(m, s);
    set_rating(m, 0, *k, 3);
    fpt_appraisal *after = fpt_test_appraise(m, s);
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < N_LEVELS; l++) {
            const fpt_cell *b = fpt_appraisal_cell(before, f, l);
            const fpt_cell *c = fpt_appraisal_cell(after, f, l);
            expect_only_term_k_moved(b, c, *k, f, l);
            double want = f == 0 ? RATED_3[*k][l] : b->term_gbp[*k];
            cr_expect(near(c->term_gbp[*k], want), "f%zu l%zu: T%d = %g, expected %g", f, l, *k + 1,
                      c->term_gbp[*k], want);
        }
    }
    fpt_appraisal_free(after);
    fpt_appraisal_free(before);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(appraise, min_team_and_scale_change_the_staff_as_m5_says)
{
    const double min_team_wte[N_LEVELS] = {64, 32, 32}, scale_wte[N_LEVELS] = {32, 16, 8};
    for (int pass = 0; pass < 2; pass++) {
        fpt_model *m = fixture_model();
        set_rating(m, 0, pass == 0 ? FPT_K_MIN_TEAM : FPT_K_SCALE, 3);
        fpt_scenario *s = fixture_scenario(m);
        fpt_appraisal *a = fpt_test_appraise(m, s);
        for (size_t l = 0; l < N_LEVELS; l++) {
            double want = pass == 0 ? min_team_wte[l] : scale_wte[l];
            cr_expect(near(fpt_appraisal_cell(a, 0, l)->wte, want), "pass %d l%zu", pass, l);
        }
        fpt_appraisal_free(a);
        fpt_scenario_free(s);
        fpt_model_free(m);
    }
}

Test(appraise, development_is_a_set_up_cost_spread_by_the_annuity)
{
    fpt_model *m = fixture_model();
    set_rating(m, 0, FPT_K_DEVELOPMENT, 3);
    fpt_scenario *s = fixture_scenario(m);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    const double setup[N_LEVELS] = {4800000, 1200000, 300000};
    cr_expect(near(a->annuity, 0.1), "%g", a->annuity);
    for (size_t l = 0; l < N_LEVELS; l++) {
        const fpt_cell *c = fpt_appraisal_cell(a, 0, l);
        cr_expect(near(c->setup_gbp, setup[l]), "l%zu: %g", l, c->setup_gbp);
        cr_expect(near(c->term_gbp[FPT_K_DEVELOPMENT], setup[l] / 10));
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/*
 * Enumeration over every criterion and rating step: a higher rating never moves a term
 * against its criterion's direction. Knowledge and visibility penalise remoteness, so their
 * terms grow with the rating and never fall from one level to the next; the scale criteria
 * 4–8 cost more at a higher rating on every level (scale excepted: a smaller β lowers T6),
 * and never cost more at a larger level than at a smaller one once the rating pushes scale.
 */
Test(appraise, every_rating_step_acts_in_its_criterions_direction)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        if (k == FPT_K_LINKS) {
            continue;
        }
        for (int r = 0; r + 1 < FPT_N_RATINGS; r++) {
            fpt_model *m = fixture_model();
            fpt_scenario *s = fixture_scenario(m);
            set_rating(m, 0, k, r);
            fpt_appraisal *lo = fpt_test_appraise(m, s);
            set_rating(m, 0, k, r + 1);
            fpt_appraisal *hi = fpt_test_appraise(m, s);
            for (size_t l = 0; l < N_LEVELS; l++) {
                double t_lo = fpt_appraisal_cell(lo, 0, l)->term_gbp[k];
                double t_hi = fpt_appraisal_cell(hi, 0, l)->term_gbp[k];
                bool ok = k == FPT_K_SCALE ? t_hi <= t_lo : t_hi >= t_lo;
                cr_expect(ok, "k %d rating %d -> %d, l%zu: %g -> %g", k, r, r + 1, l, t_lo, t_hi);
            }
            fpt_appraisal_free(hi);
            fpt_appraisal_free(lo);
            fpt_scenario_free(s);
            fpt_model_free(m);
        }
    }
}

/* Penalties grow with the level; staff-side terms other than scarcity shrink with it. */
Test(appraise, each_term_points_the_way_its_criterion_pulls)
{
    fpt_model *m = fixture_model();
    const int all_three[FPT_N_CRITERIA] = {3, 3, 0, 3, 3, 3, 3, 3};
    fpt_test_model_ratings(m, 0, all_three);
    fpt_scenario *s = fixture_scenario(m);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    for (size_t l = 1; l < N_LEVELS; l++) {
        const fpt_cell *near_c = fpt_appraisal_cell(a, 0, l - 1),
                       *far_c = fpt_appraisal_cell(a, 0, l);
        cr_expect(gt(dbl, far_c->term_gbp[FPT_K_KNOWLEDGE], near_c->term_gbp[FPT_K_KNOWLEDGE]));
        cr_expect(gt(dbl, far_c->term_gbp[FPT_K_VISIBILITY], near_c->term_gbp[FPT_K_VISIBILITY]));
        for (int k = FPT_K_MIN_TEAM; k < FPT_N_CRITERIA; k++) {
            cr_expect(le(dbl, far_c->term_gbp[k], near_c->term_gbp[k]), "T%d at l%zu", k + 1, l);
        }
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- weights --------------------------------------------------------------------------- */

/* With every rating 3, each w_k moves every cell's objective by Δw × T_k and nothing else. */
Test(appraise, a_weight_moves_only_the_objective_by_its_term)
{
    fpt_model *m = fixture_model();
    const int all_three[FPT_N_CRITERIA] = {3, 3, 0, 3, 3, 3, 3, 3};
    fpt_test_model_ratings(m, 0, all_three);
    fpt_test_model_ratings(m, 1, all_three);
    fpt_test_model_add_draw(m, 1, 1, 1.0);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        if (k == FPT_K_LINKS) {
            continue;
        }
        fpt_scenario *s = fixture_scenario(m);
        fpt_appraisal *before = fpt_test_appraise(m, s);
        s->weight[k] = 3.5;
        fpt_appraisal *after = fpt_test_appraise(m, s);
        for (size_t i = 0; i < 2 * N_LEVELS; i++) {
            const fpt_cell *b = &before->cells[i], *c = &after->cells[i];
            cr_expect(near(c->objective - b->objective, 2.5 * b->term_gbp[k]), "k %d cell %zu", k,
                      i);
            cr_expect(eq(int, memcmp(c->term_gbp, b->term_gbp, sizeof c->term_gbp), 0));
            cr_expect(eq(dbl, c->running_gbp, b->running_gbp));
        }
        fpt_appraisal_free(after);
        fpt_appraisal_free(before);
        fpt_scenario_free(s);
    }
    fpt_model_free(m);
}

/* ---- links ----------------------------------------------------------------------------- */

/*
 * Link f0–f1 of strength 2: coefficient (M9) c3(2) × min(S0, S1) = .2 × 640,000 = 128,000 per
 * unit of remoteness gap. Plans: (l0, l2) gap 1: 128,000; (l1, l2) gap .5: 64,000; (l1, l1)
 * 0. Each end carries half.
 */
Test(appraise, a_link_costs_its_coefficient_times_the_remoteness_gap)
{
    fpt_model *m = fixture_model();
    fpt_test_model_add_link(m, 0, 1, 2);
    fpt_scenario *s = fixture_scenario(m);
    s->weight[FPT_K_LINKS] = 2;
    fpt_appraisal *a = fpt_test_appraise(m, s);
    cr_assert(eq(sz, a->n_pairs, 1));
    cr_expect(near(a->pairs[0].coef_gbp, 128000), "%g", a->pairs[0].coef_gbp);
    const size_t plans[3][2] = {{0, 2}, {1, 2}, {1, 1}};
    const double link_gbp[3] = {128000, 64000, 0};
    for (int i = 0; i < 3; i++) {
        fpt_plan_eval e;
        fpt_appraisal_eval(a, plans[i], &e, NULL);
        double cells = fpt_appraisal_cell(a, 0, plans[i][0])->objective +
                       fpt_appraisal_cell(a, 1, plans[i][1])->objective;
        cr_expect(near(e.term_gbp[FPT_K_LINKS], link_gbp[i]), "plan %d: %g", i,
                  e.term_gbp[FPT_K_LINKS]);
        cr_expect(near(e.objective, cells + 2 * link_gbp[i]), "plan %d", i);
        cr_expect(near(fpt_appraisal_link_share(a, plans[i], 0), link_gbp[i] / 2));
        cr_expect(near(fpt_appraisal_link_share(a, plans[i], 1), link_gbp[i] / 2));
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* The links rating summarises the links (validation keeps it equal to the strongest): it is
 * read by no term, so changing it alone changes no cell and no pair. */
Test(appraise, the_links_rating_acts_on_nothing)
{
    fpt_model *m = fixture_model();
    fpt_test_model_add_link(m, 0, 1, 2);
    fpt_scenario *s = fixture_scenario(m);
    fpt_appraisal *before = fpt_test_appraise(m, s);
    m->functions[0].rating[FPT_K_LINKS] = 4;
    fpt_appraisal *after = fpt_test_appraise(m, s);
    cr_expect(eq(int, memcmp(after->cells, before->cells, 2 * N_LEVELS * sizeof *after->cells), 0));
    cr_expect(eq(dbl, after->pairs[0].coef_gbp, before->pairs[0].coef_gbp));
    fpt_appraisal_free(after);
    fpt_appraisal_free(before);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Scenario link sets: a new strength re-reads the table (.4 × 640,000); 0 removes the pair;
 * an unlinked pair gains one, once, at the last strength given for it. */
Test(appraise, scenario_link_sets_change_add_and_remove_pairs)
{
    fpt_model *m = fixture_model();
    fpt_test_model_add_link(m, 0, 1, 2);
    fpt_scenario *s = fixture_scenario(m);
    fpt_test_scenario_set_link(s, m, 1, 0, 4);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    cr_assert(eq(sz, a->n_pairs, 1));
    cr_expect(near(a->pairs[0].coef_gbp, 256000), "%g", a->pairs[0].coef_gbp);
    cr_expect(eq(int, a->pairs[0].strength, 4));
    fpt_appraisal_free(a);
    fpt_scenario_free(s);

    s = fixture_scenario(m);
    fpt_test_scenario_set_link(s, m, 0, 1, 0);
    a = fpt_test_appraise(m, s);
    cr_expect(eq(sz, a->n_pairs, 0));
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);

    m = fixture_model();
    s = fixture_scenario(m);
    fpt_test_scenario_set_link(s, m, 0, 1, 1);
    fpt_test_scenario_set_link(s, m, 1, 0, 3);
    a = fpt_test_appraise(m, s);
    cr_assert(eq(sz, a->n_pairs, 1));
    cr_expect(near(a->pairs[0].coef_gbp, 0.3 * 640000), "%g", a->pairs[0].coef_gbp);
    cr_expect(eq(sz, a->pairs[0].f, 0));
    cr_expect(eq(sz, a->pairs[0].g, 1));
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- budget and support share ---------------------------------------------------------- */

Test(appraise, the_budget_is_allowance_times_population_times_share)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    s->allowance_per_head_gbp = 20;
    s->support_share = 0.5;
    fpt_appraisal *a = fpt_test_appraise(m, s);
    cr_expect(near(a->budget_gbp, 16000000), "%g", a->budget_gbp);
    fpt_appraisal_free(a);
    s->support_share = 0.25;
    a = fpt_test_appraise(m, s);
    cr_expect(near(a->budget_gbp, 8000000), "%g", a->budget_gbp);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* The all-local plan runs at 1,600,000 + 640,000 = £2,240,000 (set-up is not running cost). */
Test(appraise, a_plan_fits_a_budget_equal_to_its_running_cost_and_no_less)
{
    fpt_model *m = fixture_model();
    set_rating(m, 0, FPT_K_DEVELOPMENT, 4);
    fpt_scenario *s = fixture_scenario(m);
    const size_t local[2] = {0, 0};
    fpt_test_scenario_budget(s, 2240000);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_plan_eval e;
    fpt_appraisal_eval(a, local, &e, NULL);
    cr_expect(near(e.running_gbp, 2240000), "%g", e.running_gbp);
    cr_expect(gt(dbl, e.setup_gbp, 0));
    cr_expect(e.feasible);
    fpt_appraisal_free(a);
    fpt_test_scenario_budget(s, 2240000 * (1 - 1e-6));
    a = fpt_test_appraise(m, s);
    fpt_appraisal_eval(a, local, &e, NULL);
    cr_expect(e.feasible == false);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- pools ----------------------------------------------------------------------------- */

/*
 * f0 with scarcity 3 (σ = .3) drawing .75 from p0 (£1,000) and .25 from p1 (£3,000): scarce
 * staff .3 × 32 = 9.6 WTE at every level, of which 7.2 from p0 and 2.4 from p1; the premium
 * per scarce WTE is .75 × 1,000 + .25 × 3,000 = £1,500, so T4 = 9.6 × 1,500 = £14,400.
 */
Test(appraise, pools_take_their_shares_of_the_scarce_staff)
{
    fpt_model *m = fpt_test_model_new(2, 2);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_test_model_calibrate(m, k, CALIBRATION[k]);
    }
    fpt_test_model_staff(m, 0, 2, 50000);
    fpt_test_model_staff(m, 1, 1, 40000);
    fpt_test_model_add_draw(m, 0, 0, 0.75);
    fpt_test_model_add_draw(m, 0, 1, 0.25);
    set_rating(m, 0, FPT_K_SCARCITY, 3);
    fpt_scenario *s = fixture_scenario(m);
    fpt_test_scenario_supply(s, 0, true, 7.2, 1000);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    for (size_t l = 0; l < N_LEVELS; l++) {
        cr_expect(near(fpt_appraisal_scarce(a, 0, l, 0), 7.2));
        cr_expect(near(fpt_appraisal_scarce(a, 0, l, 1), 2.4));
        cr_expect(eq(dbl, fpt_appraisal_scarce(a, 1, l, 0), 0));
        cr_expect(near(fpt_appraisal_cell(a, 0, l)->term_gbp[FPT_K_SCARCITY], 14400));
    }
    const size_t plan[2] = {0, 2};
    double use[2];
    fpt_plan_eval e;
    fpt_appraisal_eval(a, plan, &e, use);
    cr_expect(near(use[0], 7.2) && near(use[1], 2.4), "%g %g", use[0], use[1]);
    cr_expect(e.feasible, "a supply equal to the use is enough");
    fpt_appraisal_free(a);
    fpt_test_scenario_supply(s, 0, true, 7.1, 1000);
    a = fpt_test_appraise(m, s);
    fpt_appraisal_eval(a, plan, &e, use);
    cr_expect(e.feasible == false, "7.2 WTE from a supply of 7.1");
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- locks, sets, draws, annuity ------------------------------------------------------- */

Test(appraise, locks_fix_or_forbid_cells)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    fpt_test_scenario_lock(s, m, 0, 1, FPT_LOCK_FIX);
    fpt_test_scenario_lock(s, m, 1, 2, FPT_LOCK_FORBID);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    const bool f0[N_LEVELS] = {false, true, false}, f1[N_LEVELS] = {true, true, false};
    for (size_t l = 0; l < N_LEVELS; l++) {
        cr_expect(eq(int, fpt_appraisal_cell(a, 0, l)->allowed, f0[l]), "f0 l%zu", l);
        cr_expect(eq(int, fpt_appraisal_cell(a, 1, l)->allowed, f1[l]), "f1 l%zu", l);
    }
    fpt_plan_eval e;
    fpt_appraisal_eval(a, (const size_t[]){1, 0}, &e, NULL);
    cr_expect(e.feasible);
    fpt_appraisal_eval(a, (const size_t[]){0, 0}, &e, NULL);
    cr_expect(e.feasible == false);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* A scenario rating set acts as the model rating would; a model override holds the
 * parameter against both; a scenario parameter set replaces even the override. */
Test(appraise, scenario_sets_and_model_overrides)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    fpt_test_scenario_set_rating(s, m, 0, FPT_K_DUPLICATION, 3);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    cr_expect(near(fpt_appraisal_cell(a, 0, 0)->term_gbp[FPT_K_DUPLICATION], 1600000));
    cr_expect(eq(int, m->functions[0].rating[FPT_K_DUPLICATION], 0), "the model is not touched");
    fpt_appraisal_free(a);

    m->functions[0].override[FPT_K_DUPLICATION] = (fpt_override){.present = true, .value = 1};
    a = fpt_test_appraise(m, s);
    cr_expect(near(fpt_appraisal_cell(a, 0, 0)->term_gbp[FPT_K_DUPLICATION], 16 * 50000.0),
              "d = 1 from the override, whatever the rating");
    fpt_appraisal_free(a);

    fpt_set *set = &s->sets[0];
    set->kind = FPT_SET_PARAMETER;
    set->value = 0.5;
    a = fpt_test_appraise(m, s);
    cr_expect(near(fpt_appraisal_cell(a, 0, 0)->term_gbp[FPT_K_DUPLICATION], 16 * 0.5 * 50000));
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Draws: +1 on scale from 0 reads c6(1) = .9; at rating 4 a +1 stays at 4; a parameter fixed
 * by an override ignores the draw; the staff factor scales S and T6. */
Test(appraise, monte_carlo_draws_act_after_the_scenario)
{
    fpt_model *m = fixture_model();
    set_rating(m, 1, FPT_K_DUPLICATION, 4);
    m->functions[1].override[FPT_K_SCALE] = (fpt_override){.present = true, .value = 0.5};
    fpt_scenario *s = fixture_scenario(m);
    fpt_perturbation p;
    cr_assert(eq(int, fpt_perturbation_init(&p, 2), FPT_OK));
    p.rating_delta[0 * FPT_N_CRITERIA + FPT_K_SCALE] = 1;
    p.rating_delta[1 * FPT_N_CRITERIA + FPT_K_DUPLICATION] = 1;
    p.rating_delta[1 * FPT_N_CRITERIA + FPT_K_SCALE] = 1;
    p.staff_factor[1] = 2;
    fpt_appraisal *a = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_appraisal_build_perturbed(m, s, &p, &a, &err), FPT_OK));
    cr_expect(near(a->inputs[0].param[FPT_K_SCALE], 0.9));
    cr_expect(eq(int, a->inputs[1].rating[FPT_K_DUPLICATION], 4));
    cr_expect(near(a->inputs[1].param[FPT_K_DUPLICATION], 4));
    cr_expect(near(a->inputs[1].param[FPT_K_SCALE], 0.5));
    cr_expect(near(a->inputs[1].size_gbp, 2 * 640000.0));
    /* f1 at l2: b = 2 × 16^.5 = 8 WTE, T6 = 8 × 40,000 */
    cr_expect(near(fpt_appraisal_cell(a, 1, 2)->term_gbp[FPT_K_SCALE], 320000));
    fpt_appraisal_free(a);
    fpt_perturbation_free(&p);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* M11: the annuity A is the level payment whose present value over H years is £1. */
Test(appraise, the_annuity_repays_one_pound_over_the_horizon)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m);
    s->discount_rate = 0.035;
    s->horizon_years = 5;
    fpt_appraisal *a = fpt_test_appraise(m, s);
    double present = 0;
    for (int t = 1; t <= 5; t++) {
        present += a->annuity / pow(1.035, t);
    }
    cr_expect(near(present, 1), "%.15g", present);
    fpt_appraisal_free(a);
    s->discount_rate = 0;
    a = fpt_test_appraise(m, s);
    cr_expect(near(a->annuity, 0.2), "%g", a->annuity);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}
