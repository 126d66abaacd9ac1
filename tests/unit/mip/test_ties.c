/* SPDX-License-Identifier: MIT */
/*
 * The tie rule and the optimum within tau (docs/model.md "Solving and ties") where GLPK's
 * tolerances are of the order of tau: models whose functions are copies of a few prototypes,
 * their salaries perturbed by a few parts in 10^9, so that many plans lie within a few tau
 * of each other. Against exhaustive enumeration on 7 functions, including the instances an
 * independent check found wrong (a tie reported as none and the wrong plan; a plan better by
 * more than tau missed); on 36 functions of 5 levels whose objectives lie fractions and
 * multiples of tau apart, independent so that the rule's plan is known exactly; and on 36
 * functions in six groups that share no link, pool or budget, each enumerated on its own.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "brute.h"
#include "builder.h"
#include "footprint/solve.h"

enum { N_SMALL = 7, N_PROTOS_MAX = 3, N_WIDE = 36, WIDE_LEVELS = 5 };

/* ---- 7 functions against enumeration ----------------------------------------------------- */

/* Functions first .. first + n − 1 of m, each a copy of one of n_proto random prototypes,
 * its salary multiplied by 1 + eps × u (u uniform in [−2, 2]), drawing (when scarce) on one of
 * pools pool0 .. pool0 + n_pools − 1; random links among them. */
static void add_copies(fpt_test_rng *r, fpt_model *m, size_t first, size_t n, size_t n_proto,
                       double link_prob, double eps, size_t pool0, size_t n_pools)
{
    double per_100k[N_PROTOS_MAX], salary[N_PROTOS_MAX];
    int rating[N_PROTOS_MAX][FPT_N_CRITERIA], pool[N_PROTOS_MAX];
    for (size_t p = 0; p < n_proto; p++) {
        per_100k[p] = fpt_test_rng_uniform(r, 0.2, 3);
        salary[p] = fpt_test_rng_uniform(r, 30000, 70000);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            rating[p][k] = fpt_test_rng_int(r, 0, 4);
        }
        pool[p] = fpt_test_rng_int(r, 0, (int)n_pools - 1);
    }
    for (size_t f = first; f < first + n; f++) {
        size_t p = (size_t)fpt_test_rng_int(r, 0, (int)n_proto - 1);
        double u = fpt_test_rng_uniform(r, -2, 2);
        fpt_test_model_staff(m, f, per_100k[p], salary[p] * (1 + eps * u));
        fpt_test_model_ratings(m, f, rating[p]);
        if (rating[p][FPT_K_SCARCITY] > 0) {
            fpt_test_model_add_draw(m, f, pool0 + (size_t)pool[p], 1.0);
        }
    }
    for (size_t f = first; f < first + n; f++) {
        for (size_t g = f + 1; g < first + n; g++) {
            if (fpt_test_rng_chance(r, link_prob)) {
                fpt_test_model_add_link(m, f, g, fpt_test_rng_int(r, 1, 4));
            }
        }
    }
}

/* n functions, copies of n_proto prototypes (add_copies), on two pools. */
static fpt_model *copies_model(fpt_test_rng *r, size_t n, size_t n_proto, double link_prob,
                               double eps)
{
    fpt_model *m = fpt_test_model_new(n, 2);
    add_copies(r, m, 0, n, n_proto, link_prob, eps, 0, 2);
    return m;
}

/* Instance `index` of stream `seed`: the model and a random scenario (2–4 levels, budget and
 * pools binding seven times in ten, locks one time in five). */
static fpt_appraisal *near_tie_instance(unsigned long seed, int index, double eps, fpt_model **m,
                                        fpt_scenario **s)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, seed * 1000003 + (unsigned long)index);
    size_t n_proto = (size_t)fpt_test_rng_int(&r, 1, N_PROTOS_MAX);
    double link_prob = fpt_test_rng_uniform(&r, 0, 0.3);
    *m = copies_model(&r, N_SMALL, n_proto, link_prob, eps);
    fpt_test_scenario_spec ss = {0};
    ss.n_levels = (size_t)fpt_test_rng_int(&r, 2, 4);
    ss.coupled = fpt_test_rng_chance(&r, 0.7);
    ss.lock_prob = 0.2;
    *s = fpt_test_scenario_random(&r, *m, &ss);
    return fpt_test_appraise(*m, *s);
}

