/* SPDX-License-Identifier: MIT */
/*
 * Districting: the Lagrangian bound of the capacitated p-median (docs/geography.md "Method"
 * step 2). With multipliers λ_i on the assignment rows G2, the problem falls apart by
 * centre: each candidate centre j takes the set of CCGs that minimises Σ (p_i d_ij − λ_i)
 * within [L, U] (a knapsack, districts_knapsack.c), and the K cheapest centres give
 * L(λ) = Σ_i λ_i + Σ_{K cheapest} v_j ≤ every partition's person-km, for any λ. Subgradient
 * steps raise it; then reduced-cost fixing removes every CCG–centre pair, and every centre,
 * whose use would push the bound above the incumbent. Pure arithmetic, no GLPK; used by
 * districts_search.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo/districts/districts_internal.h"

/* Subgradient control: the step is theta × (target − L) / |g|²; theta halves after
   LAGR_STALL steps without a better bound and the ascent stops below LAGR_THETA_MIN. */
#define LAGR_THETA0    FPT_LAGR_THETA0
#define LAGR_STALL     30
#define LAGR_THETA_MIN 0.002
/* Deflection: the share of the previous direction kept in the next. */
#define LAGR_DEFLECT 0.5

fpt_status fpt_districts_lagr_init(fpt_districts_lagr *lg, const fpt_districts_inst *in)
{
    size_t n = in->n;
    memset(lg, 0, sizeof *lg);
    lg->in = in;
    lg->allowed = calloc(n * n, sizeof *lg->allowed);
    lg->state = calloc(n, sizeof *lg->state);
    lg->lambda = calloc(n, sizeof *lg->lambda);
    lg->best_lambda = calloc(n, sizeof *lg->best_lambda);
    lg->v = calloc(n, sizeof *lg->v);
    lg->tier = calloc(n, sizeof *lg->tier);
    lg->member = calloc(n * n, sizeof *lg->member);
    lg->sorted = calloc(n, sizeof *lg->sorted);
    lg->chosen = calloc(n, sizeof *lg->chosen);
    lg->item = calloc(n, sizeof *lg->item);
    lg->g = calloc(n, sizeof *lg->g);
    lg->dir = calloc(n, sizeof *lg->dir);
    lg->y_sum = calloc(n, sizeof *lg->y_sum);
    lg->cand = calloc(n * n, sizeof *lg->cand);
    lg->n_cand = calloc(n, sizeof *lg->n_cand);
    lg->carry = calloc(n, sizeof *lg->carry);
    lg->last_lambda = calloc(n, sizeof *lg->last_lambda);
    lg->rise = calloc(n, sizeof *lg->rise);
    lg->mu = calloc(n, sizeof *lg->mu);
    lg->hot = calloc(n, sizeof *lg->hot);
    lg->heap = calloc(n, sizeof *lg->heap);
    lg->set = calloc(n, sizeof *lg->set);
    if (lg->dir == NULL || lg->y_sum == NULL || lg->cand == NULL || lg->n_cand == NULL ||
        lg->allowed == NULL || lg->state == NULL || lg->lambda == NULL || lg->best_lambda == NULL ||
        lg->v == NULL || lg->tier == NULL || lg->member == NULL || lg->sorted == NULL ||
        lg->chosen == NULL || lg->item == NULL || lg->g == NULL || lg->carry == NULL ||
        lg->last_lambda == NULL || lg->rise == NULL || lg->mu == NULL || lg->hot == NULL ||
        lg->heap == NULL || lg->set == NULL || fpt_knapsack_init(&lg->ks, n) != FPT_OK) {
        fpt_districts_lagr_free(lg);
        return FPT_ENOMEM;
    }
    memset(lg->allowed, 1, n * n * sizeof *lg->allowed);
    lg->dirty = true;
    lg->bound = -INFINITY;
    lg->theta = LAGR_THETA0;
    for (size_t i = 0; i < n; i++) {
        lg->mean_pop += in->pop[i] / (double)n;
    }
    return FPT_OK;
}

