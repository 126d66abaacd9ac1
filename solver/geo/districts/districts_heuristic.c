/* SPDX-License-Identifier: MIT */
/*
 * Districting: the location–allocation heuristic that gives the search its incumbents
 * (docs/geography.md "Method" step 1). An allocation to fixed centres starts from prices —
 * each CCG joins the unit of least distance plus price, prices rising on units above U and
 * falling below L, the dual of the transportation LP of G1, G2, G4, G5 — or from a plan at
 * hand, and is polished by single moves and pairwise swaps; centres move to their units'
 * 1-medians until they settle. Starts: a deterministic one, random ones drawn from a
 * generator seeded by the start number, plans of neighbouring K split or merged, and the
 * centres the Lagrangian bound picks (districts_search.c). Last, centres are swapped with
 * nearby CCGs. No GLPK.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "geo/districts/districts_internal.h"

#define N_STARTS        6
#define MAX_ROUNDS      30
#define POLISH_PASSES   50
#define SWAP_NEIGHBOURS 6
/* Polishing tries every swap up to SWAP_ALL_MAX CCGs; beyond, each CCG only with its
   SWAP_NEAR nearest: a swap that helps moves each CCG to the other's unit, so both lie
   near the same boundary, and the pass stays O(n) instead of O(n²). */
#define SWAP_ALL_MAX 512
#define SWAP_NEAR    30
/* Price allocation: rounds, the first price step (km for an excess of the whole target
   population) and its decay per round. */
#define ALLOC_ROUNDS  60
#define ALLOC_STEP_KM 40.0
#define ALLOC_DECAY   0.93
/* Centre sets the Lagrangian heuristic remembers having tried. */
#define TRIED_SLOTS 4096
/* Split CCGs of the transportation LP settled by enumeration, at most. */
#define FRACTIONAL_MAX 14

fpt_status fpt_districts_heur_init(fpt_districts_heur *h, const fpt_districts_inst *in)
{
    size_t n = in->n, k = in->k;
    memset(h, 0, sizeof *h);
    h->in = in;
    h->unit_of = calloc(n, sizeof *h->unit_of);
    h->trial = calloc(n, sizeof *h->trial);
    h->work = calloc(n, sizeof *h->work);
    h->centres = calloc(k + 1, sizeof *h->centres);
    h->moved = calloc(k + 1, sizeof *h->moved);
    h->load = calloc(k + 1, sizeof *h->load);
    h->price = calloc(k + 1, sizeof *h->price);
    h->near_km = calloc(n, sizeof *h->near_km);
    h->to_centre = calloc(n * k, sizeof *h->to_centre);
    h->leave = calloc(n, sizeof *h->leave);
    h->members = calloc(n, sizeof *h->members);
    h->order = calloc(n, sizeof *h->order);
    h->tried = calloc(TRIED_SLOTS, sizeof *h->tried);
    h->is_centre = calloc(n, sizeof *h->is_centre);
    h->solved = calloc(FPT_GROUP_SLOTS, sizeof *h->solved);
    if (h->order == NULL || h->tried == NULL || h->is_centre == NULL || h->solved == NULL ||
        fpt_transport_init(&h->tp, n, k) != FPT_OK || h->unit_of == NULL || h->trial == NULL ||
        h->work == NULL || h->centres == NULL || h->moved == NULL || h->load == NULL ||
        h->price == NULL || h->near_km == NULL || h->to_centre == NULL || h->leave == NULL ||
        h->members == NULL) {
        fpt_districts_heur_free(h);
        return FPT_ENOMEM;
    }
    return FPT_OK;
}

void fpt_districts_heur_free(fpt_districts_heur *h)
{
    free(h->unit_of);
    free(h->trial);
    free(h->work);
    free(h->centres);
    free(h->moved);
    free(h->load);
    free(h->price);
    free(h->near_km);
    free(h->to_centre);
    free(h->leave);
    free(h->members);
    free(h->order);
    free(h->tried);
    free(h->is_centre);
    free(h->solved);
    fpt_transport_free(&h->tp);
    for (size_t c = 0; c < h->n_crew; c++) {
        fpt_districts_heur_free(&h->crew[c]);
    }
    free(h->crew);
    memset(h, 0, sizeof *h);
}

/* ---- allocation to fixed centres ---------------------------------------------------------- */

/* How far a unit load is outside [L, U], in people: 0 for a feasible one. */
static double violation_of(const fpt_districts_inst *in, double load)
{
    return load > in->hi ? load - in->hi : (load < in->lo ? in->lo - load : 0);
}

