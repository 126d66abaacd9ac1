/* SPDX-License-Identifier: MIT */
/*
 * Districting: re-solving groups of neighbouring units (docs/geography.md "Method" step 1).
 * The CCGs of a few neighbouring units of the incumbent, with as many units and the same
 * bounds, form a districting of their own: solved by the whole method (a small instance,
 * under a limit on work; the method is passed in by districts_branch.c, which calls this
 * file, so that the two do not call each other), its plan can only lower their person-km, and
 * whatever it finds replaces their part of the incumbent. Each unit's group is its centre's
 * nearest centres, as many as the caller asks (FPT_GROUP_UNITS, or FPT_GROUP_UNITS_WIDE once
 * after the root); a group whose CCGs and units were solved before is not solved again.
 */
#include <stdlib.h>
#include <string.h>

#include "geo/districts/districts_internal.h"

/* The limit on work of one group's solve (evaluations of its bound, its leaves' nodes
   counted in): a few seconds of CPU at most; on 2013 K = 30 the groups took 26 to 2,400. */
#define GROUP_EVALS 20000
/* Passes over the units while a pass improves the incumbent. */
#define GROUP_PASSES 4

/* A group as an instance of its own: its CCGs (ascending), their data and neighbour lists. */
typedef struct group {
    fpt_districts_inst sub;
    fpt_districts_options o;
    size_t *ccg;      /* [a] the CCG of the whole instance behind CCG a of the group */
    size_t *index_of; /* [i] i's index in the group, or SIZE_MAX; n entries */
    fpt_districts_plan plan;
} group;

static void group_free(group *g)
{
    free(g->sub.pop);
    free(g->sub.dist);
    free(g->sub.cost);
    free(g->sub.near);
    free(g->plan.centre_of);
    memset(&g->sub, 0, sizeof g->sub);
    g->plan.centre_of = NULL;
}

/*
 * The instance of the m CCGs in g->ccg, with the incumbent's plan of them in g->plan.
 * Neighbour lists keep the whole instance's order (by distance, ties by index), as the
 * group's indices keep the CCGs' order. False when memory ran out (g holds nothing to free).
 */
static bool group_instance(const fpt_districts_inst *in, const fpt_districts_plan *best, group *g,
                           size_t m)
{
    size_t n = in->n;
    fpt_districts_inst *s = &g->sub;
    memset(s, 0, sizeof *s);
    s->n = m;
    s->k = g->o.n_units;
    s->lo = in->lo;
    s->hi = in->hi;
    s->deadline = in->deadline;
    s->open_bytes = in->open_bytes;
    /* the whole's settings for the cuts, though the group's limit on work (below) never
       calls for them */
    s->cuts = in->cuts;
    s->cut_rounds = in->cut_rounds;
    s->units_mip = in->units_mip;
    s->wide_units = 0;       /* no wider groups within a group */
    s->centres_alone = true; /* its search as it was measured best (docs/geography.md) */
    s->o = &g->o;
    s->pop = malloc(m * sizeof *s->pop);
    s->dist = malloc(m * m * sizeof *s->dist);
    s->cost = malloc(m * m * sizeof *s->cost);
    s->near = malloc(m * m * sizeof *s->near);
    g->plan = (fpt_districts_plan){.centre_of = malloc(m * sizeof *g->plan.centre_of)};
    if (s->pop == NULL || s->dist == NULL || s->cost == NULL || s->near == NULL ||
        g->plan.centre_of == NULL) {
        group_free(g);
        return false;
    }
    for (size_t a = 0; a < m; a++) {
        size_t i = g->ccg[a];
        s->pop[a] = in->pop[i];
        for (size_t b = 0; b < m; b++) {
            s->dist[a * m + b] = in->dist[i * n + g->ccg[b]];
            s->cost[a * m + b] = in->cost[i * n + g->ccg[b]];
        }
        for (size_t r = 0, b = 0; r < n; r++) {
            size_t near = g->index_of[in->near[i * n + r]];
            if (near != SIZE_MAX) {
                s->near[a * m + b++] = near;
            }
        }
        g->plan.centre_of[a] = g->index_of[best->centre_of[i]];
    }
    g->plan.cost = fpt_districts_plan_cost(s, g->plan.centre_of);
    g->plan.found = true;
    return true;
}

