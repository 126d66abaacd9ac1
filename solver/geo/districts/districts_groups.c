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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/glpk_guard.h"
#include "base/parallel.h"
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
    s->cluster_rows = in->cluster_rows;
    s->cluster_balls = in->cluster_balls;
    s->units_mip = in->units_mip;
    s->leaf_work = in->leaf_work;
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

/* ---- the groups in order, solved a few at once ---------------------------------------------- */

/*
 * The passes visit the units in order, and each group is built from the incumbent the groups
 * before it left: an order one thread would follow. Threads solve the groups ahead of it
 * against the incumbent at hand, and their plans are taken in that order: a group whose CCGs
 * and their centres are still the same when its turn comes is the group the order would have
 * solved, and its plan is taken as it is; one that an earlier group changed is built again
 * and solved again. So the incumbent, the work counted and every answer are one thread's, at
 * any thread count (docs/geography.md "Determinism").
 */

/* Places of the order built at once (solved, or waiting for their turn), a thread. */
#define GROUP_AHEAD 2

typedef enum task_state { TASK_READY, TASK_RUNNING, TASK_DONE } task_state;

/* One place of the order (pass × K + the unit whose group it is) and its group. */
typedef struct task {
    size_t pos;
    task_state state;
    bool solves;    /* its group was not solved before: solved, or to be */
    size_t m;       /* its CCGs, in g.ccg */
    size_t *centre; /* [a] the incumbent's centre of g.ccg[a] when it was built */
    double before;  /* the incumbent's person-km over the group then */
    group g;
    fpt_districts_outcome out;
    fpt_status st;
} task;

typedef struct regroup {
    fpt_districts_heur *h;
    fpt_districts_plan *best;
    fpt_districts_solver solve;
    size_t units;
    size_t *centres;  /* best's centres, ascending, with h->unit_of; read again when stale */
    size_t *scratch;  /* n entries */
    bool stale;       /* best changed since they were read */
    bool stop;        /* the order has ended: nothing more is built or taken */
    bool improved;    /* the pass being taken has improved best */
    size_t taken;     /* places of the order taken */
    size_t built;     /* places built: taken <= built <= taken + slots */
    size_t end;       /* GROUP_PASSES × K */
    size_t slots;     /* tasks */
    task *task;       /* [place % slots] */
    pthread_t caller; /* the solve's thread, inside the solve's GLPK guard */
    bool helpers;     /* a team solves the groups, the caller only waits for it */
} regroup;

/* best's units into r->centres and h->unit_of, when it changed; false when best does not
   have K of them. */
static bool read_best(regroup *r)
{
    const fpt_districts_inst *in = r->h->in;
    if (r->stale) {
        r->stale = false;
        return fpt_districts_plan_units(in, r->best->centre_of, r->centres, in->k, r->h->unit_of) ==
               in->k;
    }
    return true;
}

/* The CCGs of unit u's group of best as it is (ascending) into ccg; returns how many. */
static size_t group_ccgs(const regroup *r, size_t u, size_t *ccg)
{
    const fpt_districts_inst *in = r->h->in;
    size_t pick[FPT_GROUP_UNITS_WIDE], m = 0;
    nearest_units(in, r->centres, in->k, u, r->units, pick);
    for (size_t i = 0; i < in->n; i++) {
        for (size_t q = 0; q < r->units; q++) {
            if (r->h->unit_of[i] == pick[q]) {
                ccg[m++] = i;
                break;
            }
        }
    }
    return m;
}

/* Whether t's group is still unit u's group of best: the same CCGs with the same centres. */
static bool still_same(regroup *r, const task *t, size_t u)
{
    size_t m = group_ccgs(r, u, r->scratch);
    if (m != t->m) {
        return false;
    }
    for (size_t a = 0; a < m; a++) {
        if (r->scratch[a] != t->g.ccg[a] || r->best->centre_of[r->scratch[a]] != t->centre[a]) {
            return false;
        }
    }
    return true;
}

/* Build t at place pos from best as it is: READY to solve, or DONE at once when its group was
   solved before (or memory ran out). */