void fpt_districts_lagr_free(fpt_districts_lagr *lg)
{
    free(lg->allowed);
    free(lg->state);
    free(lg->lambda);
    free(lg->best_lambda);
    free(lg->v);
    free(lg->tier);
    free(lg->member);
    free(lg->sorted);
    free(lg->chosen);
    free(lg->item);
    free(lg->g);
    free(lg->dir);
    free(lg->y_sum);
    free(lg->cand);
    free(lg->n_cand);
    free(lg->carry);
    free(lg->last_lambda);
    free(lg->rise);
    free(lg->mu);
    free(lg->hot);
    free(lg->heap);
    free(lg->set);
    fpt_knapsack_free(&lg->ks);
    memset(lg, 0, sizeof *lg);
}

/* Remake the candidate lists from allowed. */
static void sync_lists(fpt_districts_lagr *lg)
{
    size_t n = lg->in->n;
    for (size_t j = 0; j < n; j++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (i != j && lg->allowed[i * n + j]) {
                lg->cand[j * n + m++] = (uint32_t)i;
            }
        }
        lg->n_cand[j] = m;
    }
    lg->dirty = false;
}

/* Fill the knapsack with centre j's candidate members (except skip); returns how many. */
static size_t fill_items(fpt_districts_lagr *lg, const double *lambda, size_t j, size_t skip)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n, m = 0;
    const uint32_t *cand = lg->cand + j * n;
    for (size_t r = 0; r < lg->n_cand[j]; r++) {
        size_t i = cand[r];
        double a = in->cost[i * n + j] - lambda[i];
        if (i != skip) {
            lg->ks.a[m] = a;
            lg->ks.w[m] = in->pop[i];
            lg->item[m++] = i;
        }
    }
    return m;
}

/* How v[j] was found, from the loosest bound to the exact value. */
enum { TIER_CARRIED, TIER_LOOSE, TIER_LP, TIER_EXACT };

/* Whether centre j cannot be opened: then v_j = ∞, as good as exact. */
static bool closed(fpt_districts_lagr *lg, size_t j)
{
    size_t n = lg->in->n;
    if (fpt_centre_closed(lg->state[j]) || !lg->allowed[j * n + j]) {
        lg->v[j] = INFINITY;
        lg->tier[j] = TIER_EXACT;
        return true;
    }
    return false;
}

/* v_j: centre j's least reduced cost — exact, or with only the LP bound (a lower bound) —
   and, when exact (or the LP's set is integral), the members behind it. tier[j] becomes
   TIER_EXACT (or as far as its knapsack would go) or TIER_LP. */
static void price_centre(fpt_districts_lagr *lg, const double *lambda, size_t j, bool exact)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n;
    unsigned char *member = lg->member + j * n;
    if (closed(lg, j)) {
        return;
    }
    size_t m = fill_items(lg, lambda, j, n);
    double lo = in->lo - in->pop[j], hi = in->hi - in->pop[j];
    fpt_knapsack_result r = exact ? fpt_knapsack_solve(&lg->ks, m, lo, hi, INFINITY, false)
                                  : fpt_knapsack_bound(&lg->ks, m, lo, hi);
    lg->v[j] = r.lower - lambda[j];
    lg->mu[j] = lg->ks.mu;
    lg->tier[j] = exact || r.exact ? TIER_EXACT : TIER_LP;
    if (exact || r.exact) {
        memset(member, 0, n);
        member[j] = 1;
        for (size_t q = 0; r.found && q < m; q++) {
            member[lg->item[q]] = lg->ks.take[q];
        }
    }
}

/* Whether heap entry x comes before y: forced-open first, then by v, ties by index. */
static bool key_before(const fpt_centre_key *x, const fpt_centre_key *y)
{
    if (x->forced != y->forced) {
        return x->forced;
    }
    if (x->v != y->v) {
        return x->v < y->v;
    }
    return x->j < y->j;
}

