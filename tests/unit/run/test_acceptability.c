/* SPDX-License-Identifier: MIT */
/*
 * The acceptability tally (fpt_sweep_acceptability), the one rule the sweep summary and the
 * HTML report share, on a run made by hand: only scenarios with a plan count, level counts
 * per function, nearest-rank percentiles of the running cost per head worked out by hand, the
 * plan row, and no plan at all.
 */
#include <math.h>

#include <criterion/criterion.h>

#include "footprint/sweep.h"

/* Five scenarios of two functions on three levels; scenario 3 failed, scenario 4 infeasible. */
static fpt_sweep_run *hand_run(void)
{
    fpt_sweep_run *run = NULL;
    cr_assert_eq(fpt_sweep_run_create(5, 2, 0, &run), FPT_OK);
    static const size_t level0[5] = {0, 1, 1, 2, 0};
    static const double cost0[5] = {40, 10, 30, 99, 99};
    for (size_t i = 0; i < 5; i++) {
        fpt_sweep_result *r = &run->results[i];
        r->done = true;
        r->status = i == 3 ? FPT_EINVALID : FPT_OK;
        r->result =
            i == 4 ? FPT_RESULT_INFEASIBLE : (i == 2 ? FPT_RESULT_LIMIT : FPT_RESULT_OPTIMAL);
        r->population = 10;
        r->level[0] = level0[i];
        r->level[1] = 2;
        r->function_cost_gbp[0] = cost0[i];
        r->function_cost_gbp[1] = 5;
        r->cost_gbp = cost0[i] + 5;
    }
    return run;
}

Test(acceptability, counts_levels_of_the_scenarios_with_a_plan)
{
    fpt_sweep_run *run = hand_run();
    fpt_acceptability t;
    cr_assert_eq(fpt_sweep_acceptability(run, 3, 0, &t), FPT_OK);
    cr_expect_eq(t.n_plans, 3, "scenarios 0, 1 and 2 (a time-limit plan counts)");
    cr_expect_eq(t.count[0], 1);
    cr_expect_eq(t.count[1], 2);
    cr_expect_eq(t.count[2], 0, "the failed scenario's level is not counted");
    /* per head: 4, 1, 3 → sorted 1, 3, 4; nearest rank ceil(p/100 × 3): p5 → 1, p25 → 1,
     * p50 → 2, p75 → 3, p95 → 3. */
    static const double expected[FPT_N_PERCENTILES] = {1, 1, 3, 4, 4};
    for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
        cr_expect_eq(t.cost_per_head_gbp[p], expected[p], "p%g", fpt_sweep_percentile(p));
    }
    fpt_acceptability_clear(&t);
    cr_expect_null(t.count);
    fpt_sweep_run_free(run);
}

Test(acceptability, the_plan_row_has_no_level_counts)
{
    fpt_sweep_run *run = hand_run();
    fpt_acceptability t;
    cr_assert_eq(fpt_sweep_acceptability(run, 3, run->n_functions, &t), FPT_OK);
    cr_expect_eq(t.n_plans, 3);
    cr_expect_eq(t.count[0] + t.count[1] + t.count[2], 0);
    cr_expect_eq(t.cost_per_head_gbp[2], 3.5, "median of 4.5, 1.5, 3.5");
    fpt_acceptability_clear(&t);
    fpt_sweep_run_free(run);
}

Test(acceptability, no_plan_gives_no_percentile)
{
    fpt_sweep_run *run = hand_run();
    for (size_t i = 0; i < run->n_scenarios; i++) {
        run->results[i].result = FPT_RESULT_INFEASIBLE;
    }
    fpt_acceptability t;
    cr_assert_eq(fpt_sweep_acceptability(run, 3, 1, &t), FPT_OK);
    cr_expect_eq(t.n_plans, 0);
    for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
        cr_expect(isnan(t.cost_per_head_gbp[p]));
    }
    cr_expect_eq(fpt_sweep_percentile(0), 5.0);
    cr_expect_eq(fpt_sweep_percentile(4), 95.0);
    cr_expect(isnan(fpt_sweep_percentile(FPT_N_PERCENTILES)));
    fpt_acceptability_clear(&t);
    fpt_sweep_run_free(run);
}
