/* SPDX-License-Identifier: MIT */
/*
 * Districting: the multi-start location–allocation heuristic that gives the search its
 * incumbent (docs/geography.md "Method" step 1). An allocation to fixed centres is the
 * transportation LP of G1, G2, G4, G5, rounded and polished by single moves and swaps;
 * centres move to their units' 1-medians until they settle; last, each centre is tried at its
 * nearest non-centre CCGs. Deterministic: the random starts draw from a generator seeded by
 * the start number. Called by districts_search.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "geo/districts/districts_internal.h"

#define N_STARTS        6
#define MAX_ROUNDS      30
#define POLISH_PASSES   50
#define SWAP_NEIGHBOURS 6

/* ---- heuristic: location–allocation ------------------------------------------------------- */

/* Build the allocation problem for fixed centres: x[i][u], each centre in its own unit. */
static glp_prob *alloc_build(const fpt_districts_inst *in, const size_t *centres)
{
    int n = (int)in->n, k = (int)in->k;
    glp_prob *lp = glp_create_prob();
    glp_add_rows(lp, n + k);
    glp_add_cols(lp, n * k);
    for (int i = 1; i <= n; i++) {
        glp_set_row_bnds(lp, i, GLP_FX, 1, 1);
    }
    for (int u = 0; u < k; u++) {
        glp_set_row_bnds(lp, n + 1 + u, GLP_DB, in->lo / DISTRICTS_SCALE, in->hi / DISTRICTS_SCALE);
    }
    for (int i = 0; i < n; i++) {
        for (int u = 0; u < k; u++) {
            int col = i * k + u + 1;
            int ind[3] = {0, i + 1, n + 1 + u};
            double val[3] = {0, 1, in->pop[i] / DISTRICTS_SCALE};
            glp_set_mat_col(lp, col, 2, ind, val);
            glp_set_obj_coef(lp, col, in->cost[(size_t)i * in->n + centres[u]] / DISTRICTS_SCALE);
            glp_set_col_bnds(lp, col, GLP_DB, 0, 1);
            if ((size_t)i == centres[u]) {
                glp_set_col_bnds(lp, col, GLP_FX, 1, 1);
            }
        }
    }
    return lp;
}

/* How far unit loads are outside [L, U], in people: 0 for a feasible allocation. */
static double violation_of(const fpt_districts_inst *in, double load)
{
    return fmax(0, load - in->hi) + fmax(0, in->lo - load);
}

