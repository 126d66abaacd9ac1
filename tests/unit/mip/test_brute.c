/* SPDX-License-Identifier: MIT */
/*
 * The MIP against exhaustive enumeration (tests/support/brute.c) on tiny random models:
 * the same verdict (plan or none), the same level vector under the tie rule, the same
 * objective within 1e-9 relative. Then models built to tie exactly, where only the tie
 * rule of docs/model.md decides, and one whose best two plans differ by a little more than
 * the tie tolerance, where it must not.
 *
 * The solver runs through fpt_test_solve(), which aborts on a failed solve: Criterion runs
 * each test in its own process, so that fails only the test.
 */
#include <math.h>
#include <stdio.h>

#include <criterion/criterion.h>

#include "brute.h"
#include "builder.h"
#include "footprint/solve.h"

enum { N_RANDOM = 360, N_FUNCTIONS = 6 };

typedef struct tally {
    int models, feasible, infeasible, coupled, locked, small_levels, tied;
} tally;

static void format_levels(char *buf, size_t size, const size_t *level, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t f = 0; f < n && used < size; f++) {
        int w = snprintf(buf + used, size - used, "%s%zu", f > 0 ? "," : "", level[f]);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* Solve a and compare with enumeration; what names the instance in messages. */
static void check_against_brute(const fpt_appraisal *a, const char *what, tally *t)
{
    fpt_test_brute b;
    fpt_test_brute_solve(a, &b);
    fpt_solution *sol = fpt_test_solve(a);
    if (!b.feasible) {
        cr_expect_eq(sol->result, FPT_RESULT_INFEASIBLE,
                     "%s: brute force finds no plan, the "
                     "solver says %s",
                     what, fpt_result_name(sol->result));
        cr_expect_gt(sol->n_clashes, 0, "%s: infeasible without a reason", what);
        t->infeasible++;
        fpt_solution_free(sol);
        return;
    }
    t->feasible++;
    t->tied += b.n_tied > 1;
    cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL,
                 "%s: brute force finds a plan (z* = %.6f), "
                 "the solver says %s",
                 what, b.objective, fpt_result_name(sol->result));
    char got[64], want[64];
    format_levels(got, sizeof got, sol->level, a->n_functions);
    format_levels(want, sizeof want, b.level, a->n_functions);
    bool same = true;
    for (size_t f = 0; f < a->n_functions; f++) {
        same &= sol->level[f] == b.level[f];
    }
    double tol = FPT_TEST_TIE_REL * fmax(1.0, fabs(b.objective));
    cr_expect(same,
              "%s: solver plan (%s) objective %.6f, brute force (%s) objective %.6f, "
              "%zu tied",
              what, got, sol->objective, want, b.objective, b.n_tied);
    cr_expect(fabs(sol->objective - b.objective) <= tol, "%s: objective %.9f vs %.9f", what,
              sol->objective, b.objective);
    cr_expect(sol->eval.feasible, "%s: the solver's plan breaks a constraint", what);
    cr_expect_eq(sol->tied, b.n_tied > 1, "%s: tied %d, brute force finds %zu plans within tau",
                 what, sol->tied, b.n_tied);
    fpt_solution_free(sol);
}

static void random_instance(fpt_test_rng *r, int i, tally *t)
{
    fpt_test_model_spec ms = {.n_functions = N_FUNCTIONS, .n_pools = 2, .link_prob = 0.3};
    fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = i % 3 == 1, .lock_prob = 0.25};
    if (i % 5 == 4) {
        ss.n_levels = (size_t)fpt_test_rng_int(r, 2, 3);
    }
    fpt_model *m = fpt_test_model_random(r, &ms);
    fpt_scenario *s = fpt_test_scenario_random(r, m, &ss);
    if (i % 12 == 7) { /* coupled and squeezed: often no plan at all */
        fpt_test_scenario_couple(r, s, m);
        s->allowance_per_head_gbp *= fpt_test_rng_uniform(r, 0.6, 1.0);
        ss.coupled = true;
    }
    char msg[512];
    cr_assert(fpt_test_validate(m, s, msg, sizeof msg), "instance %d invalid: %s", i, msg);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    char what[64];
    snprintf(what, sizeof what, "instance %d", i);
    check_against_brute(a, what, t);
    t->models++;
    t->coupled += ss.coupled;
    t->locked += s->n_locks > 0;
    t->small_levels += ss.n_levels < 4;
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(solve_brute, random_tiny_models_agree_with_enumeration)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 20130401);
    tally t = {0};
    for (int i = 0; i < N_RANDOM; i++) {
        random_instance(&r, i, &t);
    }
    cr_log_info("brute: %d models (%d coupled, %d locked, %d with 2-3 levels): %d feasible, "
                "%d infeasible, %d tied",
                t.models, t.coupled, t.locked, t.small_levels, t.feasible, t.infeasible, t.tied);
    cr_expect_geq(t.models, 300);
    cr_expect_geq(t.coupled, 100, "coupled instances: %d", t.coupled);
    cr_expect_geq(t.locked, 50, "locked instances: %d", t.locked);
    cr_expect_geq(t.small_levels, 50);
    cr_expect_geq(t.infeasible, 10, "infeasible verdicts exercised: %d", t.infeasible);
    cr_expect_geq(t.feasible, 250);
}

