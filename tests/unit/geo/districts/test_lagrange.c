/* SPDX-License-Identifier: MIT */
/*
 * Districting's Lagrangian bound and reduced-cost fixing (docs/geography.md "Method" steps
 * 2–3), against exhaustive enumeration on tiny random geographies: the bound at any
 * multipliers lies below the optimum, the LP relaxation of G1–G6 too, the ascent's best
 * bound between the LP's and the optimum, pricing only the promising centres exactly gives the
 * value pricing all of them would, fixing with the optimum as incumbent never removes a pair
 * or closes a centre of any optimal partition, the knapsack subproblem is solved exactly, the
 * LP-based search with a centre forced open finds the best partition having it, the
 * heuristic's transportation LP finds GLPK's optimum, the open nodes of the search come out
 * least bound first as they went in, the branch-and-bound over the centres proves the optimum
 * GLPK alone finds, and re-solving groups of neighbouring units leaves each group's CCGs at
 * GLPK's optimum for them, the wider groups after the root included (with their progress
 * reports); the sets of CCGs no whole number of units can hold are single linkage's
 * (enumeration over every distance), and their rows in the bound with cuts stay below GLPK's
 * optimum and raise the bound where a far cluster must be crossed; and the heuristic's plans
 * are local optima of its swaps, and the sort its pricing and knapsacks share orders ties by
 * index.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>
#include <glpk.h>

#include "base/clock.h"
#include "footprint/districts.h"
#include "footprint/geography.h"
#include "geo/districts/districts_internal.h"

#define MAX_N 8

static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A uniform draw in [0, 1). */
static double next_unit(uint64_t *s)
{
    return (double)(next_random(s) >> 11) / 9007199254740992.0;
}

/* A random geography of n CCGs around England. */
static fpt_geography *random_geography(int n, uint64_t seed)
{
    char text[8192];
    size_t len =
        (size_t)snprintf(text, sizeof text, "code,name,population,lat,lon,area_km2,area,region\n");
    for (int i = 0; i < n; i++) {
        uint64_t s = seed * 1000 + (uint64_t)i;
        double pop = 50000 + (double)(next_random(&s) % 450) * 1000;
        double lat = 51 + (double)(next_random(&s) % 3000) / 1000;
        double lon = -3 + (double)(next_random(&s) % 3000) / 1000;
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "R%02d,CCG %d,%.0f,%.3f,%.3f,250,A,London\n", i, i, pop, lat, lon);
    }
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_geography_parse("random.csv", text, len, &g, &diags, &err), FPT_OK), "%s",
              err.message);
    return g;
}

/* Exhaustive search over every assignment; records the optimum and, for every partition
   within a hair of it, its pairs and centres. */
typedef struct brute {
    const fpt_districts_inst *in;
    const signed char *state; /* centre states the partitions must respect; NULL: none */
    size_t centre_of[MAX_N];
    double best;
    size_t best_plan[MAX_N];      /* an optimal partition */
    bool opt_pair[MAX_N * MAX_N]; /* pair (i, j) in some optimal partition */
    bool opt_centre[MAX_N];       /* j a centre of some optimal partition */
    bool all_centre[MAX_N];       /* j a centre of every optimal partition */
} brute;

/* Whether the centres of a partition (is_centre[j]) respect the centre states: the forced
   ones are centres, the closed ones are not, and every group has a centre. */
static bool respects_states(const signed char *state, const bool *is_centre, size_t n)
{
    bool group_met[FPT_CENTRE_GROUPS] = {false}, group_seen[FPT_CENTRE_GROUPS] = {false};
    for (size_t j = 0; j < n; j++) {
        int st = state[j];
        if ((st == FPT_CENTRE_FORCED && !is_centre[j]) || (st < 0 && is_centre[j])) {
            return false;
        }
        if (abs(st) >= FPT_CENTRE_GROUP0) {
            group_seen[abs(st) - FPT_CENTRE_GROUP0] = true;
            group_met[abs(st) - FPT_CENTRE_GROUP0] |= is_centre[j];
        }
    }
    for (size_t t = 0; t < FPT_CENTRE_GROUPS; t++) {
        if (group_seen[t] && !group_met[t]) {
            return false;
        }
    }
    return true;
}

static double brute_cost(const brute *b)
{
    const fpt_districts_inst *in = b->in;
    size_t n = in->n, n_centres = 0;
    double pop[MAX_N] = {0}, cost = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = b->centre_of[i];
        if (b->centre_of[c] != c) {
            return INFINITY;
        }
        n_centres += c == i;
        pop[c] += in->pop[i];
        cost += in->cost[i * n + c];
    }
    for (size_t c = 0; c < n; c++) {
        if (b->centre_of[c] == c && (pop[c] < in->lo || pop[c] > in->hi)) {
            return INFINITY;
        }
    }
    if (b->state != NULL) {
        bool is_centre[MAX_N];
        for (size_t j = 0; j < n; j++) {
            is_centre[j] = b->centre_of[j] == j;
        }
        if (!respects_states(b->state, is_centre, n)) {
            return INFINITY;
        }
    }
    return n_centres == in->k ? cost : INFINITY;
}

/* Two passes: pass 0 finds the optimum, pass 1 marks what the optimal partitions use. */
static void brute_walk(brute *b, size_t i, int pass)
{
    size_t n = b->in->n;
    if (i == n) {
        double c = brute_cost(b);
        if (pass == 0 && c < b->best) {
            b->best = c;
            memcpy(b->best_plan, b->centre_of, n * sizeof *b->centre_of);
        } else if (pass == 1 && c <= b->best * (1 + 1e-12)) {
            for (size_t r = 0; r < n; r++) {
                b->opt_pair[r * n + b->centre_of[r]] = true;
                b->opt_centre[b->centre_of[r]] = true;
            }
            for (size_t j = 0; j < n; j++) {
                b->all_centre[j] = b->all_centre[j] && b->centre_of[j] == j;
            }
        }
        return;
    }
    for (size_t c = 0; c < n; c++) {
        b->centre_of[i] = c;
        brute_walk(b, i + 1, pass);
    }
}

static void brute_solve(brute *b)
{
    b->best = INFINITY;
    brute_walk(b, 0, 0);
    for (size_t j = 0; j < MAX_N; j++) {
        b->all_centre[j] = true;
    }
    if (isfinite(b->best)) {
        brute_walk(b, 0, 1);
    }
}

/* The LP relaxation of G1–G6 over every pair, person-km; INFINITY when infeasible. */
static double lp_value(const fpt_districts_inst *in)
{
    size_t *pairs = NULL, n_pairs = 0;
    fpt_districts_model m;
    cr_assert(eq(int, fpt_districts_all_pairs(in, &pairs, &n_pairs), FPT_OK));
    cr_assert(eq(int, fpt_districts_model_build(in, pairs, n_pairs, false, true, &m), FPT_OK));
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    cr_assert(eq(int, glp_simplex(m.lp, &parm), 0));
    double z = glp_get_status(m.lp) == GLP_OPT ? glp_get_obj_val(m.lp) * DISTRICTS_SCALE : INFINITY;
    fpt_districts_model_free(&m);
    free(pairs);
    return z;
}

typedef struct lagr_case {
    int n;
    size_t k;
    double tolerance;
    uint64_t seed;
} lagr_case;

/* An instance of case c; g and in to be freed by the caller. */
static void make_instance(const lagr_case *c, fpt_geography **g, fpt_districts_options *o,
                          fpt_districts_inst *in)
{
    *g = random_geography(c->n, c->seed);
    fpt_districts_options_init(o);
    o->n_units = c->k;
    o->target_pop = 0;
    o->tolerance = c->tolerance;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_inst_init(in, *g, o, fpt_clock_s(), &err), FPT_OK), "%s",
              err.message);
    in->cuts = false; /* the search over the centres alone; the tests of cuts turn them on */
}

static lagr_case lagr_cases[] = {
    {6, 2, 0.2, 11},  {7, 2, 0.1, 12}, {7, 3, 0.25, 13}, {8, 2, 0.15, 14}, {8, 3, 0.3, 15},
    {7, 3, 0.05, 16}, {8, 4, 0.4, 17}, {6, 3, 0.5, 18},  {8, 2, 0.05, 19}, {7, 2, 0.3, 20},
};

ParameterizedTestParameters(lagrange, bounds_lie_below_the_optimum)
{
    return cr_make_param_array(lagr_case, lagr_cases, sizeof lagr_cases / sizeof lagr_cases[0]);
}

/*
 * L(λ) ≤ optimum at random λ, and with every centre priced exactly (eager) the value is the
 * same; z_LP ≤ optimum, and the ascent's best bound lies between them: at least z_LP (less
 * what a finite ascent leaves), at most the optimum. The Lagrangian dual is no weaker than
 * the LP of G1–G6, since the knapsack subproblems are not integral polytopes.
 */
ParameterizedTest(lagr_case *c, lagrange, bounds_lie_below_the_optimum)
{
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    brute b = {.in = &in};
    brute_solve(&b);
    fpt_districts_lagr lg, eager;
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    cr_assert(eq(int, fpt_districts_lagr_init(&eager, &in), FPT_OK));
    eager.eager = true;
    uint64_t s = c->seed;
    double lambda[MAX_N];
    for (int draw = 0; draw < 200; draw++) {
        for (size_t i = 0; i < in.n; i++) {
            lambda[i] = in.cost[i * in.n + in.near[i * in.n + 1]] * 3 * next_unit(&s);
        }
        double v = fpt_districts_lagr_eval(&lg, lambda);
        double ve = fpt_districts_lagr_eval(&eager, lambda);
        cr_expect(v <= b.best + 1e-6 * fabs(b.best), "seed %lu: L = %f above optimum %f",
                  (unsigned long)c->seed, v, b.best);
        cr_expect(v == ve || fabs(v - ve) <= 1e-9 * fabs(ve), "seed %lu: %f vs eager %f",
                  (unsigned long)c->seed, v, ve);
    }
    double z_lp = lp_value(&in);
    fpt_districts_lagr_ascend(&lg, b.best, INFINITY, 3000);
    if (isfinite(b.best)) {
        cr_expect(z_lp <= b.best * (1 + 1e-9), "seed %lu: LP %f above optimum %f",
                  (unsigned long)c->seed, z_lp, b.best);
        cr_expect(lg.bound <= b.best * (1 + 1e-9), "seed %lu: bound %f above optimum %f",
                  (unsigned long)c->seed, lg.bound, b.best);
        cr_expect(lg.bound >= z_lp - 1e-3 * fabs(z_lp), "seed %lu: bound %f below LP %f",
                  (unsigned long)c->seed, lg.bound, z_lp);
        cr_log_info("seed %lu: LP %f bound %f optimum %f", (unsigned long)c->seed, z_lp, lg.bound,
                    b.best);
    }
    fpt_districts_lagr_free(&lg);
    fpt_districts_lagr_free(&eager);
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/* Remove pair (i, j) from both bounds, or with i = j close centre j (state −1) in both. */
static void remove_in_both(fpt_districts_lagr *a, fpt_districts_lagr *b, size_t i, size_t j)
{
    size_t n = a->in->n;
    if (i == j) {
        a->state[j] = b->state[j] = -1;
    }
    a->allowed[i * n + j] = b->allowed[i * n + j] = 0;
    a->dirty = b->dirty = true;
}

/*
 * Along a walk of small steps in λ, as an ascent takes them, with pairs and centres removed
 * and given back between steps, the bound priced lazily — the bounds carried from the last
 * step, the knapsacks' dual functions at their last price of weight, the LP bound, a centre
 * priced exactly last time going straight to its knapsack — is the bound with every centre
 * priced exactly: the same value and the same K + 1 centres in the same order, and no
 * centre's value above its exact one; each of the K + 1 has a set of allowed pairs within
 * the bounds that costs its value.
 */
Test(lagrange, lazy_pricing_along_a_walk_is_exact_pricing)
{
    const lagr_case cases[] = {
        {30, 3, 0.2, 41}, {36, 6, 0.1, 42}, {24, 2, 0.3, 43}, {40, 9, 0.15, 44}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&cases[c], &g, &o, &in);
        size_t n = in.n;
        fpt_districts_lagr lg, eager;
        cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
        cr_assert(eq(int, fpt_districts_lagr_init(&eager, &in), FPT_OK));
        eager.eager = true;
        uint64_t s = cases[c].seed;
        double lambda[64], scale[64];
        for (size_t i = 0; i < n; i++) {
            scale[i] = in.cost[i * n + in.near[i * n + 1]];
            lambda[i] = scale[i] * next_unit(&s);
        }
        size_t at_tier[4] = {0};
        for (int step = 0; step < 400; step++) {
            if (step % 60 == 30) { /* take some pairs away, and one centre */
                for (int q = 0; q < 3 * (int)n; q++) {
                    size_t i = next_random(&s) % n, j = next_random(&s) % n;
                    remove_in_both(&lg, &eager, i, j == i ? (j + 1) % n : j);
                }
                size_t j = next_random(&s) % n;
                remove_in_both(&lg, &eager, j, j);
            } else if (step % 20 == 10) { /* and a member from each set chosen */
                for (size_t q = 0; q < lg.n_chosen; q++) {
                    size_t c_j = lg.chosen[q];
                    for (size_t i = 0; i < n; i++) {
                        if (i != c_j && lg.member[c_j * n + i]) {
                            remove_in_both(&lg, &eager, i, c_j);
                            break;
                        }
                    }
                }
            } else if (step % 60 == 0) { /* and give them back */
                memset(lg.allowed, 1, n * n);
                memset(eager.allowed, 1, n * n);
                memset(lg.state, 0, n);
                memset(eager.state, 0, n);
                lg.dirty = eager.dirty = true;
            }
            for (size_t i = 0; i < n; i++) {
                lambda[i] += 0.05 * scale[i] * (next_unit(&s) - 0.45);
            }
            double v = fpt_districts_lagr_eval(&lg, lambda);
            double ve = fpt_districts_lagr_eval(&eager, lambda);
            cr_assert(v == ve || (isinf(v) && isinf(ve)), "case %zu step %d: %.17g vs %.17g", c,
                      step, v, ve);
            cr_assert(eq(sz, lg.n_top, eager.n_top));
            for (size_t r = 0; r < lg.n_top; r++) {
                size_t j = lg.sorted[r];
                cr_assert(eq(sz, j, eager.sorted[r]), "case %zu step %d rank %zu", c, step, r);
                if (isinf(lg.v[j])) {
                    continue;
                }
                /* its set: allowed pairs, within the bounds, costing v_j */
                double cost = -lambda[j], pop = in.pop[j];
                for (size_t i = 0; i < n; i++) {
                    if (i != j && lg.member[j * n + i]) {
                        cr_assert(lg.allowed[i * n + j], "case %zu step %d: pair (%zu, %zu)", c,
                                  step, i, j);
                        cost += in.cost[i * n + j] - lambda[i];
                        pop += in.pop[i];
                    }
                }
                cr_assert(pop >= in.lo && pop <= in.hi, "case %zu step %d centre %zu", c, step, j);
                cr_assert(fabs(cost - lg.v[j]) <= 1e-9 * fabs(lg.v[j]) + 1e-6,
                          "case %zu step %d centre %zu: set costs %.17g, v %.17g", c, step, j, cost,
                          lg.v[j]);
            }
            for (size_t j = 0; j < n; j++) {
                double exact = eager.v[j];
                cr_assert(lg.v[j] <= exact + 1e-9 * fabs(exact) || isinf(exact),
                          "case %zu step %d centre %zu: %.17g above its exact %.17g", c, step, j,
                          lg.v[j], exact);
                at_tier[lg.tier[j]]++;
            }
        }
        /* The walk exercised every tier: most centres stay at the cheaper ones. */
        for (int t = 0; t < 4; t++) {
            cr_expect(at_tier[t] > 0, "case %zu: no centre left at tier %d", c, t);
        }
        cr_log_info("case %zu: tiers %zu %zu %zu %zu", c, at_tier[0], at_tier[1], at_tier[2],
                    at_tier[3]);
        fpt_districts_lagr_free(&lg);
        fpt_districts_lagr_free(&eager);
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
}

ParameterizedTestParameters(lagrange, fixing_never_removes_an_optimal_pair)
{
    return cr_make_param_array(lagr_case, lagr_cases, sizeof lagr_cases / sizeof lagr_cases[0]);
}

/* Rounds of ascent and fixing with the optimum as the incumbent keep every pair of every
   optimal partition, close none of its centres, and force open only centres every optimal
   partition has. */
ParameterizedTest(lagr_case *c, lagrange, fixing_never_removes_an_optimal_pair)
{
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    brute b = {.in = &in};
    brute_solve(&b);
    size_t n = in.n, removed = 0;
    fpt_districts_lagr lg;
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    for (int round = 0; isfinite(b.best) && round < 6; round++) {
        fpt_districts_lagr_ascend(&lg, b.best, INFINITY, 3000);
        removed += fpt_districts_lagr_fix(&lg, b.best * (1 + 1e-12));
        for (size_t p = 0; p < n * n; p++) {
            bool kept = !b.opt_pair[p] || lg.allowed[p];
            cr_expect(kept, "seed %lu round %d: pair (%zu, %zu) removed", (unsigned long)c->seed,
                      round, p / n, p % n);
        }
        for (size_t j = 0; j < n; j++) {
            bool open = !b.opt_centre[j] || lg.state[j] >= 0;
            cr_expect(open, "seed %lu: centre %zu closed", (unsigned long)c->seed, j);
            cr_expect(lg.state[j] <= 0 || b.all_centre[j], "seed %lu: centre %zu forced",
                      (unsigned long)c->seed, j);
        }
        fpt_districts_lagr_restart(&lg, FPT_LAGR_THETA0);
    }
    cr_log_info("seed %lu: %zu of %zu pairs removed", (unsigned long)c->seed, removed, n * n);
    fpt_districts_lagr_free(&lg);
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/*
 * Fixing settles most pairs without a knapsack — a set with the CCG swapped in shows it can
 * stay, the knapsack LP's dual bound shows it must go — and removes exactly the pairs that
 * the knapsacks alone would, at incumbents from just above the bound to well above it, round
 * after round; each shortcut settles some pairs.
 */
Test(lagrange, fixings_shortcuts_remove_what_the_knapsacks_would)
{
    const lagr_case cases[] = {
        {30, 3, 0.2, 51}, {36, 6, 0.1, 52}, {24, 2, 0.3, 53}, {40, 9, 0.15, 54}, {40, 4, 0.05, 55}};
    const double above[] = {1e-4, 1e-3, 1e-2, 5e-2};
    size_t by_set = 0, by_dual = 0, by_knapsack = 0, removed = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (size_t u = 0; u < sizeof above / sizeof above[0]; u++) {
            fpt_geography *g = NULL;
            fpt_districts_options o;
            fpt_districts_inst in;
            make_instance(&cases[c], &g, &o, &in);
            size_t n = in.n;
            fpt_districts_lagr quick, slow;
            cr_assert(eq(int, fpt_districts_lagr_init(&quick, &in), FPT_OK));
            cr_assert(eq(int, fpt_districts_lagr_init(&slow, &in), FPT_OK));
            slow.fix_by_knapsack = true;
            for (int round = 0; round < 3; round++) {
                fpt_districts_lagr_ascend(&quick, INFINITY, INFINITY, 300);
                fpt_districts_lagr_ascend(&slow, INFINITY, INFINITY, 300);
                cr_assert(eq(dbl, quick.bound, slow.bound));
                double ub = quick.bound * (1 + above[u]);
                size_t r_quick = fpt_districts_lagr_fix(&quick, ub);
                size_t r_slow = fpt_districts_lagr_fix(&slow, ub);
                cr_expect(eq(sz, r_quick, r_slow), "seed %lu, %g above, round %d",
                          (unsigned long)cases[c].seed, above[u], round);
                bool same = memcmp(quick.allowed, slow.allowed, n * n) == 0 &&
                            memcmp(quick.state, slow.state, n) == 0;
                cr_assert(same, "seed %lu, %g above, round %d: the pairs kept differ",
                          (unsigned long)cases[c].seed, above[u], round);
                removed += r_quick;
                fpt_districts_lagr_restart(&quick, FPT_LAGR_THETA0);
                fpt_districts_lagr_restart(&slow, FPT_LAGR_THETA0);
            }
            by_set += quick.pairs_by[0];
            by_dual += quick.pairs_by[1];
            by_knapsack += quick.pairs_by[2];
            cr_expect(eq(sz, slow.pairs_by[0] + slow.pairs_by[1], 0));
            fpt_districts_lagr_free(&quick);
            fpt_districts_lagr_free(&slow);
            fpt_districts_inst_free(&in);
            fpt_geography_free(g);
        }
    }
    cr_log_info("pairs settled by a set %zu, by the dual bound %zu, by a knapsack %zu; %zu removed",
                by_set, by_dual, by_knapsack, removed);
    cr_expect(by_set > 0 && by_dual > 0 && by_knapsack > 0 && removed > 0,
              "by a set %zu, by the dual bound %zu, by a knapsack %zu, removed %zu", by_set,
              by_dual, by_knapsack, removed);
}

/* Draw centre states: about one centre in six closed, at most one forced, and one to three
   disjoint groups of two to four centres (now and then one of their members closed). */
static void draw_states(signed char *state, size_t n, uint64_t *s)
{
    memset(state, FPT_CENTRE_FREE, n);
    size_t groups = 1 + next_random(s) % 3;
    for (size_t t = 0; t < groups; t++) {
        size_t size = 2 + next_random(s) % 3;
        for (size_t tries = 0; size > 0 && tries < 4 * n; tries++) {
            size_t j = next_random(s) % n;
            if (state[j] == FPT_CENTRE_FREE) {
                state[j] = (signed char)(FPT_CENTRE_GROUP0 + t);
                size--;
            }
        }
    }
    for (size_t j = 0; j < n; j++) {
        if (next_random(s) % 6 == 0) {
            state[j] = (signed char)(state[j] >= FPT_CENTRE_GROUP0 ? -state[j] : FPT_CENTRE_CLOSED);
        }
    }
    size_t f = next_random(s) % (2 * n);
    if (f < n && state[f] == FPT_CENTRE_FREE) {
        state[f] = FPT_CENTRE_FORCED;
    }
}

/* Put state into lg: the states, and no pair to a closed centre. */
static void set_states(fpt_districts_lagr *lg, const signed char *state)
{
    size_t n = lg->in->n;
    memset(lg->allowed, 1, n * n);
    memcpy(lg->state, state, n);
    for (size_t j = 0; j < n; j++) {
        if (fpt_centre_closed(state[j])) {
            for (size_t i = 0; i < n; i++) {
                lg->allowed[i * n + j] = 0;
            }
        }
    }
    lg->dirty = true;
}

/* The least Σ v_j over the sets of k centres from j on that, with those in chosen, respect
   state (enumeration). */
static double least_choice(const signed char *state, const double *v, size_t n, size_t j, size_t k,
                           bool *chosen)
{
    if (k == 0 || j == n) {
        if (k > 0 || !respects_states(state, chosen, n)) {
            return INFINITY;
        }
        double sum = 0;
        for (size_t c = 0; c < n; c++) {
            sum += chosen[c] ? v[c] : 0;
        }
        return sum;
    }
    chosen[j] = true;
    double with = least_choice(state, v, n, j + 1, k - 1, chosen);
    chosen[j] = false;
    return fmin(with, least_choice(state, v, n, j + 1, k, chosen));
}

/*
 * With groups of centres at least one of which must open (the search's branches on a centre's
 * group), the bound chooses the least K centres that respect every state: its value is the
 * least over every set of K (enumeration), lazily priced or not, its K centres respect the
 * states, and they come forced first, then by value, as reduced-cost fixing needs; the next
 * centre is the cheapest left out.
 */
Test(lagrange, groups_of_centres_in_the_bound_match_enumeration)
{
    const lagr_case cases[] = {{12, 3, 0.3, 51}, {14, 4, 0.4, 52}, {16, 5, 0.5, 53}};
    size_t met = 0, infeasible = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&cases[c], &g, &o, &in);
        size_t n = in.n;
        fpt_districts_lagr lg, eager, plain;
        cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
        cr_assert(eq(int, fpt_districts_lagr_init(&eager, &in), FPT_OK));
        cr_assert(eq(int, fpt_districts_lagr_init(&plain, &in), FPT_OK));
        eager.eager = plain.eager = true;
        uint64_t s = cases[c].seed;
        double lambda[64];
        signed char state[64], loose[64];
        for (int draw = 0; draw < 150; draw++) {
            for (size_t i = 0; i < n; i++) {
                lambda[i] = in.cost[i * n + in.near[i * n + 1]] * 3 * next_unit(&s);
            }
            draw_states(state, n, &s);
            for (size_t j = 0; j < n; j++) { /* the same centres open, no group asked for */
                loose[j] = fpt_centre_closed(state[j])     ? FPT_CENTRE_CLOSED
                           : state[j] == FPT_CENTRE_FORCED ? FPT_CENTRE_FORCED
                                                           : FPT_CENTRE_FREE;
            }
            set_states(&lg, state);
            set_states(&eager, state);
            set_states(&plain, loose);
            double v = fpt_districts_lagr_eval(&lg, lambda);
            double ve = fpt_districts_lagr_eval(&eager, lambda);
            fpt_districts_lagr_eval(&plain, lambda);
            bool chosen[64] = {false};
            double expect = least_choice(state, plain.v, n, 0, in.k, chosen);
            for (size_t i = 0; i < n; i++) {
                expect += lambda[i];
            }
            cr_assert(v == ve || (isinf(v) && isinf(ve)), "case %zu draw %d: %.17g vs %.17g", c,
                      draw, v, ve);
            cr_assert(fabs(v - expect) <= 1e-9 * fabs(expect) || (isinf(v) && isinf(expect)),
                      "case %zu draw %d: %.17g, enumeration %.17g", c, draw, v, expect);
            if (isinf(v)) {
                infeasible++;
                continue;
            }
            met++;
            bool is_centre[64] = {false};
            size_t forced = 0;
            for (size_t q = 0; q < lg.n_chosen; q++) {
                is_centre[lg.chosen[q]] = true;
                forced += state[lg.chosen[q]] == FPT_CENTRE_FORCED;
                if (q > 0 && state[lg.chosen[q]] != FPT_CENTRE_FORCED) {
                    size_t a = lg.chosen[q - 1], b = lg.chosen[q];
                    cr_assert(state[a] == FPT_CENTRE_FORCED || lg.v[a] < lg.v[b] ||
                                  (lg.v[a] == lg.v[b] && a < b),
                              "case %zu draw %d: centre %zu before %zu", c, draw, a, b);
                }
            }
            cr_assert(respects_states(state, is_centre, n), "case %zu draw %d", c, draw);
            size_t next = n; /* the cheapest centre left out (ties: the lower index) */
            for (size_t j = 0; j < n; j++) {
                if (!is_centre[j] && isfinite(eager.v[j]) &&
                    (next == n || eager.v[j] < eager.v[next])) {
                    next = j;
                }
            }
            cr_assert(eq(sz, eager.next, next), "case %zu draw %d", c, draw);
            cr_assert(eq(sz, lg.next, next), "case %zu draw %d", c, draw);
            for (size_t q = 0; q < forced; q++) {
                cr_assert(eq(int, state[lg.chosen[q]], FPT_CENTRE_FORCED));
            }
        }
        fpt_districts_lagr_free(&lg);
        fpt_districts_lagr_free(&eager);
        fpt_districts_lagr_free(&plain);
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_log_info("%zu draws chosen, %zu with no choice", met, infeasible);
    cr_expect(met >= 100 && infeasible >= 5, "%zu draws chosen, %zu with no choice", met,
              infeasible);
}

