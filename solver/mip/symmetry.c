/* SPDX-License-Identifier: MIT */
/*
 * Finds the functions of an appraisal that are copies of one another (docs/model.md "Copies
 * of a function"): swapping two copies maps the programme of formulate.c onto itself, so
 * every plan has a twin of the same objective with the two swapped. Identity is decided on
 * the numbers the programme is built from, bit for bit — never "near" — so that the swap is
 * exactly an automorphism: each level's objective, running cost, lock and scarce WTE per pool,
 * and the links, each other end with its coefficient, the link between the two themselves
 * aside (it reads the same both ways). Functions are grouped by a hash of their cells first,
 * so that only functions with equal cells are compared; the scratch space is made once, so that
 * a programme reused across a sweep checks each scenario's copies without allocating.
 */
#include "mip/symmetry.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One end of a link, seen from a function: the other function and the coefficient's bits. */
typedef struct end {
    size_t other;
    uint64_t coef;
} end;

/* A function and the hash of its cells; C11's qsort passes no context, so they travel together. */
typedef struct keyed {
    uint64_t hash;
    size_t f;
} keyed;

struct fpt_symmetry {
    size_t n_functions;
    size_t n_pairs;
    size_t *next;   /* [f]: the next copy of f in file order, or n_functions */
    size_t n_links; /* functions with a next copy */
    /* Scratch, sized at creation so that finding allocates nothing. */
    const fpt_appraisal *a;
    keyed *keys;   /* functions sorted by (hash of their cells, f) */
    size_t *first; /* [f]..[f + 1]: f's ends in ends */
    size_t *at;    /* [f]: where f's next end goes while they are collected */
    end *ends;     /* every link twice, once from each end, sorted within a function */
    bool *placed;  /* [f]: f already belongs to a class */
};

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
static void collect_ends(fpt_symmetry *s)
{
    const fpt_appraisal *a = s->a;
    memset(s->first, 0, (a->n_functions + 1) * sizeof *s->first);
    for (size_t e = 0; e < a->n_pairs; e++) {
        s->first[a->pairs[e].f + 1]++;
        s->first[a->pairs[e].g + 1]++;
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        s->first[f + 1] += s->first[f];
    }
    memcpy(s->at, s->first, a->n_functions * sizeof *s->at);
    for (size_t e = 0; e < a->n_pairs; e++) {
        const fpt_pair *p = &a->pairs[e];
        uint64_t coef = bits_of(p->coef_gbp);
        s->ends[s->at[p->f]++] = (end){.other = p->g, .coef = coef};
        s->ends[s->at[p->g]++] = (end){.other = p->f, .coef = coef};
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        qsort(s->ends + s->first[f], s->first[f + 1] - s->first[f], sizeof *s->ends, compare_ends);
    }
}

/* The next end of f's list at or after *i that is not a link to skip; false at the end. */
static bool next_end(const fpt_symmetry *s, size_t f, size_t skip, size_t *i, end *out)
{
    while (*i < s->first[f + 1] && s->ends[*i].other == skip) {
        (*i)++;
    }
    if (*i == s->first[f + 1]) {
        return false;
    }
    *out = s->ends[(*i)++];
    return true;
}

/* The same links up to swapping f and g: the multisets of (other end, coefficient) agree once
 * the link between f and g themselves is set aside. */
static bool same_links(const fpt_symmetry *s, size_t f, size_t g)
{
    size_t i = s->first[f], j = s->first[g];
    for (;;) {
        end x, y;
        bool more_f = next_end(s, f, g, &i, &x);
        bool more_g = next_end(s, g, f, &j, &y);
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

static int compare_keyed(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    if (p->hash != q->hash) {
        return p->hash < q->hash ? -1 : 1;
    }
    return p->f < q->f ? -1 : p->f > q->f ? 1 : 0;
}

/* Classes within one run [lo, hi) of equal hashes, in file order: each unplaced function
 * starts a class, and every later one its swap maps onto the programme joins it. Swaps that
 * are automorphisms compose, so a function that is a copy of one member is a copy of all. */
static void classes_in_run(fpt_symmetry *s, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++) {
        size_t rep = s->keys[i].f, last = rep;
        if (s->placed[rep]) {
            continue;
        }
        for (size_t j = i + 1; j < hi; j++) {
            size_t g = s->keys[j].f;
            if (!s->placed[g] && same_cells(s->a, rep, g) && same_links(s, rep, g)) {
                s->placed[g] = true;
                s->next[last] = g;
                s->n_links++;
                last = g;
            }
        }
    }
}

fpt_status fpt_symmetry_create(size_t n_functions, size_t n_pairs, fpt_symmetry **out,
                               fpt_error *err)
{
    fpt_symmetry *s = calloc(1, sizeof *s);
    *out = NULL;
    if (s != NULL) {
        s->n_functions = n_functions;
        s->n_pairs = n_pairs;
        s->next = calloc(n_functions + 1, sizeof *s->next);
        s->keys = calloc(n_functions + 1, sizeof *s->keys);
        s->first = calloc(n_functions + 1, sizeof *s->first);
        s->at = calloc(n_functions + 1, sizeof *s->at);
        s->ends = calloc(2 * n_pairs + 1, sizeof *s->ends);
        s->placed = calloc(n_functions + 1, sizeof *s->placed);
    }
    if (s == NULL || s->next == NULL || s->keys == NULL || s->first == NULL || s->at == NULL ||
        s->ends == NULL || s->placed == NULL) {
        fpt_symmetry_free(s);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory finding copied functions");
    }
    for (size_t f = 0; f < n_functions; f++) {
        s->next[f] = n_functions;
    }
    *out = s;
    return FPT_OK;
}

void fpt_symmetry_find(fpt_symmetry *s, const fpt_appraisal *a)
{
    size_t n = a->n_functions;
    assert(n == s->n_functions && a->n_pairs == s->n_pairs);
    s->a = a;
    s->n_links = 0;
    for (size_t f = 0; f < n; f++) {
        s->next[f] = n;
        s->placed[f] = false;
        s->keys[f] = (keyed){.hash = hash_cells(a, f), .f = f};
    }
    collect_ends(s);
    qsort(s->keys, n, sizeof *s->keys, compare_keyed);
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && s->keys[hi].hash == s->keys[lo].hash) {
            hi++;
        }
        classes_in_run(s, lo, hi);
        lo = hi;
    }
    s->a = NULL;
}

void fpt_symmetry_free(fpt_symmetry *s)
{
    if (s == NULL) {
        return;
    }
    free(s->next);
    free(s->keys);
    free(s->first);
    free(s->at);
    free(s->ends);
    free(s->placed);
    free(s);
}

bool fpt_symmetry_wanted(void)
{
#ifdef FPT_TEST_HOOKS
    const char *v = getenv("FPT_TEST_NO_SYMMETRY");
    return v == NULL || strcmp(v, "1") != 0;
#else
    return true;
#endif
}

size_t fpt_symmetry_n_functions(const fpt_symmetry *s)
{
    return s->n_functions;
}

size_t fpt_symmetry_next(const fpt_symmetry *s, size_t f)
{
    return s->next[f];
}

size_t fpt_symmetry_n_links(const fpt_symmetry *s)
{
    return s->n_links;
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
