/* SPDX-License-Identifier: MIT */
/*
 * Districting: the transportation LP of the heuristic (docs/geography.md "Method" step 1) —
 * people of each CCG sent to K fixed centres at a cost per person of the distance, every
 * unit receiving between L and U — solved exactly as a min-cost flow by successive shortest
 * paths. CCGs join one at a time; each is routed along shortest paths over the units (a
 * path may shift people of CCGs already placed from one unit to another) to the sink, whose
 * arcs pay a large bonus for each of the first L people of a unit, so that every unit reaches
 * L whenever the bounds allow. Dijkstra over the K units with node potentials; each unit-to-
 * unit arc is the cheapest shift of any CCG there, kept up to date path by path (a unit is
 * scanned afresh, over the CCGs it holds, only when a CCG on its arcs leaves it). The km to
 * the centres are copied into an n × K table first, read in order. No GLPK; called by
 * districts_heuristic.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/districts/districts_internal.h"

/* The bonus per person, km, on a unit's first L people: above any path's length. */
#define BONUS_KM 1e6

fpt_status fpt_transport_init(fpt_transport *tp, size_t n, size_t k)
{
    memset(tp, 0, sizeof *tp);
    tp->n = n;
    tp->k = k;
    tp->flow = calloc(n * k, sizeof *tp->flow);
    tp->km = calloc(n * k, sizeof *tp->km);
    tp->listed = calloc(n * k, sizeof *tp->listed);
    tp->in_unit = calloc(n * k, sizeof *tp->in_unit);
    tp->n_in_unit = calloc(k, sizeof *tp->n_in_unit);
    tp->low = calloc(k, sizeof *tp->low);
    tp->up = calloc(k, sizeof *tp->up);
    tp->pot = calloc(k + 1, sizeof *tp->pot);
    tp->dist = calloc(k + 1, sizeof *tp->dist);
    tp->prev = calloc(k + 1, sizeof *tp->prev);
    tp->done = calloc(k + 1, sizeof *tp->done);
    tp->arc_km = calloc(k * (k + 1), sizeof *tp->arc_km);
    tp->arc_ccg = calloc(k * (k + 1), sizeof *tp->arc_ccg);
    tp->arc_pos = calloc(k * (k + 1), sizeof *tp->arc_pos);
    tp->pos_of = calloc(n, sizeof *tp->pos_of);
    tp->move_ccg = calloc(k + 1, sizeof *tp->move_ccg);
    tp->move_from = calloc(k + 1, sizeof *tp->move_from);
    tp->move_to = calloc(k + 1, sizeof *tp->move_to);
    tp->move_new = calloc(k + 1, sizeof *tp->move_new);
    tp->rescan = calloc(k + 1, sizeof *tp->rescan);
    if (tp->flow == NULL || tp->km == NULL || tp->listed == NULL || tp->in_unit == NULL ||
        tp->n_in_unit == NULL || tp->low == NULL || tp->up == NULL || tp->pot == NULL ||
        tp->dist == NULL || tp->prev == NULL || tp->done == NULL || tp->arc_km == NULL ||
        tp->arc_ccg == NULL || tp->arc_pos == NULL || tp->pos_of == NULL || tp->move_ccg == NULL ||
        tp->move_from == NULL || tp->move_to == NULL || tp->move_new == NULL ||
        tp->rescan == NULL) {
        fpt_transport_free(tp);
        return FPT_ENOMEM;
    }
    return FPT_OK;
}

void fpt_transport_free(fpt_transport *tp)
{
    free(tp->flow);
    free(tp->km);
    free(tp->listed);
    free(tp->in_unit);
    free(tp->n_in_unit);
    free(tp->low);
    free(tp->up);
    free(tp->pot);
    free(tp->dist);
    free(tp->prev);
    free(tp->done);
    free(tp->arc_km);
    free(tp->arc_ccg);
    free(tp->arc_pos);
    free(tp->pos_of);
    free(tp->move_ccg);
    free(tp->move_from);
    free(tp->move_to);
    free(tp->move_new);
    free(tp->rescan);
    memset(tp, 0, sizeof *tp);
}

/* Whether CCG i (at place pos in the join order) beats the CCG now on arc u → v at km: a
   shorter shift, or as short and joined earlier — the arc a scan in join order would pick. */
