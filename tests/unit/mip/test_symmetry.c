/* SPDX-License-Identifier: MIT */
/*
 * Copies of a function (docs/model.md "Copies of a function", mip/symmetry.c): which
 * functions are found interchangeable — bit-identical cells and the same links up to the
 * swap, never "near" — and that the rows ordering their levels keep the answer: on random
 * models made of copies of 1–4 prototypes (linked copies among them), the plan, the objective
 * (bit for bit) and the tie flag are those of the programme without the rows
 * (FPT_TEST_NO_SYMMETRY, FPT_TEST_HOOKS builds only) and those of exhaustive enumeration
 * under the tie rule on the small ones; and a solver reused across scenarios whose copies
 * change answers as a fresh solve does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "brute.h"
#include "builder.h"
#include "footprint/solve.h"
#include "mip/symmetry.h"

static const int PROTO_RATINGS[FPT_N_CRITERIA] = {2, 1, 0, 2, 3, 2, 2, 1};

static fpt_model *copies_model(size_t n)
{
    fpt_model *m = fpt_test_model_new(n, 1);
    for (size_t f = 0; f < n; f++) {
        fpt_test_model_staff(m, f, 1.5, 45000);
        fpt_test_model_ratings(m, f, PROTO_RATINGS);
        fpt_test_model_add_draw(m, f, 0, 1.0);
    }
    return m;
}

static fpt_symmetry *find(const fpt_model *m, const fpt_scenario *s)
{
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_symmetry *sym = NULL;
    cr_assert_eq(fpt_symmetry_create(a->n_functions, a->n_pairs, &sym, NULL), FPT_OK);
    fpt_symmetry_find(sym, a);
    fpt_appraisal_free(a);
    return sym;
}

/* next[] as "1 2 - 4 -": each function's next copy, '-' for none. */
static void expect_next(const fpt_symmetry *sym, const char *want)
{
    char got[128] = "";
    size_t n = fpt_symmetry_n_functions(sym);
    for (size_t f = 0; f < n; f++) {
        size_t at = strlen(got);
        if (fpt_symmetry_next(sym, f) < n) {
            snprintf(got + at, sizeof got - at, "%s%zu", f ? " " : "", fpt_symmetry_next(sym, f));
        } else {
            snprintf(got + at, sizeof got - at, "%s-", f ? " " : "");
        }
    }
    cr_expect_str_eq(got, want);
}