static void format_plan(char *buf, size_t size, const size_t *level, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t f = 0; f < n && used < size; f++) {
        int w = snprintf(buf + used, size - used, "%s%zu", f > 0 ? "," : "", level[f]);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* The solver's plan is the enumeration's: the tie rule's plan among those within tau of the
 * true optimum. Returns whether there was a tie (the enumeration's count). */
static bool check_instance(unsigned long seed, int index, double eps)
{
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = near_tie_instance(seed, index, eps, &m, &s);
    fpt_test_brute b;
    fpt_test_brute_solve(a, &b);
    fpt_solution *sol = fpt_test_solve(a);
    bool tied = b.feasible && b.n_tied > 1;
    if (b.feasible) {
        char got[64], want[64];
        format_plan(got, sizeof got, sol->level, a->n_functions);
        format_plan(want, sizeof want, b.level, a->n_functions);
        cr_expect_eq(sol->result, FPT_RESULT_OPTIMAL, "seed %lu #%d: %s", seed, index,
                     fpt_result_name(sol->result));
        cr_expect(strcmp(got, want) == 0,
                  "seed %lu #%d (eps %g, %zu plans within tau): plan %s, the rule's is %s "
                  "(objective %+.3g tau from the optimum)",
                  seed, index, eps, b.n_tied, got, want,
                  (sol->objective - b.objective) / (FPT_TEST_TIE_REL * fabs(b.objective)));
        cr_expect_eq(sol->tied, tied, "seed %lu #%d: tie_broken %d, %zu plans within tau", seed,
                     index, sol->tied, b.n_tied);
    } else {
        cr_expect_eq(sol->result, FPT_RESULT_INFEASIBLE);
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    return tied;
}

/* Instances the solver got wrong before the tie phase judged every answer of GLPK exactly.
 * 14/1426: four plans within 3e-12 of each other, reported with tie_broken false and not the
 * rule's plan — GLPK's tie MIP returned a plan that fails the exact check, which was read as
 * "no tie". 14/1866: a plan better by 1.2 tau, reported with the wrong plan. 14/1039 (367
 * plans within tau): the wrong plan among the tied ones. */
Test(ties, instances_once_wrong_follow_the_rule)
{
    static const struct {
        unsigned long seed;
        int index;
    } cases[] = {{14, 1426}, {14, 1866}, {14, 1039}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check_instance(cases[i].seed, cases[i].index, 5e-9);
    }
}

Test(ties, random_near_ties_agree_with_enumeration)
{
    static const double eps[] = {0, 1e-9, 5e-9};
    int tied = 0, checked = 0;
    for (size_t e = 0; e < sizeof eps / sizeof eps[0]; e++) {
        for (int i = 0; i < 150; i++) {
            tied += check_instance(100 + e, i, eps[e]);
            checked++;
        }
    }
    cr_log_info("ties: %d near-tie models, %d with a tie", checked, tied);
    cr_expect_geq(tied, 60, "tied instances exercised: %d", tied);
}

/* ---- 36 functions of 5 levels, independent, objectives around tau apart ---------------- */

/* Excesses over a function's best level, in units of tau: exact ties, fractions that add up
 * past tau over a few functions (no sum of them comes within 0.5% of tau, so rounding cannot
 * decide a tie), and a little over tau. */
static const double STEPS[] = {0, 0, 0.113, 0.237, 0.371, 0.619, 1.07, 1.3, 3, 1e4};

typedef struct steps {
    const double *excess; /* in tau */
    int n;
} steps;

static const steps NEAR = {STEPS, sizeof STEPS / sizeof STEPS[0]};

/* 36 functions, no pools, links or budget: the cells' objectives are set directly, each
 * function's best level at a random place and its others STEPS apart (in tau of the whole
 * optimum, which is about 36 x 1e6). GLPK's reduced-cost tolerance (1e-7 relative) cannot
 * tell these levels apart. Returns z*. */
static double wide_instance(unsigned long seed, steps st, fpt_appraisal *a, double *best)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, seed);
    double base[N_WIDE], z = 0;
    for (size_t f = 0; f < N_WIDE; f++) {
        base[f] = fpt_test_rng_uniform(&r, 0.5e6, 1.5e6);
        z += base[f];
    }
    double tau = FPT_TEST_TIE_REL * z;
    for (size_t f = 0; f < N_WIDE; f++) {
        int at = fpt_test_rng_int(&r, 0, WIDE_LEVELS - 1);
        for (size_t l = 0; l < WIDE_LEVELS; l++) {
            int k = fpt_test_rng_int(&r, 0, st.n - 1);
            double excess = (int)l == at ? 0 : st.excess[k] * tau;
            a->cells[f * WIDE_LEVELS + l].objective = base[f] + excess;
        }
        best[f] = base[f];
    }
    return z;
}

/* The tie rule for independent functions: the plans within tau of the optimum are those
 * whose functions' excesses add up to at most tau; in file order, each function takes its
 * most local level whose excess fits what is left. Evaluated on the cells themselves. */
static void wide_rule_plan(const fpt_appraisal *a, const double *best, size_t *plan)
{
    double z = 0;
    for (size_t f = 0; f < N_WIDE; f++) {
        double m = INFINITY;
        for (size_t l = 0; l < WIDE_LEVELS; l++) {
            m = fmin(m, fpt_appraisal_cell(a, f, l)->objective);
        }
        cr_assert(m == best[f]);
        z += m;
    }
    double slack = FPT_TEST_TIE_REL * fmax(1.0, fabs(z));
    for (size_t f = 0; f < N_WIDE; f++) {
        for (size_t l = 0; l < WIDE_LEVELS; l++) {
            double excess = fpt_appraisal_cell(a, f, l)->objective - best[f];
            if (excess <= slack) {
                plan[f] = l;
                slack -= excess;
                break;
            }
        }
    }
}

static fpt_appraisal *wide_appraisal(fpt_model **m, fpt_scenario **s)
{
    static const long units[WIDE_LEVELS] = {200, 60, 20, 6, 1};
    *m = fpt_test_model_new(N_WIDE, 1);
    for (size_t f = 0; f < N_WIDE; f++) {
        fpt_test_model_staff(*m, f, 1.0, 40000);
        fpt_test_model_ratings(*m, f, (const int[]){2, 2, 0, 0, 2, 2, 2, 2});
    }
    *s = fpt_test_scenario_new(*m, FPT_TEST_POPULATION, units, WIDE_LEVELS);
    fpt_test_scenario_budget(*s, 1e15);
    return fpt_test_appraise(*m, *s);
}

/* Returns whether the instance had a tie. */
static bool check_wide(unsigned long seed, steps st)
{
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = wide_appraisal(&m, &s);
    double best[N_WIDE];
    size_t want[N_WIDE], n_tied_levels = 0;
    double z = wide_instance(seed, st, a, best);
    wide_rule_plan(a, best, want);
    fpt_solution *sol = fpt_test_solve(a);
    cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL, "seed %lu: %s", seed,
                 fpt_result_name(sol->result));
    char got_s[128], want_s[128];
    format_plan(got_s, sizeof got_s, sol->level, N_WIDE);
    format_plan(want_s, sizeof want_s, want, N_WIDE);
    double tau = FPT_TEST_TIE_REL * z;
    cr_expect(strcmp(got_s, want_s) == 0, "seed %lu: plan %s, the rule's is %s (%+.3g tau)", seed,
              got_s, want_s, (sol->objective - z) / tau);
    cr_expect(sol->objective <= z + tau, "seed %lu: objective %+.3g tau from the optimum", seed,
              (sol->objective - z) / tau);
    double excess = 0; /* the rule's plan's; when 0, a tie needs another level within tau */
    for (size_t f = 0; f < N_WIDE; f++) {
        excess += fpt_appraisal_cell(a, f, want[f])->objective - best[f];
        for (size_t l = 0; l < WIDE_LEVELS; l++) {
            n_tied_levels +=
                l != want[f] && fpt_appraisal_cell(a, f, l)->objective - best[f] <= tau;
        }
    }
    bool tied = excess > 0 || n_tied_levels > 0;
    cr_expect_eq(sol->tied, tied, "seed %lu: tie_broken %d", seed, sol->tied);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    return tied;
}