/* Restore the heap h[0..len), least first, below position at. */
static void sift_down(fpt_centre_key *h, size_t len, size_t at)
{
    fpt_centre_key e = h[at];
    for (;;) {
        size_t c = 2 * at + 1;
        if (c >= len) {
            break;
        }
        if (c + 1 < len && key_before(&h[c + 1], &h[c])) {
            c++;
        }
        if (!key_before(&h[c], &e)) {
            break;
        }
        h[at] = h[c];
        at = c;
    }
    h[at] = e;
}

/* Finite x where it is below 0, else 0 (−0 added to a sum leaves it as 0 would). As a
   product, the loop over a centre's candidates ran about 9% faster than with
   `x < 0 ? x : 0` (bench/README.md "A loose bound as a product"); fmin() is a call. */
static inline double below_zero(double x)
{
    return x * (double)(x < 0);
}

/* The term of centre j's knapsack LP's dual function at price of weight mu that the window
   gives: mu times the bound it presses on, the upper for mu > 0, else the lower. */
static double window_term(const fpt_districts_inst *in, size_t j, double mu)
{
    return mu * (mu > 0 ? in->hi - in->pop[j] : in->lo - in->pop[j]);
}

/* A lower bound on v_j from centre j's knapsack's LP at its last pricing: the LP's dual
   function at the price of weight mu it had then, at today's λ — and at 0, every candidate
   of negative reduced cost taken, the bounds on the unit ignored — and the carried bound
   less what the candidates' multipliers rose. */
static void price_loosely(fpt_districts_lagr *lg, const double *lambda, size_t j)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n;
    const uint32_t *cand = lg->cand + j * n;
    double mu = lg->mu[j], sum = 0, priced = 0, rise = 0;
    for (size_t r = 0; r < lg->n_cand[j]; r++) {
        size_t i = cand[r];
        double a = in->cost[i * n + j] - lambda[i], b = a + mu * in->pop[i];
        sum += below_zero(a);
        priced += below_zero(b);
        rise += lg->rise[i];
    }
    priced -= window_term(in, j, mu);
    lg->v[j] = fmax(fmax(sum, priced), lg->carry[j] - rise) - lambda[j];
    lg->tier[j] = TIER_LOOSE;
}

/* The loosest bound, in constant time: the carried bound less the rise of every multiplier
   (−∞ without one); centres that cannot be opened get ∞ at once. Notes first whether j was
   priced exactly the last time (hot). */
static void price_carried(fpt_districts_lagr *lg, const double *lambda, size_t j, double rise)
{
    lg->hot[j] = lg->tier[j] == TIER_EXACT && isfinite(lg->v[j]);
    if (closed(lg, j)) {
        return;
    }
    lg->v[j] = lg->carry[j] - rise - lambda[j];
    lg->tier[j] = TIER_CARRIED;
}

/*
 * Price every centre by its carried bound, and take the centres from a heap, least first:
 * one priced exactly goes to sorted[], the next of the first K + 1; any other is priced one
 * tier tighter — loosely, then by the LP bound, then exactly (at once, for a centre priced
 * exactly the last time) — and goes back. Every tier gives a lower bound on the exact value,
 * and a centre is taken only when exact and no other centre's bound lies below it, so the
 * K + 1 are those that exact knapsacks everywhere would give, in the same order.
 */
