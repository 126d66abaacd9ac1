/* SPDX-License-Identifier: MIT */
/*
 * fpt-bench-master: how far the districting's root bound could rise without branching. It
 * solves the set-partitioning LP over feasible districts (the Dantzig–Wolfe master of the
 * capacitated p-median, docs/geography.md "Method" step 4) by column generation: GLPK's
 * simplex on the master, each centre's district of least reduced cost priced by the
 * Lagrangian's own evaluation, every knapsack solved exactly. The master's value is the Lagrangian
 * dual, the most any choice of multipliers can give, so set against the subgradient's bound it
 * shows what a better ascent could add, and set against the best plan known what only branching or
 * cuts can close. It prints both bounds, their gaps and CPU times, and how fractional the master's
 * optimum is (bench/README.md "The master's bound").
 *
 *   fpt-bench-master GEOGRAPHY.csv K [PERSON_KM]
 *
 * PERSON_KM: the best plan known (else the heuristic's), the subgradient's target.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "base/clock.h"
#include "footprint/districts.h"
#include "footprint/geography.h"
#include "geo/districts/districts_internal.h"

/* Artificial columns' cost (millions of person-km): dearer than any partition. */
#define ARTIFICIAL 1e5
/* A column joins the master when its reduced cost is below this (person-km). */
#define ENTER_BELOW (-1e-3)
#define MAX_ROUNDS  10000

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef struct master {
    const fpt_districts_inst *in;
    glp_prob *lp;
    size_t *centre; /* [column − 1] the centre of each column (n: an artificial) */
    size_t n_cols, cap;
    int *ind;
    double *val;
} master;

/* Note column ms->n_cols + 1's centre (n: an artificial). 0, or −1 out of memory. */
static int note_column(master *ms, size_t j)
{
    if (ms->n_cols == ms->cap) {
        size_t cap = ms->cap * 2 + 64;
        size_t *c = realloc(ms->centre, cap * sizeof *c);
        if (c == NULL) {
            return -1;
        }
        ms->centre = c;
        ms->cap = cap;
    }
    ms->centre[ms->n_cols++] = j;
    return 0;
}

/* Add the district of centre j with the other members members[0..m) (j among them or not). */
static int add_district(master *ms, size_t j, const size_t *members, size_t m)
{
    const fpt_districts_inst *in = ms->in;
    size_t n = in->n;
    if (note_column(ms, j) != 0) {
        return -1;
    }
    int q = 0;
    double cost = 0;
    ms->ind[++q] = (int)j + 1;
    ms->val[q] = 1;
    for (size_t r = 0; r < m; r++) {
        if (members[r] != j) {
            ms->ind[++q] = (int)members[r] + 1;
            ms->val[q] = 1;
            cost += in->cost[members[r] * n + j];
        }
    }
    ms->ind[++q] = (int)n + 1;
    ms->val[q] = 1;
    int col = glp_add_cols(ms->lp, 1);
    glp_set_mat_col(ms->lp, col, q, ms->ind, ms->val);
    glp_set_col_bnds(ms->lp, col, GLP_LO, 0, 0);
    glp_set_obj_coef(ms->lp, col, cost / DISTRICTS_SCALE);
    return 0;
}

/* An artificial column covering row alone, dearer than any partition. */
static int add_artificial(master *ms, int row)
{
    if (note_column(ms, ms->in->n) != 0) {
        return -1;
    }
    int col = glp_add_cols(ms->lp, 1), ind[2] = {0, row};
    double val[2] = {0, 1};
    glp_set_mat_col(ms->lp, col, 1, ind, val);
    glp_set_col_bnds(ms->lp, col, GLP_LO, 0, 0);
    glp_set_obj_coef(ms->lp, col, ARTIFICIAL);
    return 0;
}

/* Whether column col's centre serves its members at least as cheaply as any of them would
   (its 1-median), as every unit of an optimal partition's does. */
