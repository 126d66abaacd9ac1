/* SPDX-License-Identifier: MIT */
/*
 * Sweeps and Monte Carlo (solver/model/variant.c) on scenarios built in memory: axes expand
 * to the Cartesian product in file order, the last axis fastest, each grid point repeated
 * for its Monte Carlo samples; every kind of axis target lands where docs/formats.md says;
 * a set.<function>.<field> axis replaces the scenario's own set of that field or adds one;
 * Monte Carlo draws depend on (seed, index) alone — the same whatever was drawn before, and
 * different for another index or seed — and stay in their documented ranges; impossible
 * values are named at the axis's line; the base scenario is never changed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "builder.h"
#include "footprint/variant.h"

/* ---- building sweeps ---------------------------------------------------------------------- */

static fpt_model *model(void)
{
    return fpt_test_model_new(2, 1);
}

/* Pop 1,000,000 on levels l0 (10 units), l1 (4), l2 (1). */
static fpt_scenario *base(const fpt_model *m)
{
    const long units[3] = {10, 4, 1};
    return fpt_test_scenario_new(m, 1000000, units, 3);
}

static void add_axis(fpt_scenario *s, const char *target, const double *values, size_t n)
{
    fpt_axis *grown = realloc(s->axes, (s->n_axes + 1) * sizeof *grown);
    cr_assert(ne(ptr, grown, NULL));
    s->axes = grown;
    fpt_axis *a = &grown[s->n_axes++];
    *a = (fpt_axis){.target = strdup(target), .n_values = n, .line = 40 + (long)s->n_axes};
    a->values = malloc(n * sizeof *a->values);
    cr_assert(a->target != NULL && a->values != NULL);
    memcpy(a->values, values, n * sizeof *a->values);
}

static void monte_carlo(fpt_scenario *s, long samples, double seed)
{
    s->mc = (fpt_montecarlo){.present = true,
                             .samples = samples,
                             .seed = seed,
                             .weights = true,
                             .rating_up = 0.2,
                             .rating_down = 0.1,
                             .cost_spread = 0.3,
                             .line = 60};
}

/* Resolve the axis targets as loading does; the sweep must be clean. */
static void resolve(fpt_scenario *s, const fpt_model *m)
{
    fpt_diags d = {0};
    fpt_status st = fpt_scenario_validate_sweep(s, m, &d);
    cr_assert(eq(int, st, FPT_OK), "%s", d.n > 0 ? d.items[0].message : "");
    fpt_diags_clear(&d);
}

static fpt_scenario *make(const fpt_model *m, const fpt_scenario *s, size_t i, fpt_perturbation *p)
{
    fpt_scenario *v = NULL;
    fpt_diags d = {0};
    fpt_status st = fpt_variant_make(m, s, i, &v, p, &d);
    cr_assert(eq(int, st, FPT_OK), "scenario %zu: %s", i, d.n > 0 ? d.items[0].message : "");
    fpt_diags_clear(&d);
    return v;
}

/* ---- counting and order ----------------------------------------------------------------- */

Test(variant, a_plain_scenario_stands_for_one)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    cr_expect(eq(sz, fpt_variant_count(s), 1));
    cr_expect(eq(sz, fpt_variant_sample(s, 0), 0));
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* 2 × 3 × 2 grid points × 3 samples = 36 scenarios; beyond 2^40 the count is 0. */
Test(variant, the_count_is_the_product_of_the_axes_and_samples)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    add_axis(s, "weight.scale", (const double[]){1, 2}, 2);
    add_axis(s, "finance.support-share", (const double[]){0.2, 0.4, 0.6}, 3);
    add_axis(s, "weight.links", (const double[]){0, 5}, 2);
    cr_expect(eq(sz, fpt_variant_count(s), 12));
    monte_carlo(s, 3, 1);
    cr_expect(eq(sz, fpt_variant_count(s), 36));
    s->axes[0].n_values = (size_t)1 << 19; /* count reads the lengths only */
    s->axes[1].n_values = (size_t)1 << 20;
    s->axes[2].n_values = 1;
    s->mc.samples = 2;
    cr_expect(eq(sz, fpt_variant_count(s), (size_t)1 << 40), "exactly 2^40 is allowed");
    s->mc.samples = 3;
    cr_expect(eq(sz, fpt_variant_count(s), 0));
    s->axes[0].n_values = 2;
    s->axes[1].n_values = 3;
    s->axes[2].n_values = 2;
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Enumerate the grid with nested loops, first axis outermost, each point once per sample:
 * scenario i must be the i-th tuple of that enumeration. */
