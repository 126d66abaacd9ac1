/* SPDX-License-Identifier: MIT */
/*
 * Districting: on tiny random geographies the solver's objective equals exhaustive
 * enumeration of every centre set and assignment; every unit respects the bounds; bounds
 * that cannot be met are explained with their numbers; the answer is the same on repeated
 * runs, for any row order (exact ties included), and when two threads solve at once; a time
 * limit, however short, ends with a valid partition and a gap in [0, 1] (no assertion on how
 * long it took); progress reports end with the result, seeds from neighbouring K leave
 * the answer unchanged, and the heuristic's plan admits no improving move or swap.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>
#include <omp.h>

#include "footprint/districts.h"
#include "footprint/geography.h"
#include "footprint/solve.h"

static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* A random geography of n CCGs around England; reversed reverses the row order. */
static fpt_geography *random_geography(int n, uint64_t seed, bool reversed)
{
    size_t size = 64 + 64 * (size_t)n;
    char *text = malloc(size);
    cr_assert(text != NULL);
    size_t len =
        (size_t)snprintf(text, size, "code,name,population,lat,lon,area_km2,area,region\n");
    for (int r = 0; r < n; r++) {
        int i = reversed ? n - 1 - r : r;
        uint64_t s = seed * 1000 + (uint64_t)i;
        double pop = 50000 + (double)(next_random(&s) % 450) * 1000;
        double lat = 51 + (double)(next_random(&s) % 3000) / 1000;
        double lon = -3 + (double)(next_random(&s) % 3000) / 1000;
        len += (size_t)snprintf(text + len, size - len,
                                "R%02d,CCG %d,%.0f,%.3f,%.3f,250,A,London\n", i, i, pop, lat, lon);
    }
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_status st = fpt_geography_parse("random.csv", text, len, &g, &diags, &err);
    free(text);
    cr_assert(eq(int, st, FPT_OK), "%s", err.message);
    return g;
}

/* Person-km of CCG i served from CCG j. */
static double person_km(const fpt_geography *g, size_t i, size_t j)
{
    const fpt_ccg *a = &g->ccgs[i], *z = &g->ccgs[j];
    return a->pop * fpt_geo_distance_km(a->lat_deg, a->lon_deg, z->lat_deg, z->lon_deg);
}

/* Exhaustive search: every assignment of CCGs to centres that are their own centre. */
typedef struct brute {
    const fpt_geography *g;
    size_t k;
    double lo, hi;
    size_t centre_of[16];
    double best;
} brute;

static double brute_cost(const brute *b)
{
    size_t n = b->g->n_ccgs, n_centres = 0;
    double pop[16] = {0}, cost = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = b->centre_of[i];
        if (b->centre_of[c] != c) {
            return INFINITY;
        }
        n_centres += c == i;
        pop[c] += b->g->ccgs[i].pop;
        cost += person_km(b->g, i, c);
    }
    for (size_t c = 0; c < n; c++) {
        if (b->centre_of[c] == c && (pop[c] < b->lo || pop[c] > b->hi)) {
            return INFINITY;
        }
    }
    return n_centres == b->k ? cost : INFINITY;
}

static void brute_walk(brute *b, size_t i)
{
    if (i == b->g->n_ccgs) {
        b->best = fmin(b->best, brute_cost(b));
        return;
    }
    for (size_t c = 0; c < b->g->n_ccgs; c++) {
        b->centre_of[i] = c;
        brute_walk(b, i + 1);
    }
}

/* Options for k units around the geography's own mean population, the rest the defaults. */
static fpt_districts_options k_units(size_t k)
{
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.n_units = k;
    o.target_pop = 0;
    return o;
}

static fpt_partition *solve(const fpt_geography *g, size_t k, double tolerance, bool plain)
{
    fpt_districts_options o = k_units(k);
    o.tolerance = tolerance;
    o.plain = plain;
    fpt_partition *p = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
    return p;
}

