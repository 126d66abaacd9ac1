/* SPDX-License-Identifier: MIT */
/*
 * Sizing curves on the eight-CCG test geography: each point's districting is the one
 * `districts --units K` finds; the point with two units reads the same figures as the
 * scenario whose hub level is that same partition read from a file; the links term is
 * worked from the pairs; the weighted total is the weighted sum of the terms; the best
 * point is the least; the curve is identical at one and two threads; ranges and levels
 * that make no sense are refused. On 24 synthetic points, K that the passes' budgets stop go
 * on to the same curve. The passes' schedule, played out in random orders, takes the plans a
 * barrier between passes would.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "builder.h"
#include "footprint/appraise.h"
#include "footprint/districts.h"
#include "footprint/geography.h"
#include "footprint/load.h"
#include "footprint/sizing.h"
#include "footprint/solve.h"
#include "run/sizing_passes.h"

typedef struct fixture {
    fpt_model *m;
    fpt_scenario *s;
    fpt_geography *g;
    size_t hub;
    size_t bi_data;
} fixture;

static fixture load_fixture_of(const char *scenario)
{
    fixture fx = {0};
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_xml_init();
    cr_assert(eq(int, fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &fx.m, &d, &err), FPT_OK),
              "%s", err.message);
    cr_assert(eq(int, fpt_scenario_load(scenario, fx.m, &fx.s, &d, &err), FPT_OK), "%s",
              err.message);
    cr_assert(eq(int, fpt_geography_load(fx.s->geography_path, &fx.g, &d, &err), FPT_OK), "%s",
              err.message);
    fx.hub = (size_t)fpt_scenario_find_level(fx.s, "hub");
    fx.bi_data = (size_t)fpt_model_find_function(fx.m, "bi-data");
    fpt_diags_clear(&d);
    return fx;
}

static fixture load_fixture(void)
{
    return load_fixture_of(FPT_TEST_DATA "/real-tiny.xml");
}

static void free_fixture(fixture *fx)
{
    fpt_geography_free(fx->g);
    fpt_scenario_free(fx->s);
    fpt_model_free(fx->m);
    fpt_solve_thread_exit();
}

static fpt_sizing *run(const fixture *fx, size_t k_min, size_t k_max, int threads)
{
    fpt_sizing_options o;
    fpt_sizing_options_init(&o);
    o.function = fx->bi_data;
    o.level = fx->hub;
    o.k_min = k_min;
    o.k_max = k_max;
    o.threads = threads;
    fpt_sizing *z = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_sizing_run(fx->m, fx->s, fx->g, &o, &z, &err), FPT_OK), "%s",
              err.message);
    return z;
}

static bool close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

Test(sizing, each_point_is_the_districting_of_its_k)
{
    fixture fx = load_fixture();
    fpt_sizing *z = run(&fx, 1, 8, 0);
    cr_assert(eq(sz, z->n_points, 8));
    for (size_t i = 0; i < z->n_points; i++) {
        const fpt_sizing_point *pt = &z->points[i];
        cr_assert(eq(sz, pt->k, i + 1));
        fpt_districts_options d;
        fpt_districts_options_init(&d);
        d.n_units = pt->k;
        d.target_pop = 0;
        fpt_partition *p = NULL;
        cr_assert(eq(int, fpt_districts_solve(fx.g, &d, &p, &(fpt_error){0}), FPT_OK));
        cr_assert(eq(int, (int)pt->districting, (int)p->result), "K = %zu", pt->k);
        cr_assert(eq(int, pt->partition != NULL, p->units != NULL), "K = %zu", pt->k);
        if (p->units != NULL) {
            cr_assert(close_to(pt->partition->objective, p->objective), "K = %zu", pt->k);
            double lo = INFINITY, hi = 0;
            for (size_t u = 0; u < p->n_units; u++) {
                lo = fmin(lo, p->units[u].pop);
                hi = fmax(hi, p->units[u].pop);
            }
            cr_assert(eq(dbl, pt->pop_min, lo));
            cr_assert(eq(dbl, pt->pop_max, hi));
            cr_assert(le(dbl, hi, p->pop_max));
            cr_assert(ge(dbl, lo, p->pop_min));
        }
        fpt_partition_free(p);
    }
    fpt_sizing_free(z);
    free_fixture(&fx);
}

/* The K = 2 districting is the partition file real-tiny.xml's hub level reads (it was
 * written by districts --units 2), so both paths must give the same figures. */
