/* SPDX-License-Identifier: MIT */
/*
 * The reusable solver of sweeps (fpt_solver: warm starts, presolve off, the MIP skipped when
 * the LP relaxation is integral) agrees with exhaustive enumeration and with the cold
 * fpt_solve() on a long sequence of random models solved one after another on one solver —
 * shapes changing and repeating, coupled through budget and pools, with locks and ties.
 */
#include <math.h>
#include <string.h>

#include <criterion/criterion.h>

#include "brute.h"
#include "builder.h"
#include "footprint/solve.h"

enum { N_SEQUENCES = 40, PER_SEQUENCE = 8 };

static void expect_agrees(fpt_solver *sv, const fpt_appraisal *a, size_t case_no, size_t *ties)
{
    fpt_test_brute b;
    fpt_test_brute_solve(a, &b);
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_solution *warm = NULL, *cold = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_solver_solve(sv, a, &o, &warm, &err), FPT_OK, "case %zu: %s", case_no,
                 err.message);
    cr_assert_eq(fpt_solve(a, &o, &cold, &err), FPT_OK);
    cr_expect_eq(warm->result, cold->result, "case %zu", case_no);
    cr_expect_eq(warm->result == FPT_RESULT_OPTIMAL, b.feasible, "case %zu", case_no);
    if (b.feasible && warm->result == FPT_RESULT_OPTIMAL) {
        cr_expect_arr_eq(warm->level, b.level, a->n_functions * sizeof *b.level,
                         "case %zu: the tie rule's plan", case_no);
        cr_expect(fabs(warm->objective - b.objective) <= 1e-9 * fmax(1, fabs(b.objective)));
        cr_expect_eq(warm->tied, b.n_tied > 1, "case %zu", case_no);
        *ties += b.n_tied > 1;
    }
    if (!b.feasible) {
        cr_expect_eq(warm->n_clashes, cold->n_clashes, "case %zu: same explanation", case_no);
    }
    fpt_solution_free(warm);
    fpt_solution_free(cold);
}

Test(solver, warm_reuse_agrees_with_enumeration_and_the_cold_solve)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 0x5eedu);
    size_t cases = 0, ties = 0;
    for (size_t q = 0; q < N_SEQUENCES; q++) {
        fpt_solver *sv = NULL;
        cr_assert_eq(fpt_solver_create(&sv, NULL), FPT_OK);
        fpt_test_model_spec ms = {.n_functions = 6, .n_pools = 2, .link_prob = 0.3};
        fpt_model *m = fpt_test_model_random(&r, &ms);
        for (size_t i = 0; i < PER_SEQUENCE; i++, cases++) {
            /* Same model, varying scenarios: the shape repeats, so the programme is reused. */
            fpt_test_scenario_spec ss = {
                .n_levels = 4, .coupled = i % 2 == 1, .lock_prob = i % 3 == 0 ? 0.5 : 0};
            fpt_scenario *s = fpt_test_scenario_random(&r, m, &ss);
            if (i % 4 == 3) { /* all weights zero: every plan ties */
                memset(s->weight, 0, sizeof s->weight);
            }
            fpt_appraisal *a = fpt_test_appraise(m, s);
            expect_agrees(sv, a, cases, &ties);
            fpt_appraisal_free(a);
            fpt_scenario_free(s);
        }
        fpt_model_free(m);
        fpt_solver_free(sv);
    }
    cr_expect_geq(ties, 20, "ties exercised (%zu)", ties);
    fpt_solve_thread_exit();
}
