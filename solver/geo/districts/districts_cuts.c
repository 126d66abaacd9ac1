/* SPDX-License-Identifier: MIT */
/*
 * Districting: a bound above the Lagrangian's, from cuts on the rows of the set-partitioning
 * form (docs/geography.md "Method" step 3). Column generation over feasible units — GLPK's
 * simplex on the master (each CCG in one unit, K units, the cuts), each centre's knapsack the
 * pricing step — and subset-row cuts (of three CCGs, at most one unit holds two or three)
 * separated from the master's optimum, round after round. A column's reduced cost then pays
 * each cut's dual where it holds two of the cut's CCGs, so the pricing is a knapsack with
 * those penalties, solved by a branch-and-bound of its own. With the cuts come the rows of
 * the sets of CCGs no whole number of units can hold (districts_clusters.c) — single linkage's
 * clusters, and balls around each CCG separated from the master's optimum — whose duals only
 * lower the cost of a CCG across a set's edge in the knapsack. The bound of every pricing
 * pass is a Lagrangian one (the duals as multipliers), valid whenever the rounds stop. For large
 * units (lim->large), the knapsack without the penalties comes first (districts_knapsack.c),
 * the branch-and-bound only when its set pays one; and the cover rows' duals are kept in a
 * box around the best bound's (boxstep), starting from the Lagrangian bound's multipliers:
 * a master of few columns has wild duals that price in useless units.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo/districts/districts_internal.h"

/* Cuts added a round at most (for large units: a pass costs little there against the rounds'
   LPs, and the bound rises faster per second with more a round; CUTS_A_CCG_LARGE a CCG where
   that is more: 1,000 points into 50 units were left 0.17% from proven at 300 s with 400 a
   round, 0.20% with 150 (bench/README.md "More cuts a round at 1,000 points"); with the
   stopped centres priced again, 0.107% with 400 and 0.091–0.096% with 600, bench/README.md
   "Centres priced again, and 600 cuts a round at 1,000 points"), and the least violation
   that counts. */
#define CUTS_A_ROUND       50
#define CUTS_A_ROUND_LARGE 150
#define CUTS_A_CCG_LARGE   0.6
#define CUT_VIOLATION      1e-4
/* A reduced cost below −RC_EPS (in millions of person-km) prices a column in. */
#define RC_EPS 1e-9
/* Nodes one penalised knapsack may search before its LP bound stands in; and when priced again
   (price_all()). */
#define PRICE_NODES       200000
#define PRICE_NODES_AGAIN 10000000
/* Pricing passes a round at most. */
#define PASSES_A_ROUND 500
/* The rounds stop once one has raised the bound by less than this share of what is left
   between the bound and the goal: it has tailed off (2013 K = 25: rounds 13 to 15 of 15
   raised it by 0.3%, 0.03% and 0% of that, and took a third of the rounds' time). */
#define CUT_TAIL 0.01
/* The half-width of the box around each cover row's dual: this share of the Lagrangian
   multipliers' mean size; and the artificial columns' weight in use below which the box
   counts as holding nothing. */
#define BOX_SHARE 0.02
#define BOX_IDLE  1e-9
/* A unit's value in the master's optimum within this of 0 or 1 counts as whole. */
#define WHOLE_EPS 1e-6

typedef struct cut3 {
    size_t ccg[3]; /* ascending */
    int row;       /* its row in the master */
} cut3;

/* Cluster rows in the master at most, and a round at most; the least violation that counts is
   CUT_VIOLATION's. */
#define CLUSTER_ROWS         256
#define CLUSTER_ROWS_A_ROUND 16
/* The balls tried as sets: each CCG with its nearest, every prefix short of this many times L
   people and of at most BALL_CCGS CCGs (each prefix's row is summed afresh, so a ball's cost
   grows with the square of its length: at few units, 3L people could be most of the map). */
#define BALL_UNITS 3
#define BALL_CCGS  64

/* A set's row in the master: out / out_den + in / in_den ≥ 1, each CCG's share at most 1
   (districts_clusters.c, cluster_coef()). */
typedef struct cluster_row {
    int row;
    size_t size; /* its CCGs */
    double out_den, in_den;
    unsigned char *in; /* [i] CCG i in it */
} cluster_row;

/* One centre's pricing: a knapsack over the CCGs it may take, sorted by cost per weight,
   with a penalty for each cut of which it would hold two CCGs or three. */
typedef struct pricer {
    size_t m;
    double *a, *w;         /* [r] cost (millions of person-km, any sign) and weight */
    size_t *ccg;           /* [r] the item's CCG */
    double *raw_a, *raw_w; /* the items as loaded, in CCG order, before sort_items() */
    size_t *raw_ccg;
    double *key;          /* sort_items()'s scratch: [r] cost per weight, */
    size_t *order, *tmp;  /* the order it sorts, and the merge's room */
    size_t *cut_start;    /* [r .. r + 1) into cut_of */
    size_t *cut_of;       /* the local cuts holding item r */
    double *pen;          /* [c] local cut c's penalty (> 0) */
    unsigned char *count; /* [c] its CCGs taken so far, the centre's included */
    bool *take, *best_take;
    double best;
    size_t nodes, node_limit;
    bool stopped;
} pricer;

struct fpt_districts_cuts {
    const fpt_districts_inst *in;
    fpt_districts_lagr *lg; /* its allowed pairs and centre states; fixing changes them */
    glp_prob *lp;
    size_t n_cols, cap_cols, cap_starts, *col_centre, *col_start; /* members[col_start[c] ..] */
    size_t n_members, cap_members, *members; /* each column's CCGs, centre first */
    cut3 *cuts;
    size_t n_cuts, cap_cuts;
    double *pi, sigma, *rho; /* duals: the cover rows, the count row, the cuts (≤ 0) */
    double *rc;              /* [j] a lower bound on the reduced cost of centre j's columns */
    size_t work;             /* pricing branch-and-bound nodes searched */
    /* the duals of the best bound, and how many cuts there were then */
    double *best_pi, best_sigma, *best_rho, *best_rc;
    size_t best_cuts;
    pricer p;
    bool large;          /* lim->large: the knapsack first, and the box */
    fpt_knapsack ks;     /* the knapsack without the penalties */
    size_t n_box;        /* the box's artificial columns, GLPK's first: two a cover row */
    double *anchor, box; /* the duals the box is around, and its half-width */
    size_t *pos;         /* [i] CCG i's item in the centre priced, or SIZE_MAX */
    size_t *hard;        /* price_all()'s centres whose search the node limit stopped */
    size_t *local;       /* [t] cut t's local index in the centre priced */
    int *ind;            /* GLPK scratch, 1-based */
    double *val;
    size_t cap_ind, cap_val;
    size_t *set;  /* scratch: a column's CCGs */
    size_t *fill; /* scratch: [r] the next place of item r in cut_of */
    /* each centre's items in the order of its last pricing, by CCG: kept[kept_start[j] ..
       + kept_len[j]), room for as many as it had when the rounds began */
    size_t *kept, *kept_start, *kept_len;
    fpt_districts_clusters cl; /* single linkage's sets no whole number of units can hold */
    cluster_row crow[CLUSTER_ROWS];
    size_t n_crows, best_crows;
    double mu[CLUSTER_ROWS], best_mu[CLUSTER_ROWS]; /* their duals (≥ 0) */
    size_t live[CLUSTER_ROWS], n_live;              /* the rows of μ > 0 */
};
typedef struct fpt_districts_cuts cg;

/* ---- the penalised knapsack ---------------------------------------------------------------- */

/* The LP bound over items r.. but skip (SIZE_MAX: none) with the weight window [lo, hi]
   still to fill, penalties left out (they only add): every item of negative cost taken, then
   weight shed (least gain per weight first) or added (least cost per weight first) into the
   window; INFINITY when no fractional set fits. */
static double lp_rest(const pricer *p, size_t r, size_t skip, double lo, double hi)
{
    if (hi < -1e-12) {
        return INFINITY;
    }
    double w = 0, c = 0;
    size_t neg = r;
    for (; neg < p->m && p->a[neg] < 0; neg++) {
        w += neg != skip ? p->w[neg] : 0;
        c += neg != skip ? p->a[neg] : 0;
    }
    for (size_t s = neg; s > r && w > hi; s--) {
        double drop = s - 1 != skip ? fmin(p->w[s - 1], w - hi) : 0;
        c -= drop > 0 ? p->a[s - 1] * drop / p->w[s - 1] : 0;
        w -= drop;
    }
    for (size_t s = neg; s < p->m && w < lo; s++) {
        double add = s != skip ? fmin(p->w[s], lo - w) : 0;
        c += add > 0 ? p->a[s] * add / p->w[s] : 0;
        w += add;
    }
    return w < lo - 1e-12 ? INFINITY : c;
}

/* Take item r: its cost, and the penalty of each cut it makes hold two CCGs. */
static double take_item(pricer *p, size_t r)
{
    double added = p->a[r];
    for (size_t c = p->cut_start[r]; c < p->cut_start[r + 1]; c++) {
        added += ++p->count[p->cut_of[c]] == 2 ? p->pen[p->cut_of[c]] : 0;
    }
    p->take[r] = true;
    return added;
}

/* Undo take_item(p, r). */
static void leave_item(pricer *p, size_t r)
{
    p->take[r] = false;
    for (size_t c = p->cut_start[r]; c < p->cut_start[r + 1]; c++) {
        p->count[p->cut_of[c]]--;
    }
}

/* Depth-first over the items in order: the bound, then the likelier child first (take an
   item of negative cost, leave one of positive cost). */