ParameterizedTestParameters(lagrange, fixing_under_groups_never_removes_an_optimal_pair)
{
    return cr_make_param_array(lagr_case, lagr_cases, sizeof lagr_cases / sizeof lagr_cases[0]);
}

/* Rounds of ascent and fixing under drawn centre states, with the optimum among the
   partitions that respect them as the incumbent, keep every pair of every such optimal
   partition and close none of its centres. */
ParameterizedTest(lagr_case *c, lagrange, fixing_under_groups_never_removes_an_optimal_pair)
{
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    size_t n = in.n, checked = 0;
    uint64_t s = c->seed * 31;
    for (int draw = 0; draw < 4; draw++) {
        signed char state[MAX_N];
        draw_states(state, n, &s);
        brute b = {.in = &in, .state = state};
        brute_solve(&b);
        if (!isfinite(b.best)) {
            continue;
        }
        checked++;
        fpt_districts_lagr lg;
        cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
        set_states(&lg, state);
        for (int round = 0; round < 4; round++) {
            fpt_districts_lagr_ascend(&lg, b.best, INFINITY, 3000);
            cr_expect(lg.bound <= b.best * (1 + 1e-9), "seed %lu draw %d: bound %f above %f",
                      (unsigned long)c->seed, draw, lg.bound, b.best);
            fpt_districts_lagr_fix(&lg, b.best * (1 + 1e-12));
            for (size_t p = 0; p < n * n; p++) {
                cr_expect(lg.allowed[p] || !b.opt_pair[p], "seed %lu draw %d: pair (%zu, %zu)",
                          (unsigned long)c->seed, draw, p / n, p % n);
            }
            for (size_t j = 0; j < n; j++) {
                cr_expect(fpt_centre_closed(lg.state[j]) == false || b.opt_centre[j] == false,
                          "seed %lu draw %d: centre %zu closed", (unsigned long)c->seed, draw, j);
            }
            fpt_districts_lagr_restart(&lg, FPT_LAGR_THETA0);
        }
        fpt_districts_lagr_free(&lg);
    }
    cr_log_info("seed %lu: %zu draws with a partition", (unsigned long)c->seed, checked);
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/* Forcing a centre of a group open meets the group, which goes; closing one keeps it. */
Test(lagrange, forcing_a_centre_dissolves_its_group_and_closing_keeps_it)
{
    lagr_case c = {8, 3, 0.3, 15};
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(&c, &g, &o, &in);
    fpt_districts_lagr lg;
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    signed char two = FPT_CENTRE_GROUP0, three = FPT_CENTRE_GROUP0 + 1;
    signed char state[8] = {two, two, two, three, three, 0, 0, 0};
    memcpy(lg.state, state, 8);
    cr_expect(eq(sz, fpt_districts_lagr_close(&lg, 1), 8));
    cr_expect(eq(int, lg.state[1], -two));
    cr_expect(eq(sz, fpt_districts_lagr_close(&lg, 1), 0));
    fpt_districts_lagr_force(&lg, 0);
    signed char after[8] = {FPT_CENTRE_FORCED, FPT_CENTRE_CLOSED, 0, three, three, 0, 0, 0};
    cr_expect(memcmp(lg.state, after, 8) == 0);
    fpt_districts_lagr_force(&lg, 5);
    cr_expect(eq(int, lg.state[5], FPT_CENTRE_FORCED));
    cr_expect(eq(int, lg.state[3], three));
    fpt_districts_lagr_free(&lg);
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/* Fixing has something to remove: across the cases, with the optimum as incumbent, it
   removes pairs (a fixing that never fixed anything would pass the test above). */
Test(lagrange, fixing_removes_pairs)
{
    lagr_case c = {8, 3, 0.3, 15};
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(&c, &g, &o, &in);
    brute b = {.in = &in};
    brute_solve(&b);
    cr_assert(isfinite(b.best));
    fpt_districts_lagr lg;
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    fpt_districts_lagr_ascend(&lg, b.best, INFINITY, 3000);
    cr_expect(fpt_districts_lagr_fix(&lg, b.best * (1 + 1e-12)) > 0);
    fpt_districts_lagr_free(&lg);
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/* The knapsack with lower and upper capacities against enumeration of every set. */
Test(lagrange, knapsack_matches_enumeration)
{
    fpt_knapsack ks;
    cr_assert(eq(int, fpt_knapsack_init(&ks, 14), FPT_OK));
    uint64_t s = 99;
    for (int trial = 0; trial < 400; trial++) {
        size_t m = 1 + next_random(&s) % 14;
        double total = 0;
        for (size_t r = 0; r < m; r++) {
            ks.a[r] = (next_unit(&s) - 0.6) * 100;
            ks.w[r] = 1 + floor(next_unit(&s) * 50);
            total += ks.w[r];
        }
        double lo = floor(next_unit(&s) * total), hi = lo + floor(next_unit(&s) * 30);
        double best = INFINITY;
        for (uint32_t set = 0; set < (1u << m); set++) {
            double w = 0, a = 0;
            for (size_t r = 0; r < m; r++) {
                w += (set >> r & 1) ? ks.w[r] : 0;
                a += (set >> r & 1) ? ks.a[r] : 0;
            }
            best = w >= lo && w <= hi ? fmin(best, a) : best;
        }
        ks.node_limit = FPT_KNAPSACK_NODES;
        fpt_knapsack_result r = fpt_knapsack_solve(&ks, m, lo, hi, INFINITY, false);
        cr_expect(r.lower <= best + 1e-9, "trial %d: lower %f above %f", trial, r.lower, best);
        if (r.exact) {
            cr_expect(isinf(best) ? !r.found : fabs(r.best - best) <= 1e-9, "trial %d: %f vs %f",
                      trial, r.best, best);
        }
        double w = 0, a = 0;
        for (size_t q = 0; r.found && q < m; q++) {
            w += ks.take[q] ? ks.w[q] : 0;
            a += ks.take[q] ? ks.a[q] : 0;
        }
        bool valid = !r.found || (w >= lo && w <= hi && fabs(a - r.best) <= 1e-9);
        cr_expect(valid, "trial %d", trial);
    }
    fpt_knapsack_free(&ks);
}

/* The order of a (key, index) pair for qsort, the reference below. */
typedef struct keyed {
    double key;
    size_t index;
} keyed;

static int keyed_order(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    if (a->key != b->key) {
        return a->key < b->key ? -1 : 1;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The pricing's and the knapsack's sort (fpt_districts_sort_by_key()) against qsort of (key,
   index) pairs: keys drawn from five values so that many tie, every length from 0 to 100
   (both sides of the insertion sort's 16), the indices given in shuffled order, then as the
   answer with a few neighbours swapped (the pricing's start: the last pass's order), then
   reversed. */
Test(lagrange, sorting_by_key_orders_ties_by_index)
{
    uint64_t s = 7;
    for (size_t len = 0; len <= 100; len++) {
        double key[100];
        size_t v[100], tmp[100];
        keyed want[100];
        for (size_t r = 0; r < len; r++) {
            key[r] = (double)(next_random(&s) % 5) - 2.5;
            v[r] = r;
        }
        for (size_t r = len; r > 1; r--) { /* Fisher–Yates */
            size_t q = next_random(&s) % r, t = v[r - 1];
            v[r - 1] = v[q];
            v[q] = t;
        }
        for (size_t r = 0; r < len; r++) {
            want[r] = (keyed){key[v[r]], v[r]};
        }
        qsort(want, len, sizeof *want, keyed_order);
        for (int start = 0; start < 3; start++) {
            for (size_t r = 0; start > 0 && r < len; r++) {
                v[r] = want[start == 1 ? r : len - 1 - r].index;
            }
            for (int swaps = 0; start == 1 && len > 1 && swaps < 3; swaps++) {
                size_t q = next_random(&s) % (len - 1), t = v[q];
                v[q] = v[q + 1];
                v[q + 1] = t;
            }
            fpt_districts_sort_by_key(key, v, len, tmp);
            for (size_t r = 0; r < len; r++) {
                cr_assert(eq(sz, v[r], want[r].index), "length %zu, start %d, place %zu", len,
                          start, r);
            }
        }
    }
}

/* Where the LP cover of need ends, from every guess, against a scan from r + 1: prefix sums
   of random weights, some of them equal, every start r, and needs that land exactly on a
   prefix sum, between two, and on the whole. */
Test(lagrange, the_cover_ends_where_a_scan_finds_it_from_any_guess)
{
    uint64_t s = 11;
    for (size_t n = 1; n <= 40; n++) {
        double w[41] = {0};
        for (size_t q = 1; q <= n; q++) {
            w[q] = w[q - 1] + (next_random(&s) % 3 == 0 ? 7 : 1 + floor(next_unit(&s) * 20));
        }
        for (size_t r = 0; r < n; r++) {
            for (size_t q = r + 1; q <= n; q++) {
                double needs[2] = {w[q] - w[r], w[q] - w[r] - 0.5 * (w[q] - w[q - 1])};
                for (int e = 0; e < 2; e++) {
                    size_t want = r + 1;
                    while (w[want] - w[r] < needs[e]) {
                        want++;
                    }
                    for (size_t q0 = 0; q0 <= n + 2; q0++) {
                        cr_assert(eq(sz, fpt_knapsack_cover_end(w, r, n, needs[e], q0), want),
                                  "n %zu, r %zu, need %g, guess %zu", n, r, needs[e], q0);
                    }
                }
            }
        }
    }
}

/* The best and the worst partitions that have centre j (enumeration). */
typedef struct with_centre {
    const fpt_districts_inst *in;
    size_t j;
    size_t centre_of[MAX_N], worst_of[MAX_N];
    double best, worst;
} with_centre;

static void with_centre_walk(with_centre *w, brute *b, size_t i)
{
    size_t n = w->in->n;
    if (i == n) {
        double c = b->centre_of[w->j] == w->j ? brute_cost(b) : INFINITY;
        w->best = fmin(w->best, c);
        if (isfinite(c) && c > w->worst) {
            w->worst = c;
            memcpy(w->worst_of, b->centre_of, n * sizeof *b->centre_of);
        }
        return;
    }
    for (size_t c = 0; c < n; c++) {
        b->centre_of[i] = c;
        with_centre_walk(w, b, i + 1);
    }
}

ParameterizedTestParameters(lagrange, a_forced_centre_is_never_pruned)
{
    return cr_make_param_array(lagr_case, lagr_cases, sizeof lagr_cases / sizeof lagr_cases[0]);
}

/*
 * The LP-based search with a centre forced open (as the Lagrangian fixing forces them) finds
 * the best partition that has that centre, starting from the worst one as its incumbent: the
 * forced centre's reduced cost must not prune it (G7 applies to columns at zero only).
 */
ParameterizedTest(lagr_case *c, lagrange, a_forced_centre_is_never_pruned)
{
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    size_t n = in.n;
    signed char state[MAX_N];
    for (size_t j = 0; j < n; j++) {
        with_centre w = {.in = &in, .j = j, .best = INFINITY, .worst = -INFINITY};
        brute b = {.in = &in};
        with_centre_walk(&w, &b, 0);
        if (!isfinite(w.best)) {
            continue;
        }
        memset(state, 0, sizeof state);
        state[j] = 1;
        size_t centre_of[MAX_N];
        memcpy(centre_of, w.worst_of, n * sizeof *centre_of);
        fpt_districts_plan best = {.centre_of = centre_of, .cost = w.worst, .found = true};
        fpt_districts_outcome out = {0};
        size_t kept = 0;
        fpt_error err = {0};
        cr_assert(eq(int, fpt_districts_mip(&in, NULL, state, 0, &best, &out, &kept, &err), FPT_OK),
                  "%s", err.message);
        cr_expect(eq(int, out.result, FPT_DISTRICTS_OPTIMAL));
        cr_expect(best.cost <= w.best * (1 + 1e-7), "seed %lu centre %zu: %f, best with it %f",
                  (unsigned long)c->seed, j, best.cost, w.best);
        cr_expect(eq(sz, centre_of[j], j));
    }
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/* The transportation LP of K fixed centres (G1, G2, G4, G5, each centre wholly in its own
   unit) by GLPK's simplex: person-km, INFINITY when infeasible. */
static double transport_by_glpk(const fpt_districts_inst *in, const size_t *centres)
{
    size_t n = in->n, k = in->k;
    glp_prob *lp = glp_create_prob();
    glp_add_rows(lp, (int)(n + k));
    glp_add_cols(lp, (int)(n * k));
    for (size_t i = 0; i < n; i++) {
        glp_set_row_bnds(lp, (int)(i + 1), GLP_FX, 1, 1);
    }
    for (size_t u = 0; u < k; u++) {
        glp_set_row_bnds(lp, (int)(n + u + 1), GLP_DB, in->lo / DISTRICTS_SCALE,
                         in->hi / DISTRICTS_SCALE);
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t u = 0; u < k; u++) {
            int col = (int)(i * k + u + 1), rows[3] = {0, (int)(i + 1), (int)(n + u + 1)};
            double vals[3] = {0, 1, in->pop[i] / DISTRICTS_SCALE};
            bool own = centres[u] == i, other = false;
            for (size_t v = 0; v < k; v++) {
                other = other || (v != u && centres[v] == i);
            }
            glp_set_col_bnds(lp, col, own ? GLP_FX : (other ? GLP_FX : GLP_LO), own ? 1 : 0, 0);
            glp_set_obj_coef(lp, col, in->cost[i * n + centres[u]] / DISTRICTS_SCALE);
            glp_set_mat_col(lp, col, 2, rows, vals);
        }
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    cr_assert(eq(int, glp_simplex(lp, &parm), 0));
    double z = glp_get_status(lp) == GLP_OPT ? glp_get_obj_val(lp) * DISTRICTS_SCALE : INFINITY;
    glp_delete_prob(lp);
    return z;
}

/* A random instance of 12 to 40 CCGs into 2 to 6 units for seed; *s the generator after it. */
static void random_instance(uint64_t seed, uint64_t *s, fpt_geography **g, fpt_districts_options *o,
                            fpt_districts_inst *in)
{
    *s = seed * 7919;
    int n = 12 + (int)(next_random(s) % 29);
    lagr_case c = {n, 2 + next_random(s) % 5, 0.05 + 0.05 * (double)(next_random(s) % 6),
                   seed + 100};
    make_instance(&c, g, o, in);
}

/*
 * The heuristic's transportation LP (districts_transport.c: successive shortest paths, each
 * unit's arcs kept up to date path by path, the search ended at the sink) finds GLPK's
 * optimum for random centres on random geographies of 12 to 40 CCGs, every CCG's people
 * all sent and every unit within its bounds; where it finds no flow, GLPK finds the LP
 * infeasible. Each workspace solves for two sets of centres, as the heuristic's does for
 * many.
 */
Test(lagrange, transportation_lp_matches_glpk)
{
    size_t solved = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        uint64_t s;
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        random_instance(seed, &s, &g, &o, &in);
        fpt_transport tp;
        cr_assert(eq(int, fpt_transport_init(&tp, in.n, in.k), FPT_OK));
        for (int again = 0; again < 2; again++) { /* the same workspace for two sets of centres */
            size_t centres[8], order[64];
            unsigned char is_centre[64] = {0};
            for (size_t u = 0; u < in.k; u++) {
                size_t j = next_random(&s) % in.n;
                while (is_centre[j]) {
                    j = (j + 1) % in.n;
                }
                is_centre[j] = 1;
                centres[u] = j;
            }
            bool ok = fpt_transport_solve(&tp, &in, centres, order, is_centre);
            double z = transport_by_glpk(&in, centres), person_km = 0;
            if (ok) {
                for (size_t i = 0; i < in.n; i++) {
                    double sent = 0;
                    for (size_t u = 0; u < in.k; u++) {
                        double f = tp.flow[i * in.k + u];
                        cr_assert(f >= -1e-6, "seed %llu: negative flow", (unsigned long long)seed);
                        sent += f;
                        person_km += f * in.dist[i * in.n + centres[u]];
                    }
                    cr_assert(fabs(sent - in.pop[i]) <= 1e-6 * in.pop[i], "seed %llu: CCG %zu",
                              (unsigned long long)seed, i);
                }
                for (size_t u = 0; u < in.k; u++) {
                    double load = tp.low[u] + tp.up[u];
                    cr_assert(load >= in.lo - 1e-3 && load <= in.hi + 1e-3, "seed %llu: unit %zu",
                              (unsigned long long)seed, u);
                }
                cr_assert(fabs(person_km - z) <= 1e-7 * z, "seed %llu: %f against GLPK's %f",
                          (unsigned long long)seed, person_km, z);
                solved++;
            } else {
                cr_assert(isinf(z), "seed %llu: no flow, GLPK found %f", (unsigned long long)seed,
                          z);
            }
        }
        fpt_transport_free(&tp);
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_expect(solved >= 40, "only %zu of 80 solves had a flow", solved);
}

/* A property of the heuristic's plan (centre_of, found) on instance in of the given seed. */
typedef void (*plan_check)(const fpt_districts_inst *in, const size_t *centre_of, uint64_t seed);

/* The heuristic on the random geographies of seeds 1 to 20 (12 to 40 CCGs), check() on each
   plan it finds; at least 15 must have one. */
static void check_heuristic_plans(plan_check check)
{
    size_t plans = 0;
    for (uint64_t seed = 1; seed <= 20; seed++) {
        uint64_t s;
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        random_instance(seed, &s, &g, &o, &in);
        fpt_districts_heur h;
        cr_assert(eq(int, fpt_districts_heur_init(&h, &in), FPT_OK));
        size_t centre_of[64];
        fpt_districts_plan best = {.centre_of = centre_of};
        fpt_districts_heuristic(&h, &best);
        plans += best.found;
        if (best.found) {
            check(&in, centre_of, seed);
        }
        fpt_districts_heur_free(&h);
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_expect(plans >= 15, "only %zu of 20 instances had a plan", plans);
}

static void centres_are_1_medians(const fpt_districts_inst *in, const size_t *centre_of,
                                  uint64_t seed)
{
    for (size_t j = 0; j < in->n; j++) {
        size_t centre = centre_of[j];
        double own = 0, there = 0;
        for (size_t i = 0; i < in->n; i++) {
            own += centre_of[i] == centre ? in->cost[i * in->n + centre] : 0;
            there += centre_of[i] == centre ? in->cost[i * in->n + j] : 0;
        }
        cr_assert(own <= there * (1 + 1e-12),
                  "seed %llu: CCG %zu serves its unit for %f, its centre for %f",
                  (unsigned long long)seed, j, there, own);
    }
}

/*
 * The heuristic's descents end where recentring moves no centre (districts_heuristic.c
 * recentre()), so in its plan each unit's centre is the 1-median of its CCGs: no CCG of the
 * unit serves the others with fewer person-km.
 */
Test(lagrange, the_heuristics_centres_are_their_units_1_medians)
{
    check_heuristic_plans(centres_are_1_medians);
}

static void no_swap_lowers(const fpt_districts_inst *in, const size_t *centre_of, uint64_t seed)
{
    size_t n = in->n;
    double load[64] = {0};
    for (size_t i = 0; i < n; i++) {
        load[centre_of[i]] += in->pop[i];
    }
    double cost = fpt_districts_plan_cost(in, centre_of);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            size_t a = centre_of[i], b = centre_of[j];
            if (a == b || a == i || b == j) {
                continue;
            }
            double shift = in->pop[j] - in->pop[i];
            bool fits = load[a] + shift >= in->lo && load[a] + shift <= in->hi &&
                        load[b] - shift >= in->lo && load[b] - shift <= in->hi;
            double dc = in->cost[i * n + b] + in->cost[j * n + a] - in->cost[i * n + a] -
                        in->cost[j * n + b];
            bool lowers = fits && dc < -1e-6 * cost;
            cr_assert(lowers == false, "seed %llu: swapping CCGs %zu and %zu saves %f person-km",
                      (unsigned long long)seed, i, j, -dc);
        }
    }
}

/*
 * The heuristic's descents end with moves and swaps until none lowers (violation, person-km)
 * (districts_heuristic.c polish()), a pass of swaps passing over the pairs that cannot help
 * unread: so in its plan no swap of two non-centre CCGs of different units, both units
 * staying within their bounds, lowers the person-km. Every pair is tried at these sizes.
 */
Test(lagrange, no_swap_lowers_the_heuristics_plan)
{
    check_heuristic_plans(no_swap_lowers);
}

/* A node's state as it went in: multipliers, centre states and allowed pairs. */
typedef struct kept_node {
    double key;
    size_t centre;
    fpt_districts_decision decision;
    double lambda[MAX_N];
    signed char state[MAX_N];
    unsigned char allowed[MAX_N * MAX_N];
} kept_node;

/*
 * The open nodes of the search: 60 random nodes, their keys drawn from 8 values so that many
 * tie, come out by key, of equal keys the last in first, each putting back exactly the
 * multipliers, centre states and allowed pairs it went in with (the root's pairs it lost
 * stay lost, the pairs the root had lost stay lost) and its decision; memory given for two
 * nodes holds two and not three.
 */
Test(lagrange, open_nodes_come_out_least_bound_first_as_they_went_in)
{
    lagr_case c = {MAX_N, 3, 0.2, 41};
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(&c, &g, &o, &in);
    size_t n = in.n;
    fpt_districts_lagr lg;
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    uint64_t s = 77;
    for (size_t p = 0; p < n * n; p++) {
        lg.allowed[p] = p % (n + 1) == 0 || next_random(&s) % 3 != 0; /* the root lost some */
    }
    unsigned char root[MAX_N * MAX_N];
    memcpy(root, lg.allowed, n * n);
    fpt_districts_open op;
    cr_assert(eq(int, fpt_districts_open_init(&op, &lg, SIZE_MAX), FPT_OK));
    static kept_node kept[60];
    for (size_t k = 0; k < 60; k++) {
        kept_node *e = &kept[k];
        e->key = (double)(next_random(&s) % 8);
        e->centre = next_random(&s) % n;
        e->decision = (fpt_districts_decision)(next_random(&s) % 4);
        for (size_t i = 0; i < n; i++) {
            lg.best_lambda[i] = e->lambda[i] = next_unit(&s) * 1e6;
            lg.state[i] = e->state[i] = (signed char)((int)(next_random(&s) % 9) - 4);
        }
        for (size_t p = 0; p < n * n; p++) {
            lg.allowed[p] = e->allowed[p] = root[p] && next_random(&s) % 4 != 0;
        }
        cr_assert(eq(int, fpt_districts_open_push(&op, &lg, e->key, k + 1, e->centre, e->decision),
                     FPT_OK));
    }
    double last_key = -1;
    size_t last_depth = 0;
    for (size_t k = 0; k < 60; k++) {
        cr_assert(eq(dbl, fpt_districts_open_least(&op), op.heap[0].key));
        fpt_districts_open_node node;
        cr_assert(fpt_districts_open_pop(&op, &node));
        const kept_node *e = &kept[node.depth - 1];
        cr_expect(node.key > last_key || (node.key == last_key && node.depth < last_depth),
                  "node %zu of key %g came out after node %zu of key %g", node.depth, node.key,
                  last_depth, last_key);
        last_key = node.key;
        last_depth = node.depth;
        cr_expect(eq(dbl, node.key, e->key));
        cr_expect(eq(sz, node.subject, e->centre));
        cr_expect(eq(int, node.decision, e->decision));
        memset(lg.allowed, 1, n * n);
        fpt_districts_open_restore(&op, &node, &lg);
        cr_expect(memcmp(lg.best_lambda, e->lambda, n * sizeof e->lambda[0]) == 0);
        cr_expect(memcmp(lg.state, e->state, n) == 0);
        cr_expect(memcmp(lg.allowed, e->allowed, n * n) == 0);
    }
    cr_expect(eq(dbl, fpt_districts_open_least(&op), INFINITY));
    fpt_districts_open_node none;
    cr_expect(not(fpt_districts_open_pop(&op, &none)));
    size_t two = 2 * (op.node_bytes + sizeof(fpt_districts_open_node));
    fpt_districts_open_free(&op);
    cr_assert(eq(int, fpt_districts_open_init(&op, &lg, two), FPT_OK));
    cr_expect(fpt_districts_open_room(&op, 2));
    cr_expect(not(fpt_districts_open_room(&op, 3)));
    fpt_districts_open_free(&op);
    fpt_districts_lagr_free(&lg);
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/* One instance solved by the method (steps 1–4), with open_bytes for the open nodes of its
   search (branching on single centres only when alone), and by GLPK alone; the nodes the
   search over the centres took, and how many of them branched on a centre's group into
   *groups. */
static size_t solve_both_ways(const lagr_case *c, size_t open_bytes, bool alone, size_t *groups)
{
    fpt_districts_options o;
    fpt_geography *g = NULL;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    in.open_bytes = open_bytes;
    in.centres_alone = alone;
    size_t centre_of[2][64], kept = 0;
    fpt_districts_plan plan[2] = {{.centre_of = centre_of[0]}, {.centre_of = centre_of[1]}};
    fpt_districts_outcome out[2] = {{0}, {0}};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve_fast(&in, &plan[0], &out[0], &kept, &err), FPT_OK), "%s",
              err.message);
    cr_assert(eq(int, fpt_districts_solve_plain(&in, &plan[1], &out[1], &kept, &err), FPT_OK), "%s",
              err.message);
    cr_expect(eq(int, out[0].result, out[1].result), "seed %lu", (unsigned long)c->seed);
    if (out[1].result == FPT_DISTRICTS_OPTIMAL) {
        cr_expect(fabs(plan[0].cost - plan[1].cost) <= 2e-7 * plan[1].cost,
                  "seed %lu: %f against GLPK's %f", (unsigned long)c->seed, plan[0].cost,
                  plan[1].cost);
    }
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
    *groups = out[0].group_nodes;
    return out[0].nodes;
}

/* Memory for the open nodes: all the search needs (least bound first), none (depth-first),
   and room for a few nodes, so that the search goes depth-first below some of them. */
static const size_t open_memory[] = {FPT_OPEN_BYTES, 0, 2048};

/*
 * The branch-and-bound over the centres (step 4: the most fractional centre first, the
 * Lagrangian bound at each node, GLPK at the leaves) proves the optimum GLPK alone finds, on
 * random geographies of 20 to 32 CCGs with tight bounds, where the root bound leaves a gap,
 * whether it goes on from the least bound, depth-first or both; across them it branches,
 * on single centres and on centres' groups (a search that never branched, or never on a
 * group, would pass the comparison alone).
 */
Test(lagrange, search_over_centres_proves_glpks_optimum)
{
    for (size_t m = 0; m < sizeof open_memory / sizeof open_memory[0]; m++) {
        size_t branched = 0, on_groups = 0, nodes = 0;
        for (uint64_t seed = 1; seed <= 12; seed++) {
            uint64_t s = seed * 104729;
            lagr_case c = {20 + (int)(next_random(&s) % 13), 3 + next_random(&s) % 3,
                           0.03 + 0.02 * (double)(next_random(&s) % 4), seed + 300};
            size_t groups = 0, took = solve_both_ways(&c, open_memory[m], false, &groups);
            branched += took > 1;
            nodes += took;
            on_groups += groups;
        }
        cr_log_info("%zu bytes: %zu of 12 instances branched; %zu of %zu nodes on groups",
                    open_memory[m], branched, on_groups, nodes);
        cr_expect(branched >= 3, "%zu bytes: only %zu of 12 instances branched", open_memory[m],
                  branched);
        cr_expect(on_groups >= 3 && on_groups < nodes, "%zu bytes: %zu of %zu nodes on groups",
                  open_memory[m], on_groups, nodes);
    }
}

/* An instance whose search branches on groups of centres proves the same optimum branching on
   single centres alone (centres_alone, as the groups of units re-solved search), with no node
   on a group. */
Test(lagrange, a_search_on_single_centres_alone_never_forms_a_group)
{
    size_t instances = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        uint64_t s = seed * 104729;
        lagr_case c = {20 + (int)(next_random(&s) % 13), 3 + next_random(&s) % 3,
                       0.03 + 0.02 * (double)(next_random(&s) % 4), seed + 300};
        size_t groups = 0;
        solve_both_ways(&c, FPT_OPEN_BYTES, false, &groups);
        if (groups > 0) {
            size_t none = 1;
            size_t took = solve_both_ways(&c, FPT_OPEN_BYTES, true, &none);
            cr_expect(eq(sz, none, 0), "seed %lu: %zu of %zu nodes on groups", (unsigned long)seed,
                      none, took);
            instances++;
        }
    }
    cr_expect(instances >= 2, "only %zu instances branched on groups", instances);
}

/* The method on c, leaves' GLPK searches of at most leaf_work nodes times rows (0: any),
   open_bytes for its open nodes; with first > 0, the search goes first for first evaluations
   and the cuts' pricing (no rounds of cuts, no MIP over the units) follows it, else no cuts;
   its plan's person-km into *cost. */
static fpt_districts_outcome solve_with_leaves(const lagr_case *c, size_t leaf_work,
                                               size_t open_bytes, size_t first, double *cost)
{
    fpt_districts_options o;
    fpt_geography *g = NULL;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    in.open_bytes = open_bytes;
    in.leaf_work = leaf_work;
    if (first > 0) {
        in.cuts = true;
        in.first_evals = first;
        in.cut_rounds = 0;
        in.units_mip = false;
    }
    size_t centre_of[64], kept = 0;
    fpt_districts_plan plan = {.centre_of = centre_of};
    fpt_districts_outcome out = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve_fast(&in, &plan, &out, &kept, &err), FPT_OK), "%s",
              err.message);
    cr_assert(eq(int, out.result, FPT_DISTRICTS_OPTIMAL), "seed %lu", (unsigned long)c->seed);
    cr_assert(fabs(plan.cost - fpt_districts_plan_cost(&in, centre_of)) <= 1e-9 * plan.cost);
    *cost = plan.cost;
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
    return out;
}

/* Random geographies of 30–42 CCGs with bounds of ±1%, whose leaves need tens of GLPK nodes
   or more. */
static const lagr_case split_cases[] = {
    {42, 4, 0.01, 903}, {42, 5, 0.01, 907}, {30, 4, 0.01, 924}, {38, 4, 0.01, 930}};

/*
 * A leaf whose GLPK search passes its nodes (fpt_districts_inst.leaf_work over its rows) is
 * split on a CCG–centre pair, the CCG in that centre's unit or not, and the search still
 * proves the optimum it proves with GLPK's searches run to the end (which the tests above hold
 * to GLPK's own): on split_cases, with leaves of one node and of about twenty (10,000 nodes
 * times rows, of some 300–600 rows), from the least bound, depth-first, and with room for a
 * few open nodes (where a split's children go as a branch's do); and leaves were split, more
 * than once in a solve too.
 */
Test(lagrange, a_leaf_past_its_nodes_is_split_on_a_pair_to_the_optimum)
{
    static const size_t leaf_work[] = {1, 10000};
    size_t split = 0, again = 0;
    for (size_t k = 0; k < sizeof split_cases / sizeof split_cases[0]; k++) {
        const lagr_case c = split_cases[k];
        double optimum = 0, cost = 0;
        solve_with_leaves(&c, 0, FPT_OPEN_BYTES, 0, &optimum);
        for (size_t m = 0; m < sizeof open_memory / sizeof open_memory[0]; m++) {
            for (size_t l = 0; l < sizeof leaf_work / sizeof leaf_work[0]; l++) {
                fpt_districts_outcome out =
                    solve_with_leaves(&c, leaf_work[l], open_memory[m], 0, &cost);
                cr_expect(fabs(cost - optimum) <= 2e-7 * optimum,
                          "seed %lu, leaves of %zu, %zu bytes: %f against %f",
                          (unsigned long)c.seed, leaf_work[l], open_memory[m], cost, optimum);
                split += out.leaves_split;
                again += out.leaves_split > 1;
            }
        }
    }
    cr_log_info("%zu leaves split; %zu solves split more than one", split, again);
    cr_expect(split >= 20 && again >= 4, "%zu leaves split; %zu solves split more than one", split,
              again);
}

/* The method on c with at most max_evals evaluations of the bound (0: none) and open_bytes
   for the open nodes of its search. */
static fpt_districts_outcome solve_with_limit(const lagr_case *c, size_t max_evals,
                                              size_t open_bytes, size_t *centre_of, double *cost)
{
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    in.open_bytes = open_bytes;
    o.max_evals = max_evals;
    fpt_districts_plan plan = {.centre_of = centre_of};
    fpt_districts_outcome out = {0};
    size_t kept = 0;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve_fast(&in, &plan, &out, &kept, &err), FPT_OK), "%s",
              err.message);
    cr_assert(plan.found);
    cr_assert(fabs(plan.cost - fpt_districts_plan_cost(&in, centre_of)) <= 1e-9 * plan.cost);
    *cost = plan.cost;
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
    return out;
}

