/* SPDX-License-Identifier: MIT */
/*
 * Districting: the method's driver (docs/geography.md "Method"). The heuristic gives a first
 * partition; the Lagrangian bound (districts_lagrange.c) is raised by subgradient steps,
 * trying the centres it picks as starts for the heuristic, and reduced-cost fixing removes
 * pairs and centres, round after round. Unless that proves the incumbent, a branch-and-bound
 * over the centres follows, least bound first (the open nodes in districts_open.c), each node
 * bounded by the Lagrangian from its parent's multipliers, and the small problems at its
 * leaves — every centre decided — go to GLPK. A search a limit stops can be kept whole and
 * gone on with (docs/geography.md "Going on").
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "geo/districts/districts_internal.h"

/* The Lagrangian phase: steps between tries of the bound's centres, steps per ascent and
   rounds of ascent and fixing. */
#define LAGR_CHUNK     10
#define LAGR_MAX_STEPS 3000
#define LAGR_ROUNDS    8
/* Chunks of the ascent in a batch: the tries of their centres run in the next batch, beside
   the ascent's next chunks (ascend_with_heuristic()). */
#define ASCENT_AHEAD 2
/* What "optimal" means: no partition cheaper by more than this share of the incumbent's
   person-km — GLPK's own optimality tolerance (tol_obj), which the method always had. */
#define LAGR_PROOF_TOL 1e-7
/* Branch-and-bound: the first step size at a node and the steps it may take. */
#define NODE_THETA0 1.0
#define NODE_STEPS  200
/* The heuristic's descent from a node's centres: at every node within NODE_TRY_AFTER nodes of
   the incumbent's last improvement, then only at the nodes a power of two after it. */
#define NODE_TRY_AFTER 16
/* A centre counts as fractional when the ascent chose it more than this share of the time
   and less than 1 minus it. */
#define BRANCH_MIN_SHARE 0.01
/* The bound with cuts at the root (step 3): branch-and-bound nodes in pricing, CUT_WORK; for
   large units (CUT_PLAIN_CCGS_A_UNIT) CUT_WORK_A_CCG a CCG where that is more, as a pass prices
   every centre. At 1,000 points into 50 units the fourth round of cuts took 625 million nodes,
   and 200 million stopped the rounds within the third: 0.17% from proven at 300 s where they
   reach 0.15%; with the stopped centres priced again, 900,000 a CCG stopped them in the fifth
   round, and with 2 million a CCG (400 cuts a round) that round ended within 300 s, the
   pricing at 1,085 million nodes (bench/README.md "Centres priced again, and 600 cuts a round
   at 1,000 points"). 2013 with large units (K ≤ 13) gets 422 million so, its curve the same
   and no slower. Plain pricing keeps CUT_WORK: at 2013 K = 25, 211 million took 173 s where
   200 million took 121 s, the same plan proven (bench/README.md "The pricing's sort, and
   swaps that cannot help"). */
#define CUT_WORK       ((size_t)200000000)
#define CUT_WORK_A_CCG ((size_t)2000000)
/* Pricing branch-and-bound nodes of the bound with cuts that count as one unit of the work
   reported (about one evaluation of the Lagrangian bound's CPU time); and the most CCGs a unit
   may have on average for it to run (its pricing grows steeply with the units' size: 2013
   K = 5, 42 CCGs a unit, did not end its first round within CUT_WORK when the pricing was a
   branch-and-bound alone; 1,000 points into 50 units, 20 a unit, gain from it with the
   knapsack and the box). */
#define CUT_NODES_A_UNIT 1000
#define CUT_CCGS_A_UNIT  24
/* The most CCGs a unit may have on average for the bound with cuts to price by its
   branch-and-bound alone, with no box (above it, the knapsack first and the box: at 1,000
   points into 50 units the plain pricing overran the work in its second pass; at 2013 K = 25
   the two reach the same bound, but the search over the centres then meets another plan, and
   the curve leaves K = 25 unproven: bench/README.md "The box"). */
#define CUT_PLAIN_CCGS_A_UNIT 16
/* Units enumerated, and nodes of the enumeration, for the set-partitioning MIP at most. */
#define ENUM_UNITS ((size_t)50000)
#define ENUM_NODES ((size_t)50000000)
/* Targets the units are enumerated against, at most, and the units below the incumbent
   (solve_units()): GLPK's search over 22,000 such units took 52 s at 2013 K = 25, and over
   50,000 had not ended after 210 s (bench/README.md "Targets below the incumbent"). At a
   restart, the incumbent alone: the targets below it then raised the bound of 500 points
   into 25 units by 0.005% in 30 s, where the search after them proved it in 5 s
   (bench/README.md "A regression at 500 points"). */
#define POOL_TARGETS         8
#define POOL_TARGETS_RESTART 1
#define ENUM_UNITS_BELOW     ((size_t)25000)
/* Searches begun again, at most, as the incumbent improves (restart_due()). */
#define RESTARTS 8
/* A centre's group (centre_group()): the CCGs nearest it looked at, and its most centres
   (groups of four did worse than pairs on the 2013 curve: bench/README.md). */
#define GROUP_NEAR 8
#define GROUP_MAX  2

/* ---- the Lagrangian phase ---------------------------------------------------------------- */

static double ub_of(const fpt_districts_plan *best)
{
    return best->found ? best->cost : INFINITY;
}

/* The bound at which the incumbent counts as proven (within --mip-gap, or GLPK's
   tolerance); INFINITY without an incumbent. */
static double proof_level(const fpt_districts_inst *in, const fpt_districts_plan *best)
{
    double tol = fmax(in->o->mip_gap, LAGR_PROOF_TOL);
    return best->found ? best->cost - tol * fabs(best->cost) : INFINITY;
}

/* The person-km above which fixing removes a pair or a centre: the incumbent's (with
   rounding slack), so that nothing that could tie with it is removed. */
static double fix_level(const fpt_districts_plan *best)
{
    return best->cost * (1 + 1e-12);
}

/* Whether the bound proves the incumbent optimal. */
static bool bound_proves(const fpt_districts_inst *in, double bound, const fpt_districts_plan *best)
{
    return best->found && bound >= proof_level(in, best);
}

/* λ_i to start from: the second-least person-km of serving CCG i from another CCG, so that
   each centre's first set is its near neighbours. */
static void initial_multipliers(const fpt_districts_inst *in, double *lambda)
{
    size_t n = in->n;
    for (size_t i = 0; i < n; i++) {
        size_t second = in->near[i * n + (n > 2 ? 2 : n - 1)];
        lambda[i] = in->cost[i * n + second];
    }
}

/* When the ascent met a relaxed solution that is a partition, offer it: it is optimal
   wherever the bound holds. True when the incumbent improved. */
static bool offer_relaxed(fpt_districts_heur *h, fpt_districts_lagr *lg, fpt_districts_plan *best)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n;
    if (!lg->partition) {
        return false;
    }
    lg->partition = false;
    for (size_t c = 0; c < lg->n_chosen; c++) {
        size_t j = lg->chosen[c];
        for (size_t i = 0; i < n; i++) {
            if (lg->member[j * n + i]) {
                h->work[i] = j;
            }
        }
    }
    return fpt_districts_plan_offer(in, h->work, best);
}

/* The Lagrangian heuristic: descend from the K centres of the last evaluation (unless tried
   before). True when the incumbent improved. */
static bool try_chosen(fpt_districts_heur *h, const fpt_districts_lagr *lg,
                       fpt_districts_plan *best)
{
    return lg->n_chosen == h->in->k && fpt_districts_try_centres(h, lg->chosen, best);
}

/* An ascent and the tries of its centres, batch by batch: the ascent's next ASCENT_AHEAD
   chunks, and the tries of the centres the chunks of the batch before met that are new. */