/* The kind an independent check found wrong on 36 functions of 5 levels: reported optimal
 * with gap 0 while a plan better by more than tau existed, hidden by GLPK's tolerance. */
Test(ties, thirty_six_functions_five_levels_follow_the_rule)
{
    int tied = 0;
    for (unsigned long seed = 1; seed <= 40; seed++) {
        tied += check_wide(seed, NEAR);
    }
    cr_expect_geq(tied, 30, "instances with a tie: %d of 40", tied);
}

/* ---- 36 functions in six independent groups, against enumeration group by group --------- */

/* Each group: six copies of one to three prototypes (add_copies), links within the group and
 * a pool of its own, so that with the budget out of reach the groups share nothing: a plan's
 * objective is the sum of its groups', and every group can be enumerated on its own. */
enum { N_GROUPS = 6, GROUP = 6, GROUP_PLANS_MAX = 4096 /* 4 levels ^ GROUP */ };

typedef struct group_table {
    size_t n_plans;                    /* n_levels ^ GROUP, in lexicographic order */
    bool feasible[GROUP_PLANS_MAX];    /* the group's plan meets its locks and pool */
    double objective[GROUP_PLANS_MAX]; /* the whole plan's, the other groups held fixed */
    double least;                      /* least objective of a feasible group plan */
} group_table;