Test(sizing, two_units_match_the_scenario_with_that_partition)
{
    fixture fx = load_fixture();
    fpt_sizing *z = run(&fx, 2, 2, 1);
    const fpt_sizing_point *pt = &z->points[0];
    fpt_appraisal *a = NULL;
    cr_assert(eq(int, fpt_appraisal_build(fx.m, fx.s, &a, &(fpt_error){0}), FPT_OK));
    const fpt_cell *c = fpt_appraisal_cell(a, fx.bi_data, fx.hub);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        if (k != FPT_K_LINKS) {
            cr_assert(close_to(pt->term_gbp[k], c->term_gbp[k]), "criterion %d: %.17g vs %.17g", k,
                      pt->term_gbp[k], c->term_gbp[k]);
        }
    }
    cr_assert(close_to(pt->wte, c->wte));
    cr_assert(close_to(pt->distance_km, fx.s->levels[fx.hub].distance_km));
    cr_assert(close_to(pt->remoteness, a->remoteness[fx.hub]));
    cr_assert(close_to(pt->spread, a->spread[fx.hub]));
    fpt_appraisal_free(a);
    fpt_sizing_free(z);
    free_fixture(&fx);
}

/* T3 worked from the pairs: bi-data at the hub, its partners where the plan puts them. */
Test(sizing, links_term_is_the_whole_of_each_pair_against_the_plan)
{
    fixture fx = load_fixture();
    fpt_sizing *z = run(&fx, 2, 2, 1);
    cr_assert_not_null(z->plan->level);
    fpt_appraisal *a = NULL;
    cr_assert(eq(int, fpt_appraisal_build(fx.m, fx.s, &a, &(fpt_error){0}), FPT_OK));
    double expected = 0;
    size_t n_pairs = 0;
    for (size_t e = 0; e < a->n_pairs; e++) {
        const fpt_pair *p = &a->pairs[e];
        if (p->f != fx.bi_data && p->g != fx.bi_data) {
            continue;
        }
        size_t other = p->f == fx.bi_data ? p->g : p->f;
        expected +=
            p->coef_gbp * fabs(a->remoteness[fx.hub] - a->remoteness[z->plan->level[other]]);
        n_pairs++;
    }
    cr_assert(gt(sz, n_pairs, 0), "bi-data has links in tiny-model.xml");
    cr_assert(close_to(z->points[0].term_gbp[FPT_K_LINKS], expected), "%.17g vs %.17g",
              z->points[0].term_gbp[FPT_K_LINKS], expected);
    fpt_appraisal_free(a);
    fpt_sizing_free(z);
    free_fixture(&fx);
}

Test(sizing, totals_and_best)
{
    fixture fx = load_fixture();
    fpt_sizing *z = run(&fx, 1, 8, 0);
    long best = -1;
    for (size_t i = 0; i < z->n_points; i++) {
        const fpt_sizing_point *pt = &z->points[i];
        if (pt->partition == NULL) {
            continue;
        }
        double cost = 0, penalty = 0, weighted = 0;
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            bool pen = k == FPT_K_KNOWLEDGE || k == FPT_K_VISIBILITY || k == FPT_K_LINKS;
            if (pen) {
                penalty += pt->term_gbp[k];
            } else {
                cost += pt->term_gbp[k];
            }
            weighted += fx.s->weight[k] * pt->term_gbp[k];
        }
        cr_assert(close_to(pt->cost_per_head, cost / fx.s->population));
        cr_assert(close_to(pt->penalty_per_head, penalty / fx.s->population));
        cr_assert(close_to(pt->weighted_per_head, weighted / fx.s->population));
        if (best < 0 || pt->weighted_per_head < z->points[best].weighted_per_head) {
            best = (long)i;
        }
    }
    cr_assert(ge(long, best, 0));
    cr_assert(eq(long, z->best, best));
    fpt_sizing_free(z);
    free_fixture(&fx);
}

/* With a transition (docs/model.md M15) each point's cost and weighted total carry the
 * function's transition term at the sized level, weighted by w_T = 2. */