static void price_centres(fpt_districts_lagr *lg, const double *lambda)
{
    size_t n = lg->in->n, cap = lg->in->k + 1, len = n;
    fpt_centre_key *h = lg->heap;
    double rise = 0;
    for (size_t i = 0; i < n; i++) {
        lg->rise[i] = fmax(0, lambda[i] - lg->last_lambda[i]);
        rise += lg->rise[i];
    }
    for (size_t j = 0; j < n; j++) {
        if (lg->eager) {
            price_centre(lg, lambda, j, true);
        } else {
            price_carried(lg, lambda, j, rise);
        }
        h[j] = (fpt_centre_key){.v = lg->v[j], .j = j, .forced = lg->state[j] == FPT_CENTRE_FORCED};
    }
    for (size_t q = len / 2; q-- > 0;) {
        sift_down(h, len, q);
    }
    lg->n_top = 0;
    while (len > 0 && lg->n_top < cap) {
        size_t j = h[0].j;
        if (lg->tier[j] == TIER_EXACT) {
            lg->sorted[lg->n_top++] = j;
            h[0] = h[--len];
        } else {
            if (lg->tier[j] == TIER_CARRIED) {
                price_loosely(lg, lambda, j);
            } else {
                price_centre(lg, lambda, j, lg->tier[j] == TIER_LP || lg->hot[j]);
            }
            h[0].v = lg->v[j];
        }
        sift_down(h, len, 0);
    }
    for (size_t j = 0; j < n; j++) {
        lg->carry[j] = isfinite(lg->v[j]) ? lg->v[j] + lambda[j] : -INFINITY;
    }
    memcpy(lg->last_lambda, lambda, n * sizeof *lambda);
}

/* Each group's cheapest centre (priced exactly) into lg->group_rep (n: no member can open);
   returns one more than the highest group id in use (0: none). */
static size_t price_groups(fpt_districts_lagr *lg, const double *lambda)
{
    size_t n = lg->in->n, n_groups = 0;
    for (size_t j = 0; j < n; j++) {
        int s = lg->state[j];
        if (abs(s) < FPT_CENTRE_GROUP0) {
            continue;
        }
        size_t g = (size_t)(abs(s) - FPT_CENTRE_GROUP0);
        for (; n_groups <= g; n_groups++) {
            lg->group_rep[n_groups] = n;
            lg->group_used[n_groups] = false;
        }
        lg->group_used[g] = true;
        if (s < 0) {
            continue; /* closed, but the group stays */
        }
        if (lg->tier[j] != TIER_EXACT) {
            price_centre(lg, lambda, j, true);
        }
        size_t rep = lg->group_rep[g];
        if (isfinite(lg->v[j]) && (rep == n || lg->v[j] < lg->v[rep])) {
            lg->group_rep[g] = j;
        }
    }
    return n_groups;
}

/* Whether centre j is among the groups' reps chosen, chosen[from..from + count). */
static bool among_reps(const fpt_districts_lagr *lg, size_t from, size_t count, size_t j)
{
    for (size_t c = from; c < from + count; c++) {
        if (lg->chosen[c] == j) {
            return true;
        }
    }
    return false;
}

/* Put the chosen centres after the forced ones in order of v, ties by index, so that the last
   free one is the dearest (reduced-cost fixing relies on it). */
static void order_chosen(fpt_districts_lagr *lg, size_t forced)
{
    for (size_t c = forced + 1; c < lg->n_chosen; c++) {
        size_t j = lg->chosen[c], d = c;
        for (; d > forced && (lg->v[lg->chosen[d - 1]] > lg->v[j] ||
                              (lg->v[lg->chosen[d - 1]] == lg->v[j] && lg->chosen[d - 1] > j));
             d--) {
            lg->chosen[d] = lg->chosen[d - 1];
        }
        lg->chosen[d] = j;
    }
}

/*
 * The K centres: the forced ones, each group's cheapest (a group with a forced centre is
 * dissolved when it is forced), then the cheapest others. With at least one centre from each
 * of disjoint groups asked for, this choice is the least: every choice holds some centre of
 * each group, and the group's cheapest is no dearer. False when it cannot be made.
 */