static void expect_bounds_respected(const fpt_geography *g, const fpt_partition *p)
{
    size_t counted = 0;
    for (size_t u = 0; u < p->n_units; u++) {
        const fpt_unit *unit = &p->units[u];
        cr_expect(unit->pop >= p->pop_min - 1e-6 && unit->pop <= p->pop_max + 1e-6,
                  "unit %zu has %.0f, bounds %.0f..%.0f", u, unit->pop, p->pop_min, p->pop_max);
        cr_expect(eq(sz, p->unit_of[unit->centre], u));
        counted += unit->n_members;
    }
    cr_expect(eq(sz, counted, g->n_ccgs));
}

typedef struct brute_case {
    int n;
    size_t k;
    double tolerance;
    uint64_t seed;
} brute_case;

ParameterizedTestParameters(districts, objective_matches_exhaustive_enumeration)
{
    static brute_case cases[] = {
        {6, 2, 0.2, 1},  {6, 3, 0.3, 2}, {7, 2, 0.1, 3}, {7, 3, 0.25, 4},
        {7, 2, 0.05, 5}, {6, 1, 0.0, 6}, {7, 3, 0.5, 7}, {6, 2, 0.02, 8},
    };
    return cr_make_param_array(brute_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(brute_case *c, districts, objective_matches_exhaustive_enumeration)
{
    fpt_geography *g = random_geography(c->n, c->seed, false);
    brute b = {.g = g, .k = c->k, .best = INFINITY};
    double target = g->pop_total / (double)c->k;
    b.lo = target * (1 - c->tolerance);
    b.hi = target * (1 + c->tolerance);
    brute_walk(&b, 0);
    for (int plain = 0; plain <= 1; plain++) {
        fpt_partition *p = solve(g, c->k, c->tolerance, plain);
        if (isinf(b.best)) {
            cr_expect(eq(int, p->result, FPT_DISTRICTS_INFEASIBLE), "seed %lu",
                      (unsigned long)c->seed);
            cr_expect(p->n_reasons > 0);
        } else {
            cr_assert(eq(int, p->result, FPT_DISTRICTS_OPTIMAL), "seed %lu",
                      (unsigned long)c->seed);
            cr_expect(fabs(p->objective - b.best) <= 1e-6 * b.best, "seed %lu plain %d: %f vs %f",
                      (unsigned long)c->seed, plain, p->objective, b.best);
            expect_bounds_respected(g, p);
        }
        fpt_partition_free(p);
    }
    fpt_geography_free(g);
}

Test(districts, tiny_geography_splits_north_and_south)
{
    fpt_geography *g = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_geography_load(FPT_TEST_DATA "/geo-tiny.csv", &g, &d, &err), FPT_OK));
    fpt_partition *p = solve(g, 2, 0.2, false);
    cr_assert(eq(int, p->result, FPT_DISTRICTS_OPTIMAL));
    expect_bounds_respected(g, p);
    cr_expect(p->unit_of[fpt_geography_find(g, "T01")] == p->unit_of[fpt_geography_find(g, "T02")]);
    cr_expect(p->unit_of[fpt_geography_find(g, "T04")] == p->unit_of[fpt_geography_find(g, "T05")]);
    cr_expect(p->unit_of[fpt_geography_find(g, "T01")] != p->unit_of[fpt_geography_find(g, "T04")]);
    cr_expect(p->gap <= 1e-7); /* optimal: within GLPK's tolerance (docs/geography.md) */
    fpt_partition_free(p);
    fpt_geography_free(g);
}