Test(sizing, totals_count_the_transition)
{
    fixture fx = load_fixture();
    fpt_test_scenario_transition(fx.s, 6, 3, 1.5, 2);
    fpt_sizing *z = run(&fx, 1, 8, 0);
    size_t moved = 0;
    for (size_t i = 0; i < z->n_points; i++) {
        const fpt_sizing_point *pt = &z->points[i];
        if (pt->partition == NULL) {
            continue;
        }
        double cost = pt->transition_gbp, weighted = 2 * pt->transition_gbp;
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            cost += fpt_criterion_is_penalty(k) ? 0.0 : pt->term_gbp[k];
            weighted += fx.s->weight[k] * pt->term_gbp[k];
        }
        cr_assert(close_to(pt->cost_per_head, cost / fx.s->population));
        cr_assert(close_to(pt->weighted_per_head, weighted / fx.s->population));
        moved += pt->transition_gbp > 0;
    }
    cr_expect(gt(sz, moved, 0), "no point pays a transition");
    fpt_sizing_free(z);
    free_fixture(&fx);
}

Test(sizing, same_curve_at_one_and_two_threads)
{
    fixture fx = load_fixture();
    fpt_sizing *one = run(&fx, 1, 8, 1);
    fpt_sizing *two = run(&fx, 1, 8, 2);
    cr_assert(eq(long, one->best, two->best));
    for (size_t i = 0; i < one->n_points; i++) {
        const fpt_sizing_point *a = &one->points[i], *b = &two->points[i];
        cr_assert(eq(int, (int)a->districting, (int)b->districting));
        cr_assert(eq(int, memcmp(a->term_gbp, b->term_gbp, sizeof a->term_gbp), 0), "K = %zu",
                  a->k);
        cr_assert(eq(int, memcmp(&a->weighted_per_head, &b->weighted_per_head, sizeof(double)), 0));
    }
    fpt_sizing_free(one);
    fpt_sizing_free(two);
    free_fixture(&fx);
}

/* The numbers of units K whose districting of fx's geography, stopped after one evaluation of
   its bound, is kept to go on with: those the first pass of a run with budgets scaled to 1
   stops and the next ones go on with. */
static size_t stopped_at_one_evaluation(const fixture *fx, size_t k_min, size_t k_max)
{
    size_t stopped = 0;
    for (size_t k = k_min; k <= k_max; k++) {
        fpt_districts_options d;
        fpt_districts_options_init(&d);
        d.n_units = k;
        d.target_pop = 0;
        d.max_evals = 1;
        fpt_districts_search *search = NULL;
        fpt_partition *p = NULL;
        cr_assert(eq(int, fpt_districts_solve_on(fx->g, &d, &search, &p, &(fpt_error){0}), FPT_OK));
        stopped += p->result == FPT_DISTRICTS_LIMIT && search != NULL;
        fpt_districts_search_free(search);
        fpt_partition_free(p);
    }
    return stopped;
}

/*
 * With the passes' budgets scaled down to 1, 10, 20, ... (the test hook
 * FPT_TEST_SIZING_EVALS), the 24 synthetic points' K that the first pass stops go on with
 * their searches through the later passes to the curve the real budgets give, which proves
 * every point in its first pass: the same districtings, figures and plans; and the same
 * bytes at one and two threads.
 */
Test(sizing, points_a_pass_stops_go_on_to_the_same_curve)
{
    fixture fx = load_fixture_of(FPT_TEST_DATA "/real-synth24.xml");
    cr_assert(ge(sz, stopped_at_one_evaluation(&fx, 2, 10), 4),
              "the geography must leave several K unproven at the root");
    fpt_sizing *whole = run(&fx, 2, 10, 2);
    cr_assert(eq(int, setenv("FPT_TEST_SIZING_EVALS", "1", 1), 0));
    fpt_sizing *two = run(&fx, 2, 10, 2);
    fpt_sizing *one = run(&fx, 2, 10, 1);
    unsetenv("FPT_TEST_SIZING_EVALS");
    cr_assert(eq(long, two->best, whole->best));
    for (size_t i = 0; i < whole->n_points; i++) {
        const fpt_sizing_point *w = &whole->points[i], *a = &two->points[i], *b = &one->points[i];
        cr_assert(eq(int, (int)w->districting, (int)FPT_DISTRICTS_OPTIMAL), "K = %zu", w->k);
        cr_assert(eq(int, (int)a->districting, (int)FPT_DISTRICTS_OPTIMAL), "K = %zu", w->k);
        cr_assert(close_to(a->partition->objective, w->partition->objective), "K = %zu", w->k);
        cr_assert(eq(int,
                     memcmp(a->partition->unit_of, w->partition->unit_of,
                            w->partition->n_ccgs * sizeof *w->partition->unit_of),
                     0),
                  "K = %zu", w->k);
        cr_assert(eq(int, memcmp(a->term_gbp, b->term_gbp, sizeof a->term_gbp), 0), "K = %zu",
                  w->k);
        cr_assert(eq(int, memcmp(&a->partition->bound, &b->partition->bound, sizeof(double)), 0));
    }
    fpt_sizing_free(whole);
    fpt_sizing_free(two);
    fpt_sizing_free(one);
    free_fixture(&fx);
}