/*
 * Two identical functions that both prefer local (knowledge .5 and visibility .4 of S_f
 * against scale β = .905), drawing half their staff from pool p0, whose supply fits one
 * of them local and the other national but not both local. (local, national) and
 * (national, local) cost exactly the same; the tie rule picks f0 local.
 */
static fpt_model *twin_model(void)
{
    fpt_model *m = fpt_test_model_new(2, 1);
    for (size_t f = 0; f < 2; f++) {
        fpt_test_model_staff(m, f, 1, 40000);
        fpt_test_model_ratings(m, f, (const int[]){4, 4, 0, 4, 0, 4, 0, 0});
        fpt_test_model_add_draw(m, f, 0, 1.0);
    }
    return m;
}

static fpt_scenario *twin_scenario(const fpt_model *m, const fpt_appraisal *unlimited)
{
    fpt_scenario *s = fpt_test_scenario_standard(m, 0x9); /* local and national */
    double local = fpt_appraisal_scarce(unlimited, 0, 0, 0);
    double national = fpt_appraisal_scarce(unlimited, 0, 1, 0);
    /* one local and one national: local + national; both local: 2 local; halfway between */
    fpt_test_scenario_supply(s, 0, true, 1.5 * local + 0.5 * national, 1000);
    return s;
}

Test(solve_brute, identical_functions_sharing_a_pool_tie_and_first_goes_local)
{
    fpt_model *m = twin_model();
    fpt_scenario *probe = fpt_test_scenario_standard(m, 0x9);
    fpt_appraisal *pa = fpt_test_appraise(m, probe);
    cr_assert_gt(fpt_appraisal_scarce(pa, 0, 0, 0), fpt_appraisal_scarce(pa, 0, 1, 0));
    fpt_scenario *s = twin_scenario(m, pa);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_test_brute b;
    fpt_test_brute_solve(a, &b);
    cr_assert(b.feasible);
    cr_expect_eq(b.n_tied, 2, "the two mirror plans and nothing else");
    fpt_solution *sol = fpt_test_solve(a);
    cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL);
    cr_expect(sol->level[0] == 0 && sol->level[1] == 1, "plan (%zu, %zu), expected (0, 1)",
              sol->level[0], sol->level[1]);
    cr_expect(sol->tied, "the mirror plan is an exact tie");
    tally t = {0};
    check_against_brute(a, "twins", &t);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_appraisal_free(pa);
    fpt_scenario_free(probe);
    fpt_model_free(m);
}

/*
 * All weights 0: every plan costs £0, so every feasible plan is tied and the answer is the
 * lexicographically smallest feasible one: all local when nothing binds, otherwise the
 * first plan in order that the budget, pools and locks admit.
 */
Test(solve_brute, zero_weights_give_the_smallest_feasible_plan)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 7);
    int checked = 0, not_all_local = 0;
    for (int i = 0; i < 40; i++) {
        fpt_test_model_spec ms = {.n_functions = 5, .n_pools = 2, .link_prob = 0.3};
        fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = i % 2 == 1, .lock_prob = 0.3};
        fpt_model *m = fpt_test_model_random(&r, &ms);
        fpt_scenario *s = fpt_test_scenario_random(&r, m, &ss);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            s->weight[k] = 0;
        }
        fpt_appraisal *a = fpt_test_appraise(m, s);
        fpt_test_brute b;
        fpt_test_brute_solve(a, &b);
        if (b.feasible && b.n_feasible > 1) {
            char what[64];
            snprintf(what, sizeof what, "zero weights %d", i);
            tally t = {0};
            check_against_brute(a, what, &t);
            cr_expect_eq(b.n_tied, b.n_feasible);
            checked++;
            for (size_t f = 0; f < a->n_functions; f++) {
                if (b.level[f] != 0) {
                    not_all_local++;
                    break;
                }
            }
        }
        fpt_appraisal_free(a);
        fpt_scenario_free(s);
        fpt_model_free(m);
    }
    cr_expect_geq(checked, 30, "zero-weight instances checked: %d", checked);
    cr_expect_geq(not_all_local, 5, "instances where a constraint moved the answer: %d",
                  not_all_local);
}

