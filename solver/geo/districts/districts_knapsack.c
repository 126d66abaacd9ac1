/* SPDX-License-Identifier: MIT */
/*
 * Districting: the subproblem of the Lagrangian bound (docs/geography.md "Method" step 2),
 * one candidate centre at a time — which CCGs to give the centre, at a cost each (person-km
 * less the CCG's multiplier, possibly negative), so that the unit's population lies in
 * [L, U]. That is a 0–1 knapsack with a lower and an upper capacity. It is solved exactly:
 * the LP bound and a greedy solution, reduction by LP reduced costs (Martello and Toth), and
 * depth-first branch-and-bound over the few moves left, under a node limit after which the
 * LP bound stands in (still a valid lower bound). Pure arithmetic, no GLPK; called by
 * districts_lagrange.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/districts/districts_internal.h"

/*
 * Every item worth having (cost < 0) is taken first: the base set. What is left is to move
 * the weight into [lo, hi] at least cost, by dropping base items (a move of weight −w and
 * cost −a) or adding others (+w, cost a). Every move costs ≥ 0, so once the weight is in
 * the window nothing more is worth doing. The moves of the sign that helps, cheapest per
 * unit of weight first, give the LP bound; a move whose LP reduced cost alone reaches the
 * best known cost is settled at its LP value, and only the rest — the core — is searched.
 */

fpt_status fpt_knapsack_init(fpt_knapsack *ks, size_t cap)
{
    memset(ks, 0, sizeof *ks);
    ks->cap = cap;
    ks->a = calloc(cap + 1, sizeof *ks->a);
    ks->w = calloc(cap + 1, sizeof *ks->w);
    ks->take = calloc(cap + 1, sizeof *ks->take);
    ks->cost = calloc(cap + 1, sizeof *ks->cost);
    ks->step = calloc(cap + 1, sizeof *ks->step);
    ks->ratio = calloc(cap + 1, sizeof *ks->ratio);
    ks->order = calloc(cap + 1, sizeof *ks->order);
    ks->fixed = calloc(cap + 1, sizeof *ks->fixed);
    ks->path = calloc(cap + 1, sizeof *ks->path);
    ks->best_path = calloc(cap + 1, sizeof *ks->best_path);
    for (int s = 0; s < 2; s++) {
        ks->sum_w[s] = calloc(cap + 2, sizeof *ks->sum_w[s]);
        ks->sum_c[s] = calloc(cap + 2, sizeof *ks->sum_c[s]);
    }
    if (ks->a == NULL || ks->w == NULL || ks->take == NULL || ks->cost == NULL ||
        ks->step == NULL || ks->ratio == NULL || ks->order == NULL || ks->fixed == NULL ||
        ks->path == NULL || ks->best_path == NULL || ks->sum_w[0] == NULL || ks->sum_w[1] == NULL ||
        ks->sum_c[0] == NULL || ks->sum_c[1] == NULL) {
        fpt_knapsack_free(ks);
        return FPT_ENOMEM;
    }
    ks->node_limit = FPT_KNAPSACK_NODES;
    return FPT_OK;
}

void fpt_knapsack_free(fpt_knapsack *ks)
{
    free(ks->a);
    free(ks->w);
    free(ks->take);
    free(ks->cost);
    free(ks->step);
    free(ks->ratio);
    free(ks->order);
    free(ks->fixed);
    free(ks->path);
    free(ks->best_path);
    for (int s = 0; s < 2; s++) {
        free(ks->sum_w[s]);
        free(ks->sum_c[s]);
    }
    memset(ks, 0, sizeof *ks);
}

/* ---- ordering the moves ------------------------------------------------------------------- */

/* Whether x comes before y: the lesser key, ties by index. */
static bool key_before(const double *key, size_t x, size_t y)
{
    if (key[x] != key[y]) {
        return key[x] < key[y];
    }
    return x < y;
}

/* Whether move x comes before move y: cheaper per unit of weight, ties by index. */
static bool before(const fpt_knapsack *ks, size_t x, size_t y)
{
    return key_before(ks->ratio, x, y);
}