static bool arc_beats(const fpt_transport *tp, size_t a, double km, size_t pos)
{
    return km < tp->arc_km[a] || (km == tp->arc_km[a] && pos < tp->arc_pos[a]);
}

/* Offer CCG order[pos], which has people in unit u, to the arcs out of u. */
static void arcs_add(fpt_transport *tp, const size_t *centres, const size_t *order, size_t pos,
                     size_t u)
{
    size_t k = tp->k, i = order[pos];
    if (centres[u] == i) {
        return;
    }
    const double *row = &tp->km[i * k];
    double from = row[u];
    for (size_t v = 0; v < k; v++) {
        double km = row[v] - from;
        if (v != u && arc_beats(tp, u * k + v, km, pos)) {
            tp->arc_km[u * k + v] = km;
            tp->arc_ccg[u * k + v] = i;
            tp->arc_pos[u * k + v] = pos;
        }
    }
}

/* CCG j, which has just been sent people in unit u, on u's list. */
static void list_in_unit(fpt_transport *tp, size_t j, size_t u)
{
    if (!tp->listed[j * tp->k + u]) {
        tp->listed[j * tp->k + u] = 1;
        tp->in_unit[u * tp->n + tp->n_in_unit[u]++] = j;
    }
}

/* The arcs out of unit u afresh: over the CCGs with people in u, the least d_iv − d_iu, ties
   to the first joined (arc_beats(), so the order of the list does not matter). The CCGs on
   u's list that have none left there leave it. */
static void arcs_row(fpt_transport *tp, const size_t *centres, const size_t *order, size_t u)
{
    size_t k = tp->k, *list = &tp->in_unit[u * tp->n], kept = 0;
    for (size_t v = 0; v < k; v++) {
        tp->arc_km[u * k + v] = INFINITY;
    }
    for (size_t m = 0; m < tp->n_in_unit[u]; m++) {
        size_t j = list[m];
        if (tp->flow[j * k + u] > 0) {
            list[kept++] = j;
            arcs_add(tp, centres, order, tp->pos_of[j], u);
        } else {
            tp->listed[j * k + u] = 0;
        }
    }
    tp->n_in_unit[u] = kept;
}

/* The cost, km per person, and residual people of the arc between unit u and the sink
   (node k): into the sink, the bonus while below L; out of it, undoing the last people. */
static double sink_arc(const fpt_transport *tp, const fpt_districts_inst *in, size_t u, bool in_,
                       double *cap)
{
    double span = in->hi - in->lo;
    if (in_) {
        *cap = tp->low[u] < in->lo ? in->lo - tp->low[u] : span - tp->up[u];
        return tp->low[u] < in->lo ? -BONUS_KM : 0;
    }
    *cap = tp->up[u] > 0 ? tp->up[u] : tp->low[u];
    return tp->up[u] > 0 ? 0 : BONUS_KM;
}

/* The length of the arc x → y between nodes (units 0..k−1, sink k), reduced by the
   potentials; INFINITY when it has no room. */
static double reduced_arc(const fpt_transport *tp, const fpt_districts_inst *in, size_t x, size_t y)
{
    size_t k = tp->k;
    double km = INFINITY, cap = 0;
    if (x < k && y < k) {
        km = tp->arc_km[x * k + y];
    } else if (x < k) {
        km = sink_arc(tp, in, x, true, &cap);
        km = cap > 0 ? km : INFINITY;
    } else {
        km = sink_arc(tp, in, y, false, &cap);
        km = cap > 0 ? km : INFINITY;
    }
    return km + tp->pot[x] - tp->pot[y];
}

/* The node not settled of least finite label, the first on ties (k + 1 when there is none). */
static size_t nearest(const fpt_transport *tp)
{
    size_t k = tp->k, x = k + 1;
    for (size_t y = 0; y <= k; y++) {
        if (!tp->done[y] && isfinite(tp->dist[y]) && (x > k || tp->dist[y] < tp->dist[x])) {
            x = y;
        }
    }
    return x;
}

/* Relax the arcs out of unit x, just settled, and return nearest() as it then is: one pass
   over the nodes does both, since a node's label changes only at its own turn. */