/*
 * A search stopped by its limit on evaluations (what sizing's first passes give each K) ends
 * with a plan no cheaper and a bound no dearer than the optimum, on the instances of the test
 * above, at its root and halfway through, from the least bound and depth-first; a limit the
 * search stays within changes neither the result nor the plan.
 */
Test(lagrange, a_limit_on_evaluations_stops_the_search_with_a_valid_plan_and_bound)
{
    size_t stopped[4] = {0};
    for (uint64_t seed = 1; seed <= 12; seed++) {
        for (size_t m = 0; m < 2; m++) {
            uint64_t s = seed * 104729;
            lagr_case c = {20 + (int)(next_random(&s) % 13), 3 + next_random(&s) % 3,
                           0.03 + 0.02 * (double)(next_random(&s) % 4), seed + 300};
            size_t mem = open_memory[m], plan[4][64];
            double cost[4];
            fpt_districts_outcome run[4];
            run[0] = solve_with_limit(&c, 0, mem, plan[0], &cost[0]);
            run[1] = solve_with_limit(&c, 1000000000, mem, plan[1], &cost[1]);
            run[2] = solve_with_limit(&c, 1, mem, plan[2], &cost[2]);
            run[3] = solve_with_limit(&c, (run[0].work + run[2].work) / 2, mem, plan[3], &cost[3]);
            cr_expect(eq(int, run[1].result, run[0].result), "seed %lu", (unsigned long)c.seed);
            cr_expect(memcmp(plan[0], plan[1], (size_t)c.n * sizeof plan[0][0]) == 0, "seed %lu",
                      (unsigned long)c.seed);
            for (size_t r = 2; r < 4; r++) {
                if (run[r].result == FPT_DISTRICTS_LIMIT) {
                    stopped[r]++;
                    cr_expect(cost[r] >= cost[0] * (1 - 1e-7), "seed %lu: %f below the optimum %f",
                              (unsigned long)c.seed, cost[r], cost[0]);
                    cr_expect(run[r].bound <= cost[0] * (1 + 1e-9), "seed %lu: bound %f above %f",
                              (unsigned long)c.seed, run[r].bound, cost[0]);
                }
            }
        }
    }
    cr_expect(stopped[2] >= 6 && stopped[3] >= 6,
              "of 24 searches, only %zu stopped at the root, %zu halfway", stopped[2], stopped[3]);
}

