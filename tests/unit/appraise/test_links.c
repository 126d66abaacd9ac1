/* SPDX-License-Identifier: MIT */
/*
 * The links term of one function against a plan (fpt_appraisal_links_at, M9), the one rule
 * sizing curves and the plan evaluation share: moving a single function from its level to
 * another changes the plan's links total by exactly the difference of links_at at the two
 * levels, for every function, level and plan tried; and the per-function shares of a plan
 * add up to its total.
 */
#include <math.h>
#include <stdlib.h>

#include <criterion/criterion.h>

#include "footprint/appraise.h"
#include "footprint/load.h"

#define ENGLAND FPT_SOURCE_DIR "/models/england2013.xml"
#define HUB5M   FPT_SOURCE_DIR "/scenarios/hub5m.xml"

typedef struct fixture {
    fpt_model *m;
    fpt_scenario *s;
    fpt_appraisal *a;
} fixture;

static fixture load(void)
{
    fixture x = {0};
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_xml_init();
    cr_assert_eq(fpt_model_load(ENGLAND, &x.m, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_scenario_load(HUB5M, x.m, &x.s, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_appraisal_build(x.m, x.s, &x.a, &err), FPT_OK, "%s", err.message);
    fpt_diags_clear(&d);
    return x;
}

static void unload(fixture *x)
{
    fpt_appraisal_free(x->a);
    fpt_scenario_free(x->s);
    fpt_model_free(x->m);
    fpt_xml_cleanup();
}

static double links_total(const fpt_appraisal *a, const size_t *plan)
{
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, plan, &ev, NULL);
    return ev.term_gbp[FPT_K_LINKS];
}

/* A plan from a fixed linear congruential stream, so the test is the same every run. */
static void some_plan(size_t *plan, size_t n, size_t n_levels, unsigned *state)
{
    for (size_t f = 0; f < n; f++) {
        *state = *state * 1103515245u + 12345u;
        plan[f] = (*state >> 16) % n_levels;
    }
}

Test(links, moving_one_function_changes_the_total_by_links_at)
{
    fixture x = load();
    const fpt_appraisal *a = x.a;
    cr_assert_gt(a->n_pairs, 0, "the default model has links");
    size_t *plan = calloc(a->n_functions, sizeof *plan);
    unsigned state = 7;
    size_t checked = 0, nonzero = 0;
    for (int trial = 0; trial < 20; trial++) {
        some_plan(plan, a->n_functions, a->n_levels, &state);
        double before = links_total(a, plan);
        for (size_t f = 0; f < a->n_functions; f++) {
            size_t was = plan[f];
            for (size_t l = 0; l < a->n_levels; l++) {
                double expected =
                    fpt_appraisal_links_at(a, plan, f, l) - fpt_appraisal_links_at(a, plan, f, was);
                plan[f] = l;
                double change = links_total(a, plan) - before;
                plan[f] = was;
                cr_expect(fabs(change - expected) <= 1e-6 * fmax(1.0, fabs(before)),
                          "f %zu to level %zu: total moved %.6f, links_at says %.6f", f, l, change,
                          expected);
                checked++;
                nonzero += fabs(expected) > 0;
            }
        }
    }
    cr_expect_gt(nonzero, checked / 10, "most moves change some link");
    free(plan);
    unload(&x);
}

Test(links, shares_add_up_and_no_plan_means_no_links)
{
    fixture x = load();
    const fpt_appraisal *a = x.a;
    size_t *plan = calloc(a->n_functions, sizeof *plan);
    unsigned state = 11;
    some_plan(plan, a->n_functions, a->n_levels, &state);
    double shares = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        shares += fpt_appraisal_link_share(a, plan, f);
    }
    double total = links_total(a, plan);
    cr_expect(fabs(shares - total) <= 1e-9 * fmax(1.0, total), "%.6f vs %.6f", shares, total);
    cr_expect_eq(fpt_appraisal_links_at(a, NULL, 0, 1), 0.0);
    free(plan);
    unload(&x);
}
