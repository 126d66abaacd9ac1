/* SPDX-License-Identifier: MIT */
/*
 * The transition term (docs/model.md M15, solver/appraise/appraise.c), worked by hand: a
 * function moved from its current level pays redundancy on the staff it no longer needs,
 * double running of its new units and their lost productivity, annuitised like set-up and
 * weighted into the cell's objective; its current level costs nothing; moving towards the
 * customers frees no staff; and without a transition, or at weight 0, every objective is
 * what it was.
 *
 * THE FIXTURE (test_appraise.c's, with f0's scale rating 3). Population 1,600,000; levels
 * l0 16 units of 100,000, l1 4 of 400,000, l2 1 of 1,600,000; horizon 10 years at 0%, so
 * the annuity is 1/10. f0: a = 2 WTE/100k, w = £50,000, β = 0.5: b = 2, 4, 8 WTE a unit,
 * WTE = 32, 16, 8 and running cost (T6 alone) = £1.6m, £0.8m, £0.4m at l0, l1, l2.
 * Transition: redundancy 6 months of salary per freed WTE, 3 months of double running,
 * 1.2 months of productivity lost. f0 from l0 to l1: 16 WTE freed, redundancy 6/12 × 50,000
 * × 16 = £400,000; double running 3/12 × 800,000 = £200,000; productivity 1.2/12 × 16 ×
 * 50,000 = £80,000; £680,000 in all, £68,000 a year. To l2: 24 WTE freed, £600,000 +
 * £100,000 + £40,000 = £740,000. From l2 to l0: nothing freed, £400,000 + £160,000.
 */
#include <math.h>
#include <string.h>

#include <criterion/criterion.h>

#include "builder.h"
#include "footprint/appraise.h"

static const double CALIBRATION[FPT_N_CRITERIA][FPT_N_RATINGS] = {
    {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.1, 0.2, 0.3, 0.4},
    {0, 0.1, 0.2, 0.3, 0.4}, {0, 1, 2, 4, 8},         {1, 0.9, 0.75, 0.5, 0.25},
    {0, 0.5, 1, 2, 4},       {0, 1, 2, 3, 4},
};

enum { N_LEVELS = 3 };
static const long UNITS[N_LEVELS] = {16, 4, 1};

static fpt_model *fixture_model(void)
{
    fpt_model *m = fpt_test_model_new(2, 1);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_test_model_calibrate(m, k, CALIBRATION[k]);
    }
    fpt_test_model_staff(m, 0, 2, 50000);
    fpt_test_model_staff(m, 1, 1, 40000);
    int ratings[FPT_N_CRITERIA] = {0};
    ratings[FPT_K_SCALE] = 3;
    fpt_test_model_ratings(m, 0, ratings);
    return m;
}

/* The fixture's scenario without a transition: 1.6m people, 10 years, no discounting. */
static fpt_scenario *fixture_plain(const fpt_model *m)
{
    fpt_scenario *s = fpt_test_scenario_new(m, 1600000, UNITS, N_LEVELS);
    s->horizon_years = 10;
    s->discount_rate = 0;
    return s;
}

/* ... with a transition: 6 months' redundancy, 3 of double running, 1.2 of lost
 * productivity, at this weight. */
static fpt_scenario *fixture_scenario(const fpt_model *m, double weight)
{
    fpt_scenario *s = fixture_plain(m);
    fpt_test_scenario_transition(s, 6, 3, 1.2, weight);
    return s;
}

static bool near(double got, double want)
{
    return fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want));
}

Test(transition, moving_local_to_hub_pays_redundancy_double_running_and_productivity)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m, 1);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    const fpt_cell *c = fpt_appraisal_cell(a, 0, 1);
    cr_expect(near(c->freed_wte, 16), "%g", c->freed_wte);
    cr_expect(near(c->redundancy_gbp, 400000), "%g", c->redundancy_gbp);
    cr_expect(near(c->double_running_gbp, 200000), "%g", c->double_running_gbp);
    cr_expect(near(c->productivity_gbp, 80000), "%g", c->productivity_gbp);
    cr_expect(near(c->transition_gbp, 680000), "%g", c->transition_gbp);
    cr_expect(near(c->transition_term_gbp, 68000), "%g", c->transition_term_gbp);
    cr_expect(near(c->objective, 800000 + 68000), "%g", c->objective);
    const fpt_cell *n = fpt_appraisal_cell(a, 0, 2);
    cr_expect(near(n->freed_wte, 24), "%g", n->freed_wte);
    cr_expect(near(n->transition_gbp, 740000), "%g", n->transition_gbp);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(transition, the_current_level_costs_nothing_and_the_running_cost_is_unchanged)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m, 1);
    fpt_scenario *plain = fixture_plain(m);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_appraisal *b = fpt_test_appraise(m, plain);
    const fpt_cell *c = fpt_appraisal_cell(a, 0, 0);
    cr_expect(c->transition_gbp == 0 && c->freed_wte == 0);
    cr_expect(c->objective == fpt_appraisal_cell(b, 0, 0)->objective);
    for (size_t l = 0; l < N_LEVELS; l++) {
        cr_expect(fpt_appraisal_cell(a, 0, l)->running_gbp ==
                  fpt_appraisal_cell(b, 0, l)->running_gbp);
        cr_expect(fpt_appraisal_cell(a, 0, l)->setup_gbp == fpt_appraisal_cell(b, 0, l)->setup_gbp);
    }
    fpt_appraisal_free(a);
    fpt_appraisal_free(b);
    fpt_scenario_free(plain);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(transition, moving_towards_the_customers_frees_no_staff)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m, 1);
    fpt_test_scenario_current(s, m, 0, 2);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    cr_expect_eq(a->current[0], 2);
    cr_expect_eq(a->current[1], 0);
    const fpt_cell *c = fpt_appraisal_cell(a, 0, 0);
    cr_expect(c->freed_wte == 0 && c->redundancy_gbp == 0);
    cr_expect(near(c->double_running_gbp, 400000), "%g", c->double_running_gbp);
    cr_expect(near(c->productivity_gbp, 160000), "%g", c->productivity_gbp);
    cr_expect(fpt_appraisal_cell(a, 0, 2)->transition_gbp == 0);
    /* l2 → l1 frees nothing either: 8 WTE today, 16 at the hubs */
    cr_expect(fpt_appraisal_cell(a, 0, 1)->redundancy_gbp == 0);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* The annuity spreads the one-off cost as it does set-up: 5 years at 3.5%. */
