/* SPDX-License-Identifier: MIT */
/*
 * Start plans (mip/start.c, fpt_lp_plan_columns in mip/formulate.c): on random small models
 * with binding budgets, pools and locks, the descent ends feasible at a plan no single move
 * improves, never worse than a feasible start, and says false only at a plan no single move
 * makes feasible; a start two moves from feasible is repaired, and none is made up where no
 * plan meets the pool; copies come out in level order; a plan's columns meet the programme
 * exactly when the plan is feasible, and GLPK's objective at them is the plan's; and a solve
 * given a start — any start, good, bad or infeasible — returns the optimum of one without.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glpk.h>

#include "builder.h"
#include "footprint/solve.h"
#include "mip/lp.h"
#include "mip/start.h"

enum { N_MODELS = 60, N_FUNCTIONS = 6 };

typedef struct instance {
    fpt_model *m;
    fpt_scenario *s;
    fpt_appraisal *a;
} instance;

static instance random_instance(fpt_test_rng *r, int i)
{
    fpt_test_model_spec ms = {.n_functions = N_FUNCTIONS, .n_pools = 2, .link_prob = 0.3};
    fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = i % 2 == 0, .lock_prob = 0.3};
    instance in = {.m = fpt_test_model_random(r, &ms)};
    in.s = fpt_test_scenario_random(r, in.m, &ss);
    in.a = fpt_test_appraise(in.m, in.s);
    return in;
}

static void instance_free(instance *in)
{
    fpt_appraisal_free(in->a);
    fpt_scenario_free(in->s);
    fpt_model_free(in->m);
}

static double standing(const fpt_appraisal *a, const size_t *level)
{
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, level, &ev, NULL);
    return ev.feasible ? ev.objective : INFINITY;
}

/* The least standing over every single move of plan (the plan itself included). */
static double best_single_move(const fpt_appraisal *a, size_t *plan)
{
    double best = standing(a, plan);
    for (size_t f = 0; f < a->n_functions; f++) {
        size_t own = plan[f];
        for (size_t l = 0; l < a->n_levels; l++) {
            plan[f] = l;
            best = fmin(best, fpt_appraisal_cell(a, f, l)->allowed ? standing(a, plan) : INFINITY);
        }
        plan[f] = own;
    }
    return best;
}

static void random_plan(fpt_test_rng *r, const fpt_appraisal *a, size_t *level)
{
    for (size_t f = 0; f < a->n_functions; f++) {
        level[f] = (size_t)fpt_test_rng_int(r, 0, (int)a->n_levels - 1);
    }
}

Test(start, the_descent_ends_at_a_feasible_plan_no_single_move_improves)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 7101);
    int repaired = 0, refused = 0, improved = 0;
    for (int i = 0; i < N_MODELS; i++) {
        instance in = random_instance(&r, i);
        size_t start[N_FUNCTIONS], level[N_FUNCTIONS];
        random_plan(&r, in.a, start);
        memcpy(level, start, sizeof level);
        double before = standing(in.a, start);
        bool ok = fpt_start_improve(in.a, NULL, level);
        if (!ok) {
            cr_expect(isinf(best_single_move(in.a, level)), "model %d: a single move repairs it",
                      i);
            refused++;
        } else {
            double after = standing(in.a, level);
            cr_expect(isfinite(after), "model %d: said feasible", i);
            cr_expect(after <= before, "model %d: worse than the start", i);
            double slack = 1e-12 * fmax(1.0, fabs(after)); /* moves are weighed by difference */
            cr_expect(best_single_move(in.a, level) >= after - slack, "model %d: a move improves",
                      i);
            repaired += isinf(before) ? 1 : 0;
            improved += after < before ? 1 : 0;
        }
        instance_free(&in);
    }
    cr_expect_gt(repaired, 0);
    cr_expect_gt(improved, 0);
    cr_expect_lt(refused, N_MODELS / 4);
}