/* What a chain of calls that go on with one search ended with. */
typedef struct chain {
    fpt_districts_outcome out; /* the last call's */
    size_t calls;              /* calls that stopped at a limit with the search kept */
    size_t split;              /* of them, those that had split a leaf */
    bool lost;                 /* the last stopped at a limit without it */
} chain;

/*
 * The method on c (leaves' GLPK searches of at most leaf_work nodes times rows) stopped by a
 * limit of first evaluations, then gone on with, step more each
 * time, until it ends or can go on no further; every stop checked against the optimum
 * (person-km): a plan no cheaper and a bound no dearer, neither going back, the work counted
 * from the first call.
 */
static chain go_on_until_done(const lagr_case *c, size_t open_bytes, size_t leaf_work, size_t first,
                              size_t step, double optimum, size_t *centre_of, double *cost)
{
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(c, &g, &o, &in);
    in.open_bytes = open_bytes;
    in.leaf_work = leaf_work;
    o.max_evals = first;
    fpt_districts_plan plan = {.centre_of = centre_of};
    fpt_districts_bnb *kept = NULL;
    chain ch = {0};
    size_t n_kept = 0;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve_kept(&in, &plan, &ch.out, &n_kept, &kept, &err), FPT_OK),
              "%s", err.message);
    double lagrangian = ch.out.lagrangian;
    while (kept != NULL) {
        cr_assert(eq(int, ch.out.result, FPT_DISTRICTS_LIMIT));
        cr_assert(le(dbl, ch.out.bound, optimum * (1 + 1e-9)), "seed %lu", (unsigned long)c->seed);
        cr_assert(ge(dbl, plan.cost, optimum * (1 - 1e-7)), "seed %lu", (unsigned long)c->seed);
        ch.calls++;
        ch.split += ch.out.leaves_split > 0;
        fpt_districts_outcome before = ch.out;
        double before_cost = plan.cost;
        o.max_evals = before.work + step;
        cr_assert(eq(int, fpt_districts_go_on(&kept, &ch.out, &n_kept, &err), FPT_OK), "%s",
                  err.message);
        cr_assert(ge(sz, ch.out.work, before.work), "seed %lu", (unsigned long)c->seed);
        cr_assert(ge(sz, ch.out.nodes, before.nodes), "seed %lu", (unsigned long)c->seed);
        cr_assert(ge(dbl, fmin(ch.out.bound, plan.cost), before.bound * (1 - 1e-12)), "seed %lu",
                  (unsigned long)c->seed);
        cr_assert(le(dbl, plan.cost, before_cost), "seed %lu", (unsigned long)c->seed);
        cr_assert(eq(dbl, ch.out.lagrangian, lagrangian), "the root's bound was not kept");
    }
    ch.lost = ch.out.result == FPT_DISTRICTS_LIMIT;
    cr_assert(plan.found);
    *cost = plan.cost;
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
    return ch;
}

/*
 * A search stopped by its limit on work (sizing's passes) goes on where it stopped, rather
 * than starting again, and ends at the optimum, on the instances of the tests above: stopped
 * at the root, then every eighth of the work the whole search takes. With the memory it
 * needs it can always go on; with none (depth-first) it never can, since the other children
 * of its branches are on the stack; with room for a few nodes, until that runs out.
 */
Test(lagrange, a_search_stopped_by_its_limit_goes_on_to_the_optimum)
{
    size_t went_on[3] = {0}, lost[3] = {0};
    for (uint64_t seed = 1; seed <= 12; seed++) {
        uint64_t s = seed * 104729;
        lagr_case c = {20 + (int)(next_random(&s) % 13), 3 + next_random(&s) % 3,
                       0.03 + 0.02 * (double)(next_random(&s) % 4), seed + 300};
        for (size_t m = 0; m < 3; m++) {
            size_t mem = open_memory[m], plan[2][64];
            double cost[2];
            fpt_districts_outcome whole = solve_with_limit(&c, 0, mem, plan[0], &cost[0]);
            chain ch = go_on_until_done(&c, mem, FPT_LEAF_WORK, 1, 1 + whole.work / 8, cost[0],
                                        plan[1], &cost[1]);
            went_on[m] += ch.calls > 1;
            lost[m] += ch.lost;
            if (mem == FPT_OPEN_BYTES) {
                cr_expect(not(ch.lost), "seed %lu: the search could not go on",
                          (unsigned long)c.seed);
            }
            if (mem == 0) {
                cr_expect(eq(sz, ch.calls, 0), "seed %lu: a depth-first search went on",
                          (unsigned long)c.seed);
            }
            if (!ch.lost) {
                cr_expect(eq(int, ch.out.result, FPT_DISTRICTS_OPTIMAL));
                cr_expect(fabs(cost[1] - cost[0]) <= 1e-9 * cost[0],
                          "seed %lu: %f gone on, %f at once", (unsigned long)c.seed, cost[1],
                          cost[0]);
            }
        }
    }
    cr_log_info("went on more than once: %zu, %zu, %zu; lost: %zu, %zu, %zu", went_on[0],
                went_on[1], went_on[2], lost[0], lost[1], lost[2]);
    cr_expect(went_on[0] >= 3, "only %zu searches went on more than once", went_on[0]);
    cr_expect(lost[1] >= 3, "only %zu depth-first searches stopped", lost[1]);
}

/*
 * A search that splits leaves goes on like any other: on split_cases, with leaves of one
 * node, from the least bound, stopped by a limit on work at the root and then every eighth of
 * the work the whole search takes, it ends at the optimum, searches having been stopped, and
 * gone on with, after splitting leaves; and the search before the cuts, given 50, 200 and 800
 * evaluations, leaves nodes that the search after the cuts' pricing goes on from, to the same
 * optimum, in solves that split leaves.
 */
Test(lagrange, a_search_that_splits_leaves_goes_on_to_the_optimum)
{
    size_t split = 0, carried_split = 0;
    for (size_t k = 0; k < sizeof split_cases / sizeof split_cases[0]; k++) {
        const lagr_case *c = &split_cases[k];
        size_t plan[64];
        double optimum = 0, cost = 0;
        fpt_districts_outcome whole = solve_with_leaves(c, 1, FPT_OPEN_BYTES, 0, &optimum);
        chain ch =
            go_on_until_done(c, FPT_OPEN_BYTES, 1, 1, 1 + whole.work / 8, optimum, plan, &cost);
        cr_expect(not(ch.lost), "seed %lu: the search could not go on", (unsigned long)c->seed);
        cr_expect(eq(int, ch.out.result, FPT_DISTRICTS_OPTIMAL));
        cr_expect(fabs(cost - optimum) <= 2e-7 * optimum, "seed %lu: %f gone on, %f at once",
                  (unsigned long)c->seed, cost, optimum);
        split += ch.split;
        for (size_t first = 50; first <= 800; first *= 4) {
            fpt_districts_outcome out = solve_with_leaves(c, 1, FPT_OPEN_BYTES, first, &cost);
            cr_expect(fabs(cost - optimum) <= 2e-7 * optimum,
                      "seed %lu, %zu evaluations before the cuts: %f against %f",
                      (unsigned long)c->seed, first, cost, optimum);
            carried_split += out.carried > 0 && out.leaves_split > 0;
        }
    }
    cr_log_info("%zu solves went on after the cuts from nodes carried, with leaves split",
                carried_split);
    cr_expect(carried_split >= 3,
              "only %zu solves went on after the cuts from nodes carried, with leaves split",
              carried_split);
    cr_log_info("%zu stops came after a leaf was split", split);
    cr_expect(split >= 4, "only %zu stops came after a leaf was split", split);
}

/*
 * fpt_districts_solve_on(): a search kept goes on, call after call with a larger limit on
 * work, to the partition fpt_districts_solve() gives; it takes the seeds of the call that goes
 * on (the optimum, given as a seed, is the plan at once); it refuses other K or bounds and
 * is then left as it was; and without a search to keep it is fpt_districts_solve().
 */
Test(lagrange, a_districting_goes_on_through_the_public_call)
{
    size_t went_on = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        uint64_t s = seed * 104729;
        lagr_case c = {20 + (int)(next_random(&s) % 13), 3 + next_random(&s) % 3,
                       0.03 + 0.02 * (double)(next_random(&s) % 4), seed + 300};
        fpt_geography *g = random_geography(c.n, c.seed);
        fpt_districts_options o;
        fpt_districts_options_init(&o);
        o.n_units = c.k;
        o.target_pop = 0;
        o.tolerance = c.tolerance;
        fpt_error err = {0};
        fpt_partition *whole = NULL, *p = NULL;
        cr_assert(eq(int, fpt_districts_solve(g, &o, &whole, &err), FPT_OK), "%s", err.message);
        fpt_districts_search *search = NULL;
        o.max_evals = 1;
        cr_assert(eq(int, fpt_districts_solve_on(g, &o, &search, &p, &err), FPT_OK), "%s",
                  err.message);
        for (size_t call = 0; search != NULL; call++) {
            cr_assert(eq(int, p->result, FPT_DISTRICTS_LIMIT));
            went_on += call == 0;
            fpt_districts_options other = o;
            other.n_units = c.k + 1;
            fpt_partition *refused = NULL;
            cr_assert(
                eq(int, fpt_districts_solve_on(g, &other, &search, &refused, &err), FPT_EUSAGE));
            cr_assert(not(eq(ptr, search, NULL)), "a refused call freed the search");
            other = o;
            other.tolerance = c.tolerance / 2;
            cr_assert(
                eq(int, fpt_districts_solve_on(g, &other, &search, &refused, &err), FPT_EUSAGE));
            cr_assert(eq(ptr, refused, NULL));
            fpt_partition_free(p);
            o.max_evals += 200;
            const fpt_partition *seeds[] = {whole};
            o.seeds = call == 1 ? seeds : NULL; /* the optimum itself, on the second call */
            o.n_seeds = call == 1;
            cr_assert(eq(int, fpt_districts_solve_on(g, &o, &search, &p, &err), FPT_OK), "%s",
                      err.message);
            if (call == 1) {
                cr_expect(fabs(p->objective - whole->objective) <= 1e-9 * whole->objective,
                          "seed %lu: the seed was not taken", (unsigned long)c.seed);
            }
        }
        cr_expect(eq(int, p->result, whole->result), "seed %lu", (unsigned long)c.seed);
        cr_expect(fabs(p->objective - whole->objective) <= 1e-9 * whole->objective, "seed %lu",
                  (unsigned long)c.seed);
        cr_expect(eq(dbl, p->heuristic, whole->heuristic), "seed %lu", (unsigned long)c.seed);
        fpt_partition_free(p);
        o.max_evals = 0;
        o.seeds = NULL;
        o.n_seeds = 0;
        cr_assert(eq(int, fpt_districts_solve_on(g, &o, NULL, &p, &err), FPT_OK));
        cr_expect(eq(int, memcmp(p->unit_of, whole->unit_of, c.n * sizeof *p->unit_of), 0));
        fpt_partition_free(p);
        fpt_partition_free(whole);
        fpt_geography_free(g);
    }
    cr_expect(went_on >= 3, "only %zu districtings went on", went_on);
}

/*
 * Under a limit on work, the nodes of GLPK's searches at the leaves count towards it, and
 * such a search stops once the work left when it began is spent (GLPK stops between nodes,
 * having created at most a few past it). (That a limit the whole search stays within changes
 * nothing, the leaves' searches counted, is the test above.) On random geographies of 52
 * CCGs with bounds of ±1% and ±2%, where leaves need thousands of nodes, with budgets from 300
 * to 6,000 evaluations past the root's own. The search goes depth-first, which reaches leaves
 * within such budgets; from the least bound it bounds most nodes before any leaf, and counts a
 * leaf's work the same way.
 */
Test(lagrange, a_limit_on_work_bounds_the_leaves_searches_too)
{
    static const lagr_case cases[] = {
        {52, 7, 0.02, 906}, {52, 7, 0.01, 908}, {52, 7, 0.01, 928}, {52, 7, 0.01, 944}};
    static const size_t extra[] = {300, 1000, 3000, 6000};
    size_t cut = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const lagr_case *c = &cases[k];
        size_t plan[64];
        double cost = 0;
        fpt_districts_outcome root = solve_with_limit(c, 1, 0, plan, &cost);
        for (size_t e = 0; e < sizeof extra / sizeof extra[0]; e++) {
            fpt_districts_outcome out = solve_with_limit(c, root.work + extra[e], 0, plan, &cost);
            cr_expect(out.leaf_excess <= 3, "seed %lu, limit %zu: a leaf took %zu nodes too many",
                      (unsigned long)c->seed, root.work + extra[e], out.leaf_excess);
            cut += out.leaves_cut;
        }
    }
    cr_log_info("%zu leaves' searches stopped by the limit", cut);
    cr_expect(cut >= 3, "only %zu leaves' searches were stopped by the limit", cut);
}

/* The person-km of the CCGs of plan centre_of whose centre is one of the group's. */
typedef struct group_part {
    size_t centre[FPT_GROUP_UNITS_WIDE];
    fpt_ccg ccg[64];
    size_t m;
    double person_km;
} group_part;

/* The group of the unit centred at c: c and the units − 1 centres nearest it (ties: the lower
   index), the CCGs in their units and those CCGs' person-km under centre_of. */
static group_part group_of(const fpt_geography *g, const fpt_districts_inst *in,
                           const size_t *centre_of, size_t c, size_t units)
{
    group_part p = {.m = 0};
    size_t n = in->n, taken = 0;
    bool in_group[64] = {false};
    while (taken < units) {
        size_t pick = n;
        for (size_t j = 0; j < n; j++) {
            if (centre_of[j] == j && !in_group[j] &&
                (pick == n || in->dist[c * n + j] < in->dist[c * n + pick])) {
                pick = j;
            }
        }
        in_group[pick] = true;
        p.centre[taken++] = pick;
    }
    for (size_t i = 0; i < n; i++) {
        if (in_group[centre_of[i]]) {
            p.ccg[p.m++] = g->ccgs[i];
            p.person_km += in->cost[i * n + centre_of[i]];
        }
    }
    return p;
}

/* GLPK's optimum for the CCGs of a group as a districting of their own: units units, the same
   bounds. */
static double group_optimum(const fpt_districts_inst *in, group_part *p, size_t units)
{
    fpt_geography sub = {.n_ccgs = p->m, .ccgs = p->ccg};
    for (size_t a = 0; a < p->m; a++) {
        sub.pop_total += p->ccg[a].pop;
    }
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.n_units = units;
    fpt_districts_inst s;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_inst_init(&s, &sub, &o, fpt_clock_s(), &err), FPT_OK), "%s",
              err.message);
    s.lo = in->lo;
    s.hi = in->hi;
    size_t centre_of[64], kept = 0;
    fpt_districts_plan plan = {.centre_of = centre_of};
    fpt_districts_outcome out = {0};
    cr_assert(eq(int, fpt_districts_solve_plain(&s, &plan, &out, &kept, &err), FPT_OK), "%s",
              err.message);
    cr_assert(eq(int, out.result, FPT_DISTRICTS_OPTIMAL));
    fpt_districts_inst_free(&s);
    return plan.cost;
}

/* The plan of best meets the bounds and costs, on the CCGs of every unit's group of units
   units, what GLPK's optimum for those CCGs alone costs. */
static void expect_groups_optimal(const lagr_case *c, const fpt_geography *g,
                                  const fpt_districts_inst *in, const fpt_districts_plan *best,
                                  size_t units)
{
    double load[64] = {0};
    for (size_t i = 0; i < in->n; i++) {
        load[best->centre_of[i]] += in->pop[i];
    }
    for (size_t j = 0; j < in->n; j++) {
        if (best->centre_of[j] != j) {
            continue;
        }
        cr_expect(load[j] >= in->lo && load[j] <= in->hi, "seed %lu: unit %zu holds %f",
                  (unsigned long)c->seed, j, load[j]);
        group_part p = group_of(g, in, best->centre_of, j, units);
        double opt = group_optimum(in, &p, units);
        cr_expect(p.person_km <= opt * (1 + 1e-7), "seed %lu, group of %zu of %zu: %f against %f",
                  (unsigned long)c->seed, units, j, p.person_km, opt);
    }
}

/* Regroup the plan of best by groups of units units (from the plan as it is), and check it:
   it costs no more and expect_groups_optimal(). True when it improved. */
static bool regroup_checked(const lagr_case *c, const fpt_geography *g,
                            const fpt_districts_inst *in, fpt_districts_heur *h,
                            fpt_districts_plan *best, size_t units)
{
    double before = best->cost;
    fpt_districts_regroup(h, best, fpt_districts_solve_fast, units);
    cr_expect(best->cost <= before, "seed %lu, groups of %zu", (unsigned long)c->seed, units);
    expect_groups_optimal(c, g, in, best, units);
    return best->cost < before * (1 - 1e-9);
}

/*
 * On six random geographies of n to n + 4 CCGs into k units (bounds of ±10–20%, seeds after
 * seed), the heuristic's plan regrouped by groups of sizes[0], then sizes[1], …, each checked
 * (regroup_checked()); groups of more than half of the k units then leave it alone. Returns
 * how many plans the last size improved.
 */
static size_t regroup_six(int n, size_t k, uint64_t seed, const size_t *sizes, size_t n_sizes)
{
    size_t improved = 0;
    for (uint64_t t = 1; t <= 6; t++) {
        lagr_case c = {n + 2 * (int)(t % 3), k, 0.1 + 0.05 * (double)(t % 3), seed + t};
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&c, &g, &o, &in);
        fpt_districts_heur h;
        cr_assert(eq(int, fpt_districts_heur_init(&h, &in), FPT_OK));
        size_t centre_of[64];
        fpt_districts_plan best = {.centre_of = centre_of};
        fpt_districts_heuristic(&h, &best);
        cr_assert(best.found, "seed %lu: no plan", (unsigned long)c.seed);
        for (size_t q = 0; q < n_sizes; q++) {
            bool better = regroup_checked(&c, g, &in, &h, &best, sizes[q]);
            improved += q + 1 == n_sizes && better;
        }
        size_t before[64];
        memcpy(before, centre_of, sizeof before);
        fpt_districts_regroup(&h, &best, fpt_districts_solve_fast, k / 2 + 1);
        cr_expect(eq(int, memcmp(before, centre_of, in.n * sizeof *centre_of), 0),
                  "seed %lu: groups of %zu of %zu units", (unsigned long)c.seed, k / 2 + 1, k);
        fpt_districts_heur_free(&h);
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    return improved;
}

/*
 * Re-solving groups of neighbouring units (step 1): from the heuristic's plan, on random
 * geographies of 44 to 48 CCGs into 12 units, groups of FPT_GROUP_UNITS leave a plan that
 * costs no more, meets the bounds and is optimal on every unit's group (regroup_six());
 * across the instances they improve some plans (a step that never changed anything would
 * pass the rest alone).
 */
Test(lagrange, regrouping_leaves_every_group_of_units_at_its_optimum)
{
    size_t sizes[] = {FPT_GROUP_UNITS};
    size_t improved = regroup_six(44, 12, 500, sizes, 1);
    cr_expect(improved >= 2, "only %zu of 6 plans improved", improved);
}

/*
 * Wider groups after narrower ones (step 1, after the root): on random geographies of 40 to
 * 44 CCGs into 16 units, the plan that groups of FPT_GROUP_UNITS left is regrouped by groups
 * of 8 units, and is then optimal on every group of 8 (regroup_six()); on some instances the
 * wider groups improve what the narrower ones had left at their optimum. Groups of 9, more
 * than half of the 16 units, leave the plan alone.
 */
Test(lagrange, wider_groups_improve_what_narrower_ones_left)
{
    size_t sizes[] = {FPT_GROUP_UNITS, 8};
    cr_expect(regroup_six(40, 16, 600, sizes, 2) >= 1, "no plan improved by wider groups");
}

/*
 * The wider groups once after the root (step 1): on the geographies of the test above, each
 * solved with its search stopped as soon as the root's bound is reached (a limit of one
 * evaluation), and with wider groups of 8 units (the method's twelve begin at K = 48), the
 * plan is optimal on every group of 8 units. Without them, some plans cost more.
 */