typedef struct ascent {
    fpt_districts_lagr *lg;
    fpt_districts_plan *best;
    size_t steps, plans; /* steps taken, and plans of the tries that improved the incumbent */
    bool improved;
    size_t n_met, n_try; /* the centre sets met this batch, and those tried */
    size_t *met, *tries; /* [s * K + u]: ASCENT_AHEAD sets each */
    bool found[ASCENT_AHEAD];
} ascent;

static bool ascent_goes_on(const ascent *a)
{
    return !fpt_districts_lagr_converged(a->lg) && a->steps < LAGR_MAX_STEPS &&
           fpt_districts_time_left(a->lg->in) > 0;
}

/* Task 0: the ascent's next chunks, on h; task t > 0: the descent from the (t − 1)th set
   tried, on w. */
static void run_ascent_task(fpt_districts_heur *w, size_t t, void *ctx)
{
    ascent *a = ctx;
    const fpt_districts_inst *in = w->in;
    size_t k = in->k;
    if (t > 0) {
        a->found[t - 1] = fpt_districts_descend_from(w, a->tries + (t - 1) * k);
        return;
    }
    fpt_districts_lagr *lg = a->lg;
    for (size_t c = 0; c < ASCENT_AHEAD && ascent_goes_on(a); c++) {
        a->steps +=
            fpt_districts_lagr_ascend(lg, ub_of(a->best), proof_level(in, a->best), LAGR_CHUNK);
        a->improved = offer_relaxed(w, lg, a->best) || a->improved;
        if (lg->n_chosen == k) {
            memcpy(a->met + a->n_met++ * k, lg->chosen, k * sizeof *lg->chosen);
        }
        fpt_districts_report(in, FPT_DISTRICTS_PHASE_BOUND, lg->bound, a->best);
    }
}

static bool take_ascent_task(fpt_districts_heur *w, size_t t, void *ctx)
{
    ascent *a = ctx;
    if (t > 0 && a->found[t - 1] && fpt_districts_plan_offer(w->in, w->work, a->best)) {
        a->improved = true;
        a->plans++;
    }
    return false;
}

/*
 * One ascent to convergence, trying the bound's centres every LAGR_CHUNK steps (the Lagrangian
 * heuristic); true when the incumbent improved. The tries run a batch behind the ascent, on
 * other threads when the solve has them, and are offered in the order met, so that the plan
 * and the ascent (which reads the incumbent) are one thread's at any count: at 2,000 points
 * the tries took 115 s of an ascent's 149 (bench/README.md "The ascent's descents beside it").
 */
static bool ascend_with_heuristic(fpt_districts_heur *h, fpt_districts_lagr *lg,
                                  fpt_districts_plan *best, size_t *sets)
{
    const fpt_districts_inst *in = h->in;
    size_t k = in->k;
    ascent a = {.lg = lg, .best = best, .met = sets, .tries = sets + ASCENT_AHEAD * k};
    do {
        a.n_met = 0;
        fpt_districts_crew_run(h, 1 + a.n_try, run_ascent_task, take_ascent_task, &a);
        a.n_try = 0;
        for (size_t s = 0; s < a.n_met; s++) {
            if (fpt_districts_centres_new(h, a.met + s * k)) {
                memcpy(a.tries + a.n_try++ * k, a.met + s * k, k * sizeof *a.met);
            }
        }
    } while (a.n_try > 0 || ascent_goes_on(&a));
    h->bound_plans += a.plans;
    if (a.improved && fpt_districts_time_left(in) > 0) {
        fpt_districts_swap_search(h, best);
        fpt_districts_regroup(h, best, fpt_districts_solve_fast, FPT_GROUP_UNITS);
    }
    return a.improved;
}

/*
 * Step (2): ascend, fix, and again on what fixing left, while fixing removes pairs or the
 * incumbent improves; stops once the bound proves the incumbent. *bound gets the best
 * Lagrangian bound (person-km; −INFINITY when none was found, INFINITY when no partition
 * cheaper than the incumbent exists).
 */
static void lagrange_rounds(const fpt_districts_inst *in, fpt_districts_heur *h,
                            fpt_districts_lagr *lg, fpt_districts_plan *best, size_t *sets,
                            double *bound)
{
    *bound = -INFINITY;
    for (int round = 0; round < LAGR_ROUNDS && fpt_districts_time_left(in) > 0; round++) {
        bool improved = ascend_with_heuristic(h, lg, best, sets);
        *bound = fmax(*bound, lg->bound);
        if (isinf(lg->bound) || bound_proves(in, *bound, best)) {
            break;
        }
        size_t removed = best->found ? fpt_districts_lagr_fix(lg, fix_level(best)) : 0;
        if (removed == 0 && !improved) {
            break;
        }
        fpt_districts_lagr_restart(lg, FPT_LAGR_THETA0);
    }
}

static void lagrange_phase(const fpt_districts_inst *in, fpt_districts_heur *h,
                           fpt_districts_lagr *lg, fpt_districts_plan *best, size_t *sets,
                           double *bound)
{
    initial_multipliers(in, lg->lambda);
    lagrange_rounds(in, h, lg, best, sets, bound);
}

/* Offer a seed of K units (centre_of of n entries) as it is, when every CCG's centre is a
   centre of its own and every unit meets the bounds; load is scratch of n entries. */
static void offer_same_k(const fpt_districts_inst *in, const size_t *centre_of, double *load,
                         fpt_districts_plan *best)
{
    size_t n = in->n, units = 0;
    memset(load, 0, n * sizeof *load);
    for (size_t i = 0; i < n; i++) {
        if (centre_of[i] >= n || centre_of[centre_of[i]] != centre_of[i]) {
            return;
        }
        units += centre_of[i] == i;
        load[centre_of[i]] += in->pop[i];
    }
    for (size_t j = 0; j < n; j++) {
        if (centre_of[j] == j && (load[j] < in->lo || load[j] > in->hi)) {
            return;
        }
    }
    if (units == in->k) {
        fpt_districts_plan_offer(in, centre_of, best);
    }
}

/* The plans of neighbouring K, and of K itself, offered as starts (o->seeds). FPT_OK or
   FPT_ENOMEM. */
static fpt_status offer_seeds(const fpt_districts_inst *in, fpt_districts_heur *h,
                              fpt_districts_plan *best)
{
    const fpt_districts_options *o = in->o;
    if (o->n_seeds == 0) {
        return FPT_OK;
    }
    size_t *centre_of = calloc(in->n, sizeof *centre_of);
    double *load = calloc(in->n, sizeof *load);
    fpt_status st = centre_of != NULL && load != NULL ? FPT_OK : FPT_ENOMEM;
    for (size_t s = 0; st == FPT_OK && s < o->n_seeds; s++) {
        const fpt_partition *p = o->seeds[s];
        if (p != NULL && p->units != NULL && p->n_ccgs == in->n) {
            for (size_t i = 0; i < in->n; i++) {
                centre_of[i] = p->units[p->unit_of[i]].centre;
            }
            if (p->n_units == in->k) {
                offer_same_k(in, centre_of, load, best);
            } else {
                fpt_districts_try_neighbour(h, centre_of, p->n_units, best);
            }
        }
    }
    free(centre_of);
    free(load);
    return st;
}

/* Step (1): the multi-start heuristic, then the seeds as starts, then the groups of units
   re-solved. FPT_OK or FPT_ENOMEM. */
static fpt_status first_incumbent(const fpt_districts_inst *in, fpt_districts_heur *h,
                                  fpt_districts_plan *best)
{
    fpt_districts_report(in, FPT_DISTRICTS_PHASE_HEURISTIC, -INFINITY, best);
    fpt_districts_heuristic(h, best);
    FPT_TRY(offer_seeds(in, h, best));
    if (!in->o->heuristic_only) {
        fpt_districts_regroup(h, best, fpt_districts_solve_fast, FPT_GROUP_UNITS);
    }
    return FPT_OK;
}

/* ---- branch-and-bound over the centres ---------------------------------------------------- */

