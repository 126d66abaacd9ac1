/* SPDX-License-Identifier: MIT */
/*
 * "Every criterion acts" (docs/model.md, last section), checked on random models through
 * the real solver, once per criterion (ParameterizedTest over k), each alone (budget and
 * pools unlimited) and coupled (both set to bind):
 *
 * (a) raising one function's rating on k by one never moves it against k's direction:
 *     no less local for local knowledge and visibility, no more local for scarcity,
 *     minimum team, scale, duplication and development; raising one link's strength never
 *     widens the pair's remoteness gap. Under a binding budget or pool, (a) for criteria
 *     4–8 holds only when the change leaves the old plan feasible (docs/model.md; the
 *     counterexample is reproduced below), so coupled cases are checked under that
 *     condition and counted.
 * (b) raising w_k (×2, and 0 → 1) never increases the optimal plan's total T_k.
 * (c) each term acts: over the sample, the rating change and the weight change each move
 *     the plan at least once, so a term dropped from the objective would fail the test.
 * Every property counts the cases it actually checked and asserts a minimum.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "builder.h"
#include "footprint/solve.h"

enum { N_FUNCTIONS = 6, N_INSTANCES = 150 };

static const double UNLIMITED_BUDGET_GBP = 1e13;

/* A solved instance: the plan and what it comes to. */
typedef struct outcome {
    bool feasible;
    size_t level[N_FUNCTIONS];
    fpt_plan_eval eval;
} outcome;

static outcome solve_instance(const fpt_model *m, const fpt_scenario *s)
{
    outcome o = {0};
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_solution *sol = fpt_test_solve(a);
    cr_assert(sol->result == FPT_RESULT_OPTIMAL || sol->result == FPT_RESULT_INFEASIBLE,
              "unexpected result %s", fpt_result_name(sol->result));
    o.feasible = sol->result == FPT_RESULT_OPTIMAL;
    if (o.feasible) {
        memcpy(o.level, sol->level, m->n_functions * sizeof *o.level);
        o.eval = sol->eval;
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    return o;
}

/* Whether a plan meets locks, budget and pools of the scenario s. */
static bool plan_feasible(const fpt_model *m, const fpt_scenario *s, const size_t *level)
{
    fpt_appraisal *a = fpt_test_appraise(m, s);
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, level, &ev, NULL);
    fpt_appraisal_free(a);
    return ev.feasible;
}

static bool same_plan(const outcome *x, const outcome *y, size_t n)
{
    return memcmp(x->level, y->level, n * sizeof *x->level) == 0;
}

/* A random instance; alone: budget and pools unlimited, coupled: both set to bind. */
static void random_instance(fpt_test_rng *r, bool coupled, fpt_model **m, fpt_scenario **s)
{
    fpt_test_model_spec ms = {.n_functions = N_FUNCTIONS, .n_pools = 2, .link_prob = 0.35};
    fpt_test_scenario_spec ss = {.n_levels = 4, .coupled = coupled, .lock_prob = 0.1};
    *m = fpt_test_model_random(r, &ms);
    if (!coupled) {
        *s = fpt_test_scenario_random(r, *m, &ss);
        fpt_test_scenario_budget(*s, UNLIMITED_BUDGET_GBP);
        return;
    }
    ss.coupled = false;
    *s = fpt_test_scenario_random(r, *m, &ss);
    fpt_test_scenario_budget(*s, UNLIMITED_BUDGET_GBP);
    fpt_test_scenario_couple(r, *s, *m);
}

/* ---- (a) ratings ---------------------------------------------------------------------- */

/* The change (a) makes: raise f's rating on k, or the strength of link e (k = links). */
typedef struct change {
    size_t f, g; /* the function; for links, the pair */
} change;

/* Pick what to raise; false when the model offers nothing (all at 4, no draws, no links). */
static bool pick_change(fpt_test_rng *r, const fpt_model *m, int k, change *c)
{
    if (k == FPT_K_LINKS) {
        size_t n = 0, pick[64];
        for (size_t e = 0; e < m->n_links && n < 64; e++) {
            n += m->links[e].strength < 4 ? (pick[n] = e, 1) : 0;
        }
        if (n == 0) {
            return false;
        }
        const fpt_link *ln = &m->links[pick[fpt_test_rng_int(r, 0, (int)n - 1)]];
        c->f = ln->from;
        c->g = ln->to;
        return true;
    }
    size_t n = 0, pick[N_FUNCTIONS];
    for (size_t f = 0; f < m->n_functions; f++) {
        const fpt_function *fn = &m->functions[f];
        bool acts = k != FPT_K_SCARCITY || fn->n_draws > 0; /* no draws: no scarce staff */
        if (fn->rating[k] < 4 && acts) {
            pick[n++] = f;
        }
    }
    if (n == 0) {
        return false;
    }
    c->f = pick[fpt_test_rng_int(r, 0, (int)n - 1)];
    return true;
}

