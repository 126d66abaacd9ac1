/* SPDX-License-Identifier: MIT */
/*
 * The robust plan (run/robust.c): one plan's figures and the recommendations from numbers
 * worked by hand; and the twins sweep, whose three optimal plans' regrets follow by hand from
 * two figures of the appraisal — a twin's own objective at the local level, and at the
 * national level at each local-knowledge weight — with the recommendation moving from the
 * plan that is always feasible to the others as the required share falls.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/robust.h"
#include "footprint/solve.h"
#include "footprint/sweep.h"
#include "run/robust_core.h"

/* ---- by hand ----------------------------------------------------------------------------- */

Test(robust, a_plans_figures_by_hand)
{
    const double obj[4] = {10, 12, 15, 11}, optimum[4] = {10, 10, 10, 10};
    bool feasible[4] = {true, true, true, true};
    double scratch[4];
    fpt_robust_plan p = {0};
    fpt_robust_stats(obj, feasible, optimum, 4, scratch, &p);
    /* regrets 0, 2, 5, 1: the worst 5; nearest rank ceil(0.9 × 4) = 4 of 0, 1, 2, 5 is 5 */
    cr_expect(p.feasible == 4 && p.feasible_share == 1);
    cr_expect_eq(p.expected_gbp, 12);
    cr_expect_eq(p.regret_max_gbp, 5);
    cr_expect_eq(p.regret_p90_gbp, 5);
    feasible[2] = false; /* regrets 0, 2, 1: worst 2; rank ceil(2.7) = 3 of 0, 1, 2 is 2 */
    fpt_robust_stats(obj, feasible, optimum, 4, scratch, &p);
    cr_expect(p.feasible == 3 && p.feasible_share == 0.75);
    cr_expect_eq(p.expected_gbp, 11);
    cr_expect_eq(p.regret_max_gbp, 2);
    cr_expect_eq(p.regret_p90_gbp, 2);
    memset(feasible, 0, sizeof feasible);
    fpt_robust_stats(obj, feasible, optimum, 4, scratch, &p);
    cr_expect(p.feasible == 0 && isnan(p.expected_gbp) && isnan(p.regret_max_gbp));
}

Test(robust, recommendations_by_hand)
{
    fpt_robust_plan plans[4] = {
        {.feasible = 10, .feasible_share = 1.0, .expected_gbp = 100, .regret_max_gbp = 30},
        {.feasible = 9, .feasible_share = 0.9, .expected_gbp = 90, .regret_max_gbp = 20},
        {.feasible = 10, .feasible_share = 1.0, .expected_gbp = 95, .regret_max_gbp = 30},
        {.feasible = 5, .feasible_share = 0.5, .expected_gbp = 50, .regret_max_gbp = 5},
    };
    fpt_robust r = {.n_plans = 4, .plans = plans, .min_share = 0.95};
    fpt_robust_recommend(&r);
    /* plans 0 and 2 qualify; equal worst regret, so the lesser expected objective: plan 2 */
    cr_expect_eq(r.minimax, 2);
    cr_expect_eq(r.least_expected, 2);
    r.min_share = 0.9; /* plan 1 joins, least on both counts */
    fpt_robust_recommend(&r);
    cr_expect(r.minimax == 1 && r.least_expected == 1);
    plans[1].regret_max_gbp = 40; /* now the two recommendations differ */
    fpt_robust_recommend(&r);
    cr_expect(r.minimax == 2 && r.least_expected == 1);
    r.min_share = 1.0;
    plans[0].feasible_share = plans[2].feasible_share = 0.99;
    fpt_robust_recommend(&r);
    cr_expect(r.minimax == FPT_ROBUST_NONE && r.least_expected == FPT_ROBUST_NONE);
}

/* ---- the twins sweep --------------------------------------------------------------------- */

static fpt_model *model;
static fpt_scenario *scenario;

static void load(void)
{
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert_eq(fpt_model_load(FPT_TEST_DATA "/twins-model.xml", &model, &d, &err), FPT_OK);
    cr_assert_eq(fpt_scenario_load(FPT_TEST_DATA "/twins-sweep.xml", model, &scenario, &d, &err),
                 FPT_OK);
    fpt_diags_clear(&d);
}

static void unload(void)
{
    fpt_scenario_free(scenario);
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

TestSuite(robust_twins, .init = load, .fini = unload);

/* A twin's own objective at level l with the local-knowledge weight at w (both twins are the
 * same, and nothing links them). */
static double twin(size_t l, double w)
{
    fpt_scenario *s = NULL;
    cr_assert_eq(fpt_scenario_copy(scenario, &s), FPT_OK);
    s->weight[FPT_K_KNOWLEDGE] = w;
    fpt_appraisal *a = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_appraisal_build(model, s, &a, &err), FPT_OK);
    double v = fpt_appraisal_cell(a, 0, l)->objective;
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    return v;
}