/* One level of the search: what a node changes, saved to be put back. */
typedef struct level {
    unsigned char *allowed;
    signed char *state;
    double *lambda;
} level;

/* The search over the centres: what it works on, how far it has gone, the nodes still open;
   all of it kept when a limit stops the search, to go on with (fpt_districts_go_on()). */
struct fpt_districts_bnb {
    const fpt_districts_inst *in;
    fpt_districts_heur h;
    fpt_districts_lagr lg;
    fpt_districts_plan *best;
    double heuristic;         /* fpt_districts_outcome's, from the first call */
    double root;              /* the root's bound (the Lagrangian phase's, with cuts, or what the
                                 search before the cuts proved), person-km */
    fpt_districts_cuts *cuts; /* the duals of the bound with cuts, to fix again; or NULL */
    size_t cut_work;          /* pricing branch-and-bound nodes of the bound with cuts */
    bool cuts_tried;          /* the bound with cuts has run (or been found not to fit) */
    size_t n_kept;            /* pairs the Lagrangian phase left */
    level *levels;            /* [depth], allocated as the search goes down */
    size_t n_levels;
    size_t in_depth_first; /* branches being searched depth-first, one child after the other */
    size_t nodes;
    size_t group_nodes;      /* nodes branched on a centre's group */
    size_t improved_at;      /* the node by which the incumbent last improved */
    double last_ub;          /* the incumbent's person-km when the last node began */
    size_t first_limit;      /* while the search goes before the cuts, its limit on work */
    double first_bound;      /* what that search proved (−INFINITY: it did not run or end) */
    size_t leaf_work;        /* under a limit on work, the leaves' GLPK nodes so far */
    size_t leaf_excess;      /* the most nodes a leaf's search took past the work left */
    size_t *sets;            /* scratch of the ascents' centre sets (ascend_with_heuristic()) */
    size_t leaves_cut;       /* leaves whose search the limit on work stopped */
    size_t leaves_split;     /* leaves split on a pair, their search past in->leaf_work */
    bool stopped;            /* the deadline passed (or memory ran out) with nodes left */
    bool lost;               /* a node left when it stopped is not among the open nodes */
    double open_bound;       /* least bound of the nodes left when stopped, person-km */
    double proved_min;       /* least bound of the nodes closed by their bound or at a leaf */
    double floor;            /* the least bound of the nodes open: the key of the node taken */
    fpt_districts_open open; /* the nodes waiting, by their parent's bound */
    /* with cuts' duals kept (cuts not NULL): the root's pairs, states and multipliers as the
       search began, the incumbent's person-km they were fixed against, searches begun again */
    unsigned char *root_allowed;
    signed char *root_state;
    double *root_lambda;
    double cut_fixed_at;
    size_t restarts;
    /* the open nodes the search before the cuts left (the search first, or one kept under a
       limit on work), and the least bound of the nodes it closed, for the search after them to
       go on from (set_aside(), begin_search()); and whether the open nodes are those, made
       before the root's pairs and states were last narrowed */
    fpt_districts_open first_open;
    double first_proved;
    bool before_root;
    size_t carried, narrowed, root_forced, root_closed; /* fpt_districts_outcome's */
    fpt_status st;
    fpt_error *err;
};
typedef fpt_districts_bnb bnb;

static bool save_level(bnb *b, size_t depth)
{
    size_t n = b->in->n;
    if (depth >= b->n_levels) {
        level *grown = realloc(b->levels, (depth + 1) * sizeof *grown);
        if (grown == NULL) {
            return false;
        }
        b->levels = grown;
        for (; b->n_levels <= depth; b->n_levels++) {
            level *lv = &b->levels[b->n_levels];
            lv->allowed = malloc(n * n);
            lv->state = malloc(n);
            lv->lambda = malloc(n * sizeof *lv->lambda);
            if (lv->allowed == NULL || lv->state == NULL || lv->lambda == NULL) {
                b->n_levels++;
                return false;
            }
        }
    }
    level *lv = &b->levels[depth];
    memcpy(lv->allowed, b->lg.allowed, n * n);
    memcpy(lv->state, b->lg.state, n);
    memcpy(lv->lambda, b->lg.best_lambda, n * sizeof *lv->lambda);
    return true;
}

static void restore_level(bnb *b, size_t depth)
{
    size_t n = b->in->n;
    const level *lv = &b->levels[depth];
    memcpy(b->lg.allowed, lv->allowed, n * n);
    b->lg.dirty = true;
    memcpy(b->lg.state, lv->state, n);
    memcpy(b->lg.best_lambda, lv->lambda, n * sizeof *lv->lambda);
}

static void free_levels(bnb *b)
{
    for (size_t d = 0; d < b->n_levels; d++) {
        free(b->levels[d].allowed);
        free(b->levels[d].state);
        free(b->levels[d].lambda);
    }
    free(b->levels);
    b->levels = NULL;
    b->n_levels = 0;
}

/* Centres neither forced open nor closed. */
static size_t free_centres(const fpt_districts_lagr *lg)
{
    size_t n = lg->in->n, count = 0;
    for (size_t j = 0; j < n; j++) {
        count += fpt_centre_free(lg->state[j]);
    }
    return count;
}

/*
 * The free centre the ascent since its restart chose most nearly half of the time (ties: the
 * lowest j), or n when none was chosen between BRANCH_MIN_SHARE and 1 − BRANCH_MIN_SHARE of
 * the time. That share, the average of the relaxed solutions, tends to the centre's weight in
 * the optimum of the set-partitioning LP over feasible districts, whose value the bound
 * approaches (docs/geography.md "Method" step 4).
 */
static size_t most_fractional_centre(const fpt_districts_lagr *lg)
{
    size_t n = lg->in->n, pick = n;
    double most = BRANCH_MIN_SHARE;
    for (size_t j = 0; j < n && lg->n_avg > 0; j++) {
        double share = lg->y_sum[j] / (double)lg->n_avg;
        if (fpt_centre_free(lg->state[j]) && fmin(share, 1 - share) > most) {
            most = fmin(share, 1 - share);
            pick = j;
        }
    }
    return pick;
}

/*
 * The centre to branch on: the most fractional one (most_fractional_centre()); when there is
 * none, the free centre chosen at the last evaluation whose closing would raise the bound
 * most (v_next − v_j), else the cheapest left out. n when no centre is free.
 */
static size_t branch_centre(const fpt_districts_lagr *lg)
{
    size_t n = lg->in->n, pick = most_fractional_centre(lg);
    if (pick < n) {
        return pick;
    }
    double v_next = lg->next < n ? lg->v[lg->next] : INFINITY, most = -INFINITY;
    for (size_t c = 0; c < lg->n_chosen; c++) {
        size_t j = lg->chosen[c];
        if (fpt_centre_free(lg->state[j]) && v_next - lg->v[j] > most) {
            most = v_next - lg->v[j];
            pick = j;
        }
    }
    return pick < n ? pick : lg->next;
}

/*
 * Centre j's group: j and the free centres outside any group among the GROUP_NEAR CCGs
 * nearest j, at most GROUP_MAX, nearest first; into members, returning how many. A branch
 * that closes j alone tends to let a centre next to it take its place and the bound hardly
 * rises; closing them together does not (docs/geography.md "Method" step 4).
 */
static size_t centre_group(const fpt_districts_lagr *lg, size_t j, size_t *members)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n, count = 0;
    members[count++] = j;
    for (size_t r = 0; r < n && r < GROUP_NEAR && count < GROUP_MAX; r++) {
        size_t c = in->near[j * n + r];
        if (c != j && lg->state[c] == FPT_CENTRE_FREE && lg->allowed[c * n + c]) {
            members[count++] = c;
        }
    }
    return count;
}