Test(districts, a_ccg_above_the_maximum_is_explained_with_numbers)
{
    fpt_geography *g = NULL;
    fpt_diags d = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_geography_load(FPT_TEST_DATA "/geo-tiny.csv", &g, &d, &err), FPT_OK));
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.target_pop = 400000; /* K = round(2,750,000 / 400,000) = 7, maximum 440,000 */
    o.tolerance = 0.1;
    fpt_partition *p = NULL;
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK));
    cr_expect(eq(sz, p->n_units, 7));
    cr_expect(eq(int, p->result, FPT_DISTRICTS_INFEASIBLE));
    cr_assert(eq(sz, p->n_reasons, 2));
    cr_expect(strstr(p->reasons[0], "T04 (Fourth) alone has 500000 people, above the maximum "
                                    "of 440000") != NULL,
              "%s", p->reasons[0]);
    cr_expect(strstr(p->reasons[1], "T07 (Seventh) alone has 450000") != NULL, "%s", p->reasons[1]);
    fpt_partition_free(p);
    fpt_geography_free(g);
}

Test(districts, too_few_units_for_the_population_are_explained_with_numbers)
{
    fpt_geography *g = random_geography(6, 11, false);
    fpt_partition *p = solve(g, 2, 0.1, false);
    fpt_partition_free(p);
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.n_units = 0;
    o.target_pop = g->pop_total / 2.4; /* K = 2 units, together at most 2 × 1.1 / 2.4 < 1 */
    o.tolerance = 0.1;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK));
    cr_expect(eq(int, p->result, FPT_DISTRICTS_INFEASIBLE));
    cr_assert(p->n_reasons > 0);
    cr_expect(strstr(p->reasons[0], "2 units of at most") != NULL, "%s", p->reasons[0]);
    cr_expect(strstr(p->reasons[0], "fewer than the") != NULL, "%s", p->reasons[0]);
    fpt_partition_free(p);
    fpt_geography_free(g);
}

Test(districts, more_units_than_ccgs_is_explained)
{
    fpt_geography *g = random_geography(5, 12, false);
    fpt_partition *p = solve(g, 7, 0.2, false);
    cr_expect(eq(int, p->result, FPT_DISTRICTS_INFEASIBLE));
    cr_assert(p->n_reasons > 0);
    cr_expect(strstr(p->reasons[0], "7 units need at least 7 CCGs") != NULL, "%s", p->reasons[0]);
    fpt_partition_free(p);
    fpt_geography_free(g);
}

Test(districts, bounds_no_grouping_can_meet_are_reported_infeasible)
{
    /* Zero tolerance: 3 units of exactly a third of the total, which no grouping hits. */
    fpt_geography *g = random_geography(7, 13, false);
    fpt_partition *p = solve(g, 3, 0.0, false);
    cr_expect(eq(int, p->result, FPT_DISTRICTS_INFEASIBLE));
    cr_expect(p->n_reasons > 0);
    cr_expect(p->units == NULL);
    fpt_partition_free(p);
    fpt_geography_free(g);
}

static bool same_partition(const fpt_partition *a, const fpt_partition *b)
{
    if (a->result != b->result || a->objective != b->objective || a->n_ccgs != b->n_ccgs) {
        return false;
    }
    for (size_t i = 0; i < a->n_ccgs; i++) {
        if (a->units[a->unit_of[i]].centre != b->units[b->unit_of[i]].centre) {
            return false;
        }
    }
    return true;
}

Test(districts, answer_does_not_depend_on_row_order_or_repetition)
{
    fpt_geography *g = random_geography(12, 21, false);
    fpt_geography *r = random_geography(12, 21, true);
    fpt_partition *p1 = solve(g, 3, 0.2, false);
    fpt_partition *p2 = solve(g, 3, 0.2, false);
    fpt_partition *p3 = solve(r, 3, 0.2, false);
    cr_assert(eq(int, p1->result, FPT_DISTRICTS_OPTIMAL));
    cr_expect(same_partition(p1, p2));
    cr_expect(same_partition(p1, p3));
    fpt_partition_free(p1);
    fpt_partition_free(p2);
    fpt_partition_free(p3);
    fpt_geography_free(g);
    fpt_geography_free(r);
}

