/* SPDX-License-Identifier: MIT */
/*
 * Weight stability: the breakpoint found for the twins matches the one computed by hand from
 * the appraisal, and on the England model every reported interval and change holds when
 * re-solved independently (the plan unchanged inside, the function moved at its change). The
 * band search: the twins' breakpoint found exactly, and on random models no move a grid of
 * solves sees is missed, and every move reported holds just beyond its weight.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <criterion/criterion.h>

#include "builder.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/solve.h"
#include "footprint/stability.h"

static fpt_model *model;
static fpt_scenario *scenario;

static void load(const char *m, const char *s)
{
    fpt_xml_init();
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert_eq(fpt_model_load(m, &model, &d, &err), FPT_OK, "%s", err.message);
    cr_assert_eq(fpt_scenario_load(s, model, &scenario, &d, &err), FPT_OK, "%s", err.message);
    fpt_diags_clear(&d);
}

static void unload(void)
{
    fpt_scenario_free(scenario);
    fpt_model_free(model);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

/* The plan at weight w for criterion k. */
/* Weight k of the scenario: a criterion's, or the transition's at FPT_T_TRANSITION. */
static double *weight_at(int k)
{
    return k == FPT_T_TRANSITION ? &scenario->transition.weight : &scenario->weight[k];
}

static void plan_at(int k, double w, size_t *level)
{
    double saved = *weight_at(k);
    *weight_at(k) = w;
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_error err = {0};
    cr_assert_eq(fpt_appraisal_build(model, scenario, &a, &err), FPT_OK);
    cr_assert_eq(fpt_solve(a, &o, &sol, &err), FPT_OK);
    cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL);
    memcpy(level, sol->level, model->n_functions * sizeof *level);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    *weight_at(k) = saved;
}

Test(stability, twins_breakpoint_matches_the_hand_computed_weight)
{
    load(FPT_TEST_DATA "/twins-model.xml", FPT_TEST_DATA "/twins-base.xml");
    fpt_appraisal *a = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_appraisal_build(model, scenario, &a, &err), FPT_OK);
    /* Each twin alone: local (0) against national (1); T1 is the only term weighted here. */
    const fpt_cell *loc = fpt_appraisal_cell(a, 0, 0), *nat = fpt_appraisal_cell(a, 0, 1);
    double rest_loc = loc->objective - loc->term_gbp[FPT_K_KNOWLEDGE];
    double rest_nat = nat->objective - nat->term_gbp[FPT_K_KNOWLEDGE];
    double w_star =
        (rest_loc - rest_nat) / (nat->term_gbp[FPT_K_KNOWLEDGE] - loc->term_gbp[FPT_K_KNOWLEDGE]);
    fpt_appraisal_free(a);
    cr_assert(w_star > 1 && w_star < 10, "the example needs a breakpoint in range: %g", w_star);

    fpt_stability_options o;
    fpt_stability_options_init(&o);
    o.threads = 2;
    fpt_stability *st = NULL;
    cr_assert_eq(fpt_stability_run(model, scenario, &o, &st, &err), FPT_OK);
    const fpt_criterion_stability *c = &st->criterion[FPT_K_KNOWLEDGE];
    double tol = o.tolerance * c->range_max;
    cr_assert_eq(c->status, FPT_OK);
    cr_expect(!c->lo_change && c->plan_lo == 0, "no change below the base");
    cr_expect(c->hi_change);
    cr_expect(fabs(c->plan_hi - w_star) <= 2 * tol, "plan_hi %.6f, by hand %.6f", c->plan_hi,
              w_star);
    for (size_t f = 0; f < 2; f++) {
        cr_expect(c->above[f].found && c->above[f].level == 0, "twin %zu goes local", f);
        cr_expect(fabs(c->above[f].weight - w_star) <= tol, "twin %zu at %.6f, by hand %.6f", f,
                  c->above[f].weight, w_star);
        cr_expect(!c->below[f].found);
    }
    fpt_stability_free(st);
    unload();
}