static int link_strength(const fpt_model *m, size_t f, size_t g)
{
    for (size_t e = 0; e < m->n_links; e++) {
        const fpt_link *ln = &m->links[e];
        if ((ln->from == f && ln->to == g) || (ln->from == g && ln->to == f)) {
            return ln->strength;
        }
    }
    return 0;
}

static fpt_scenario *apply_change(const fpt_model *m, const fpt_scenario *s, int k, const change *c)
{
    fpt_scenario *t = fpt_test_scenario_copy(s);
    if (k == FPT_K_LINKS) {
        fpt_test_scenario_set_link(t, m, c->f, c->g, link_strength(m, c->f, c->g) + 1);
    } else {
        fpt_test_scenario_set_rating(t, m, c->f, k, m->functions[c->f].rating[k] + 1);
    }
    return t;
}

/* Did the change move the plan against k's direction? */
static bool moved_against(const fpt_appraisal *a, int k, const change *c, const outcome *before,
                          const outcome *after)
{
    if (k == FPT_K_LINKS) {
        double gap_before =
            fabs(a->remoteness[before->level[c->f]] - a->remoteness[before->level[c->g]]);
        double gap_after =
            fabs(a->remoteness[after->level[c->f]] - a->remoteness[after->level[c->g]]);
        return gap_after > gap_before + 1e-12;
    }
    if (k == FPT_K_KNOWLEDGE || k == FPT_K_VISIBILITY) {
        return after->level[c->f] > before->level[c->f];
    }
    return after->level[c->f] < before->level[c->f];
}

typedef struct rating_tally {
    int checked, moved, no_change_possible, infeasible, old_plan_broken, new_plan_unaffordable;
} rating_tally;

/* Give base the budget and pool supplies that make the raised scenario (or base) bind. */
static void couple_pair(fpt_test_rng *r, const fpt_model *m, fpt_scenario *base,
                        fpt_scenario *raised, bool on_raised)
{
    fpt_scenario *from = on_raised ? raised : base, *to = on_raised ? base : raised;
    fpt_test_scenario_couple(r, from, m);
    to->allowance_per_head_gbp = from->allowance_per_head_gbp;
    for (size_t i = 0; i < from->n_supplies; i++) {
        to->supplies[i] = (fpt_supply){.pool_id = to->supplies[i].pool_id,
                                       .pool = from->supplies[i].pool,
                                       .limited = from->supplies[i].limited,
                                       .supply_wte = from->supplies[i].supply_wte,
                                       .premium_gbp = from->supplies[i].premium_gbp,
                                       .line = from->supplies[i].line};
    }
}

/*
 * Whether the exchange argument behind (a) applies to a coupled change of criteria 4–8:
 * the old plan must still fit after the change (docs/model.md), and the new plan must
 * have fitted before it. Raising min-team, duplication or scarcity only tightens budget
 * and pools, so the first implies the second; development touches neither; raising the
 * scale rating makes every level cheaper, so only the second can fail (see
 * scale_can_move_local_under_a_binding_budget).
 */
static bool exchange_applies(const fpt_model *m, const fpt_scenario *s, const fpt_scenario *raised,
                             const outcome *before, const outcome *after, rating_tally *t)
{
    if (!plan_feasible(m, raised, before->level)) {
        t->old_plan_broken++;
        return false;
    }
    if (!plan_feasible(m, s, after->level)) {
        t->new_plan_unaffordable++;
        return false;
    }
    return true;
}