/*
 * Three far-apart pairs of CCGs of equal population, K = 3 with room for exactly two CCGs a
 * unit: either CCG of a pair is an equally good centre (distances are symmetric), so 2³
 * partitions tie exactly. Which one is returned is the search's choice (docs/geography.md
 * "Determinism"), but it must not change with repetition or row order.
 */
static fpt_geography *tied_geography(bool reversed)
{
    static const char *const rows[] = {
        "T1,One,300000,51.000,-2.000,250,A,London\n",
        "T2,Two,300000,51.100,-2.000,250,A,London\n",
        "T3,Three,300000,53.000,-1.000,250,A,London\n",
        "T4,Four,300000,53.100,-1.000,250,A,London\n",
        "T5,Five,300000,52.000,1.000,250,A,London\n",
        "T6,Six,300000,52.000,1.100,250,A,London\n",
    };
    size_t n = sizeof rows / sizeof rows[0];
    char text[1024];
    size_t len =
        (size_t)snprintf(text, sizeof text, "code,name,population,lat,lon,area_km2,area,region\n");
    for (size_t r = 0; r < n; r++) {
        len +=
            (size_t)snprintf(text + len, sizeof text - len, "%s", rows[reversed ? n - 1 - r : r]);
    }
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    cr_assert(eq(int, fpt_geography_parse("tied.csv", text, len, &g, &diags, &err), FPT_OK), "%s",
              err.message);
    return g;
}

Test(districts, exact_ties_are_settled_the_same_way_every_time)
{
    fpt_geography *g = tied_geography(false);
    fpt_geography *r = tied_geography(true);
    fpt_partition *p[3] = {solve(g, 3, 0.2, false), solve(g, 3, 0.2, false),
                           solve(r, 3, 0.2, false)};
    cr_assert(eq(int, p[0]->result, FPT_DISTRICTS_OPTIMAL));
    for (size_t u = 0; u < p[0]->n_units; u++) {
        cr_expect(eq(sz, p[0]->units[u].n_members, 2));
    }
    cr_expect(same_partition(p[0], p[1]));
    cr_expect(same_partition(p[0], p[2]));
    for (int i = 0; i < 3; i++) {
        fpt_partition_free(p[i]);
    }
    fpt_geography_free(g);
    fpt_geography_free(r);
}

Test(districts, two_threads_at_once_give_the_single_thread_answers)
{
    fpt_geography *g[2] = {random_geography(12, 31, false), random_geography(11, 32, false)};
    fpt_partition *alone[2] = {solve(g[0], 3, 0.2, false), solve(g[1], 2, 0.2, false)};
    fpt_partition *together[2] = {NULL, NULL};
    fpt_status st[2] = {FPT_EINTERNAL, FPT_EINTERNAL};
#pragma omp parallel for num_threads(2) schedule(static, 1)
    for (int t = 0; t < 2; t++) {
        fpt_districts_options o = k_units(t == 0 ? 3 : 2);
        fpt_error err = {0};
        st[t] = fpt_districts_solve(g[t], &o, &together[t], &err);
        fpt_solve_thread_exit();
    }
    for (int t = 0; t < 2; t++) {
        cr_assert(eq(int, st[t], FPT_OK));
        cr_expect(same_partition(alone[t], together[t]), "instance %d", t);
        fpt_partition_free(alone[t]);
        fpt_partition_free(together[t]);
        fpt_geography_free(g[t]);
    }
}

/* What the progress callback saw. */
typedef struct progress_log {
    size_t calls;
    double last_elapsed;
    bool elapsed_ordered;
    fpt_districts_progress last;
} progress_log;

static void log_progress(const fpt_districts_progress *p, void *ctx)
{
    progress_log *l = ctx;
    l->elapsed_ordered = l->elapsed_ordered && p->elapsed_s >= l->last_elapsed;
    l->last_elapsed = p->elapsed_s;
    l->last = *p;
    l->calls++;
}