/* FNV-1a over the group's CCGs and their centres: which plan of which CCGs it solved. */
static uint64_t group_key(const group *g, const fpt_districts_plan *best, size_t m)
{
    uint64_t key = 0xcbf29ce484222325u;
    for (size_t a = 0; a < m; a++) {
        key = (key ^ (uint64_t)g->ccg[a]) * 0x100000001b3u;
        key = (key ^ (uint64_t)best->centre_of[g->ccg[a]]) * 0x100000001b3u;
    }
    return key | 1; /* 0 marks an empty slot */
}

/* The units of the group of unit u (centres[0..k), ascending): u and the units − 1 whose
   centres are nearest its own (ties: the lower index), into pick. */
static void nearest_units(const fpt_districts_inst *in, const size_t *centres, size_t k, size_t u,
                          size_t units, size_t *pick)
{
    size_t n = in->n, taken = 0;
    const double *from = &in->dist[centres[u] * n];
    for (size_t v = 0; v < k; v++) {
        size_t at = taken < units ? taken++ : units;
        for (; at > 0 && from[centres[pick[at - 1]]] > from[centres[v]]; at--) {
            if (at < units) {
                pick[at] = pick[at - 1];
            }
        }
        if (at < units) {
            pick[at] = v;
        }
    }
}

/*
 * Re-solve the group of unit u of best; true when best improved. centres[0..k) are best's,
 * ascending, h->unit_of each CCG's unit; g->index_of is all SIZE_MAX on entry and on return.
 */
static bool solve_group(fpt_districts_heur *h, const size_t *centres, size_t k, size_t u, group *g,
                        fpt_districts_plan *best, fpt_districts_solver solve)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, units = g->o.n_units, pick[FPT_GROUP_UNITS_WIDE], m = 0;
    nearest_units(in, centres, k, u, units, pick);
    for (size_t i = 0; i < n; i++) {
        for (size_t q = 0; q < units; q++) {
            if (h->unit_of[i] == pick[q]) {
                g->index_of[i] = m;
                g->ccg[m++] = i;
                break;
            }
        }
    }
    bool improved = false;
    if (!fpt_districts_seen(h->solved, FPT_GROUP_SLOTS, group_key(g, best, m)) &&
        group_instance(in, best, g, m)) {
        fpt_districts_outcome out = {0};
        size_t kept = 0;
        fpt_error err = {0};
        double before = g->plan.cost;
        solve(&g->sub, &g->plan, &out, &kept, &err);
        h->group_work += out.work;
        if (g->plan.cost < before) {
            memcpy(h->work, best->centre_of, n * sizeof *h->work);
            for (size_t a = 0; a < m; a++) {
                h->work[g->ccg[a]] = g->ccg[g->plan.centre_of[a]];
            }
            improved = fpt_districts_plan_cost(in, h->work) < best->cost &&
                       fpt_districts_plan_offer(in, h->work, best);
        }
        group_free(g);
    }
    for (size_t a = 0; a < m; a++) {
        g->index_of[g->ccg[a]] = SIZE_MAX;
    }
    return improved;
}

void fpt_districts_regroup(fpt_districts_heur *h, fpt_districts_plan *best,
                           fpt_districts_solver solve, size_t units)
{
    const fpt_districts_inst *in = h->in;
    size_t n = in->n, k = in->k;
    if (!best->found || k < 2 * units) {
        return; /* a group would be most of the instance */
    }
    size_t *centres = malloc(k * sizeof *centres);
    group g = {.ccg = malloc(n * sizeof *g.ccg), .index_of = malloc(n * sizeof *g.index_of)};
    if (centres != NULL && g.ccg != NULL && g.index_of != NULL) {
        g.o = *in->o;
        g.o.n_units = units;
        g.o.max_evals = GROUP_EVALS;
        g.o.cuts_under_limit = false; /* a group's solve is a move of the heuristic */
        g.o.mip_gap = 0;
        g.o.seeds = NULL;
        g.o.n_seeds = 0;
        g.o.heuristic_only = false;
        g.o.plain = false;
        g.o.progress = NULL;
        for (size_t i = 0; i < n; i++) {
            g.index_of[i] = SIZE_MAX;
        }
        bool improved = true, changed = true; /* changed: best's units to be read again */
        for (int pass = 0; pass < GROUP_PASSES && improved; pass++) {
            improved = false;
            for (size_t u = 0; u < k && fpt_districts_time_left(in) > 0; u++) {
                if (changed &&
                    fpt_districts_plan_units(in, best->centre_of, centres, k, h->unit_of) != k) {
                    break;
                }
                changed = solve_group(h, centres, k, u, &g, best, solve);
                improved = improved || changed;
                fpt_districts_report_again(in, best);
            }
        }
    }
    free(centres);
    free(g.ccg);
    free(g.index_of);
}