static void price_search(pricer *p, size_t r, double lo, double hi, double cost)
{
    if (p->stopped || ++p->nodes > p->node_limit) {
        p->stopped = true;
        return;
    }
    if (!(cost + lp_rest(p, r, SIZE_MAX, lo, hi) < p->best - 1e-12)) {
        return;
    }
    if (r == p->m) {
        p->best = cost; /* lp_rest() found the empty rest fits */
        memcpy(p->best_take, p->take, p->m * sizeof *p->take);
        return;
    }
    for (int child = 0; child < 2; child++) {
        bool take = (child == 0) == (p->a[r] < 0);
        if (!take) {
            price_search(p, r + 1, lo, hi, cost);
            continue;
        }
        if (p->w[r] <= hi + 1e-12) {
            double added = take_item(p, r);
            price_search(p, r + 1, lo - p->w[r], hi - p->w[r], cost + added);
            leave_item(p, r);
        }
    }
}

/* Centre j's items, loaded in CCG order (raw_a, raw_w, raw_ccg), into a, w and ccg in order of
   cost per weight, ties by CCG. The sort starts from the order of j's last pricing: the duals
   move little from pass to pass, and a merge sort of an order nearly sorted costs near
   O(m). The order is the same from any start. g->pos serves as a scratch map from CCG to item,
   left as it was found (SIZE_MAX). */
static void sort_items(cg *g, size_t j)
{
    pricer *p = &g->p;
    for (size_t r = 0; r < p->m; r++) {
        p->key[r] = p->raw_a[r] / p->raw_w[r];
        g->pos[p->raw_ccg[r]] = r;
    }
    const size_t *last = g->kept + g->kept_start[j];
    size_t len = 0;
    for (size_t h = 0; h < g->kept_len[j]; h++) {
        size_t r = g->pos[last[h]];
        if (r != SIZE_MAX) {
            p->order[len++] = r;
            g->pos[last[h]] = SIZE_MAX;
        }
    }
    for (size_t r = 0; r < p->m; r++) {
        if (g->pos[p->raw_ccg[r]] != SIZE_MAX) { /* not in the last order */
            p->order[len++] = r;
            g->pos[p->raw_ccg[r]] = SIZE_MAX;
        }
    }
    fpt_districts_sort_by_key(p->key, p->order, p->m, p->tmp);
    for (size_t r = 0; r < p->m; r++) {
        size_t o = p->order[r];
        p->a[r] = p->raw_a[o];
        p->w[r] = p->raw_w[o];
        p->ccg[r] = p->raw_ccg[o];
    }
    bool room = p->m <= g->kept_start[j + 1] - g->kept_start[j];
    g->kept_len[j] = room ? p->m : 0;
    if (room) {
        memcpy(g->kept + g->kept_start[j], p->ccg, p->m * sizeof *p->ccg);
    }
}

/* Whether the CCGs set[0..len) hold two or three of cut t's. */
static bool set_hits(const size_t *set, size_t len, const cut3 *t)
{
    size_t hits = 0;
    for (size_t r = 0; r < len; r++) {
        hits += set[r] == t->ccg[0] || set[r] == t->ccg[1] || set[r] == t->ccg[2];
    }
    return hits >= 2;
}

/* The penalties of the cuts that centre j's items touch at least twice, the centre counted. */
static void local_cuts(cg *g, size_t j)
{
    pricer *p = &g->p;
    size_t n_local = 0;
    memset(p->cut_start, 0, (p->m + 1) * sizeof *p->cut_start);
    for (size_t t = 0; t < g->n_cuts; t++) {
        g->local[t] = SIZE_MAX;
        const cut3 *c = &g->cuts[t];
        size_t present = 0, centre = 0;
        for (int e = 0; e < 3; e++) {
            centre += c->ccg[e] == j;
            present += c->ccg[e] == j || g->pos[c->ccg[e]] != SIZE_MAX;
        }
        if (g->rho[t] < -RC_EPS && present >= 2) {
            g->local[t] = n_local;
            p->pen[n_local] = -g->rho[t];
            p->count[n_local] = (unsigned char)centre;
            n_local++;
            for (int e = 0; e < 3; e++) {
                if (c->ccg[e] != j && g->pos[c->ccg[e]] != SIZE_MAX) {
                    p->cut_start[g->pos[c->ccg[e]] + 1]++;
                }
            }
        }
    }
    for (size_t r = 0; r < p->m; r++) {
        p->cut_start[r + 1] += p->cut_start[r];
    }
    size_t *fill = g->fill;
    memcpy(fill, p->cut_start, p->m * sizeof *fill);
    for (size_t t = 0; t < g->n_cuts; t++) {
        for (int e = 0; e < 3 && g->local[t] != SIZE_MAX; e++) {
            size_t i = g->cuts[t].ccg[e];
            if (i != j && g->pos[i] != SIZE_MAX) {
                p->cut_of[fill[g->pos[i]]++] = g->local[t];
            }
        }
    }
}

static fpt_status add_column(cg *g, size_t j, const size_t *set, size_t len);

/* Cluster row q's coefficient of CCG i in a unit centred at j: its people served across the
   cluster's edge as a share of what the row asks for, at most 1 (a CCG that alone meets the
   row meets it whatever it weighs; so the row stays valid, only stronger, and its
   coefficients stay near 1 when a cluster lacks only a few people to hold a whole number of
   units). */
static double cluster_coef(const cg *g, const cluster_row *q, size_t i, size_t j)
{
    double across = q->in[j] != q->in[i] ? g->in->pop[i] / DISTRICTS_SCALE : 0;
    return fmin(1, across / (q->in[j] ? q->in_den : q->out_den));
}

/* Cluster row q's coefficient of the unit of CCGs set[0 .. len) centred at j. */
static double unit_coef(const cg *g, const cluster_row *q, const size_t *set, size_t len, size_t j)
{
    double a = 0;
    for (size_t r = 0; r < len; r++) {
        a += cluster_coef(g, q, set[r], j);
    }
    return a;
}

/* The CCGs members[0 .. len) marked in (or unmarked, with mark 0). */
static void mark_set(const size_t *members, size_t len, unsigned char *in, unsigned char mark)
{
    for (size_t r = 0; r < len; r++) {
        in[members[r]] = mark;
    }
}

/* What the cluster rows' duals take off CCG i's cost in a unit centred at j. */
static double cluster_bonus(const cg *g, size_t i, size_t j)
{
    double b = 0;
    for (size_t r = 0; r < g->n_live; r++) {
        size_t q = g->live[r];
        b += g->mu[q] * cluster_coef(g, &g->crow[q], i, j);
    }
    return b;
}

/* Centre j's items priced at the duals into g->p, sorted, with the cuts they touch; its window
   of weight into *lo, *hi, and what the centre alone costs less π_j and σ into *fixed. False,
   nothing loaded, when j cannot open. */
static bool load_centre(cg *g, size_t j, double *lo, double *hi, double *fixed)
{
    const fpt_districts_inst *in = g->in;
    size_t n = in->n;
    pricer *p = &g->p;
    if (fpt_centre_closed(g->lg->state[j]) || !g->lg->allowed[j * n + j]) {
        return false;
    }
    p->m = 0;
    for (size_t i = 0; i < n; i++) {
        if (i != j && g->lg->allowed[i * n + j]) {
            p->raw_a[p->m] =
                in->cost[i * n + j] / DISTRICTS_SCALE - g->pi[i] - cluster_bonus(g, i, j);
            p->raw_w[p->m] = in->pop[i] / DISTRICTS_SCALE;
            p->raw_ccg[p->m++] = i;
        }
    }
    sort_items(g, j);
    for (size_t r = 0; r < p->m; r++) {
        g->pos[p->ccg[r]] = r;
        p->take[r] = false;
    }
    local_cuts(g, j);
    *lo = (in->lo - in->pop[j]) / DISTRICTS_SCALE;
    *hi = (in->hi - in->pop[j]) / DISTRICTS_SCALE;
    *fixed = in->cost[j * n + j] / DISTRICTS_SCALE - g->pi[j] - g->sigma;
    return true;
}

static void unload_centre(cg *g)
{
    for (size_t r = 0; r < g->p.m; r++) {
        g->pos[g->p.ccg[r]] = SIZE_MAX;
    }
}

/*
 * The loaded centre's knapsack without the penalties, solved by districts_knapsack.c (whose
 * reduction to a core is far quicker than price_search() on hundreds of items): its least
 * cost bounds the penalised one from below, into *lower (INFINITY: no set fits). Its set, at
 * its penalised cost, becomes the search's best. True when that settles the pricing: the
 * knapsack was solved to its end and its set pays no penalty, or no set fits.
 */
static bool price_unpenalised(cg *g, double lo, double hi, double *lower)
{
    pricer *p = &g->p;
    for (size_t r = 0; r < p->m; r++) {
        g->ks.a[r] = p->a[r];
        g->ks.w[r] = p->w[r];
    }
    fpt_knapsack_result res = fpt_knapsack_solve(&g->ks, p->m, lo, hi, INFINITY, false);
    *lower = res.lower;
    if (!res.found) {
        return isinf(res.lower);
    }
    double cost = 0;
    for (size_t r = 0; r < p->m; r++) {
        cost += g->ks.take[r] ? take_item(p, r) : 0;
    }
    memcpy(p->best_take, p->take, p->m * sizeof *p->take);
    for (size_t r = 0; r < p->m; r++) {
        if (p->take[r]) {
            leave_item(p, r);
        }
    }
    bool pays = cost > res.best;
    p->best = pays || !res.exact ? cost + 1e-12 : cost; /* the search must beat it */
    return res.exact && !pays;
}

/*
 * Price centre j against the duals: a lower bound on its columns' least reduced cost into
 * g->rc[j] (INFINITY when it cannot open), and the best column found into the master when its
 * reduced cost is negative (*added).
 */