/* Progress reports: in order of time, the last one the result's; the answer is the one
   without a callback. */
Test(districts, progress_reports_end_with_the_result)
{
    fpt_geography *g = random_geography(12, 51, false);
    fpt_partition *plain = solve(g, 3, 0.2, false);
    fpt_districts_options o = k_units(3);
    progress_log l = {.elapsed_ordered = true};
    o.progress = log_progress;
    o.progress_ctx = &l;
    fpt_partition *p = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
    cr_expect(l.calls >= 2);
    cr_expect(l.elapsed_ordered);
    cr_expect(eq(int, l.last.phase, FPT_DISTRICTS_PHASE_DONE));
    cr_expect(eq(sz, l.last.n_units, 3));
    cr_expect(epsilon_eq(dbl, l.last.incumbent, p->objective, 1e-9 * p->objective));
    cr_expect(same_partition(plain, p));
    fpt_partition_free(plain);
    fpt_partition_free(p);
    fpt_geography_free(g);
}

/* heuristic_only stops after step 1: the partition is the one the whole solve starts from
   (its heuristic figure, exactly), within the bounds, reported as stopped with bound 0. */
Test(districts, heuristic_only_returns_the_heuristics_partition)
{
    fpt_geography *g = random_geography(40, 67, false);
    fpt_partition *whole = solve(g, 4, 0.2, false);
    cr_assert(whole->units != NULL);
    fpt_districts_options o = k_units(4);
    o.heuristic_only = true;
    fpt_partition *p = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
    cr_assert(eq(int, p->result, FPT_DISTRICTS_LIMIT));
    cr_assert(p->units != NULL);
    expect_bounds_respected(g, p);
    cr_expect(eq(dbl, p->objective, whole->heuristic));
    cr_expect(eq(dbl, p->heuristic, whole->heuristic));
    cr_expect(p->objective >= whole->objective);
    cr_expect(eq(dbl, p->bound, 0));
    cr_expect(eq(dbl, p->gap, 1));
    fpt_partition_free(p);
    fpt_partition_free(whole);
    fpt_geography_free(g);
}

/* Into near, the `reach` CCGs nearest i, i itself left out (ties by index). */
static void nearest(const fpt_geography *g, size_t i, size_t reach, size_t *near)
{
    const fpt_ccg *a = &g->ccgs[i];
    for (size_t r = 0; r < reach; r++) {
        double best_km = INFINITY;
        for (size_t x = 0; x < g->n_ccgs; x++) {
            bool taken = x == i;
            for (size_t q = 0; q < r; q++) {
                taken = taken || near[q] == x;
            }
            double km =
                fpt_geo_distance_km(a->lat_deg, a->lon_deg, g->ccgs[x].lat_deg, g->ccgs[x].lon_deg);
            if (!taken && km < best_km) {
                best_km = km;
                near[r] = x;
            }
        }
    }
}

/* The heuristic's plan is polished: no CCG other than a centre can move to another unit,
   and no two such CCGs of different units (j among the `reach` nearest i) can swap,
   keeping every unit within the bounds and lowering the person-km. */
/* Whether a unit of pop people would lie within p's bounds. */
static bool within_bounds(const fpt_partition *p, double pop)
{
    return pop <= p->pop_max + 1e-6 && pop >= p->pop_min - 1e-6;
}

