/* SPDX-License-Identifier: MIT */
/*
 * Known optima, worked by hand (SCIP's .solu idea): a three-function, three-level model
 * whose every term is a round number, solved unconstrained and under a binding budget,
 * and the same model made infeasible in each way docs/model.md "Infeasible scenarios"
 * explains (a pool, the budget, contradictory locks, two groups at once), with the clash
 * amounts computed by hand.
 *
 * THE MODEL (docs/model.md M1–M14)
 *
 * Population 1,600,000; levels l0 16 units (P = 100,000), l1 4 units (P = 400,000), l2 1 unit
 * (P = 1,600,000). Remoteness g = ln(P_l/P_0)/ln(16) = 0, 0.5, 1; customers per unit
 * C = 16/N_l = 1, 4, 16, so spread g2 = 0, 0.5, 1. Finance: horizon 5 years at 0%, so the
 * annuity A = 1/5 = 0.2; allowance £25 × share 0.5 × 1.6M = £20M (not binding). Pool p0
 * unlimited, premium £10,000 per scarce WTE.
 *
 * Calibration (rating 0..4): knowledge 0 .1 .2 .3 .4; visibility 0 .1 .2 .3 .4; link
 * 0 .05 .1 .2 .3; scarce 0 .1 .2 .3 .5; min-team 0 1 2 4 8; scale 1 .9 .75 .5 .4;
 * duplication 0 .25 .5 1 2; development 0 .5 1 2 4.
 *
 * A (f0): a = 1 WTE/100k, w = £40,000, S = 1 × 16 × 40,000 = £640,000. Ratings: knowledge 4
 *   (.4), visibility 2 (.2), scarcity 0, min-team 2 (m = 2), scale 0 (β = 1), duplication 1
 *   (d = .25), development 1 (D = .5 × 1 × 40,000 = £20,000 per unit).
 *   b = 1 × (P/100k)^1 = 1, 4, 16 WTE per unit.
 *   l0: T5 = 16 × (2 − 1) × 40k = 640,000; T6 = 16 × 1 × 40k = 640,000; T7 = 16 × .25 × 40k
 *       = 160,000; set-up 16 × 20k = 320,000, T8 = .2 × 320k = 64,000. WTE 16 × 2 = 32;
 *       running 1,440,000; objective 1,504,000.
 *   l1: T1 = .4 × .5 × 640k = 128,000; T2 = .2 × .5 × 640k = 64,000; T6 = 4 × 4 × 40k =
 *       640,000; T7 = 4 × .25 × 40k = 40,000; set-up 80,000, T8 = 16,000. WTE 16; running
 *       680,000; objective 888,000.
 *   l2: T1 = 256,000; T2 = 128,000; T6 = 640,000; T7 = 10,000; set-up 20,000, T8 = 4,000.
 *       WTE 16; running 650,000; objective 1,038,000.
 * B (f1): a = 2, w = £50,000, S = 2 × 16 × 50,000 = £1,600,000. Ratings: knowledge 1 (.1),
 *   visibility 0, scarcity 2 (σ = .2, all from p0: £2,000 per WTE), min-team 0, scale 3
 *   (β = .5), duplication 2 (d = .5), development 2 (D = 1 × 2 × 50,000 = £100,000).
 *   b = 2 × (P/100k)^.5 = 2, 4, 8.
 *   l0: T4 = 2,000 × 32 = 64,000; T6 = 16 × 2 × 50k = 1,600,000; T7 = 16 × .5 × 50k =
 *       400,000; set-up 1,600,000, T8 = 320,000. WTE 32 (scarce 6.4); running 2,064,000;
 *       objective 2,384,000.
 *   l1: T1 = .1 × .5 × 1.6M = 80,000; T4 = 32,000; T6 = 800,000; T7 = 100,000; set-up 400,000,
 *       T8 = 80,000. WTE 16 (scarce 3.2); running 932,000; objective 1,092,000.
 *   l2: T1 = 160,000; T4 = 16,000; T6 = 400,000; T7 = 25,000; set-up 100,000, T8 = 20,000.
 *       WTE 8 (scarce 1.6); running 441,000; objective 621,000.
 * C (f2): a = .8, w = £30,000, S = .8 × 16 × 30,000 = £384,000. Ratings: knowledge 4 (.4),
 *   visibility 4 (.4), min-team 3 (m = 4), everything else 0 (β = 1). b = .8, 3.2, 12.8.
 *   l0: T5 = 16 × 3.2 × 30k = 1,536,000; T6 = 384,000. WTE 64; running and objective
 *       1,920,000.
 *   l1: T1 = T2 = .4 × .5 × 384k = 76,800; T5 = 4 × .8 × 30k = 96,000; T6 = 384,000. WTE 16;
 *       running 480,000; objective 633,600.
 *   l2: T1 = T2 = 153,600; T6 = 384,000. WTE 12.8; running 384,000; objective 691,200.
 * Link A–B, strength 3: coefficient .2 × min(640k, 1.6M) = 128,000 per unit of level gap.
 *
 * A and B together (cells + link): A0B0 3,888,000; A0B1 2,660,000; A0B2 2,253,000;
 * A1B0 3,336,000; A1B1 1,980,000; A1B2 888k + 621k + 128k × .5 = 1,573,000; A2B0 3,550,000;
 * A2B1 2,194,000; A2B2 1,659,000. C is unlinked and best at l1 (633,600).
 * OPTIMUM (l1, l2, l1): 1,573,000 + 633,600 = 2,206,600. Next best: (1,2,2) 2,264,200.
 * Totals: T1 128,000 + 160,000 + 76,800 = 364,800; T2 64,000 + 0 + 76,800 = 140,800;
 * T3 64,000; T4 16,000; T5 96,000; T6 640,000 + 400,000 + 384,000 = 1,424,000;
 * T7 40,000 + 25,000 = 65,000; T8 16,000 + 20,000 = 36,000 (sum 2,206,600). WTE 16 + 8 + 16 =
 * 40; running 680,000 + 441,000 + 480,000 = 1,601,000; set-up 180,000; pool p0 1.6 WTE.
 */