static bool at_median(const master *ms, int col, size_t *members)
{
    const fpt_districts_inst *in = ms->in;
    size_t n = in->n, m = 0;
    int len = glp_get_mat_col(ms->lp, col, ms->ind, ms->val);
    for (int q = 1; q <= len; q++) {
        if ((size_t)ms->ind[q] <= n) {
            members[m++] = (size_t)ms->ind[q] - 1;
        }
    }
    size_t j = ms->centre[col - 1];
    double own = 0;
    for (size_t r = 0; r < m; r++) {
        own += in->cost[members[r] * n + j];
    }
    for (size_t q = 0; q < m; q++) {
        double other = 0;
        for (size_t r = 0; r < m; r++) {
            other += in->cost[members[r] * n + members[q]];
        }
        if (other < own * (1 - 1e-12)) {
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: fpt-bench-master GEOGRAPHY.csv K [PERSON_KM]\n");
        return 2;
    }
    fpt_geography *g = NULL;
    fpt_diags diags = {0};
    fpt_error err = {0};
    if (fpt_geography_load(argv[1], &g, &diags, &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-master: %s: %s\n", argv[1], err.message);
        return 1;
    }
    fpt_diags_clear(&diags);
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.n_units = strtoul(argv[2], NULL, 10);
    o.target_pop = 0;
    o.heuristic_only = true;
    fpt_partition *plan = NULL;
    if (fpt_districts_solve(g, &o, &plan, &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-master: %s\n", err.message);
        return 1;
    }
    if (plan->units == NULL) {
        fprintf(stderr, "fpt-bench-master: the heuristic found no partition into %zu units\n",
                plan->n_units);
        return 1;
    }
    double ub = argc == 4 ? strtod(argv[3], NULL) : plan->objective;
    fpt_districts_inst in;
    if (fpt_districts_inst_init(&in, g, &o, fpt_clock_s(), &err) != FPT_OK) {
        fprintf(stderr, "fpt-bench-master: %s\n", err.message);
        return 1;
    }
    size_t n = in.n, k = in.k;
    printf("%s K = %zu: %zu CCGs, plan %.2f person-km (%s)\n", argv[1], k, n, ub,
           argc == 4 ? "given" : "the heuristic's");

    /* The subgradient over every pair, from λ = 0, towards the plan. */
    fpt_districts_lagr lg;
    if (fpt_districts_lagr_init(&lg, &in) != FPT_OK) {
        return 1;
    }
    double t0 = cpu_s();
    size_t steps = fpt_districts_lagr_ascend(&lg, ub, ub, 100000);
    printf("subgradient: bound %.2f, gap %.3f%%, %zu steps, %.1f s CPU\n", lg.bound,
           100 * (ub - lg.bound) / ub, steps, cpu_s() - t0);
    fflush(stdout);

    /* The master: rows 1..n each CCG once, row n + 1 K districts; the plan's districts and an
       artificial per row to start. */
    master ms = {.in = &in, .lp = glp_create_prob()};
    ms.ind = malloc((n + 3) * sizeof *ms.ind);
    ms.val = malloc((n + 3) * sizeof *ms.val);
    size_t *members = malloc(n * sizeof *members);
    double *pi = malloc(n * sizeof *pi);
    if (ms.ind == NULL || ms.val == NULL || members == NULL || pi == NULL) {
        return 1;
    }
    /* Pricing: the bound's evaluation at the master's duals, every centre's knapsack solved
       to the end, so that the master's value is the Lagrangian dual. */
    lg.eager = true;
    lg.ks.node_limit = SIZE_MAX;
    glp_set_obj_dir(ms.lp, GLP_MIN);
    glp_add_rows(ms.lp, (int)n + 1);
    for (size_t i = 0; i < n; i++) {
        glp_set_row_bnds(ms.lp, (int)i + 1, GLP_FX, 1, 1);
    }
    glp_set_row_bnds(ms.lp, (int)n + 1, GLP_FX, (double)k, (double)k);
    for (size_t i = 0; i <= n; i++) {
        if (add_artificial(&ms, (int)i + 1) != 0) {
            return 1;
        }
    }
    for (size_t u = 0; u < plan->n_units; u++) {
        if (add_district(&ms, plan->units[u].centre, plan->units[u].members,
                         plan->units[u].n_members) != 0) {
            return 1;
        }
    }
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    double best_lagrangian = -INFINITY, value = NAN;
    size_t rounds = 0;
    t0 = cpu_s();
    for (; rounds < MAX_ROUNDS; rounds++) {
        if (glp_simplex(ms.lp, &sm) != 0 || glp_get_status(ms.lp) != GLP_OPT) {
            fprintf(stderr, "fpt-bench-master: the master LP failed\n");
            return 1;
        }
        value = glp_get_obj_val(ms.lp) * DISTRICTS_SCALE;
        double mu = glp_get_row_dual(ms.lp, (int)n + 1) * DISTRICTS_SCALE;
        for (size_t i = 0; i < n; i++) {
            pi[i] = glp_get_row_dual(ms.lp, (int)i + 1) * DISTRICTS_SCALE;
        }
        /* L(π), a bound whatever the master's state; each centre's least reduced cost v_j
           less μ is its best district's, which joins the master when negative. */
        double lagrangian = fpt_districts_lagr_eval(&lg, pi);
        size_t added = 0;
        for (size_t j = 0; j < n; j++) {
            if (lg.v[j] - mu < ENTER_BELOW) {
                size_t count = 0;
                for (size_t i = 0; i < n; i++) {
                    if (lg.member[j * n + i]) {
                        members[count++] = i;
                    }
                }
                if (add_district(&ms, j, members, count) != 0) {
                    return 1;
                }
                added++;
            }
        }
        best_lagrangian = fmax(best_lagrangian, lagrangian);
        if (added == 0) {
            break;
        }
    }
    printf("master LP (the Lagrangian dual): %.2f, gap %.3f%%, %zu rounds, %zu columns, %.1f s "
           "CPU\n",
           value, 100 * (ub - value) / ub, rounds + 1, ms.n_cols, cpu_s() - t0);
    printf("best L(pi) met: %.2f\n", best_lagrangian);
    double *share = calloc(n + 1, sizeof *share);
    size_t positive = 0, fractional = 0, split = 0, off_median = 0;
    for (size_t c = 0; c < ms.n_cols; c++) {
        double x = glp_get_col_prim(ms.lp, (int)c + 1);
        if (x > 1e-6) {
            positive++;
            fractional += x < 1 - 1e-6;
            share[ms.centre[c]] += x;
            off_median += ms.centre[c] < n && !at_median(&ms, (int)c + 1, members);
        }
    }
    for (size_t j = 0; j < n; j++) {
        split += share[j] > 1e-6 && share[j] < 1 - 1e-6;
    }
    printf("its optimum: %zu districts used, %zu of them fractionally, %zu centres fractional, "
           "%zu with a member cheaper as centre, artificials %.3g\n",
           positive, fractional, split, off_median, share[n]);
    free(share);
    free(pi);
    free(members);
    free(ms.ind);
    free(ms.val);
    free(ms.centre);
    glp_delete_prob(ms.lp);
    fpt_districts_lagr_free(&lg);
    fpt_districts_inst_free(&in);
    fpt_partition_free(plan);
    fpt_geography_free(g);
    return 0;
}