/*
 * The passes' budgets: 40,000 and 400,000 evaluations, then twice the last each pass, so that
 * every pass gives each K left as much again as all the passes before and no K waits behind
 * another's search without a limit; the test hook scales them; none only once doubling would
 * overflow.
 */
Test(sizing, passes_double_their_budgets_until_they_would_overflow)
{
    cr_assert(eq(sz, fpt_sizing_pass_budget(0, 0), 40000));
    cr_assert(eq(sz, fpt_sizing_pass_budget(0, 1), 400000));
    size_t p = 2;
    for (; fpt_sizing_pass_budget(0, p) > 0; p++) {
        cr_assert(eq(sz, fpt_sizing_pass_budget(0, p), 2 * fpt_sizing_pass_budget(0, p - 1)),
                  "pass %zu", p);
    }
    cr_assert(gt(sz, p, 10), "the budgets must go on doubling for many passes");
    cr_assert(gt(sz, fpt_sizing_pass_budget(0, p - 1), SIZE_MAX / 2));
    cr_assert(eq(sz, fpt_sizing_pass_budget(0, p + 1), 0));
    cr_assert(eq(sz, fpt_sizing_pass_budget(1, 0), 1));
    cr_assert(eq(sz, fpt_sizing_pass_budget(1, 1), 10));
    cr_assert(eq(sz, fpt_sizing_pass_budget(1, 2), 20));
    cr_assert(eq(sz, fpt_sizing_pass_budget(3, 3), 120));
    cr_assert(eq(sz, fpt_sizing_pass_budget(SIZE_MAX, 0), SIZE_MAX));
    cr_assert(eq(sz, fpt_sizing_pass_budget(SIZE_MAX, 1), 0));
}

/* The bound with cuts runs from the third pass on: the two budgets before it prove most K in
   seconds without it, and only the K they leave pay for it (bench/README.md "The cuts in a
   curve"). */
Test(sizing, the_third_pass_is_the_first_to_run_the_cuts)
{
    cr_expect(fpt_sizing_pass_cuts(0) == false);
    cr_expect(fpt_sizing_pass_cuts(1) == false);
    for (size_t p = 2; p < 64; p++) {
        cr_expect(fpt_sizing_pass_cuts(p), "pass %zu", p);
    }
}

/* A schedule of the passes played out (the_passes_take_the_plans_a_barrier_would). */
enum { SIM_POINTS = 7, SIM_PASSES = 6 };

typedef struct sim {
    size_t last[SIM_POINTS]; /* the passes after which the point is settled */
    size_t passes[SIM_POINTS];
    bool settled[SIM_POINTS], running[SIM_POINTS];
    size_t took[SIM_POINTS][2]; /* the versions of i − 1's and i + 1's plans its pass took */
    unsigned long draw;
} sim;

static size_t sim_draw(sim *s, size_t below)
{
    s->draw = s->draw * 6364136223846793005UL + 1442695040888963407UL;
    return (size_t)(s->draw >> 33) % below;
}

/* Start point i's next pass: the plans it takes must be those of a pass of all points at
   once, after min(p, last) passes. */
static void sim_start(sim *s, size_t i)
{
    size_t p = s->passes[i];
    for (size_t side = 0; side < 2; side++) {
        size_t j = side == 0 ? i - 1 : i + 1;
        s->took[i][side] = SIZE_MAX;
        if ((side == 0 && i == 0) || j >= SIM_POINTS) {
            continue;
        }
        size_t v = fpt_sizing_plan_version(s->passes, s->settled, j, p);
        cr_assert(eq(sz, v, p < s->last[j] ? p : s->last[j]), "point %zu, pass %zu, of %zu", i, p,
                  j);
        s->took[i][side] = v;
    }
    s->running[i] = true;
}

/* End point i's pass: its plan after it goes where the plan two passes before was, which no
   running neighbour may still be reading. */