#include <math.h>

#include <criterion/criterion.h>

#include "builder.h"
#include "footprint/solve.h"

static const double hand_calibration[FPT_N_CRITERIA][FPT_N_RATINGS] = {
    {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.1, 0.2, 0.3, 0.4}, {0, 0.05, 0.1, 0.2, 0.3},
    {0, 0.1, 0.2, 0.3, 0.5}, {0, 1, 2, 4, 8},         {1, 0.9, 0.75, 0.5, 0.4},
    {0, 0.25, 0.5, 1, 2},    {0, 0.5, 1, 2, 4},
};

/* The hand-computed cells: T1..T8, WTE, running, set-up, objective, per function and level. */
typedef struct hand_cell {
    double term[FPT_N_CRITERIA];
    double wte, running, setup, objective;
} hand_cell;

static const hand_cell hand[3][3] = {
    {{{0, 0, 0, 0, 640000, 640000, 160000, 64000}, 32, 1440000, 320000, 1504000},
     {{128000, 64000, 0, 0, 0, 640000, 40000, 16000}, 16, 680000, 80000, 888000},
     {{256000, 128000, 0, 0, 0, 640000, 10000, 4000}, 16, 650000, 20000, 1038000}},
    {{{0, 0, 0, 64000, 0, 1600000, 400000, 320000}, 32, 2064000, 1600000, 2384000},
     {{80000, 0, 0, 32000, 0, 800000, 100000, 80000}, 16, 932000, 400000, 1092000},
     {{160000, 0, 0, 16000, 0, 400000, 25000, 20000}, 8, 441000, 100000, 621000}},
    {{{0, 0, 0, 0, 1536000, 384000, 0, 0}, 64, 1920000, 0, 1920000},
     {{76800, 76800, 0, 0, 96000, 384000, 0, 0}, 16, 480000, 0, 633600},
     {{153600, 153600, 0, 0, 0, 384000, 0, 0}, 12.8, 384000, 0, 691200}},
};

