/* SPDX-License-Identifier: MIT */
/*
 * The capacitated p-median of geography.h, solved to proven optimality (docs/geography.md).
 *
 * Method: (1) a multi-start location–allocation heuristic (allocations: the transportation
 * LP, rounded and polished by moves and swaps) gives an incumbent; (2) the LP relaxation of
 * G1–G6 over every CCG–centre pair, with pairs priced in and linking rows G6 generated as
 * needed, gives a bound; (3) every pair whose reduced cost proves it cannot appear in a
 * partition better than the incumbent is removed (G7); (4) GLPK's branch-and-bound solves
 * what is left, presolve off, with MIR cuts, handed the incumbent before branching and told
 * to branch on centres first. The one file of the districting code that includes <glpk.h>;
 * every GLPK object lives and dies inside one call, on the calling thread.
 */
#include "geography.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glpk.h>

#include "glpk_guard.h"

/* GLPK works in millions of people and millions of person-km, so coefficients are near 1. */
#define SCALE 1e6
/* Relative slack on the pruning test G7, far above GLPK's LP tolerances (1e-7). */
#define PRUNE_TOL       1e-6
#define N_STARTS        6
#define MAX_ROUNDS      30
#define POLISH_PASSES   50
#define ROOT_NEAREST    25
#define SWAP_NEIGHBOURS 6

/* One instance, resolved: everything below reads it and nothing changes it after setup. */
typedef struct inst {
    size_t n, k;
    double lo, hi; /* L, U in people (G4, G5) */
    double *pop;   /* [i] people */
    double *dist;  /* [i * n + j] km */
    double *cost;  /* [i * n + j] person-km, p_i d_ij (G1) */
    size_t *near;  /* [j * n + r] the CCGs by distance from j, ties by index */
    const fpt_districts_options *o;
} inst;

/* A partition while solving: the centre of each CCG's unit, and its cost in person-km. */
typedef struct plan {
    size_t *centre_of; /* [i] */
    double cost;
    bool found;
} plan;

void fpt_districts_options_init(fpt_districts_options *o)
{
    memset(o, 0, sizeof *o);
    o->target_pop = 5e6;
    o->tolerance = 0.2;
}

fpt_status fpt_districts_resolve(const fpt_geography *g, const fpt_districts_options *o,
                                 size_t *n_units, double *target_pop, double *pop_min,
                                 double *pop_max, fpt_error *err)
{
    if (!(o->tolerance >= 0 && o->tolerance < 1)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "tolerance %g is not in [0, 1)",
                             o->tolerance);
    }
    if (o->n_units == 0 && !(o->target_pop > 0)) {
        return fpt_error_set(err, FPT_EUSAGE, NULL, 0, "%s",
                             "give a number of units or a positive target population");
    }
    double k = o->n_units > 0 ? (double)o->n_units : fmax(1.0, round(g->pop_total / o->target_pop));
    double target = o->n_units > 0 ? g->pop_total / k : o->target_pop;
    if (n_units != NULL) {
        *n_units = (size_t)k;
    }
    if (target_pop != NULL) {
        *target_pop = target;
    }
    if (pop_min != NULL) {
        *pop_min = target * (1 - o->tolerance);
    }
    if (pop_max != NULL) {
        *pop_max = target * (1 + o->tolerance);
    }
    return FPT_OK;
}

/* ---- the instance ------------------------------------------------------------------------ */

static void inst_free(inst *in)
{
    free(in->pop);
    free(in->dist);
    free(in->cost);
    free(in->near);
}

/* Sort helper for the neighbour lists: by distance from a fixed CCG, then by index. */
typedef struct by_dist {
    double km;
    size_t i;
} by_dist;

static int compare_by_dist(const void *a, const void *b)
{
    const by_dist *x = a, *y = b;
    if (x->km != y->km) {
        return x->km < y->km ? -1 : 1;
    }
    return x->i < y->i ? -1 : (x->i > y->i);
}

static fpt_status build_neighbours(inst *in)
{
    size_t n = in->n;
    by_dist *row = calloc(n, sizeof *row);
    if (row == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < n; i++) {
            row[i] = (by_dist){in->dist[i * n + j], i};
        }
        qsort(row, n, sizeof *row, compare_by_dist);
        for (size_t r = 0; r < n; r++) {
            in->near[j * n + r] = row[r].i;
        }
    }
    free(row);
    return FPT_OK;
}

static fpt_status inst_init(inst *in, const fpt_geography *g, const fpt_districts_options *o,
                            fpt_error *err)
{
    memset(in, 0, sizeof *in);
    size_t n = g->n_ccgs;
    in->n = n;
    in->o = o;
    FPT_TRY(fpt_districts_resolve(g, o, &in->k, NULL, &in->lo, &in->hi, err));
    in->pop = calloc(n, sizeof *in->pop);
    in->dist = calloc(n * n, sizeof *in->dist);
    in->cost = calloc(n * n, sizeof *in->cost);
    in->near = calloc(n * n, sizeof *in->near);
    if (in->pop == NULL || in->dist == NULL || in->cost == NULL || in->near == NULL) {
        inst_free(in);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory for %zu CCGs", n);
    }
    for (size_t i = 0; i < n; i++) {
        const fpt_ccg *a = &g->ccgs[i];
        in->pop[i] = a->pop;
        for (size_t j = 0; j < n; j++) {
            const fpt_ccg *b = &g->ccgs[j];
            double km =
                i == j ? 0 : fpt_geo_distance_km(a->lat_deg, a->lon_deg, b->lat_deg, b->lon_deg);
            in->dist[i * n + j] = km;
            in->cost[i * n + j] = a->pop * km;
        }
    }
    if (build_neighbours(in) != FPT_OK) {
        inst_free(in);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory for %zu CCGs", n);
    }
    return FPT_OK;
}

static void glpk_quiet(void)
{
    glp_term_out(GLP_OFF);
}

/* ---- the model G1–G6 ---------------------------------------------------------------------- */

/*
 * A GLPK problem over a set of CCG–centre pairs. Rows: G2 assignment (1..n), G3 count
 * (n + 1), G4 upper bound (n + 2 + j), G5 lower bound (2n + 2 + j); the linking rows G6
 * follow. Columns are the pairs, in the order given (1-based); col_of maps a pair i * n + j
 * to its column or 0.
 */