static void expect_not_against(const fpt_model *m, const fpt_scenario *s, int k, const change *c,
                               const outcome *before, const outcome *after, const char *what)
{
    fpt_appraisal *a = fpt_test_appraise(m, s);
    char moved[96];
    if (k == FPT_K_LINKS) {
        snprintf(moved, sizeof moved, "link f%zu-f%zu: levels (%zu, %zu) -> (%zu, %zu)", c->f, c->g,
                 before->level[c->f], before->level[c->g], after->level[c->f], after->level[c->g]);
    } else {
        snprintf(moved, sizeof moved, "f%zu: level %zu -> %zu", c->f, before->level[c->f],
                 after->level[c->f]);
    }
    cr_expect_not(moved_against(a, k, c, before, after),
                  "(a) %s, %s: raising %s moved against "
                  "its direction: %s",
                  fpt_criterion_id(k), what, fpt_criterion_id(k), moved);
    fpt_appraisal_free(a);
}

/* One (a) case; coupled cases of criteria 4–8 are checked when exchange_applies(). */
static void rating_case(fpt_test_rng *r, int k, bool coupled, int i, rating_tally *t)
{
    fpt_model *m;
    fpt_scenario *s;
    random_instance(r, false, &m, &s);
    change c;
    if (!pick_change(r, m, k, &c)) {
        t->no_change_possible++;
        fpt_scenario_free(s);
        fpt_model_free(m);
        return;
    }
    fpt_scenario *raised = apply_change(m, s, k, &c);
    if (coupled) {
        couple_pair(r, m, s, raised, i % 2 == 1);
    }
    char msg[512], what[64];
    cr_assert(fpt_test_validate(m, raised, msg, sizeof msg), "invalid instance: %s", msg);
    snprintf(what, sizeof what, "%s instance %d", coupled ? "coupled" : "alone", i);
    outcome before = solve_instance(m, s), after = solve_instance(m, raised);
    if (!before.feasible || !after.feasible) {
        t->infeasible++;
    } else if (!coupled || k < FPT_K_SCARCITY ||
               exchange_applies(m, s, raised, &before, &after, t)) {
        expect_not_against(m, s, k, &c, &before, &after, what);
        t->checked++;
        t->moved += !same_plan(&before, &after, m->n_functions);
    }
    fpt_scenario_free(raised);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

static void run_rating_cases(int k, bool coupled, rating_tally *t)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 0xa000u + 16u * (unsigned)k + (coupled ? 1u : 0u));
    for (int i = 0; i < N_INSTANCES; i++) {
        rating_case(&r, k, coupled, i, t);
    }
}

ParameterizedTestParameters(solve_properties, rating_never_moves_against_direction)
{
    static int criteria[] = {0, 1, 2, 3, 4, 5, 6, 7};
    return cr_make_param_array(int, criteria, sizeof criteria / sizeof criteria[0]);
}

ParameterizedTest(int *k, solve_properties, rating_never_moves_against_direction)
{
    rating_tally alone = {0}, coupled = {0};
    run_rating_cases(*k, false, &alone);
    run_rating_cases(*k, true, &coupled);
    cr_log_info("(a) %s: alone %d checked (%d moved, %d no change possible, %d infeasible); "
                "coupled %d checked (%d moved, %d infeasible, %d old plan broken, %d new plan "
                "unaffordable before)",
                fpt_criterion_id(*k), alone.checked, alone.moved, alone.no_change_possible,
                alone.infeasible, coupled.checked, coupled.moved, coupled.infeasible,
                coupled.old_plan_broken, coupled.new_plan_unaffordable);
    cr_expect_geq(alone.checked, 120, "(a) %s alone: only %d cases checked", fpt_criterion_id(*k),
                  alone.checked);
    cr_expect_geq(coupled.checked, 20, "(a) %s coupled: only %d cases checked",
                  fpt_criterion_id(*k), coupled.checked);
}

/* ---- (b) weights ---------------------------------------------------------------------- */

typedef struct weight_tally {
    int checked_double, checked_from_zero, moved_double, moved_from_zero, infeasible;
} weight_tally;

/*
 * T_k of the plan with the higher weight must not exceed T_k of the plan with the lower
 * one. The exchange argument gives (w' − w)(T' − T) <= 0 for exact optima; the solver's
 * optimum is defined up to the tie tolerance tau of each objective, hence the second term.
 */
static void expect_term_not_raised(int k, const outcome *low, const outcome *high, double dw,
                                   const char *what)
{
    double t_low = low->eval.term_gbp[k], t_high = high->eval.term_gbp[k];
    double z = fmax(fabs(low->eval.objective), fabs(high->eval.objective));
    double tol = 1e-6 * fmax(1.0, fabs(t_low)) + 2 * 1e-9 * fmax(1.0, z) / dw;
    cr_expect(t_high <= t_low + tol, "(b) %s, %s: T_%d rose from %.6f to %.6f", fpt_criterion_id(k),
              what, k + 1, t_low, t_high);
}