static fpt_model *model;
static fpt_scenario *scenario;

/* Relative-and-absolute closeness for £ figures that are exact in decimal by hand. */
static bool near(double got, double want)
{
    return fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want));
}

static void build_hand_model(void)
{
    model = fpt_test_model_new(3, 1);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_test_model_calibrate(model, k, hand_calibration[k]);
    }
    fpt_test_model_staff(model, 0, 1, 40000);
    fpt_test_model_staff(model, 1, 2, 50000);
    fpt_test_model_staff(model, 2, 0.8, 30000);
    /* knowledge, visibility, links (set by the link), scarcity, min-team, scale, dup, dev */
    fpt_test_model_ratings(model, 0, (const int[]){4, 2, 0, 0, 2, 0, 1, 1});
    fpt_test_model_ratings(model, 1, (const int[]){1, 0, 0, 2, 0, 3, 2, 2});
    fpt_test_model_ratings(model, 2, (const int[]){4, 4, 0, 0, 3, 0, 0, 0});
    fpt_test_model_add_draw(model, 1, 0, 1.0);
    fpt_test_model_add_link(model, 0, 1, 3);
    scenario = fpt_test_scenario_new(model, 1600000, (const long[]){16, 4, 1}, 3);
    scenario->discount_rate = 0;
    scenario->horizon_years = 5;
    fpt_test_scenario_supply(scenario, 0, false, 0, 10000);
}

static void free_hand_model(void)
{
    fpt_scenario_free(scenario);
    fpt_model_free(model);
}

TestSuite(solve, .init = build_hand_model, .fini = free_hand_model);

static fpt_solution *solve_hand(fpt_appraisal **a_out)
{
    char msg[512];
    cr_assert(fpt_test_validate(model, scenario, msg, sizeof msg), "hand model invalid: %s", msg);
    *a_out = fpt_test_appraise(model, scenario);
    return fpt_test_solve(*a_out);
}

Test(solve, hand_model_appraisal_matches_every_hand_term)
{
    fpt_appraisal *a = fpt_test_appraise(model, scenario);
    cr_expect(near(a->annuity, 0.2));
    cr_expect(near(a->remoteness[1], 0.5) && near(a->spread[1], 0.5));
    cr_assert_eq(a->n_pairs, 1);
    cr_expect(near(a->pairs[0].coef_gbp, 128000), "link coef %.6f", a->pairs[0].coef_gbp);
    for (size_t f = 0; f < 3; f++) {
        for (size_t l = 0; l < 3; l++) {
            const fpt_cell *c = fpt_appraisal_cell(a, f, l);
            const hand_cell *h = &hand[f][l];
            for (int k = 0; k < FPT_N_CRITERIA; k++) {
                cr_expect(near(c->term_gbp[k], h->term[k]), "f%zu l%zu T%d: %.6f, by hand %.0f", f,
                          l, k + 1, c->term_gbp[k], h->term[k]);
            }
            cr_expect(near(c->wte, h->wte), "f%zu l%zu WTE %.9f", f, l, c->wte);
            cr_expect(near(c->running_gbp, h->running), "f%zu l%zu running", f, l);
            cr_expect(near(c->setup_gbp, h->setup), "f%zu l%zu set-up", f, l);
            cr_expect(near(c->objective, h->objective), "f%zu l%zu objective %.6f", f, l,
                      c->objective);
        }
    }
    cr_expect(near(fpt_appraisal_scarce(a, 1, 0, 0), 6.4) &&
              near(fpt_appraisal_scarce(a, 1, 2, 0), 1.6));
    fpt_appraisal_free(a);
}