Test(lagrange, wider_groups_follow_a_root_that_proves_nothing)
{
    size_t improved = 0;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        lagr_case c = {40 + 2 * (int)(seed % 3), 16, 0.1 + 0.05 * (double)(seed % 3), seed + 600};
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&c, &g, &o, &in);
        o.max_evals = 1;
        double cost[2];
        for (size_t wide = 0; wide < 2; wide++) {
            in.wide_units = wide ? 8 : 0;
            size_t centre_of[64], kept = 0;
            fpt_districts_plan best = {.centre_of = centre_of};
            fpt_districts_outcome out = {0};
            fpt_error err = {0};
            cr_assert(eq(int, fpt_districts_solve_fast(&in, &best, &out, &kept, &err), FPT_OK),
                      "%s", err.message);
            cr_assert(best.found);
            cost[wide] = best.cost;
            if (wide) {
                expect_groups_optimal(&c, g, &in, &best, 8);
            }
        }
        cr_expect(cost[1] <= cost[0] * (1 + 1e-9), "seed %lu", (unsigned long)c.seed);
        improved += cost[1] < cost[0] * (1 - 1e-9);
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_expect(improved >= 1, "the wider groups improved no plan");
}

/*
 * The heuristic's starts and swaps, and the groups re-solved, on several threads at once
 * (step 1): on random geographies of 56 to 60 CCGs into 16 units, the heuristic's plan, and
 * the plan, its person-km and the work counted after the groups of FPT_GROUP_UNITS, are one
 * thread's at two, three and four threads. Several swaps of a centre often lower the plan (the
 * first in order is kept), and the groups improve most of these plans, so that a group solved
 * ahead of its turn is often one an earlier group changed, to be built and solved again.
 */
Test(lagrange, starts_and_groups_on_threads_give_one_threads_plan)
{
    size_t improved = 0;
    for (uint64_t t = 1; t <= 6; t++) {
        lagr_case c = {56 + 2 * (int)(t % 3), 16, 0.1 + 0.05 * (double)(t % 3), 700 + t};
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&c, &g, &o, &in);
        size_t centre_of[64], start[64], one[64];
        double start_cost = 0, one_cost = 0;
        size_t one_work = 0;
        for (int threads = 1; threads <= 4; threads++) {
            o.threads = threads;
            fpt_districts_heur h;
            cr_assert(eq(int, fpt_districts_heur_init(&h, &in), FPT_OK));
            fpt_districts_plan best = {.centre_of = centre_of};
            fpt_districts_heuristic(&h, &best);
            cr_assert(best.found, "seed %lu: no plan", (unsigned long)c.seed);
            if (threads == 1) {
                memcpy(start, centre_of, sizeof start);
                start_cost = best.cost;
            }
            cr_expect(eq(int, memcmp(start, centre_of, in.n * sizeof *centre_of), 0),
                      "seed %lu: the heuristic's plan at %d threads", (unsigned long)c.seed,
                      threads);
            fpt_districts_regroup(&h, &best, fpt_districts_solve_fast, FPT_GROUP_UNITS);
            if (threads == 1) {
                memcpy(one, centre_of, sizeof one);
                one_cost = best.cost;
                one_work = h.group_work;
                improved += best.cost < start_cost;
            }
            cr_expect(eq(int, memcmp(one, centre_of, in.n * sizeof *centre_of), 0),
                      "seed %lu: the plan at %d threads", (unsigned long)c.seed, threads);
            cr_expect(best.cost == one_cost, "seed %lu: %f at %d threads against %f",
                      (unsigned long)c.seed, best.cost, threads, one_cost);
            cr_expect(eq(sz, h.group_work, one_work), "seed %lu: the work at %d threads",
                      (unsigned long)c.seed, threads);
            fpt_districts_heur_free(&h);
        }
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_expect(improved >= 4, "only %zu of 6 plans improved", improved);
}

/*
 * The Lagrangian heuristic a batch behind the ascent (step 2): whole solves of random
 * geographies of 48-64 CCGs into 8 units, at one to four threads, give the same plan,
 * person-km, root bound, bound, nodes and work, and keep the same pairs: the descents from the
 * centres the ascent met run beside its next chunks, each checked against the centres tried
 * before in the order met, and their plans are offered in that order at any thread count.
 */
Test(lagrange, ascent_and_its_descents_on_threads_give_one_threads_solve)
{
    size_t bound_plans = 0;
    for (uint64_t t = 1; t <= 4; t++) {
        lagr_case c = {48 + 8 * (int)(t % 3), 8, 0.1, 800 + t};
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&c, &g, &o, &in);
        size_t centre_of[96], one[96], one_kept = 0;
        fpt_districts_outcome one_out = {0};
        double one_cost = 0;
        for (int threads = 1; threads <= 4; threads++) {
            o.threads = threads;
            fpt_districts_plan best = {.centre_of = centre_of};
            fpt_districts_outcome out = {0};
            size_t kept = 0;
            fpt_error err = {0};
            cr_assert(eq(int, fpt_districts_solve_fast(&in, &best, &out, &kept, &err), FPT_OK),
                      "%s", err.message);
            cr_assert(best.found, "seed %lu: no plan", (unsigned long)c.seed);
            if (threads == 1) {
                memcpy(one, centre_of, sizeof one);
                one_cost = best.cost;
                one_out = out;
                one_kept = kept;
            }
            cr_expect(eq(int, memcmp(one, centre_of, in.n * sizeof *centre_of), 0),
                      "seed %lu: the plan at %d threads", (unsigned long)c.seed, threads);
            cr_expect(best.cost == one_cost && out.bound == one_out.bound &&
                          out.lagrangian == one_out.lagrangian,
                      "seed %lu at %d threads: %f, bound %f, root %f against %f, %f, %f",
                      (unsigned long)c.seed, threads, best.cost, out.bound, out.lagrangian,
                      one_cost, one_out.bound, one_out.lagrangian);
            cr_expect(eq(sz, out.nodes, one_out.nodes), "seed %lu: nodes at %d threads",
                      (unsigned long)c.seed, threads);
            cr_expect(eq(sz, out.work, one_out.work), "seed %lu: work at %d threads",
                      (unsigned long)c.seed, threads);
            cr_expect(eq(sz, kept, one_kept), "seed %lu: pairs kept at %d threads",
                      (unsigned long)c.seed, threads);
            cr_expect(eq(sz, out.bound_plans, one_out.bound_plans),
                      "seed %lu: the descents' plans at %d threads", (unsigned long)c.seed,
                      threads);
        }
        bound_plans += one_out.bound_plans;
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_expect(bound_plans >= 2, "the descents improved the incumbent %zu times", bound_plans);
}

/* What fpt_districts_report_again() passed on. */
typedef struct again_log {
    size_t calls;
    fpt_districts_progress last;
} again_log;

static void log_again(const fpt_districts_progress *p, void *ctx)
{
    again_log *l = ctx;
    l->last = *p;
    l->calls++;
}

/*
 * The groups' progress (step 1): fpt_districts_report_again() says nothing before the first
 * report, then repeats that report's phase and bound with the incumbent as it now is; within
 * a tenth of a second of the last report it waits.
 */
Test(lagrange, reports_again_keep_the_phase_and_bound_with_the_new_incumbent)
{
    lagr_case c = {8, 2, 0.2, 901};
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(&c, &g, &o, &in);
    again_log l = {0};
    o.progress = log_again;
    o.progress_ctx = &l;
    fpt_districts_track track = {.start = fpt_clock_s(), .last_phase = -1};
    in.track = &track;
    size_t centre_of[8] = {0};
    fpt_districts_plan best = {.centre_of = centre_of, .cost = 1000, .found = true};
    fpt_districts_report_again(&in, &best);
    cr_expect(eq(sz, l.calls, 0));
    fpt_districts_report(&in, FPT_DISTRICTS_PHASE_BOUND, 900, &best);
    cr_assert(eq(sz, l.calls, 1));
    best.cost = 950;
    fpt_districts_report_again(&in, &best);
    cr_expect(eq(sz, l.calls, 1), "a report again within a tenth of a second of the last");
    track.last_report -= 1;
    fpt_districts_report_again(&in, &best);
    cr_assert(eq(sz, l.calls, 2));
    cr_expect(eq(int, l.last.phase, FPT_DISTRICTS_PHASE_BOUND));
    cr_expect(eq(dbl, l.last.bound, 900));
    cr_expect(eq(dbl, l.last.incumbent, 950));
    cr_expect(epsilon_eq(dbl, l.last.gap, 50.0 / 950, 1e-12));
    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/* The wider groups' rule: twelve units from K = 48, where a group is at most a quarter of the
   units, none below. */
Test(lagrange, wider_groups_begin_at_a_quarter_of_the_units)
{
    fpt_geography *g = random_geography(60, 77);
    size_t want[][2] = {{24, 0}, {47, 0}, {48, FPT_GROUP_UNITS_WIDE}, {60, FPT_GROUP_UNITS_WIDE}};
    for (size_t t = 0; t < sizeof want / sizeof want[0]; t++) {
        fpt_districts_options o;
        fpt_districts_options_init(&o);
        o.n_units = want[t][0];
        o.tolerance = 0.9;
        fpt_districts_inst in;
        fpt_error err = {0};
        cr_assert(eq(int, fpt_districts_inst_init(&in, g, &o, fpt_clock_s(), &err), FPT_OK), "%s",
                  err.message);
        cr_expect(eq(sz, in.wide_units, want[t][1]), "K = %zu", want[t][0]);
        fpt_districts_inst_free(&in);
    }
    fpt_geography_free(g);
}

/* ---- cuts on the set-partitioning rows (districts_cuts.c) ---------------------------------- */

/* fpt_districts_cut_bound() over every pair and the centre states state (NULL: all free), its
   master started from plan, up to goal, within max_work nodes of pricing; no fixing. With
   steps > 0, the Lagrangian bound ascends that many steps towards plan's cost first, and the
   units count as large, so the master's cover rows are held in the box around its
   multipliers and the pricing begins with the knapsack; with 0, neither. */
static fpt_districts_cut_outcome cut_bound_within(const fpt_districts_inst *in,
                                                  const signed char *state, size_t *plan,
                                                  double goal, size_t rounds, size_t steps,
                                                  size_t max_work)
{
    fpt_districts_lagr lg;
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, in), FPT_OK));
    if (state != NULL) {
        memcpy(lg.state, state, in->n * sizeof *state);
    }
    fpt_districts_plan start = {.centre_of = plan, .found = true};
    start.cost = fpt_districts_plan_cost(in, plan);
    if (steps > 0) {
        fpt_districts_lagr_ascend(&lg, start.cost, INFINITY, steps);
    }
    fpt_districts_cut_limits lim = {goal, rounds, max_work, INFINITY, steps > 0};
    fpt_districts_cut_outcome out;
    cr_assert(eq(int, fpt_districts_cut_bound(in, &lg, &start, &lim, NULL, &out), FPT_OK));
    cr_assert(eq(int, out.boxed, steps > 0));
    fpt_districts_lagr_free(&lg);
    return out;
}

static fpt_districts_cut_outcome cut_bound_after(const fpt_districts_inst *in,
                                                 const signed char *state, size_t *plan,
                                                 double goal, size_t rounds, size_t steps)
{
    return cut_bound_within(in, state, plan, goal, rounds, steps, SIZE_MAX);
}

static fpt_districts_cut_outcome cut_bound(const fpt_districts_inst *in, const signed char *state,
                                           size_t *plan, double goal, size_t rounds)
{
    return cut_bound_after(in, state, plan, goal, rounds, 0);
}

/* A random case of 20 to 32 CCGs with tight bounds, where the LP leaves a gap. */
static lagr_case gap_case(uint64_t seed)
{
    uint64_t s = seed * 104729;
    lagr_case c = {20 + (int)(next_random(&s) % 13), 3 + next_random(&s) % 3,
                   0.03 + 0.02 * (double)(next_random(&s) % 4), seed + 300};
    return c;
}

/* A case of gap_case() with GLPK's optimum over the whole model (optimal: GLPK proved it). */
typedef struct gap_fixture {
    lagr_case c;
    fpt_geography *g;
    fpt_districts_options o;
    fpt_districts_inst in; /* in.o points at o: the fixture stays where it was opened */
    size_t opt_of[64];
    fpt_districts_plan opt;
    bool optimal;
} gap_fixture;

static void open_gap(gap_fixture *x, uint64_t seed)
{
    x->c = gap_case(seed);
    x->g = NULL;
    make_instance(&x->c, &x->g, &x->o, &x->in);
    x->opt = (fpt_districts_plan){.centre_of = x->opt_of};
    fpt_districts_outcome out = {0};
    size_t kept = 0;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve_plain(&x->in, &x->opt, &out, &kept, &err), FPT_OK), "%s",
              err.message);
    x->optimal = out.result == FPT_DISTRICTS_OPTIMAL;
}

static void close_gap(gap_fixture *x)
{
    fpt_districts_inst_free(&x->in);
    fpt_geography_free(x->g);
}

/*
 * Without cuts, column generation meets the Lagrangian dual, which the ascent approaches from
 * below; each round of subset-row cuts can only raise it, and never above the optimum (GLPK's
 * search over the whole model). On some of these instances the cuts do raise it.
 */
Test(lagrange, subset_row_cuts_raise_the_bound_never_above_the_optimum)
{
    size_t raised = 0, cases = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        if (x.optimal) {
            cases++;
            fpt_districts_lagr lg;
            cr_assert(eq(int, fpt_districts_lagr_init(&lg, &x.in), FPT_OK));
            fpt_districts_lagr_ascend(&lg, x.opt.cost, INFINITY, 3000);
            fpt_districts_cut_outcome none = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 0);
            fpt_districts_cut_outcome cuts = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1000);
            double tol = 1e-7 * x.opt.cost;
            cr_expect(none.converged && none.cuts == 0, "seed %lu", (unsigned long)x.c.seed);
            cr_expect(lg.bound <= none.bound + tol, "seed %lu: the ascent's %f above the dual %f",
                      (unsigned long)x.c.seed, lg.bound, none.bound);
            cr_expect(cuts.bound >= none.bound && cuts.bound <= x.opt.cost + tol,
                      "seed %lu: %f with cuts, %f without, optimum %f", (unsigned long)x.c.seed,
                      cuts.bound, none.bound, x.opt.cost);
            raised += cuts.bound > none.bound + tol;
            cr_log_info("seed %lu: ascent %f, no cuts %f, %zu cuts %f, optimum %f",
                        (unsigned long)x.c.seed, lg.bound, none.bound, cuts.cuts, cuts.bound,
                        x.opt.cost);
            fpt_districts_lagr_free(&lg);
        }
        close_gap(&x);
    }
    cr_expect(cases >= 10 && raised >= 3, "%zu of %zu bounds raised by cuts", raised, cases);
}

/*
 * The rounds of cuts stop once one raises the bound by less than a hundredth of what is left
 * to the goal (docs/geography.md "Method" step 3): with a goal just above the optimum, some of
 * these instances stop so, with no more rounds or cuts than with no goal, where the rounds run
 * until no cut is violated; the bound they reach then is at most the one of all the rounds,
 * and never above the optimum, and the last round raised it by less than that share. With no
 * goal nothing tails off. Some stop as soon as the master's value shows that its round will
 * tail off: that round, run to its end with no goal, does raise the bound by less than that.
 */
Test(lagrange, the_rounds_of_cuts_stop_when_the_bound_tails_off)
{
    size_t tailed = 0, foreseen = 0, cases = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        if (x.optimal) {
            cases++;
            /* just above the optimum, so that no round reaches the goal; without the cluster
               rows, with which the rounds on these instances end before they tail off (no cut
               left violated) */
            double goal = x.opt.cost * (1 + 1e-6), tol = 1e-7 * x.opt.cost;
            x.in.cluster_rows = false;
            fpt_districts_cut_outcome all = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1000);
            fpt_districts_cut_outcome tail = cut_bound(&x.in, NULL, x.opt_of, goal, 1000);
            bool none = !all.tailed;
            cr_expect(none, "seed %lu: tailed off with no goal", (unsigned long)x.c.seed);
            cr_expect(tail.bound <= x.opt.cost + tol && tail.bound <= all.bound + tol,
                      "seed %lu: %f tailed off, %f with every round, optimum %f",
                      (unsigned long)x.c.seed, tail.bound, all.bound, x.opt.cost);
            if (tail.tailed) {
                tailed++;
                cr_expect(tail.rounds <= all.rounds && tail.cuts <= all.cuts,
                          "seed %lu: %zu rounds and %zu cuts tailed off, %zu and %zu in all",
                          (unsigned long)x.c.seed, tail.rounds, tail.cuts, all.rounds, all.cuts);
                /* the same path with no goal, one round short: its last round raised the bound
                   by less than a hundredth of what was left */
                cr_assert(tail.rounds >= 2);
                double before = cut_bound(&x.in, NULL, x.opt_of, INFINITY, tail.rounds - 2).bound;
                cr_expect(tail.bound - before < 0.01 * (goal - tail.bound),
                          "seed %lu: the last round raised %f to %f, goal %f",
                          (unsigned long)x.c.seed, before, tail.bound, goal);
                if (tail.foreseen) { /* else that last round ran to its end, as just checked */
                    foreseen++;
                    double whole =
                        cut_bound(&x.in, NULL, x.opt_of, INFINITY, tail.rounds - 1).bound;
                    cr_expect(whole - before < 0.01 * (goal - whole),
                              "seed %lu: the round foreseen to tail off raised %f to %f, goal %f",
                              (unsigned long)x.c.seed, before, whole, goal);
                }
            }
        }
        close_gap(&x);
    }
    cr_expect(cases >= 10 && tailed >= 1 && foreseen >= 1,
              "%zu of %zu tailed off, %zu of them foreseen", tailed, cases, foreseen);
}

/*
 * The box around the Lagrangian multipliers changes the path to the master's optimum, not the
 * optimum: column generation with it, from an ascent's multipliers, meets the same dual as
 * without it, and its cuts stay below the optimum (GLPK's search over the whole model). So
 * does a node limit of two on each centre's pricing, since a centre the limit stopped is
 * priced again, with room to end, when no unit prices in: without that second pricing, those
 * centres' LP bounds would stand in the last pass's bound.
 */
Test(lagrange, the_box_and_the_pricings_node_limit_leave_the_dual_where_it_was)
{
    size_t cases = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        if (x.optimal) {
            cases++;
            double tol = 1e-7 * x.opt.cost;
            fpt_districts_cut_outcome plain = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 0);
            fpt_districts_cut_outcome boxed =
                cut_bound_after(&x.in, NULL, x.opt_of, INFINITY, 0, 3000);
            fpt_districts_cut_outcome cuts =
                cut_bound_after(&x.in, NULL, x.opt_of, INFINITY, 1000, 3000);
            cr_expect(plain.converged && boxed.converged, "seed %lu", (unsigned long)x.c.seed);
            cr_expect(fabs(boxed.bound - plain.bound) <= tol, "seed %lu: %f in the box, %f without",
                      (unsigned long)x.c.seed, boxed.bound, plain.bound);
            cr_expect(cuts.bound >= boxed.bound - tol && cuts.bound <= x.opt.cost + tol,
                      "seed %lu: %f with cuts, %f without, optimum %f", (unsigned long)x.c.seed,
                      cuts.bound, boxed.bound, x.opt.cost);
            x.in.price_nodes = 2;
            fpt_districts_cut_outcome two = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 0);
            fpt_districts_cut_outcome two_cuts = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1000);
            cr_expect(two.converged && fabs(two.bound - plain.bound) <= tol,
                      "seed %lu: %f with two nodes a pricing, %f with the default",
                      (unsigned long)x.c.seed, two.bound, plain.bound);
            fpt_districts_cut_outcome two_boxed =
                cut_bound_after(&x.in, NULL, x.opt_of, INFINITY, 1000, 3000);
            cr_expect(two_cuts.bound <= x.opt.cost + tol && two_boxed.bound <= x.opt.cost + tol,
                      "seed %lu: %f with cuts and two nodes a pricing, %f in the box, optimum %f",
                      (unsigned long)x.c.seed, two_cuts.bound, two_boxed.bound, x.opt.cost);
        }
        close_gap(&x);
    }
    cr_expect(cases >= 10, "%zu cases", cases);
}

/*
 * The work budget is checked before each centre of the second pricing as of the first
 * (districts_cuts.c, price_all()). With each pricing's search cut to two nodes, so that
 * centres are priced again at nearly every pass, no run under a budget goes past it by as
 * much as the mean work of a pass of the run without one (at most a third of it here: one
 * centre's search); with the second pricing left unchecked, the worst run went past it by
 * 1.2 to 6.3 times that on every instance. Every bound stays at most the optimum.
 */