void fpt_districts_sort_by_key(const double *key, size_t *v, size_t len, size_t *tmp)
{
    if (len <= 16) {
        for (size_t r = 1; r < len; r++) {
            size_t x = v[r], q = r;
            for (; q > 0 && key_before(key, x, v[q - 1]); q--) {
                v[q] = v[q - 1];
            }
            v[q] = x;
        }
        return;
    }
    size_t half = len / 2;
    fpt_districts_sort_by_key(key, v, half, tmp);
    fpt_districts_sort_by_key(key, v + half, len - half, tmp);
    if (!key_before(key, v[half], v[half - 1])) {
        return; /* the halves are in order already */
    }
    size_t a = 0, b = half, o = 0;
    while (a < half || b < len) {
        bool left = b == len || (a < half && !key_before(key, v[b], v[a]));
        tmp[o++] = left ? v[a++] : v[b++];
    }
    memcpy(v, tmp, len * sizeof *v);
}

/* The median of three moves under before(). */
static size_t median3(const fpt_knapsack *ks, size_t x, size_t y, size_t z)
{
    if (before(ks, x, y)) {
        if (before(ks, y, z)) {
            return y;
        }
        return before(ks, x, z) ? z : x;
    }
    if (before(ks, x, z)) {
        return x;
    }
    return before(ks, y, z) ? z : y;
}

/* Partition v[lo, hi) around pivot pv: moves before it first, then pv; returns pv's
   position and in *w_left the weight of the moves before it. */
static size_t partition(const fpt_knapsack *ks, size_t *v, size_t lo, size_t hi, size_t pv,
                        double *w_left)
{
    size_t store = lo;
    *w_left = 0;
    for (size_t r = lo; r < hi; r++) {
        if (before(ks, v[r], pv)) {
            size_t t = v[store];
            v[store++] = v[r];
            v[r] = t;
            *w_left += fabs(ks->step[v[store - 1]]);
        }
    }
    for (size_t r = store; r < hi; r++) {
        if (v[r] == pv) {
            v[r] = v[store];
            v[store] = pv;
        }
    }
    return store;
}

/*
 * Quickselect by weight: rearrange the helpful moves v[0..len) so that the moves before the
 * break come first, and return the break's position — the move at which the weight taken in
 * order first reaches need > 0 (len when it never does). *w_before gets the weight of the
 * moves before it. Deterministic pivots (median of three positions).
 */
static size_t select_break(const fpt_knapsack *ks, size_t *v, size_t len, double need,
                           double *w_before)
{
    size_t lo = 0, hi = len;
    double acc = 0; /* weight of v[0..lo), always below need */
    while (hi - lo > 1) {
        size_t pv = median3(ks, v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);
        double w_left = 0;
        size_t p = partition(ks, v, lo, hi, pv, &w_left);
        if (acc + w_left >= need) {
            hi = p; /* among the moves before the pivot (p > lo, as acc < need) */
        } else if (acc + w_left + fabs(ks->step[pv]) >= need) {
            *w_before = acc + w_left;
            return p;
        } else {
            acc += w_left + fabs(ks->step[pv]);
            lo = p + 1;
        }
    }
    *w_before = acc;
    return lo < hi && acc + fabs(ks->step[v[lo]]) >= need ? lo : len;
}

/* ---- branch-and-bound over the core ------------------------------------------------------- */

/* Prefix sums of weight and cost per sign (0 lowers the weight, 1 raises it) over the core,
   in core order. */
static void prefix_sums(fpt_knapsack *ks, size_t n_core)
{
    size_t n_sign[2] = {0, 0};
    ks->sum_w[0][0] = ks->sum_w[1][0] = ks->sum_c[0][0] = ks->sum_c[1][0] = 0;
    for (size_t r = 0; r < n_core; r++) {
        size_t mv = ks->order[r];
        int s = ks->step[mv] > 0;
        ks->sum_w[s][n_sign[s] + 1] = ks->sum_w[s][n_sign[s]] + fabs(ks->step[mv]);
        ks->sum_c[s][n_sign[s] + 1] = ks->sum_c[s][n_sign[s]] + ks->cost[mv];
        n_sign[s]++;
    }
    ks->n_sign[0] = n_sign[0];
    ks->n_sign[1] = n_sign[1];
}