static void task_build(regroup *r, task *t, size_t pos)
{
    const fpt_districts_inst *in = r->h->in;
    group_free(&t->g);
    t->pos = pos;
    t->state = TASK_DONE;
    t->solves = false;
    t->m = group_ccgs(r, pos % in->k, t->g.ccg);
    for (size_t a = 0; a < t->m; a++) {
        t->g.index_of[t->g.ccg[a]] = a;
        t->centre[a] = r->best->centre_of[t->g.ccg[a]];
    }
    if (!fpt_districts_known(r->h->solved, FPT_GROUP_SLOTS, group_key(&t->g, r->best, t->m)) &&
        group_instance(in, r->best, &t->g, t->m)) {
        t->solves = true;
        t->before = t->g.plan.cost;
        t->state = TASK_READY;
    }
    for (size_t a = 0; a < t->m; a++) {
        t->g.index_of[t->g.ccg[a]] = SIZE_MAX;
    }
}

/* t's turn, its group the order's: remember the group as solved, and its plan replaces its
   part of best when that costs less. */
static void take_plan(regroup *r, task *t)
{
    fpt_districts_heur *h = r->h;
    const fpt_districts_inst *in = h->in;
    if (fpt_districts_seen(h->solved, FPT_GROUP_SLOTS, group_key(&t->g, r->best, t->m)) ||
        !t->solves) {
        return;
    }
    h->group_work += t->out.work;
    if (t->st != FPT_OK || !(t->g.plan.cost < t->before)) {
        return;
    }
    memcpy(h->work, r->best->centre_of, in->n * sizeof *h->work);
    for (size_t a = 0; a < t->m; a++) {
        h->work[t->g.ccg[a]] = t->g.ccg[t->g.plan.centre_of[a]];
    }
    if (fpt_districts_plan_cost(in, h->work) < r->best->cost &&
        fpt_districts_plan_offer(in, h->work, r->best)) {
        r->stale = true;
        r->improved = true;
    }
}

/* Take the places whose turn has come and whose group is solved (or was solved before), in
   order; a group that an earlier one changed is built again, and waits. */
static void take_in_order(regroup *r)
{
    const fpt_districts_inst *in = r->h->in;
    while (!r->stop && r->taken < r->built) {
        task *t = &r->task[r->taken % r->slots];
        if (t->state != TASK_DONE) {
            return;
        }
        if (!read_best(r)) {
            r->stop = true;
            return;
        }
        if (!still_same(r, t, t->pos % in->k)) {
            task_build(r, t, t->pos);
            continue;
        }
        take_plan(r, t);
        group_free(&t->g);
        fpt_districts_report_again(in, r->best);
        r->taken++;
        if (r->taken % in->k == 0) { /* a pass has ended: another while it improved */
            r->stop = !r->improved || r->taken == r->end;
            r->improved = false;
        }
    }
}

/* fpt_schedule's pick: the first place built and ready to solve, else the next place built
   while there is room and time; wait while groups are being solved, else stop. */
static fpt_pick pick_group(void *ctx, size_t *slot)
{
    regroup *r = ctx;
    const fpt_districts_inst *in = r->h->in;
    if (r->helpers && pthread_equal(pthread_self(), r->caller)) {
        /* A GLPK fatal error in its own solve would jump out of the team to the solve's
           guard; a helper's has a guard of its own. */
        return FPT_PICK_STOP;
    }
    take_in_order(r);
    bool running = false;
    for (size_t p = r->taken; !r->stop && p < r->built; p++) {
        task *t = &r->task[p % r->slots];
        running = running || t->state == TASK_RUNNING;
        if (t->state == TASK_READY) {
            t->state = TASK_RUNNING;
            *slot = p % r->slots;
            return FPT_PICK_RUN;
        }
    }
    while (!r->stop && r->built < r->taken + r->slots && r->built < r->end &&
           fpt_districts_time_left(in) > 0 && read_best(r)) {
        task *t = &r->task[r->built % r->slots];
        task_build(r, t, r->built++);
        if (t->state == TASK_READY) {
            t->state = TASK_RUNNING;
            *slot = (r->built - 1) % r->slots;
            return FPT_PICK_RUN;
        }
        take_in_order(r);
    }
    if (!running && r->taken == r->built) {
        r->stop = true; /* every place built has been taken, and none can be built */
    }
    return running ? FPT_PICK_WAIT : FPT_PICK_STOP;
}