Test(lagrange, a_work_budget_stops_the_second_pricing_within_a_search)
{
    size_t cases = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        x.in.price_nodes = 2;
        fpt_districts_cut_outcome whole =
            cut_bound_within(&x.in, NULL, x.opt_of, INFINITY, 1000, 0, SIZE_MAX);
        size_t a_pass = whole.work / whole.passes, worst = 0, at = 0;
        for (size_t budget = 1; budget < whole.work; budget += 1 + whole.work / 50) {
            fpt_districts_cut_outcome o =
                cut_bound_within(&x.in, NULL, x.opt_of, INFINITY, 1000, 0, budget);
            if (o.work > budget && o.work - budget > worst) {
                worst = o.work - budget;
                at = budget;
            }
            cr_expect(o.bound <= x.opt.cost * (1 + 1e-7) || !x.optimal,
                      "seed %lu, budget %zu: %f above the optimum %f", (unsigned long)x.c.seed,
                      budget, o.bound, x.opt.cost);
        }
        cr_expect(worst < a_pass,
                  "seed %lu: %zu nodes past a budget of %zu, where a pass takes %zu on average",
                  (unsigned long)x.c.seed, worst, at, a_pass);
        cases += whole.passes > 1;
        close_gap(&x);
    }
    cr_expect(cases >= 10, "%zu cases", cases);
}

/* ---- the clusters no whole number of units can hold (districts_clusters.c) ---------------- */

/* The CCGs (a mask) of each component when the pairs at most d km apart are joined, into
   comp[0 ..); returns how many. */
static size_t components_within(const fpt_districts_inst *in, double d, uint32_t *comp)
{
    size_t n = in->n, up[32], count = 0;
    for (size_t i = 0; i < n; i++) {
        up[i] = i;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (in->dist[i * n + j] <= d) {
                size_t a = i, b = j;
                while (up[a] != a) {
                    a = up[a];
                }
                while (up[b] != b) {
                    b = up[b];
                }
                up[a] = b;
            }
        }
    }
    for (size_t r = 0; r < n; r++) {
        if (up[r] == r) {
            uint32_t mask = 0;
            for (size_t i = 0; i < n; i++) {
                size_t a = i;
                while (up[a] != a) {
                    a = up[a];
                }
                mask |= a == r ? 1u << i : 0;
            }
            comp[count++] = mask;
        }
    }
    return count;
}

static int by_mask(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

/*
 * The sets the cluster rows are made of are the clusters of single linkage (a component of
 * the points joined when at most d km apart, for some d) of two CCGs or more, short of all of
 * them, whose people P lie strictly between kU and (k + 1)L for a whole k: enumeration over
 * every d finds the same sets, and each carries P − kU and (k + 1)L − P. GLPK's optimum meets
 * each set's row: its people served from outside over P − kU, plus the people brought in over
 * (k + 1)L − P, at least 1.
 */
Test(lagrange, the_clusters_are_those_of_single_linkage_no_whole_number_of_units_holds)
{
    size_t sets = 0, both_k = 0, rows_met = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        lagr_case c = {8 + (int)(seed % 7), 2 + seed % 4, 0.02 + 0.03 * (double)(seed % 5),
                       seed + 900};
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&c, &g, &o, &in);
        size_t n = in.n;
        uint32_t want[64 * 32], got[64 * 32], comp[32];
        size_t n_want = 0;
        for (size_t e = 0; e < n * n; e++) {
            size_t count = components_within(&in, in.dist[e], comp);
            for (size_t r = 0; r < count; r++) {
                double pop = 0;
                for (size_t i = 0; i < n; i++) {
                    pop += comp[r] >> i & 1 ? in.pop[i] : 0;
                }
                double k = floor(pop / in.hi);
                bool none = pop > k * in.hi && pop < (k + 1) * in.lo;
                bool seen = false;
                for (size_t h = 0; h < n_want; h++) {
                    seen = seen || want[h] == comp[r];
                }
                if (none && !seen && __builtin_popcount(comp[r]) >= 2 && comp[r] != (1u << n) - 1) {
                    want[n_want++] = comp[r];
                }
            }
        }
        fpt_districts_clusters cl;
        cr_assert(eq(int, fpt_districts_clusters_find(&in, &cl), FPT_OK));
        for (size_t s = 0; s < cl.n_sets; s++) {
            got[s] = 0;
            double pop = 0;
            for (size_t r = cl.start[s]; r < cl.start[s + 1]; r++) {
                got[s] |= 1u << cl.members[r];
                pop += in.pop[cl.members[r]];
            }
            double k = floor(pop / in.hi);
            cr_expect(fabs(cl.out_den[s] * 1e6 - (pop - k * in.hi)) < 1e-3 &&
                          fabs(cl.in_den[s] * 1e6 - ((k + 1) * in.lo - pop)) < 1e-3,
                      "seed %lu, set %zu: %f and %f for %f people, L %f, U %f", (unsigned long)seed,
                      s, cl.out_den[s], cl.in_den[s], pop, in.lo, in.hi);
            both_k += k >= 1;
        }
        /* every partition meets each set's row: GLPK's optimum, where there is one */
        size_t opt_of[32];
        fpt_districts_plan opt = {.centre_of = opt_of};
        fpt_districts_outcome out = {0};
        size_t kept = 0;
        fpt_error err = {0};
        cr_assert(eq(int, fpt_districts_solve_plain(&in, &opt, &out, &kept, &err), FPT_OK));
        for (size_t s = 0; s < cl.n_sets && out.result == FPT_DISTRICTS_OPTIMAL; s++) {
            double across_out = 0, across_in = 0;
            for (size_t i = 0; i < n; i++) {
                bool i_in = got[s] >> i & 1, centre_in = got[s] >> opt_of[i] & 1;
                across_out += i_in && !centre_in ? in.pop[i] / 1e6 : 0;
                across_in += !i_in && centre_in ? in.pop[i] / 1e6 : 0;
            }
            cr_expect(across_out / cl.out_den[s] + across_in / cl.in_den[s] >= 1 - 1e-9,
                      "seed %lu, set %zu: %f out, %f in", (unsigned long)seed, s, across_out,
                      across_in);
            rows_met += 1;
        }
        qsort(want, n_want, sizeof *want, by_mask);
        qsort(got, cl.n_sets, sizeof *got, by_mask);
        cr_expect(eq(sz, cl.n_sets, n_want), "seed %lu", (unsigned long)seed);
        for (size_t s = 0; s < n_want && s < cl.n_sets; s++) {
            cr_expect(eq(u32, got[s], want[s]), "seed %lu, set %zu", (unsigned long)seed, s);
        }
        sets += cl.n_sets;
        fpt_districts_clusters_free(&cl);
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_log_info("%zu sets, %zu of them above U, %zu rows met by an optimum", sets, both_k,
                rows_met);
    cr_expect(sets >= 40 && both_k >= 10 && rows_met >= 20, "%zu sets, %zu above U, %zu met", sets,
              both_k, rows_met);
}

/*
 * The cluster rows are valid for every partition, so the bound with them stays below the
 * optimum (GLPK's search over the whole model); where the master covers such a set with
 * units inside it at fractions, they raise the bound above what the subset-row cuts reach
 * alone, as they do on some of these instances. Single linkage's clusters alone raise it less
 * than with the balls around each CCG: at seed 305, 252.01 million person-km against 253.47,
 * the optimum.
 */
Test(lagrange, cluster_rows_raise_the_bound_never_above_the_optimum)
{
    size_t raised = 0, by_balls = 0, cases = 0, rows = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        if (x.optimal) {
            cases++;
            double tol = 1e-7 * x.opt.cost;
            x.in.cluster_rows = false;
            fpt_districts_cut_outcome without = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1000);
            x.in.cluster_rows = true;
            x.in.cluster_balls = false;
            fpt_districts_cut_outcome linkage = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1000);
            x.in.cluster_balls = true;
            fpt_districts_cut_outcome with = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1000);
            cr_expect(without.clusters == 0, "seed %lu", (unsigned long)x.c.seed);
            cr_expect(linkage.bound <= x.opt.cost + tol && with.bound <= x.opt.cost + tol,
                      "seed %lu: %f with single linkage's rows, %f with the balls', optimum %f",
                      (unsigned long)x.c.seed, linkage.bound, with.bound, x.opt.cost);
            raised += with.bound > without.bound + tol;
            by_balls += with.bound > linkage.bound + tol;
            rows += with.clusters;
            cr_log_info("seed %lu: %f without, %f with single linkage's %zu rows, %f with %zu "
                        "rows, optimum %f",
                        (unsigned long)x.c.seed, without.bound, linkage.bound, linkage.clusters,
                        with.bound, with.clusters, x.opt.cost);
        }
        close_gap(&x);
    }
    cr_expect(cases >= 10 && raised >= 1 && by_balls >= 1,
              "%zu of %zu raised, %zu by the balls, %zu rows", raised, cases, by_balls, rows);
}

/*
 * A far cluster no whole number of units holds: twelve CCGs of about 150,000 people around
 * Oxfordshire and seven of about 100,000 some 370 km north, into five units of 400,000 to 600,000
 * (±20%). The cluster's 700,000 are more than one unit may hold and fewer than two must, so
 * every partition sends at least one of its CCGs south or brings one of the southern CCGs
 * north; the LP can cover it with units inside it at fractions. In the first round of cuts
 * its row takes the bound more than half the way from where subset-row cuts alone leave it
 * to GLPK's optimum, never above it; with every round the bound proves the optimum.
 */
Test(lagrange, a_far_cluster_no_whole_number_of_units_holds_is_crossed_in_the_bound)
{
    char text[4096];
    size_t len =
        (size_t)snprintf(text, sizeof text, "code,name,population,lat,lon,area_km2,area,region\n");
    static const int pop[19] = {140, 160, 145, 155, 150, 135, 165, 148, 152, 142,
                                158, 150, 95,  105, 90,  110, 100, 85,  115};
    for (int i = 0; i < 19; i++) {
        bool far = i >= 12;
        double lat = (far ? 55.0 : 51.6) + 0.037 * (i * 7 % 5) + 0.011 * (i % 3);
        double lon = (far ? -1.5 : -1.6) + 0.043 * (i * 3 % 7) + 0.007 * (i % 4);
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "F%02d,CCG %d,%d,%.3f,%.3f,250,A,London\n", i, i, pop[i] * 1000,
                                lat, lon);
    }
    gap_fixture x = {.c = {19, 5, 0.2, 0}};
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_geography_parse("far.csv", text, len, &x.g, &diags, &err), FPT_OK), "%s",
              err.message);
    fpt_districts_options_init(&x.o);
    x.o.n_units = 5;
    x.o.target_pop = 0;
    x.o.tolerance = 0.2;
    cr_assert(eq(int, fpt_districts_inst_init(&x.in, x.g, &x.o, fpt_clock_s(), &err), FPT_OK), "%s",
              err.message);
    x.in.cuts = false;
    x.opt = (fpt_districts_plan){.centre_of = x.opt_of};
    fpt_districts_outcome out = {0};
    size_t kept = 0;
    cr_assert(eq(int, fpt_districts_solve_plain(&x.in, &x.opt, &out, &kept, &err), FPT_OK), "%s",
              err.message);
    cr_assert(eq(int, out.result, FPT_DISTRICTS_OPTIMAL));
    double tol = 1e-7 * x.opt.cost;
    x.in.cluster_rows = false;
    fpt_districts_cut_outcome without = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1);
    x.in.cluster_rows = true;
    fpt_districts_cut_outcome with = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1);
    cr_log_info("without %f (%zu cuts), with %f (%zu cuts, %zu cluster rows), optimum %f",
                without.bound, without.cuts, with.bound, with.cuts, with.clusters, x.opt.cost);
    cr_expect(with.clusters >= 1 && with.bound <= x.opt.cost + tol, "%f with, optimum %f",
              with.bound, x.opt.cost);
    cr_expect(with.bound - without.bound > 0.5 * (x.opt.cost - without.bound),
              "%f with, %f without, optimum %f", with.bound, without.bound, x.opt.cost);
    fpt_districts_cut_outcome all = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1000);
    cr_expect(fabs(all.bound - x.opt.cost) <= tol, "%f with every round, optimum %f", all.bound,
              x.opt.cost);
    /* fixing at its duals against the optimum keeps the optimal partition's every pair, the
       CCGs across the cluster's edge among them, and removes most others */
    fpt_districts_lagr lg;
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &x.in), FPT_OK));
    fpt_districts_plan start = {.centre_of = x.opt_of, .cost = x.opt.cost, .found = true};
    fpt_districts_cut_limits lim = {INFINITY, 1000, SIZE_MAX, x.opt.cost * (1 + 1e-6), false};
    fpt_districts_cut_outcome fixed;
    cr_assert(eq(int, fpt_districts_cut_bound(&x.in, &lg, &start, &lim, NULL, &fixed), FPT_OK));
    size_t n = x.in.n, crossing = 0;
    for (size_t i = 0; i < n; i++) {
        cr_expect(lg.allowed[i * n + x.opt_of[i]], "pair (%zu, %zu) of the optimum removed", i,
                  x.opt_of[i]);
        crossing += (i >= 12) != (x.opt_of[i] >= 12);
    }
    cr_expect(crossing >= 1 && fixed.removed > n * n / 2, "%zu across the edge, %zu removed",
              crossing, fixed.removed);
    fpt_districts_lagr_free(&lg);
    /* the units under a target above the optimum, at the duals of one round (the cluster's
       row among them): the MIP over them, its LP no weaker than that bound, proves the
       optimum (without the row among the MIP's rows, the_bound_with_cuts_proves_glpks_optimum
       finds its LP below the bound) */
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &x.in), FPT_OK));
    fpt_districts_cut_limits one = {INFINITY, 1, SIZE_MAX, INFINITY, false};
    fpt_districts_cuts *duals = NULL;
    cr_assert(eq(int, fpt_districts_cut_bound(&x.in, &lg, &start, &one, &duals, &fixed), FPT_OK));
    cr_assert(duals != NULL && fixed.clusters >= 1);
    size_t plan_of[32];
    memcpy(plan_of, x.opt_of, n * sizeof *plan_of);
    fpt_districts_plan plan = {.centre_of = plan_of, .cost = x.opt.cost, .found = true};
    fpt_districts_pool_outcome pool = {0};
    cr_expect(fpt_districts_cuts_solve(duals, &lg, &plan, x.opt.cost * (1 + 1e-6), SIZE_MAX,
                                       SIZE_MAX, &pool));
    cr_expect(pool.rows >= 1 && pool.lp >= fixed.bound - tol,
              "%zu rows, the units' LP %f, the bound %f", pool.rows, pool.lp, fixed.bound);
    cr_expect(fabs(pool.bound - x.opt.cost) <= tol, "%f proven, optimum %f", pool.bound,
              x.opt.cost);
    fpt_districts_cuts_free(duals);
    fpt_districts_lagr_free(&lg);
    close_gap(&x);
}

/* Which populations no whole number of units holds, into five units of 400,000 to 600,000
   people (L = 0.4 million, U = 0.6 million): below L, and between U and 2L; from 2U = 1.2
   million = 3L on, every population is held by some whole number. */
Test(lagrange, the_populations_no_whole_number_of_units_holds)
{
    fpt_districts_inst in = {.lo = 400000, .hi = 600000};
    double out, into;
    cr_expect(fpt_districts_no_whole_units(&in, 150000, &out, &into));
    cr_expect(fabs(out - 0.15) < 1e-12 && fabs(into - 0.25) < 1e-12, "%f, %f", out, into);
    cr_expect(fpt_districts_no_whole_units(&in, 700000, &out, &into));
    cr_expect(fabs(out - 0.1) < 1e-12 && fabs(into - 0.1) < 1e-12, "%f, %f", out, into);
    static const double held[] = {400000, 500000, 600000, 800000, 1000000, 1200000, 1500000};
    for (size_t t = 0; t < sizeof held / sizeof *held; t++) {
        cr_expect(not(fpt_districts_no_whole_units(&in, held[t], &out, &into)), "%f", held[t]);
    }
}

/* One round of cuts adds at most 50 (CUTS_A_ROUND), or 150 for large units
   (CUTS_A_ROUND_LARGE) on fewer than 375 CCGs; on some of these instances more than 50 are
   violated, and large units take them. */
Test(lagrange, large_units_take_more_cuts_a_round)
{
    size_t more = 0, cases = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        if (x.optimal) {
            cases++;
            fpt_districts_cut_outcome plain = cut_bound(&x.in, NULL, x.opt_of, INFINITY, 1);
            fpt_districts_cut_outcome large =
                cut_bound_after(&x.in, NULL, x.opt_of, INFINITY, 1, 3000);
            cr_expect(plain.cuts <= 50 && large.cuts <= 150, "seed %lu: %zu and %zu cuts",
                      (unsigned long)x.c.seed, plain.cuts, large.cuts);
            cr_expect(plain.rounds <= 2 && large.rounds <= 2, "seed %lu", (unsigned long)x.c.seed);
            more += large.cuts > 50;
        }
        close_gap(&x);
    }
    cr_log_info("%zu of %zu took more than 50 cuts in a round as large units", more, cases);
    cr_expect(cases >= 10 && more > 0, "%zu of %zu took more than 50 cuts", more, cases);
}

/* Large units take 0.6 cuts a round a CCG (CUTS_A_CCG_LARGE) where that is above 150: 2013's
   211 CCGs keep 150, 1,000 points take 600; small units keep 50 at any size. */
Test(lagrange, large_units_take_more_cuts_a_round_with_more_ccgs)
{
    cr_expect_eq(fpt_districts_cuts_a_round(211, false), 50);
    cr_expect_eq(fpt_districts_cuts_a_round(1000, false), 50);
    cr_expect_eq(fpt_districts_cuts_a_round(12, true), 150);
    cr_expect_eq(fpt_districts_cuts_a_round(211, true), 150);
    cr_expect_eq(fpt_districts_cuts_a_round(250, true), 150);
    cr_expect_eq(fpt_districts_cuts_a_round(260, true), 156);
    cr_expect_eq(fpt_districts_cuts_a_round(500, true), 300);
    cr_expect_eq(fpt_districts_cuts_a_round(1000, true), 600);
    cr_expect_eq(fpt_districts_cuts_a_round(2000, true), 1200);
}

/* The root's cuts over large units may take more pricing nodes with more CCGs (2 million a
   CCG, 200 million at least), so that 1,000 synthetic points get room for the 1,085 million
   their first six rounds took; plain pricing keeps 200 million, with which 2013 K = 25 is
   proven fastest (bench/README.md "The pricing's sort, and swaps that cannot help").
 */
Test(lagrange, the_cuts_work_grows_with_the_ccgs_of_large_units)
{
    cr_expect(eq(sz, fpt_districts_cut_work(211, false), 200000000));
    cr_expect(eq(sz, fpt_districts_cut_work(1000, false), 200000000));
    cr_expect(eq(sz, fpt_districts_cut_work(100, true), 200000000));
    cr_expect(eq(sz, fpt_districts_cut_work(211, true), 422000000));
    cr_expect(eq(sz, fpt_districts_cut_work(500, true), 1000000000));
    cr_expect(fpt_districts_cut_work(1000, true) >= 1085000000);
    cr_expect(fpt_districts_cut_work(2000, true) > fpt_districts_cut_work(1000, true));
}

/*
 * With centres forced open and closed, the bound holds for the partitions that respect them:
 * never above their optimum (enumeration); and it stops at a goal once it reaches it.
 */
Test(lagrange, the_bound_with_cuts_respects_the_centres_states)
{
    size_t checked = 0;
    for (uint64_t seed = 700; seed < 730; seed++) {
        uint64_t s = seed * 7919;
        lagr_case c = {7, 2 + next_random(&s) % 2, 0.02 + 0.02 * (double)(next_random(&s) % 4),
                       seed};
        fpt_geography *g = NULL;
        fpt_districts_options o;
        fpt_districts_inst in;
        make_instance(&c, &g, &o, &in);
        brute all = {.in = &in};
        brute_solve(&all);
        signed char state[MAX_N] = {0};
        for (size_t j = 0; j < in.n; j++) {
            int draw = (int)(next_random(&s) % 5);
            state[j] = draw == 0 ? FPT_CENTRE_FORCED : draw == 1 ? FPT_CENTRE_CLOSED : 0;
        }
        brute b = {.in = &in, .state = state};
        brute_solve(&b);
        if (isfinite(all.best) && isfinite(b.best)) {
            checked++;
            fpt_districts_cut_outcome out = cut_bound(&in, state, all.best_plan, INFINITY, 1000);
            cr_expect(out.bound <= b.best * (1 + 1e-7), "seed %lu: %f above the optimum %f",
                      (unsigned long)seed, out.bound, b.best);
            double goal = out.bound - 1e-3 * fabs(out.bound);
            fpt_districts_cut_outcome early = cut_bound(&in, state, all.best_plan, goal, 1000);
            cr_expect(early.bound >= goal && early.passes <= out.passes, "seed %lu",
                      (unsigned long)seed);
        }
        fpt_districts_inst_free(&in);
        fpt_geography_free(g);
    }
    cr_expect(checked >= 10, "only %zu cases with a partition", checked);
}