/* The least group id no centre holds; FPT_CENTRE_GROUPS when every one is taken. */
static size_t free_group_id(const fpt_districts_lagr *lg)
{
    bool used[FPT_CENTRE_GROUPS] = {false};
    for (size_t j = 0; j < lg->in->n; j++) {
        int s = abs(lg->state[j]);
        if (s >= FPT_CENTRE_GROUP0) {
            used[s - FPT_CENTRE_GROUP0] = true;
        }
    }
    size_t g = 0;
    while (g < FPT_CENTRE_GROUPS && used[g]) {
        g++;
    }
    return g;
}

/* Make centre j's group of count members a group of the state (at least one opens), under
   the least group id free. */
static void form_group(fpt_districts_lagr *lg, const size_t *members, size_t count)
{
    size_t g = free_group_id(lg);
    for (size_t c = 0; c < count; c++) {
        lg->state[members[c]] = (signed char)(FPT_CENTRE_GROUP0 + g);
    }
}

/* Make the decision about subject: centre j, or the group it heads, formed before the node
   was kept (so that both children see the same group, whatever the search did since); or the
   pair i * n + j of a leaf split. */
static void decide(fpt_districts_lagr *lg, size_t subject, fpt_districts_decision decision)
{
    size_t n = lg->in->n, i = subject / n, j = subject % n;
    switch (decision) {
    case FPT_DECIDE_OPEN:
        fpt_districts_lagr_force(lg, subject);
        break;
    case FPT_DECIDE_CLOSE:
        fpt_districts_lagr_close(lg, subject);
        break;
    case FPT_DECIDE_NONE_OF: { /* every centre of the group closes; the group goes */
        signed char group = lg->state[subject];
        for (size_t c = 0; c < n; c++) {
            if (lg->state[c] == group) {
                fpt_districts_lagr_close(lg, c);
                lg->state[c] = FPT_CENTRE_CLOSED;
            }
        }
        break;
    }
    case FPT_DECIDE_PAIR_ONLY: /* CCG i joins centre j's unit: its other pairs go */
        for (size_t c = 0; c < n; c++) {
            lg->allowed[i * n + c] = c == j && lg->allowed[i * n + c];
        }
        lg->dirty = true;
        break;
    case FPT_DECIDE_PAIR_NOT:
        lg->allowed[subject] = 0;
        lg->dirty = true;
        break;
    case FPT_DECIDE_SOME_OF: /* the group, formed, asks it */
    case FPT_DECIDE_NOTHING:
        break;
    }
}

/* The plan of a leaf's MIP solution into centre_of. */
static void read_leaf(const fpt_districts_inst *in, const fpt_districts_model *m, size_t *centre_of)
{
    for (size_t c = 0; c < m->n_pairs; c++) {
        if (glp_mip_col_val(m->lp, (int)c + 1) > 0.5) {
            centre_of[m->pair[c] / in->n] = m->pair[c] % in->n;
        }
    }
}

/* The work so far: evaluations of the bound, the nodes of the leaves' GLPK searches and the
   work of the groups re-solved (docs/geography.md "Time limit"). */
static size_t spent_work(const bnb *b)
{
    return b->lg.n_evals + b->leaf_work + b->h.group_work + b->cut_work / CUT_NODES_A_UNIT;
}

/* The limit on work in force (0: none): the caller's, or the search's own before the cuts
   (search_first()). */
static size_t work_limit(const bnb *b)
{
    return b->first_limit > 0 ? b->first_limit : b->in->o->max_evals;
}

/* Under a limit on work, what is left of it (at least 1): a node of a leaf's GLPK search
   counts as one evaluation of the bound, about their ratio of CPU time on the CCGs of 2013
   (0.1–0.25 ms a node, 0.13 ms an evaluation). */
static size_t work_left(const bnb *b)
{
    size_t spent = spent_work(b), limit = work_limit(b);
    return spent < limit ? limit - spent : 1;
}

/* A leaf's GLPK search under a limit on work: its nodes so far and the most it may take. */
typedef struct leaf_count {
    int nodes;
    int max_nodes;
} leaf_count;

/* GLPK's callback: count the search's nodes, and stop it past its share of the work. */
static void count_leaf_nodes(glp_tree *tree, void *info)
{
    leaf_count *c = info;
    int active = 0, current = 0, total = 0;
    glp_ios_tree_size(tree, &active, &current, &total);
    c->nodes = total;
    if (total > c->max_nodes) {
        glp_ios_terminate(tree);
    }
}

/* How a leaf's GLPK search ended. */
typedef enum leaf_end {
    LEAF_SETTLED, /* it ran to the end */
    LEAF_LEFT,    /* a limit (time, work, memory) stopped it: the leaf is left open */
    LEAF_SPLIT    /* it took its share of in->leaf_work: the leaf is to be split on a pair */
} leaf_end;

/* GLPK's search over the pairs allowed, the forced centres fixed open; its partition is
   offered to the incumbent. It stops after in->leaf_work / (its rows) nodes (at least one);
   under a limit on work its nodes count towards it, and it stops when the work left is spent. */
static leaf_end run_leaf(bnb *b, fpt_districts_model *m)
{
    const fpt_districts_inst *in = b->in;
    size_t n = in->n;
    for (size_t j = 0; j < n; j++) {
        int col = m->col_of[j * n + j];
        if (b->lg.state[j] == FPT_CENTRE_FORCED && col != 0) {
            glp_set_col_bnds(m->lp, col, GLP_FX, 1, 1);
        }
    }
    glp_iocp parm = fpt_districts_quiet_iocp(in);
    parm.presolve = GLP_ON;
    parm.mip_gap = in->o->mip_gap;
    leaf_count count = {0, INT_MAX};
    size_t left = work_limit(b) > 0 ? work_left(b) : 0, rows = (size_t)glp_get_num_rows(m->lp);
    size_t own = in->leaf_work > 0 ? (in->leaf_work > rows ? in->leaf_work / rows : 1) : 0;
    bool own_first = own > 0 && (left == 0 || own < left); /* its own limit stops it first */
    size_t most = own_first ? own : left;
    if (most > 0) {
        count.max_nodes = most < INT_MAX ? (int)most : INT_MAX;
        parm.cb_func = count_leaf_nodes;
        parm.cb_info = &count;
    }
    int status;
    int rc = fpt_districts_intopt(in, m->lp, &parm, &status);
    if (left > 0) {
        b->leaf_work += (size_t)count.nodes;
        if ((size_t)count.nodes > left + b->leaf_excess) {
            b->leaf_excess = (size_t)count.nodes - left;
        }
    }
    b->leaves_cut += rc == GLP_ESTOP && !own_first;
    bool settled = rc == 0 || rc == GLP_EMIPGAP || rc == GLP_ENOPFS || rc == GLP_ENODFS;
    if (status == GLP_OPT || status == GLP_FEAS) {
        read_leaf(in, m, b->h.work);
        bool improved = fpt_districts_plan_offer(in, b->h.work, b->best);
        /* GLPK's optimum is the leaf's bound (within its own tolerance, as always; within
           the gap asked for when it stopped there) */
        double z = fpt_districts_plan_cost(in, b->h.work);
        double leaf = rc == GLP_EMIPGAP ? z * (1 - in->o->mip_gap) : z;
        b->proved_min = settled ? fmin(b->proved_min, leaf) : b->proved_min;
        if (improved && fpt_districts_time_left(in) > 0) {
            fpt_districts_regroup(&b->h, b->best, fpt_districts_solve_fast, FPT_GROUP_UNITS);
        }
    }
    if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_ESTOP && rc != GLP_EMIPGAP && rc != GLP_ENOPFS &&
        rc != GLP_ENODFS) {
        b->st = fpt_error_set(b->err, FPT_ESOLVER, NULL, 0,
                              "GLPK's branch-and-bound failed on a districting leaf (code %d)", rc);
    }
    return settled ? LEAF_SETTLED : rc == GLP_ESTOP && own_first ? LEAF_SPLIT : LEAF_LEFT;
}