static fpt_appraisal *grouped_instance(unsigned long seed, int index, double eps, fpt_model **m,
                                       fpt_scenario **s)
{
    fpt_test_rng r;
    fpt_test_rng_seed(&r, seed * 1000003 + (unsigned long)index);
    *m = fpt_test_model_new(N_GROUPS * GROUP, N_GROUPS);
    for (size_t g = 0; g < N_GROUPS; g++) {
        size_t n_proto = (size_t)fpt_test_rng_int(&r, 1, N_PROTOS_MAX);
        double link_prob = fpt_test_rng_uniform(&r, 0, 0.4);
        add_copies(&r, *m, g * GROUP, GROUP, n_proto, link_prob, eps, g, 1);
    }
    fpt_test_scenario_spec ss = {.n_levels = (size_t)fpt_test_rng_int(&r, 2, 4)};
    ss.coupled = true; /* each group's pool binds; the budget is lifted below */
    ss.lock_prob = 0.8;
    *s = fpt_test_scenario_random(&r, *m, &ss);
    fpt_test_scenario_budget(*s, 1e15);
    return fpt_test_appraise(*m, *s);
}

/* Group g's plan number i (function g × GROUP first, most significant) into plan. */
static void put_group_plan(const fpt_appraisal *a, size_t g, size_t i, size_t *plan)
{
    for (size_t k = GROUP; k-- > 0;) {
        plan[g * GROUP + k] = i % a->n_levels;
        i /= a->n_levels;
    }
}

/* Every plan of group g, the other groups at their levels in ref (a feasible plan). */
static void enumerate_group(const fpt_appraisal *a, size_t g, const size_t *ref, group_table *t)
{
    size_t plan[N_GROUPS * GROUP];
    memcpy(plan, ref, sizeof plan);
    t->n_plans = 1;
    for (size_t k = 0; k < GROUP; k++) {
        t->n_plans *= a->n_levels;
    }
    t->least = INFINITY;
    for (size_t i = 0; i < t->n_plans; i++) {
        fpt_plan_eval ev;
        put_group_plan(a, g, i, plan);
        fpt_appraisal_eval(a, plan, &ev, NULL);
        t->feasible[i] = ev.feasible;
        t->objective[i] = ev.objective;
        t->least = ev.feasible ? fmin(t->least, ev.objective) : t->least;
    }
}