Test(transition, the_term_is_annuitised_like_set_up)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m, 1);
    s->horizon_years = 5;
    s->discount_rate = 0.035;
    fpt_appraisal *a = fpt_test_appraise(m, s);
    const fpt_cell *c = fpt_appraisal_cell(a, 0, 1);
    double annuity = 0.035 / (1 - pow(1.035, -5));
    cr_expect(near(c->transition_term_gbp, 680000 * annuity), "%g", c->transition_term_gbp);
    cr_expect(near(a->annuity, annuity));
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Weight 0 leaves every objective bit for bit as without a transition; weight 2 doubles it. */
Test(transition, weight_zero_equals_no_term)
{
    fpt_model *m = fixture_model();
    fpt_scenario *zero = fixture_scenario(m, 0);
    fpt_scenario *two = fixture_scenario(m, 2);
    fpt_scenario *plain = fixture_plain(m);
    fpt_appraisal *a0 = fpt_test_appraise(m, zero);
    fpt_appraisal *a2 = fpt_test_appraise(m, two);
    fpt_appraisal *ap = fpt_test_appraise(m, plain);
    cr_expect(!ap->has_transition && a0->has_transition);
    for (size_t f = 0; f < 2; f++) {
        for (size_t l = 0; l < N_LEVELS; l++) {
            const fpt_cell *c0 = fpt_appraisal_cell(a0, f, l), *cp = fpt_appraisal_cell(ap, f, l);
            const fpt_cell *c2 = fpt_appraisal_cell(a2, f, l);
            cr_expect(c0->objective == cp->objective, "f%zu l%zu", f, l);
            cr_expect(near(c2->objective, cp->objective + 2 * c2->transition_term_gbp));
            cr_expect(cp->transition_gbp == 0);
        }
    }
    fpt_appraisal_free(a0);
    fpt_appraisal_free(a2);
    fpt_appraisal_free(ap);
    fpt_scenario_free(zero);
    fpt_scenario_free(two);
    fpt_scenario_free(plain);
    fpt_model_free(m);
}

/* A plan's totals: f0 at the hubs (£680,000), f1 national (16 → 16 WTE: none freed). */
Test(transition, a_plan_adds_up_its_functions)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m, 1);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    const size_t plan[2] = {1, 2};
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, plan, &ev, NULL);
    /* f1: a = 1, w = £40,000, β = 1: 16 WTE at every level, running £640,000; no redundancy,
       double running 3/12 × 640,000 = 160,000, productivity 1.2/12 × 16 × 40,000 = 64,000 */
    double f1 = 160000 + 64000;
    cr_expect(near(ev.transition_gbp, 680000 + f1), "%g", ev.transition_gbp);
    cr_expect(near(ev.transition_term_gbp, (680000 + f1) / 10), "%g", ev.transition_term_gbp);
    cr_expect(near(ev.objective, 800000 + 640000 + (680000 + f1) / 10), "%g", ev.objective);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Payback (fpt_appraisal_payback): f0 at the hubs and f1 national run at £0.8m + £0.64m against
 * £1.6m + £0.64m all local, saving £0.8m a year; no set-up (development rated 0); transition
 * £680,000 + £224,000 = £904,000, so 1.13 years. With f0 at l2 today the plan saves nothing. */
Test(transition, payback_counts_set_up_and_transition_against_today)
{
    fpt_model *m = fixture_model();
    fpt_scenario *s = fixture_scenario(m, 1);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    const size_t plan[2] = {1, 2};
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, plan, &ev, NULL);
    fpt_payback p;
    fpt_appraisal_payback(a, &ev, &p);
    cr_expect(p.from_local);
    cr_expect(near(p.baseline_running_gbp, 2240000), "%g", p.baseline_running_gbp);
    cr_expect(near(p.saving_gbp, 800000), "%g", p.saving_gbp);
    cr_expect(near(p.investment_gbp, 904000), "%g", p.investment_gbp);
    cr_expect(near(p.years, 1.13), "%g", p.years);
    fpt_appraisal_free(a);
    fpt_test_scenario_current(s, m, 0, 2);
    a = fpt_test_appraise(m, s);
    fpt_appraisal_eval(a, plan, &ev, NULL);
    fpt_appraisal_payback(a, &ev, &p);
    cr_expect(!p.from_local);
    cr_expect(near(p.baseline_running_gbp, 400000 + 640000), "%g", p.baseline_running_gbp);
    cr_expect(isnan(p.years), "%g", p.years);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}
