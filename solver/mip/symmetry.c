/* SPDX-License-Identifier: MIT */
/*
 * Finds the functions of an appraisal that are copies of one another (docs/model.md "Copies
 * of a function"): swapping two copies maps the programme of formulate.c onto itself, so
 * every plan has a twin of the same objective with the two swapped. Identity is decided on
 * the numbers the programme is built from, bit for bit — never "near" — so that the swap is
 * exactly an automorphism: each level's objective, running cost, lock and scarce WTE per pool,
 * and the links, each other end with its coefficient, the link between the two themselves
 * aside (it reads the same both ways). Functions are grouped by a hash of their cells first,
 * so that only functions with equal cells are compared.
 */
#include "mip/symmetry.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One end of a link, seen from a function: the other function and the coefficient's bits. */
typedef struct end {
    size_t other;
    uint64_t coef;
} end;

typedef struct finder {
    const fpt_appraisal *a;
    size_t *order;  /* functions sorted by (hash of their cells, f) */
    uint64_t *hash; /* [i]: the hash of order[i]'s cells */
    size_t *first;  /* [f]..[f + 1]: f's ends in ends */
    end *ends;      /* every link twice, once from each end, sorted within a function */
} finder;

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* FNV-1a over one 64-bit word. */
static uint64_t mix(uint64_t h, uint64_t word)
{
    for (int i = 0; i < 8; i++) {
        h ^= (word >> (8 * i)) & 0xffu;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static bool same_cells(const fpt_appraisal *a, size_t f, size_t g)
{
    for (size_t l = 0; l < a->n_levels; l++) {
        const fpt_cell *x = fpt_appraisal_cell(a, f, l);
        const fpt_cell *y = fpt_appraisal_cell(a, g, l);
        if (bits_of(x->objective) != bits_of(y->objective) ||
            bits_of(x->running_gbp) != bits_of(y->running_gbp) || x->allowed != y->allowed) {
            return false;
        }
        for (size_t r = 0; r < a->n_pools; r++) {
            if (bits_of(fpt_appraisal_scarce(a, f, l, r)) !=
                bits_of(fpt_appraisal_scarce(a, g, l, r))) {
                return false;
            }
        }
    }
    return true;
}

static uint64_t hash_cells(const fpt_appraisal *a, size_t f)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t l = 0; l < a->n_levels; l++) {
        const fpt_cell *c = fpt_appraisal_cell(a, f, l);
        h = mix(h, bits_of(c->objective));
        h = mix(h, bits_of(c->running_gbp));
        h = mix(h, c->allowed ? 1u : 0u);
        for (size_t r = 0; r < a->n_pools; r++) {
            h = mix(h, bits_of(fpt_appraisal_scarce(a, f, l, r)));
        }
    }
    return h;
}

static int compare_ends(const void *x, const void *y)
{
    const end *p = x, *q = y;
    if (p->other != q->other) {
        return p->other < q->other ? -1 : 1;
    }
    return p->coef < q->coef ? -1 : p->coef > q->coef ? 1 : 0;
}

/* Each function's link ends, sorted by (other end, coefficient). */
static void collect_ends(finder *fd)
{
    const fpt_appraisal *a = fd->a;
    size_t *fill = fd->first + 1; /* counts first, then the write position of each function */
    for (size_t e = 0; e < a->n_pairs; e++) {
        fill[a->pairs[e].f]++;
        fill[a->pairs[e].g]++;
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        fd->first[f + 1] += fd->first[f];
    }
    size_t *at = fd->order; /* borrowed as scratch before the order is made */
    memcpy(at, fd->first, a->n_functions * sizeof *at);
    for (size_t e = 0; e < a->n_pairs; e++) {
        const fpt_pair *p = &a->pairs[e];
        uint64_t coef = bits_of(p->coef_gbp);
        fd->ends[at[p->f]++] = (end){.other = p->g, .coef = coef};
        fd->ends[at[p->g]++] = (end){.other = p->f, .coef = coef};
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        qsort(fd->ends + fd->first[f], fd->first[f + 1] - fd->first[f], sizeof *fd->ends,
              compare_ends);
    }
}

/* The next end of f's list at or after *i that is not a link to skip; false at the end. */
static bool next_end(const finder *fd, size_t f, size_t skip, size_t *i, end *out)
{
    while (*i < fd->first[f + 1] && fd->ends[*i].other == skip) {
        (*i)++;
    }
    if (*i == fd->first[f + 1]) {
        return false;
    }
    *out = fd->ends[(*i)++];
    return true;
}

/* The same links up to swapping f and g: the multisets of (other end, coefficient) agree once
 * the link between f and g themselves is set aside. */
