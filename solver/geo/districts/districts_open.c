/* SPDX-License-Identifier: MIT */
/*
 * Districting: the open nodes of the search over the centres (docs/geography.md "Method"
 * step 4), in a heap by their parent's bound, so that the search goes on from the least. A
 * node keeps what its parent's bound left: the centres' states, the multipliers, and which of
 * the root's pairs are still allowed, one bit each; and the decision that makes it a child.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/districts/districts_internal.h"

fpt_status fpt_districts_open_init(fpt_districts_open *o, const fpt_districts_lagr *lg,
                                   size_t max_bytes)
{
    const fpt_districts_inst *in = lg->in;
    size_t n = in->n;
    memset(o, 0, sizeof *o);
    o->n = n;
    o->n_root = fpt_districts_lagr_pairs(lg);
    o->root = malloc((o->n_root > 0 ? o->n_root : 1) * sizeof *o->root);
    if (o->root == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t p = 0, r = 0; p < n * n; p++) {
        if (lg->allowed[p]) {
            o->root[r++] = p;
        }
    }
    o->node_bytes = n * sizeof(double) + n + (o->n_root + 7) / 8;
    o->max_nodes = max_bytes / (o->node_bytes + sizeof(fpt_districts_open_node));
    return FPT_OK;
}

void fpt_districts_open_free(fpt_districts_open *o)
{
    for (size_t h = 0; h < o->count; h++) {
        fpt_districts_open_drop(&o->heap[h]);
    }
    free(o->heap);
    free(o->root);
    memset(o, 0, sizeof *o);
}

bool fpt_districts_open_room(const fpt_districts_open *o, size_t more)
{
    return o->count + more <= o->max_nodes;
}

/* Whether node a comes out of the heap before node b: the lesser key, then the later. */
static bool before(const fpt_districts_open_node *a, const fpt_districts_open_node *b)
{
    return a->key < b->key || (a->key == b->key && a->seq > b->seq);
}

static void swap_nodes(fpt_districts_open_node *a, fpt_districts_open_node *b)
{
    fpt_districts_open_node t = *a;
    *a = *b;
    *b = t;
}

fpt_status fpt_districts_open_push(fpt_districts_open *o, const fpt_districts_lagr *lg, double key,
                                   size_t depth, size_t subject, fpt_districts_decision decision)
{
    size_t n = o->n;
    if (o->count == o->cap) {
        size_t cap = o->cap > 0 ? 2 * o->cap : 64;
        fpt_districts_open_node *grown = realloc(o->heap, cap * sizeof *grown);
        if (grown == NULL) {
            return FPT_ENOMEM;
        }
        o->heap = grown;
        o->cap = cap;
    }
    fpt_districts_open_node node = {
        .key = key, .seq = o->seq++, .depth = depth, .subject = subject, .decision = decision};
    node.lambda = malloc(o->node_bytes); /* lambda, then state, then the bits */
    if (node.lambda == NULL) {
        return FPT_ENOMEM;
    }
    node.state = (signed char *)(node.lambda + n);
    node.bits = (unsigned char *)(node.state + n);
    memcpy(node.lambda, lg->best_lambda, n * sizeof *node.lambda);
    memcpy(node.state, lg->state, n);
    memset(node.bits, 0, (o->n_root + 7) / 8);
    for (size_t r = 0; r < o->n_root; r++) {
        if (lg->allowed[o->root[r]]) {
            node.bits[r / 8] |= (unsigned char)(1u << (r % 8));
        }
    }
    size_t h = o->count++;
    o->heap[h] = node;
    while (h > 0 && before(&o->heap[h], &o->heap[(h - 1) / 2])) {
        swap_nodes(&o->heap[h], &o->heap[(h - 1) / 2]);
        h = (h - 1) / 2;
    }
    return FPT_OK;
}

double fpt_districts_open_least(const fpt_districts_open *o)
{
    return o->count > 0 ? o->heap[0].key : INFINITY;
}

bool fpt_districts_open_pop(fpt_districts_open *o, fpt_districts_open_node *out)
{
    if (o->count == 0) {
        return false;
    }
    *out = o->heap[0];
    o->heap[0] = o->heap[--o->count];
    for (size_t h = 0;;) {
        size_t first = h, l = 2 * h + 1, r = l + 1;
        if (l < o->count && before(&o->heap[l], &o->heap[first])) {
            first = l;
        }
        if (r < o->count && before(&o->heap[r], &o->heap[first])) {
            first = r;
        }
        if (first == h) {
            break;
        }
        swap_nodes(&o->heap[h], &o->heap[first]);
        h = first;
    }
    return true;
}

void fpt_districts_open_restore(const fpt_districts_open *o, fpt_districts_open_node *node,
                                fpt_districts_lagr *lg)
{
    size_t n = o->n;
    memcpy(lg->best_lambda, node->lambda, n * sizeof *lg->best_lambda);
    memcpy(lg->state, node->state, n);
    memset(lg->allowed, 0, n * n);
    for (size_t r = 0; r < o->n_root; r++) {
        lg->allowed[o->root[r]] = (node->bits[r / 8] >> (r % 8)) & 1u;
    }
    lg->dirty = true;
    fpt_districts_open_drop(node);
}

void fpt_districts_open_drop(fpt_districts_open_node *node)
{
    free(node->lambda);
    node->lambda = NULL;
}