static fpt_status price_centre(cg *g, size_t j, size_t node_limit, bool *added)
{
    pricer *p = &g->p;
    double lo, hi, fixed;
    *added = false;
    p->stopped = false;
    g->rc[j] = INFINITY;
    if (!load_centre(g, j, &lo, &hi, &fixed)) {
        return FPT_OK;
    }
    p->best = INFINITY;
    p->nodes = 0;
    p->node_limit = node_limit;
    double root = lp_rest(p, 0, SIZE_MAX, lo, hi), lower = root;
    if (isfinite(root) && !(g->large && price_unpenalised(g, lo, hi, &lower))) {
        price_search(p, 0, lo, hi, 0);
    }
    root = fmax(root, lower);
    g->work += p->nodes;
    unload_centre(g);
    g->rc[j] = fixed + (p->stopped ? root : p->best); /* the LP bound when the search stopped */
    if (!(fixed + p->best < -RC_EPS)) {
        return FPT_OK;
    }
    size_t len = 0;
    g->set[len++] = j;
    for (size_t r = 0; r < p->m; r++) {
        if (p->best_take[r]) {
            g->set[len++] = p->ccg[r];
        }
    }
    *added = true;
    return add_column(g, j, g->set, len);
}

/* ---- the master ---------------------------------------------------------------------------- */

/* The master's GLPK column of unit c (the box's columns come first). */
static int unit_col(const cg *g, size_t c)
{
    return (int)(g->n_box + c) + 1;
}

/* The box's columns priced around the anchor: for cover row i, one that covers it (+1) at the
   anchor's dual plus the half-width, one that uncovers it (−1) at the anchor's dual less it;
   so the row's dual stays within that box, and the master is feasible whatever its units. */
static void box_place(cg *g)
{
    for (size_t i = 0; i < g->n_box / 2; i++) {
        glp_set_obj_coef(g->lp, (int)(2 * i + 1), g->anchor[i] + g->box);
        glp_set_obj_coef(g->lp, (int)(2 * i + 2), g->box - g->anchor[i]);
    }
}

/* For large units, the box around the Lagrangian bound's best multipliers, its half-width
   BOX_SHARE of their mean size (no box when they are all 0); false when out of memory. */
static bool box_init(cg *g)
{
    size_t n = g->in->n;
    if (!g->large) {
        return true;
    }
    g->anchor = malloc(n * sizeof *g->anchor);
    if (g->anchor == NULL) {
        return false;
    }
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        g->anchor[i] = g->lg->best_lambda[i] / DISTRICTS_SCALE;
        mean += fabs(g->anchor[i]) / (double)n;
    }
    g->box = BOX_SHARE * mean;
    if (!(g->box > 0)) {
        return true;
    }
    g->n_box = 2 * n;
    glp_add_cols(g->lp, (int)g->n_box);
    for (size_t i = 0; i < n; i++) {
        int ind[2] = {0, (int)i + 1};
        double cover[2] = {0, 1}, uncover[2] = {0, -1};
        glp_set_col_bnds(g->lp, (int)(2 * i + 1), GLP_LO, 0, 0);
        glp_set_col_bnds(g->lp, (int)(2 * i + 2), GLP_LO, 0, 0);
        glp_set_mat_col(g->lp, (int)(2 * i + 1), 1, ind, cover);
        glp_set_mat_col(g->lp, (int)(2 * i + 2), 1, ind, uncover);
    }
    box_place(g);
    return true;
}

/* Whether the master's optimum uses the box's columns: its duals then sit on the box's edge. */
static bool box_in_use(const cg *g)
{
    double used = 0;
    for (size_t c = 1; c <= g->n_box; c++) {
        used += glp_get_col_prim(g->lp, (int)c);
    }
    return used > BOX_IDLE;
}

/* The box moved to be around the duals priced last. */
static void box_recentre(cg *g)
{
    if (g->n_box > 0) {
        memcpy(g->anchor, g->pi, g->in->n * sizeof *g->anchor);
        box_place(g);
    }
}

static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) {
        return true;
    }
    size_t cap2 = *cap > 0 ? *cap : 64;
    while (cap2 < need) {
        cap2 *= 2;
    }
    void *grown = realloc(*v, cap2 * size);
    if (grown == NULL) {
        return false;
    }
    *v = grown;
    *cap = cap2;
    return true;
}

/* Column (j, set[0..len)) into the master: its cover rows, the count row and the cuts it hits
   twice. */
static fpt_status add_column(cg *g, size_t j, const size_t *set, size_t len)
{
    const fpt_districts_inst *in = g->in;
    size_t n = in->n;
    if (!grow((void **)&g->col_centre, &g->cap_cols, g->n_cols + 1, sizeof *g->col_centre) ||
        !grow((void **)&g->col_start, &g->cap_starts, g->n_cols + 2, sizeof *g->col_start) ||
        !grow((void **)&g->members, &g->cap_members, g->n_members + len, sizeof *g->members) ||
        !grow((void **)&g->ind, &g->cap_ind, n + g->n_cuts + g->n_crows + 3, sizeof *g->ind) ||
        !grow((void **)&g->val, &g->cap_val, n + g->n_cuts + g->n_crows + 3, sizeof *g->val)) {
        return FPT_ENOMEM;
    }
    double cost = 0;
    int k = 0;
    for (size_t r = 0; r < len; r++) {
        cost += in->cost[set[r] * n + j] / DISTRICTS_SCALE;
        g->ind[++k] = (int)set[r] + 1;
        g->val[k] = 1;
    }
    g->ind[++k] = (int)n + 1;
    g->val[k] = 1;
    for (size_t t = 0; t < g->n_cuts; t++) {
        if (set_hits(set, len, &g->cuts[t])) {
            g->ind[++k] = g->cuts[t].row;
            g->val[k] = 1;
        }
    }
    for (size_t q = 0; q < g->n_crows; q++) {
        double a = unit_coef(g, &g->crow[q], set, len, j);
        if (a > 0) {
            g->ind[++k] = g->crow[q].row;
            g->val[k] = a;
        }
    }
    int col = glp_add_cols(g->lp, 1);
    glp_set_col_bnds(g->lp, col, GLP_LO, 0, 0);
    glp_set_obj_coef(g->lp, col, cost);
    glp_set_mat_col(g->lp, col, k, g->ind, g->val);
    g->col_centre[g->n_cols] = j;
    g->col_start[g->n_cols] = g->n_members;
    memcpy(g->members + g->n_members, set, len * sizeof *set);
    g->n_members += len;
    g->n_cols++;
    g->col_start[g->n_cols] = g->n_members;
    return FPT_OK;
}

/* Cut t = {a, b, c} into the master: at most one unit holds two of them or three. */
static fpt_status add_cut(cg *g, const cut3 *t)
{
    if (!grow((void **)&g->cuts, &g->cap_cuts, g->n_cuts + 1, sizeof *g->cuts) ||
        !grow((void **)&g->ind, &g->cap_ind, g->n_cols + 2, sizeof *g->ind) ||
        !grow((void **)&g->val, &g->cap_val, g->n_cols + 2, sizeof *g->val)) {
        return FPT_ENOMEM;
    }
    int k = 0;
    for (size_t c = 0; c < g->n_cols; c++) {
        size_t len = g->col_start[c + 1] - g->col_start[c];
        if (set_hits(g->members + g->col_start[c], len, t)) {
            g->ind[++k] = unit_col(g, c);
            g->val[k] = 1;
        }
    }
    int row = glp_add_rows(g->lp, 1);
    glp_set_row_bnds(g->lp, row, GLP_UP, 0, 1);
    glp_set_mat_row(g->lp, row, k, g->ind, g->val);
    g->cuts[g->n_cuts] = *t;
    g->cuts[g->n_cuts++].row = row;
    return FPT_OK;
}

/* Column c's coefficient in cluster row q. */
static double column_coef(const cg *g, const cluster_row *q, size_t c)
{
    return unit_coef(g, q, g->members + g->col_start[c], g->col_start[c + 1] - g->col_start[c],
                     g->col_centre[c]);
}

/* The row of the set members[0 .. len), with its denominators, into the master. */
static fpt_status add_cluster_row(cg *g, const size_t *members, size_t len, double out_den,
                                  double in_den)
{
    cluster_row *q = &g->crow[g->n_crows];
    q->in = calloc(g->in->n, 1);
    if (q->in == NULL || !grow((void **)&g->ind, &g->cap_ind, g->n_cols + 2, sizeof *g->ind) ||
        !grow((void **)&g->val, &g->cap_val, g->n_cols + 2, sizeof *g->val)) {
        free(q->in);
        q->in = NULL;
        return FPT_ENOMEM;
    }
    q->size = len;
    q->out_den = out_den;
    q->in_den = in_den;
    mark_set(members, len, q->in, 1);
    int k = 0;
    for (size_t c = 0; c < g->n_cols; c++) {
        double a = column_coef(g, q, c);
        if (a > 0) {
            g->ind[++k] = unit_col(g, c);
            g->val[k] = a;
        }
    }
    q->row = glp_add_rows(g->lp, 1);
    glp_set_row_bnds(g->lp, q->row, GLP_LO, 1, 0);
    glp_set_mat_row(g->lp, q->row, k, g->ind, g->val);
    g->mu[g->n_crows++] = 0;
    return FPT_OK;
}

/* ---- separation ---------------------------------------------------------------------------- */

typedef struct violated {
    cut3 t;
    double by;
} violated;

static int most_violated_first(const void *x, const void *y)
{
    const violated *a = x, *b = y;
    if (a->by != b->by) {
        return a->by > b->by ? -1 : 1;
    }
    for (int e = 0; e < 3; e++) {
        if (a->t.ccg[e] != b->t.ccg[e]) {
            return a->t.ccg[e] < b->t.ccg[e] ? -1 : 1;
        }
    }
    return 0;
}

size_t fpt_districts_cuts_a_round(size_t n, bool large)
{
    return large ? (size_t)fmax(CUTS_A_ROUND_LARGE, floor(CUTS_A_CCG_LARGE * (double)n))
                 : CUTS_A_ROUND;
}

/*
 * The subset-row cuts the master's optimum x violates most, at most
 * fpt_districts_cuts_a_round() of them, into the master; how many into *added. Only units
 * at a fraction can violate one (a unit at 1 covers its CCGs alone), so the triples are of
 * CCGs those units hold: with w_ab the weight of the units holding a and b, the left side
 * is w_ab + w_ac + w_bc − 2 w_abc.
 */