/* A case of 7 CCGs (a seed from 700) with its optimum by enumeration and, when it has a
   partition, the kept duals of the root's bound with cuts (no fixing); s goes on drawing the
   states of its nodes. in.o points at o: the fixture stays where it was opened. */
typedef struct small_duals {
    fpt_geography *g;
    fpt_districts_options o;
    fpt_districts_inst in;
    brute all;
    fpt_districts_lagr lg;
    fpt_districts_cut_outcome root;
    fpt_districts_cuts *duals; /* NULL: no partition */
    uint64_t s;
} small_duals;

static void open_small_duals(small_duals *x, uint64_t seed)
{
    x->s = seed * 7919;
    lagr_case c = {7, 2 + next_random(&x->s) % 2, 0.02 + 0.02 * (double)(next_random(&x->s) % 4),
                   seed};
    x->g = NULL;
    make_instance(&c, &x->g, &x->o, &x->in);
    x->all = (brute){.in = &x->in};
    brute_solve(&x->all);
    cr_assert(eq(int, fpt_districts_lagr_init(&x->lg, &x->in), FPT_OK));
    x->duals = NULL;
    if (isfinite(x->all.best)) {
        fpt_districts_plan start = {.centre_of = x->all.best_plan, .found = true};
        fpt_districts_cut_limits lim = {INFINITY, 1000, SIZE_MAX, INFINITY, false};
        cr_assert(eq(int,
                     fpt_districts_cut_bound(&x->in, &x->lg, &start, &lim, &x->duals, &x->root),
                     FPT_OK));
        cr_assert(ne(ptr, x->duals, NULL));
    }
}

static void close_small_duals(small_duals *x)
{
    fpt_districts_cuts_free(x->duals);
    fpt_districts_lagr_free(&x->lg);
    fpt_districts_inst_free(&x->in);
    fpt_geography_free(x->g);
}

/* Centres of x closed, each with chance 1 in 4, as a fixing before or a node might. */
static void draw_closures(small_duals *x, signed char *state)
{
    for (size_t j = 0; j < x->in.n; j++) {
        state[j] = next_random(&x->s) % 4 == 0 ? FPT_CENTRE_CLOSED : FPT_CENTRE_FREE;
    }
}

/*
 * The duals kept from the root's bound with cuts bound a node of the search over the centres:
 * with centres forced open, closed and grouped as a node has them, the bound is never above the
 * optimum of the partitions that respect them (enumeration) nor below the root's, and the
 * states raise it on some nodes (a bound that ignored them would pass the first two alone).
 */
Test(lagrange, the_kept_duals_bound_a_node_by_its_centres_states)
{
    size_t checked = 0, raised = 0;
    for (uint64_t seed = 700; seed < 730; seed++) {
        small_duals x;
        open_small_duals(&x, seed);
        double tol = 1e-7 * x.all.best;
        if (x.duals != NULL) {
            cr_expect(fpt_districts_cuts_node_bound(x.duals, &x.lg) <= x.root.bound + tol);
        }
        for (int draw = 0; draw < 4 && x.duals != NULL; draw++) {
            signed char state[MAX_N];
            draw_states(state, x.in.n, &x.s);
            brute b = {.in = &x.in, .state = state};
            brute_solve(&b);
            memcpy(x.lg.state, state, x.in.n * sizeof *state);
            double node = fpt_districts_cuts_node_bound(x.duals, &x.lg);
            checked++;
            cr_expect(node <= b.best * (1 + 1e-7) || isinf(b.best),
                      "seed %lu: %f above the node's optimum %f", (unsigned long)seed, node,
                      b.best);
            cr_expect(node >= x.root.bound - tol, "seed %lu: %f below the root's %f",
                      (unsigned long)seed, node, x.root.bound);
            raised += node > x.root.bound + tol;
        }
        close_small_duals(&x);
    }
    cr_log_info("%zu of %zu nodes raised above the root", raised, checked);
    cr_expect(checked >= 40 && raised >= 6, "%zu of %zu nodes raised", raised, checked);
}

/*
 * Fixing again at the kept duals of the bound with cuts, after centres have been closed (by a
 * fixing before, or a node's decisions), against the optimum: it keeps every pair of every
 * optimal partition that respects the closures (enumeration); it removes at least the pairs
 * it removes with no centre closed, and more on some instances, since the K centres the bound
 * takes pass over those closed (a fixing that still counted them would remove the same).
 */
Test(lagrange, fixing_again_passes_over_the_centres_closed_since)
{
    size_t checked = 0, more = 0;
    for (uint64_t seed = 700; seed < 730; seed++) {
        small_duals x;
        open_small_duals(&x, seed);
        size_t n = x.in.n;
        for (int draw = 0; draw < 4 && x.duals != NULL; draw++) {
            signed char state[MAX_N];
            draw_closures(&x, state);
            brute b = {.in = &x.in, .state = state};
            brute_solve(&b);
            if (!isfinite(b.best)) {
                continue;
            }
            checked++;
            double ub = x.all.best * (1 + 1e-9);
            fpt_districts_lagr open, closed;
            cr_assert(eq(int, fpt_districts_lagr_init(&open, &x.in), FPT_OK));
            cr_assert(eq(int, fpt_districts_lagr_init(&closed, &x.in), FPT_OK));
            for (size_t j = 0; j < n; j++) {
                if (state[j] == FPT_CENTRE_CLOSED) {
                    fpt_districts_lagr_close(&closed, j);
                }
            }
            fpt_districts_cuts_fix(x.duals, &open, ub);
            fpt_districts_cuts_fix(x.duals, &closed, ub);
            bool extra = false;
            for (size_t i = 0; i < n; i++) {
                for (size_t j = 0; j < n; j++) {
                    bool kept = closed.allowed[i * n + j] && closed.state[j] >= 0;
                    cr_expect(kept || b.best > ub || !b.opt_pair[i * n + j],
                              "seed %lu: pair (%zu, %zu) of an optimum removed",
                              (unsigned long)seed, i, j);
                    if (state[j] != FPT_CENTRE_CLOSED) {
                        cr_expect(open.allowed[i * n + j] || !closed.allowed[i * n + j],
                                  "seed %lu: pair (%zu, %zu) kept only with centres closed",
                                  (unsigned long)seed, i, j);
                        extra = extra || (open.allowed[i * n + j] && !closed.allowed[i * n + j]);
                    }
                }
            }
            more += extra;
            fpt_districts_lagr_free(&open);
            fpt_districts_lagr_free(&closed);
        }
        close_small_duals(&x);
    }
    cr_log_info("%zu of %zu fixings removed more with centres closed", more, checked);
    cr_expect(checked >= 40 && more >= 5, "%zu of %zu fixings removed more", more, checked);
}

/*
 * Fixing at the duals of the bound with cuts, against the optimum (GLPK's search over the
 * whole model) as the incumbent, keeps every pair and centre of the optimal partition, and
 * removes pairs on every instance (a fixing that removed nothing would pass the first alone).
 */
Test(lagrange, fixing_with_cuts_keeps_the_optimal_partition)
{
    size_t cases = 0, fixed = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        size_t n = x.in.n, *centre_of = x.opt_of;
        if (x.optimal) {
            cases++;
            fpt_districts_lagr lg;
            cr_assert(eq(int, fpt_districts_lagr_init(&lg, &x.in), FPT_OK));
            fpt_districts_cut_limits lim = {INFINITY, 1000, SIZE_MAX, x.opt.cost * (1 + 1e-9),
                                            false};
            fpt_districts_cut_outcome cut;
            cr_assert(
                eq(int, fpt_districts_cut_bound(&x.in, &lg, &x.opt, &lim, NULL, &cut), FPT_OK));
            fixed += cut.removed > 0;
            for (size_t i = 0; i < n; i++) {
                cr_expect(lg.allowed[i * n + centre_of[i]] && lg.state[centre_of[i]] >= 0,
                          "seed %lu: CCG %zu's pair with its centre %zu removed",
                          (unsigned long)x.c.seed, i, centre_of[i]);
            }
            cr_expect(eq(sz, fpt_districts_lagr_pairs(&lg) + cut.removed, n * n),
                      "seed %lu: removed %zu", (unsigned long)x.c.seed, cut.removed);
            fpt_districts_lagr_free(&lg);
        }
        close_gap(&x);
    }
    cr_expect(cases >= 10 && fixed == cases, "fixing removed pairs on %zu of %zu", fixed, cases);
}

/* The heuristic's plan of x into heur, and the bound with cuts from it (at most max_rounds
   rounds of cuts) over lg, initialised here: its kept duals, or NULL when it kept none. */
static fpt_districts_cuts *heuristic_duals(gap_fixture *x, size_t max_rounds,
                                           fpt_districts_plan *heur, fpt_districts_lagr *lg,
                                           fpt_districts_cut_outcome *cut)
{
    fpt_districts_outcome out = {0};
    size_t kept = 0;
    fpt_error err = {0};
    x->o.heuristic_only = true;
    cr_assert(eq(int, fpt_districts_solve_fast(&x->in, heur, &out, &kept, &err), FPT_OK));
    x->o.heuristic_only = false;
    cr_assert(eq(int, fpt_districts_lagr_init(lg, &x->in), FPT_OK));
    fpt_districts_cut_limits lim = {INFINITY, max_rounds, SIZE_MAX, INFINITY, false};
    fpt_districts_cuts *duals = NULL;
    cr_assert(eq(int, fpt_districts_cut_bound(&x->in, lg, heur, &lim, &duals, cut), FPT_OK));
    return duals;
}

/*
 * The whole solve with the bound with cuts at the root proves the optimum GLPK alone finds, on
 * the instances where the Lagrangian bound leaves a gap; on most of them without branching
 * (cuts, fixing and the units enumerated settle it at the root). And from the heuristic's
 * plan, the units enumerated at the cuts' duals hold a partition as cheap as GLPK's optimum;
 * the MIP over them, the kept cuts among its rows, has an LP no weaker than the bound with
 * cuts, and starts from the heuristic's plan.
 */
Test(lagrange, the_bound_with_cuts_proves_glpks_optimum)
{
    size_t at_root = 0, cases = 0, enumerated = 0, with_rows = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        x.in.cuts = true;
        size_t fast_of[64], kept = 0, n = x.in.n;
        fpt_districts_plan fast = {.centre_of = fast_of};
        fpt_districts_outcome out[2] = {{0}, {0}};
        fpt_error err = {0};
        cr_assert(eq(int, fpt_districts_solve_fast(&x.in, &fast, &out[1], &kept, &err), FPT_OK));
        if (x.optimal) {
            cases++;
            cr_expect(eq(int, out[1].result, FPT_DISTRICTS_OPTIMAL), "seed %lu",
                      (unsigned long)x.c.seed);
            cr_expect(fabs(fast.cost - x.opt.cost) <= 2e-7 * x.opt.cost,
                      "seed %lu: %f against GLPK's %f", (unsigned long)x.c.seed, fast.cost,
                      x.opt.cost);
            at_root += out[1].nodes <= 1;
            /* the units enumerated from the heuristic's plan */
            size_t heur_of[64];
            fpt_districts_plan heur = {.centre_of = heur_of};
            fpt_districts_lagr lg;
            fpt_districts_cut_outcome cut;
            fpt_districts_cuts *duals = heuristic_duals(&x, 1000, &heur, &lg, &cut);
            fpt_districts_pool_outcome pool = {0};
            if (duals != NULL && fpt_districts_cuts_solve(duals, &lg, &heur, heur.cost * (1 + 1e-9),
                                                          SIZE_MAX, SIZE_MAX, &pool)) {
                enumerated++;
                /* the kept cuts in the MIP: its LP is no weaker than the bound with cuts */
                cr_expect(isnan(pool.lp) || pool.lp >= cut.bound * (1 - 1e-9),
                          "seed %lu: the units' LP %f below the cuts' bound %f",
                          (unsigned long)x.c.seed, pool.lp, cut.bound);
                with_rows += pool.rows > 0 && !isnan(pool.lp);
                /* the heuristic's plan is among the units, and GLPK starts from it */
                cr_expect(isnan(pool.lp) || pool.given, "seed %lu", (unsigned long)x.c.seed);
                cr_expect(heur.cost <= x.opt.cost * (1 + 2e-7), "seed %lu: %f, GLPK's %f",
                          (unsigned long)x.c.seed, heur.cost, x.opt.cost);
                cr_expect(eq(dbl, heur.cost, fpt_districts_plan_cost(&x.in, heur_of)));
                for (size_t i = 0; i < n; i++) {
                    cr_expect(eq(sz, heur_of[heur_of[i]], heur_of[i]), "seed %lu",
                              (unsigned long)x.c.seed);
                }
            }
            fpt_districts_cuts_free(duals);
            fpt_districts_lagr_free(&lg);
        }
        close_gap(&x);
    }
    cr_log_info("%zu of %zu proved at the root, %zu settled by the units enumerated (%zu with "
                "cuts among the MIP's rows)",
                at_root, cases, enumerated, with_rows);
    cr_expect(cases >= 10 && at_root * 2 >= cases && enumerated * 2 >= cases && with_rows > 0,
              "%zu of %zu proved at the root, %zu settled by the units enumerated (%zu with cuts "
              "among the MIP's rows)",
              at_root, cases, enumerated, with_rows);
}

/*
 * The units enumerated against a target below the incumbent: every partition cheaper than the
 * target is among them, so when GLPK's search over them ends it proves the lesser of its
 * optimum and the target. On the gap instances, from the heuristic's plan and the cuts'
 * duals (column generation without rounds of cuts, so that more of them keep a gap), at
 * targets across the gap: a target above GLPK's optimum finds it (and offers it to
 * the plan), one at or below it proves the target itself, never more than the optimum; and
 * the first few units allowed overflow, which proves nothing.
 */
Test(lagrange, units_below_a_target_prove_the_target_or_find_the_optimum)
{
    size_t cases = 0, worse = 0, found = 0, raised = 0, overflowed = 0, fewer = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        x.in.cuts = true;
        size_t heur_of[64], n = x.in.n;
        fpt_districts_plan heur = {.centre_of = heur_of};
        fpt_districts_lagr lg;
        fpt_districts_cut_outcome cut;
        /* no rounds of cuts: the LP alone leaves a gap on more of them */
        fpt_districts_cuts *duals = heuristic_duals(&x, 0, &heur, &lg, &cut);
        double opt = x.opt.cost, tol = 2e-7 * opt;
        if (x.optimal && duals != NULL && cut.bound < opt - tol) {
            cases++;
            /* above the optimum and below the plan where the heuristic did not find it */
            double below = opt - 0.5 * (opt - cut.bound), above = opt + 0.5 * (heur.cost - opt);
            double targets[2] = {below, heur.cost > opt + tol ? above : opt * (1 + 1e-6)};
            worse += heur.cost > opt + tol;
            size_t units[2] = {0, 0};
            for (int t = 0; t < 2; t++) {
                fpt_districts_pool_outcome pool = {0};
                size_t plan_of[64];
                memcpy(plan_of, heur_of, n * sizeof *plan_of);
                fpt_districts_plan plan = {.centre_of = plan_of, .cost = heur.cost, .found = true};
                bool ended = fpt_districts_cuts_solve(duals, &lg, &plan, targets[t], SIZE_MAX,
                                                      SIZE_MAX, &pool);
                cr_expect(ended, "seed %lu, target %d", (unsigned long)seed, t);
                units[t] = pool.units;
                cr_expect(pool.bound <= opt + tol, "seed %lu: bound %f above the optimum %f",
                          (unsigned long)seed, pool.bound, opt);
                if (t == 0) {
                    raised += ended && pool.bound == below;
                    cr_expect(eq(dbl, plan.cost, heur.cost), "seed %lu", (unsigned long)seed);
                } else {
                    bool at_opt =
                        ended && fabs(pool.bound - opt) <= tol && fabs(plan.cost - opt) <= tol;
                    found += at_opt;
                    cr_expect(at_opt, "seed %lu: bound %f, plan %f, optimum %f",
                              (unsigned long)seed, pool.bound, plan.cost, opt);
                    cr_expect(eq(dbl, plan.cost, fpt_districts_plan_cost(&x.in, plan_of)));
                }
            }
            /* the lower target's units are among the higher's */
            cr_expect(units[0] <= units[1], "seed %lu: %zu units, then %zu", (unsigned long)seed,
                      units[0], units[1]);
            fewer += units[0] < units[1];
            fpt_districts_pool_outcome pool = {0};
            bool ended =
                fpt_districts_cuts_solve(duals, &lg, &heur, targets[1], 1, SIZE_MAX, &pool);
            overflowed += !ended && pool.overflow && pool.units == 1 && isinf(pool.bound);
        }
        fpt_districts_cuts_free(duals);
        fpt_districts_lagr_free(&lg);
        close_gap(&x);
    }
    cr_log_info("%zu instances (%zu with the heuristic above the optimum): %zu targets proven, "
                "%zu optima found, %zu overflowed; fewer units below the optimum in %zu",
                cases, worse, raised, found, overflowed, fewer);
    cr_expect(cases >= 4 && worse >= 2 && fewer > 0 && raised == cases && found == cases &&
                  overflowed == cases,
              "%zu instances (%zu with the heuristic above the optimum): %zu targets proven, %zu "
              "optima found, %zu overflowed",
              cases, worse, raised, found, overflowed);
}

/* The phases a solve's progress reports went through, in order; the greatest bound the
   cuts' phase reported, and the Lagrangian phase before any search; the last bound reported, and
   whether a bound reported was less than one before it (the incumbent not below it). */
typedef struct phase_log {
    fpt_districts_phase seen[64];
    size_t n;
    double cut_bound, bound_phase, last;
    bool fell;
} phase_log;

/* Whether the log has the phase, and where: its first place, or l->n. */
static size_t phase_at(const phase_log *l, fpt_districts_phase phase)
{
    size_t r = 0;
    while (r < l->n && l->seen[r] != phase) {
        r++;
    }
    return r;
}

static void log_phase(const fpt_districts_progress *p, void *ctx)
{
    phase_log *l = ctx;
    if ((l->n == 0 || l->seen[l->n - 1] != p->phase) && l->n < 64) {
        l->seen[l->n++] = p->phase;
    }
    if (p->phase == FPT_DISTRICTS_PHASE_CUTS) {
        l->cut_bound = fmax(l->cut_bound, p->bound);
    }
    if (p->phase == FPT_DISTRICTS_PHASE_BOUND && phase_at(l, FPT_DISTRICTS_PHASE_SEARCH) == l->n) {
        l->bound_phase = fmax(l->bound_phase, p->bound);
    }
    l->fell = l->fell || (p->bound < l->last && p->bound < p->incumbent);
    l->last = p->bound;
}

/*
 * A solve whose Lagrangian bound leaves a gap reports the bound with cuts as a phase of its
 * own (docs/cli.md "Progress"), after the Lagrangian bound and before the result, with bounds
 * never above the optimum it ends with.
 */
Test(lagrange, the_bound_with_cuts_is_reported_as_its_own_phase)
{
    size_t with_cuts = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        phase_log l = {.cut_bound = 0};
        x.o.progress = log_phase;
        x.o.progress_ctx = &l;
        /* the cuts first, as under a limit on work that asks for them (footprint size's later
           passes): without one, the search goes first and proves these small instances */
        x.o.max_evals = (size_t)1 << 40;
        x.o.cuts_under_limit = true;
        fpt_partition *p = NULL;
        fpt_error err = {0};
        cr_assert(eq(int, fpt_districts_solve(x.g, &x.o, &p, &err), FPT_OK), "%s", err.message);
        size_t first_cuts = 0;
        while (first_cuts < l.n && l.seen[first_cuts] != FPT_DISTRICTS_PHASE_CUTS) {
            first_cuts++;
        }
        if (first_cuts < l.n) {
            with_cuts++;
            bool bound_before = false;
            for (size_t r = 0; r < first_cuts; r++) {
                bound_before = bound_before || l.seen[r] == FPT_DISTRICTS_PHASE_BOUND;
            }
            cr_expect(bound_before, "seed %lu: the cuts before the Lagrangian bound",
                      (unsigned long)seed);
            cr_expect(eq(int, l.seen[l.n - 1], FPT_DISTRICTS_PHASE_DONE));
            cr_expect(l.cut_bound <= p->objective * (1 + 1e-9), "seed %lu: %f above %f",
                      (unsigned long)seed, l.cut_bound, p->objective);
        }
        fpt_partition_free(p);
        close_gap(&x);
    }
    cr_expect(with_cuts >= 3, "the cuts' phase reported in %zu of 12 solves", with_cuts);
}