/* The rule's plan from the groups' tables: in file order, each group takes its
 * lexicographically first plan whose excess over the group's least fits in what is left of
 * tau (the later groups can always take their least). Returns the rule plan's objective
 * less z*, and counts the groups' plans other than the one taken within tau (*ties) and
 * within (tau, 3 tau] (*near). */
static double rule_plan(const fpt_appraisal *a, group_table *t, double tau, size_t *plan, int *ties,
                        int *near)
{
    double slack = tau;
    for (size_t g = 0; g < N_GROUPS; g++) {
        size_t taken = t[g].n_plans;
        for (size_t i = 0; i < t[g].n_plans; i++) {
            double excess = t[g].objective[i] - t[g].least;
            if (t[g].feasible[i] && excess <= slack && taken == t[g].n_plans) {
                taken = i;
                put_group_plan(a, g, i, plan);
                slack -= excess;
            } else if (t[g].feasible[i]) {
                *ties += excess <= tau;
                *near += excess > tau && excess <= 3 * tau;
            }
        }
        cr_assert(taken < t[g].n_plans, "group %zu has no plan", g);
    }
    return tau - slack;
}

/* Returns whether the instance has a tie. */
static bool check_grouped(unsigned long seed, int index, double eps, int *near)
{
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = grouped_instance(seed, index, eps, &m, &s);
    fpt_solution *sol = fpt_test_solve(a);
    cr_assert_eq(sol->result, FPT_RESULT_OPTIMAL, "seed %lu #%d: %s", seed, index,
                 fpt_result_name(sol->result));
    static group_table t[N_GROUPS];
    for (size_t g = 0; g < N_GROUPS; g++) {
        enumerate_group(a, g, sol->level, &t[g]);
    }
    size_t want[N_GROUPS * GROUP];
    fpt_plan_eval ev;
    for (size_t g = 0; g < N_GROUPS; g++) { /* every group at its least: z* */
        for (size_t i = 0; i < t[g].n_plans; i++) {
            if (t[g].feasible[i] && t[g].objective[i] == t[g].least) {
                put_group_plan(a, g, i, want);
                break;
            }
        }
    }
    fpt_appraisal_eval(a, want, &ev, NULL);
    cr_assert(ev.feasible);
    double z = ev.objective;
    double tau = FPT_TEST_TIE_REL * fmax(1.0, fabs(z));
    int ties = 0;
    rule_plan(a, t, tau, want, &ties, near);
    char got_s[160], want_s[160];
    format_plan(got_s, sizeof got_s, sol->level, N_GROUPS * GROUP);
    format_plan(want_s, sizeof want_s, want, N_GROUPS * GROUP);
    cr_expect(strcmp(got_s, want_s) == 0,
              "seed %lu #%d (eps %g): plan %s, the rule's is %s (%+.3g tau)", seed, index, eps,
              got_s, want_s, (sol->objective - z) / tau);
    cr_expect(sol->objective <= z + tau, "seed %lu #%d: objective %+.3g tau from the optimum", seed,
              index, (sol->objective - z) / tau);
    cr_expect_eq(sol->tied, ties > 0, "seed %lu #%d: tie_broken %d, %d other plans within tau",
                 seed, index, sol->tied, ties);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    return ties > 0;
}

/* Near and exact ties on 36 functions with links, pools and locks: the rule's plan, the
 * optimum and whether there is a tie, all from the exact evaluation; ten models of each
 * salary perturbation (0: exact copies). */