/*
 * Zero weights only on the terms that differ between levels: β = 1, no minimum team, no
 * scarcity, so T6 = S_f at every level and only T1, T2, T3, T7, T8 vary; with those weighted
 * 0 every plan costs Σ S_f, a non-zero tie. A budget between the cheapest and the all-local
 * running cost makes the tie rule pick the first affordable plan.
 */
Test(solve_brute, zero_weights_on_the_varying_terms_tie_at_a_nonzero_objective)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 11);
    int checked = 0;
    for (int i = 0; i < 20; i++) {
        fpt_test_model_spec ms = {.n_functions = 5, .n_pools = 0, .link_prob = 0.4};
        fpt_model *m = fpt_test_model_random(&r, &ms);
        for (size_t f = 0; f < m->n_functions; f++) {
            m->functions[f].rating[FPT_K_SCALE] = 0;
            m->functions[f].rating[FPT_K_MIN_TEAM] = 0;
        }
        fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = true, .lock_prob = 0};
        fpt_scenario *s = fpt_test_scenario_random(&r, m, &ss);
        int varying[] = {FPT_K_KNOWLEDGE, FPT_K_VISIBILITY, FPT_K_LINKS, FPT_K_DUPLICATION,
                         FPT_K_DEVELOPMENT};
        for (size_t j = 0; j < sizeof varying / sizeof varying[0]; j++) {
            s->weight[varying[j]] = 0;
        }
        fpt_appraisal *a = fpt_test_appraise(m, s);
        fpt_test_brute b;
        fpt_test_brute_solve(a, &b);
        if (b.feasible && b.n_feasible > 1) {
            cr_expect_gt(b.objective, 1e6, "the tie is at Σ S_f, not 0");
            cr_expect_eq(b.n_tied, b.n_feasible);
            char what[64];
            snprintf(what, sizeof what, "varying terms unweighted %d", i);
            tally t = {0};
            check_against_brute(a, what, &t);
            checked++;
        }
        fpt_appraisal_free(a);
        fpt_scenario_free(s);
        fpt_model_free(m);
    }
    cr_expect_geq(checked, 15, "instances checked: %d", checked);
}

/*
 * The twins again, with f1's salary raised by a hair so that (national, local) is better
 * than (local, national) by about 10 tau: more than the tie tolerance, so there is no tie
 * and the better plan must be reported even though it is lexicographically larger.
 */
Test(solve_brute, near_tie_beyond_tau_is_not_a_tie)
{
    fpt_model *m = twin_model();
    fpt_scenario *probe = fpt_test_scenario_standard(m, 0x9);
    fpt_appraisal *pa = fpt_test_appraise(m, probe);
    fpt_scenario *s = twin_scenario(m, pa);
    fpt_appraisal *a0 = fpt_test_appraise(m, s);
    fpt_plan_eval lo_hi, hi_lo;
    fpt_appraisal_eval(a0, (const size_t[]){0, 1}, &lo_hi, NULL);
    double gain = fpt_appraisal_cell(a0, 1, 1)->objective - fpt_appraisal_cell(a0, 1, 0)->objective;
    double eps = 10 * FPT_TEST_TIE_REL * lo_hi.objective / gain;
    m->functions[1].salary_gbp *= 1 + eps;
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_appraisal_eval(a, (const size_t[]){0, 1}, &lo_hi, NULL);
    fpt_appraisal_eval(a, (const size_t[]){1, 0}, &hi_lo, NULL);
    double rel = (lo_hi.objective - hi_lo.objective) / hi_lo.objective;
    cr_assert(rel > 3 * FPT_TEST_TIE_REL && rel < 30 * FPT_TEST_TIE_REL,
              "set-up: relative difference %.3g", rel);
    fpt_test_brute b;
    fpt_test_brute_solve(a, &b);
    cr_assert(b.feasible && b.n_tied == 1 && b.level[0] == 1 && b.level[1] == 0);
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_solution *sol = NULL;
    fpt_error err = {0};
    fpt_status st = fpt_solve(a, &o, &sol, &err);
    cr_expect_eq(st, FPT_OK, "fpt_solve failed (status %d): %s", (int)st, err.message);
    if (st == FPT_OK) {
        cr_expect(sol->level[0] == 1 && sol->level[1] == 0 && !sol->tied,
                  "plan (%zu, %zu) tied %d; expected (1, 0), no tie", sol->level[0], sol->level[1],
                  sol->tied);
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_appraisal_free(a0);
    fpt_scenario_free(s);
    fpt_appraisal_free(pa);
    fpt_scenario_free(probe);
    fpt_model_free(m);
}