static fpt_status separate(cg *g, size_t *added)
{
    size_t n = g->in->n;
    *added = 0;
    size_t n_frac = 0, *frac = malloc((g->n_cols + 1) * sizeof *frac);
    double *x = malloc((g->n_cols + 1) * sizeof *x);
    size_t *at = malloc(n * sizeof *at), n_at = 0, *ccg = malloc(n * sizeof *ccg);
    if (frac == NULL || x == NULL || at == NULL || ccg == NULL) {
        free(frac), free(x), free(at), free(ccg);
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        at[i] = SIZE_MAX;
    }
    for (size_t c = 0; c < g->n_cols; c++) {
        x[c] = glp_get_col_prim(g->lp, unit_col(g, c));
        if (x[c] > 1e-9 && x[c] < 1 - 1e-9) {
            frac[n_frac++] = c;
            for (size_t r = g->col_start[c]; r < g->col_start[c + 1]; r++) {
                if (at[g->members[r]] == SIZE_MAX) {
                    at[g->members[r]] = n_at;
                    ccg[n_at++] = g->members[r];
                }
            }
        }
    }
    double *w = calloc(n_at * n_at + 1, sizeof *w);
    unsigned char *in_col = calloc(n_frac * n_at + 1, 1);
    violated *v = NULL;
    size_t n_v = 0, cap_v = 0;
    fpt_status st = w == NULL || in_col == NULL ? FPT_ENOMEM : FPT_OK;
    for (size_t f = 0; f < n_frac && st == FPT_OK; f++) {
        size_t c = frac[f], from = g->col_start[c], to = g->col_start[c + 1];
        for (size_t r = from; r < to; r++) {
            in_col[f * n_at + at[g->members[r]]] = 1;
            for (size_t s = from; s < to; s++) {
                w[at[g->members[r]] * n_at + at[g->members[s]]] += r != s ? x[c] : 0;
            }
        }
    }
    for (size_t a = 0; a < n_at && st == FPT_OK; a++) {
        for (size_t b = a + 1; b < n_at && st == FPT_OK; b++) {
            double ab = w[a * n_at + b];
            for (size_t c = b + 1; c < n_at && st == FPT_OK; c++) {
                double sum = ab + w[a * n_at + c] + w[b * n_at + c];
                if (sum <= 1 + CUT_VIOLATION) {
                    continue;
                }
                for (size_t f = 0; f < n_frac; f++) {
                    const unsigned char *holds3 = in_col + f * n_at;
                    sum -= holds3[a] && holds3[b] && holds3[c] ? 2 * x[frac[f]] : 0;
                }
                if (sum > 1 + CUT_VIOLATION) {
                    if (!grow((void **)&v, &cap_v, n_v + 1, sizeof *v)) {
                        st = FPT_ENOMEM;
                        break;
                    }
                    size_t t[3] = {ccg[a], ccg[b], ccg[c]};
                    for (int p = 0; p < 2; p++) { /* ascending CCGs, so ties order alike */
                        for (int q = 0; q < 2 - p; q++) {
                            if (t[q] > t[q + 1]) {
                                size_t tmp = t[q];
                                t[q] = t[q + 1];
                                t[q + 1] = tmp;
                            }
                        }
                    }
                    v[n_v++] = (violated){{{t[0], t[1], t[2]}, 0}, sum - 1};
                }
            }
        }
    }
    if (st == FPT_OK && n_v > 0) {
        qsort(v, n_v, sizeof *v, most_violated_first);
        size_t most = fpt_districts_cuts_a_round(n, g->large);
        for (size_t r = 0; r < n_v && r < most && st == FPT_OK; r++) {
            st = add_cut(g, &v[r].t);
            *added += st == FPT_OK;
        }
    }
    free(frac), free(x), free(at), free(ccg), free(w), free(in_col), free(v);
    return st;
}

/* The master's optimum as the cluster rows read it: each column's value, and the columns of
   value above 0 that hold each CCG and that each CCG is the centre of. */
typedef struct support {
    double *x;              /* [c] */
    size_t *start, *cols;   /* CCG i's columns: cols[start[i] .. start[i + 1]) */
    size_t *cstart, *ccols; /* centre j's: ccols[cstart[j] .. cstart[j + 1]) */
} support;

static void support_free(support *s)
{
    free(s->x), free(s->start), free(s->cols), free(s->cstart), free(s->ccols);
}

static bool support_init(const cg *g, support *s)
{
    size_t n = g->in->n, held = 0;
    memset(s, 0, sizeof *s);
    s->x = malloc((g->n_cols + 1) * sizeof *s->x);
    s->start = calloc(n + 1, sizeof *s->start);
    s->cstart = calloc(n + 1, sizeof *s->cstart);
    if (s->x == NULL || s->start == NULL || s->cstart == NULL) {
        return false;
    }
    for (size_t c = 0; c < g->n_cols; c++) {
        s->x[c] = glp_get_col_prim(g->lp, unit_col(g, c));
        if (s->x[c] > 1e-9) {
            for (size_t r = g->col_start[c]; r < g->col_start[c + 1]; r++) {
                s->start[g->members[r] + 1]++;
            }
            s->cstart[g->col_centre[c] + 1]++;
            held += g->col_start[c + 1] - g->col_start[c];
        }
    }
    for (size_t i = 0; i < n; i++) {
        s->start[i + 1] += s->start[i];
        s->cstart[i + 1] += s->cstart[i];
    }
    s->cols = malloc((held + 1) * sizeof *s->cols);
    s->ccols = malloc((g->n_cols + 1) * sizeof *s->ccols);
    size_t *fill = g->fill; /* scratch of n + 1 */
    if (s->cols == NULL || s->ccols == NULL) {
        return false;
    }
    memcpy(fill, s->start, n * sizeof *fill);
    for (size_t c = 0; c < g->n_cols; c++) {
        for (size_t r = g->col_start[c]; s->x[c] > 1e-9 && r < g->col_start[c + 1]; r++) {
            s->cols[fill[g->members[r]]++] = c;
        }
    }
    memcpy(fill, s->cstart, n * sizeof *fill);
    for (size_t c = 0; c < g->n_cols; c++) {
        if (s->x[c] > 1e-9) {
            s->ccols[fill[g->col_centre[c]]++] = c;
        }
    }
    return true;
}

/* The left-hand side of set q's row, members[0 .. len) marked in q->in, at the master's
   optimum: each column centred outside the set counts its CCGs inside, each centred inside its
   CCGs outside. */
static double set_lhs(const cg *g, const support *s, const cluster_row *q, const size_t *members,
                      size_t len)
{
    double lhs = 0;
    for (size_t r = 0; r < len; r++) {
        size_t i = members[r];
        for (size_t e = s->start[i]; e < s->start[i + 1]; e++) {
            size_t c = s->cols[e], j = g->col_centre[c];
            lhs += q->in[j] ? 0 : s->x[c] * cluster_coef(g, q, i, j);
        }
        for (size_t e = s->cstart[i]; e < s->cstart[i + 1]; e++) {
            lhs += s->x[s->ccols[e]] * column_coef(g, q, s->ccols[e]);
        }
    }
    return lhs;
}

/* A set whose row the master's optimum breaks. */
typedef struct violated_set {
    const size_t *members;
    size_t len, index; /* index: single linkage's clusters first, then the balls by CCG */
    double out_den, in_den, by;
} violated_set;