typedef struct model {
    glp_prob *lp;
    size_t n_pairs;
    size_t *pair; /* [c - 1] = i * n + j */
    int *col_of;  /* [i * n + j] */
} model;

static void model_free(model *m)
{
    if (m->lp != NULL) {
        glp_delete_prob(m->lp);
    }
    free(m->pair);
    free(m->col_of);
    memset(m, 0, sizeof *m);
}

static void add_fixed_rows(const inst *in, glp_prob *lp)
{
    int n = (int)in->n;
    glp_add_rows(lp, 3 * n + 1);
    for (int i = 1; i <= n; i++) {
        glp_set_row_bnds(lp, i, GLP_FX, 1, 1);             /* G2 */
        glp_set_row_bnds(lp, n + 1 + i, GLP_UP, 0, 0);     /* G4 */
        glp_set_row_bnds(lp, 2 * n + 1 + i, GLP_LO, 0, 0); /* G5 */
    }
    glp_set_row_bnds(lp, n + 1, GLP_FX, (double)in->k, (double)in->k); /* G3 */
}

/* Add the column of pair (i, j): G1 cost and its entries in G2–G5. */
static void add_pair_column(const inst *in, glp_prob *lp, int col, size_t i, size_t j, bool mip)
{
    int n = (int)in->n;
    int ind[5];
    double val[5];
    int len = 0;
    double p = in->pop[i] / SCALE;
    ind[++len] = (int)i + 1;
    val[len] = 1;
    ind[++len] = n + 2 + (int)j;
    val[len] = i == j ? p - in->hi / SCALE : p;
    ind[++len] = 2 * n + 2 + (int)j;
    val[len] = i == j ? p - in->lo / SCALE : p;
    if (i == j) {
        ind[++len] = n + 1;
        val[len] = 1;
    }
    glp_set_mat_col(lp, col, len, ind, val);
    glp_set_obj_coef(lp, col, in->cost[i * in->n + j] / SCALE);
    glp_set_col_bnds(lp, col, GLP_DB, 0, 1);
    if (mip) {
        glp_set_col_kind(lp, col, GLP_BV);
    }
}

/* Add G6, x_ij ≤ x_jj, for the pair in column col (i ≠ j). */
static void add_link_row(glp_prob *lp, int col, int centre_col)
{
    int row = glp_add_rows(lp, 1);
    int ind[3] = {0, col, centre_col};
    double val[3] = {0, 1, -1};
    glp_set_mat_row(lp, row, 2, ind, val);
    glp_set_row_bnds(lp, row, GLP_UP, 0, 0);
}

/* Build the model over pairs (each i * n + j, ascending); with links, every G6 row too. */
static fpt_status model_build(const inst *in, const size_t *pairs, size_t n_pairs, bool mip,
                              bool links, model *m)
{
    size_t n = in->n;
    memset(m, 0, sizeof *m);
    m->pair = calloc(n * n, sizeof *m->pair);
    m->col_of = calloc(n * n, sizeof *m->col_of);
    if (m->pair == NULL || m->col_of == NULL || n * n > (size_t)INT32_MAX / 2) {
        model_free(m);
        return FPT_ENOMEM;
    }
    m->n_pairs = n_pairs;
    m->lp = glp_create_prob();
    glp_set_obj_dir(m->lp, GLP_MIN);
    add_fixed_rows(in, m->lp);
    if (n_pairs > 0) {
        glp_add_cols(m->lp, (int)n_pairs);
    }
    for (size_t c = 0; c < n_pairs; c++) {
        m->pair[c] = pairs[c];
        m->col_of[pairs[c]] = (int)c + 1;
        add_pair_column(in, m->lp, (int)c + 1, pairs[c] / n, pairs[c] % n, mip);
    }
    for (size_t c = 0; links && c < n_pairs; c++) {
        size_t i = pairs[c] / n, j = pairs[c] % n;
        if (i != j && m->col_of[j * n + j] != 0) {
            add_link_row(m->lp, (int)c + 1, m->col_of[j * n + j]);
        }
    }
    return FPT_OK;
}

/* Every pair whose centre is a candidate: pairs (i, j) with j in keep_centre. */
static fpt_status all_pairs(const inst *in, size_t **pairs, size_t *n_pairs)
{
    size_t n = in->n;
    *pairs = calloc(n * n, sizeof **pairs);
    if (*pairs == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t p = 0; p < n * n; p++) {
        (*pairs)[p] = p;
    }
    *n_pairs = n * n;
    return FPT_OK;
}

/* ---- heuristic: location–allocation ------------------------------------------------------- */

/* Build the allocation problem for fixed centres: x[i][u], each centre in its own unit. */
static glp_prob *alloc_build(const inst *in, const size_t *centres)
{
    int n = (int)in->n, k = (int)in->k;
    glp_prob *lp = glp_create_prob();
    glp_add_rows(lp, n + k);
    glp_add_cols(lp, n * k);
    for (int i = 1; i <= n; i++) {
        glp_set_row_bnds(lp, i, GLP_FX, 1, 1);
    }
    for (int u = 0; u < k; u++) {
        glp_set_row_bnds(lp, n + 1 + u, GLP_DB, in->lo / SCALE, in->hi / SCALE);
    }
    for (int i = 0; i < n; i++) {
        for (int u = 0; u < k; u++) {
            int col = i * k + u + 1;
            int ind[3] = {0, i + 1, n + 1 + u};
            double val[3] = {0, 1, in->pop[i] / SCALE};
            glp_set_mat_col(lp, col, 2, ind, val);
            glp_set_obj_coef(lp, col, in->cost[(size_t)i * in->n + centres[u]] / SCALE);
            glp_set_col_bnds(lp, col, GLP_DB, 0, 1);
            if ((size_t)i == centres[u]) {
                glp_set_col_bnds(lp, col, GLP_FX, 1, 1);
            }
        }
    }
    return lp;
}

static double plan_cost(const inst *in, const size_t *centre_of)
{
    double sum = 0;
    for (size_t i = 0; i < in->n; i++) {
        sum += in->cost[i * in->n + centre_of[i]];
    }
    return sum;
}

/* How far unit loads are outside [L, U], in people: 0 for a feasible allocation. */
static double violation_of(const inst *in, double load)
{
    return fmax(0, load - in->hi) + fmax(0, in->lo - load);
}