static bool improves(double dv, double dc)
{
    return dv < -1e-9 || (dv <= 1e-9 && dc < -1e-9);
}

/* Move CCG i, if it is no centre, to the unit where it lowers (violation, cost) most; true
   when it moved. */
static bool best_move(fpt_districts_heur *h, const size_t *centres, size_t i)
{
    const fpt_districts_inst *in = h->in;
    size_t a = h->unit_of[i], pick = a;
    if (centres[a] == i) {
        return false;
    }
    const double *to = &h->to_centre[i * in->k];
    double p = in->pop[i], best_dv = 0, best_dc = 0;
    double va = violation_of(in, h->load[a] - p) - violation_of(in, h->load[a]);
    for (size_t b = 0; b < in->k; b++) {
        if (b == a) {
            continue;
        }
        double dv = va + violation_of(in, h->load[b] + p) - violation_of(in, h->load[b]);
        double dc = to[b] - to[a];
        if (improves(dv - best_dv, dc - best_dc)) {
            best_dv = dv;
            best_dc = dc;
            pick = b;
        }
    }
    if (pick == a) {
        return false;
    }
    h->load[a] -= p;
    h->load[pick] += p;
    h->unit_of[i] = pick;
    return true;
}

/* The change in (violation, cost) of swapping CCGs i and j between their units a and b. */
static bool swap_improves(const fpt_districts_heur *h, size_t i, size_t j)
{
    const fpt_districts_inst *in = h->in;
    size_t a = h->unit_of[i], b = h->unit_of[j], k = in->k;
    const double *to = h->to_centre;
    double dc = to[i * k + b] + to[j * k + a] - to[i * k + a] - to[j * k + b];
    double va = violation_of(in, h->load[a]), vb = violation_of(in, h->load[b]);
    if (dc >= -1e-9 && va == 0 && vb == 0) {
        return false; /* both feasible: only a cheaper swap can help */
    }
    double shift = in->pop[j] - in->pop[i];
    double dv =
        violation_of(in, h->load[a] + shift) + violation_of(in, h->load[b] - shift) - va - vb;
    return improves(dv, dc);
}

/* Swap CCGs i and j, when neither is a centre, they are in different units and the swap
   lowers (violation, cost); true when it did. */
static bool swap_if_better(fpt_districts_heur *h, const size_t *centres, size_t i, size_t j)
{
    size_t a = h->unit_of[i], b = h->unit_of[j];
    if (a == b || centres[a] == i || centres[b] == j || !swap_improves(h, i, j)) {
        return false;
    }
    double shift = h->in->pop[j] - h->in->pop[i];
    h->load[a] += shift;
    h->load[b] -= shift;
    h->unit_of[i] = b;
    h->unit_of[j] = a;
    return true;
}

/* Into h->leave[i], what moving CCG i out of its unit costs at least (person-km, < 0 when
   another unit is cheaper); returns the largest |person-km| of the row read, for the margin of
   rounding (swap_cannot_help()). */
static double leave_cost(fpt_districts_heur *h, size_t i)
{
    size_t k = h->in->k, a = h->unit_of[i];
    const double *to = &h->to_centre[i * k];
    double least = INFINITY, most = 0;
    for (size_t b = 0; b < k; b++) {
        least = b != a ? fmin(least, to[b] - to[a]) : least;
        most = fmax(most, fabs(to[b]));
    }
    h->leave[i] = least;
    return most;
}

/* True when swapping i and j cannot lower (violation, cost), without swap_improves()'s reads
   of to_centre: both units are within their bounds (so only a cheaper swap helps) and what
   the two moves cost at least is above zero by more than any rounding of the sum swap_improves()
   forms (margin: 1e-12 of the largest person-km of the rows). */
static bool swap_cannot_help(const fpt_districts_heur *h, size_t i, size_t j, double margin)
{
    const fpt_districts_inst *in = h->in;
    return h->leave[i] + h->leave[j] > margin && violation_of(in, h->load[h->unit_of[i]]) == 0 &&
           violation_of(in, h->load[h->unit_of[j]]) == 0;
}

/* One pass of swaps of two non-centre CCGs in different units: every pair up to
   SWAP_ALL_MAX CCGs, else each CCG with its SWAP_NEAR nearest; true when any was made.
   Where every pair is tried, a pair that swap_cannot_help() is passed over: the same swaps,
   without reading its rows (with SWAP_NEAR pairs a CCG, fewer than the K entries that
   leave_cost() reads, it would not pay). */