Test(symmetry, copies_are_bit_identical_functions_in_file_order)
{
    fpt_model *m = copies_model(5);
    fpt_test_model_staff(m, 1, 1.5, 45000 * (1 + 1e-12)); /* near is not a copy */
    fpt_test_model_staff(m, 4, 1.6, 45000);
    fpt_scenario *s = fpt_test_scenario_standard(m, 0xf);
    fpt_symmetry *sym = find(m, s);
    expect_next(sym, "2 - 3 - -");
    cr_expect_eq(fpt_symmetry_n_links(sym), 2);
    size_t plan_sorted[5] = {0, 3, 1, 2, 0}, plan_swapped[5] = {0, 0, 2, 1, 3};
    cr_expect(!fpt_symmetry_tie_in_plan(sym, (size_t[]){1, 0, 1, 1, 2}));
    cr_expect(fpt_symmetry_tie_in_plan(sym, plan_sorted));
    cr_expect(fpt_symmetry_tie_in_plan(sym, plan_swapped));
    fpt_symmetry_free(sym);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(symmetry, a_lock_or_a_set_separates_a_copy)
{
    fpt_model *m = copies_model(4);
    fpt_scenario *s = fpt_test_scenario_standard(m, 0xf);
    fpt_test_scenario_lock(s, m, 1, 3, FPT_LOCK_FORBID);
    fpt_test_scenario_set_rating(s, m, 2, FPT_K_SCALE, 4);
    fpt_symmetry *sym = find(m, s);
    expect_next(sym, "3 - - -");
    fpt_symmetry_free(sym);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* A link between two copies reads the same both ways; links to one third function at one
 * strength map onto each other; a chain a–b–c swaps its ends but not an end with its middle. */
Test(symmetry, links_up_to_relabelling)
{
    fpt_model *m = copies_model(8);
    fpt_test_model_add_link(m, 0, 1, 2); /* 0, 1: linked to each other */
    fpt_test_model_add_link(m, 2, 7, 3); /* 2, 3: linked to 7 alike */
    fpt_test_model_add_link(m, 3, 7, 3); /*   (7's links make it no copy) */
    fpt_test_model_add_link(m, 4, 5, 1); /* 4–5–6: a chain */
    fpt_test_model_add_link(m, 5, 6, 1); /*   of equal strengths */
    fpt_scenario *s = fpt_test_scenario_standard(m, 0xf);
    fpt_symmetry *sym = find(m, s);
    expect_next(sym, "1 - 3 - 6 - - -");
    fpt_symmetry_free(sym);
    fpt_test_model_add_link(m, 2, 3, 4); /* a link between 2 and 3 keeps them copies */
    fpt_test_model_add_link(m, 0, 7, 1); /* a link of 0 alone separates 0 from 1 */
    sym = find(m, s);
    expect_next(sym, "- - 3 - 6 - - -");
    fpt_symmetry_free(sym);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/* ---- the answer kept ------------------------------------------------------------------ */

typedef struct proto {
    double per_100k, salary_gbp;
    int rating[FPT_N_CRITERIA];
    size_t pool;
} proto;

static void draw_proto(fpt_test_rng *r, proto *p)
{
    p->per_100k = fpt_test_rng_uniform(r, 0.3, 2.5);
    p->salary_gbp = fpt_test_rng_uniform(r, 30000, 65000);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        p->rating[k] = fpt_test_rng_int(r, 0, 4);
    }
    p->pool = (size_t)fpt_test_rng_int(r, 0, 1);
}

/* n functions, copies of n_protos prototypes interleaved in file order; the copies of
 * prototype 0 linked to one another, those of prototype 1 each to the last function. */
static fpt_model *random_copies(fpt_test_rng *r, size_t n, size_t n_protos)
{
    proto p[4];
    fpt_model *m = fpt_test_model_new(n, 2);
    for (size_t k = 0; k < n_protos; k++) {
        draw_proto(r, &p[k]);
    }
    for (size_t f = 0; f < n; f++) {
        const proto *q = &p[f % n_protos];
        fpt_test_model_staff(m, f, q->per_100k, q->salary_gbp);
        fpt_test_model_ratings(m, f, q->rating);
        if (q->rating[FPT_K_SCARCITY] > 0) {
            fpt_test_model_add_draw(m, f, q->pool, 1.0);
        }
    }
    int s0 = fpt_test_rng_int(r, 1, 4), s1 = fpt_test_rng_int(r, 1, 4);
    bool link0 = fpt_test_rng_chance(r, 0.5), link1 = n_protos > 1 && fpt_test_rng_chance(r, 0.5);
    for (size_t f = 0; f < n; f++) {
        for (size_t g = f + n_protos; link0 && f % n_protos == 0 && g < n; g += n_protos) {
            fpt_test_model_add_link(m, f, g, s0);
        }
        if (link1 && f % n_protos == 1 && f != n - 1) {
            fpt_test_model_add_link(m, f, n - 1, s1);
        }
    }
    return m;
}

typedef struct tally {
    int models, with_copies, feasible, tied, structural, brute;
} tally;

static fpt_solution *solve_rows(const fpt_appraisal *a, bool rows)
{
    if (!rows) {
        setenv("FPT_TEST_NO_SYMMETRY", "1", 1);
    }
    fpt_solution *sol = fpt_test_solve(a);
    unsetenv("FPT_TEST_NO_SYMMETRY");
    return sol;
}

static void expect_same(const fpt_solution *x, const fpt_solution *y, size_t n, int i)
{
    cr_expect_eq(x->result, y->result, "model %d: %s with the rows, %s without", i,
                 fpt_result_name(x->result), fpt_result_name(y->result));
    if (x->result != FPT_RESULT_OPTIMAL || y->result != FPT_RESULT_OPTIMAL) {
        return;
    }
    cr_expect_eq(memcmp(x->level, y->level, n * sizeof *x->level), 0,
                 "model %d: another plan with the rows", i);
    cr_expect_eq(memcmp(&x->objective, &y->objective, sizeof x->objective), 0,
                 "model %d: objective %.17g with the rows, %.17g without", i, x->objective,
                 y->objective);
    cr_expect_eq(x->tied, y->tied, "model %d: tied %d with the rows, %d without", i, x->tied,
                 y->tied);
}

static void expect_brute(const fpt_appraisal *a, const fpt_solution *sol, int i, tally *t)
{
    fpt_test_brute b;
    fpt_test_brute_solve(a, &b);
    t->brute++;
    cr_expect_eq(b.feasible, sol->result == FPT_RESULT_OPTIMAL, "model %d: brute force %s, %s", i,
                 b.feasible ? "finds a plan" : "finds none", fpt_result_name(sol->result));
    if (!b.feasible || sol->result != FPT_RESULT_OPTIMAL) {
        return;
    }
    cr_expect_eq(memcmp(sol->level, b.level, a->n_functions * sizeof *b.level), 0,
                 "model %d: not the tie rule's plan (%zu tied)", i, b.n_tied);
    cr_expect_eq(sol->tied, b.n_tied > 1, "model %d: tied %d, brute force finds %zu", i, sol->tied,
                 b.n_tied);
}

static void one_model(fpt_test_rng *r, int i, tally *t)
{
    size_t n = (size_t)fpt_test_rng_int(r, 4, 12), n_protos = (size_t)fpt_test_rng_int(r, 1, 4);
    fpt_model *m = random_copies(r, n, n_protos);
    fpt_test_scenario_spec spec = {.n_levels = (size_t)fpt_test_rng_int(r, 2, 4),
                                   .coupled = fpt_test_rng_chance(r, 0.8),
                                   .lock_prob = 0.2};
    fpt_scenario *s = fpt_test_scenario_random(r, m, &spec);
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_symmetry *sym = NULL;
    cr_assert_eq(fpt_symmetry_create(a->n_functions, a->n_pairs, &sym, NULL), FPT_OK);
    fpt_symmetry_find(sym, a);
    fpt_solution *with = solve_rows(a, true);
    t->models++;
    t->with_copies += fpt_symmetry_n_links(sym) > 0;
    if (with->result == FPT_RESULT_OPTIMAL) {
        t->feasible++;
        t->tied += with->tied;
        t->structural += fpt_symmetry_tie_in_plan(sym, with->level);
        for (size_t f = 0; f < n; f++) { /* the rows hold: copies in level order */
            size_t g = fpt_symmetry_next(sym, f);
            cr_expect(g == n || with->level[f] <= with->level[g]);
        }
    }
#ifdef FPT_TEST_HOOKS
    fpt_solution *without = solve_rows(a, false);
    expect_same(with, without, n, i);
    fpt_solution_free(without);
#endif
    if (n <= 8 || spec.n_levels <= 3) {
        expect_brute(a, with, i, t);
    }
    fpt_solution_free(with);
    fpt_symmetry_free(sym);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

Test(symmetry, rows_keep_the_tie_rules_answer_on_random_copies, .timeout = 120)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 20140);
    tally t = {0};
    for (int i = 0; i < 150; i++) {
        one_model(&r, i, &t);
    }
    /* Not vacuous: most models have copies, most have a plan, and many plans put copies at
     * different levels (a tie only the rule decides). */
    cr_log_info("%d models, %d with copies, %d with a plan, %d tied (%d between copies), %d "
                "enumerated",
                t.models, t.with_copies, t.feasible, t.tied, t.structural, t.brute);
    cr_expect_geq(t.with_copies, 120);
    cr_expect_geq(t.feasible, 80);
    cr_expect_geq(t.structural, 20);
    cr_expect_geq(t.brute, 100);
}

/* A solver reused across scenarios (sweeps) keeps its ordering rows while the same functions
 * are copies and builds its programme afresh when they are not: each answer is a fresh
 * solve's. */
Test(symmetry, a_reused_solver_follows_the_copies)
{
    fpt_model *m = copies_model(6);
    fpt_scenario *s = fpt_test_scenario_standard(m, 0xf);
    fpt_scenario *apart = fpt_test_scenario_copy(s); /* 2 fixed at national: no copy */
    fpt_test_scenario_lock(apart, m, 2, 3, FPT_LOCK_FIX);
    fpt_appraisal *a[3] = {fpt_test_appraise(m, s), fpt_test_appraise(m, apart),
                           fpt_test_appraise(m, s)};
    fpt_solver *sv = NULL;
    cr_assert_eq(fpt_solver_create(&sv, NULL), FPT_OK);
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    for (int i = 0; i < 3; i++) {
        fpt_solution *warm = NULL;
        cr_assert_eq(fpt_solver_solve(sv, a[i], &o, &warm, NULL), FPT_OK);
        fpt_solution *fresh = fpt_test_solve(a[i]);
        expect_same(warm, fresh, 6, i);
        /* Not vacuous: the copies after 2 sit below national, which rows kept from the
         * first programme (level(2) <= level(3)) would forbid. */
        cr_expect(i != 1 || fresh->level[3] < 3, "the fixed copy's neighbour is at national");
        fpt_solution_free(warm);
        fpt_solution_free(fresh);
    }
    fpt_solver_free(sv);
    for (int i = 0; i < 3; i++) {
        fpt_appraisal_free(a[i]);
    }
    fpt_scenario_free(apart);
    fpt_scenario_free(s);
    fpt_model_free(m);
}