/* A leaf of the search: every centre decided. How its GLPK search ended. */
static leaf_end solve_leaf(bnb *b)
{
    const fpt_districts_inst *in = b->in;
    size_t n = in->n, n_pairs = 0;
    size_t *pairs = malloc(n * n * sizeof *pairs);
    fpt_districts_model m;
    if (pairs == NULL) {
        b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
        return LEAF_LEFT;
    }
    for (size_t p = 0; p < n * n; p++) {
        if (b->lg.allowed[p]) {
            pairs[n_pairs++] = p;
        }
    }
    leaf_end end = LEAF_LEFT;
    if (fpt_districts_model_build(in, pairs, n_pairs, true, true, &m) != FPT_OK) {
        b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    } else {
        end = run_leaf(b, &m);
        fpt_districts_model_free(&m);
    }
    free(pairs);
    return end;
}

/*
 * Whether this node tries its bound's centres as a start for the heuristic. Such a descent
 * costs as much as the node's ascent; when nodes go by without a better plan it is tried ever
 * more rarely (NODE_TRY_AFTER), counting nodes, so that the search stays the same on any
 * machine.
 */
static bool node_tries(bnb *b)
{
    if (ub_of(b->best) < b->last_ub) {
        b->improved_at = b->nodes;
    }
    b->last_ub = ub_of(b->best);
    size_t since = b->nodes - b->improved_at;
    return since <= NODE_TRY_AFTER || (since & (since - 1)) == 0;
}

/* A node's bound: the kept duals of the bound with cuts at the node's centres, when they
   ran; then, unless that already settles the node, the ascent from its parent's multipliers,
   trying the centres it picks (node_tries()). */
static double node_bound(bnb *b, double parent)
{
    fpt_districts_lagr *lg = &b->lg;
    if (b->cuts != NULL) {
        parent = fmax(parent, fpt_districts_cuts_node_bound(b->cuts, lg));
        if (isinf(parent) || bound_proves(b->in, parent, b->best)) {
            return parent;
        }
    }
    bool tries = node_tries(b);
    fpt_districts_lagr_restart(lg, NODE_THETA0);
    size_t steps = 0;
    bool improved = false;
    while (!fpt_districts_lagr_converged(lg) && steps < NODE_STEPS &&
           fpt_districts_time_left(b->in) > 0) {
        steps +=
            fpt_districts_lagr_ascend(lg, ub_of(b->best), proof_level(b->in, b->best), LAGR_CHUNK);
        improved = offer_relaxed(&b->h, lg, b->best) || improved;
    }
    improved = (tries && try_chosen(&b->h, lg, b->best)) || improved;
    if (improved && fpt_districts_time_left(b->in) > 0) {
        fpt_districts_regroup(&b->h, b->best, fpt_districts_solve_fast, FPT_GROUP_UNITS);
    }
    return fmax(parent, lg->bound); /* a node's partitions are among its parent's */
}

static void node(bnb *b, size_t depth, double parent);

/* A limit stops the search at the node lg holds, its decisions made but the node not settled:
   it joins the open nodes as it is (no decision to make when it is taken), with key, so that
   the search can go on from it. Inside a depth-first branch, whose other child is on the
   stack, or when it does not fit, it is lost to going on; its key still bounds. */
static void leave_node(bnb *b, size_t depth, double key)
{
    b->stopped = true;
    b->open_bound = fmin(b->open_bound, key);
    if (b->in_depth_first > 0 || !fpt_districts_open_room(&b->open, 1) ||
        fpt_districts_open_push(&b->open, &b->lg, key, depth, 0, FPT_DECIDE_NOTHING) != FPT_OK) {
        b->lost = true;
    }
}

/* Whether the limit on work in force (o->max_evals, or the search's own before the cuts:
   evaluations of the bound, the leaves' GLPK nodes counted in) is spent. */
static bool out_of_work(const bnb *b)
{
    size_t limit = work_limit(b);
    return limit > 0 && spent_work(b) >= limit;
}

/*
 * The two children of the node lg holds, by the decisions likely and other about subject: the
 * search goes straight on into the likely child (a dive, so that it reaches leaves and the
 * plans they give early) and the other waits among the open nodes, while it fits in the
 * memory given; else the search goes into both at once, depth-first.
 */
static void two_children(bnb *b, size_t depth, size_t subject, fpt_districts_decision likely,
                         fpt_districts_decision other, double bound)
{
    fpt_districts_lagr *lg = &b->lg;
    if (fpt_districts_open_room(&b->open, 1)) {
        if (fpt_districts_open_push(&b->open, lg, bound, depth + 1, subject, other) != FPT_OK) {
            b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
            return;
        }
        decide(lg, subject, likely);
        node(b, depth + 1, bound);
        return;
    }
    if (!save_level(b, depth)) {
        b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
        return;
    }
    b->in_depth_first++;
    for (int child = 0; child < 2 && !b->stopped && b->st == FPT_OK; child++) {
        restore_level(b, depth);
        decide(lg, subject, child == 0 ? likely : other);
        node(b, depth + 1, bound);
        if (b->stopped && child == 0) {
            b->open_bound = fmin(b->open_bound, bound); /* the other child is left */
        }
    }
    b->in_depth_first--;
}

/*
 * Branch on centre j — or, when it is free and in no group, on its group (centre_group()) if
 * it has one: open it (or at least one of the group) and close it (or all of them), the
 * likelier child (opening when the bound's centres include j, or one of the group) first.
 */
static void branch(bnb *b, size_t depth, size_t j, double bound)
{
    fpt_districts_lagr *lg = &b->lg;
    size_t members[GROUP_MAX] = {j}, count = 1;
    if (!b->in->centres_alone && lg->state[j] == FPT_CENTRE_FREE &&
        free_group_id(lg) < FPT_CENTRE_GROUPS) {
        count = centre_group(lg, j, members);
    }
    if (count > 1) {
        form_group(lg, members, count);
        b->group_nodes++;
    }
    bool chosen = false;
    for (size_t c = 0; c < lg->n_chosen; c++) {
        for (size_t r = 0; r < count; r++) {
            chosen = chosen || lg->chosen[c] == members[r];
        }
    }
    fpt_districts_decision open = count > 1 ? FPT_DECIDE_SOME_OF : FPT_DECIDE_OPEN;
    fpt_districts_decision close = count > 1 ? FPT_DECIDE_NONE_OF : FPT_DECIDE_CLOSE;
    two_children(b, depth, j, chosen ? open : close, chosen ? close : open, bound);
}

/*
 * The pair to split a leaf on, i * n + j, from the relaxed solution at the best multipliers:
 * of the CCGs with two pairs or more that are not an open centre (a centre's unit holds it
 * whatever its pairs), the most populous of those in no set or in several (of all of them when
 * none is; ties: the lowest i), and the cheapest of its pairs among the sets that took it
 * (among all of its pairs when none did; ties: the lowest j). n² when no CCG has two pairs
 * left; n² + 1 when the leaf holds no partition (the bound is infinite).
 */
static size_t split_pair(fpt_districts_lagr *lg)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n, pick = n * n;
    if (isinf(fpt_districts_lagr_eval(lg, lg->best_lambda))) {
        return pick + 1;
    }
    bool pick_odd = false;
    for (size_t i = 0; i < n; i++) {
        if (lg->state[i] == FPT_CENTRE_FORCED) {
            continue;
        }
        const unsigned char *allowed = &lg->allowed[i * n];
        const double *cost = &in->cost[i * n];
        size_t pairs = 0, cheapest = n, sets = 0, taken = n;
        for (size_t j = 0; j < n; j++) {
            if (allowed[j]) {
                pairs++;
                cheapest = cheapest == n || cost[j] < cost[cheapest] ? j : cheapest;
            }
        }
        for (size_t c = 0; c < lg->n_chosen && pairs > 1; c++) {
            size_t j = lg->chosen[c];
            if (allowed[j] && lg->member[j * n + i]) {
                sets++;
                bool cheaper = taken == n || cost[j] < cost[taken];
                taken = cheaper || (cost[j] == cost[taken] && j < taken) ? j : taken;
            }
        }
        bool odd = sets != 1;
        if (pairs > 1 && (pick == n * n || (odd && !pick_odd) ||
                          (odd == pick_odd && in->pop[i] > in->pop[pick / n]))) {
            pick = i * n + (taken < n ? taken : cheapest);
            pick_odd = odd;
        }
    }
    return pick;
}