static void expect_polished(const fpt_geography *g, const fpt_partition *p, size_t reach)
{
    size_t n = g->n_ccgs, *near = calloc(reach, sizeof *near);
    cr_assert(near != NULL);
    for (size_t i = 0; i < n; i++) {
        size_t a = p->unit_of[i], ca = p->units[a].centre;
        double pi = g->ccgs[i].pop;
        for (size_t b = 0; b < p->n_units && i != ca; b++) {
            bool fits =
                within_bounds(p, p->units[b].pop + pi) && within_bounds(p, p->units[a].pop - pi);
            double dc = person_km(g, i, p->units[b].centre) - person_km(g, i, ca);
            cr_expect(b == a || !fits || dc >= -1e-6, "CCG %zu can move to unit %zu, %.3f", i, b,
                      dc);
        }
        nearest(g, i, reach, near);
        for (size_t r = 0; r < reach && i != ca; r++) {
            size_t j = near[r], b = p->unit_of[j], cb = p->units[b].centre;
            if (a == b || j == cb) {
                continue;
            }
            double shift = g->ccgs[j].pop - pi;
            bool fits = within_bounds(p, p->units[a].pop + shift) &&
                        within_bounds(p, p->units[b].pop - shift);
            double dc = person_km(g, i, cb) + person_km(g, j, ca) - person_km(g, i, ca) -
                        person_km(g, j, cb);
            cr_expect(fits ? dc >= -1e-6 : true, "CCGs %zu and %zu can swap, %.3f", i, j, dc);
        }
    }
    free(near);
}

/* Polishing tries every swap up to 512 CCGs, and beyond each CCG with its nearest
   (docs/geography.md "Method" step 1). */
Test(districts, the_heuristics_plan_admits_no_improving_move_or_swap)
{
    struct {
        int n;
        size_t k, reach;
        double tolerance;
        uint64_t seed;
    } cases[] = {{24, 4, 23, 0.06, 1009},   {24, 2, 23, 0.04, 1077},  {60, 5, 59, 0.05, 1038},
                 {60, 6, 59, 0.03, 1046},   {60, 7, 59, 0.03, 1096},  {60, 6, 59, 0.2, 75},
                 {600, 10, 10, 0.01, 2012}, {600, 20, 10, 0.02, 2001}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        fpt_geography *g = random_geography(cases[c].n, cases[c].seed, false);
        fpt_districts_options o = k_units(cases[c].k);
        o.tolerance = cases[c].tolerance;
        o.heuristic_only = true;
        fpt_partition *p = NULL;
        fpt_error err = {0};
        cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
        cr_assert(p->units != NULL, "case %zu", c);
        expect_bounds_respected(g, p);
        expect_polished(g, p, cases[c].reach);
        fpt_partition_free(p);
        fpt_geography_free(g);
    }
}

/* Seeds from K − 1 and K + 1 units only give the heuristic more starts: the proven answer
   is the one without them. */
Test(districts, seeds_from_neighbouring_k_leave_the_answer_unchanged)
{
    fpt_geography *g = random_geography(14, 61, false);
    fpt_partition *p3 = solve(g, 3, 0.25, false), *p5 = solve(g, 5, 0.25, false);
    fpt_partition *plain = solve(g, 4, 0.25, false);
    cr_assert(p3->units != NULL && p5->units != NULL && plain->units != NULL);
    const fpt_partition *seeds[2] = {p3, p5};
    fpt_districts_options o = k_units(4);
    o.tolerance = 0.25;
    o.seeds = seeds;
    o.n_seeds = 2;
    fpt_partition *p = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
    cr_expect(eq(int, p->result, FPT_DISTRICTS_OPTIMAL));
    cr_expect(fabs(p->objective - plain->objective) <= 1e-7 * plain->objective, "%f vs %f",
              p->objective, plain->objective);
    fpt_partition_free(p3);
    fpt_partition_free(p5);
    fpt_partition_free(plain);
    fpt_partition_free(p);
    fpt_geography_free(g);
}

/* The heuristic alone on g into k units within tolerance, with one seed (or none). */
static fpt_partition *heuristic_with(const fpt_geography *g, size_t k, double tolerance,
                                     const fpt_partition *seed)
{
    fpt_districts_options o = k_units(k);
    o.tolerance = tolerance;
    o.heuristic_only = true;
    o.seeds = &seed;
    o.n_seeds = seed != NULL;
    fpt_partition *p = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
    cr_assert(p->units != NULL);
    return p;
}