Test(solve, hand_model_optimum_is_hub_national_hub)
{
    fpt_appraisal *a = NULL;
    fpt_solution *sol = solve_hand(&a);
    cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL);
    cr_expect_eq(sol->level[0], 1);
    cr_expect_eq(sol->level[1], 2);
    cr_expect_eq(sol->level[2], 1);
    cr_expect(near(sol->objective, 2206600), "objective %.6f", sol->objective);
    static const double terms[FPT_N_CRITERIA] = {364800, 140800,  64000, 16000,
                                                 96000,  1424000, 65000, 36000};
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(near(sol->eval.term_gbp[k], terms[k]), "T%d %.6f, by hand %.0f", k + 1,
                  sol->eval.term_gbp[k], terms[k]);
    }
    cr_expect(near(sol->eval.wte, 40), "WTE %.9f", sol->eval.wte);
    cr_expect(near(sol->eval.running_gbp, 1601000));
    cr_expect(near(sol->eval.setup_gbp, 180000));
    cr_expect(near(sol->pool_use[0], 1.6));
    cr_expect(sol->eval.feasible);
    cr_expect_not(sol->tied, "the next plan is £57,600 worse; no tie");
    cr_expect(near(sol->bound, sol->objective) && sol->gap <= 1e-9);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
}

/*
 * Budget £1,550,000 (allowance £1.9375 × 0.5 × 1.6M). Plans by objective: (1,2,1) 2,206,600
 * runs at 1,601,000 (over); (1,2,2) 2,264,200 runs at 680,000 + 441,000 + 384,000 = 1,505,000
 * (fits). Totals of (1,2,2): T1 128,000 + 160,000 + 153,600 = 441,600; T2 64,000 + 153,600
 * = 217,600; T3 64,000; T4 16,000; T5 0; T6 1,424,000; T7 65,000; T8 36,000; WTE 36.8.
 */
Test(solve, binding_budget_moves_c_national)
{
    fpt_test_scenario_budget(scenario, 1550000);
    cr_expect(near(scenario->allowance_per_head_gbp, 1.9375));
    fpt_appraisal *a = NULL;
    fpt_solution *sol = solve_hand(&a);
    cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL);
    cr_expect(sol->level[0] == 1 && sol->level[1] == 2 && sol->level[2] == 2,
              "plan (%zu, %zu, %zu), by hand (1, 2, 2)", sol->level[0], sol->level[1],
              sol->level[2]);
    cr_expect(near(sol->objective, 2264200), "objective %.6f", sol->objective);
    static const double terms[FPT_N_CRITERIA] = {441600, 217600,  64000, 16000,
                                                 0,      1424000, 65000, 36000};
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        cr_expect(near(sol->eval.term_gbp[k], terms[k]), "T%d %.6f", k + 1, sol->eval.term_gbp[k]);
    }
    cr_expect(near(sol->eval.running_gbp, 1505000));
    cr_expect(near(sol->eval.wte, 36.8));
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
}

static const fpt_clash *find_clash(const fpt_solution *sol, fpt_clash_kind kind, size_t index)
{
    for (size_t i = 0; i < sol->n_clashes; i++) {
        if (sol->clashes[i].kind == kind && sol->clashes[i].index == index) {
            return &sol->clashes[i];
        }
    }
    return NULL;
}

static void expect_clash(const fpt_solution *sol, fpt_clash_kind kind, size_t index, double needed,
                         double available, double alone)
{
    const fpt_clash *c = find_clash(sol, kind, index);
    cr_assert_not_null(c, "no clash of kind %d index %zu", (int)kind, index);
    cr_expect(near(c->needed, needed), "needed %.9f, by hand %.9f", c->needed, needed);
    cr_expect(near(c->available, available), "available %.9f, by hand %.9f", c->available,
              available);
    cr_expect(near(c->needed_alone, alone), "needed alone %.9f, by hand %.9f", c->needed_alone,
              alone);
}