Test(variant, axes_expand_in_file_order_with_the_last_fastest)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    const double a[2] = {1, 2}, b[3] = {0.2, 0.4, 0.6}, c[2] = {0, 5};
    add_axis(s, "weight.scale", a, 2);
    add_axis(s, "finance.support-share", b, 3);
    add_axis(s, "weight.links", c, 2);
    monte_carlo(s, 3, 1);
    s->mc.weights = false;
    resolve(s, m);
    size_t i = 0;
    for (size_t x = 0; x < 2; x++) {
        for (size_t y = 0; y < 3; y++) {
            for (size_t z = 0; z < 2; z++) {
                for (size_t sample = 0; sample < 3; sample++, i++) {
                    double v[3];
                    fpt_variant_axis_values(s, i, v);
                    cr_expect(v[0] == a[x] && v[1] == b[y] && v[2] == c[z], "scenario %zu", i);
                    cr_expect(eq(sz, fpt_variant_sample(s, i), sample));
                    fpt_scenario *made = make(m, s, i, NULL);
                    cr_expect(eq(dbl, made->weight[FPT_K_SCALE], a[x]), "scenario %zu", i);
                    cr_expect(eq(dbl, made->support_share, b[y]), "scenario %zu", i);
                    cr_expect(eq(dbl, made->weight[FPT_K_LINKS], c[z]), "scenario %zu", i);
                    fpt_scenario_free(made);
                }
            }
        }
    }
    cr_expect(eq(sz, i, fpt_variant_count(s)));
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- what each target changes ----------------------------------------------------------- */

Test(variant, population_and_level_targets)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    add_axis(s, "population.total", (const double[]){2000000}, 1);
    add_axis(s, "level.l1.units", (const double[]){5}, 1);
    resolve(s, m);
    fpt_scenario *v = make(m, s, 0, NULL);
    cr_expect(eq(dbl, v->population, 2000000));
    cr_expect(eq(long, v->levels[1].n_units, 5));
    cr_expect(eq(dbl, v->levels[1].unit_pop, 400000));
    cr_expect(eq(dbl, v->levels[0].unit_pop, 200000), "10 units of the new population");
    fpt_scenario_free(v);
    fpt_scenario_free(s);

    s = base(m);
    add_axis(s, "population.scale", (const double[]){0.5}, 1);
    add_axis(s, "level.l1.unit-population", (const double[]){125000}, 1);
    resolve(s, m);
    v = make(m, s, 0, NULL);
    cr_expect(eq(dbl, v->population, 500000));
    cr_expect(eq(int, (int)v->levels[1].kind, (int)FPT_LEVEL_BY_POPULATION));
    cr_expect(eq(long, v->levels[1].n_units, 4), "500,000 / 125,000");
    fpt_scenario_free(v);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(variant, finance_weight_and_supply_targets)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    add_axis(s, "finance.allowance-per-head-gbp", (const double[]){31}, 1);
    add_axis(s, "finance.horizon-years", (const double[]){7}, 1);
    add_axis(s, "finance.discount-rate", (const double[]){0.05}, 1);
    add_axis(s, "weight.development", (const double[]){0.25}, 1);
    add_axis(s, "supply.p0.supply-wte", (const double[]){3}, 1);
    add_axis(s, "supply.p0.premium-gbp", (const double[]){700}, 1);
    resolve(s, m);
    fpt_scenario *v = make(m, s, 0, NULL);
    cr_expect(eq(dbl, v->allowance_per_head_gbp, 31));
    cr_expect(eq(dbl, v->horizon_years, 7));
    cr_expect(eq(dbl, v->discount_rate, 0.05));
    cr_expect(eq(dbl, v->weight[FPT_K_DEVELOPMENT], 0.25));
    cr_expect(eq(dbl, v->weight[FPT_K_SCALE], 1), "other weights keep their value");
    cr_assert(eq(sz, v->n_supplies, 1));
    cr_expect(v->supplies[0].limited, "a supply axis limits the pool");
    cr_expect(eq(dbl, v->supplies[0].supply_wte, 3));
    cr_expect(eq(dbl, v->supplies[0].premium_gbp, 700));
    cr_expect(eq(sz, v->n_axes, 0));
    cr_expect(eq(int, v->mc.present, false));
    fpt_scenario_free(v);
    cr_expect(eq(sz, s->n_axes, 6), "the base keeps its sweep");
    cr_expect(eq(int, s->supplies[0].limited, false), "and its own supply");
    cr_expect(eq(dbl, s->allowance_per_head_gbp, 25));
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* A set axis replaces the scenario's own set of the same function and field (one set, the
 * axis's value); for a field the scenario does not set, it adds one, resolved like any. */