static void weight_case(fpt_test_rng *r, int k, bool coupled, int i, weight_tally *t)
{
    fpt_model *m;
    fpt_scenario *s;
    random_instance(r, coupled, &m, &s);
    fpt_scenario *doubled = fpt_test_scenario_copy(s), *zero = fpt_test_scenario_copy(s);
    doubled->weight[k] = 2 * s->weight[k];
    zero->weight[k] = 0;
    outcome base = solve_instance(m, s);
    if (!base.feasible) { /* weights do not change feasibility */
        t->infeasible++;
    } else {
        outcome high = solve_instance(m, doubled), low = solve_instance(m, zero);
        cr_assert(high.feasible && low.feasible);
        char what[64];
        snprintf(what, sizeof what, "%s instance %d, w x2", coupled ? "coupled" : "alone", i);
        expect_term_not_raised(k, &base, &high, s->weight[k], what);
        snprintf(what, sizeof what, "%s instance %d, w 0 -> 1", coupled ? "coupled" : "alone", i);
        expect_term_not_raised(k, &low, &base, s->weight[k], what);
        t->checked_double++;
        t->checked_from_zero++;
        t->moved_double += !same_plan(&base, &high, m->n_functions);
        t->moved_from_zero += !same_plan(&low, &base, m->n_functions);
    }
    fpt_scenario_free(doubled);
    fpt_scenario_free(zero);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

static void run_weight_cases(int k, bool coupled, weight_tally *t)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 0xb000u + 16u * (unsigned)k + (coupled ? 1u : 0u));
    for (int i = 0; i < N_INSTANCES; i++) {
        weight_case(&r, k, coupled, i, t);
    }
}

ParameterizedTestParameters(solve_properties, weight_never_raises_own_term)
{
    static int criteria[] = {0, 1, 2, 3, 4, 5, 6, 7};
    return cr_make_param_array(int, criteria, sizeof criteria / sizeof criteria[0]);
}

ParameterizedTest(int *k, solve_properties, weight_never_raises_own_term)
{
    weight_tally alone = {0}, coupled = {0};
    run_weight_cases(*k, false, &alone);
    run_weight_cases(*k, true, &coupled);
    cr_log_info("(b) %s: alone %d x2 (%d moved), %d 0->1 (%d moved), %d infeasible; coupled "
                "%d x2 (%d moved), %d 0->1 (%d moved), %d infeasible",
                fpt_criterion_id(*k), alone.checked_double, alone.moved_double,
                alone.checked_from_zero, alone.moved_from_zero, alone.infeasible,
                coupled.checked_double, coupled.moved_double, coupled.checked_from_zero,
                coupled.moved_from_zero, coupled.infeasible);
    cr_expect_geq(alone.checked_double + alone.checked_from_zero, 240);
    cr_expect_geq(coupled.checked_double + coupled.checked_from_zero, 200);
}

/* ---- (c) each term acts ------------------------------------------------------------------ */

/* Pick a change with room to move in k's direction in the base plan; false if none. */
static bool pick_movable_change(fpt_test_rng *r, const fpt_model *m, const fpt_appraisal *a, int k,
                                const outcome *base, change *c)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        if (!pick_change(r, m, k, c)) {
            return false;
        }
        size_t l = base->level[c->f], top = a->n_levels - 1;
        bool room = k == FPT_K_LINKS        ? l != base->level[c->g]
                    : k <= FPT_K_VISIBILITY ? l > 0
                                            : l < top;
        if (room) {
            return true;
        }
    }
    return false;
}

/* Whether raising the rating (or link) moved the plan; false when there was nothing to raise. */
static bool rating_moves(fpt_test_rng *r, const fpt_model *m, const fpt_scenario *s, int k,
                         const outcome *base)
{
    fpt_appraisal *a = fpt_test_appraise(m, s);
    change c;
    bool moved = false;
    if (pick_movable_change(r, m, a, k, base, &c)) {
        fpt_scenario *raised = apply_change(m, s, k, &c);
        outcome after = solve_instance(m, raised);
        moved = after.feasible && !same_plan(base, &after, m->n_functions);
        fpt_scenario_free(raised);
    }
    fpt_appraisal_free(a);
    return moved;
}