static fpt_robust *robust_of(const fpt_sweep_run *run, double share, int threads)
{
    fpt_robust_options o;
    fpt_robust_options_init(&o);
    o.min_share = share;
    o.threads = threads;
    fpt_robust *r = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_robust_run(model, scenario, run, &o, &r, &err), FPT_OK, "%s", err.message);
    return r;
}

static bool near(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(1.0, fabs(b));
}

/*
 * Scenarios (weight, supply): (1, 3) (1, 5.5) (1, 100) (10, 3) (10, 5.5) (10, 100). A local
 * twin draws 4 scarce WTE, a national one 1.26: supply 3 allows only both national, 5.5 one
 * local, 100 both. With L = a twin local and N1, N10 = a twin national at weight 1 and 10:
 * plan 1 (national, national) is optimal in the first four, plan 2 (local, national) in the
 * fifth, plan 3 (local, local) in the sixth, and
 *   plan 1: feasible everywhere; regrets 0, 0, 0, 0, N10 - L, 2 (N10 - L); expected N1 + N10
 *   plan 2: feasible in 4 of 6; regrets L - N1, L - N1, 0, N10 - L; expected L + (N1 + N10)/2
 *   plan 3: feasible in 2 of 6; regrets 2 (L - N1), 0; expected 2 L.
 */
Test(robust_twins, the_three_plans_regrets_by_hand)
{
    double L = twin(0, 1), N1 = twin(1, 1), N10 = twin(1, 10);
    cr_assert(near(L, twin(0, 10)), "knowledge costs nothing locally");
    cr_assert(N1 < L && L < N10, "weight 1 favours national, 10 local");
    fpt_sweep_options so;
    fpt_sweep_options_init(&so);
    so.threads = 2;
    fpt_sweep_run *run = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_sweep_run_all(model, scenario, &so, &run, &err), FPT_OK);
    fpt_robust *r = robust_of(run, 0.95, 2);
    cr_assert_eq(r->n_plans, 3);
    cr_expect(r->n_distinct == 3 && r->n_scenarios == 6);
    const size_t want_level[3][2] = {{1, 1}, {0, 1}, {0, 0}}, want_first[3] = {0, 4, 5};
    const size_t want_optimal[3] = {4, 1, 1}, want_feasible[3] = {6, 4, 2};
    const double want_max[3] = {2 * (N10 - L), fmax(L - N1, N10 - L), 2 * (L - N1)};
    const double want_expected[3] = {N1 + N10, L + (N1 + N10) / 2, 2 * L};
    for (size_t p = 0; p < 3; p++) {
        const fpt_robust_plan *q = &r->plans[p];
        cr_expect(q->level[0] == want_level[p][0] && q->level[1] == want_level[p][1], "plan %zu",
                  p + 1);
        cr_expect(q->first == want_first[p] && q->optimal_in == want_optimal[p], "plan %zu", p + 1);
        cr_expect_eq(q->feasible, want_feasible[p], "plan %zu", p + 1);
        cr_expect(near(q->regret_max_gbp, want_max[p]), "plan %zu: worst regret %.3f, by hand %.3f",
                  p + 1, q->regret_max_gbp, want_max[p]);
        cr_expect(near(q->regret_p90_gbp, want_max[p]), "plan %zu: p90 of 6, 4 or 2 is the worst",
                  p + 1);
        cr_expect(near(q->expected_gbp, want_expected[p]), "plan %zu: expected %.3f, by hand %.3f",
                  p + 1, q->expected_gbp, want_expected[p]);
    }
    cr_expect(r->minimax == 0 && r->least_expected == 0, "only plan 1 is feasible in 95%%");
    fpt_robust_free(r);
    r = robust_of(run, 0.6, 1); /* plan 2 qualifies: less regret and less expected */
    cr_expect(r->minimax == 1 && r->least_expected == 1);
    fpt_robust_free(r);
    r = robust_of(run, 0.3, 1); /* plan 3 too: 2 (L - N1) against the others' */
    cr_expect_eq(r->least_expected, 2);
    cr_expect_eq(r->minimax, 2 * (L - N1) < fmax(L - N1, N10 - L) ? 2 : 1);
    fpt_robust_free(r);
    fpt_sweep_run_free(run);
}

Test(robust_twins, a_share_outside_zero_to_one_is_refused)
{
    fpt_sweep_run *run = NULL;
    cr_assert_eq(fpt_sweep_run_create(6, 2, 2, &run), FPT_OK);
    fpt_robust_options o;
    fpt_robust_options_init(&o);
    o.min_share = 1.5;
    fpt_robust *r = (fpt_robust *)&o;
    fpt_error err = {0};
    cr_expect_eq(fpt_robust_run(model, scenario, run, &o, &r, &err), FPT_EUSAGE);
    cr_expect_null(r);
    o.min_share = 0.95; /* nothing done: no plan, nothing recommended */
    cr_assert_eq(fpt_robust_run(model, scenario, run, &o, &r, &err), FPT_OK);
    cr_expect(r->n_plans == 0 && r->minimax == FPT_ROBUST_NONE);
    fpt_robust_free(r);
    fpt_sweep_run_free(run);
}
