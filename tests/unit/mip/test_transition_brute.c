/* SPDX-License-Identifier: MIT */
/*
 * The transition term (docs/model.md M15) in the MIP: on tiny random models with random
 * current footprints, transition costs and weights, the solver's plan, objective and tie
 * verdict agree with exhaustive enumeration over fpt_appraisal_eval(), the exact evaluator
 * the reports use; at weight 0 every plan is the one without a transition; and the term
 * acts: some plans move when it is weighted.
 */
#include <math.h>
#include <stdio.h>

#include <criterion/criterion.h>

#include "brute.h"
#include "builder.h"
#include "footprint/solve.h"

enum { N_RANDOM = 160, N_FUNCTIONS = 6 };

static void random_transition(fpt_test_rng *r, fpt_scenario *s, const fpt_model *m, double w)
{
    fpt_test_scenario_transition(s, fpt_test_rng_uniform(r, 0, 24), fpt_test_rng_uniform(r, 0, 12),
                                 fpt_test_rng_uniform(r, 0, 6), w);
    for (size_t f = 0; f < m->n_functions; f++) {
        if (fpt_test_rng_chance(r, 0.4)) {
            fpt_test_scenario_current(s, m, f,
                                      (size_t)fpt_test_rng_int(r, 0, (int)s->n_levels - 1));
        }
    }
}

static bool same_plan(const size_t *a, const size_t *b, size_t n)
{
    for (size_t f = 0; f < n; f++) {
        if (a[f] != b[f]) {
            return false;
        }
    }
    return true;
}

/* Returns whether the solver found a plan; counts plans the term moved in *moved. */
static bool check_instance(fpt_test_rng *r, int i, int *moved)
{
    static const double WEIGHTS[] = {1, 0.5, 3, 1};
    fpt_test_model_spec ms = {.n_functions = N_FUNCTIONS, .n_pools = 2, .link_prob = 0.3};
    fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = i % 3 == 1, .lock_prob = 0.2};
    fpt_model *m = fpt_test_model_random(r, &ms);
    fpt_scenario *plain = fpt_test_scenario_random(r, m, &ss);
    fpt_scenario *s = fpt_test_scenario_copy(plain);
    random_transition(r, s, m, WEIGHTS[i % 4]);
    char msg[512];
    cr_assert(fpt_test_validate(m, s, msg, sizeof msg), "instance %d invalid: %s", i, msg);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_appraisal *p = fpt_test_appraise(m, plain);
    fpt_test_brute b;
    fpt_test_brute_solve(a, &b);
    fpt_solution *sol = fpt_test_solve(a);
    fpt_solution *psol = fpt_test_solve(p);
    bool feasible = b.feasible;
    if (!b.feasible) {
        cr_expect_eq(sol->result, FPT_RESULT_INFEASIBLE, "instance %d", i);
    } else {
        cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL, "instance %d", i);
        cr_expect(same_plan(sol->level, b.level, N_FUNCTIONS), "instance %d: plan differs", i);
        double tol = FPT_TEST_TIE_REL * fmax(1.0, fabs(b.objective));
        cr_expect(fabs(sol->objective - b.objective) <= tol, "instance %d: %.9f vs %.9f", i,
                  sol->objective, b.objective);
        cr_expect_eq(sol->tied, b.n_tied > 1, "instance %d: tie verdict", i);
        *moved += !same_plan(sol->level, psol->level, N_FUNCTIONS);
    }
    fpt_solution_free(sol);
    fpt_solution_free(psol);
    fpt_appraisal_free(a);
    fpt_appraisal_free(p);
    fpt_scenario_free(s);
    fpt_scenario_free(plain);
    fpt_model_free(m);
    return feasible;
}

Test(transition_brute, random_models_with_a_transition_agree_with_enumeration)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 20120514);
    int feasible = 0, moved = 0;
    for (int i = 0; i < N_RANDOM; i++) {
        feasible += check_instance(&r, i, &moved);
    }
    cr_log_info("transition brute: %d models, %d feasible, %d plans moved by the term", N_RANDOM,
                feasible, moved);
    cr_expect_geq(feasible, 120);
    cr_expect_geq(moved, 20, "the term moved only %d plans", moved);
}

Test(transition_brute, weight_zero_gives_the_plan_without_a_transition)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 42);
    for (int i = 0; i < 40; i++) {
        fpt_test_model_spec ms = {.n_functions = 5, .n_pools = 2, .link_prob = 0.3};
        fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = i % 2 == 1, .lock_prob = 0.2};
        fpt_model *m = fpt_test_model_random(&r, &ms);
        fpt_scenario *plain = fpt_test_scenario_random(&r, m, &ss);
        fpt_scenario *s = fpt_test_scenario_copy(plain);
        random_transition(&r, s, m, 0);
        fpt_appraisal *a = fpt_test_appraise(m, s);
        fpt_appraisal *p = fpt_test_appraise(m, plain);
        fpt_solution *sol = fpt_test_solve(a);
        fpt_solution *psol = fpt_test_solve(p);
        cr_expect_eq(sol->result, psol->result, "instance %d", i);
        if (psol->result == FPT_RESULT_OPTIMAL) {
            cr_expect(same_plan(sol->level, psol->level, 5), "instance %d", i);
            cr_expect(sol->objective == psol->objective, "instance %d: %.17g vs %.17g", i,
                      sol->objective, psol->objective);
        }
        fpt_solution_free(sol);
        fpt_solution_free(psol);
        fpt_appraisal_free(a);
        fpt_appraisal_free(p);
        fpt_scenario_free(s);
        fpt_scenario_free(plain);
        fpt_model_free(m);
    }
}