/* The change in (violation, cost) of moving CCG i from unit a to unit b. */
static void move_delta(const inst *in, const size_t *centres, const double *load,
                       const size_t *unit_of, size_t i, size_t b, double *dv, double *dc)
{
    size_t a = unit_of[i], n = in->n;
    double p = in->pop[i];
    *dv = violation_of(in, load[a] - p) + violation_of(in, load[b] + p) -
          violation_of(in, load[a]) - violation_of(in, load[b]);
    *dc = in->cost[i * n + centres[b]] - in->cost[i * n + centres[a]];
}

static bool improves(double dv, double dc)
{
    return dv < -1e-9 || (dv <= 1e-9 && dc < -1e-9);
}

/* One pass of single moves of non-centre CCGs; true when any was made. */
static bool polish_moves(const inst *in, const size_t *centres, double *load, size_t *unit_of)
{
    bool moved = false;
    for (size_t i = 0; i < in->n; i++) {
        if (centres[unit_of[i]] == i) {
            continue;
        }
        for (size_t b = 0; b < in->k; b++) {
            double dv = 0, dc = 0;
            move_delta(in, centres, load, unit_of, i, b, &dv, &dc);
            if (b != unit_of[i] && improves(dv, dc)) {
                load[unit_of[i]] -= in->pop[i];
                load[b] += in->pop[i];
                unit_of[i] = b;
                moved = true;
            }
        }
    }
    return moved;
}

/* The change in (violation, cost) of swapping CCGs i and j between their units. */
static void swap_delta(const inst *in, const size_t *centres, const double *load,
                       const size_t *unit_of, size_t i, size_t j, double *dv, double *dc)
{
    size_t a = unit_of[i], b = unit_of[j], n = in->n;
    double shift = in->pop[j] - in->pop[i];
    *dv = violation_of(in, load[a] + shift) + violation_of(in, load[b] - shift) -
          violation_of(in, load[a]) - violation_of(in, load[b]);
    *dc = in->cost[i * n + centres[b]] + in->cost[j * n + centres[a]] -
          in->cost[i * n + centres[a]] - in->cost[j * n + centres[b]];
}

/* One pass of swaps of two non-centre CCGs in different units; true when any was made. */
static bool polish_swaps(const inst *in, const size_t *centres, double *load, size_t *unit_of)
{
    bool moved = false;
    for (size_t i = 0; i < in->n; i++) {
        for (size_t j = i + 1; j < in->n; j++) {
            size_t a = unit_of[i], b = unit_of[j];
            if (a == b || centres[a] == i || centres[b] == j) {
                continue;
            }
            double dv = 0, dc = 0;
            swap_delta(in, centres, load, unit_of, i, j, &dv, &dc);
            if (improves(dv, dc)) {
                double shift = in->pop[j] - in->pop[i];
                load[a] += shift;
                load[b] -= shift;
                unit_of[i] = b;
                unit_of[j] = a;
                moved = true;
            }
        }
    }
    return moved;
}

/* Round the allocation LP: each CCG to the unit with its largest share (ties: lowest). */
static void round_allocation(const inst *in, glp_prob *lp, const size_t *centres, size_t *unit_of,
                             double *load)
{
    size_t k = in->k;
    memset(load, 0, k * sizeof *load);
    for (size_t i = 0; i < in->n; i++) {
        size_t best = 0;
        double best_x = -1;
        for (size_t u = 0; u < k; u++) {
            double x = glp_get_col_prim(lp, (int)(i * k + u + 1));
            if ((size_t)i == centres[u]) {
                x = 2;
            }
            if (x > best_x + 1e-9) {
                best_x = x;
                best = u;
            }
        }
        unit_of[i] = best;
        load[best] += in->pop[i];
    }
}

/*
 * A good assignment to fixed centres: the transportation LP, rounded, then single moves and
 * swaps until none lowers (bound violation, cost). False when no feasible one was found.
 */
static bool allocate(const inst *in, const size_t *centres, size_t *centre_of)
{
    size_t n = in->n, k = in->k;
    size_t *unit_of = calloc(n, sizeof *unit_of);
    double *load = calloc(k, sizeof *load);
    glp_prob *lp = alloc_build(in, centres);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    bool found = unit_of != NULL && load != NULL && glp_simplex(lp, &parm) == 0 &&
                 glp_get_status(lp) == GLP_OPT;
    if (found) {
        round_allocation(in, lp, centres, unit_of, load);
        for (int pass = 0; pass < POLISH_PASSES; pass++) {
            bool moved = polish_moves(in, centres, load, unit_of);
            if (!polish_swaps(in, centres, load, unit_of) && !moved) {
                break;
            }
        }
        for (size_t u = 0; u < k; u++) {
            found = found && violation_of(in, load[u]) == 0;
        }
    }
    for (size_t i = 0; found && i < n; i++) {
        centre_of[i] = centres[unit_of[i]];
    }
    glp_delete_prob(lp);
    free(unit_of);
    free(load);
    return found;
}

/* Move each unit's centre to its 1-median among its members; true when any moved. */
static bool recentre(const inst *in, size_t *centres, const size_t *centre_of)
{
    size_t n = in->n;
    bool moved = false;
    for (size_t u = 0; u < in->k; u++) {
        size_t best = centres[u];
        double best_cost = INFINITY;
        for (size_t j = 0; j < n; j++) {
            if (centre_of[j] != centres[u]) {
                continue;
            }
            double sum = 0;
            for (size_t i = 0; i < n; i++) {
                sum += centre_of[i] == centres[u] ? in->cost[i * n + j] : 0;
            }
            if (sum < best_cost) {
                best_cost = sum;
                best = j;
            }
        }
        moved = moved || best != centres[u];
        centres[u] = best;
    }
    return moved;
}

/* Whether a is a better plan than b: lower cost, exact ties by the smaller assignment. */
static bool plan_better(const inst *in, const size_t *a, double a_cost, const plan *b)
{
    if (!b->found || a_cost < b->cost) {
        return true;
    }
    if (a_cost > b->cost) {
        return false;
    }
    for (size_t i = 0; i < in->n; i++) {
        if (a[i] != b->centre_of[i]) {
            return a[i] < b->centre_of[i];
        }
    }
    return false;
}

static void plan_offer(const inst *in, const size_t *centre_of, plan *best)
{
    double c = plan_cost(in, centre_of);
    if (plan_better(in, centre_of, c, best)) {
        memcpy(best->centre_of, centre_of, in->n * sizeof *centre_of);
        best->cost = c;
        best->found = true;
    }
}