static bool choose_centres(fpt_districts_lagr *lg, size_t n_groups, size_t forced)
{
    size_t n = lg->in->n, k = lg->in->k;
    lg->n_chosen = 0;
    for (size_t r = 0; r < lg->n_top && r < forced; r++) {
        lg->chosen[lg->n_chosen++] = lg->sorted[r];
    }
    size_t first_rep = lg->n_chosen;
    for (size_t g = 0; g < n_groups; g++) {
        size_t rep = lg->group_rep[g];
        if (rep == n && lg->group_used[g]) {
            return false; /* no centre of the group can open */
        }
        if (rep < n) {
            if (lg->n_chosen == k) {
                return false;
            }
            lg->chosen[lg->n_chosen++] = rep;
        }
    }
    /* the others in order; sorted[forced..r) ends up chosen, so next is the first after it
       that is not a group's */
    size_t reps = lg->n_chosen - first_rep, r = forced;
    for (; r < lg->n_top && lg->n_chosen < k && isfinite(lg->v[lg->sorted[r]]); r++) {
        if (!among_reps(lg, first_rep, reps, lg->sorted[r])) {
            lg->chosen[lg->n_chosen++] = lg->sorted[r];
        }
    }
    lg->next = n;
    for (; r < lg->n_top && lg->next == n && isfinite(lg->v[lg->sorted[r]]); r++) {
        if (!among_reps(lg, first_rep, reps, lg->sorted[r])) {
            lg->next = lg->sorted[r];
        }
    }
    order_chosen(lg, forced);
    return lg->n_chosen == k;
}

size_t fpt_districts_lagr_pairs(const fpt_districts_lagr *lg)
{
    size_t n = lg->in->n, count = 0;
    for (size_t p = 0; p < n * n; p++) {
        count += lg->allowed[p];
    }
    return count;
}

double fpt_districts_lagr_eval(fpt_districts_lagr *lg, const double *lambda)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n, k = in->k, forced = 0;
    double sum = 0;
    if (lg->dirty) {
        sync_lists(lg);
        for (size_t j = 0; j < n; j++) {
            lg->carry[j] = -INFINITY;
        }
    }
    for (size_t i = 0; i < n; i++) {
        sum += lambda[i];
        forced += lg->state[i] == FPT_CENTRE_FORCED;
    }
    price_centres(lg, lambda);
    size_t n_groups = price_groups(lg, lambda);
    /* Forced centres come first, so one that cannot be opened (v = ∞) stops the choice
       short of K, as does having more than K of them. */
    bool made = forced <= k && choose_centres(lg, n_groups, forced);
    for (size_t c = 0; c < lg->n_chosen; c++) {
        sum += lg->v[lg->chosen[c]];
    }
    lg->last_value = made && isfinite(sum) ? sum : INFINITY;
    return lg->last_value;
}