/* Solve the gap fixture's instance with the cuts on, the search taking at most first
   evaluations before them: the phases its progress went through, and whether it ended at
   GLPK's optimum, proven. */
/* Whether centre_of is a partition of in: K units, each of L to U people round its centre. */
static bool a_partition(const fpt_districts_inst *in, const size_t *centre_of)
{
    size_t n = in->n, units = 0;
    double *load = calloc(n, sizeof *load);
    cr_assert(load != NULL);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        ok = ok && centre_of[i] < n && centre_of[centre_of[i]] == centre_of[i];
        if (ok) {
            load[centre_of[i]] += in->pop[i];
        }
    }
    for (size_t j = 0; ok && j < n; j++) {
        if (centre_of[j] == j) {
            units++;
            ok = load[j] >= in->lo && load[j] <= in->hi;
        }
    }
    free(load);
    return ok && units == in->k;
}

/*
 * A master whose optimum is a partition offers it as the plan. From the heuristic's plan on the
 * gap instances, with the plain pricing and with the box (after an ascent of the Lagrangian
 * bound): the plan the bound with cuts leaves is no dearer than the heuristic's, never below
 * GLPK's optimum, a partition costing what its units cost, and better exactly when the
 * master offered one; on some instances the master's optimum does better the heuristic's plan.
 * The goal falls with the plan, so a bound that proves the plan offered fixes nothing.
 */
Test(lagrange, a_master_whose_optimum_is_a_partition_betters_the_plan)
{
    size_t cases = 0, bettered = 0, to_opt = 0, proven = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        for (int large = 0; large < 2 && x.optimal; large++) {
            size_t plan_of[64], kept = 0;
            fpt_districts_plan plan = {.centre_of = plan_of};
            fpt_districts_outcome o = {0};
            fpt_error err = {0};
            x.o.heuristic_only = true;
            cr_assert(eq(int, fpt_districts_solve_fast(&x.in, &plan, &o, &kept, &err), FPT_OK));
            x.o.heuristic_only = false;
            double start = plan.cost, opt = x.opt.cost, tol = 2e-7 * opt;
            fpt_districts_lagr lg;
            cr_assert(eq(int, fpt_districts_lagr_init(&lg, &x.in), FPT_OK));
            if (large) {
                fpt_districts_lagr_ascend(&lg, start, INFINITY, 300);
            }
            /* the goal the proof of the heuristic's plan, fixing against it */
            fpt_districts_cut_limits lim = {start * (1 - 1e-7), 1000, SIZE_MAX, start * (1 + 1e-12),
                                            large};
            fpt_districts_cut_outcome cut;
            cr_assert(
                eq(int, fpt_districts_cut_bound(&x.in, &lg, &plan, &lim, NULL, &cut), FPT_OK));
            cases++;
            /* the goal falls with the plan: a bound that proves the plan offered ends the rounds
               with nothing left to fix */
            if (cut.bound >= plan.cost - 1e-7 * start) {
                proven += cut.offered > 0;
                cr_expect(eq(sz, cut.removed, 0), "seed %lu, large %d", (unsigned long)seed, large);
            }
            cr_expect(plan.cost <= start && plan.cost >= opt - tol,
                      "seed %lu, large %d: %f from %f, optimum %f", (unsigned long)seed, large,
                      plan.cost, start, opt);
            cr_expect(a_partition(&x.in, plan_of), "seed %lu, large %d", (unsigned long)seed,
                      large);
            cr_expect(eq(dbl, plan.cost, fpt_districts_plan_cost(&x.in, plan_of)));
            cr_expect(eq(int, cut.offered > 0, plan.cost < start),
                      "seed %lu, large %d: %zu offered", (unsigned long)seed, large, cut.offered);
            bettered += cut.offered > 0;
            to_opt += cut.offered > 0 && plan.cost <= opt + tol;
            fpt_districts_lagr_free(&lg);
        }
        close_gap(&x);
    }
    cr_log_info("the master's optimum bettered the heuristic's plan in %zu of %zu (to GLPK's "
                "optimum in %zu, proven in %zu)",
                bettered, cases, to_opt, proven);
    cr_expect(cases >= 16 && bettered >= 2 && proven >= 1, "bettered in %zu of %zu, proven in %zu",
              bettered, cases, proven);
}

static bool solve_first(gap_fixture *x, size_t first, phase_log *l, fpt_districts_outcome *o)
{
    size_t of[64], kept = 0;
    fpt_districts_plan plan = {.centre_of = of};
    fpt_districts_outcome out = {0};
    fpt_districts_track track = {.start = fpt_clock_s(), .last_phase = -1, .shown = -INFINITY};
    fpt_error err = {0};
    *l = (phase_log){.cut_bound = 0};
    x->o.progress = log_phase;
    x->o.progress_ctx = l;
    x->in.cuts = true;
    x->in.first_evals = first;
    x->in.track = &track;
    cr_assert(eq(int, fpt_districts_solve_fast(&x->in, &plan, &out, &kept, &err), FPT_OK), "%s",
              err.message);
    x->in.track = NULL;
    if (o != NULL) {
        *o = out;
    }
    return out.result == FPT_DISTRICTS_OPTIMAL && a_partition(&x->in, plan.centre_of) &&
           fabs(plan.cost - x->opt.cost) <= 2e-7 * x->opt.cost;
}

/*
 * Without a limit on work the search over the centres goes before the bound with cuts
 * (docs/geography.md "Method" step 3): with its whole allowance it proves every one of these
 * small instances and the cuts never run; with none (first_evals 0) the cuts run first on
 * several; with a few evaluations the search runs out, the cuts follow it, and the solve still
 * ends at GLPK's optimum. What the search proved then lies below the optimum, the root's
 * bound starts from it (above the Lagrangian phase's on some), and the bound reported never
 * falls, though the cuts begin below it.
 */
Test(lagrange, the_search_goes_before_the_cuts_and_they_follow_when_it_runs_out)
{
    size_t cases = 0, cuts_first = 0, cuts_after = 0, searched = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        if (!x.optimal) {
            close_gap(&x);
            continue;
        }
        cases++;
        phase_log l;
        fpt_districts_outcome out;
        cr_expect(solve_first(&x, FPT_FIRST_EVALS, &l, NULL), "seed %lu, search first",
                  (unsigned long)seed);
        cr_expect(eq(sz, phase_at(&l, FPT_DISTRICTS_PHASE_CUTS), l.n),
                  "seed %lu: the cuts ran though the search proves it", (unsigned long)seed);
        cr_expect(solve_first(&x, 0, &l, NULL), "seed %lu, the cuts first", (unsigned long)seed);
        size_t cuts = phase_at(&l, FPT_DISTRICTS_PHASE_CUTS);
        cuts_first += cuts < l.n && phase_at(&l, FPT_DISTRICTS_PHASE_SEARCH) > cuts;
        bool held = !l.fell;
        cr_expect(held, "seed %lu, the cuts first: the bound reported fell", (unsigned long)seed);
        cr_expect(solve_first(&x, 20, &l, &out), "seed %lu, 20 evaluations first",
                  (unsigned long)seed);
        cuts = phase_at(&l, FPT_DISTRICTS_PHASE_CUTS);
        if (cuts < l.n && phase_at(&l, FPT_DISTRICTS_PHASE_SEARCH) < cuts) {
            cuts_after++;
            cr_expect(out.first_bound <= x.opt.cost * (1 + 1e-9) &&
                          out.lagrangian >= out.first_bound,
                      "seed %lu: the search before the cuts proved %f (optimum %f), the root's "
                      "bound %f",
                      (unsigned long)seed, out.first_bound, x.opt.cost, out.lagrangian);
            searched += out.first_bound > l.bound_phase;
        }
        held = !l.fell;
        cr_expect(held, "seed %lu, 20 evaluations first: the bound reported fell",
                  (unsigned long)seed);
        close_gap(&x);
    }
    cr_expect(cases >= 10 && cuts_first >= 3 && cuts_after >= 3 && searched >= 1,
              "%zu cases: the cuts first in %zu, after the search in %zu (it raised the "
              "Lagrangian bound in %zu)",
              cases, cuts_first, cuts_after, searched);
}

/* A node of lagr_cases[2] (7 CCGs) with its own decisions node_state (NULL: none), narrowed
   to a root that removed pair (0, 1), forced centre 2 open and closed centre 3. */
static bool narrow_node(fpt_districts_lagr *lg, const signed char *node_state, size_t *forced,
                        size_t *closed)
{
    size_t n = lg->in->n;
    unsigned char root_allowed[MAX_N * MAX_N];
    signed char root_state[MAX_N] = {0};
    memcpy(root_allowed, lg->allowed, n * n);
    root_allowed[0 * n + 1] = 0;
    root_state[2] = FPT_CENTRE_FORCED;
    root_state[3] = FPT_CENTRE_CLOSED;
    for (size_t j = 0; node_state != NULL && j < n; j++) {
        if (node_state[j] == FPT_CENTRE_FORCED) {
            fpt_districts_lagr_force(lg, j);
        } else if (node_state[j] == FPT_CENTRE_CLOSED) {
            fpt_districts_lagr_close(lg, j);
        } else {
            lg->state[j] = node_state[j]; /* a group */
        }
    }
    *forced = *closed = 0;
    return fpt_districts_lagr_narrow(lg, root_allowed, root_state, forced, closed);
}

/*
 * A node carried over the cuts is narrowed to what the root decided since (docs/geography.md
 * "Method" step 3): the root's removed pairs go, its forced centre is forced (a group holding
 * it met, so dissolved), its closed centre closed with its pairs; a node that decided either
 * centre the other way holds nothing cheaper than the incumbent, and one that decided both as
 * the root did has nothing to narrow.
 */
Test(lagrange, a_node_is_narrowed_to_the_roots_decisions)
{
    fpt_geography *g = NULL;
    fpt_districts_options o;
    fpt_districts_inst in;
    make_instance(&lagr_cases[2], &g, &o, &in);
    size_t n = in.n, forced, closed;
    cr_assert(eq(sz, n, 7));
    fpt_districts_lagr lg;

    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    unsigned char before[MAX_N * MAX_N];
    memcpy(before, lg.allowed, n * n);
    cr_expect(narrow_node(&lg, NULL, &forced, &closed));
    cr_expect(eq(i8, lg.state[2], FPT_CENTRE_FORCED));
    cr_expect(eq(i8, lg.state[3], FPT_CENTRE_CLOSED));
    cr_expect(eq(sz, forced, 1));
    cr_expect(eq(sz, closed, 1));
    for (size_t p = 0; p < n * n; p++) {
        bool removed = p == 0 * n + 1 || p % n == 3;
        cr_expect(eq(int, lg.allowed[p], removed ? 0 : before[p]), "pair (%zu, %zu)", p / n, p % n);
    }
    for (size_t j = 0; j < n; j++) {
        cr_expect(j == 2 || j == 3 || lg.state[j] == FPT_CENTRE_FREE, "centre %zu", j);
    }
    fpt_districts_lagr_free(&lg);

    signed char contradicts_force[MAX_N] = {[2] = FPT_CENTRE_CLOSED};
    signed char contradicts_close[MAX_N] = {[3] = FPT_CENTRE_FORCED};
    signed char agrees[MAX_N] = {[2] = FPT_CENTRE_FORCED, [3] = FPT_CENTRE_CLOSED};
    signed char group[MAX_N] = {[2] = FPT_CENTRE_GROUP0, [5] = FPT_CENTRE_GROUP0};
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    cr_expect(not(narrow_node(&lg, contradicts_force, &forced, &closed)));
    fpt_districts_lagr_free(&lg);
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    cr_expect(not(narrow_node(&lg, contradicts_close, &forced, &closed)));
    fpt_districts_lagr_free(&lg);
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    cr_expect(narrow_node(&lg, agrees, &forced, &closed));
    cr_expect(eq(sz, forced, 0));
    cr_expect(eq(sz, closed, 0));
    fpt_districts_lagr_free(&lg);
    cr_assert(eq(int, fpt_districts_lagr_init(&lg, &in), FPT_OK));
    cr_expect(narrow_node(&lg, group, &forced, &closed));
    cr_expect(eq(i8, lg.state[2], FPT_CENTRE_FORCED));
    cr_expect(eq(i8, lg.state[5], FPT_CENTRE_FREE), "the group met is dissolved");
    fpt_districts_lagr_free(&lg);

    fpt_districts_inst_free(&in);
    fpt_geography_free(g);
}

/*
 * When the search before the cuts runs out, the search after them goes on from the nodes it
 * left (docs/geography.md "Method" step 3), each narrowed to what the root decided since: at
 * whatever point the first search stops, the solve ends at GLPK's optimum, proven, and on
 * several of these instances it takes nodes over. Seeds 1-12 narrow nodes only by closing the
 * centres the root closed; 20, 41 and 64 (of the first 80, the only ones) also force open on a
 * node a centre the root forced open since.
 */
Test(lagrange, the_search_after_the_cuts_goes_on_from_the_nodes_the_first_left)
{
    static const size_t limits[] = {5, 50, 200, 500, 2000};
    static const uint64_t seeds[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 41, 64};
    size_t solves = 0, carried = 0, narrowed = 0, forced = 0, closed = 0;
    for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
        uint64_t seed = seeds[s];
        gap_fixture x;
        open_gap(&x, seed);
        /* the cuts' pricing alone, no round of cuts and no MIP over the units, so that the
           root is left unproven on these small instances and a search follows the cuts */
        x.in.cut_rounds = 0;
        x.in.units_mip = false;
        for (size_t t = 0; x.optimal && t < sizeof limits / sizeof *limits; t++) {
            phase_log l;
            fpt_districts_outcome out;
            cr_expect(solve_first(&x, limits[t], &l, &out), "seed %lu, %zu evaluations first",
                      (unsigned long)seed, limits[t]);
            solves++;
            carried += out.carried > 0;
            narrowed += out.narrowed;
            forced += out.root_forced;
            closed += out.root_closed;
            cr_expect(out.narrowed <= out.nodes + out.carried);
        }
        close_gap(&x);
    }
    cr_expect(solves >= 50 && carried >= 5 && forced >= 3 && closed >= 20,
              "%zu solves, %zu went on from the first search's nodes (%zu nodes narrowed away; "
              "centres forced open on them %zu, closed %zu)",
              solves, carried, narrowed, forced, closed);
}

/*
 * GLPK's MIP presolver called a partition optimal that broke U by 462 people, on a leaf of the
 * search after the cuts that had no partition at all (seed 43, the search before the cuts
 * stopped after 5 evaluations, no rounds of cuts, no MIP over the units): the solve then
 * ended "optimal" 0.9% below GLPK's optimum with that plan. A leaf whose answer breaks a row
 * is searched again without presolve (fpt_districts_intopt), so the solve ends at the optimum,
 * and so does GLPK's own search over the whole model, whose answer is checked the same way.
 */
Test(lagrange, a_partition_that_glpks_presolve_gets_wrong_is_searched_for_again)
{
    gap_fixture x;
    open_gap(&x, 43);
    cr_assert(x.optimal);
    cr_expect(a_partition(&x.in, x.opt.centre_of));
    x.in.cut_rounds = 0;
    x.in.units_mip = false;
    phase_log l;
    fpt_districts_outcome out;
    cr_expect(solve_first(&x, 5, &l, &out), "seed 43 after 5 evaluations: %f, optimum %f",
              out.bound, x.opt.cost);
    cr_expect(out.carried > 0);
    close_gap(&x);
}

/* Searches of the gap fixture's instances stopped by a limit on work of 30 evaluations, under
   which the bound with cuts does not run, then gone on with under a limit of after (0: none),
   the cuts asked for under it or not: how many stopped and went on, and how many of those
   ended at GLPK's optimum, proven with no node after the one they stopped at. */
static void go_on_after_a_limit(size_t after, bool cuts_under_limit, size_t *cases, size_t *at_root)
{
    *cases = *at_root = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        size_t of[64], kept = 0;
        fpt_districts_plan plan = {.centre_of = of};
        fpt_districts_outcome out = {0}, none = {0};
        fpt_error err = {0};
        cr_assert(eq(int, fpt_districts_solve_fast(&x.in, &plan, &none, &kept, &err), FPT_OK));
        x.in.cuts = true;
        x.o.max_evals = 30;
        fpt_districts_bnb *search = NULL;
        cr_assert(
            eq(int, fpt_districts_solve_kept(&x.in, &plan, &out, &kept, &search, &err), FPT_OK));
        if (out.result == FPT_DISTRICTS_LIMIT && search != NULL) {
            ++*cases;
            size_t stopped_at = out.nodes;
            x.o.max_evals = after;
            x.o.cuts_under_limit = cuts_under_limit;
            cr_assert(eq(int, fpt_districts_go_on(&search, &out, &kept, &err), FPT_OK));
            if (after == 0) {
                cr_expect(eq(ptr, search, NULL));
                cr_expect(eq(int, out.result, FPT_DISTRICTS_OPTIMAL), "seed %lu",
                          (unsigned long)seed);
            }
            if (out.result == FPT_DISTRICTS_OPTIMAL) {
                cr_expect(fabs(plan.cost - x.opt.cost) <= 2e-7 * x.opt.cost,
                          "seed %lu: %f against GLPK's %f", (unsigned long)seed, plan.cost,
                          x.opt.cost);
                *at_root += out.nodes <= stopped_at + 1 && none.nodes > 1;
            }
        }
        fpt_districts_bnb_free(search);
        close_gap(&x);
    }
}

/*
 * A search stopped by a limit on work goes on with no limit: the cuts run then, from the root
 * as it was, and the search ends at the optimum GLPK alone finds; on most of these instances
 * with no node after the root's (the cuts settle them there, where going on without cuts
 * would search on).
 */
Test(lagrange, a_search_kept_under_a_limit_runs_the_cuts_when_it_goes_on_without_one)
{
    size_t cases = 0, at_root = 0;
    go_on_after_a_limit(0, false, &cases, &at_root);
    cr_expect(cases >= 3 && at_root * 2 >= cases,
              "%zu stopped and went on, %zu settled at the root", cases, at_root);
}

/*
 * A search kept under a limit on work that goes on without one runs the cuts from the root and
 * then goes on from the nodes it had left open, not from the root again: with the cuts' pricing
 * alone (no round of cuts, no MIP over the units, so that a search follows them on these small
 * instances), several take nodes over, and every one ends at GLPK's optimum, proven.
 */
Test(lagrange, a_search_kept_goes_on_from_its_open_nodes_after_the_cuts)
{
    size_t cases = 0, carried = 0;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        gap_fixture x;
        open_gap(&x, seed);
        size_t of[64], kept = 0;
        fpt_districts_plan plan = {.centre_of = of};
        fpt_districts_outcome out = {0};
        fpt_error err = {0};
        x.in.cuts = true;
        x.in.cut_rounds = 0;
        x.in.units_mip = false;
        x.o.max_evals = 30;
        fpt_districts_bnb *search = NULL;
        cr_assert(
            eq(int, fpt_districts_solve_kept(&x.in, &plan, &out, &kept, &search, &err), FPT_OK));
        if (x.optimal && out.result == FPT_DISTRICTS_LIMIT && search != NULL) {
            cases++;
            x.o.max_evals = 0;
            cr_assert(eq(int, fpt_districts_go_on(&search, &out, &kept, &err), FPT_OK));
            cr_expect(eq(int, out.result, FPT_DISTRICTS_OPTIMAL), "seed %lu", (unsigned long)seed);
            cr_expect(fabs(plan.cost - x.opt.cost) <= 2e-7 * x.opt.cost,
                      "seed %lu: %f against GLPK's %f", (unsigned long)seed, plan.cost, x.opt.cost);
            carried += out.carried > 0;
        }
        fpt_districts_bnb_free(search);
        close_gap(&x);
    }
    cr_expect(cases >= 3 && carried >= 2, "%zu stopped and went on, %zu from their open nodes",
              cases, carried);
}

/*
 * Going on under a limit again (60 evaluations in all), a search runs the cuts only when asked
 * to (fpt_districts_options.cuts_under_limit, footprint size's later passes): then most
 * instances are settled with no further node, as without a limit; else none is, since 30
 * more evaluations of the bound cannot close a node without searching it.
 */
Test(lagrange, a_search_runs_the_cuts_under_a_limit_only_when_asked)
{
    size_t cases = 0, at_root = 0;
    go_on_after_a_limit(60, true, &cases, &at_root);
    cr_expect(cases >= 3 && at_root * 2 >= cases,
              "asked: %zu stopped and went on, %zu settled at the root", cases, at_root);
    go_on_after_a_limit(60, false, &cases, &at_root);
    cr_expect(cases >= 3 && at_root == 0,
              "not asked: %zu stopped and went on, %zu settled at the root", cases, at_root);
}