/* From the guess q0, galloping towards the answer (steps doubling), then halving the bracket.
   Along a path of the depth-first search the answer hardly moves — taking the helpful move
   at rank r leaves it where it was — so from the last answer this costs a few steps, where
   halving (r, n] from the start cost a quarter of the search's time at 2013 K = 5. */
size_t fpt_knapsack_cover_end(const double *w, size_t r, size_t n, double need, size_t q0)
{
    size_t lo = r + 1, hi = n; /* the answer lies in [lo, hi] */
    size_t q = q0 < lo ? lo : (q0 > hi ? hi : q0);
    if (w[q] - w[r] >= need) {
        hi = q;
        for (size_t step = 1; hi > lo; step *= 2) {
            size_t p = hi - lo > step ? hi - step : lo;
            if (!(w[p] - w[r] >= need)) {
                lo = p + 1;
                break;
            }
            hi = p;
        }
    } else {
        lo = q + 1;
        for (size_t step = 1; lo < hi; step *= 2) {
            size_t p = hi - lo > step ? lo + step - 1 : hi;
            if (w[p] - w[r] >= need) {
                hi = p;
                break;
            }
            lo = p + 1;
        }
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w[mid] - w[r] >= need) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

/*
 * The LP bound on the cost of covering need > 0 with core moves of sign s from that sign's
 * rank r on: cheapest per unit first, the last one fractional. INFINITY when they cannot.
 * *at: where the last such cover of sign s ended, the guess for this one; set to this one's.
 */
static double lp_cover(const fpt_knapsack *ks, int s, size_t r, double need, size_t *at)
{
    const double *w = ks->sum_w[s], *c = ks->sum_c[s];
    size_t n = ks->n_sign[s];
    if (w[n] - w[r] < need) {
        return INFINITY;
    }
    size_t q = fpt_knapsack_cover_end(w, r, n, need, *at);
    *at = q;
    double frac = (need - (w[q - 1] - w[r])) / (w[q] - w[q - 1]);
    return c[q - 1] - c[r] + frac * (c[q] - c[q - 1]);
}

typedef struct dfs {
    fpt_knapsack *ks;
    size_t n_core;
    double lo, hi; /* window for the net change of weight */
    double best;   /* least cost found, or the limit until one is */
    bool first;    /* stop at the first solution below the limit */
    bool found;
    size_t depth;       /* moves on the path */
    size_t cover_at[2]; /* lp_cover()'s last answer for each sign */
    size_t nodes;
    bool stopped; /* node limit, or the first solution found */
    bool limit_hit;
} dfs;

static void record(dfs *d, double cost)
{
    fpt_knapsack *ks = d->ks;
    d->best = cost;
    d->found = true;
    ks->greedy_best = false;
    ks->n_best_path = d->depth;
    memcpy(ks->best_path, ks->path, d->depth * sizeof *ks->path);
    d->stopped = d->first;
}

/* Depth-first over the core from position r; t the net change, cost so far; rank0 and
   rank1 the rank, within its sign, of the first undecided move of each sign. */
static void search(dfs *d, size_t r, size_t rank0, size_t rank1, double t, double cost)
{
    fpt_knapsack *ks = d->ks;
    if (d->stopped) {
        return;
    }
    if (t >= d->lo && t <= d->hi) {
        if (cost < d->best) {
            record(d, cost);
        }
        return;
    }
    if (r == d->n_core) {
        return;
    }
    if (++d->nodes > ks->node_limit) {
        d->stopped = d->limit_hit = true;
        return;
    }
    int s = t < d->lo; /* the sign that helps */
    double need = s ? d->lo - t : t - d->hi;
    if (!(cost + lp_cover(ks, s, s ? rank1 : rank0, need, &d->cover_at[s]) < d->best)) {
        return;
    }
    size_t mv = ks->order[r];
    int ms = ks->step[mv] > 0;
    size_t n0 = rank0 + (ms == 0), n1 = rank1 + (ms == 1);
    bool helps = ms == s;
    for (int pass = 0; pass < 2; pass++) {
        bool take = (pass == 0) == helps;
        if (take && cost + ks->cost[mv] < d->best) {
            ks->path[d->depth++] = mv;
            search(d, r + 1, n0, n1, t + ks->step[mv], cost + ks->cost[mv]);
            d->depth--;
        } else if (!take) {
            search(d, r + 1, n0, n1, t, cost);
        }
    }
}

/* ---- the solve ---------------------------------------------------------------------------- */

/* The moves from the base set (every item of negative cost); returns its cost, *base_w its
   weight. */
static double base_set(fpt_knapsack *ks, size_t m, double *base_w)
{
    double base_c = 0;
    *base_w = 0;
    for (size_t r = 0; r < m; r++) {
        bool in = ks->a[r] < 0;
        *base_w += in ? ks->w[r] : 0;
        base_c += in ? ks->a[r] : 0;
        ks->cost[r] = fabs(ks->a[r]);
        ks->step[r] = in ? -ks->w[r] : ks->w[r];
        ks->ratio[r] = ks->cost[r] / ks->w[r];
    }
    return base_c;
}

/* take[]: the base set changed by the best solution's moves. */
static void apply_best(fpt_knapsack *ks, size_t m)
{
    for (size_t r = 0; r < m; r++) {
        ks->take[r] = ks->a[r] < 0;
        if (ks->greedy_best) {
            bool helpful = (ks->step[r] > 0) == ks->helps_up;
            if ((helpful && before(ks, r, ks->brk)) || r == ks->fill) {
                ks->take[r] = !ks->take[r];
            }
        } else if (ks->fixed[r] == 1) {
            ks->take[r] = !ks->take[r];
        }
    }
    for (size_t p = 0; !ks->greedy_best && p < ks->n_best_path; p++) {
        size_t mv = ks->best_path[p];
        ks->take[mv] = !ks->take[mv];
    }
}

/* The LP bound and the greedy solution from the break move; the helpful moves are
   order[0..h). False when even fractional moves cannot reach the window. */
typedef struct relax {
    size_t h, b;   /* helpful moves, position of the break */
    double z_lp;   /* LP bound on the moves' cost */
    double z_h;    /* greedy cost: the helpful moves before the break and the cheapest one
                      after that lands in the window (ks->fill); INFINITY without one */
    double r_star; /* the break's cost per unit: the LP's price of weight */
} relax;

static bool relax_lp(fpt_knapsack *ks, size_t m, double d_lo, double d_hi, relax *x)
{
    ks->helps_up = d_lo > 0;
    double need = ks->helps_up ? d_lo : -d_hi;
    x->h = 0;
    for (size_t r = 0; r < m; r++) {
        if ((ks->step[r] > 0) == ks->helps_up) {
            ks->order[x->h++] = r;
        }
    }
    double w_before = 0;
    x->b = select_break(ks, ks->order, x->h, need, &w_before);
    if (x->b == x->h) {
        return false;
    }
    size_t bm = ks->order[x->b];
    double c_before = 0;
    for (size_t r = 0; r < x->b; r++) {
        c_before += ks->cost[ks->order[r]];
    }
    ks->brk = bm;
    x->r_star = ks->ratio[bm];
    ks->mu = ks->helps_up ? -x->r_star : x->r_star;
    x->z_lp = c_before + (need - w_before) / fabs(ks->step[bm]) * ks->cost[bm];
    double rest = need - w_before, fill_c = INFINITY;
    ks->fill = m;
    for (size_t r = x->b; r < x->h; r++) {
        size_t mv = ks->order[r];
        double w = fabs(ks->step[mv]);
        if (w >= rest && w <= rest + (d_hi - d_lo) && ks->cost[mv] < fill_c) {
            fill_c = ks->cost[mv];
            ks->fill = mv;
        }
    }
    x->z_h = c_before + fill_c;
    return true;
}

/* Settle every move whose LP reduced cost reaches gap; the rest, the core, go to
   order[0..) (returned: how many); *t0, *c0 the weight and cost of the moves settled in. */
static size_t reduce(fpt_knapsack *ks, size_t m, const relax *x, double gap, double *t0, double *c0)
{
    size_t n_core = 0;
    *t0 = *c0 = 0;
    for (size_t mv = 0; mv < m; mv++) {
        bool helpful = (ks->step[mv] > 0) == ks->helps_up;
        double w = ks->w[mv], rc;
        if (!helpful) {
            rc = ks->cost[mv] + x->r_star * w;
        } else {
            rc = fabs(ks->ratio[mv] - x->r_star) * w;
        }
        bool in_lp = helpful && before(ks, mv, ks->brk);
        ks->fixed[mv] = mv == ks->brk || !(rc >= gap) ? 0 : (in_lp ? 1 : 2);
        if (ks->fixed[mv] == 1) {
            *t0 += ks->step[mv];
            *c0 += ks->cost[mv];
        } else if (ks->fixed[mv] == 0) {
            ks->order[n_core++] = mv;
        }
    }
    return n_core;
}

/* Branch-and-bound over the core for a solution cheaper than limit (relative to the base). */
static void solve_core(fpt_knapsack *ks, size_t m, const relax *x, double d_lo, double d_hi,
                       double limit, bool first, dfs *d)
{
    double scale = x->z_lp + limit + 1;
    double t0 = 0, c0 = 0;
    size_t n_core = reduce(ks, m, x, limit - x->z_lp + 1e-12 * scale, &t0, &c0);
    fpt_districts_sort_by_key(ks->ratio, ks->order, n_core, ks->best_path);
    prefix_sums(ks, n_core);
    *d = (dfs){.ks = ks, .n_core = n_core, .lo = d_lo, .hi = d_hi, .best = limit, .first = first};
    search(d, 0, 0, 0, t0, c0);
}

fpt_knapsack_result fpt_knapsack_bound(fpt_knapsack *ks, size_t m, double lo, double hi)
{
    double base_w = 0, base_c = base_set(ks, m, &base_w);
    fpt_knapsack_result res = {.best = INFINITY, .lower = INFINITY, .exact = true};
    relax x;
    ks->n_best_path = 0;
    ks->greedy_best = false;
    ks->mu = 0;
    memset(ks->fixed, 0, m * sizeof *ks->fixed);
    if (lo > hi) {
        return res;
    }
    if (base_w >= lo && base_w <= hi) {
        res.found = true;
        res.best = res.lower = base_c;
        apply_best(ks, m);
        return res;
    }
    if (!relax_lp(ks, m, lo - base_w, hi - base_w, &x)) {
        return res;
    }
    res.lower = base_c + x.z_lp;
    res.exact = x.z_h == x.z_lp; /* the greedy set is the LP's: nothing is cheaper */
    res.found = res.exact;
    res.best = res.exact ? res.lower : INFINITY;
    if (res.exact) {
        ks->greedy_best = true;
        apply_best(ks, m);
    }
    return res;
}

fpt_knapsack_result fpt_knapsack_solve(fpt_knapsack *ks, size_t m, double lo, double hi,
                                       double cutoff, bool first)
{
    double base_w = 0, base_c = base_set(ks, m, &base_w);
    fpt_knapsack_result res = {.best = INFINITY, .lower = INFINITY, .exact = true};
    ks->n_best_path = 0;
    ks->greedy_best = false;
    ks->mu = 0;
    memset(ks->fixed, 0, m * sizeof *ks->fixed);
    relax x;
    if (lo > hi) {
        return res;
    }
    if (base_w >= lo && base_w <= hi) { /* the base set fits: nothing can be cheaper */
        res.found = base_c < cutoff;
        res.best = res.found ? base_c : INFINITY;
        res.lower = base_c;
        if (res.found) {
            apply_best(ks, m);
        }
        return res;
    }
    if (!relax_lp(ks, m, lo - base_w, hi - base_w, &x)) {
        return res; /* even fractional moves cannot reach the window */
    }
    res.lower = base_c + x.z_lp;
    double limit = fmin(cutoff - base_c, x.z_h);
    ks->greedy_best = x.z_h < cutoff - base_c;
    dfs d = {.found = false};
    if (x.z_lp < limit && !(first && ks->greedy_best)) {
        solve_core(ks, m, &x, lo - base_w, hi - base_w, limit, first, &d);
    }
    res.exact = !d.limit_hit;
    res.found = d.found || ks->greedy_best;
    res.best = res.found ? base_c + (d.found ? d.best : x.z_h) : INFINITY;
    if (res.exact && !first) {
        res.lower = res.found ? res.best : fmax(res.lower, cutoff);
    } else if (res.exact && !res.found) {
        res.lower = fmax(res.lower, cutoff);
    }
    if (res.found) {
        apply_best(ks, m);
    }
    return res;
}