/* A seed of K units is taken as it is (what sizing's later passes give each K: its best plan
   so far), on a geography where the heuristic alone misses the optimum; one whose units
   break the bounds is ignored. */
Test(districts, a_seed_of_k_units_is_taken_when_it_meets_the_bounds)
{
    fpt_geography *g = NULL;
    fpt_partition *opt = NULL, *alone = NULL;
    for (uint64_t seed = 70; seed < 100 && g == NULL; seed++) {
        g = random_geography(24, seed, false);
        opt = solve(g, 4, 0.05, false);
        alone = heuristic_with(g, 4, 0.05, NULL);
        if (opt->units == NULL || alone->objective <= opt->objective * (1 + 1e-9)) {
            fpt_partition_free(opt);
            fpt_partition_free(alone);
            fpt_geography_free(g);
            g = NULL;
        }
    }
    cr_assert(g != NULL, "the heuristic found the optimum on every geography tried");
    fpt_partition *seeded = heuristic_with(g, 4, 0.05, opt);
    cr_expect(fabs(seeded->objective - opt->objective) <= 1e-9 * opt->objective, "%f vs %f",
              seeded->objective, opt->objective);
    fpt_partition *loose = solve(g, 4, 0.5, false), *ignored = NULL;
    bool breaks = false;
    for (size_t u = 0; u < loose->n_units; u++) {
        breaks = breaks || loose->units[u].pop < opt->pop_min || loose->units[u].pop > opt->pop_max;
    }
    if (breaks) {
        ignored = heuristic_with(g, 4, 0.05, loose);
        cr_expect(eq(dbl, ignored->objective, alone->objective));
    }
    cr_log_info("a seed that breaks the bounds %s", breaks ? "was tried" : "was not found");
    fpt_partition_free(ignored);
    fpt_partition_free(loose);
    fpt_partition_free(seeded);
    fpt_partition_free(alone);
    fpt_partition_free(opt);
    fpt_geography_free(g);
}

Test(districts, bad_options_are_usage_errors)
{
    fpt_geography *g = random_geography(5, 41, false);
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.tolerance = 1.5;
    fpt_partition *p = NULL;
    fpt_error err = {0};
    cr_expect(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_EUSAGE));
    cr_expect(p == NULL);
    fpt_geography_free(g);
}

/*
 * The time limit covers the whole solve, heuristic and root LP included: whatever the limit
 * and the machine's speed, the first heuristic start's first allocation runs, so there is a
 * partition —
 * stopped at the limit (at any stage) or proven optimal — within the bounds, with a bound no
 * higher than its objective and a gap in [0, 1].
 */
ParameterizedTestParameters(districts, a_time_limit_ends_with_a_valid_partition)
{
    static double limits[] = {1e-9, 1e-3, 0.05, 0.3};
    return cr_make_param_array(double, limits, sizeof limits / sizeof limits[0]);
}

ParameterizedTest(double *limit, districts, a_time_limit_ends_with_a_valid_partition)
{
    fpt_geography *g = random_geography(60, 51, false);
    fpt_districts_options o = k_units(5);
    o.time_limit_s = *limit;
    fpt_partition *p = NULL;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
    cr_assert(p->result == FPT_DISTRICTS_LIMIT || p->result == FPT_DISTRICTS_OPTIMAL,
              "limit %g: %s", *limit, fpt_districts_result_name(p->result));
    cr_assert(p->units != NULL);
    expect_bounds_respected(g, p);
    for (size_t i = 0; i < p->n_ccgs; i++) {
        size_t centre = p->units[p->unit_of[i]].centre;
        cr_expect(eq(sz, p->unit_of[centre], p->unit_of[i]));
    }
    cr_expect(p->objective > 0 && p->heuristic >= p->objective, "limit %g", *limit);
    cr_expect(p->bound >= 0 && p->bound <= p->objective, "limit %g", *limit);
    cr_expect(p->gap >= 0 && p->gap <= 1, "limit %g: gap %g", *limit, p->gap);
    if (p->result == FPT_DISTRICTS_OPTIMAL) {
        cr_expect(p->gap <= 1e-6, "limit %g: gap %g", *limit, p->gap);
    }
    fpt_partition_free(p);
    fpt_geography_free(g);
}