static bool same_links(const finder *fd, size_t f, size_t g)
{
    size_t i = fd->first[f], j = fd->first[g];
    for (;;) {
        end x, y;
        bool more_f = next_end(fd, f, g, &i, &x);
        bool more_g = next_end(fd, g, f, &j, &y);
        if (more_f != more_g) {
            return false;
        }
        if (!more_f) {
            return true;
        }
        if (x.other != y.other || x.coef != y.coef) {
            return false;
        }
    }
}

/* C11's qsort passes no context, so each function's hash rides along with it. */
typedef struct keyed {
    uint64_t hash;
    size_t f;
} keyed;

static int compare_keyed(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    if (p->hash != q->hash) {
        return p->hash < q->hash ? -1 : 1;
    }
    return p->f < q->f ? -1 : p->f > q->f ? 1 : 0;
}

static bool sort_by_hash(finder *fd)
{
    size_t n = fd->a->n_functions;
    keyed *k = calloc(n + 1, sizeof *k);
    if (k == NULL) {
        return false;
    }
    for (size_t f = 0; f < n; f++) {
        k[f] = (keyed){.hash = hash_cells(fd->a, f), .f = f};
    }
    qsort(k, n, sizeof *k, compare_keyed);
    for (size_t i = 0; i < n; i++) {
        fd->order[i] = k[i].f;
        fd->hash[i] = k[i].hash;
    }
    free(k);
    return true;
}

/* Classes within one run [lo, hi) of equal hashes, in file order: each unplaced function
 * starts a class, and every later one its swap maps onto the programme joins it. Swaps that
 * are automorphisms compose, so a function that is a copy of one member is a copy of all. */
static void classes_in_run(const finder *fd, size_t lo, size_t hi, bool *placed, fpt_symmetry *s)
{
    for (size_t i = lo; i < hi; i++) {
        size_t rep = fd->order[i], last = rep;
        if (placed[rep]) {
            continue;
        }
        for (size_t j = i + 1; j < hi; j++) {
            size_t g = fd->order[j];
            if (!placed[g] && same_cells(fd->a, rep, g) && same_links(fd, rep, g)) {
                placed[g] = true;
                s->next[last] = g;
                s->n_links++;
                last = g;
            }
        }
    }
}

static void find_classes(const finder *fd, fpt_symmetry *s, bool *placed)
{
    size_t n = fd->a->n_functions;
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && fd->hash[hi] == fd->hash[lo]) {
            hi++;
        }
        if (hi - lo > 1) {
            classes_in_run(fd, lo, hi, placed, s);
        }
        lo = hi;
    }
}

static void free_finder(finder *fd)
{
    free(fd->hash);
    free(fd->order);
    free(fd->first);
    free(fd->ends);
}

fpt_status fpt_symmetry_find(const fpt_appraisal *a, fpt_symmetry **out, fpt_error *err)
{
    size_t n = a->n_functions;
    *out = NULL;
    finder fd = {.a = a};
    fpt_symmetry *s = calloc(1, sizeof *s);
    bool *placed = calloc(n + 1, sizeof *placed);
    fd.hash = calloc(n + 1, sizeof *fd.hash);
    fd.order = calloc(n + 1, sizeof *fd.order);
    fd.first = calloc(n + 1, sizeof *fd.first);
    fd.ends = calloc(2 * a->n_pairs + 1, sizeof *fd.ends);
    bool ok = s != NULL && placed != NULL && fd.hash != NULL && fd.order != NULL &&
              fd.first != NULL && fd.ends != NULL && (s->next = calloc(n + 1, sizeof *s->next));
    if (ok) {
        collect_ends(&fd);
        ok = sort_by_hash(&fd);
    }
    if (ok) {
        s->n_functions = n;
        for (size_t f = 0; f < n; f++) {
            s->next[f] = n;
        }
        find_classes(&fd, s, placed);
    }
    free_finder(&fd);
    free(placed);
    if (!ok) {
        fpt_symmetry_free(s);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory finding copied functions");
    }
    *out = s;
    return FPT_OK;
}

void fpt_symmetry_free(fpt_symmetry *s)
{
    if (s == NULL) {
        return;
    }
    free(s->next);
    free(s);
}

bool fpt_symmetry_equal(const fpt_symmetry *x, const fpt_symmetry *y)
{
    size_t nx = x != NULL ? x->n_links : 0, ny = y != NULL ? y->n_links : 0;
    if (nx == 0 || ny == 0) {
        return nx == ny;
    }
    return x->n_functions == y->n_functions &&
           memcmp(x->next, y->next, x->n_functions * sizeof *x->next) == 0;
}

bool fpt_symmetry_tie_in_plan(const fpt_symmetry *s, const size_t *level)
{
    for (size_t f = 0; s != NULL && f < s->n_functions; f++) {
        if (s->next[f] < s->n_functions && level[s->next[f]] != level[f]) {
            return true;
        }
    }
    return false;
}