static int most_violated_set_first(const void *x, const void *y)
{
    const violated_set *a = x, *b = y;
    if (a->by != b->by) {
        return a->by > b->by ? -1 : 1;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Whether the set members[0 .. len) has its row in the master. */
static bool has_row(const cg *g, const size_t *members, size_t len)
{
    for (size_t q = 0; q < g->n_crows; q++) {
        if (g->crow[q].size != len) {
            continue;
        }
        size_t r = 0;
        while (r < len && g->crow[q].in[members[r]]) {
            r++;
        }
        if (r == len) { /* as many CCGs, each of them in it */
            return true;
        }
    }
    return false;
}

/* The sets tried, their rows broken into v (room for every cluster and a ball a CCG): single
   linkage's clusters, and the balls — each CCG with its nearest CCGs: of each CCG's prefixes
   that no whole number of units can hold, of at most BALL_CCGS CCGs and fewer than
   BALL_UNITS × L people, the one whose row the optimum breaks most. q->in is scratch of n,
   all 0, and left so. */
static size_t violated_sets(const cg *g, const support *s, cluster_row *q, violated_set *v)
{
    const fpt_districts_inst *in = g->in;
    const fpt_districts_clusters *cl = &g->cl;
    size_t n = in->n, n_v = 0;
    for (size_t c = 0; c < cl->n_sets; c++) {
        const size_t *members = cl->members + cl->start[c];
        size_t len = cl->start[c + 1] - cl->start[c];
        q->out_den = cl->out_den[c];
        q->in_den = cl->in_den[c];
        mark_set(members, len, q->in, 1);
        double lhs = set_lhs(g, s, q, members, len);
        if (lhs < 1 - CUT_VIOLATION) {
            v[n_v++] = (violated_set){members, len, c, q->out_den, q->in_den, 1 - lhs};
        }
        mark_set(members, len, q->in, 0);
    }
    for (size_t j = 0; j < n && in->cluster_balls; j++) {
        const size_t *ball = in->near + j * n;
        double pop = 0;
        violated_set most = {.by = CUT_VIOLATION};
        size_t len = 0;
        while (len + 1 < n && len < BALL_CCGS && pop + in->pop[ball[len]] < BALL_UNITS * in->lo) {
            pop += in->pop[ball[len]];
            q->in[ball[len++]] = 1;
            if (fpt_districts_no_whole_units(in, pop, &q->out_den, &q->in_den)) {
                double by = 1 - set_lhs(g, s, q, ball, len);
                if (by > most.by) {
                    most = (violated_set){ball, len, cl->n_sets + j, q->out_den, q->in_den, by};
                }
            }
        }
        mark_set(ball, len, q->in, 0);
        if (most.members != NULL) {
            v[n_v++] = most;
        }
    }
    return n_v;
}

/* The cluster rows the master's optimum breaks most, at most CLUSTER_ROWS_A_ROUND of them,
   into the master; how many into *added. */
static fpt_status separate_clusters(cg *g, size_t *added)
{
    *added = 0;
    if (g->n_crows == CLUSTER_ROWS || !g->in->cluster_rows) {
        return FPT_OK;
    }
    support s;
    violated_set *v = malloc((g->cl.n_sets + g->in->n + 1) * sizeof *v);
    cluster_row q = {.in = calloc(g->in->n, 1)};
    if (!support_init(g, &s) || v == NULL || q.in == NULL) {
        support_free(&s), free(v), free(q.in);
        return FPT_ENOMEM;
    }
    size_t n_v = violated_sets(g, &s, &q, v);
    qsort(v, n_v, sizeof *v, most_violated_set_first);
    fpt_status st = FPT_OK;
    size_t room = CLUSTER_ROWS - g->n_crows;
    size_t most = room < CLUSTER_ROWS_A_ROUND ? room : CLUSTER_ROWS_A_ROUND;
    for (size_t r = 0; r < n_v && *added < most && st == FPT_OK; r++) {
        if (!has_row(g, v[r].members, v[r].len)) {
            st = add_cluster_row(g, v[r].members, v[r].len, v[r].out_den, v[r].in_den);
            *added += st == FPT_OK;
        }
    }
    support_free(&s), free(v), free(q.in);
    return st;
}

/* ---- the rounds ---------------------------------------------------------------------------- */

static void cg_free(cg *g)
{
    if (g->lp != NULL) {
        glp_delete_prob(g->lp);
    }
    pricer *p = &g->p;
    free(p->a), free(p->w), free(p->ccg), free(p->cut_start), free(p->cut_of), free(p->pen);
    free(p->count), free(p->take), free(p->best_take), free(p->raw_a), free(p->raw_w);
    free(p->raw_ccg), free(p->key), free(p->order), free(p->tmp);
    free(g->col_centre), free(g->col_start), free(g->members), free(g->cuts), free(g->pi);
    free(g->rho), free(g->pos), free(g->local), free(g->rc), free(g->ind), free(g->val);
    free(g->set), free(g->fill), free(g->best_pi), free(g->best_rho), free(g->best_rc);
    free(g->anchor), free(g->kept), free(g->kept_start), free(g->kept_len), free(g->hard);
    fpt_knapsack_free(&g->ks);
    for (size_t q = 0; q < g->n_crows; q++) {
        free(g->crow[q].in);
    }
    fpt_districts_clusters_free(&g->cl);
}

/* Room in the arrays kept for each cut for cuts of them (cut_of: three places each). */
static bool room_for_cuts(cg *g, size_t cuts)
{
    pricer *p = &g->p;
    cuts++;
    double *pen = realloc(p->pen, cuts * sizeof *pen);
    p->pen = pen != NULL ? pen : p->pen;
    unsigned char *count = realloc(p->count, cuts);
    p->count = count != NULL ? count : p->count;
    size_t *cut_of = realloc(p->cut_of, 3 * cuts * sizeof *cut_of);
    p->cut_of = cut_of != NULL ? cut_of : p->cut_of;
    size_t *local = realloc(g->local, cuts * sizeof *local);
    g->local = local != NULL ? local : g->local;
    double *rho = realloc(g->rho, cuts * sizeof *rho);
    g->rho = rho != NULL ? rho : g->rho;
    double *best_rho = realloc(g->best_rho, cuts * sizeof *best_rho);
    g->best_rho = best_rho != NULL ? best_rho : g->best_rho;
    return pen != NULL && count != NULL && cut_of != NULL && local != NULL && rho != NULL &&
           best_rho != NULL;
}

static fpt_status cg_init(cg *g, const fpt_districts_inst *in, fpt_districts_lagr *lg,
                          const fpt_districts_plan *best, bool large)
{
    size_t n = in->n;
    memset(g, 0, sizeof *g);
    g->in = in;
    g->lg = lg;
    g->large = large;
    pricer *p = &g->p;
    p->a = malloc(n * sizeof *p->a);
    p->w = malloc(n * sizeof *p->w);
    p->ccg = malloc(n * sizeof *p->ccg);
    p->raw_a = malloc(n * sizeof *p->raw_a);
    p->raw_w = malloc(n * sizeof *p->raw_w);
    p->raw_ccg = malloc(n * sizeof *p->raw_ccg);
    p->key = malloc(n * sizeof *p->key);
    p->order = malloc(n * sizeof *p->order);
    p->tmp = malloc(n * sizeof *p->tmp);
    p->cut_start = malloc((n + 1) * sizeof *p->cut_start);
    p->take = calloc(n, sizeof *p->take);
    p->best_take = calloc(n, sizeof *p->best_take);
    g->pi = calloc(n, sizeof *g->pi);
    g->pos = malloc(n * sizeof *g->pos);
    g->hard = malloc(n * sizeof *g->hard);
    g->rc = malloc(n * sizeof *g->rc);
    g->set = malloc(n * sizeof *g->set);
    g->fill = malloc((n + 1) * sizeof *g->fill);
    g->best_pi = malloc(n * sizeof *g->best_pi);
    g->best_rc = malloc(n * sizeof *g->best_rc);
    g->kept_start = malloc((n + 1) * sizeof *g->kept_start);
    g->kept_len = calloc(n, sizeof *g->kept_len);
    if (g->kept_start != NULL) {
        g->kept_start[0] = 0;
        for (size_t j = 0; j < n; j++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                m += i != j && lg->allowed[i * n + j];
            }
            g->kept_start[j + 1] = g->kept_start[j] + m;
        }
        g->kept = malloc((g->kept_start[n] > 0 ? g->kept_start[n] : 1) * sizeof *g->kept);
    }
    if (p->a == NULL || p->w == NULL || p->ccg == NULL || p->raw_a == NULL || p->raw_w == NULL ||
        p->raw_ccg == NULL || p->key == NULL || p->order == NULL || p->tmp == NULL ||
        p->cut_start == NULL || p->take == NULL || p->best_take == NULL || g->pi == NULL ||
        g->pos == NULL || g->hard == NULL || g->rc == NULL || g->set == NULL || g->fill == NULL ||
        g->best_pi == NULL || g->best_rc == NULL || g->kept_start == NULL || g->kept_len == NULL ||
        g->kept == NULL || !room_for_cuts(g, 0) || fpt_knapsack_init(&g->ks, n) != FPT_OK ||
        (in->cluster_rows && fpt_districts_clusters_find(in, &g->cl) != FPT_OK)) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        g->pos[i] = SIZE_MAX;
    }
    g->lp = glp_create_prob();
    glp_set_obj_dir(g->lp, GLP_MIN);
    glp_add_rows(g->lp, (int)n + 1);
    for (size_t i = 0; i < n; i++) {
        glp_set_row_bnds(g->lp, (int)i + 1, GLP_FX, 1, 1);
    }
    glp_set_row_bnds(g->lp, (int)n + 1, GLP_FX, (double)in->k, (double)in->k);
    if (!box_init(g)) {
        return FPT_ENOMEM;
    }
    /* the incumbent's units: the master starts feasible without the box too */
    for (size_t j = 0; j < n; j++) {
        size_t len = 0;
        g->set[len++] = j;
        for (size_t i = 0; i < n; i++) {
            if (i != j && best->centre_of[i] == j) {
                g->set[len++] = i;
            }
        }
        if (best->centre_of[j] == j && add_column(g, j, g->set, len) != FPT_OK) {
            return FPT_ENOMEM;
        }
    }
    return FPT_OK;
}

/* The cluster rows of μ > 0 into live. */
static void find_live(cg *g)
{
    g->n_live = 0;
    for (size_t q = 0; q < g->n_crows; q++) {
        if (g->mu[q] > 0) {
            g->live[g->n_live++] = q;
        }
    }
}

/* The master's duals into pi, sigma, rho and mu. */
static void read_duals(cg *g)
{
    size_t n = g->in->n;
    for (size_t i = 0; i < n; i++) {
        g->pi[i] = glp_get_row_dual(g->lp, (int)i + 1);
    }
    g->sigma = glp_get_row_dual(g->lp, (int)n + 1);
    for (size_t t = 0; t < g->n_cuts; t++) {
        g->rho[t] = fmin(0, glp_get_row_dual(g->lp, g->cuts[t].row));
    }
    for (size_t q = 0; q < g->n_crows; q++) {
        g->mu[q] = fmax(0, glp_get_row_dual(g->lp, g->crow[q].row));
    }
    find_live(g);
}

/* Whether centre j can open under lg's states and pairs, as the duals priced it. */
static bool may_open(const cg *g, size_t j)
{
    return isfinite(g->rc[j]) && !fpt_centre_closed(g->lg->state[j]) &&
           g->lg->allowed[j * g->in->n + j];
}

/* The K centres the dual bound takes: the forced ones, then the least rc[j] (ties: the lower
   j) of those that may open, chosen[j] set; the rc of the dearest free one taken into *last
   (INFINITY: none). Returns the sum of their rc, INFINITY when fewer than K can open. Centres
   closed since the duals were priced are passed over, so a node's states may be given. */
static double choose(const cg *g, bool *chosen, double *last)
{
    size_t n = g->in->n, k = g->in->k, taken = 0;
    const signed char *state = g->lg->state;
    double sum = 0;
    *last = INFINITY;
    for (size_t j = 0; j < n; j++) {
        chosen[j] = state[j] == FPT_CENTRE_FORCED;
        sum += chosen[j] ? g->rc[j] : 0;
        taken += chosen[j];
    }
    for (; taken < k; taken++) { /* repeated selection: K is small */
        size_t pick = SIZE_MAX;
        for (size_t j = 0; j < n; j++) {
            if (!chosen[j] && may_open(g, j) && (pick == SIZE_MAX || g->rc[j] < g->rc[pick])) {
                pick = j;
            }
        }
        if (pick == SIZE_MAX) {
            return INFINITY;
        }
        chosen[pick] = true;
        sum += g->rc[pick];
        *last = g->rc[pick];
    }
    return taken == k ? sum : INFINITY;
}