/* Alternate allocation and recentring from centres until they settle. */
static bool descend(const inst *in, size_t *centres, size_t *centre_of)
{
    bool found = false;
    for (int round = 0; round < MAX_ROUNDS; round++) {
        if (!allocate(in, centres, centre_of)) {
            return found;
        }
        found = true;
        if (!recentre(in, centres, centre_of)) {
            break;
        }
    }
    return found && allocate(in, centres, centre_of);
}

/* splitmix64: a per-call generator, seeded from the start number (never shared). */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/*
 * Seed centres: the 1-median first, then each next centre the CCG with the largest
 * population × squared distance to the nearest centre so far (start 0), or drawn with that
 * weight (other starts).
 */
static void seed_centres(const inst *in, int start, size_t *centres, double *near_km)
{
    size_t n = in->n;
    uint64_t state = 0x666F6F7470726Eu + (uint64_t)start;
    size_t first = 0;
    double first_cost = INFINITY;
    for (size_t j = 0; j < n; j++) {
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            sum += in->cost[i * n + j];
        }
        if (sum < first_cost) {
            first_cost = sum;
            first = j;
        }
    }
    centres[0] = start == 0 ? first : (size_t)(next_random(&state) % n);
    for (size_t i = 0; i < n; i++) {
        near_km[i] = in->dist[i * n + centres[0]];
    }
    for (size_t u = 1; u < in->k; u++) {
        double total = 0, best_w = -1;
        size_t pick = 0;
        for (size_t i = 0; i < n; i++) {
            double w = in->pop[i] * near_km[i] * near_km[i];
            total += w;
            if (w > best_w) {
                best_w = w;
                pick = i;
            }
        }
        if (start != 0 && total > 0) {
            double r = (double)(next_random(&state) >> 11) / 9007199254740992.0 * total;
            for (pick = 0; pick + 1 < n; pick++) {
                r -= in->pop[pick] * near_km[pick] * near_km[pick];
                if (r < 0) {
                    break;
                }
            }
        }
        centres[u] = pick;
        for (size_t i = 0; i < n; i++) {
            near_km[i] = fmin(near_km[i], in->dist[i * n + pick]);
        }
    }
}

static bool is_centre(const size_t *centres, size_t k, size_t j)
{
    for (size_t u = 0; u < k; u++) {
        if (centres[u] == j) {
            return true;
        }
    }
    return false;
}

/* Try moving each centre to one of its nearest non-centre CCGs; keep improvements. */
static void swap_search(const inst *in, size_t *centres, size_t *work, size_t *trial, plan *best)
{
    size_t k = in->k, n = in->n;
    for (size_t u = 0; u < k; u++) {
        size_t tried = 0;
        for (size_t r = 1; r < n && tried < SWAP_NEIGHBOURS; r++) {
            size_t j = in->near[centres[u] * n + r];
            if (is_centre(centres, k, j)) {
                continue;
            }
            tried++;
            memcpy(trial, centres, k * sizeof *trial);
            trial[u] = j;
            if (descend(in, trial, work) && plan_cost(in, work) < best->cost) {
                plan_offer(in, work, best);
                memcpy(centres, trial, k * sizeof *centres);
            }
        }
    }
}

/* Centres of a plan, in ascending order. */
static void plan_centres(const inst *in, const size_t *centre_of, size_t *centres)
{
    size_t u = 0;
    for (size_t j = 0; j < in->n && u < in->k; j++) {
        if (centre_of[j] == j) {
            centres[u++] = j;
        }
    }
}

/* Multi-start location–allocation, then swaps around the best (docs/geography.md). */
static fpt_status heuristic(const inst *in, plan *best)
{
    size_t n = in->n, k = in->k;
    size_t *centres = calloc(k, sizeof *centres), *trial = calloc(k, sizeof *trial);
    size_t *work = calloc(n, sizeof *work);
    double *near_km = calloc(n, sizeof *near_km);
    fpt_status st = FPT_ENOMEM;
    if (centres != NULL && trial != NULL && work != NULL && near_km != NULL) {
        for (int s = 0; s < N_STARTS; s++) {
            seed_centres(in, s, centres, near_km);
            if (descend(in, centres, work)) {
                plan_offer(in, work, best);
            }
        }
        if (best->found) {
            plan_centres(in, best->centre_of, centres);
            swap_search(in, centres, work, trial, best);
        }
        st = FPT_OK;
    }
    free(centres);
    free(trial);
    free(work);
    free(near_km);
    return st;
}

/* ---- bound and pruning -------------------------------------------------------------------- */

static glp_smcp lp_parm(void)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;
    return parm;
}

/* Whether the G6 row of column c (pair i ≠ j) is violated at the point x (1-based). */
static bool link_violated(const inst *in, const model *m, size_t c, const double *x)
{
    size_t n = in->n, i = m->pair[c] / n, j = m->pair[c] % n;
    int centre_col = m->col_of[j * n + j];
    return i != j && centre_col != 0 && x[c + 1] > x[centre_col] + 1e-7;
}

/* Add every violated G6 row of the current LP point; returns how many. */
static size_t add_violated_links(const inst *in, model *m, double *x)
{
    size_t n = in->n, added = 0;
    for (size_t c = 0; c < m->n_pairs; c++) {
        x[c + 1] = glp_get_col_prim(m->lp, (int)c + 1);
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (link_violated(in, m, c, x)) {
            add_link_row(m->lp, (int)c + 1, m->col_of[(m->pair[c] % n) * (n + 1)]);
            added++;
        }
    }
    return added;
}

/*
 * Reduced cost (scaled) of pair (i, j) at the current duals (G7). For a pair not in the
 * LP its G6 row would be slack at x_ij = 0, so that row's dual is 0.
 */
static double pair_reduced_cost(const inst *in, const model *m, size_t i, size_t j)
{
    size_t n = in->n;
    int col = m->col_of[i * n + j];
    if (col != 0) {
        return glp_get_col_dual(m->lp, col);
    }
    double sigma = glp_get_row_dual(m->lp, (int)n + 2 + (int)j) +
                   glp_get_row_dual(m->lp, 2 * (int)n + 2 + (int)j);
    return in->cost[i * n + j] / SCALE - glp_get_row_dual(m->lp, (int)i + 1) -
           in->pop[i] / SCALE * sigma;
}