static size_t relax_from(fpt_transport *tp, const fpt_districts_inst *in, size_t x)
{
    size_t k = tp->k, next = k + 1;
    const double *row = &tp->arc_km[x * k];
    double at = tp->dist[x], pot = tp->pot[x];
    for (size_t y = 0; y <= k; y++) {
        if (tp->done[y]) {
            continue;
        }
        /* reduced_arc(), written out for the units: this loop is the heuristic's hot spot */
        double len = y < k ? row[y] + pot - tp->pot[y] : reduced_arc(tp, in, x, y);
        if (at + len < tp->dist[y]) {
            tp->dist[y] = at + len;
            tp->prev[y] = x;
        }
        if (isfinite(tp->dist[y]) && (next > k || tp->dist[y] < tp->dist[next])) {
            next = y;
        }
    }
    return next;
}

/* Dijkstra over the units and the sink from CCG i (its arcs to the units as starting
   labels), ended once the sink is settled: the path to it is then known, and the nodes not
   settled are at least as far. False when the sink cannot be reached. */
static bool shortest_paths(fpt_transport *tp, const fpt_districts_inst *in, size_t i, long only)
{
    size_t k = tp->k;
    for (size_t x = 0; x <= k; x++) {
        tp->dist[x] = INFINITY;
        tp->done[x] = false;
        tp->prev[x] = k + 1; /* from the CCG */
    }
    for (size_t u = 0; u < k; u++) {
        if (only < 0 || (size_t)only == u) {
            tp->dist[u] = tp->km[i * k + u] - tp->pot[u];
        }
    }
    for (size_t x = nearest(tp); x < k; x = relax_from(tp, in, x)) {
        tp->done[x] = true;
    }
    tp->done[k] = isfinite(tp->dist[k]);
    return isfinite(tp->dist[k]);
}

/* Raise the potentials by the distances found, capped at the sink's (every node not
   settled is at least that far), keeping every residual arc's reduced length ≥ 0. */
static void update_potentials(fpt_transport *tp)
{
    double sink = tp->dist[tp->k];
    for (size_t x = 0; x <= tp->k; x++) {
        tp->pot[x] += tp->done[x] ? tp->dist[x] : sink;
    }
}

/* The people that can go along the path found, CCG i having left to place. */
static double bottleneck(const fpt_transport *tp, const fpt_districts_inst *in, double left)
{
    size_t k = tp->k, y = k, x = tp->prev[k];
    double cap = 0;
    sink_arc(tp, in, x, true, &cap);
    double room = fmin(left, cap);
    for (y = x, x = tp->prev[y]; x < k; y = x, x = tp->prev[y]) {
        room = fmin(room, tp->flow[tp->arc_ccg[x * k + y] * k + x]);
    }
    return room;
}

/* Whether CCG j is the one on any arc out of unit u. */
static bool on_arcs_of(const fpt_transport *tp, size_t u, size_t j)
{
    for (size_t v = 0; v < tp->k; v++) {
        if (v != u && isfinite(tp->arc_km[u * tp->k + v]) && tp->arc_ccg[u * tp->k + v] == j) {
            return true;
        }
    }
    return false;
}

/* Keep the arcs what arcs_row() would make of the flows after augment(): a unit where a CCG
   on its arcs lost all its people is scanned afresh; a CCG that gained people in a unit it
   had none in is offered to that unit's arcs. */
static void arcs_update(fpt_transport *tp, const size_t *centres, const size_t *order,
                        size_t n_moves)
{
    size_t k = tp->k;
    for (size_t m = 0; m < n_moves; m++) {
        size_t j = tp->move_ccg[m], u = tp->move_from[m];
        if (u < k && !tp->rescan[u] && !(tp->flow[j * k + u] > 0) && on_arcs_of(tp, u, j)) {
            tp->rescan[u] = 1;
        }
    }
    for (size_t u = 0; u < k; u++) {
        if (tp->rescan[u]) {
            arcs_row(tp, centres, order, u);
            tp->rescan[u] = 0;
        }
    }
    for (size_t m = 0; m < n_moves; m++) {
        size_t j = tp->move_ccg[m], v = tp->move_to[m];
        if (tp->move_new[m] && tp->flow[j * k + v] > 0) {
            arcs_add(tp, centres, order, tp->pos_of[j], v);
        }
    }
}