static bool weight_moves(const fpt_model *m, const fpt_scenario *s, int k, const outcome *base)
{
    fpt_scenario *zero = fpt_test_scenario_copy(s);
    zero->weight[k] = 0;
    outcome low = solve_instance(m, zero);
    fpt_scenario_free(zero);
    return low.feasible && !same_plan(base, &low, m->n_functions);
}

ParameterizedTestParameters(solve_properties, every_term_moves_some_plan)
{
    static int criteria[] = {0, 1, 2, 3, 4, 5, 6, 7};
    return cr_make_param_array(int, criteria, sizeof criteria / sizeof criteria[0]);
}

/*
 * (c) on alone instances, where a rating acts only through its parameter: search until the
 * rating change and the weight change w_k 0 -> 1 have each moved a plan. If T_k were
 * dropped from the objective, the weight change could never move one.
 */
ParameterizedTest(int *k, solve_properties, every_term_moves_some_plan)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, 0xc000u + (unsigned)*k);
    int tried = 0, by_rating = 0, by_weight = 0;
    for (; tried < 300 && (by_rating == 0 || by_weight == 0); tried++) {
        fpt_model *m;
        fpt_scenario *s;
        random_instance(&r, false, &m, &s);
        outcome base = solve_instance(m, s);
        if (base.feasible) {
            by_rating += by_rating == 0 && rating_moves(&r, m, s, *k, &base);
            by_weight += by_weight == 0 && weight_moves(m, s, *k, &base);
        }
        fpt_scenario_free(s);
        fpt_model_free(m);
    }
    cr_log_info("(c) %s: rating moved a plan %s, weight %s, within %d instances",
                fpt_criterion_id(*k), by_rating ? "yes" : "no", by_weight ? "yes" : "no", tried);
    cr_expect(by_rating, "(c) raising %s never moved a plan in %d instances", fpt_criterion_id(*k),
              tried);
    cr_expect(by_weight, "(c) weighting %s 0 -> 1 never moved a plan in %d instances",
              fpt_criterion_id(*k), tried);
}

/* ---- the caveats of (a) under a binding budget ----------------------------------------- */

/*
 * docs/model.md: under a binding budget, raising a cost rating can move a function towards
 * local. Population 21,100,000; levels local (211 units of 100,000) and national; standard
 * calibration, β = 1, no minimum team, scarcity or development, weights 1.
 *   f0: a = 1, w = £10,000, S = 2,110,000; knowledge 3 (.35), visibility 2 (.2),
 *       duplication 1 (d = .25). T6 = S at both levels; T7 = N × d × w.
 *       running local 2,110,000 + 211 × .25 × 10k = 2,637,500, national 2,112,500;
 *       objective local 2,637,500, national 2,112,500 + .55 × S = 3,273,000.
 *   f1: a = 2, w = £10,000, S = 4,220,000; knowledge 4 (.5), visibility 2 (.2),
 *       duplication 3 (d = 1): running local 6,330,000, national 4,230,000; objective local
 *       6,330,000, national 4,230,000 + .7 × S = 7,184,000.
 *   Budget £0.8003 × 0.5 × 21.1M = £8,443,165. Plans (f0, f1):
 *     (L,L) runs 8,967,500: over. (N,L) runs 8,442,500, objective 9,603,000  <- optimum.
 *     (L,N) 6,867,500, 9,821,500.  (N,N) 6,342,500, 10,457,000.
 *   Raise f0's duplication to 2 (d = .5): running local 3,165,000, national 2,115,000.
 *     (N,L) runs 8,445,000: now over. (L,N) runs 7,395,000, objective 10,349,000 <- optimum;
 *     (N,N) 10,459,500. So f0 moves from national to local, against duplication's direction:
 *     the old plan no longer fits, which is exactly the condition (a) excludes.
 */