/* Append pair (i, j) as a new column. */
static void model_add_pair(const inst *in, model *m, size_t i, size_t j, bool mip)
{
    int col = glp_add_cols(m->lp, 1);
    m->pair[m->n_pairs++] = i * in->n + j;
    m->col_of[i * in->n + j] = col;
    add_pair_column(in, m->lp, col, i, j, mip);
}

/* Price every pair not in the LP and add those with negative reduced cost. */
static size_t price_pairs(const inst *in, model *m)
{
    size_t n = in->n, added = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (m->col_of[i * n + j] == 0 && pair_reduced_cost(in, m, i, j) < -1e-9) {
                model_add_pair(in, m, i, j, false);
                added++;
            }
        }
    }
    return added;
}

/* The starting pairs of the root LP: every centre, each CCG's nearest, the incumbent's. */
static fpt_status root_model(const inst *in, const plan *inc, model *m)
{
    size_t n = in->n;
    size_t *pairs = calloc(n * n, sizeof *pairs);
    bool *use = calloc(n * n, sizeof *use);
    if (pairs == NULL || use == NULL) {
        free(pairs);
        free(use);
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t r = 0; r < n && r < ROOT_NEAREST; r++) {
            use[i * n + in->near[i * n + r]] = true;
        }
        use[i * n + i] = true;
        use[i * n + (inc->found ? inc->centre_of[i] : i)] = true;
    }
    size_t n_pairs = 0;
    for (size_t p = 0; p < n * n; p++) {
        if (use[p]) {
            pairs[n_pairs++] = p;
        }
    }
    free(use);
    fpt_status st = model_build(in, pairs, n_pairs, false, false, m);
    free(pairs);
    return st;
}

/*
 * Solve the LP relaxation of G1–G6 over every pair: start from the nearest pairs, generate
 * violated G6 rows and price in pairs until neither changes the LP. *status is GLPK's.
 */
static fpt_status root_lp(const inst *in, model *m, int *status, double *z, fpt_error *err)
{
    glp_smcp parm = lp_parm();
    double *x = calloc(in->n * in->n + 1, sizeof *x);
    fpt_status st = x == NULL ? FPT_ENOMEM : FPT_OK;
    while (st == FPT_OK) {
        int rc = glp_simplex(m->lp, &parm);
        if (rc != 0) {
            st = fpt_error_set(err, FPT_ESOLVER, NULL, 0,
                               "GLPK's simplex failed on the districting LP (code %d)", rc);
            break;
        }
        *status = glp_get_status(m->lp);
        if (*status != GLP_OPT) {
            break;
        }
        if (add_violated_links(in, m, x) > 0) {
            parm.meth = GLP_DUALP;
        } else if (price_pairs(in, m) > 0) {
            parm.meth = GLP_PRIMAL;
        } else {
            break;
        }
    }
    free(x);
    *z = glp_get_obj_val(m->lp) * SCALE;
    return st;
}

/*
 * G7: pair (i, j) stays only when z_LP + d_ij ≤ UB (d_ij its reduced cost) and its centre's
 * x_jj does too — any partition using a removed pair costs more than the incumbent. Marks
 * kept[i * n + j].
 */
static void prune_pairs(const inst *in, const model *m, double z, double ub, bool *kept)
{
    size_t n = in->n;
    double slack = (ub - z) / SCALE + PRUNE_TOL * fabs(ub) / SCALE;
    for (size_t j = 0; j < n; j++) {
        bool centre_ok = pair_reduced_cost(in, m, j, j) <= slack;
        for (size_t i = 0; i < n; i++) {
            kept[i * n + j] = centre_ok && pair_reduced_cost(in, m, i, j) <= slack;
        }
    }
}

/*
 * Turn the root LP into the MIP over the kept pairs, in place: delete the pruned columns
 * (nonbasic at zero, so the basis survives), add the kept pairs the LP never priced in,
 * and make every column binary.
 */
static fpt_status restrict_model(const inst *in, model *m, const bool *kept, size_t *n_kept)
{
    size_t n = in->n, n_del = 0, w = 0;
    int *del = calloc(m->n_pairs + 1, sizeof *del);
    if (del == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        bool basic = glp_get_col_stat(m->lp, (int)c + 1) == GLP_BS;
        if (!kept[m->pair[c]] && !basic) {
            del[++n_del] = (int)c + 1;
            m->col_of[m->pair[c]] = 0;
        } else {
            if (!kept[m->pair[c]]) {
                /* Basic at zero (its centre is closed): fixing keeps the basis valid. */
                glp_set_col_bnds(m->lp, (int)c + 1, GLP_FX, 0, 0);
            }
            m->pair[w++] = m->pair[c];
            m->col_of[m->pair[c]] = (int)w;
        }
    }
    if (n_del > 0) {
        glp_del_cols(m->lp, (int)n_del, del);
    }
    free(del);
    m->n_pairs = w;
    for (size_t p = 0; p < n * n; p++) {
        if (kept[p] && m->col_of[p] == 0) {
            model_add_pair(in, m, p / n, p % n, false);
        }
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (glp_get_col_type(m->lp, (int)c + 1) != GLP_FX) {
            glp_set_col_kind(m->lp, (int)c + 1, GLP_BV);
        } else {
            glp_set_col_kind(m->lp, (int)c + 1, GLP_IV);
        }
    }
    *n_kept = m->n_pairs;
    return FPT_OK;
}

/* ---- branch-and-bound --------------------------------------------------------------------- */

typedef struct search {
    const inst *in;
    const model *m;
    double *x;     /* [1..n_pairs] scratch for the node's LP point */
    double *x_inc; /* [1..n_pairs] the incumbent, or NULL */
    bool given;
    double bound; /* scaled */
    bool have_bound;
    bool centres_first;
} search;

static void record_bound(glp_tree *tree, search *s)
{
    int node = glp_ios_best_node(tree);
    if (node != 0) {
        s->bound = glp_ios_node_bound(tree, node);
        s->have_bound = true;
    }
}