/* Σ π_i + K σ + Σ ρ_t + Σ μ_q: what the duals give before the centres' reduced costs. */
static double dual_base(const cg *g)
{
    double sum = (double)g->in->k * g->sigma;
    for (size_t i = 0; i < g->in->n; i++) {
        sum += g->pi[i];
    }
    for (size_t t = 0; t < g->n_cuts; t++) {
        sum += g->rho[t];
    }
    for (size_t q = 0; q < g->n_crows; q++) {
        sum += g->mu[q];
    }
    return sum;
}

/* How far a pricing pass went (price_all()). */
typedef enum priced {
    PRICED_NONE,  /* the first pricing stopped (deadline, work) before every centre had its
                     bound, or an error stopped either */
    PRICED_SHORT, /* every centre bounded, but the second pricing stopped part-way */
    PRICED,       /* every centre priced within its node limits */
} priced;

/* Whether the pricing must stop before its next centre: the deadline, or max_work nodes. */
static bool pricing_spent(const cg *g, size_t max_work)
{
    return fpt_districts_time_left(g->in) <= 0 || g->work > max_work;
}

/* The centres which[0 .. count) (which NULL: every centre) priced with node_limit nodes each,
   the deadline and the work checked before each; false when they or an error (*st) stopped
   it. Those the node limit stopped go into g->hard, *n_hard of them, unless n_hard is NULL. */
static bool price_centres(cg *g, const size_t *which, size_t count, size_t node_limit,
                          size_t max_work, size_t *n_hard, size_t *added, fpt_status *st)
{
    for (size_t h = 0; h < count && *st == FPT_OK; h++) {
        if (pricing_spent(g, max_work)) {
            return false;
        }
        size_t j = which != NULL ? which[h] : h;
        bool in = false;
        *st = price_centre(g, j, node_limit, &in);
        *added += in;
        if (n_hard != NULL && g->p.stopped) {
            g->hard[(*n_hard)++] = j;
        }
    }
    return *st == FPT_OK;
}

/* One pricing pass over every centre. A centre whose search the node limit stopped bounds its
   reduced cost by its LP alone, and the pass's bound takes the K least; so when no unit prices
   in, such centres are priced again with PRICE_NODES_AGAIN nodes (at 1,000 points into 50
   units two of them held the fourth round's bound 0.16 million person-km below the master's
   998.86 million; priced again, it met it). When the deadline or the work stops that second
   pricing, the pass's bounds stand but it has not converged: PRICED_SHORT. */
static priced price_all(cg *g, size_t max_work, size_t *added, fpt_status *st)
{
    *added = 0;
    size_t n_hard = 0, limit = g->in->price_nodes > 0 ? g->in->price_nodes : PRICE_NODES;
    if (!price_centres(g, NULL, g->in->n, limit, max_work, &n_hard, added, st)) {
        return PRICED_NONE;
    }
    if (*added > 0) {
        return PRICED;
    }
    size_t again = limit > PRICE_NODES_AGAIN ? limit : PRICE_NODES_AGAIN;
    if (!price_centres(g, g->hard, n_hard, again, max_work, NULL, added, st)) {
        return *st == FPT_OK ? PRICED_SHORT : PRICED_NONE;
    }
    return PRICED;
}

/* Keep the duals of a better bound. */
static void keep_duals(cg *g)
{
    size_t n = g->in->n;
    memcpy(g->best_pi, g->pi, n * sizeof *g->pi);
    memcpy(g->best_rc, g->rc, n * sizeof *g->rc);
    memcpy(g->best_rho, g->rho, g->n_cuts * sizeof *g->rho);
    g->best_sigma = g->sigma;
    g->best_cuts = g->n_cuts;
    memcpy(g->best_mu, g->mu, g->n_crows * sizeof *g->mu);
    g->best_crows = g->n_crows;
}

/* The duals of the best bound back (cuts added since count for nothing). */
static void restore_duals(cg *g)
{
    size_t n = g->in->n;
    memcpy(g->pi, g->best_pi, n * sizeof *g->pi);
    memcpy(g->rc, g->best_rc, n * sizeof *g->rc);
    for (size_t t = 0; t < g->n_cuts; t++) {
        g->rho[t] = t < g->best_cuts ? g->best_rho[t] : 0;
    }
    g->sigma = g->best_sigma;
    for (size_t q = 0; q < g->n_crows; q++) {
        g->mu[q] = q < g->best_crows ? g->best_mu[q] : 0;
    }
    find_live(g);
}

/* At the best duals: the dual base plus the K centres' least reduced costs (INFINITY when
   fewer than K can open), which centres those are, and the dearest free one's. */
typedef struct choice {
    bool *chosen;
    double total, last;
} choice;

static choice best_choice(cg *g)
{
    restore_duals(g);
    choice c = {.chosen = g->p.best_take}; /* scratch of n (load_centre() clears take) */
    c.total = dual_base(g) + choose(g, c.chosen, &c.last);
    return c;
}

/* The least a partition's K − 1 units other than one of centre j can cost at the best duals,
   the base included: without j if it is chosen, else without the dearest free one (INFINITY
   when there is none: the forced centres are K already, and j cannot open). */
static double others_of(const cg *g, const choice *c, size_t j)
{
    return c->chosen[j] || isfinite(c->last) ? c->total - (c->chosen[j] ? g->rc[j] : c->last)
                                             : INFINITY;
}

/*
 * Reduced-cost fixing at the best duals: any partition that uses pair (i, j) costs at least
 * the dual base, a lower bound on the reduced cost of centre j's columns holding i (its
 * knapsack's LP with i taken, the penalties left out), and the K − 1 least of the other
 * centres'; over ub, the pair goes (the centre, when i = j). Returns the pairs removed.
 */
static size_t fix(cg *g, double ub)
{
    const fpt_districts_inst *in = g->in;
    size_t n = in->n, removed = 0;
    choice c = best_choice(g);
    if (!isfinite(c.total)) {
        return 0;
    }
    for (size_t j = 0; j < n; j++) {
        double lo, hi, fixed;
        if (!load_centre(g, j, &lo, &hi, &fixed)) {
            continue;
        }
        double others = others_of(g, &c, j);
        if (others + g->rc[j] > ub && g->lg->state[j] != FPT_CENTRE_FORCED) {
            unload_centre(g);
            removed += fpt_districts_lagr_close(g->lg, j);
            continue;
        }
        for (size_t r = 0; r < g->p.m; r++) {
            size_t i = g->p.ccg[r];
            double rest = lp_rest(&g->p, 0, r, lo - g->p.w[r], hi - g->p.w[r]);
            if (others + fmax(g->rc[j], fixed + g->p.a[r] + rest) > ub) {
                g->lg->allowed[i * n + j] = 0;
                removed++;
            }
        }
        unload_centre(g);
    }
    g->lg->dirty = g->lg->dirty || removed > 0;
    return removed;
}

/* ---- every unit that could be in a cheaper partition, and the MIP over them --------------- */

/* Units enumerated for the MIP: each centre's, its members and cost. */
typedef struct pool {
    size_t n_cols, cap_cols, cap_starts, *centre, *start, n_members, cap_members, *members;
    double *cost;
    size_t cap_cost, nodes, max_cols, max_nodes;
    bool overflow;
} pool;

/* Every set of centre j's items whose cost, penalties included, is at most thr into the pool;
   depth-first, the LP bound pruning. */
static void enumerate(cg *g, pool *q, size_t j, size_t r, double lo, double hi, double cost,
                      double thr)
{
    pricer *p = &g->p;
    if (q->overflow || ++q->nodes > q->max_nodes) {
        q->overflow = true;
        return;
    }
    if (!(cost + lp_rest(p, r, SIZE_MAX, lo, hi) <= thr)) {
        return;
    }
    if (r == p->m) {
        size_t len = 0;
        g->set[len++] = j;
        double c = g->in->cost[j * g->in->n + j];
        for (size_t s = 0; s < p->m; s++) {
            if (p->take[s]) {
                g->set[len++] = p->ccg[s];
                c += g->in->cost[p->ccg[s] * g->in->n + j];
            }
        }
        if (q->n_cols == q->max_cols ||
            !grow((void **)&q->centre, &q->cap_cols, q->n_cols + 1, sizeof *q->centre) ||
            !grow((void **)&q->cost, &q->cap_cost, q->n_cols + 1, sizeof *q->cost) ||
            !grow((void **)&q->start, &q->cap_starts, q->n_cols + 2, sizeof *q->start) ||
            !grow((void **)&q->members, &q->cap_members, q->n_members + len, sizeof *q->members)) {
            q->overflow = true;
            return;
        }
        q->centre[q->n_cols] = j;
        q->cost[q->n_cols] = c / DISTRICTS_SCALE;
        q->start[q->n_cols] = q->n_members;
        memcpy(q->members + q->n_members, g->set, len * sizeof *g->set);
        q->n_members += len;
        q->start[++q->n_cols] = q->n_members;
        return;
    }
    if (p->w[r] <= hi + 1e-12) {
        double added = take_item(p, r);
        enumerate(g, q, j, r + 1, lo - p->w[r], hi - p->w[r], cost + added, thr);
        leave_item(p, r);
    }
    enumerate(g, q, j, r + 1, lo, hi, cost, thr);
}

/* The incumbent's units as the pool's columns, x[1 .. n_cols] 1 or 0, for GLPK. False when
   one of them is not among them. */