/* The change in (violation, cost) of moving CCG i from unit a to unit b. */
static void move_delta(const fpt_districts_inst *in, const size_t *centres, const double *load,
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
static bool polish_moves(const fpt_districts_inst *in, const size_t *centres, double *load,
                         size_t *unit_of)
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
static void swap_delta(const fpt_districts_inst *in, const size_t *centres, const double *load,
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
static bool polish_swaps(const fpt_districts_inst *in, const size_t *centres, double *load,
                         size_t *unit_of)
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
static void round_allocation(const fpt_districts_inst *in, glp_prob *lp, const size_t *centres,
                             size_t *unit_of, double *load)
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

/* allocate()'s working arrays, made once per heuristic run so that allocate() cannot fail. */
typedef struct alloc_scratch {
    size_t *unit_of; /* [n] */
    double *load;    /* [k] */
} alloc_scratch;

/*
 * A good assignment to fixed centres: the transportation LP, rounded, then single moves and
 * swaps until none lowers (bound violation, cost). False when no feasible one was found.
 */
static bool allocate(const fpt_districts_inst *in, const alloc_scratch *sc, const size_t *centres,
                     size_t *centre_of)
{
    size_t n = in->n, k = in->k;
    size_t *unit_of = sc->unit_of;
    double *load = sc->load;
    glp_prob *lp = alloc_build(in, centres);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    bool found = glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT;
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
    return found;
}

/* Move each unit's centre to its 1-median among its members; true when any moved. */
static bool recentre(const fpt_districts_inst *in, size_t *centres, const size_t *centre_of)
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
static bool plan_better(const fpt_districts_inst *in, const size_t *a, double a_cost,
                        const fpt_districts_plan *b)
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

static void plan_offer(const fpt_districts_inst *in, const size_t *centre_of,
                       fpt_districts_plan *best)
{
    double c = fpt_districts_plan_cost(in, centre_of);
    if (plan_better(in, centre_of, c, best)) {
        memcpy(best->centre_of, centre_of, in->n * sizeof *centre_of);
        best->cost = c;
        best->found = true;
    }
}

/* Alternate allocation and recentring from centres until they settle. */
static bool descend(const fpt_districts_inst *in, const alloc_scratch *sc, size_t *centres,
                    size_t *centre_of)
{
    bool found = false;
    for (int round = 0; round < MAX_ROUNDS; round++) {
        if (!allocate(in, sc, centres, centre_of)) {
            return found;
        }
        found = true;
        if (!recentre(in, centres, centre_of)) {
            break;
        }
    }
    return found && allocate(in, sc, centres, centre_of);
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
static void seed_centres(const fpt_districts_inst *in, int start, size_t *centres, double *near_km)
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

/*
 * Try moving each centre to one of its nearest non-centre CCGs; keep improvements. No new
 * trial begins once the deadline has passed.
 */
static void swap_search(const fpt_districts_inst *in, const alloc_scratch *sc, size_t *centres,
                        size_t *work, size_t *trial, fpt_districts_plan *best)
{
    size_t k = in->k, n = in->n;
    for (size_t u = 0; u < k; u++) {
        size_t tried = 0;
        for (size_t r = 1; r < n && tried < SWAP_NEIGHBOURS; r++) {
            size_t j = in->near[centres[u] * n + r];
            if (is_centre(centres, k, j)) {
                continue;
            }
            if (fpt_districts_time_left(in) <= 0) {
                return;
            }
            tried++;
            memcpy(trial, centres, k * sizeof *trial);
            trial[u] = j;
            if (descend(in, sc, trial, work) && fpt_districts_plan_cost(in, work) < best->cost) {
                plan_offer(in, work, best);
                memcpy(centres, trial, k * sizeof *centres);
            }
        }
    }
}

/* Centres of a plan, in ascending order. */
static void plan_centres(const fpt_districts_inst *in, const size_t *centre_of, size_t *centres)
{
    size_t u = 0;
    for (size_t j = 0; j < in->n && u < in->k; j++) {
        if (centre_of[j] == j) {
            centres[u++] = j;
        }
    }
}

/* Multi-start location–allocation, then swaps around the best (docs/geography.md). */
fpt_status fpt_districts_heuristic(const fpt_districts_inst *in, fpt_districts_plan *best)
{
    size_t n = in->n, k = in->k;
    size_t *centres = calloc(k, sizeof *centres), *trial = calloc(k, sizeof *trial);
    size_t *work = calloc(n, sizeof *work);
    double *near_km = calloc(n, sizeof *near_km);
    alloc_scratch sc = {calloc(n, sizeof *sc.unit_of), calloc(k, sizeof *sc.load)};
    fpt_status st = FPT_ENOMEM;
    if (centres != NULL && trial != NULL && work != NULL && near_km != NULL && sc.unit_of != NULL &&
        sc.load != NULL) {
        /* Start 0 runs whatever the time limit, so that there is an incumbent whenever the
           deterministic start finds one; later starts begin only before the deadline. */
        for (int s = 0; s < N_STARTS && (s == 0 || fpt_districts_time_left(in) > 0); s++) {
            seed_centres(in, s, centres, near_km);
            if (descend(in, &sc, centres, work)) {
                plan_offer(in, work, best);
            }
        }
        if (best->found) {
            plan_centres(in, best->centre_of, centres);
            swap_search(in, &sc, centres, work, trial, best);
        }
        st = FPT_OK;
    }
    free(centres);
    free(trial);
    free(work);
    free(near_km);
    free(sc.unit_of);
    free(sc.load);
    return st;
}