Test(variant, a_set_axis_replaces_or_adds_a_set)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    fpt_test_scenario_set_rating(s, m, 0, FPT_K_SCALE, 1);
    add_axis(s, "set.f0.rating.scale", (const double[]){2, 3}, 2);
    add_axis(s, "set.f1.staff.per-100k", (const double[]){0.5}, 1);
    resolve(s, m);
    for (size_t i = 0; i < 2; i++) {
        fpt_scenario *v = make(m, s, i, NULL);
        cr_assert(eq(sz, v->n_sets, 2));
        cr_expect(eq(str, v->sets[0].field, "rating.scale"));
        cr_expect(eq(dbl, v->sets[0].value, i == 0 ? 2 : 3));
        cr_expect(eq(str, v->sets[1].function_id, "f1"));
        cr_expect(eq(int, (int)v->sets[1].kind, (int)FPT_SET_STAFF_PER_100K));
        cr_expect(eq(sz, v->sets[1].function, 1));
        cr_expect(eq(dbl, v->sets[1].value, 0.5));
        fpt_scenario_free(v);
    }
    cr_expect(eq(sz, s->n_sets, 1));
    cr_expect(eq(dbl, s->sets[0].value, 1));
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- what a sweep may not do -------------------------------------------------------------- */

Test(variant, targets_that_name_nothing_are_found)
{
    const char *targets[] = {"weight.beauty",           "level.l9.units", "supply.p9.supply-wte",
                             "set.nobody.rating.scale", "finance.colour", "population"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        fpt_model *m = model();
        fpt_scenario *s = base(m);
        add_axis(s, targets[i], (const double[]){1}, 1);
        fpt_diags d = {0};
        cr_expect(eq(int, fpt_scenario_validate_sweep(s, m, &d), FPT_EINVALID), "%s", targets[i]);
        cr_assert(eq(sz, d.n, 1), "%s", targets[i]);
        char text[96];
        snprintf(text, sizeof text, "axis target '%s' names nothing to vary (expected", targets[i]);
        cr_expect(ne(ptr, strstr(d.items[0].message, text), NULL), "%s", d.items[0].message);
        cr_expect(eq(long, d.items[0].line, 41));
        fpt_diags_clear(&d);
        fpt_scenario_free(s);
        fpt_model_free(m);
    }
}

/* Every value is tried on its own: 4 units on l0 equals l1's 4; a rating of 7 is out of range.
 * At make time the same values give FPT_EINVALID, no scenario, and the reason. */