/* Branch on the most fractional centre variable x_jj when there is one (ties: lowest j). */
static void branch_on_centre(glp_tree *tree, const search *s)
{
    size_t n = s->in->n;
    glp_prob *lp = glp_ios_get_prob(tree);
    int best = 0;
    double best_frac = 0;
    for (size_t j = 0; j < n; j++) {
        int col = s->m->col_of[j * n + j];
        if (col == 0 || !glp_ios_can_branch(tree, col)) {
            continue;
        }
        double v = glp_get_col_prim(lp, col);
        double frac = fmin(v, 1 - v);
        if (frac > best_frac + 1e-9) {
            best_frac = frac;
            best = col;
        }
    }
    if (best != 0) {
        glp_ios_branch_upon(tree, best, GLP_NO_BRNCH);
    }
}

/* G6 rows the node's LP violates, as cuts (they only tighten: G4 implies G6 for 0–1 x). */
static void add_link_cuts(glp_tree *tree, search *s)
{
    const model *m = s->m;
    glp_prob *lp = glp_ios_get_prob(tree);
    size_t n = s->in->n;
    for (size_t c = 0; c < m->n_pairs; c++) {
        s->x[c + 1] = glp_get_col_prim(lp, (int)c + 1);
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (link_violated(s->in, m, c, s->x)) {
            int ind[3] = {0, (int)c + 1, m->col_of[(m->pair[c] % n) * (n + 1)]};
            double val[3] = {0, 1, -1};
            glp_ios_add_row(tree, NULL, GLP_RF_CUT, 0, 2, ind, val, GLP_UP, 0);
        }
    }
}

static void search_callback(glp_tree *tree, void *info)
{
    search *s = info;
    switch (glp_ios_reason(tree)) {
    case GLP_IHEUR:
        if (s->x_inc != NULL && !s->given) {
            s->given = true;
            glp_ios_heur_sol(tree, s->x_inc);
        }
        break;
    case GLP_IBRANCH:
        if (s->centres_first) {
            branch_on_centre(tree, s);
        }
        break;
    case GLP_ICUTGEN:
        if (s->x != NULL) {
            add_link_cuts(tree, s);
        }
        break;
    default:
        break;
    }
    record_bound(tree, s);
}

static glp_iocp search_parm(const inst *in, search *s, bool presolve)
{
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = presolve ? GLP_ON : GLP_OFF;
    parm.br_tech = GLP_BR_DTH;
    parm.bt_tech = GLP_BT_BLB;
    /* MIR cuts on the capacity rows G4/G5 close most of the LP gap the linking rows leave
       (docs/geography.md "Method" step 4): 10 hubs of 2013 go from a 0.1% gap after 300 s to
       proven optimal in about a minute. */
    parm.mir_cuts = GLP_ON;
    parm.mip_gap = in->o->mip_gap;
    parm.cb_func = search_callback;
    parm.cb_info = s;
    if (in->o->time_limit_s > 0) {
        parm.tm_lim = (int)fmin(1e9, ceil(in->o->time_limit_s * 1000));
    }
    return parm;
}

/* The incumbent as GLPK column values (1-based), for glp_ios_heur_sol. */
static fpt_status incumbent_values(const inst *in, const model *m, const plan *inc, double **x)
{
    *x = NULL;
    if (!inc->found) {
        return FPT_OK;
    }
    *x = calloc(m->n_pairs + 1, sizeof **x);
    if (*x == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < in->n; i++) {
        int col = m->col_of[i * in->n + inc->centre_of[i]];
        if (col == 0) {
            free(*x);
            *x = NULL;
            return FPT_OK; /* cannot happen: G7 keeps the incumbent's pairs */
        }
        (*x)[col] = 1;
    }
    return FPT_OK;
}

/* Read GLPK's MIP answer into out (when it has one). */
static void read_mip(const inst *in, const model *m, plan *out)
{
    int status = glp_mip_status(m->lp);
    if (status != GLP_OPT && status != GLP_FEAS) {
        return;
    }
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (glp_mip_col_val(m->lp, (int)c + 1) > 0.5) {
            out->centre_of[m->pair[c] / in->n] = m->pair[c] % in->n;
        }
    }
    out->cost = plan_cost(in, out->centre_of);
    out->found = true;
}

/* What a search ended with: the result, the bound in person-km. */
typedef struct outcome {
    fpt_districts_result result;
    double bound;
    double heuristic; /* person-km of the heuristic incumbent; 0 when none */
    bool lp_infeasible;
} outcome;

static fpt_status run_search(const inst *in, model *m, search *s, bool presolve, plan *best,
                             outcome *out, fpt_error *err)
{
    glp_iocp parm = search_parm(in, s, presolve);
    int rc = glp_intopt(m->lp, &parm);
    if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_EMIPGAP && rc != GLP_ENOPFS && rc != GLP_ENODFS) {
        return fpt_error_set(err, FPT_ESOLVER, NULL, 0,
                             "GLPK's branch-and-bound failed on the districting MIP (code %d)", rc);
    }
    int status = glp_mip_status(m->lp);
    plan got = {.centre_of = best->centre_of};
    if (status == GLP_OPT || status == GLP_FEAS) {
        read_mip(in, m, &got);
        best->cost = got.cost;
        best->found = true;
    }
    bool proved = rc == 0 && status == GLP_OPT;
    if (rc == GLP_ENOPFS || status == GLP_NOFEAS) {
        out->result = FPT_DISTRICTS_INFEASIBLE;
    } else if (proved || rc == GLP_EMIPGAP) {
        out->result = FPT_DISTRICTS_OPTIMAL;
    } else {
        out->result = best->found ? FPT_DISTRICTS_LIMIT : FPT_DISTRICTS_NO_PARTITION;
    }
    out->bound = proved ? best->cost : (s->have_bound ? s->bound * SCALE : 0);
    if (rc == GLP_EMIPGAP && s->have_bound) {
        out->bound = s->bound * SCALE;
    }
    return FPT_OK;
}

/* ---- the two solvers ---------------------------------------------------------------------- */

/* GLPK alone on the straightforward model: every pair, every G6 row, presolve on. */
static fpt_status solve_plain(const inst *in, plan *best, outcome *out, size_t *n_kept,
                              fpt_error *err)
{
    size_t *pairs = NULL, n_pairs = 0;
    model m;
    if (all_pairs(in, &pairs, &n_pairs) != FPT_OK ||
        model_build(in, pairs, n_pairs, true, true, &m) != FPT_OK) {
        free(pairs);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory building the MIP");
    }
    free(pairs);
    *n_kept = n_pairs;
    search s = {.in = in, .m = &m};
    fpt_status st = run_search(in, &m, &s, true, best, out, err);
    model_free(&m);
    return st;
}