/* Pool p0 holds 1 WTE; only B draws on it, at least σ × WTE = .2 × 8 = 1.6 WTE (national). */
Test(solve, pool_clash_reports_least_scarce_use)
{
    fpt_test_scenario_supply(scenario, 0, true, 1.0, 10000);
    fpt_appraisal *a = NULL;
    fpt_solution *sol = solve_hand(&a);
    cr_assert_eq(sol->result, FPT_RESULT_INFEASIBLE);
    cr_expect_eq(sol->n_clashes, 1);
    expect_clash(sol, FPT_CLASH_POOL, 0, 1.6, 1.0, 1.6);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
}

/* Budget £1,400,000; the cheapest plan, all national, runs at 650k + 441k + 384k = 1,475,000. */
Test(solve, budget_clash_reports_cheapest_running_cost)
{
    fpt_test_scenario_budget(scenario, 1400000);
    fpt_appraisal *a = NULL;
    fpt_solution *sol = solve_hand(&a);
    cr_assert_eq(sol->result, FPT_RESULT_INFEASIBLE);
    cr_expect_eq(sol->n_clashes, 1);
    expect_clash(sol, FPT_CLASH_BUDGET, 0, 1475000, 1400000, 1475000);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
}

/* A fixed at l0 and at l2; C forbidden at all three levels. Both named, nothing else. */
Test(solve, contradictory_locks_name_each_function)
{
    fpt_test_scenario_lock(scenario, model, 0, 0, FPT_LOCK_FIX);
    fpt_test_scenario_lock(scenario, model, 0, 2, FPT_LOCK_FIX);
    for (size_t l = 0; l < 3; l++) {
        fpt_test_scenario_lock(scenario, model, 2, l, FPT_LOCK_FORBID);
    }
    fpt_appraisal *a = NULL;
    fpt_solution *sol = solve_hand(&a);
    cr_assert_eq(sol->result, FPT_RESULT_INFEASIBLE);
    cr_expect_eq(sol->n_clashes, 2);
    cr_expect_not_null(find_clash(sol, FPT_CLASH_LOCKS, 0));
    cr_expect_not_null(find_clash(sol, FPT_CLASH_LOCKS, 2));
    cr_expect_null(find_clash(sol, FPT_CLASH_LOCKS, 1));
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
}

/*
 * Both at once: pool 1 WTE and budget £1,400,000. The all-national plan is the least of
 * both (1.6 WTE, £1,475,000), so the elastic plan is it and both groups are reported.
 */
Test(solve, pool_and_budget_clash_together)
{
    fpt_test_scenario_supply(scenario, 0, true, 1.0, 10000);
    fpt_test_scenario_budget(scenario, 1400000);
    fpt_appraisal *a = NULL;
    fpt_solution *sol = solve_hand(&a);
    cr_assert_eq(sol->result, FPT_RESULT_INFEASIBLE);
    cr_expect_eq(sol->n_clashes, 2);
    expect_clash(sol, FPT_CLASH_BUDGET, 0, 1475000, 1400000, 1475000);
    expect_clash(sol, FPT_CLASH_POOL, 0, 1.6, 1.0, 1.6);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
}

/*
 * A lock moves the optimum and the budget then clashes only because of it: B fixed local
 * (running 2,064,000, scarce 6.4) with budget £2,500,000. Least running under the lock:
 * 650,000 + 2,064,000 + 384,000 = 3,098,000, so the budget clash reports that as needed
 * alone; the pool (unlimited) does not clash.
 */
Test(solve, lock_makes_budget_clash_with_locked_amounts)
{
    fpt_test_scenario_lock(scenario, model, 1, 0, FPT_LOCK_FIX);
    fpt_test_scenario_budget(scenario, 2500000);
    fpt_appraisal *a = NULL;
    fpt_solution *sol = solve_hand(&a);
    cr_assert_eq(sol->result, FPT_RESULT_INFEASIBLE);
    cr_expect_eq(sol->n_clashes, 1);
    expect_clash(sol, FPT_CLASH_BUDGET, 0, 3098000, 2500000, 3098000);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
}