static bool incumbent_columns(const cg *g, const pool *q, const fpt_districts_plan *best, double *x)
{
    const fpt_districts_inst *in = g->in;
    size_t found = 0, *size = g->fill; /* scratch of n + 1: each unit's CCGs */
    memset(size, 0, in->n * sizeof *size);
    for (size_t i = 0; i < in->n; i++) {
        size[best->centre_of[i]]++;
    }
    for (size_t c = 0; c < q->n_cols; c++) {
        size_t j = q->centre[c], len = q->start[c + 1] - q->start[c];
        bool same = best->centre_of[j] == j && len == size[j];
        for (size_t r = q->start[c]; r < q->start[c + 1] && same; r++) {
            same = best->centre_of[q->members[r]] == j;
        }
        x[c + 1] = same;
        found += same;
    }
    return found == in->k;
}

/* GLPK's callback: the incumbent (*info, unless NULL) as its first solution, once. */
static void give_incumbent(glp_tree *tree, void *info)
{
    const double **x = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && *x != NULL) {
        glp_ios_heur_sol(tree, *x);
        *x = NULL;
    }
}

/* GLPK's search over the pool's MIP lp within the time left, the incumbent given (give: the
   target is above it) as its first solution when its units are all in the pool (they are,
   unless rounding left one out), so that only nodes below it are searched: its LP by the
   simplex, then the branch-and-bound on the most fractional unit. GLPK's code, or GLP_ENOPFS
   when the LP has no solution; the LP's optimum, and whether the incumbent was given, into
   out. */
static int pool_search(cg *g, const pool *q, glp_prob *lp, const fpt_districts_plan *best,
                       bool give, fpt_districts_pool_outcome *out)
{
    const fpt_districts_inst *in = g->in;
    /* the dual simplex: the slack basis (every unit out, none of negative cost) is dual
       feasible (2013 K = 25: 1.8 s against the primal's 8.5 s, the same output; bench/README.md
       "The units' LP by the dual simplex") */
    glp_smcp simplex = fpt_districts_quiet_simplex();
    simplex.meth = GLP_DUALP;
    int rc = fpt_districts_simplex(in, lp, &simplex);
    if (rc != 0 || glp_get_status(lp) != GLP_OPT) {
        return rc == 0 && glp_get_status(lp) == GLP_NOFEAS ? GLP_ENOPFS : GLP_EFAIL;
    }
    out->lp = glp_get_obj_val(lp) * DISTRICTS_SCALE;
    double *x = malloc((q->n_cols + 1) * sizeof *x);
    const double *start = give && x != NULL && incumbent_columns(g, q, best, x) ? x : NULL;
    out->given = start != NULL;
    glp_iocp parm = fpt_districts_quiet_iocp(in);
    parm.cb_func = give_incumbent;
    parm.cb_info = &start;
    /* not GLPK's default (Driebeck and Tomlin's), whose choice cost 0.5-2 s a node over
       13,000-25,000 units: 2013 K = 25's searches took 32.5 s where 64.4 s, and a search of
       500 points into 25 units 1.3 s and 7 nodes where 61.3 s and 93 (bench/README.md "The
       units' MIP branches on the most fractional unit") */
    parm.br_tech = GLP_BR_MFV;
    rc = glp_intopt(lp, &parm);
    free(x);
    return rc;
}

/* The cuts whose best duals are below zero, indexed by CCG: the cuts holding CCG i are
   by_ccg[start[i] .. start[i + 1]), each as its row in the pool's MIP (from n + 2). */
typedef struct cut_rows {
    size_t n_rows, *start, *by_ccg, *row_cut;
    unsigned char *hits; /* [row] a unit's CCGs in it so far */
} cut_rows;

static void cut_rows_free(cut_rows *t)
{
    free(t->start), free(t->by_ccg), free(t->row_cut), free(t->hits);
}

static bool cut_rows_init(const cg *g, cut_rows *t)
{
    size_t n = g->in->n;
    memset(t, 0, sizeof *t);
    t->start = calloc(n + 2, sizeof *t->start);
    t->by_ccg = malloc((3 * g->best_cuts + 1) * sizeof *t->by_ccg);
    t->row_cut = malloc((g->best_cuts + 1) * sizeof *t->row_cut);
    t->hits = calloc(g->best_cuts + 1, 1);
    if (t->start == NULL || t->by_ccg == NULL || t->row_cut == NULL || t->hits == NULL) {
        return false; /* the caller frees t */
    }
    for (size_t c = 0; c < g->best_cuts; c++) {
        if (g->best_rho[c] < -RC_EPS) {
            for (int e = 0; e < 3; e++) {
                t->start[g->cuts[c].ccg[e] + 2]++;
            }
            t->row_cut[t->n_rows++] = c;
        }
    }
    for (size_t i = 0; i < n; i++) {
        t->start[i + 2] += t->start[i + 1];
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        for (int e = 0; e < 3; e++) {
            t->by_ccg[t->start[g->cuts[t->row_cut[r]].ccg[e] + 1]++] = r;
        }
    }
    return true;
}

/* The rows of the cuts that the unit of CCGs set[0 .. len) holds two of, or three, after
   entry k of ind and val (1-based, as GLPK's); returns the last entry. */
static int unit_cut_rows(cut_rows *t, const size_t *set, size_t len, size_t n, int *ind,
                         double *val, int k)
{
    for (size_t r = 0; r < len; r++) {
        for (size_t h = t->start[set[r]]; h < t->start[set[r] + 1]; h++) {
            if (++t->hits[t->by_ccg[h]] == 2) {
                ind[++k] = (int)(n + 2 + t->by_ccg[h]);
                val[k] = 1;
            }
        }
    }
    for (size_t r = 0; r < len; r++) {
        for (size_t h = t->start[set[r]]; h < t->start[set[r] + 1]; h++) {
            t->hits[t->by_ccg[h]] = 0;
        }
    }
    return k;
}

/* The pool's set-partitioning MIP (each CCG once, K units, and the cuts and cluster rows that
   bound it at the best duals, so that its LP is no weaker than the bound with cuts) by GLPK's
   search within the time left; its optimum into best when it costs less. Below the incumbent,
   a row keeps its person-km under target (scaled), so that GLPK prunes what costs more
   without a solution to prune by. The least person-km of any partition into out->bound when
   GLPK ended: its optimum, or target when none is below it; false when it did not end. */
static bool solve_pool(cg *g, const pool *q, double target, fpt_districts_plan *best,
                       fpt_districts_pool_outcome *out)
{
    const fpt_districts_inst *in = g->in;
    size_t n = in->n;
    bool capped = target <= best->cost;
    cut_rows t;
    bool ok = cut_rows_init(g, &t);
    /* the cluster rows of a dual above zero, after the cuts' */
    size_t n_cl = 0, cl[CLUSTER_ROWS];
    for (size_t r = 0; r < g->best_crows; r++) {
        if (g->best_mu[r] > RC_EPS) {
            cl[n_cl++] = r;
        }
    }
    /* ind and val hold a column's entries, then those of the row capping the person-km */
    size_t len = n + t.n_rows + n_cl + 2;
    if (capped && len < q->n_cols + 1) {
        len = q->n_cols + 1;
    }
    if (!ok || !grow((void **)&g->ind, &g->cap_ind, len, sizeof *g->ind) ||
        !grow((void **)&g->val, &g->cap_val, len, sizeof *g->val)) {
        cut_rows_free(&t);
        return false;
    }
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    int cl_row = (int)(n + 2 + t.n_rows), cap_row = cl_row + (int)n_cl;
    glp_add_rows(lp, (int)(n + 1 + t.n_rows + n_cl) + capped);
    for (size_t i = 0; i < n; i++) {
        glp_set_row_bnds(lp, (int)i + 1, GLP_FX, 1, 1);
    }
    glp_set_row_bnds(lp, (int)n + 1, GLP_FX, (double)in->k, (double)in->k);
    for (size_t r = 0; r < t.n_rows; r++) {
        glp_set_row_bnds(lp, (int)(n + 2 + r), GLP_UP, 0, 1);
    }
    for (size_t r = 0; r < n_cl; r++) {
        glp_set_row_bnds(lp, cl_row + (int)r, GLP_LO, 1, 0);
    }
    if (capped) {
        glp_set_row_bnds(lp, cap_row, GLP_UP, 0, target / DISTRICTS_SCALE);
    }
    if (q->n_cols > 0) {
        glp_add_cols(lp, (int)q->n_cols);
    }
    for (size_t c = 0; c < q->n_cols; c++) {
        int k = 0;
        for (size_t r = q->start[c]; r < q->start[c + 1]; r++) {
            g->ind[++k] = (int)q->members[r] + 1;
            g->val[k] = 1;
        }
        g->ind[++k] = (int)n + 1;
        g->val[k] = 1;
        k = unit_cut_rows(&t, q->members + q->start[c], q->start[c + 1] - q->start[c], n, g->ind,
                          g->val, k);
        for (size_t r = 0; r < n_cl; r++) {
            double a = unit_coef(g, &g->crow[cl[r]], q->members + q->start[c],
                                 q->start[c + 1] - q->start[c], q->centre[c]);
            if (a > 0) {
                g->ind[++k] = cl_row + (int)r;
                g->val[k] = a;
            }
        }
        glp_set_col_kind(lp, (int)c + 1, GLP_BV);
        glp_set_obj_coef(lp, (int)c + 1, q->cost[c]);
        glp_set_mat_col(lp, (int)c + 1, k, g->ind, g->val);
    }
    if (capped && q->n_cols > 0) {
        for (size_t c = 0; c < q->n_cols; c++) {
            g->ind[c + 1] = (int)c + 1;
            g->val[c + 1] = q->cost[c];
        }
        glp_set_mat_row(lp, cap_row, (int)q->n_cols, g->ind, g->val);
    }
    out->rows = t.n_rows + n_cl;
    int rc = q->n_cols > 0 ? pool_search(g, q, lp, best, !capped, out) : GLP_ENOPFS;
    int status = glp_mip_status(lp);
    bool ended = (rc == 0 && status == GLP_OPT) || rc == GLP_ENOPFS || status == GLP_NOFEAS;
    out->bound = ended ? target : -INFINITY;
    if (rc == 0 && status == GLP_OPT) {
        size_t *centre_of = g->set; /* scratch of n */
        for (size_t c = 0; c < q->n_cols; c++) {
            if (glp_mip_col_val(lp, (int)c + 1) > 0.5) {
                for (size_t r = q->start[c]; r < q->start[c + 1]; r++) {
                    centre_of[q->members[r]] = q->centre[c];
                }
            }
        }
        out->bound = fmin(target, fpt_districts_plan_cost(in, centre_of));
        fpt_districts_plan_offer(in, centre_of, best);
    }
    glp_delete_prob(lp);
    cut_rows_free(&t);
    return ended;
}