Test(stability, england_intervals_and_changes_hold_when_resolved)
{
    load(FPT_SOURCE_DIR "/models/england2013.xml", FPT_SOURCE_DIR "/scenarios/hub5m.xml");
    fpt_stability_options o;
    fpt_stability_options_init(&o);
    o.grid = 11;
    o.tolerance = 1e-3;
    fpt_stability *st = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_stability_run(model, scenario, &o, &st, &err), FPT_OK);
    size_t n = model->n_functions, base[256], level[256];
    plan_at(0, scenario->weight[0], base);
    size_t checked = 0;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        const fpt_criterion_stability *c = &st->criterion[k];
        cr_assert_eq(c->status, FPT_OK);
        cr_expect(c->plan_lo <= c->base && c->base <= c->plan_hi);
        for (int i = 0; i <= 2; i++) { /* inside the interval: the base plan */
            plan_at(k, c->plan_lo + (c->plan_hi - c->plan_lo) * i / 2.0, level);
            cr_expect_arr_eq(level, base, n * sizeof *level, "%s at a weight inside",
                             fpt_term_id(k));
        }
        for (size_t f = 0; f < n; f++) { /* at each reported change: moved as reported */
            const fpt_weight_change *sides[2] = {&c->below[f], &c->above[f]};
            for (int side = 0; side < 2; side++) {
                if (sides[side]->found) {
                    plan_at(k, sides[side]->weight, level);
                    cr_expect_eq(level[f], sides[side]->level, "%s, function %zu", fpt_term_id(k),
                                 f);
                    checked++;
                }
            }
        }
    }
    cr_expect_gt(checked, 8, "changes were found and checked (%zu)", checked);
    fpt_stability_free(st);
    unload();
}

/* ---- the band: every optimal plan within ±band of each weight ---------------------------- */

Test(stability_band, twins_breakpoint_is_found_exactly_inside_the_band)
{
    load(FPT_TEST_DATA "/twins-model.xml", FPT_TEST_DATA "/twins-base.xml");
    fpt_appraisal *a = NULL;
    fpt_error err = {0};
    cr_assert_eq(fpt_appraisal_build(model, scenario, &a, &err), FPT_OK);
    const fpt_cell *loc = fpt_appraisal_cell(a, 0, 0), *nat = fpt_appraisal_cell(a, 0, 1);
    double rest_loc = loc->objective - loc->term_gbp[FPT_K_KNOWLEDGE];
    double rest_nat = nat->objective - nat->term_gbp[FPT_K_KNOWLEDGE];
    double w_star =
        (rest_loc - rest_nat) / (nat->term_gbp[FPT_K_KNOWLEDGE] - loc->term_gbp[FPT_K_KNOWLEDGE]);
    fpt_appraisal_free(a);
    scenario->weight[FPT_K_KNOWLEDGE] = w_star / 1.05; /* the change 5% above the base */
    fpt_stability_options o;
    fpt_stability_options_init(&o);
    o.threads = 2;
    fpt_stability *st = NULL;
    cr_assert_eq(fpt_stability_band_run(model, scenario, &o, 0.1, NULL, &st, &err), FPT_OK);
    const fpt_criterion_stability *c = &st->criterion[FPT_K_KNOWLEDGE];
    cr_assert_eq(c->status, FPT_OK);
    cr_expect(fabs(c->range_min - 0.9 * c->base) < 1e-12 &&
              fabs(c->range_max - 1.1 * c->base) < 1e-12);
    cr_expect(c->hi_change && !c->lo_change);
    cr_expect(fabs(c->plan_hi - w_star) <= 1e-9 * w_star, "plan_hi %.12f, by hand %.12f",
              c->plan_hi, w_star);
    for (size_t f = 0; f < 2; f++) {
        cr_expect(c->above[f].found && c->above[f].level == 0, "twin %zu goes local", f);
        cr_expect(fabs(c->above[f].weight - w_star) <= 1e-9 * w_star, "twin %zu at %.12f", f,
                  c->above[f].weight);
        cr_expect(!c->below[f].found);
    }
    fpt_stability_free(st);
    cr_expect_eq(fpt_stability_band_run(model, scenario, &o, 1.0, NULL, &st, &err), FPT_EUSAGE);
    cr_expect_null(st);
    unload();
}

/* Each side of criterion k's band, on a grid: the first grid weight at which each function
 * sits elsewhere must be at or beyond the change the band search reports (so none is missed),
 * and just beyond each reported change the function must sit where reported, just inside it
 * where it was. */