/* A leaf whose GLPK search took its share of in->leaf_work: unless its bound now proves the
   incumbent (which the search may have bettered), its two children, CCG i joining centre j's
   unit or not, for the pair (i, j) of split_pair(), join the open nodes, so that the search
   goes on from the least (the one joining first of the two); while they fit, else as a branch
   does (two_children()). Closed when it holds no partition; left open, as a limit leaves a
   node, when no pair is left to split on (GLPK settles such a leaf at its first node). */
static void split_leaf(bnb *b, size_t depth, double bound)
{
    if (bound_proves(b->in, bound, b->best)) {
        b->proved_min = fmin(b->proved_min, bound);
        return;
    }
    size_t n = b->in->n, p = split_pair(&b->lg);
    if (p == n * n + 1) {
        return; /* no partition lies here */
    }
    if (p == n * n) {
        leave_node(b, depth, bound);
        return;
    }
    b->leaves_split++;
    if (!fpt_districts_open_room(&b->open, 2)) {
        two_children(b, depth, p, FPT_DECIDE_PAIR_ONLY, FPT_DECIDE_PAIR_NOT, bound);
        return;
    }
    if (fpt_districts_open_push(&b->open, &b->lg, bound, depth + 1, p, FPT_DECIDE_PAIR_NOT) !=
            FPT_OK ||
        fpt_districts_open_push(&b->open, &b->lg, bound, depth + 1, p, FPT_DECIDE_PAIR_ONLY) !=
            FPT_OK) {
        b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    }
}

/* Bound a node (the root's bound is given), fix, and branch or settle it as a leaf. */
static void node(bnb *b, size_t depth, double parent)
{
    const fpt_districts_inst *in = b->in;
    fpt_districts_lagr *lg = &b->lg;
    if (fpt_districts_time_left(in) <= 0 || out_of_work(b)) {
        leave_node(b, depth, parent);
        return;
    }
    b->nodes++;
    double bound = depth == 0 ? parent : node_bound(b, parent);
    fpt_districts_report(in, FPT_DISTRICTS_PHASE_SEARCH, b->floor, b->best);
    if (isinf(bound)) {
        return; /* no partition cheaper than the incumbent lies here */
    }
    if (bound_proves(in, bound, b->best)) {
        b->proved_min = fmin(b->proved_min, bound);
        return;
    }
    if (b->best->found) {
        fpt_districts_lagr_fix(lg, fix_level(b->best));
    } else {
        fpt_districts_lagr_eval(lg, lg->best_lambda);
    }
    if (isinf(lg->last_value)) {
        return; /* nothing cheaper than the incumbent is left here */
    }
    size_t j = free_centres(lg) > 0 ? branch_centre(lg) : in->n;
    if (j == in->n) {
        leaf_end end = solve_leaf(b);
        if (b->st == FPT_OK && end == LEAF_SPLIT) {
            split_leaf(b, depth, bound);
        } else if (b->st == FPT_OK && end == LEAF_LEFT) {
            leave_node(b, depth, bound);
        }
        return;
    }
    branch(b, depth, j, bound);
}

/*
 * Every unit that could be in a partition cheaper than a target, at the cuts' duals, and
 * GLPK's search over them (ENUM_UNITS units, ENUM_UNITS_BELOW below the incumbent, and
 * ENUM_NODES nodes at most). The first target is the incumbent: when that search ends, the
 * incumbent is optimal. Where its units are too many, the target halves its distance to the
 * root's bound: when a search ends, no partition costs less than its target (or than its
 * optimum, which is then the optimum), so the root's bound rises to it, and the next target
 * lies halfway between it and the least target whose units were too many. max_targets
 * targets at most; a search the deadline stopped ends it. Not at all without in->units_mip.
 */
static void solve_units(bnb *b, int max_targets)
{
    double too_many = INFINITY;
    for (int tried = 0;
         b->in->units_mip && tried < max_targets && !bound_proves(b->in, b->root, b->best) &&
         fpt_districts_time_left(b->in) > 0;
         tried++) {
        double ub = b->best->cost * (1 + 1e-9);
        double target = ub < too_many ? ub : 0.5 * (b->root + too_many);
        size_t cap = target <= b->best->cost ? ENUM_UNITS_BELOW : ENUM_UNITS;
        fpt_districts_pool_outcome pool;
        bool ended =
            fpt_districts_cuts_solve(b->cuts, &b->lg, b->best, target, cap, ENUM_NODES, &pool);
        b->cut_work += pool.nodes;
        if (ended) {
            b->root = fmax(b->root, fmin(pool.bound, b->best->cost));
            fpt_districts_report(b->in, FPT_DISTRICTS_PHASE_CUTS, b->root, b->best);
        } else if (pool.overflow) {
            too_many = target;
        } else {
            return;
        }
    }
}

/* The root's pairs, states and multipliers into b's copies (allocated the first time). */
static fpt_status keep_root(bnb *b)
{
    size_t n = b->in->n;
    if (b->root_allowed == NULL) {
        b->root_allowed = malloc(n * n);
        b->root_state = malloc(n);
        b->root_lambda = malloc(n * sizeof *b->root_lambda);
        if (b->root_allowed == NULL || b->root_state == NULL || b->root_lambda == NULL) {
            return FPT_ENOMEM;
        }
    }
    memcpy(b->root_allowed, b->lg.allowed, n * n);
    memcpy(b->root_state, b->lg.state, n);
    memcpy(b->root_lambda, b->lg.best_lambda, n * sizeof *b->root_lambda);
    return FPT_OK;
}

/* Whether the incumbent has come far enough below the one the cuts' duals last fixed against
   (a tenth of the way to the root's bound) to begin the search again (RESTARTS at most). */
static bool restart_due(const bnb *b)
{
    double drop = b->cut_fixed_at - b->best->cost;
    return b->cuts != NULL && b->restarts < RESTARTS && drop > 0 &&
           drop >= 0.1 * (b->cut_fixed_at - b->root);
}

/* Back to the root's pairs, states and multipliers as the search began, the open nodes
   dropped. */
static void back_to_root(bnb *b)
{
    size_t n = b->in->n;
    fpt_districts_lagr *lg = &b->lg;
    fpt_districts_open_free(&b->open);
    memcpy(lg->allowed, b->root_allowed, n * n);
    memcpy(lg->state, b->root_state, n);
    memcpy(lg->lambda, b->root_lambda, n * sizeof *lg->lambda);
    memcpy(lg->best_lambda, b->root_lambda, n * sizeof *lg->best_lambda);
    lg->dirty = true;
    b->proved_min = INFINITY;
    b->lost = false; /* every node is below the root again */
    b->before_root = false;
}

/* Back to the root for the cuts, the open nodes set aside (with the least bound of the nodes
   closed) for the search after them to go on from (begin_search()) — unless some node was
   lost, when that search begins afresh. */
static void set_aside(bnb *b)
{
    if (!b->lost) {
        b->first_open = b->open;
        b->first_proved = b->proved_min;
        memset(&b->open, 0, sizeof b->open);
    }
    back_to_root(b);
}

/*
 * A node of the search before the cuts, restored into lg: what the root has decided since
 * (the cuts' fixing and the Lagrangian phase after it, against the incumbent: true of every
 * partition cheaper than it) applied to it (fpt_districts_lagr_narrow). False when that
 * contradicts a decision of the node's own: no partition cheaper than the incumbent lies there.
 */