static bool polish_swaps(fpt_districts_heur *h, const size_t *centres)
{
    size_t n = h->in->n;
    bool all = n <= SWAP_ALL_MAX;
    double most = 0;
    for (size_t i = 0; i < n && all; i++) {
        most = fmax(most, leave_cost(h, i));
    }
    double margin = 1e-12 * most;
    bool moved = false;
    for (size_t i = 0; i < n; i++) {
        size_t around = all ? n - i - 1 : SWAP_NEAR + 1;
        for (size_t r = 0; r < around; r++) {
            /* near[i * n] is i itself, or a CCG at i's point */
            size_t j = all ? i + 1 + r : h->in->near[i * n + r];
            if ((all && swap_cannot_help(h, i, j, margin)) || !swap_if_better(h, centres, i, j)) {
                continue;
            }
            moved = true;
            if (all) {
                leave_cost(h, i);
                leave_cost(h, j);
            }
        }
    }
    return moved;
}

/* Total bound violation of the loads, people. */
static double total_violation(const fpt_districts_heur *h)
{
    double v = 0;
    for (size_t u = 0; u < h->in->k; u++) {
        v += violation_of(h->in, h->load[u]);
    }
    return v;
}

/* The cheapest repair: of all single moves that lower the violation, the one of least
   person-km per person of violation removed; false when none does. Only a move out of a
   unit above U, or into one below L, can lower it: a unit within [L, U] gains violation by
   losing people or by gaining them, and one below L loses more than any unit can gain. */
static bool cheapest_repair(fpt_districts_heur *h, const size_t *centres)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, k = in->k, best_i = n, best_b = 0;
    double best_rate = INFINITY;
    for (size_t i = 0; i < n; i++) {
        size_t a = h->unit_of[i];
        if (centres[a] == i || h->load[a] < in->lo) {
            continue;
        }
        bool from_over = h->load[a] > in->hi;
        const double *to = &h->to_centre[i * k];
        double p = in->pop[i];
        double va = violation_of(in, h->load[a] - p) - violation_of(in, h->load[a]);
        for (size_t b = 0; b < k; b++) {
            if (!from_over && !(h->load[b] < in->lo)) {
                continue;
            }
            double dv = va + violation_of(in, h->load[b] + p) - violation_of(in, h->load[b]);
            double dc = to[b] - to[a];
            if (b != a && dv < -1e-9 && dc / -dv < best_rate) {
                best_rate = dc / -dv;
                best_i = i;
                best_b = b;
            }
        }
    }
    if (best_i == n) {
        return false;
    }
    h->load[h->unit_of[best_i]] -= in->pop[best_i];
    h->load[best_b] += in->pop[best_i];
    h->unit_of[best_i] = best_b;
    return true;
}

/*
 * Repair the loads by the cheapest moves, then moves and swaps until neither lowers
 * (violation, cost); true when the loads then fit.
 */
static bool polish(fpt_districts_heur *h, const size_t *centres)
{
    const fpt_districts_inst *in = h->in;
    for (size_t r = 0; r < in->n && total_violation(h) > 0; r++) {
        if (!cheapest_repair(h, centres)) {
            break;
        }
    }
    for (int pass = 0; pass < POLISH_PASSES; pass++) {
        bool moved = false;
        for (size_t i = 0; i < in->n; i++) {
            moved = best_move(h, centres, i) || moved;
        }
        if (!polish_swaps(h, centres) && !moved) {
            break;
        }
    }
    return total_violation(h) == 0;
}

/* Assign every CCG to the unit of least distance plus price (its own unit for a centre);
   fills trial and load; returns the total violation, *cost the person-km. */
static double assign_by_price(fpt_districts_heur *h, const size_t *centres, double *cost)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, k = in->k;
    double v = 0;
    *cost = 0;
    memset(h->load, 0, k * sizeof *h->load);
    for (size_t i = 0; i < n; i++) {
        size_t pick = 0;
        double pick_km = INFINITY;
        for (size_t u = 0; u < k; u++) {
            double km = centres[u] == i ? -INFINITY : in->dist[i * n + centres[u]] + h->price[u];
            if (km < pick_km) {
                pick_km = km;
                pick = u;
            }
        }
        h->trial[i] = pick;
        h->load[pick] += in->pop[i];
        *cost += in->cost[i * n + centres[pick]];
    }
    for (size_t u = 0; u < k; u++) {
        v += violation_of(in, h->load[u]);
    }
    return v;
}

/*
 * The allocation by prices: rounds of assign_by_price() with prices raised on units above
 * U and lowered on units below L by a decaying step; unit_of and load get the assignment of
 * least (violation, person-km) met.
 */