/* The subgradient at the last evaluation: g_i = 1 − (units CCG i joined); returns |g|². */
static double subgradient(fpt_districts_lagr *lg)
{
    size_t n = lg->in->n;
    double norm = 0;
    for (size_t i = 0; i < n; i++) {
        lg->g[i] = 1;
    }
    for (size_t c = 0; c < lg->n_chosen; c++) {
        const unsigned char *member = lg->member + lg->chosen[c] * n;
        for (size_t i = 0; i < n; i++) {
            lg->g[i] -= member[i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        norm += lg->g[i] * lg->g[i];
    }
    return norm;
}

/* Keep λ when it gives the best bound yet; true when it did. */
static bool keep_if_better(fpt_districts_lagr *lg, double value)
{
    if (!(value > lg->bound)) {
        return false;
    }
    lg->bound = value;
    memcpy(lg->best_lambda, lg->lambda, lg->in->n * sizeof *lg->lambda);
    return true;
}

void fpt_districts_lagr_restart(fpt_districts_lagr *lg, double theta)
{
    lg->theta = theta;
    lg->stall = 0;
    lg->partition = false;
    lg->n_avg = 0;
    memset(lg->y_sum, 0, lg->in->n * sizeof *lg->y_sum);
    memset(lg->dir, 0, lg->in->n * sizeof *lg->dir);
    memcpy(lg->lambda, lg->best_lambda, lg->in->n * sizeof *lg->lambda);
    lg->bound = -INFINITY;
}

bool fpt_districts_lagr_converged(const fpt_districts_lagr *lg)
{
    return lg->theta < LAGR_THETA_MIN;
}

/*
 * One step along the deflected subgradient d = s ∘ g + β d_prev, each CCG's component
 * scaled by its population over the mean (s_i): multipliers are person-km, so a CCG of
 * twice the people needs about twice the move. Polyak's step towards target.
 */
static void step_towards(fpt_districts_lagr *lg, double value, double target)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n;
    double norm = 0;
    for (size_t i = 0; i < n; i++) {
        double s = in->pop[i] / lg->mean_pop;
        lg->dir[i] = s * lg->g[i] + LAGR_DEFLECT * lg->dir[i];
        norm += lg->dir[i] * lg->dir[i] / s;
    }
    double t = lg->theta * (target - value) / norm;
    for (size_t i = 0; i < n; i++) {
        lg->lambda[i] += t * lg->dir[i];
    }
}

size_t fpt_districts_lagr_ascend(fpt_districts_lagr *lg, double ub, double goal, size_t max_steps)
{
    const fpt_districts_inst *in = lg->in;
    size_t steps = 0;
    for (; steps < max_steps && lg->theta >= LAGR_THETA_MIN; steps++) {
        if (fpt_districts_time_left(in) <= 0) {
            break;
        }
        double value = fpt_districts_lagr_eval(lg, lg->lambda);
        lg->n_evals++;
        lg->n_avg++;
        for (size_t c = 0; c < lg->n_chosen; c++) {
            lg->y_sum[lg->chosen[c]] += 1;
        }
        if (isinf(value)) {
            lg->bound = value; /* no K centres can be opened: nothing is feasible */
            lg->theta = 0;
            break;
        }
        lg->stall = keep_if_better(lg, value) ? 0 : lg->stall + 1;
        if (lg->bound >= goal) {
            lg->theta = 0; /* proved */
            break;
        }
        if (subgradient(lg) == 0) {
            lg->theta = 0; /* the relaxed solution is a partition, and optimal */
            lg->partition = true;
            break;
        }
        if (lg->stall >= LAGR_STALL) {
            lg->theta /= 2;
            lg->stall = 0;
            memcpy(lg->lambda, lg->best_lambda, in->n * sizeof *lg->lambda);
            memset(lg->dir, 0, in->n * sizeof *lg->dir);
            continue;
        }
        step_towards(lg, value, isinf(ub) ? value + 0.01 * fabs(value) + 1 : ub);
    }
    return steps;
}

/* ---- deciding centres ---------------------------------------------------------------------- */

void fpt_districts_lagr_force(fpt_districts_lagr *lg, size_t j)
{
    size_t n = lg->in->n;
    int s = lg->state[j];
    if (s >= FPT_CENTRE_GROUP0) {
        for (size_t c = 0; c < n; c++) { /* the group is met: it goes */
            if (abs(lg->state[c]) == s) {
                lg->state[c] = lg->state[c] > 0 ? FPT_CENTRE_FREE : FPT_CENTRE_CLOSED;
            }
        }
    }
    lg->state[j] = FPT_CENTRE_FORCED;
}

size_t fpt_districts_lagr_close(fpt_districts_lagr *lg, size_t j)
{
    size_t n = lg->in->n, removed = 0;
    int s = lg->state[j];
    lg->state[j] = (signed char)(s >= FPT_CENTRE_GROUP0 ? -s : FPT_CENTRE_CLOSED);
    for (size_t i = 0; i < n; i++) {
        removed += lg->allowed[i * n + j];
        lg->allowed[i * n + j] = 0;
    }
    lg->dirty = true;
    return removed;
}

bool fpt_districts_lagr_narrow(fpt_districts_lagr *lg, const unsigned char *allowed,
                               const signed char *state, size_t *forced, size_t *closed)
{
    size_t n = lg->in->n;
    for (size_t p = 0; p < n * n; p++) {
        lg->allowed[p] &= allowed[p];
    }
    lg->dirty = true;
    for (size_t j = 0; j < n; j++) {
        signed char root = state[j], s = lg->state[j];
        if (root == FPT_CENTRE_FORCED && s != FPT_CENTRE_FORCED) {
            if (fpt_centre_closed(s)) {
                return false;
            }
            fpt_districts_lagr_force(lg, j);
            ++*forced;
        } else if (fpt_centre_closed(root) && !fpt_centre_closed(s)) {
            if (s == FPT_CENTRE_FORCED) {
                return false;
            }
            fpt_districts_lagr_close(lg, j);
            ++*closed;
        }
    }
    return true;
}

/* ---- reduced-cost fixing ------------------------------------------------------------------ */

/* The bound without centre j's term, with j forced open: the other K − 1 chosen centres
   (dropping the dearest free one when j was not chosen); INFINITY when j cannot join. */
static double bound_without(const fpt_districts_lagr *lg, double total, size_t j, bool chosen)
{
    if (chosen) {
        return total - lg->v[j];
    }
    for (size_t c = lg->n_chosen; c-- > 0;) {
        size_t l = lg->chosen[c];
        if (fpt_centre_free(lg->state[l])) {
            return total - lg->v[l];
        }
    }
    return INFINITY;
}

/*
 * What a pair's test knows of centre j's knapsack before it forces a CCG in. First, the
 * knapsack LP's dual function at the price of weight mu it had when j was priced, D(mu) =
 * Σ min(0, a_r + mu w_r) − mu × (the window's bound mu presses on): forcing CCG i in turns
 * its term into a_i + mu w_i, so D(mu) + max(0, a_i + mu w_i) is a lower bound on j's
 * knapsack with i in, got in O(1). Second, the set behind v_j (any set in the window would
 * do): adding i to it, or swapping i for one of its CCGs, when that stays in the window, is
 * a set with i in, so its cost is an upper bound, got in O(|set|).
 */
typedef struct pair_test {
    double dual, mu;
    double set_cost, set_w; /* of the set, j left out */
    size_t set_len;         /* its CCGs: lg->set[0..set_len) */
    double lo, hi;          /* the window for the CCGs other than j */
} pair_test;

static void prepare_pair_test(fpt_districts_lagr *lg, size_t j, pair_test *t)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n;
    const uint32_t *cand = lg->cand + j * n;
    const unsigned char *member = lg->member + j * n;
    *t = (pair_test){.mu = lg->mu[j], .lo = in->lo - in->pop[j], .hi = in->hi - in->pop[j]};
    for (size_t r = 0; r < lg->n_cand[j]; r++) {
        size_t i = cand[r];
        double a = in->cost[i * n + j] - lg->lambda[i], b = a + t->mu * in->pop[i];
        t->dual += below_zero(b);
        if (member[i]) {
            t->set_cost += a;
            t->set_w += in->pop[i];
            lg->set[t->set_len++] = (uint32_t)i;
        }
    }
    t->dual -= window_term(in, j, t->mu);
}