Test(start, a_plan_two_moves_from_feasible_is_repaired_and_none_is_made_up)
{
    /* Three functions drawing on one pool of 2.5 WTE a level: the start puts all three where
     * they draw most, so that two of them must move. */
    fpt_model *m = fpt_test_model_new(3, 1);
    static const int ratings[FPT_N_CRITERIA] = {2, 1, 0, 4, 3, 2, 2, 1};
    for (size_t f = 0; f < 3; f++) {
        fpt_test_model_staff(m, f, 1.0 + 0.5 * (double)f, 45000);
        fpt_test_model_ratings(m, f, ratings);
        fpt_test_model_add_draw(m, f, 0, 1.0);
    }
    fpt_scenario *s = fpt_test_scenario_standard(m, 0xF);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    size_t most[3] = {0};
    double least_total = 0, most_total = 0;
    for (size_t f = 0; f < 3; f++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t l = 0; l < a->n_levels; l++) {
            double w = fpt_appraisal_scarce(a, f, l, 0);
            most[f] = w > hi ? l : most[f];
            lo = fmin(lo, w);
            hi = fmax(hi, w);
        }
        least_total += lo;
        most_total += hi;
    }
    fpt_appraisal_free(a);
    double supply = least_total + 0.2 * (most_total - least_total);
    fpt_test_scenario_supply(s, 0, true, supply, 0);
    a = fpt_test_appraise(m, s);
    size_t level[3];
    memcpy(level, most, sizeof level);
    cr_expect(isinf(best_single_move(a, level)), "one move must not be enough");
    cr_expect(fpt_start_improve(a, NULL, level), "repaired in several moves");
    cr_expect(isfinite(standing(a, level)));
    fpt_appraisal_free(a);
    fpt_test_scenario_supply(s, 0, true, 0.5 * least_total, 0);
    a = fpt_test_appraise(m, s);
    memcpy(level, most, sizeof level);
    cr_expect(!fpt_start_improve(a, NULL, level), "no plan meets the pool");
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(start, copies_come_out_in_level_order)
{
    fpt_model *m = fpt_test_model_new(4, 0);
    static const int ratings[FPT_N_CRITERIA] = {2, 1, 0, 0, 3, 2, 2, 1};
    for (size_t f = 0; f < 4; f++) {
        fpt_test_model_staff(m, f, 1.5, 45000);
        fpt_test_model_ratings(m, f, ratings);
    }
    fpt_scenario *s = fpt_test_scenario_standard(m, 0xF);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_symmetry *sym = NULL;
    cr_assert_eq(fpt_symmetry_create(4, a->n_pairs, &sym, NULL), FPT_OK);
    fpt_symmetry_find(sym, a);
    cr_assert_eq(fpt_symmetry_n_links(sym), 3, "four copies, three in a chain");
    size_t level[4] = {3, 0, 2, 1};
    size_t bare[4] = {3, 0, 2, 1};
    cr_assert(fpt_start_improve(a, sym, level));
    cr_assert(fpt_start_improve(a, NULL, bare));
    for (size_t f = 0; f + 1 < 4; f++) {
        cr_expect_leq(level[f], level[f + 1], "copy %zu", f);
    }
    cr_expect_eq(standing(a, level), standing(a, bare), "sorting copies keeps the objective");
    fpt_symmetry_free(sym);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(start, a_plans_columns_meet_the_programme_exactly_when_it_is_feasible)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 7102);
    int fit = 0, broke = 0;
    for (int i = 0; i < N_MODELS; i++) {
        instance in = random_instance(&r, i);
        fpt_lp *lp = NULL;
        cr_assert_eq(fpt_lp_build(in.a, FPT_LP_APPRAISAL, &lp, NULL), FPT_OK);
        int n = glp_get_num_cols(lp->prob);
        double *col = calloc((size_t)n + 1, sizeof *col);
        for (int k = 0; k < 20; k++) {
            size_t level[N_FUNCTIONS];
            random_plan(&r, in.a, level);
            fpt_plan_eval ev;
            fpt_appraisal_eval(in.a, level, &ev, NULL);
            bool fits = fpt_lp_plan_columns(lp, level, col);
            cr_expect_eq(fits, ev.feasible, "model %d plan %d", i, k);
            double z = glp_get_obj_coef(lp->prob, 0);
            for (int j = 1; fits && j <= n; j++) {
                z += glp_get_obj_coef(lp->prob, j) * col[j];
            }
            cr_expect(!fits || fabs(z - ev.objective) <= 1e-9 * fmax(1.0, fabs(ev.objective)),
                      "model %d plan %d: %.9g vs %.9g", i, k, z, ev.objective);
            fit += fits ? 1 : 0;
            broke += fits ? 0 : 1;
        }
        free(col);
        fpt_lp_free(lp);
        instance_free(&in);
    }
    cr_expect_gt(fit, 0);
    cr_expect_gt(broke, 0);
}

static fpt_solution *solve_from(const fpt_appraisal *a, const size_t *start, bool ties)
{
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    o.start = start;
    o.break_ties = ties;
    fpt_solution *sol = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_solve(a, &o, &sol, &err), FPT_OK, "%s", err.message);
    return sol;
}

Test(start, a_start_changes_no_optimum_and_no_answer_of_the_tie_rule)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 7103);
    for (int i = 0; i < N_MODELS; i++) {
        instance in = random_instance(&r, i);
        fpt_solution *plain = solve_from(in.a, NULL, true);
        size_t start[N_FUNCTIONS];
        random_plan(&r, in.a, start);
        if (plain->result == FPT_RESULT_OPTIMAL && i % 2 == 0) {
            memcpy(start, plain->level, sizeof start); /* the optimum itself */
        }
        fpt_solution *ruled = solve_from(in.a, start, true);
        fpt_solution *quick = solve_from(in.a, start, false);
        cr_expect_eq(ruled->result, plain->result, "model %d", i);
        cr_expect_eq(quick->result, plain->result, "model %d", i);
        if (plain->result == FPT_RESULT_OPTIMAL) {
            double tau = 1e-9 * fmax(1.0, fabs(plain->objective));
            cr_expect_arr_eq(ruled->level, plain->level, N_FUNCTIONS * sizeof *plain->level,
                             "model %d: the tie rule's plan", i);
            cr_expect(fabs(quick->objective - plain->objective) <= tau, "model %d", i);
        }
        fpt_solution_free(plain);
        fpt_solution_free(ruled);
        fpt_solution_free(quick);
        instance_free(&in);
    }
    fpt_solve_thread_exit();
}