static void price_allocation(fpt_districts_heur *h, const size_t *centres)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, k = in->k;
    double target = (in->lo + in->hi) / 2, step = ALLOC_STEP_KM;
    double best_v = INFINITY, best_c = INFINITY;
    memset(h->price, 0, k * sizeof *h->price);
    for (int round = 0; round < ALLOC_ROUNDS; round++, step *= ALLOC_DECAY) {
        double c = 0, v = assign_by_price(h, centres, &c);
        if (v < best_v || (v == best_v && c < best_c)) {
            best_v = v;
            best_c = c;
            memcpy(h->unit_of, h->trial, n * sizeof *h->unit_of);
        }
        if (v == 0) {
            break;
        }
        for (size_t u = 0; u < k; u++) {
            double over = h->load[u] > in->hi ? h->load[u] - in->hi : 0;
            double under = h->load[u] < in->lo ? in->lo - h->load[u] : 0;
            h->price[u] += step * (over - under) / target;
        }
    }
    memset(h->load, 0, k * sizeof *h->load);
    for (size_t i = 0; i < n; i++) {
        h->load[h->unit_of[i]] += in->pop[i];
    }
}

/* The CCGs the transportation LP splits between units (at most FRACTIONAL_MAX of them are
   settled by enumeration). */
typedef struct completion {
    fpt_districts_heur *h;
    size_t split[FRACTIONAL_MAX];
    size_t n_split;
    size_t pick[FRACTIONAL_MAX], best_pick[FRACTIONAL_MAX];
    double best;
} completion;

/* Try every unit with a share of each split CCG in turn; keep the cheapest assignment whose
   loads fit. */
static void complete(completion *c, size_t r, double cost)
{
    fpt_districts_heur *h = c->h;
    const fpt_districts_inst *in = h->in;
    size_t k = in->k;
    if (cost >= c->best) {
        return;
    }
    if (r == c->n_split) {
        for (size_t u = 0; u < k; u++) {
            if (violation_of(in, h->load[u]) > 0) {
                return;
            }
        }
        c->best = cost;
        memcpy(c->best_pick, c->pick, c->n_split * sizeof *c->pick);
        return;
    }
    size_t i = c->split[r];
    for (size_t u = 0; u < k; u++) {
        if (h->tp.flow[i * k + u] > 1e-6) {
            c->pick[r] = u;
            h->load[u] += in->pop[i];
            complete(c, r + 1, cost + h->to_centre[i * k + u]);
            h->load[u] -= in->pop[i];
        }
    }
}

/* Round the transportation LP: each CCG the LP does not split to its unit; the split ones
   (when few) to the cheapest choice among their units that fits the bounds, else each to
   its largest share (ties: lowest unit). */
static void round_transport(fpt_districts_heur *h)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, k = in->k;
    completion c = {.h = h, .best = INFINITY};
    memset(h->load, 0, k * sizeof *h->load);
    for (size_t i = 0; i < n; i++) {
        size_t pick = 0, shares = 0;
        for (size_t u = 0; u < k; u++) {
            shares += h->tp.flow[i * k + u] > 1e-6;
            pick = h->tp.flow[i * k + u] > h->tp.flow[i * k + pick] + 1e-9 ? u : pick;
        }
        h->unit_of[i] = pick;
        if (shares > 1 && c.n_split < FRACTIONAL_MAX) {
            c.split[c.n_split++] = i;
        } else {
            h->load[pick] += in->pop[i];
        }
    }
    complete(&c, 0, 0);
    for (size_t r = 0; r < c.n_split; r++) {
        size_t i = c.split[r];
        h->unit_of[i] = isinf(c.best) ? h->unit_of[i] : c.best_pick[r];
        h->load[h->unit_of[i]] += in->pop[i];
    }
}

/*
 * A good assignment to fixed centres, into centre_of: the transportation LP rounded (prices
 * when it fails), or with warm from the assignment in h->unit_of (units as in centres; each centre
 * is put in its own unit), then polished. False when it breaks the bounds. The CCGs' person-km
 * to the centres are first copied into h->to_centre, which the rounding and the polish read.
 */