/* Step (4): branch-and-bound over the kept pairs, seeded with the incumbent. */
static fpt_status search_kept(const inst *in, model *m, plan *best, outcome *out, fpt_error *err)
{
    double *x = NULL;
    double *scratch = calloc(m->n_pairs + 1, sizeof *scratch);
    fpt_status st = scratch == NULL ? FPT_ENOMEM : incumbent_values(in, m, best, &x);
    glp_smcp parm = lp_parm();
    if (st == FPT_OK && glp_simplex(m->lp, &parm) != 0) {
        glp_adv_basis(m->lp, 0);
        if (glp_simplex(m->lp, &parm) != 0) {
            st = fpt_error_set(err, FPT_ESOLVER, NULL, 0, "%s", "GLPK's simplex failed on the MIP");
        }
    }
    if (st == FPT_OK && glp_get_status(m->lp) != GLP_OPT) {
        out->result = best->found ? FPT_DISTRICTS_OPTIMAL : FPT_DISTRICTS_INFEASIBLE;
        out->bound = best->cost;
    } else if (st == FPT_OK) {
        search s = {.in = in, .m = m, .x = scratch, .x_inc = x, .centres_first = true};
        st = run_search(in, m, &s, false, best, out, err);
    }
    free(x);
    free(scratch);
    return st == FPT_ENOMEM ? fpt_error_set(err, st, NULL, 0, "%s", "out of memory") : st;
}

/* Steps (2)–(4) once the heuristic has run: bound, prune, branch. */
static fpt_status bound_and_branch(const inst *in, model *m, plan *best, outcome *out,
                                   size_t *n_kept, fpt_error *err)
{
    int status = 0;
    double z = 0;
    FPT_TRY(root_lp(in, m, &status, &z, err));
    if (status != GLP_OPT) {
        out->result = FPT_DISTRICTS_INFEASIBLE;
        out->lp_infeasible = true;
        return FPT_OK;
    }
    bool *kept = calloc(in->n * in->n, sizeof *kept);
    if (kept == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    }
    prune_pairs(in, m, z, best->found ? best->cost : INFINITY, kept);
    fpt_status st = restrict_model(in, m, kept, n_kept);
    free(kept);
    if (st == FPT_OK) {
        st = search_kept(in, m, best, out, err);
    }
    out->bound = fmax(out->bound, fmin(z, best->found ? best->cost : z));
    return st == FPT_ENOMEM ? fpt_error_set(err, st, NULL, 0, "%s", "out of memory") : st;
}

/* Steps (1)–(4) of the method. */
static fpt_status solve_fast(const inst *in, plan *best, outcome *out, size_t *n_kept,
                             fpt_error *err)
{
    if (heuristic(in, best) != FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory in the heuristic");
    }
    out->heuristic = best->found ? best->cost : 0;
    model m;
    if (root_model(in, best, &m) != FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory building the LP");
    }
    fpt_status st = bound_and_branch(in, &m, best, out, n_kept, err);
    model_free(&m);
    return st;
}

/* ---- infeasibility explained -------------------------------------------------------------- */