/* The least cost, i left out, of the set with i added or swapped in; INFINITY when none of
   them lies in the window. */
static double set_with(const fpt_districts_lagr *lg, const pair_test *t, size_t i, size_t j)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n;
    double w = t->set_w + in->pop[i], best = INFINITY;
    if (w >= t->lo && w <= t->hi) {
        best = t->set_cost;
    }
    for (size_t r = 0; r < t->set_len; r++) {
        size_t c = lg->set[r];
        double wc = w - in->pop[c];
        if (wc >= t->lo && wc <= t->hi) {
            best = fmin(best, t->set_cost - (in->cost[c * n + j] - lg->lambda[c]));
        }
    }
    return best;
}

/*
 * Whether pair (i, j), i ≠ j not in j's set, can be in a partition costing at most ub, given
 * rest (the bound without j's term, j open): the set with i swapped in, then the dual bound,
 * settle most pairs; the rest solve j's knapsack with i forced in. Either shortcut gives the
 * knapsack's answer: a set below the limit is one the knapsack would find (or its bound lies
 * below it), and the dual bound lies below the knapsack's LP bound.
 */
static bool pair_can_stay(fpt_districts_lagr *lg, const pair_test *t, size_t i, size_t j,
                          double rest, double ub)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n;
    double a_i = in->cost[i * n + j] - lg->lambda[i];
    double fixed = rest - lg->lambda[j] + a_i;
    if (!lg->fix_by_knapsack && set_with(lg, t, i, j) < ub - fixed) {
        lg->pairs_by[0]++;
        return true;
    }
    if (!lg->fix_by_knapsack && fixed + t->dual + fmax(0, a_i + t->mu * in->pop[i]) - a_i >= ub) {
        lg->pairs_by[1]++;
        return false;
    }
    lg->pairs_by[2]++;
    size_t m = fill_items(lg, lg->lambda, j, i);
    double lo = t->lo - in->pop[i], hi = t->hi - in->pop[i];
    fpt_knapsack_result r = lg->fix_by_lp
                                ? fpt_knapsack_bound(&lg->ks, m, lo, hi)
                                : fpt_knapsack_solve(&lg->ks, m, lo, hi, ub - fixed, true);
    return (r.found && r.best < ub - fixed) || !(r.lower >= ub - fixed);
}