static void sim_end(sim *s, size_t i)
{
    size_t written = s->passes[i] + 1;
    for (size_t side = 0; side < 2; side++) {
        size_t k = side == 0 ? i - 1 : i + 1;
        if ((side == 0 && i == 0) || k >= SIM_POINTS || !s->running[k]) {
            continue;
        }
        size_t v = s->took[k][1 - side];
        cr_assert(not(v % 2 == written % 2 && v != written),
                  "point %zu overwrote the plan %zu that point %zu's pass is using", i, v, k);
    }
    s->running[i] = false;
    s->passes[i] = written;
    s->settled[i] = written >= s->last[i];
}

/*
 * The passes' schedule (fpt_sizing_pass_ready, fpt_sizing_plan_version) played out 3,000
 * times, the passes started and ended in random orders on one to four threads, each point
 * settled after a random number of passes: every pass runs and none waits for ever; each takes
 * the neighbours' plans a pass of all points at once would take; and no point overwrites a
 * plan a neighbour's running pass took, so two plans a point suffice.
 */
Test(sizing, the_passes_take_the_plans_a_barrier_would)
{
    sim s = {.draw = 12345};
    for (int trial = 0; trial < 3000; trial++) {
        size_t threads = 1 + sim_draw(&s, 4), total = 0;
        for (size_t i = 0; i < SIM_POINTS; i++) {
            s.last[i] = 1 + sim_draw(&s, SIM_PASSES);
            s.passes[i] = 0;
            s.settled[i] = s.running[i] = false;
            total += s.last[i];
        }
        for (size_t steps = 0;; steps++) {
            size_t ready[SIM_POINTS], n_ready = 0, busy[SIM_POINTS], n_busy = 0;
            for (size_t i = 0; i < SIM_POINTS; i++) {
                if (s.running[i]) {
                    busy[n_busy++] = i;
                } else if (fpt_sizing_pass_ready(s.passes, s.settled, SIM_POINTS, i)) {
                    ready[n_ready++] = i;
                }
            }
            if (n_ready == 0 && n_busy == 0) {
                break;
            }
            if (n_ready > 0 && n_busy < threads && (n_busy == 0 || sim_draw(&s, 2) == 0)) {
                sim_start(&s, ready[sim_draw(&s, n_ready)]);
            } else {
                sim_end(&s, busy[sim_draw(&s, n_busy)]);
            }
            cr_assert(lt(sz, steps, 2 * total + 1));
        }
        for (size_t i = 0; i < SIM_POINTS; i++) {
            cr_assert(eq(sz, s.passes[i], s.last[i]), "trial %d: point %zu waits for ever", trial,
                      i);
        }
    }
}

Test(sizing, refuses_what_makes_no_sense)
{
    fixture fx = load_fixture();
    fpt_sizing_options o;
    fpt_sizing_options_init(&o);
    o.function = fx.bi_data;
    fpt_sizing *z = NULL;
    fpt_error err = {0};
    o.level = 0; /* the local level anchors g */
    cr_assert(eq(int, fpt_sizing_run(fx.m, fx.s, fx.g, &o, &z, &err), FPT_EUSAGE));
    o.level = fx.s->n_levels - 1;
    cr_assert(eq(int, fpt_sizing_run(fx.m, fx.s, fx.g, &o, &z, &err), FPT_EUSAGE));
    o.level = fx.hub;
    o.k_min = 3;
    o.k_max = 2;
    cr_assert(eq(int, fpt_sizing_run(fx.m, fx.s, fx.g, &o, &z, &err), FPT_EUSAGE));
    o.k_min = 1;
    o.k_max = 9; /* more units than the eight CCGs */
    cr_assert(eq(int, fpt_sizing_run(fx.m, fx.s, fx.g, &o, &z, &err), FPT_EUSAGE));
    cr_assert_null(z);
    fpt_scenario *plain = NULL;
    cr_assert(eq(int,
                 fpt_scenario_load(FPT_TEST_DATA "/tiny-scenario.xml", fx.m, &plain, NULL, &err),
                 FPT_OK));
    o.k_max = 2;
    o.level = 1;
    err = (fpt_error){0};
    cr_assert(eq(int, fpt_sizing_run(fx.m, plain, fx.g, &o, &z, &err), FPT_EUSAGE));
    cr_assert(ne(ptr, strstr(err.message, "geography"), NULL));
    fpt_scenario_free(plain);
    free_fixture(&fx);
}