static bool allocate(fpt_districts_heur *h, const size_t *centres, bool warm, size_t *centre_of)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, k = in->k;
    for (size_t i = 0; i < n; i++) {
        for (size_t u = 0; u < k; u++) {
            h->to_centre[i * k + u] = in->cost[i * n + centres[u]];
        }
    }
    if (warm) {
        for (size_t u = 0; u < k; u++) {
            h->unit_of[centres[u]] = u;
        }
        memset(h->load, 0, k * sizeof *h->load);
        for (size_t i = 0; i < n; i++) {
            h->load[h->unit_of[i]] += in->pop[i];
        }
    } else if (fpt_transport_solve(&h->tp, in, centres, h->order, h->is_centre)) {
        round_transport(h);
    } else {
        price_allocation(h, centres);
    }
    if (!polish(h, centres)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        centre_of[i] = centres[h->unit_of[i]];
    }
    return true;
}

/* ---- centres ------------------------------------------------------------------------------ */

/* Whether j is one of the first u centres. */
static bool is_chosen(const size_t *centres, size_t u, size_t j)
{
    for (size_t v = 0; v < u; v++) {
        if (centres[v] == j) {
            return true;
        }
    }
    return false;
}

/* pick, or when it is already a centre the first CCG that is not: where every CCG left is
 * as near as can be (CCGs at one point, all distances 0) the weights tie at 0 and would pick
 * a centre twice, and the K units need K distinct centres. */
static size_t distinct(const size_t *centres, size_t u, size_t pick, size_t n)
{
    for (size_t j = 0; is_chosen(centres, u, pick) && j < n; j++) {
        pick = j;
    }
    return pick;
}

/* Move each unit's centre to its 1-median among its members; true when any moved. An empty
 * unit keeps its centre, which another unit may just have taken: that one is made distinct.
 * Each member's person-km are summed in CCG order, as a scan over every CCG would. */