static void check_grouped_models(unsigned long seed, double eps, int min_tied, int min_near)
{
    int tied = 0, near = 0;
    for (int i = 0; i < 10; i++) {
        tied += check_grouped(seed, i, eps, &near);
    }
    cr_log_info("ties: 10 grouped 36-function models (eps %g), %d with a tie, %d group plans "
                "within (tau, 3 tau]",
                eps, tied, near);
    cr_expect_geq(tied, min_tied, "instances with a tie: %d of 10", tied);
    cr_expect_geq(near, min_near, "group plans just beyond tau: %d", near);
}

Test(ties, thirty_six_grouped_copies_follow_the_rule)
{
    check_grouped_models(200, 0, 5, 0);
}

Test(ties, thirty_six_grouped_near_copies_follow_the_rule)
{
    check_grouped_models(201, 1e-7, 3, 0);
}

Test(ties, thirty_six_grouped_near_ties_follow_the_rule)
{
    check_grouped_models(202, 1e-6, 0, 10);
}

#ifdef FPT_TEST_HOOKS
/* Steps all beyond tau, some within 3 tau: no tie, and GLPK's least other plans close past
 * the line. */
static const double FAR_STEPS[] = {1.07, 1.3, 1.9, 2.6, 5, 1e4};
static const steps FAR = {FAR_STEPS, sizeof FAR_STEPS / sizeof FAR_STEPS[0]};

/* The second least objective of a wide instance less z*, in tau: the least excess of any
 * other level of one function (0 when a function has two levels at its least). */
static double wide_second(unsigned long seed)
{
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = wide_appraisal(&m, &s);
    double best[N_WIDE], second = INFINITY;
    double tau = FPT_TEST_TIE_REL * wide_instance(seed, FAR, a, best);
    for (size_t f = 0; f < N_WIDE; f++) {
        int at_least = 0;
        for (size_t l = 0; l < WIDE_LEVELS; l++) {
            double excess = fpt_appraisal_cell(a, f, l)->objective - best[f];
            second = excess > 0 || at_least++ > 0 ? fmin(second, excess) : second;
        }
    }
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    return second / tau;
}
#endif

/* The margin widened by 2 tau (an FPT_TEST_HOOKS hook): a plan GLPK offers between tau and
 * 3 tau beyond the optimum is cut off and the question asked again instead of being
 * believed. Where the second least plan lies there (wide_second), the phase must take that
 * path; its answers must still be the rule's. */
Test(ties, plans_cut_off_and_asked_again_still_follow_the_rule)
{
#ifdef FPT_TEST_HOOKS
    cr_assert_eq(setenv("FPT_TEST_TIE_MARGIN", "2", 1), 0);
    int refuting = 0, near = 0;
    for (unsigned long seed = 1; seed <= 10; seed++) {
        double second = wide_second(seed);
        refuting += second > 1 && second <= 3;
        check_wide(seed, FAR);
    }
    for (int i = 0; i < 10; i++) {
        check_grouped(202, i, 1e-6, &near);
    }
    cr_log_info("ties: %d of 10 models whose second plan lies in (tau, 3 tau]; %d group plans "
                "there in 10 grouped models",
                refuting, near);
    cr_expect_geq(refuting, 3, "models that take the path: %d", refuting);
#else
    cr_skip_test("needs -DFPT_TEST_HOOKS=ON");
#endif
}

/* Every search capped at one node (an FPT_TEST_HOOKS hook): each that branches is stopped
 * and begun again with pseudo-cost branching (docs/model.md "Solving and ties"). The answers
 * must still be the rule's, against enumeration and on the grouped 36-function models. */
Test(ties, searches_begun_again_with_pseudo_costs_still_follow_the_rule)
{
#ifdef FPT_TEST_HOOKS
    cr_assert_eq(setenv("FPT_TEST_NODE_CAP", "1", 1), 0);
    int tied = 0;
    for (int i = 0; i < 150; i++) {
        tied += check_instance(103, i, 0);
    }
    cr_log_info("ties: %d of 150 models begun again with a tie", tied);
    cr_expect_geq(tied, 20, "tied instances exercised: %d", tied);
    check_grouped_models(203, 0, 5, 0);
#else
    cr_skip_test("needs -DFPT_TEST_HOOKS=ON");
#endif
}
