/* SPDX-License-Identifier: MIT */
/*
 * Districting: sets of CCGs whose population no whole number of units can hold, for the bound
 * with cuts (docs/geography.md "Method" step 3). A set S of P people with kU < P < (k + 1)L
 * for a whole k ≥ 0 cannot be the union of the units centred in it: with at most k of them,
 * at least P − kU of its people are served from centres outside it; with k + 1 or more, at
 * least (k + 1)L − P people from outside are served from centres in it. So every partition
 * has out / (P − kU) + in / ((k + 1)L − P) ≥ 1, a row over the set-partitioning form's units
 * that its LP can break by covering S with units inside it at fractions. Here: which
 * populations no whole number of units holds, and the clusters of single linkage (each merge
 * of the minimum spanning tree, shortest edge first), a cluster far from every other point
 * being one that costs much to cross. The balls around each CCG, the other sets tried, are
 * read from its neighbours in order (districts_cuts.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/districts/districts_internal.h"

/* Members of the sets kept, in all, at most this many a CCG: clusters nest, and a chain of
   them could otherwise hold O(n²); a set that would pass it is left out. */
#define MEMBERS_A_CCG 64

/* The minimum spanning tree of the points by distance (Prim's, O(n²) time, O(n) room): edge e
   joins from[e] and to[e], e < n − 1. False when out of memory. */
static bool spanning_tree(const fpt_districts_inst *in, size_t *from, size_t *to)
{
    size_t n = in->n;
    double *d = malloc(n * sizeof *d);
    size_t *via = malloc(n * sizeof *via);
    bool *done = calloc(n, sizeof *done);
    bool ok = d != NULL && via != NULL && done != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        d[i] = in->dist[i * n];
        via[i] = 0;
    }
    for (size_t e = 0; ok && n > 0; e++) {
        done[e == 0 ? 0 : to[e - 1]] = true;
        if (e == n - 1) {
            break;
        }
        size_t pick = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (!done[i] && (pick == SIZE_MAX || d[i] < d[pick])) {
                pick = i;
            }
        }
        from[e] = via[pick];
        to[e] = pick;
        for (size_t i = 0; i < n; i++) {
            if (!done[i] && in->dist[i * n + pick] < d[i]) {
                d[i] = in->dist[i * n + pick];
                via[i] = pick;
            }
        }
    }
    free(d), free(via), free(done);
    return ok;
}

bool fpt_districts_no_whole_units(const fpt_districts_inst *in, double pop, double *out_den,
                                  double *in_den)
{
    double k = floor(pop / in->hi);
    if (!(pop > k * in->hi && pop < (k + 1) * in->lo)) {
        return false;
    }
    *out_den = (pop - k * in->hi) / DISTRICTS_SCALE;
    *in_den = ((k + 1) * in->lo - pop) / DISTRICTS_SCALE;
    return true;
}

static size_t root_of(size_t *up, size_t i)
{
    while (up[i] != i) {
        up[i] = up[up[i]];
        i = up[i];
    }
    return i;
}

void fpt_districts_clusters_free(fpt_districts_clusters *c)
{
    free(c->start), free(c->members), free(c->out_den), free(c->in_den);
    memset(c, 0, sizeof *c);
}

fpt_status fpt_districts_clusters_find(const fpt_districts_inst *in, fpt_districts_clusters *c)
{
    size_t n = in->n, cap = MEMBERS_A_CCG * n;
    memset(c, 0, sizeof *c);
    if (n < 2) {
        return FPT_OK;
    }
    size_t *from = malloc((n - 1) * sizeof *from), *to = malloc((n - 1) * sizeof *to);
    size_t *order = malloc((n - 1) * sizeof *order), *tmp = malloc((n - 1) * sizeof *tmp);
    double *len = malloc((n - 1) * sizeof *len), *pop = malloc(n * sizeof *pop);
    size_t *up = malloc(n * sizeof *up), *next = malloc(n * sizeof *next);
    size_t *tail = malloc(n * sizeof *tail), *count = malloc(n * sizeof *count);
    c->start = malloc(n * sizeof *c->start);
    c->members = malloc(cap * sizeof *c->members);
    c->out_den = malloc(n * sizeof *c->out_den);
    c->in_den = malloc(n * sizeof *c->in_den);
    fpt_status st = FPT_OK;
    if (from == NULL || to == NULL || order == NULL || tmp == NULL || len == NULL || pop == NULL ||
        up == NULL || next == NULL || tail == NULL || count == NULL || c->start == NULL ||
        c->members == NULL || c->out_den == NULL || c->in_den == NULL ||
        !spanning_tree(in, from, to)) {
        st = FPT_ENOMEM;
    }
    for (size_t e = 0; st == FPT_OK && e < n - 1; e++) {
        len[e] = in->dist[from[e] * n + to[e]];
        order[e] = e;
    }
    if (st == FPT_OK) {
        fpt_districts_sort_by_key(len, order, n - 1, tmp);
        for (size_t i = 0; i < n; i++) {
            up[i] = i;
            next[i] = SIZE_MAX;
            tail[i] = i;
            count[i] = 1;
            pop[i] = in->pop[i];
        }
        c->start[0] = 0;
    }
    for (size_t h = 0; st == FPT_OK && h + 1 < n; h++) {
        size_t a = root_of(up, from[order[h]]), b = root_of(up, to[order[h]]);
        if (a > b) { /* the lower index is the root: one order from any start */
            size_t t = a;
            a = b;
            b = t;
        }
        up[b] = a;
        next[tail[a]] = b;
        tail[a] = tail[b];
        pop[a] += pop[b];
        count[a] += count[b];
        size_t have = c->start[c->n_sets];
        double out_den, in_den;
        if (!fpt_districts_no_whole_units(in, pop[a], &out_den, &in_den) || h + 2 == n ||
            have + count[a] > cap) {
            continue; /* a whole number of units holds it, it is every CCG, or no room */
        }
        size_t size = 0;
        for (size_t i = a; i != SIZE_MAX; i = next[i]) {
            c->members[have + size++] = i;
        }
        c->out_den[c->n_sets] = out_den;
        c->in_den[c->n_sets] = in_den;
        c->start[++c->n_sets] = have + size;
    }
    free(from), free(to), free(order), free(tmp), free(len), free(pop), free(up), free(next);
    free(tail), free(count);
    if (st != FPT_OK) {
        fpt_districts_clusters_free(c);
    }
    return st;
}