Test(variant, impossible_values_are_named_at_the_axis)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    add_axis(s, "level.l0.units", (const double[]){20, 4}, 2);
    add_axis(s, "set.f0.rating.scale", (const double[]){7}, 1);
    fpt_diags d = {0};
    cr_expect(eq(int, fpt_scenario_validate_sweep(s, m, &d), FPT_EINVALID));
    cr_assert(eq(sz, d.n, 2));
    cr_expect(eq(long, d.items[0].line, 41));
    cr_expect(ne(ptr,
                 strstr(d.items[0].message, "axis 'level.l0.units': value 4 makes the scenario "
                                            "invalid: levels 'l0' and 'l1' both have 4 units"),
                 NULL),
              "%s", d.items[0].message);
    cr_expect(eq(long, d.items[1].line, 42));
    cr_expect(ne(ptr,
                 strstr(d.items[1].message, "axis 'set.f0.rating.scale': value 7 makes the "
                                            "scenario invalid: set on 'f0': rating.scale is 7"),
                 NULL),
              "%s", d.items[1].message);
    fpt_diags_clear(&d);
    fpt_scenario *v = (fpt_scenario *)s; /* any non-NULL value: make must reset it */
    cr_expect(eq(int, fpt_variant_make(m, s, 1, &v, NULL, &d), FPT_EINVALID));
    cr_expect(eq(ptr, v, NULL));
    cr_expect(ge(sz, d.n, 1));
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(variant, monte_carlo_settings_are_checked)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    monte_carlo(s, 5, 2.5);
    s->mc.rating_up = 0.7;
    s->mc.rating_down = 0.4;
    s->mc.cost_spread = 1;
    fpt_diags d = {0};
    cr_expect(eq(int, fpt_scenario_validate_sweep(s, m, &d), FPT_EINVALID));
    cr_assert(eq(sz, d.n, 3));
    cr_expect(
        ne(ptr, strstr(d.items[0].message, "monte-carlo: seed is 2.5 (expected a whole"), NULL));
    cr_expect(ne(ptr, strstr(d.items[1].message, "rating-up 0.7 and rating-down 0.4"), NULL));
    cr_expect(ne(ptr,
                 strstr(d.items[2].message, "cost-spread is 1 (expected a finite number in "
                                            "[0, 1))"),
                 NULL));
    for (size_t i = 0; i < d.n; i++) {
        cr_expect(eq(long, d.items[i].line, 60));
    }
    fpt_diags_clear(&d);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- Monte Carlo draws ------------------------------------------------------------------- */

typedef struct draw {
    double weight[FPT_N_CRITERIA];
    int delta[2 * FPT_N_CRITERIA];
    double staff[2], salary[2];
} draw;

static draw draw_of(const fpt_model *m, const fpt_scenario *s, size_t i, fpt_perturbation *p)
{
    fpt_scenario *v = make(m, s, i, p);
    draw out;
    memcpy(out.weight, v->weight, sizeof out.weight);
    memcpy(out.delta, p->rating_delta, sizeof out.delta);
    memcpy(out.staff, p->staff_factor, sizeof out.staff);
    memcpy(out.salary, p->salary_factor, sizeof out.salary);
    fpt_scenario_free(v);
    return out;
}