/* Send people of CCG i along the path found: into its first unit, shifting CCGs from unit
   to unit along the way, into the sink from the last; then bring the arcs up to date. */
static void augment(fpt_transport *tp, const fpt_districts_inst *in, const size_t *centres,
                    const size_t *order, size_t r, double people)
{
    size_t k = tp->k, y = tp->prev[k], x, n_moves = 0, i = order[r];
    if (tp->low[y] < in->lo) {
        tp->low[y] += people;
    } else {
        tp->up[y] += people;
    }
    for (x = tp->prev[y]; x < k; y = x, x = tp->prev[y], n_moves++) {
        size_t j = tp->arc_ccg[x * k + y];
        tp->move_ccg[n_moves] = j;
        tp->move_from[n_moves] = x;
        tp->move_to[n_moves] = y;
        tp->move_new[n_moves] = !(tp->flow[j * k + y] > 0);
        tp->flow[j * k + x] -= people;
        tp->flow[j * k + y] += people;
        list_in_unit(tp, j, y);
    }
    tp->move_ccg[n_moves] = i;
    tp->move_from[n_moves] = k; /* from outside the units */
    tp->move_to[n_moves] = y;
    tp->move_new[n_moves++] = !(tp->flow[i * k + y] > 0);
    tp->flow[i * k + y] += people;
    list_in_unit(tp, i, y);
    arcs_update(tp, centres, order, n_moves);
}

/* The CCGs in the order they join: the centres (each to its own unit), then the rest by
   index. */
static void join_order(const fpt_districts_inst *in, const size_t *centres, size_t k, size_t *order,
                       unsigned char *is_centre)
{
    size_t r = 0;
    memset(is_centre, 0, in->n);
    for (size_t u = 0; u < k; u++) {
        order[r++] = centres[u];
        is_centre[centres[u]] = 1;
    }
    for (size_t i = 0; i < in->n; i++) {
        if (!is_centre[i]) {
            order[r++] = i;
        }
    }
}

/* Place all of CCG order[r]'s people (the r before it placed); false when it cannot be. */
static bool place(fpt_transport *tp, const fpt_districts_inst *in, const size_t *centres,
                  const size_t *order, size_t r, size_t *budget)
{
    size_t i = order[r];
    long only = r < tp->k ? (long)r : -1;
    double left = in->pop[i];
    while (left > 1e-6) {
        if ((*budget)-- == 0) {
            return false;
        }
        if (!shortest_paths(tp, in, i, only)) {
            return false;
        }
        update_potentials(tp);
        double people = bottleneck(tp, in, left);
        if (!(people > 0)) {
            return false;
        }
        augment(tp, in, centres, order, r, people);
        left -= people;
    }
    return true;
}

bool fpt_transport_solve(fpt_transport *tp, const fpt_districts_inst *in, const size_t *centres,
                         size_t *order, unsigned char *is_centre)
{
    size_t k = tp->k, budget = 8 * (in->n + k);
    memset(tp->flow, 0, in->n * k * sizeof *tp->flow);
    memset(tp->listed, 0, in->n * k * sizeof *tp->listed);
    memset(tp->n_in_unit, 0, k * sizeof *tp->n_in_unit);
    memset(tp->low, 0, k * sizeof *tp->low);
    memset(tp->up, 0, k * sizeof *tp->up);
    memset(tp->pot, 0, (k + 1) * sizeof *tp->pot);
    join_order(in, centres, k, order, is_centre);
    for (size_t i = 0; i < in->n; i++) {
        for (size_t u = 0; u < k; u++) {
            tp->km[i * k + u] = in->dist[i * in->n + centres[u]];
        }
    }
    for (size_t r = 0; r < in->n; r++) {
        tp->pos_of[order[r]] = r;
    }
    for (size_t a = 0; a < k * k; a++) {
        tp->arc_km[a] = INFINITY;
    }
    for (size_t r = 0; r < in->n; r++) {
        if (!place(tp, in, centres, order, r, &budget)) {
            return false;
        }
    }
    for (size_t u = 0; u < k; u++) {
        if (tp->low[u] < in->lo - 1e-6) {
            return false;
        }
    }
    return true;
}