bool fpt_districts_cuts_solve(fpt_districts_cuts *c, fpt_districts_lagr *lg,
                              fpt_districts_plan *best, double target, size_t max_cols,
                              size_t max_nodes, fpt_districts_pool_outcome *out)
{
    cg *g = c;
    const fpt_districts_inst *in = g->in;
    size_t n = in->n;
    g->lg = lg;
    choice ch = best_choice(g);
    double thr = target / DISTRICTS_SCALE;
    pool q = {.max_cols = max_cols, .max_nodes = max_nodes};
    for (size_t j = 0; j < n && isfinite(ch.total) && !q.overflow; j++) {
        double lo, hi, fixed, others = others_of(g, &ch, j);
        if (isfinite(others) && load_centre(g, j, &lo, &hi, &fixed)) {
            enumerate(g, &q, j, 0, lo, hi, 0, thr - others - fixed);
            unload_centre(g);
        }
    }
    *out = (fpt_districts_pool_outcome){q.n_cols, q.nodes, 0, NAN, -INFINITY, false, q.overflow};
    bool ended = !isfinite(ch.total); /* fewer than K centres can open: no partition is left */
    if (ended) {
        out->bound = target;
    } else if (!q.overflow && fpt_districts_time_left(in) > 0) {
        ended = solve_pool(g, &q, target, best, out);
    }
    free(q.centre), free(q.start), free(q.members), free(q.cost);
    return ended;
}

double fpt_districts_cuts_node_bound(fpt_districts_cuts *c, fpt_districts_lagr *lg)
{
    c->lg = lg;
    return best_choice(c).total * DISTRICTS_SCALE;
}

size_t fpt_districts_cuts_fix(fpt_districts_cuts *c, fpt_districts_lagr *lg, double ub)
{
    c->lg = lg;
    return fix(c, ub / DISTRICTS_SCALE);
}

void fpt_districts_cuts_free(fpt_districts_cuts *c)
{
    if (c != NULL) {
        cg_free(c);
        free(c);
    }
}

/* Whether a round that took the bound from last to bound raised it too little: by less than
   CUT_TAIL of what is left between it and the goal. */
static bool tails_off(double last, double bound, double goal)
{
    return isfinite(last) && isfinite(goal) && bound - last < CUT_TAIL * (goal - bound);
}

/* A pricing pass at the anchor's duals (σ = 0, no cuts yet), as price_all(). */
static priced price_anchor(cg *g, size_t max_work, size_t *added, fpt_status *st)
{
    memcpy(g->pi, g->anchor, g->in->n * sizeof *g->pi);
    g->sigma = 0;
    return price_all(g, max_work, added, st);
}

/*
 * The master's optimum, its box unused, offered as a plan when it is a partition: every unit
 * at 0 or 1, so that the units at 1 hold each CCG once, K of them. At 500 points into 25 units
 * it is the optimum, 0.69% below the heuristic's plan, in the fourth round of cuts
 * (bench/README.md "The master's optimum as a plan"). True when the plan improved.
 */
static bool offer_master(cg *g, fpt_districts_plan *best)
{
    for (size_t c = 0; c < g->n_cols; c++) {
        double x = glp_get_col_prim(g->lp, unit_col(g, c));
        if (x > WHOLE_EPS && x < 1 - WHOLE_EPS) {
            return false;
        }
    }
    size_t *centre_of = g->set; /* scratch of n */
    for (size_t c = 0; c < g->n_cols; c++) {
        if (glp_get_col_prim(g->lp, unit_col(g, c)) > 0.5) {
            for (size_t r = g->col_start[c]; r < g->col_start[c + 1]; r++) {
                centre_of[g->members[r]] = g->col_centre[c];
            }
        }
    }
    return fpt_districts_plan_offer(g->in, centre_of, best);
}

/* The goal as the incumbent now has it: lim->goal, set against the incumbent of cost start,
   lowered by what the incumbent has gained since. */
static double goal_now(const fpt_districts_cut_limits *lim, double start,
                       const fpt_districts_plan *best)
{
    return isfinite(start) ? lim->goal - (start - best->cost) : lim->goal;
}

/* A pass priced: its bound counted, the duals kept when it is the best. True once the bound
   reaches the goal. */
static bool take_pass(cg *g, fpt_districts_cut_outcome *out, double goal,
                      const fpt_districts_plan *best)
{
    bool *chosen = g->p.best_take; /* scratch of n */
    double last, bound = (dual_base(g) + choose(g, chosen, &last)) * DISTRICTS_SCALE;
    out->passes++;
    if (bound > out->bound) {
        out->bound = bound;
        keep_duals(g);
        fpt_districts_report(g->in, FPT_DISTRICTS_PHASE_CUTS, bound, best);
    }
    return out->bound >= goal;
}

fpt_status fpt_districts_cut_bound(const fpt_districts_inst *in, fpt_districts_lagr *lg,
                                   fpt_districts_plan *best, const fpt_districts_cut_limits *lim,
                                   fpt_districts_cuts **kept, fpt_districts_cut_outcome *out)
{
    memset(out, 0, sizeof *out);
    out->bound = -INFINITY;
    if (kept != NULL) {
        *kept = NULL;
    }
    cg *g = malloc(sizeof *g);
    if (g == NULL) {
        return FPT_ENOMEM;
    }
    fpt_status st = cg_init(g, in, lg, best, lim->large);
    glp_smcp parm = fpt_districts_quiet_simplex();
    size_t added = 0;
    /* the first pass at the anchor itself, before any simplex: about the Lagrangian bound,
       and each centre's unit there into the master */
    bool done = st != FPT_OK;
    double start = best->found ? best->cost : INFINITY;
    if (!done && g->n_box > 0) {
        priced pr = price_anchor(g, lim->max_work, &added, &st);
        done = pr == PRICED_NONE || take_pass(g, out, goal_now(lim, start, best), best) ||
               pr == PRICED_SHORT;
    }
    double last = -INFINITY; /* the bound after the round before */
    for (size_t round = 0; !done; round++) {
        bool converged = false, foreseen = false;
        for (size_t pass = 0; pass < PASSES_A_ROUND && !done && !converged; pass++) {
            /* the cuts just added leave the last basis dual feasible, not primal: the dual
               simplex from it (at 1,000 points the primal took 27 s over the fourth round's
               new rows, where a pass takes 0.2 s); the columns priced in, the primal */
            parm.meth = pass == 0 && round > 0 ? GLP_DUALP : GLP_PRIMAL;
            if (fpt_districts_time_left(in) <= 0 || fpt_districts_simplex(in, g->lp, &parm) != 0 ||
                glp_get_status(g->lp) != GLP_OPT) {
                done = true;
                break;
            }
            bool box_unused = !box_in_use(g);
            out->offered += box_unused && offer_master(g, best);
            double goal = goal_now(lim, start, best);
            /* the master's value, its box unused, is at least the LP's over every unit, so at
               least any bound this round can reach: when even that tails off, so has the round */
            foreseen =
                box_unused && tails_off(last, glp_get_obj_val(g->lp) * DISTRICTS_SCALE, goal);
            if (foreseen) {
                break;
            }
            read_duals(g);
            priced pr = price_all(g, lim->max_work, &added, &st);
            if (pr == PRICED_NONE) {
                done = true;
                break;
            }
            double before = out->bound;
            done = take_pass(g, out, goal, best) || pr == PRICED_SHORT;
            /* boxstep: the box follows a better bound, and moves on when it holds the
               master's optimum from the duals its units want */
            bool held = box_in_use(g);
            if (out->bound > before || (added == 0 && held)) {
                box_recentre(g);
            }
            converged = added == 0 && !held && pr == PRICED;
        }
        out->rounds = round + 1;
        out->converged = converged;
        out->foreseen = foreseen;
        out->tailed = foreseen;
        if (foreseen || done || !converged || round == lim->max_rounds) {
            break;
        }
        if (tails_off(last, out->bound, goal_now(lim, start, best))) {
            out->tailed = true; /* no more cuts */
            break;
        }
        last = out->bound;
        st = separate(g, &added);
        if (st == FPT_OK && !room_for_cuts(g, g->n_cuts)) {
            st = FPT_ENOMEM;
        }
        size_t sets = 0;
        if (st == FPT_OK) {
            st = separate_clusters(g, &sets);
            added += sets;
        }
        done = st != FPT_OK || added == 0;
    }
    out->cuts = g->n_cuts;
    out->clusters = g->n_crows;
    out->columns = g->n_cols;
    out->boxed = g->n_box > 0;
    out->work = g->work;
    bool fixing = st == FPT_OK && isfinite(out->bound) && out->bound < goal_now(lim, start, best);
    if (fixing && isfinite(lim->fix_ub)) {
        out->removed = fix(g, lim->fix_ub / DISTRICTS_SCALE);
    }
    if (g->lp != NULL) { /* GLPK's objects do not outlive the call */
        glp_delete_prob(g->lp);
        g->lp = NULL;
    }
    if (fixing && kept != NULL) {
        *kept = g;
    } else {
        fpt_districts_cuts_free(g);
    }
    return st;
}