/* Person-km of a grouping of g's CCGs (group[i] in 0..k-1), each group centred on its best
 * member: the 1-median found by trying every member. */
static double grouping_person_km(const fpt_geography *g, const size_t *group, size_t k)
{
    double total = 0;
    for (size_t u = 0; u < k; u++) {
        double best = INFINITY;
        for (size_t c = 0; c < g->n_ccgs; c++) {
            if (group[c] != u) {
                continue;
            }
            double cost = 0;
            for (size_t i = 0; i < g->n_ccgs; i++) {
                const fpt_ccg *a = &g->ccgs[i], *b = &g->ccgs[c];
                cost += group[i] == u ? a->pop * fpt_geo_distance_km(a->lat_deg, a->lon_deg,
                                                                     b->lat_deg, b->lon_deg)
                                      : 0.0;
            }
            best = fmin(best, cost);
        }
        total += best;
    }
    return total;
}

/* Real data: the 106 CCGs of 2021 in 7 units within ±35%. The seven NHS England regions
 * are one such partition (checked here), so the proven optimum can be no worse than them. */
Test(districts, real_2021_ccgs_do_at_least_as_well_as_the_seven_regions)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_geography *g = NULL;
    cr_assert(eq(int, fpt_geography_load(FPT_SOURCE_DIR "/data/ccg2021.csv", &g, &d, &err), FPT_OK),
              "%s", err.message);
    fpt_districts_options o = k_units(7);
    o.tolerance = 0.35;
    fpt_partition *p = NULL;
    cr_assert(eq(int, fpt_districts_solve(g, &o, &p, &err), FPT_OK), "%s", err.message);
    cr_assert(eq(int, (int)p->result, (int)FPT_DISTRICTS_OPTIMAL));

    const char *regions[8] = {0};
    size_t n_regions = 0, group[128];
    double region_pop[8] = {0};
    cr_assert(le(sz, g->n_ccgs, 128));
    for (size_t i = 0; i < g->n_ccgs; i++) {
        size_t r = 0;
        while (r < n_regions && strcmp(regions[r], g->ccgs[i].region) != 0) {
            r++;
        }
        if (r == n_regions) {
            cr_assert(lt(sz, n_regions, 8));
            regions[n_regions++] = g->ccgs[i].region;
        }
        group[i] = r;
        region_pop[r] += g->ccgs[i].pop;
    }
    cr_assert(eq(sz, n_regions, 7));
    for (size_t r = 0; r < n_regions; r++) {
        cr_assert(ge(dbl, region_pop[r], p->pop_min), "%s", regions[r]);
        cr_assert(le(dbl, region_pop[r], p->pop_max), "%s", regions[r]);
    }
    double regions_km = grouping_person_km(g, group, n_regions);
    cr_assert(le(dbl, p->objective, regions_km * (1 + 1e-9)), "%.0f against the regions' %.0f",
              p->objective, regions_km);

    size_t partition_group[128];
    for (size_t u = 0; u < p->n_units; u++) {
        cr_assert(ge(dbl, p->units[u].pop, p->pop_min));
        cr_assert(le(dbl, p->units[u].pop, p->pop_max));
    }
    for (size_t i = 0; i < g->n_ccgs; i++) {
        partition_group[i] = p->unit_of[i];
    }
    cr_assert(le(dbl, fabs(grouping_person_km(g, partition_group, p->n_units) - p->objective),
                 1e-6 * p->objective),
              "the reported objective is the partition's own person-km");
    fpt_partition_free(p);
    fpt_geography_free(g);
    fpt_diags_clear(&d);
    fpt_solve_thread_exit();
}