static bool narrow_to_root(bnb *b)
{
    return fpt_districts_lagr_narrow(&b->lg, b->root_allowed, b->root_state, &b->root_forced,
                                     &b->root_closed);
}

/* Search from the root as it now is, unless its bound proves the incumbent: afresh, or, after
   the cuts, on from the nodes the search before them left (narrowed to the root as they are
   taken: narrow_to_root()). False when memory ran out. */
static bool begin_search(bnb *b)
{
    if (bound_proves(b->in, b->root, b->best)) {
        fpt_districts_open_free(&b->first_open);
        b->proved_min = b->root; /* no node is left open */
        return true;
    }
    if (keep_root(b) != FPT_OK) {
        b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
        return false;
    }
    if (b->first_open.count > 0) { /* go on from the nodes the search before the cuts left */
        fpt_districts_open_free(&b->open);
        b->open = b->first_open;
        b->carried = b->open.count;
        memset(&b->first_open, 0, sizeof b->first_open);
        b->proved_min = b->first_proved;
        b->before_root = true;
        b->floor = fmax(b->root, fpt_districts_open_least(&b->open));
        return true;
    }
    if (fpt_districts_open_init(&b->open, &b->lg, b->in->open_bytes) != FPT_OK) {
        b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
        return false;
    }
    b->floor = b->root;
    node(b, 0, b->root);
    return true;
}

/*
 * Begin the search again from the root with the cuts' duals fixing against the incumbent,
 * which has improved since: fixing removes what the better incumbent rules out, the units
 * below it are enumerated again (no lower target), and the Lagrangian phase runs on what is
 * left before the search.
 */
static bool restart(bnb *b)
{
    back_to_root(b);
    b->restarts++;
    b->cut_fixed_at = b->best->cost;
    fpt_districts_cuts_fix(b->cuts, &b->lg, fix_level(b->best));
    solve_units(b, POOL_TARGETS_RESTART);
    if (!bound_proves(b->in, b->root, b->best)) {
        double again;
        fpt_districts_lagr_restart(&b->lg, FPT_LAGR_THETA0);
        lagrange_rounds(b->in, &b->h, &b->lg, b->best, b->sets, &again);
        b->root = fmax(b->root, again);
    }
    return begin_search(b);
}

/*
 * Each time the open node of least key — its parent's bound — is taken, bounded, and branched
 * or closed, until none is left or a limit stops the search (the least key left is then the
 * bound). A node whose key the incumbent has reached since it was made is closed by that key
 * alone.
 */
static void search_open(bnb *b)
{
    fpt_districts_open_node next;
    while (!b->stopped && b->st == FPT_OK) {
        if (restart_due(b) && fpt_districts_time_left(b->in) > 0) {
            if (!restart(b)) {
                return;
            }
            continue;
        }
        if (!fpt_districts_open_pop(&b->open, &next)) {
            break;
        }
        double key = fmax(next.key, b->root); /* the root's bound may have risen since */
        b->floor = key;
        if (bound_proves(b->in, key, b->best)) {
            b->proved_min = fmin(b->proved_min, key);
            fpt_districts_open_drop(&next);
            continue;
        }
        fpt_districts_open_restore(&b->open, &next, &b->lg);
        decide(&b->lg, next.subject, next.decision);
        if (!b->before_root || narrow_to_root(b)) {
            node(b, next.depth, key);
        } else {
            b->narrowed++;
        }
    }
    if (b->stopped) {
        b->open_bound = fmin(b->open_bound, fpt_districts_open_least(&b->open));
    }
}

/* What the search has proven: no partition costs less than it, or than the incumbent. */
static double search_bound(const bnb *b)
{
    double closed = fmin(b->proved_min, b->best->cost);
    return b->stopped ? fmax(fmin(b->open_bound, closed), fmax(0, b->root)) : closed;
}

/* The search's outcome so far into out. */
static void tell(const bnb *b, fpt_districts_outcome *out, size_t *n_kept)
{
    out->heuristic = b->heuristic;
    out->lagrangian = b->root;
    out->first_bound = b->first_bound;
    *n_kept = b->n_kept;
    out->carried = b->carried;
    out->narrowed = b->narrowed;
    out->root_forced = b->root_forced;
    out->root_closed = b->root_closed;
    out->nodes = b->nodes;
    out->group_nodes = b->group_nodes;
    out->work = spent_work(b);
    out->leaf_excess = b->leaf_excess;
    out->leaves_cut = b->leaves_cut;
    out->leaves_split = b->leaves_split;
    out->bound_plans = b->h.bound_plans;
    out->result = b->stopped ? FPT_DISTRICTS_LIMIT : FPT_DISTRICTS_OPTIMAL;
    out->bound = search_bound(b);
}

void fpt_districts_bnb_free(fpt_districts_bnb *b)
{
    if (b == NULL) {
        return;
    }
    fpt_districts_open_free(&b->open);
    fpt_districts_open_free(&b->first_open);
    free_levels(b);
    fpt_districts_heur_free(&b->h);
    fpt_districts_lagr_free(&b->lg);
    fpt_districts_cuts_free(b->cuts);
    free(b->root_allowed);
    free(b->root_state);
    free(b->root_lambda);
    free(b->sets);
    free(b);
}

/* End a call that searched: the outcome into out; the search into *kept when the caller keeps
   it (kept not NULL) and it can go on, else freed. */
static fpt_status end_search(bnb *b, fpt_districts_bnb **kept, fpt_districts_outcome *out,
                             size_t *n_kept)
{
    free_levels(b); /* the depth-first levels are empty between calls */
    fpt_status st = b->st;
    if (st == FPT_OK) {
        tell(b, out, n_kept);
    }
    bool goes_on = st == FPT_OK && b->stopped && !b->lost && kept != NULL;
    if (kept != NULL) {
        *kept = goes_on ? b : NULL;
    }
    if (!goes_on) {
        fpt_districts_bnb_free(b);
    }
    return st;
}

/* Step (4): branch-and-bound from the state the Lagrangian phase left. */
static fpt_status search_centres(bnb *b, fpt_districts_bnb **kept, fpt_districts_outcome *out,
                                 size_t *n_kept)
{
    if (begin_search(b)) {
        search_open(b);
    }
    return end_search(b, kept, out, n_kept);
}

size_t fpt_districts_cut_work(size_t n, bool large)
{
    return large && n * CUT_WORK_A_CCG > CUT_WORK ? n * CUT_WORK_A_CCG : CUT_WORK;
}

/*
 * Step (3): the bound with cuts on the set-partitioning rows, within in->cut_rounds rounds and
 * fpt_districts_cut_work() pricing branch-and-bound nodes, and fixing at its duals; then
 * the Lagrangian phase again on what that fixing left, and fixing again at the same duals whenever
 * that improved the incumbent. The root's bound becomes the greatest of them, every node's floor.
 */
static fpt_status cut_phase(bnb *b)
{
    const fpt_districts_inst *in = b->in;
    bool large = in->n > CUT_PLAIN_CCGS_A_UNIT * in->k;
    fpt_districts_cut_limits lim = {proof_level(in, b->best), in->cut_rounds,
                                    fpt_districts_cut_work(in->n, large), fix_level(b->best),
                                    large};
    fpt_districts_cut_outcome cut;
    /* the fixing within fixes against the incumbent it began with: one the master's optimum
       bettered fixes again below */
    double fixed_at = b->best->cost;
    fpt_status st = fpt_districts_cut_bound(in, &b->lg, b->best, &lim, &b->cuts, &cut);
    b->cut_work += cut.work;
    if (st != FPT_OK) {
        return st;
    }
    b->root = fmax(b->root, cut.bound);
    size_t removed = cut.removed;
    while (b->cuts != NULL && !bound_proves(in, b->root, b->best) &&
           fpt_districts_time_left(in) > 0) {
        if (removed > 0) {
            double again;
            fpt_districts_lagr_restart(&b->lg, FPT_LAGR_THETA0);
            lagrange_rounds(in, &b->h, &b->lg, b->best, b->sets, &again);
            b->root = fmax(b->root, again);
        }
        /* a better incumbent fixes more: groups of units re-solved find it soonest */
        fpt_districts_regroup(&b->h, b->best, fpt_districts_solve_fast, FPT_GROUP_UNITS);
        if (!(b->best->cost < fixed_at) || bound_proves(in, b->root, b->best)) {
            break;
        }
        fixed_at = b->best->cost;
        removed = fpt_districts_cuts_fix(b->cuts, &b->lg, fix_level(b->best));
    }
    b->cut_fixed_at = fixed_at;
    if (b->cuts != NULL && !bound_proves(in, b->root, b->best)) {
        solve_units(b, POOL_TARGETS);
    }
    return FPT_OK;
}