/* The whole method on one group (GLPK's errors caught on a thread of its own). */
typedef struct group_solve {
    const regroup *r;
    task *t;
} group_solve;

static fpt_status solve_body(void *ctx, fpt_error *err)
{
    group_solve *c = ctx;
    size_t kept = 0;
    return c->r->solve(&c->t->g.sub, &c->t->g.plan, &c->t->out, &kept, err);
}

/* fpt_schedule's run: solve the group of a task, outside the lock. */
static void run_group(size_t slot, void *ctx)
{
    regroup *r = ctx;
    task *t = &r->task[slot];
    group_solve c = {r, t};
    fpt_error err = {0};
    t->out = (fpt_districts_outcome){0};
    t->st = r->helpers ? fpt_glpk_guard(solve_body, &c, "re-solving a group of units", &err)
                       : solve_body(&c, &err);
}

/* fpt_schedule's ended: the group is solved; take whatever places can be. */
static void group_ended(size_t slot, void *ctx)
{
    regroup *r = ctx;
    r->task[slot].state = TASK_DONE;
    take_in_order(r);
}

static void regroup_free(regroup *r)
{
    for (size_t s = 0; r->task != NULL && s < r->slots; s++) {
        group_free(&r->task[s].g);
        free(r->task[s].g.ccg);
        free(r->task[s].g.index_of);
        free(r->task[s].centre);
    }
    free(r->task);
    free(r->centres);
    free(r->scratch);
}

/* Allocate r's tasks, each with the options of a group's solve; false when memory ran out. */
static bool regroup_init(regroup *r, size_t threads)
{
    const fpt_districts_inst *in = r->h->in;
    size_t n = in->n;
    r->slots = GROUP_AHEAD * threads;
    r->task = calloc(r->slots, sizeof *r->task);
    r->centres = malloc(in->k * sizeof *r->centres);
    r->scratch = malloc(n * sizeof *r->scratch);
    if (r->task == NULL || r->centres == NULL || r->scratch == NULL) {
        return false;
    }
    for (size_t s = 0; s < r->slots; s++) {
        group *g = &r->task[s].g;
        g->ccg = malloc(n * sizeof *g->ccg);
        g->index_of = malloc(n * sizeof *g->index_of);
        r->task[s].centre = malloc(n * sizeof *r->task[s].centre);
        if (g->ccg == NULL || g->index_of == NULL || r->task[s].centre == NULL) {
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            g->index_of[i] = SIZE_MAX;
        }
        g->o = *in->o;
        g->o.n_units = r->units;
        g->o.max_evals = GROUP_EVALS;
        g->o.cuts_under_limit = false; /* a group's solve is a move of the heuristic */
        g->o.mip_gap = 0;
        g->o.seeds = NULL;
        g->o.n_seeds = 0;
        g->o.heuristic_only = false;
        g->o.plain = false;
        g->o.progress = NULL;
        g->o.threads = 1;
    }
    return true;
}

void fpt_districts_regroup(fpt_districts_heur *h, fpt_districts_plan *best,
                           fpt_districts_solver solve, size_t units)
{
    const fpt_districts_inst *in = h->in;
    if (!best->found || in->k < 2 * units) {
        return; /* a group would be most of the instance */
    }
    int threads = fpt_parallel_threads(in->o->threads);
    regroup r = {.h = h,
                 .best = best,
                 .solve = solve,
                 .units = units,
                 .stale = true,
                 .end = GROUP_PASSES * in->k,
                 .caller = pthread_self()};
    if (regroup_init(&r, threads > 1 ? (size_t)threads : 1)) {
        fpt_schedule s = {pick_group, run_group, group_ended, &r, true};
        fpt_error err = {0};
        r.helpers = threads > 1;
        if (threads > 1 && fpt_parallel_schedule(threads + 1, &s, &err) != FPT_OK) {
            r.helpers = false; /* the system refused the helpers: the caller alone */
        }
        if (!r.helpers) {
            size_t slot = 0;
            while (pick_group(&r, &slot) == FPT_PICK_RUN) {
                run_group(slot, &r);
                group_ended(slot, &r);
            }
        }
    }
    regroup_free(&r);
}