/* Fix what the bound rules out around centre j; counts removals in *removed. */
static void fix_centre(fpt_districts_lagr *lg, size_t j, double total, double v_next, double ub,
                       size_t *removed)
{
    size_t n = lg->in->n;
    bool chosen = false;
    for (size_t c = 0; c < lg->n_chosen; c++) {
        chosen = chosen || lg->chosen[c] == j;
    }
    if (lg->tier[j] != TIER_EXACT) {
        price_centre(lg, lg->lambda, j, true); /* only ever rises: j stays out */
    }
    double rest = bound_without(lg, total, j, chosen);
    if (!(rest + lg->v[j] <= ub)) {
        *removed += fpt_districts_lagr_close(lg, j); /* opening j costs more than the incumbent */
        return;
    }
    if (chosen && fpt_centre_free(lg->state[j]) && !(total - lg->v[j] + v_next <= ub)) {
        fpt_districts_lagr_force(lg, j); /* closing j costs more than the incumbent */
    }
    const unsigned char *member = lg->member + j * n;
    pair_test t;
    prepare_pair_test(lg, j, &t);
    for (size_t i = 0; i < n; i++) {
        if (i != j && lg->allowed[i * n + j] && !member[i] &&
            !pair_can_stay(lg, &t, i, j, rest, ub)) {
            lg->allowed[i * n + j] = 0;
            (*removed)++;
        }
    }
}

size_t fpt_districts_lagr_fix(fpt_districts_lagr *lg, double ub)
{
    size_t n = lg->in->n, removed = 0;
    lg->dirty = true;
    memcpy(lg->lambda, lg->best_lambda, n * sizeof *lg->lambda);
    double total = fpt_districts_lagr_eval(lg, lg->lambda);
    if (isinf(total)) {
        return 0;
    }
    double v_next = lg->next < n ? lg->v[lg->next] : INFINITY;
    for (size_t j = 0; j < n && fpt_districts_time_left(lg->in) > 0; j++) {
        if (!fpt_centre_closed(lg->state[j])) {
            fix_centre(lg, j, total, v_next, ub, &removed);
        }
    }
    return removed;
}