/* Whether the bound with cuts is yet to run and may: units of at most CUT_CCGS_A_UNIT CCGs on
   average, time left, and no limit on work unless the caller asks for the cuts under one
   (footprint size does from its third pass on: most points are proven in seconds without
   them; docs/model.md "Sizing"). Marks it tried. */
static bool cuts_due(bnb *b)
{
    const fpt_districts_inst *in = b->in;
    bool due = !b->cuts_tried && in->cuts && in->n <= CUT_CCGS_A_UNIT * in->k &&
               (in->o->max_evals == 0 || in->o->cuts_under_limit) &&
               fpt_districts_time_left(in) > 0;
    b->cuts_tried = b->cuts_tried || due;
    return due;
}

/*
 * The search over the centres before the bound with cuts, under a limit on work of its own
 * (in->first_evals); called only when the caller set none. True when it ended the solve:
 * proven, stopped by the deadline, or failed. Else its open nodes are kept for the search after
 * the cuts to go on from (begin_search()), and the root is
 * as the Lagrangian phase left it, with whatever better plan the search met and its bound
 * raised to what the search proved (the least key of its open nodes).
 */
static bool search_first(bnb *b)
{
    b->n_kept = fpt_districts_lagr_pairs(&b->lg);
    b->first_limit = spent_work(b) + b->in->first_evals;
    if (begin_search(b)) {
        search_open(b);
    }
    b->first_limit = 0;
    if (!b->stopped || b->st != FPT_OK) {
        return true;
    }
    if (fpt_districts_time_left(b->in) <= 0) {
        b->cuts_tried = false; /* a search kept runs them when it goes on */
        return true;
    }
    b->first_bound = search_bound(b);
    b->root = fmax(b->root, b->first_bound); /* what it proved stays proven */
    b->stopped = false;
    b->open_bound = INFINITY;
    set_aside(b);
    return false;
}

/* Steps (2)–(4) once there is an incumbent. */
static fpt_status bound_and_search(bnb *b, fpt_districts_bnb **kept, fpt_districts_outcome *out,
                                   size_t *n_kept)
{
    const fpt_districts_inst *in = b->in;
    fpt_districts_plan *best = b->best;
    lagrange_phase(in, &b->h, &b->lg, best, b->sets, &b->root);
    bool proved = bound_proves(in, b->root, best);
    if (!proved && in->wide_units > 0 && fpt_districts_time_left(in) > 0) {
        /* the search's incumbents come from the bound's centres and its leaves; wider groups
           are a move neither makes (docs/geography.md "Method" step 1) */
        fpt_districts_regroup(&b->h, best, fpt_districts_solve_fast, in->wide_units);
        proved = bound_proves(in, b->root, best);
    }
    if (!proved && cuts_due(b)) {
        if (in->o->max_evals == 0 && in->first_evals > 0 && search_first(b)) {
            return end_search(b, kept, out, n_kept);
        }
        if (cut_phase(b) != FPT_OK) {
            b->st = fpt_error_set(b->err, FPT_ENOMEM, NULL, 0, "%s", "out of memory for the bound");
            return end_search(b, NULL, out, n_kept);
        }
        proved = bound_proves(in, b->root, best);
    }
    b->n_kept = fpt_districts_lagr_pairs(&b->lg);
    if (proved) {
        b->proved_min = b->root;
        return end_search(b, NULL, out, n_kept);
    }
    if (fpt_districts_time_left(in) <= 0) {
        b->stopped = true;
        b->open_bound = b->root; /* the root, not searched, is the one node left */
        return end_search(b, NULL, out, n_kept);
    }
    return search_centres(b, kept, out, n_kept);
}

fpt_status fpt_districts_solve_kept(const fpt_districts_inst *in, fpt_districts_plan *best,
                                    fpt_districts_outcome *out, size_t *n_kept,
                                    fpt_districts_bnb **kept, fpt_error *err)
{
    if (kept != NULL) {
        *kept = NULL;
    }
    bnb *b = calloc(1, sizeof *b);
    if (b == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory");
    }
    if (fpt_districts_heur_init(&b->h, in) != FPT_OK) {
        free(b);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory in the heuristic");
    }
    b->sets = malloc(2 * ASCENT_AHEAD * in->k * sizeof *b->sets);
    if (b->sets == NULL || fpt_districts_lagr_init(&b->lg, in) != FPT_OK) {
        fpt_districts_heur_free(&b->h);
        free(b->sets);
        free(b);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory for the bound");
    }
    b->in = in;
    b->best = best;
    b->root = b->first_bound = -INFINITY;
    b->last_ub = INFINITY;
    b->open_bound = INFINITY;
    b->proved_min = INFINITY;
    b->err = err;
    fpt_status st = first_incumbent(in, &b->h, best);
    b->heuristic = out->heuristic = best->found ? best->cost : 0;
    out->lagrangian = out->first_bound = -INFINITY;
    if (st != FPT_OK) {
        st = fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory in the heuristic");
    } else if (in->o->heuristic_only) {
        out->result = best->found ? FPT_DISTRICTS_LIMIT : FPT_DISTRICTS_NO_PARTITION;
        out->bound = 0;
    } else if (best->found) {
        return bound_and_search(b, kept, out, n_kept);
    } else {
        /* No partition yet: the LP decides whether one exists (and explains why not). */
        st = fpt_districts_mip(in, NULL, NULL, 0, best, out, n_kept, err);
    }
    fpt_districts_bnb_free(b);
    return st;
}

fpt_status fpt_districts_solve_fast(const fpt_districts_inst *in, fpt_districts_plan *best,
                                    fpt_districts_outcome *out, size_t *n_kept, fpt_error *err)
{
    return fpt_districts_solve_kept(in, best, out, n_kept, NULL, err);
}

fpt_status fpt_districts_go_on(fpt_districts_bnb **kept, fpt_districts_outcome *out, size_t *n_kept,
                               fpt_error *err)
{
    bnb *b = *kept;
    b->stopped = false;
    b->open_bound = INFINITY;
    b->st = FPT_OK;
    b->err = err;
    b->floor = fpt_districts_open_least(&b->open);
    fpt_districts_report(b->in, FPT_DISTRICTS_PHASE_SEARCH, b->floor, b->best);
    double before = b->best->cost;
    if (offer_seeds(b->in, &b->h, b->best) != FPT_OK) {
        b->st = fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory in the heuristic");
        return end_search(b, kept, out, n_kept);
    }
    if (b->best->cost < before && fpt_districts_time_left(b->in) > 0) {
        fpt_districts_regroup(&b->h, b->best, fpt_districts_solve_fast, FPT_GROUP_UNITS);
    }
    if (cuts_due(b)) { /* the bound with cuts, which the first call's work could not hold */
        set_aside(b);
        if (cut_phase(b) != FPT_OK) {
            b->st = fpt_error_set(err, FPT_ENOMEM, NULL, 0, "%s", "out of memory for the bound");
            return end_search(b, kept, out, n_kept);
        }
        if (!begin_search(b)) {
            return end_search(b, kept, out, n_kept);
        }
    }
    search_open(b);
    return end_search(b, kept, out, n_kept);
}