Test(solve_properties, duplication_can_move_local_under_a_binding_budget)
{
    fpt_model *m = fpt_test_model_new(2, 0);
    fpt_test_model_staff(m, 0, 1, 10000);
    fpt_test_model_staff(m, 1, 2, 10000);
    fpt_test_model_ratings(m, 0, (const int[]){3, 2, 0, 0, 0, 0, 1, 0});
    fpt_test_model_ratings(m, 1, (const int[]){4, 2, 0, 0, 0, 0, 3, 0});
    fpt_scenario *s = fpt_test_scenario_new(m, 21100000, (const long[]){211, 1}, 2);
    s->allowance_per_head_gbp = 0.8003;
    fpt_scenario *raised = fpt_test_scenario_copy(s);
    fpt_test_scenario_set_rating(raised, m, 0, FPT_K_DUPLICATION, 2);
    char msg[512];
    cr_assert(fpt_test_validate(m, raised, msg, sizeof msg), "%s", msg);

    outcome before = solve_instance(m, s), after = solve_instance(m, raised);
    cr_assert(before.feasible && after.feasible);
    cr_expect(before.level[0] == 1 && before.level[1] == 0, "before: (%zu, %zu), expected (1, 0)",
              before.level[0], before.level[1]);
    cr_expect(fabs(before.eval.objective - 9603000) < 1e-3, "%.6f", before.eval.objective);
    cr_expect(fabs(before.eval.running_gbp - 8442500) < 1e-3);
    cr_expect(after.level[0] == 0 && after.level[1] == 1, "after: (%zu, %zu), expected (0, 1)",
              after.level[0], after.level[1]);
    cr_expect(fabs(after.eval.objective - 10349000) < 1e-3, "%.6f", after.eval.objective);
    cr_expect_not(plan_feasible(m, raised, before.level), "the old plan must no longer fit");
    fpt_scenario_free(raised);
    fpt_scenario_free(s);
    fpt_model_free(m);
}

/*
 * The caveat needs its second half too: raising the scale rating makes every level cheaper
 * (local units of 251,693 people are already above the 100,000 reference), so the old plan
 * always still fits, yet a budget that kept a function away from the level it prefers may
 * now let it go there. One function, standard population, local (211) and national levels,
 * a = 1, w = £40,000, S = 1 × 531.07169 × 40,000 = £21,242,868; knowledge 4 (.5), duplication
 * 1 (.25 WTE per unit: 211 × .25 × 40k = £2,110,000 locally, £10,000 nationally).
 *   β = 1 (scale 0): T6 = S at both levels; running local 23,352,868, national 21,252,868.
 *   β = .975 (scale 1): T6 local 211 × 2.5169^.975 × 40k = 20,758,4xx, national 531.07^.975
 *   × 40k = 18,165,xxx; running local ≈ 22,868,400, national ≈ 18,175,000.
 * Budget £23,000,000: before, local is over and the function sits national (its only
 * affordable level); after, local fits and, with no knowledge penalty there (national's is
 * .5 × S = £10.6M), the function moves local: against scale's direction, although the old
 * plan still fits. What breaks the exchange argument is that the new plan did not fit before.
 */
Test(solve_properties, scale_can_move_local_under_a_binding_budget)
{
    fpt_model *m = fpt_test_model_new(1, 0);
    fpt_test_model_ratings(m, 0, (const int[]){4, 0, 0, 0, 0, 0, 1, 0});
    fpt_scenario *s = fpt_test_scenario_standard(m, 0x9);
    fpt_test_scenario_budget(s, 23e6);
    fpt_scenario *raised = fpt_test_scenario_copy(s);
    fpt_test_scenario_set_rating(raised, m, 0, FPT_K_SCALE, 1);
    char msg[512];
    cr_assert(fpt_test_validate(m, raised, msg, sizeof msg), "%s", msg);
    fpt_appraisal *a = fpt_test_appraise(m, s), *b = fpt_test_appraise(m, raised);
    cr_assert(fpt_appraisal_cell(a, 0, 0)->running_gbp > a->budget_gbp, "set-up: local over");
    cr_assert(fpt_appraisal_cell(a, 0, 1)->running_gbp <= a->budget_gbp);
    cr_assert(fpt_appraisal_cell(b, 0, 0)->running_gbp <= b->budget_gbp, "set-up: local fits");
    cr_assert(fpt_appraisal_cell(b, 0, 0)->objective < fpt_appraisal_cell(b, 0, 1)->objective);

    outcome before = solve_instance(m, s), after = solve_instance(m, raised);
    cr_assert(before.feasible && after.feasible);
    cr_expect_eq(before.level[0], 1, "before: national, the only affordable level");
    cr_expect_eq(after.level[0], 0, "after: local, against scale's direction");
    cr_expect(plan_feasible(m, raised, before.level), "the old plan still fits");
    cr_expect_not(plan_feasible(m, s, after.level), "the new plan did not fit before");
    fpt_appraisal_free(a);
    fpt_appraisal_free(b);
    fpt_scenario_free(raised);
    fpt_scenario_free(s);
    fpt_model_free(m);
}