static size_t check_band_side(const fpt_criterion_stability *c, int k, bool above,
                              const size_t *base)
{
    size_t n = model->n_functions, level[256], seen = 0;
    bool first[256] = {false};
    const fpt_weight_change *ch = above ? c->above : c->below;
    double end = above ? c->range_max : c->range_min;
    for (int j = 1; j <= 30; j++) {
        double w = c->base + (end - c->base) * j / 30.0;
        plan_at(k, w, level);
        for (size_t f = 0; f < n; f++) {
            if (level[f] != base[f] && !first[f]) {
                first[f] = true;
                cr_expect(ch[f].found, "%s: f%zu moves at %.9f, not reported", fpt_term_id(k), f,
                          w);
                cr_expect(!ch[f].found || fabs(ch[f].weight - c->base) <= fabs(w - c->base) + 1e-12,
                          "%s: f%zu reported at %.9f, seen at %.9f", fpt_term_id(k), f,
                          ch[f].weight, w);
            }
        }
    }
    /* far enough from the crossing for the two plans to differ by more than the tie tolerance */
    double eps = 1e-5 * c->base * (above ? 1 : -1);
    for (size_t f = 0; f < n; f++) {
        if (ch[f].found) {
            plan_at(k, ch[f].weight + eps, level);
            cr_expect_eq(level[f], ch[f].level, "%s: f%zu just beyond its change at %.9f",
                         fpt_term_id(k), f, ch[f].weight);
            plan_at(k, ch[f].weight - eps, level);
            cr_expect(level[f] == base[f] || fabs(ch[f].weight - c->base) < 1e-4 * c->base,
                      "%s: f%zu just inside its change", fpt_term_id(k), f);
            seen++;
        }
    }
    return seen;
}

/* Random models, with a random transition (docs/model.md M15) when asked: the band of every
 * weight, the transition's too, misses no move. Returns the changes checked. */
static size_t random_bands(uint64_t seed, bool transition, size_t *by_transition)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, seed);
    size_t changes = 0;
    for (int i = 0; i < 12; i++) {
        fpt_test_model_spec ms = {.n_functions = 6, .n_pools = 2, .link_prob = 0.4};
        fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = i % 2 == 1, .lock_prob = 0};
        model = fpt_test_model_random(&r, &ms);
        scenario = fpt_test_scenario_random(&r, model, &ss);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            scenario->weight[k] = fpt_test_rng_uniform(&r, 0.5, 2);
        }
        if (transition) {
            fpt_test_scenario_transition(
                scenario, fpt_test_rng_uniform(&r, 2, 24), fpt_test_rng_uniform(&r, 1, 12),
                fpt_test_rng_uniform(&r, 0, 6), fpt_test_rng_uniform(&r, 0.5, 2));
        }
        fpt_stability_options o;
        fpt_stability_options_init(&o);
        o.threads = 1;
        fpt_stability *st = NULL;
        fpt_error err = {0};
        fpt_appraisal *a = NULL;
        fpt_solution *sol = NULL;
        if (i % 2 == 0) { /* the base plan given, or solved by the search itself */
            cr_assert_eq(fpt_appraisal_build(model, scenario, &a, &err), FPT_OK);
            cr_assert_eq(fpt_solve(a, &o.solve, &sol, &err), FPT_OK);
        }
        cr_assert_eq(fpt_stability_band_run(model, scenario, &o, 0.3, sol, &st, &err), FPT_OK);
        fpt_solution_free(sol);
        fpt_appraisal_free(a);
        size_t base[256];
        plan_at(0, scenario->weight[0], base);
        for (int k = 0; k < (transition ? FPT_N_TERMS : FPT_N_CRITERIA); k++) {
            cr_assert_eq(st->criterion[k].status, FPT_OK);
            size_t seen = check_band_side(&st->criterion[k], k, false, base) +
                          check_band_side(&st->criterion[k], k, true, base);
            changes += seen;
            *by_transition += k == FPT_T_TRANSITION ? seen : 0;
        }
        if (!transition) {
            cr_expect_eq(st->criterion[FPT_T_TRANSITION].base, 0, "no transition, no band");
        }
        fpt_stability_free(st);
        fpt_scenario_free(scenario);
        fpt_model_free(model);
    }
    fpt_solve_thread_exit();
    return changes;
}

Test(stability_band, random_models_no_move_within_the_band_is_missed)
{
    size_t by_transition = 0, changes = random_bands(31, false, &by_transition);
    cr_log_info("band: %zu changes checked", changes);
    cr_expect_geq(changes, 10, "changes found and checked: %zu", changes);
}

/* The transition's weight has a band of its own; its moves are checked like the criteria's. */
Test(stability_band, the_transition_weight_is_searched_too)
{
    size_t by_transition = 0, changes = random_bands(47, true, &by_transition);
    cr_log_info("band with a transition: %zu changes checked, %zu by its weight", changes,
                by_transition);
    cr_expect_geq(changes, 10, "changes found and checked: %zu", changes);
    cr_expect_geq(by_transition, 3, "changes by the transition's weight: %zu", by_transition);
}