static bool recentre(fpt_districts_heur *h, size_t *centres)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, *members = h->members;
    bool moved = false;
    for (size_t u = 0; u < in->k; u++) {
        size_t m = 0, best = centres[u];
        for (size_t i = 0; i < n; i++) {
            members[m] = i;
            m += h->unit_of[i] == u;
        }
        double best_cost = INFINITY;
        for (size_t a = 0; a < m; a++) {
            size_t j = members[a];
            double sum = 0;
            for (size_t b = 0; b < m; b++) {
                sum += in->cost[members[b] * n + j];
            }
            if (sum < best_cost) {
                best_cost = sum;
                best = j;
            }
        }
        moved = moved || best != centres[u];
        centres[u] = best;
    }
    for (size_t u = 1; u < in->k; u++) {
        size_t own = distinct(centres, u, centres[u], n);
        moved = moved || own != centres[u];
        centres[u] = own;
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

bool fpt_districts_plan_offer(const fpt_districts_inst *in, const size_t *centre_of,
                              fpt_districts_plan *best)
{
    double c = fpt_districts_plan_cost(in, centre_of);
    if (!plan_better(in, centre_of, c, best)) {
        return false;
    }
    memcpy(best->centre_of, centre_of, in->n * sizeof *centre_of);
    best->cost = c;
    best->found = true;
    return true;
}

/*
 * Alternate allocation and recentring from centres until they settle (warm: h->unit_of
 * already holds an assignment to these units). The plan lands in h->work. No round begins
 * after the deadline, except the first when first_always is set.
 */
static bool descend_timed(fpt_districts_heur *h, size_t *centres, bool warm, bool first_always)
{
    const fpt_districts_inst *in = h->in;
    bool found = false;
    for (int round = 0;
         round < MAX_ROUNDS && ((first_always && round == 0) || fpt_districts_time_left(in) > 0);
         round++) {
        if (!allocate(h, centres, warm && round == 0, h->work)) {
            return found && allocate(h, centres, false, h->work);
        }
        found = true;
        if (!recentre(h, centres)) {
            return true;
        }
    }
    return found && allocate(h, centres, true, h->work);
}

static bool descend(fpt_districts_heur *h, size_t *centres, bool warm)
{
    return descend_timed(h, centres, warm, false);
}

/* FNV-1a over the centres in ascending order (sorted into h->moved). */
static uint64_t centres_key(fpt_districts_heur *h, const size_t *centres)
{
    size_t k = h->in->k;
    memcpy(h->moved, centres, k * sizeof *centres);
    for (size_t r = 1; r < k; r++) {
        size_t x = h->moved[r], q = r;
        for (; q > 0 && h->moved[q - 1] > x; q--) {
            h->moved[q] = h->moved[q - 1];
        }
        h->moved[q] = x;
    }
    uint64_t key = 0xcbf29ce484222325u;
    for (size_t u = 0; u < k; u++) {
        key = (key ^ (uint64_t)h->moved[u]) * 0x100000001b3u;
    }
    return key | 1; /* 0 marks an empty slot */
}

/* Key's slot in the hash set table: where it is, else the empty slot where it would go;
   slots when the table is full without it. */
static size_t slot_of(const uint64_t *table, size_t slots, uint64_t key)
{
    for (size_t probe = 0; probe < slots; probe++) {
        size_t at = (key + probe) % slots;
        if (table[at] == key || table[at] == 0) {
            return at;
        }
    }
    return slots;
}

bool fpt_districts_seen(uint64_t *table, size_t slots, uint64_t key)
{
    size_t at = slot_of(table, slots, key);
    if (at == slots) {
        return false; /* full: forgets */
    }
    if (table[at] == key) {
        return true;
    }
    table[at] = key;
    return false;
}

bool fpt_districts_known(const uint64_t *table, size_t slots, uint64_t key)
{
    size_t at = slot_of(table, slots, key);
    return at != slots && table[at] == key;
}

/* Whether these centres were tried before; records them if not. */
static bool tried_before(fpt_districts_heur *h, const size_t *centres)
{
    return fpt_districts_seen(h->tried, TRIED_SLOTS, centres_key(h, centres));
}

bool fpt_districts_centres_new(fpt_districts_heur *h, const size_t *centres)
{
    return !tried_before(h, centres);
}

bool fpt_districts_descend_from(fpt_districts_heur *w, const size_t *centres)
{
    memcpy(w->centres, centres, w->in->k * sizeof *centres);
    return descend(w, w->centres, false);
}

bool fpt_districts_try_centres(fpt_districts_heur *h, const size_t *centres,
                               fpt_districts_plan *best)
{
    return fpt_districts_centres_new(h, centres) && fpt_districts_descend_from(h, centres) &&
           fpt_districts_plan_offer(h->in, h->work, best);
}

/* ---- starts ------------------------------------------------------------------------------- */

/* splitmix64: a per-call generator, seeded from the start number (never shared). */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* The 1-median of all the CCGs: the first centre of start 0. */
static size_t one_median(const fpt_districts_inst *in)
{
    size_t n = in->n, first = 0;
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
    return first;
}

/* The next centre: the CCG of largest population × squared distance to the centres so far
   (start 0), or one drawn with that weight (other starts). */
static size_t next_seed(const fpt_districts_inst *in, const double *near_km, int start,
                        uint64_t *state)
{
    size_t n = in->n, pick = 0;
    double total = 0, best_w = -1;
    for (size_t i = 0; i < n; i++) {
        double w = in->pop[i] * near_km[i] * near_km[i];
        total += w;
        if (w > best_w) {
            best_w = w;
            pick = i;
        }
    }
    if (start != 0 && total > 0) {
        double r = (double)(next_random(state) >> 11) / 9007199254740992.0 * total;
        for (pick = 0; pick + 1 < n; pick++) {
            r -= in->pop[pick] * near_km[pick] * near_km[pick];
            if (r < 0) {
                break;
            }
        }
    }
    return pick;
}

/* Seed centres: the 1-median (start 0) or a random CCG, then next_seed() K − 1 times. */
static void seed_centres(fpt_districts_heur *h, int start, size_t *centres)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n;
    uint64_t state = 0x666F6F7470726Eu + (uint64_t)start;
    centres[0] = start == 0 ? one_median(in) : (size_t)(next_random(&state) % n);
    for (size_t i = 0; i < n; i++) {
        h->near_km[i] = in->dist[i * n + centres[0]];
    }
    for (size_t u = 1; u < in->k; u++) {
        size_t pick = distinct(centres, u, next_seed(in, h->near_km, start, &state), n);
        centres[u] = pick;
        for (size_t i = 0; i < n; i++) {
            h->near_km[i] = fmin(h->near_km[i], in->dist[i * n + pick]);
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

size_t fpt_districts_plan_units(const fpt_districts_inst *in, const size_t *centre_of,
                                size_t *centres, size_t cap, size_t *unit_of)
{
    size_t u = 0;
    for (size_t j = 0; j < in->n && u < cap; j++) {
        if (centre_of[j] == j) {
            centres[u++] = j;
        }
    }
    for (size_t i = 0; i < in->n; i++) {
        for (size_t v = 0; v < u; v++) {
            if (centres[v] == centre_of[i]) {
                unit_of[i] = v;
            }
        }
    }
    return u;
}

/*
 * Move centre u of the best plan to CCG j on workspace w, the other CCGs staying in their units
 * (j joins u), then descend; true when the plan (w->work) costs less than best.
 */
static bool swap_descends(fpt_districts_heur *w, size_t u, size_t j, const fpt_districts_plan *best)
{
    const fpt_districts_inst *in = w->in;
    size_t k = fpt_districts_plan_units(in, best->centre_of, w->centres, in->k, w->unit_of);
    if (k != in->k) {
        return false;
    }
    w->centres[u] = j;
    w->unit_of[j] = u;
    return descend(w, w->centres, true) && fpt_districts_plan_cost(in, w->work) < best->cost;
}

/* ---- the heuristic's tasks on several threads ----------------------------------------------- */

/* Tasks run at once, at most: the starts, or the swaps of one centre. */
#define CREW (N_STARTS > SWAP_NEIGHBOURS ? N_STARTS : SWAP_NEIGHBOURS)

/* Task t's workspace: h for task 0, else the crew's. */
static fpt_districts_heur *workspace(fpt_districts_heur *h, size_t t)
{
    return t == 0 ? h : &h->crew[t - 1];
}

/* Whether h's crew (CREW − 1 workspaces beside h) is there, made on first need. */
static bool crew_ready(fpt_districts_heur *h)
{
    if (h->crew == NULL) {
        h->crew = calloc(CREW - 1, sizeof *h->crew);
        while (h->crew != NULL && h->n_crew < CREW - 1 &&
               fpt_districts_heur_init(&h->crew[h->n_crew], h->in) == FPT_OK) {
            h->n_crew++;
        }
    }
    return h->n_crew == CREW - 1;
}

/* Tasks 0..count − 1, task t on workspace(h, t), as the parallel driver's schedule. */
typedef struct crew_job {
    fpt_districts_heur *h;
    fpt_crew_run_fn run;
    void *ctx;
    size_t count, next;
} crew_job;

static fpt_pick pick_task(void *ctx, size_t *task)
{
    crew_job *c = ctx;
    if (c->next == c->count) {
        return FPT_PICK_STOP;
    }
    *task = c->next++;
    return FPT_PICK_RUN;
}

static void run_task(size_t t, void *ctx)
{
    crew_job *c = ctx;
    c->run(workspace(c->h, t), t, c->ctx);
}

static void task_ended(size_t t, void *ctx)
{
    (void)t;
    (void)ctx;
}

/* The tasks, as districts_internal.h says: on the solve's threads every task runs at once,
   task t on workspace(h, t), and the results are taken after; on one thread, or when memory or
   threads for that are refused, each runs on h and is taken before the next runs. */
void fpt_districts_crew_run(fpt_districts_heur *h, size_t count, fpt_crew_run_fn run,
                            fpt_crew_take_fn take, void *ctx)
{
    int threads = fpt_parallel_threads(h->in->o->threads);
    crew_job c = {h, run, ctx, count, 0};
    fpt_schedule s = {pick_task, run_task, task_ended, &c, true};
    fpt_error err = {0};
    bool together = count >= 2 && count <= CREW && threads >= 2 && crew_ready(h) &&
                    fpt_parallel_schedule(threads, &s, &err) == FPT_OK;
    for (size_t t = 0; t < count; t++) {
        fpt_districts_heur *w = together ? workspace(h, t) : h;
        if (!together) {
            run(w, t, ctx);
        }
        if (take(w, t, ctx)) {
            return;
        }
    }
}

/* One centre's swaps: its unit, the CCGs tried in its place, and which gave a cheaper plan. */
typedef struct swaps {
    fpt_districts_plan *best;
    size_t u, n_cand, cand[SWAP_NEIGHBOURS];
    bool better[SWAP_NEIGHBOURS];
} swaps;

static void run_swap(fpt_districts_heur *w, size_t t, void *ctx)
{
    swaps *sw = ctx;
    sw->better[t] = swap_descends(w, sw->u, sw->cand[t], sw->best);
}

/* The first swap in order that lowers the plan is kept, the centre's others dropped. */
static bool take_swap(fpt_districts_heur *w, size_t t, void *ctx)
{
    swaps *sw = ctx;
    return sw->better[t] && fpt_districts_plan_offer(w->in, w->work, sw->best);
}

void fpt_districts_swap_search(fpt_districts_heur *h, fpt_districts_plan *best)
{
    const fpt_districts_inst *in = h->in;
    size_t k = in->k, n = in->n;
    if (!best->found) {
        return;
    }
    for (size_t u = 0; u < k && fpt_districts_time_left(in) > 0; u++) {
        fpt_districts_plan_units(in, best->centre_of, h->moved, k, h->unit_of);
        swaps sw = {.best = best, .u = u};
        for (size_t r = 1, centre = h->moved[u]; r < n && sw.n_cand < SWAP_NEIGHBOURS; r++) {
            size_t j = in->near[centre * n + r];
            if (!is_centre(h->moved, k, j)) {
                sw.cand[sw.n_cand++] = j;
            }
        }
        fpt_districts_crew_run(h, sw.n_cand, run_swap, take_swap, &sw);
    }
}

/* The plan the starts are offered to, and which gave a plan that meets the bounds. */
typedef struct starts {
    fpt_districts_plan *best;
    bool found[N_STARTS];
} starts;

/* Start s on workspace w. Start 0's first allocation runs whatever the time limit, so that
   there is an incumbent whenever it finds one; every later round and start begins only
   before the deadline. */
static void run_start(fpt_districts_heur *w, size_t s, void *ctx)
{
    starts *st = ctx;
    st->found[s] = false;
    if (s == 0 || fpt_districts_time_left(w->in) > 0) {
        seed_centres(w, (int)s, w->centres);
        st->found[s] = descend_timed(w, w->centres, false, s == 0);
    }
}

static bool take_start(fpt_districts_heur *w, size_t s, void *ctx)
{
    starts *st = ctx;
    if (st->found[s]) {
        fpt_districts_plan_offer(w->in, w->work, st->best);
    }
    return false;
}

/* The starts, their plans offered in start order (on several threads at once when the solve
   has them: a start's descent depends on its number alone); then the swaps. */
fpt_status fpt_districts_heuristic(fpt_districts_heur *h, fpt_districts_plan *best)
{
    starts st = {.best = best};
    fpt_districts_crew_run(h, N_STARTS, run_start, take_start, &st);
    fpt_districts_swap_search(h, best);
    return FPT_OK;
}

/* ---- plans of a neighbouring number of units ---------------------------------------------- */

/* The member of unit v (of the plan in h->unit_of, centres cs) farthest from its centre,
   weighted by population: where a split puts its new centre. */
static size_t split_point(const fpt_districts_heur *h, const size_t *cs, size_t v)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, pick = cs[v];
    double best_w = -1;
    for (size_t i = 0; i < n; i++) {
        double km = in->dist[i * n + cs[v]], w = in->pop[i] * km * km;
        if (h->unit_of[i] == v && w > best_w) {
            best_w = w;
            pick = i;
        }
    }
    return pick;
}

/* Split unit v of a plan of K − 1 units: a new unit around split_point(), then descend. */
static bool try_split(fpt_districts_heur *h, const size_t *centre_of, size_t v,
                      fpt_districts_plan *best)
{
    const fpt_districts_inst *in = h->in;
    size_t k = in->k;
    if (fpt_districts_plan_units(in, centre_of, h->centres, k, h->unit_of) != k - 1) {
        return false;
    }
    size_t j = split_point(h, h->centres, v);
    if (j == h->centres[v]) {
        return false; /* a unit of one CCG */
    }
    h->centres[k - 1] = j;
    h->unit_of[j] = k - 1;
    return descend(h, h->centres, true) && fpt_districts_plan_offer(in, h->work, best);
}

/* Merge away unit v of a plan of K + 1 units: its CCGs join their nearest other centre. */
static bool try_merge(fpt_districts_heur *h, const size_t *centre_of, size_t v,
                      fpt_districts_plan *best)
{
    const fpt_districts_inst *in = h->in;
    size_t k = in->k, n = in->n;
    if (fpt_districts_plan_units(in, centre_of, h->moved, k + 1, h->unit_of) != k + 1) {
        return false;
    }
    for (size_t u = 0, w = 0; u <= k; u++) {
        if (u != v) {
            h->centres[w++] = h->moved[u];
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t u = h->unit_of[i], pick = 0;
        for (size_t w = 1; u == v && w < k; w++) {
            pick = in->dist[i * n + h->centres[w]] < in->dist[i * n + h->centres[pick]] ? w : pick;
        }
        h->unit_of[i] = u == v ? pick : u - (u > v);
    }
    return descend(h, h->centres, true) && fpt_districts_plan_offer(in, h->work, best);
}

void fpt_districts_try_neighbour(fpt_districts_heur *h, const size_t *centre_of, size_t k_other,
                                 fpt_districts_plan *best)
{
    size_t k = h->in->k;
    for (size_t v = 0; v < k_other && fpt_districts_time_left(h->in) > 0; v++) {
        if (k_other + 1 == k) {
            try_split(h, centre_of, v, best);
        } else if (k_other == k + 1) {
            try_merge(h, centre_of, v, best);
        }
    }
}