static bool same_draw(const draw *a, const draw *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* Scenario 7 drawn first, after 0..6, after 9, and on another perturbation: the same bits. */
Test(variant, draws_depend_on_seed_and_index_alone)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    monte_carlo(s, 10, 12345);
    resolve(s, m);
    fpt_perturbation p, q;
    cr_assert(eq(int, fpt_perturbation_init(&p, 2), FPT_OK));
    cr_assert(eq(int, fpt_perturbation_init(&q, 2), FPT_OK));
    draw first = draw_of(m, s, 7, &p);
    for (size_t i = 0; i < 7; i++) {
        draw_of(m, s, i, &q);
    }
    draw after_others = draw_of(m, s, 7, &q);
    draw_of(m, s, 9, &p);
    draw after_nine = draw_of(m, s, 7, &p);
    cr_expect(same_draw(&first, &after_others));
    cr_expect(same_draw(&first, &after_nine));
    draw eight = draw_of(m, s, 8, &p);
    cr_expect(not(eq(int, memcmp(eight.weight, first.weight, sizeof eight.weight), 0)),
              "another index, other weights");
    s->mc.seed = 12346;
    draw reseeded = draw_of(m, s, 7, &p);
    cr_expect(not(eq(int, memcmp(reseeded.weight, first.weight, sizeof first.weight), 0)),
              "another seed, other weights");
    fpt_perturbation_free(&q);
    fpt_perturbation_free(&p);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Over 200 scenarios: weights non-negative and summing to the base sum (here 6.5); rating
 * moves of −1, 0 or +1 and never on links; cost factors within 1 ± 0.3. */
Test(variant, draws_stay_in_their_ranges)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    const double w[FPT_N_CRITERIA] = {2, 0, 1, 0.5, 1, 1, 0, 1};
    memcpy(s->weight, w, sizeof w);
    monte_carlo(s, 200, 99);
    resolve(s, m);
    fpt_perturbation p;
    cr_assert(eq(int, fpt_perturbation_init(&p, 2), FPT_OK));
    int seen[3] = {0, 0, 0};
    for (size_t i = 0; i < 200; i++) {
        draw d = draw_of(m, s, i, &p);
        double sum = 0;
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            cr_expect(ge(dbl, d.weight[k], 0));
            sum += d.weight[k];
        }
        cr_expect(fabs(sum - 6.5) <= 1e-12, "scenario %zu: %.17g", i, sum);
        for (size_t j = 0; j < 2 * FPT_N_CRITERIA; j++) {
            cr_assert(d.delta[j] >= -1 && d.delta[j] <= 1);
            seen[d.delta[j] + 1]++;
            if (j % FPT_N_CRITERIA == FPT_K_LINKS) {
                cr_expect(eq(int, d.delta[j], 0), "links move only through their strengths");
            }
        }
        for (size_t f = 0; f < 2; f++) {
            cr_expect(d.staff[f] >= 0.7 && d.staff[f] <= 1.3, "%g", d.staff[f]);
            cr_expect(d.salary[f] >= 0.7 && d.salary[f] <= 1.3, "%g", d.salary[f]);
        }
    }
    cr_expect(seen[0] > 0 && seen[1] > 0 && seen[2] > 0, "every move occurs");
    fpt_perturbation_free(&p);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* Certain moves and no spread: every non-link rating +1 (or −1), every factor exactly 1; and
 * without Monte Carlo a used perturbation comes back neutral. */
Test(variant, the_extremes_of_the_draws)
{
    fpt_model *m = model();
    fpt_scenario *s = base(m);
    monte_carlo(s, 3, 5);
    s->mc.weights = false;
    s->mc.cost_spread = 0;
    fpt_perturbation p;
    cr_assert(eq(int, fpt_perturbation_init(&p, 2), FPT_OK));
    for (int up = 1; up >= 0; up--) {
        s->mc.rating_up = up;
        s->mc.rating_down = 1 - up;
        draw d = draw_of(m, s, 2, &p);
        for (size_t j = 0; j < 2 * FPT_N_CRITERIA; j++) {
            int want = j % FPT_N_CRITERIA == FPT_K_LINKS ? 0 : up ? 1 : -1;
            cr_expect(eq(int, d.delta[j], want), "j %zu", j);
        }
        cr_expect(d.staff[0] == 1 && d.salary[1] == 1);
        cr_expect(eq(dbl, d.weight[FPT_K_SCALE], 1), "weights are not drawn");
    }
    s->mc.present = false;
    draw neutral = draw_of(m, s, 0, &p);
    for (size_t j = 0; j < 2 * FPT_N_CRITERIA; j++) {
        cr_expect(eq(int, neutral.delta[j], 0));
    }
    cr_expect(neutral.staff[0] == 1 && neutral.salary[0] == 1);
    fpt_perturbation_free(&p);
    fpt_scenario_free(s);
    fpt_model_free(m);
}