static fpt_status add_reason(fpt_partition *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static fpt_status add_reason(fpt_partition *p, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    char **grown = realloc(p->reasons, (p->n_reasons + 1) * sizeof *grown);
    char *copy = malloc(strlen(text) + 1);
    if (grown != NULL) {
        p->reasons = grown;
    }
    if (grown == NULL || copy == NULL) {
        free(copy);
        return FPT_ENOMEM;
    }
    strcpy(copy, text);
    p->reasons[p->n_reasons++] = copy;
    return FPT_OK;
}

/* The counting arguments of docs/geography.md "Infeasible bounds", each with its numbers. */
static fpt_status explain_bounds(const fpt_geography *g, const inst *in, fpt_partition *p)
{
    double k = (double)in->k;
    if (in->k > in->n) {
        FPT_TRY(add_reason(p, "%zu units need at least %zu CCGs, but the geography has %zu", in->k,
                           in->k, in->n));
    }
    if (k * in->hi < g->pop_total) {
        FPT_TRY(add_reason(p,
                           "%zu units of at most %.0f people hold at most %.0f people, fewer than "
                           "the %.0f who live in the geography",
                           in->k, in->hi, k * in->hi, g->pop_total));
    }
    if (k * in->lo > g->pop_total) {
        FPT_TRY(add_reason(p,
                           "%zu units of at least %.0f people need %.0f people, more than the "
                           "%.0f who live in the geography",
                           in->k, in->lo, k * in->lo, g->pop_total));
    }
    for (size_t i = 0; i < in->n; i++) {
        if (in->pop[i] > in->hi) {
            FPT_TRY(add_reason(p, "CCG %s (%s) alone has %.0f people, above the maximum of %.0f",
                               g->ccgs[i].code, g->ccgs[i].name, in->pop[i], in->hi));
        }
    }
    return FPT_OK;
}

static fpt_status explain_search(const inst *in, const outcome *out, fpt_partition *p)
{
    if (p->n_reasons > 0) {
        return FPT_OK;
    }
    if (out->lp_infeasible) {
        return add_reason(p,
                          "no way exists to make %zu units of %.0f to %.0f people even if CCGs "
                          "could be split between units (the LP relaxation is infeasible)",
                          in->k, in->lo, in->hi);
    }
    return add_reason(p,
                      "the CCGs' populations cannot be grouped into %zu units of %.0f to %.0f "
                      "people each (proved by exhaustive branch-and-bound)",
                      in->k, in->lo, in->hi);
}

/* ---- the partition ------------------------------------------------------------------------ */

void fpt_partition_free(fpt_partition *p)
{
    if (p == NULL) {
        return;
    }
    for (size_t u = 0; p->units != NULL && u < p->n_units; u++) {
        free(p->units[u].members);
    }
    for (size_t r = 0; r < p->n_reasons; r++) {
        free(p->reasons[r]);
    }
    free(p->reasons);
    free(p->units);
    free(p->unit_of);
    free(p->dist_km);
    free(p);
}

static void fill_unit(const inst *in, const size_t *centre_of, fpt_unit *unit, size_t *members)
{
    size_t n = in->n;
    unit->members = members;
    for (size_t i = 0; i < n; i++) {
        if (centre_of[i] == unit->centre) {
            double km = in->dist[i * n + unit->centre];
            unit->members[unit->n_members++] = i;
            unit->pop += in->pop[i];
            unit->mean_km += in->pop[i] * km;
            unit->max_km = fmax(unit->max_km, km);
        }
    }
    unit->mean_km /= unit->pop;
}

/* Fill units, unit_of and dist_km from a plan; units in ascending centre order. */
static fpt_status fill_partition(const inst *in, const plan *best, fpt_partition *p)
{
    size_t n = in->n, k = in->k;
    p->units = calloc(k, sizeof *p->units);
    p->unit_of = calloc(n, sizeof *p->unit_of);
    p->dist_km = calloc(n, sizeof *p->dist_km);
    if (p->units == NULL || p->unit_of == NULL || p->dist_km == NULL) {
        return FPT_ENOMEM;
    }
    size_t u = 0;
    for (size_t j = 0; j < n && u < k; j++) {
        if (best->centre_of[j] != j) {
            continue;
        }
        size_t *members = calloc(n, sizeof *members);
        if (members == NULL) {
            return FPT_ENOMEM;
        }
        p->units[u].centre = j;
        fill_unit(in, best->centre_of, &p->units[u], members);
        for (size_t m = 0; m < p->units[u].n_members; m++) {
            size_t i = members[m];
            p->unit_of[i] = u;
            p->dist_km[i] = in->dist[i * n + j];
        }
        u++;
    }
    return u == k ? FPT_OK : FPT_EINTERNAL;
}

static fpt_partition *partition_new(const inst *in, double target)
{
    fpt_partition *p = calloc(1, sizeof *p);
    if (p != NULL) {
        p->n_ccgs = in->n;
        p->n_units = in->k;
        p->target_pop = target;
        p->pop_min = in->lo;
        p->pop_max = in->hi;
        p->n_pairs = in->n * in->n;
    }
    return p;
}

/* Solve and fill p; infeasible bounds end in reasons, not an error. */
static fpt_status solve_into(const fpt_geography *g, const inst *in, fpt_partition *p,
                             fpt_error *err)
{
    FPT_TRY(explain_bounds(g, in, p));
    if (p->n_reasons > 0) {
        p->result = FPT_DISTRICTS_INFEASIBLE;
        return FPT_OK;
    }
    plan best = {.centre_of = calloc(in->n, sizeof *best.centre_of)};
    if (best.centre_of == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    }
    outcome out = {0};
    fpt_status st = in->o->plain ? solve_plain(in, &best, &out, &p->n_pairs_kept, err)
                                 : solve_fast(in, &best, &out, &p->n_pairs_kept, err);
    p->result = out.result;
    if (st == FPT_OK && out.result == FPT_DISTRICTS_INFEASIBLE) {
        st = explain_search(in, &out, p);
    } else if (st == FPT_OK && best.found) {
        p->objective = best.cost;
        p->heuristic = out.heuristic;
        p->bound = fmin(out.bound, best.cost);
        p->gap = best.cost > 0 ? (best.cost - p->bound) / best.cost : 0;
        st = fill_partition(in, &best, p);
    }
    free(best.centre_of);
    return st == FPT_ENOMEM ? fpt_error_set(err, st, NULL, 0, "%s", "out of memory") : st;
}

typedef struct solve_call {
    const fpt_geography *g;
    const inst *in;
    fpt_partition *p;
} solve_call;

/* The GLPK work of a districting, run inside a guard (glpk_guard.h). */
static fpt_status solve_guarded(void *ctx, fpt_error *err)
{
    const solve_call *c = ctx;
    return solve_into(c->g, c->in, c->p, err);
}

fpt_status fpt_districts_solve(const fpt_geography *g, const fpt_districts_options *o,
                               fpt_partition **out, fpt_error *err)
{
    *out = NULL;
    glpk_quiet();
    double target = 0;
    FPT_TRY(fpt_districts_resolve(g, o, NULL, &target, NULL, NULL, err));
    inst in;
    FPT_TRY(inst_init(&in, g, o, err));
    fpt_partition *p = partition_new(&in, target);
    solve_call c = {.g = g, .in = &in, .p = p};
    fpt_status st = p == NULL ? fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory")
                              : fpt_glpk_guard(solve_guarded, &c, "districting", err);
    inst_free(&in);
    if (st != FPT_OK) {
        fpt_partition_free(p);
        return st;
    }
    *out = p;
    return FPT_OK;
}

typedef struct write_call {
    const fpt_geography *g;
    const fpt_districts_options *o;
    const char *path;
} write_call;

/* The body of fpt_districts_write_mps(), run inside the GLPK guard. */
static fpt_status write_mps_guarded(void *ctx, fpt_error *err)
{
    const write_call *c = ctx;
    inst in;
    FPT_TRY(inst_init(&in, c->g, c->o, err));
    size_t *pairs = NULL, n_pairs = 0;
    model m = {0};
    fpt_status st = all_pairs(&in, &pairs, &n_pairs);
    st = st == FPT_OK ? model_build(&in, pairs, n_pairs, true, true, &m) : st;
    free(pairs);
    inst_free(&in);
    if (st != FPT_OK) {
        return fpt_error_set(err, st, NULL, 0, "%s", "out of memory building the MIP");
    }
    size_t len = strlen(c->path) + 32;
    char *tmp = malloc(len);
    if (tmp == NULL) {
        model_free(&m);
        return fpt_error_set(err, FPT_ENOMEM, c->path, 0, "%s", "out of memory");
    }
    snprintf(tmp, len, "%s.tmp.%ld", c->path, (long)getpid());
    if (glp_write_mps(m.lp, GLP_MPS_FILE, NULL, tmp) != 0 || rename(tmp, c->path) != 0) {
        remove(tmp);
        st = fpt_error_set(err, FPT_EIO, c->path, 0, "cannot write the programme to '%s'", c->path);
    }
    free(tmp);
    model_free(&m);
    return st;
}

fpt_status fpt_districts_write_mps(const fpt_geography *g, const fpt_districts_options *o,
                                   const char *path, fpt_error *err)
{
    glpk_quiet();
    write_call c = {.g = g, .o = o, .path = path};
    return fpt_glpk_guard(write_mps_guarded, &c, "writing the districting MIP", err);
}
