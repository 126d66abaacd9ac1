/* SPDX-License-Identifier: MIT */
/*
 * In-memory models and scenarios for the solver tests (see builder.h): construction with
 * every field a loader and validation would set, deep copies, scenario overrides, random
 * instances from a splitmix64 stream, and the budget/pool coupling computed from an
 * appraisal. Allocation failure aborts; nothing here is library code.
 */
#include "builder.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/validate.h"

const double fpt_test_calibration[FPT_N_CRITERIA][FPT_N_RATINGS] = {
    {0, 0.1, 0.2, 0.35, 0.5},      /* knowledge-share */
    {0, 0.1, 0.2, 0.3, 0.4},       /* visibility-share */
    {0, 0.05, 0.1, 0.2, 0.3},      /* link-share, by strength */
    {0, 0.1, 0.2, 0.35, 0.5},      /* scarce-share */
    {0, 1, 2, 4, 8},               /* min-team-wte */
    {1, 0.975, 0.95, 0.93, 0.905}, /* scale-exponent */
    {0, 0.25, 0.5, 1, 2},          /* duplication-wte */
    {0, 0.5, 1, 2, 4},             /* development-multiple */
};

static const struct {
    const char *id;
    fpt_level_kind kind;
    double spec;
} standard_levels[FPT_TEST_N_STANDARD_LEVELS] = {
    {"local", FPT_LEVEL_BY_UNITS, 211},
    {"hub", FPT_LEVEL_BY_POPULATION, 5000000},
    {"sub-national", FPT_LEVEL_BY_UNITS, 4},
    {"national", FPT_LEVEL_BY_UNITS, 1},
};

/* ---- allocation ------------------------------------------------------------------------ */

static void *must(void *p)
{
    if (p == NULL) {
        fprintf(stderr, "test builder: out of memory\n");
        abort();
    }
    return p;
}

static char *dup(const char *s)
{
    return must(strdup(s));
}

static char *format_id(const char *prefix, size_t i)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s%zu", prefix, i);
    return dup(buf);
}

/* Grow an array of n elements of size bytes by one zeroed element; returns the new one. */
static void *grow(void **items, size_t *n, size_t size)
{
    char *p = must(realloc(*items, (*n + 1) * size));
    memset(p + *n * size, 0, size);
    *items = p;
    (*n)++;
    return p + (*n - 1) * size;
}

/* ---- PRNG ------------------------------------------------------------------------------ */

void fpt_test_rng_seed(fpt_test_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t fpt_test_rng_next(fpt_test_rng *r)
{
    uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

double fpt_test_rng_uniform(fpt_test_rng *r, double lo, double hi)
{
    double u = (double)(fpt_test_rng_next(r) >> 11) * 0x1.0p-53; /* [0, 1) */
    return lo + (hi - lo) * u;
}

int fpt_test_rng_int(fpt_test_rng *r, int lo, int hi)
{
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int)(fpt_test_rng_next(r) % span);
}

bool fpt_test_rng_chance(fpt_test_rng *r, double p)
{
    return fpt_test_rng_uniform(r, 0, 1) < p;
}

/* ---- models ---------------------------------------------------------------------------- */

static void init_function(fpt_function *fn, size_t f)
{
    fn->id = format_id("f", f);
    fn->name = format_id("Function ", f);
    fn->category = dup("back-office");
    fn->description = dup("built by tests/support/builder.c");
    fn->line = (long)(10 + f);
    fn->staff_per_100k = 1;
    fn->salary_gbp = 40000;
    fn->staff_basis = dup("test");
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fn->rating[k] = 0;
        fn->rationale[k] = dup("test");
        fn->rating_present[k] = true;
        fn->rating_line[k] = fn->line;
    }
}

fpt_model *fpt_test_model_new(size_t n_functions, size_t n_pools)
{
    fpt_model *m = NULL;
    if (fpt_model_create("builder", &m, NULL) != FPT_OK) {
        must(NULL);
    }
    m->id = dup("test-model");
    m->title = dup("Test model");
    m->description = dup("built in memory");
    m->line = 1;
    m->calibration_line = 2;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_test_model_calibrate(m, k, fpt_test_calibration[k]);
    }
    m->pools = must(calloc(n_pools + 1, sizeof *m->pools));
    m->n_pools = n_pools;
    for (size_t p = 0; p < n_pools; p++) {
        m->pools[p].id = format_id("p", p);
        m->pools[p].name = format_id("Pool ", p);
        m->pools[p].description = dup("test pool");
        m->pools[p].line = 3;
    }
    m->functions = must(calloc(n_functions + 1, sizeof *m->functions));
    m->n_functions = n_functions;
    for (size_t f = 0; f < n_functions; f++) {
        init_function(&m->functions[f], f);
    }
    return m;
}

void fpt_test_model_calibrate(fpt_model *m, int k, const double values[FPT_N_RATINGS])
{
    fpt_calibration *t = &m->calibration[k];
    memcpy(t->value, values, sizeof t->value);
    if (t->basis == NULL) {
        t->basis = dup("test calibration");
    }
    t->present = true;
    t->line = 2;
}

void fpt_test_model_staff(fpt_model *m, size_t f, double per_100k, double salary_gbp)
{
    m->functions[f].staff_per_100k = per_100k;
    m->functions[f].salary_gbp = salary_gbp;
}

void fpt_test_model_ratings(fpt_model *m, size_t f, const int ratings[FPT_N_CRITERIA])
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        if (k != FPT_K_LINKS) {
            m->functions[f].rating[k] = ratings[k];
        }
    }
}

void fpt_test_model_add_draw(fpt_model *m, size_t f, size_t p, double share)
{
    fpt_function *fn = &m->functions[f];
    fpt_draw *d = grow((void **)&fn->draws, &fn->n_draws, sizeof *fn->draws);
    d->pool_id = dup(m->pools[p].id);
    d->pool = p;
    d->share = share;
    d->line = fn->line;
}

void fpt_test_model_add_link(fpt_model *m, size_t f, size_t g, int strength)
{
    fpt_link *ln = grow((void **)&m->links, &m->n_links, sizeof *m->links);
    ln->from_id = dup(m->functions[f].id);
    ln->to_id = dup(m->functions[g].id);
    ln->from = f;
    ln->to = g;
    ln->strength = strength;
    ln->rationale = dup("test link");
    ln->line = 100;
    int *rf = &m->functions[f].rating[FPT_K_LINKS], *rg = &m->functions[g].rating[FPT_K_LINKS];
    *rf = strength > *rf ? strength : *rf;
    *rg = strength > *rg ? strength : *rg;
}

fpt_model *fpt_test_model_random(fpt_test_rng *r, const fpt_test_model_spec *spec)
{
    fpt_model *m = fpt_test_model_new(spec->n_functions, spec->n_pools);
    for (size_t f = 0; f < m->n_functions; f++) {
        fpt_test_model_staff(m, f, fpt_test_rng_uniform(r, 0.2, 3),
                             fpt_test_rng_uniform(r, 30000, 70000));
        int ratings[FPT_N_CRITERIA];
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            ratings[k] = fpt_test_rng_int(r, 0, FPT_N_RATINGS - 1);
        }
        if (m->n_pools == 0) {
            ratings[FPT_K_SCARCITY] = 0;
        }
        fpt_test_model_ratings(m, f, ratings);
        if (ratings[FPT_K_SCARCITY] > 0) {
            size_t p = (size_t)fpt_test_rng_int(r, 0, (int)m->n_pools - 1);
            fpt_test_model_add_draw(m, f, p, 1.0);
        }
    }
    for (size_t f = 0; f < m->n_functions; f++) {
        for (size_t g = f + 1; g < m->n_functions; g++) {
            if (fpt_test_rng_chance(r, spec->link_prob)) {
                fpt_test_model_add_link(m, f, g, fpt_test_rng_int(r, 1, 4));
            }
        }
    }
    return m;
}

/* ---- scenarios ------------------------------------------------------------------------- */

static fpt_scenario *scenario_base(const fpt_model *m, double pop)
{
    fpt_scenario *s = NULL;
    if (fpt_scenario_create("builder", &s, NULL) != FPT_OK) {
        must(NULL);
    }
    s->id = dup("test-scenario");
    s->title = dup("Test scenario");
    s->description = dup("built in memory");
    s->line = 1;
    s->population = pop;
    s->population_line = 2;
    s->levels_line = 3;
    s->finance_line = 4;
    s->weights_line = 5;
    s->supplies = must(calloc(m->n_pools + 1, sizeof *s->supplies));
    s->n_supplies = m->n_pools;
    for (size_t p = 0; p < m->n_pools; p++) {
        s->supplies[p].pool_id = dup(m->pools[p].id);
        s->supplies[p].pool = p;
        s->supplies[p].line = 6;
    }
    return s;
}

static void set_level(fpt_level *lv, const char *id, fpt_level_kind kind, double spec, long n_units,
                      double pop)
{
    lv->id = dup(id);
    lv->name = dup(id);
    lv->kind = kind;
    lv->spec = spec;
    lv->n_units = n_units;
    lv->unit_pop = pop / (double)n_units;
    lv->line = 3;
}

fpt_scenario *fpt_test_scenario_new(const fpt_model *m, double pop, const long *units,
                                    size_t n_levels)
{
    fpt_scenario *s = scenario_base(m, pop);
    s->levels = must(calloc(n_levels, sizeof *s->levels));
    s->n_levels = n_levels;
    for (size_t l = 0; l < n_levels; l++) {
        char id[32];
        snprintf(id, sizeof id, "l%zu", l);
        set_level(&s->levels[l], id, FPT_LEVEL_BY_UNITS, (double)units[l], units[l], pop);
    }
    return s;
}

fpt_scenario *fpt_test_scenario_standard(const fpt_model *m, unsigned level_mask)
{
    double pop = FPT_TEST_POPULATION;
    fpt_scenario *s = scenario_base(m, pop);
    s->levels = must(calloc(FPT_TEST_N_STANDARD_LEVELS, sizeof *s->levels));
    for (size_t i = 0; i < FPT_TEST_N_STANDARD_LEVELS; i++) {
        if ((level_mask & (1u << i)) == 0) {
            continue;
        }
        double spec = standard_levels[i].spec;
        long units =
            standard_levels[i].kind == FPT_LEVEL_BY_UNITS ? (long)spec : lround(pop / spec);
        set_level(&s->levels[s->n_levels++], standard_levels[i].id, standard_levels[i].kind, spec,
                  units < 1 ? 1 : units, pop);
    }
    return s;
}

static char *dup_or_null(const char *s)
{
    return s != NULL ? dup(s) : NULL;
}

static void *copy_array(const void *items, size_t n, size_t size)
{
    void *p = must(calloc(n + 1, size));
    if (n > 0) {
        memcpy(p, items, n * size);
    }
    return p;
}

fpt_scenario *fpt_test_scenario_copy(const fpt_scenario *s)
{
    fpt_scenario *c = must(malloc(sizeof *c));
    *c = *s;
    c->file = dup_or_null(s->file);
    c->id = dup_or_null(s->id);
    c->title = dup_or_null(s->title);
    c->description = dup_or_null(s->description);
    c->areas = copy_array(s->areas, s->n_areas, sizeof *s->areas);
    for (size_t i = 0; i < s->n_areas; i++) {
        c->areas[i].id = dup_or_null(s->areas[i].id);
    }
    c->levels = copy_array(s->levels, s->n_levels, sizeof *s->levels);
    for (size_t i = 0; i < s->n_levels; i++) {
        c->levels[i].id = dup_or_null(s->levels[i].id);
        c->levels[i].name = dup_or_null(s->levels[i].name);
    }
    c->supplies = copy_array(s->supplies, s->n_supplies, sizeof *s->supplies);
    for (size_t i = 0; i < s->n_supplies; i++) {
        c->supplies[i].pool_id = dup_or_null(s->supplies[i].pool_id);
    }
    c->locks = copy_array(s->locks, s->n_locks, sizeof *s->locks);
    for (size_t i = 0; i < s->n_locks; i++) {
        c->locks[i].function_id = dup_or_null(s->locks[i].function_id);
        c->locks[i].level_id = dup_or_null(s->locks[i].level_id);
    }
    c->sets = copy_array(s->sets, s->n_sets, sizeof *s->sets);
    for (size_t i = 0; i < s->n_sets; i++) {
        c->sets[i].function_id = dup_or_null(s->sets[i].function_id);
        c->sets[i].field = dup_or_null(s->sets[i].field);
    }
    return c;
}

void fpt_test_scenario_budget(fpt_scenario *s, double budget_gbp)
{
    s->allowance_per_head_gbp = budget_gbp / (s->population * s->support_share);
}

void fpt_test_scenario_supply(fpt_scenario *s, size_t p, bool limited, double supply_wte,
                              double premium_gbp)
{
    for (size_t i = 0; i < s->n_supplies; i++) {
        if (s->supplies[i].pool == p) {
            s->supplies[i].limited = limited;
            s->supplies[i].supply_wte = limited ? supply_wte : 0;
            s->supplies[i].premium_gbp = premium_gbp;
            return;
        }
    }
    abort(); /* every pool has a supply entry (scenario_base) */
}

void fpt_test_scenario_lock(fpt_scenario *s, const fpt_model *m, size_t f, size_t l,
                            fpt_lock_mode mode)
{
    fpt_lock *lock = grow((void **)&s->locks, &s->n_locks, sizeof *s->locks);
    lock->function_id = dup(m->functions[f].id);
    lock->level_id = dup(s->levels[l].id);
    lock->function = f;
    lock->level = l;
    lock->mode = mode;
    lock->line = 7;
}

static void transition_cost(fpt_transition_cost *c, double months)
{
    free(c->basis);
    c->present = true;
    c->months = months;
    c->basis = dup("judgement: a test figure");
    c->line = 9;
}

void fpt_test_scenario_transition(fpt_scenario *s, double redundancy_months,
                                  double double_running_months, double productivity_months,
                                  double weight)
{
    s->transition.present = true;
    s->transition.line = 9;
    transition_cost(&s->transition.redundancy, redundancy_months);
    transition_cost(&s->transition.double_running, double_running_months);
    transition_cost(&s->transition.productivity, productivity_months);
    s->transition.weight = weight;
}

void fpt_test_scenario_current(fpt_scenario *s, const fpt_model *m, size_t f, size_t l)
{
    fpt_current *c = grow((void **)&s->transition.current, &s->transition.n_current, sizeof *c);
    c->function_id = dup(m->functions[f].id);
    c->level_id = dup(s->levels[l].id);
    c->function = f;
    c->level = l;
    c->line = 10;
}

static fpt_set *add_set(fpt_scenario *s, const fpt_model *m, size_t f, const char *field,
                        double value)
{
    fpt_set *set = grow((void **)&s->sets, &s->n_sets, sizeof *s->sets);
    set->function_id = dup(m->functions[f].id);
    set->field = dup(field);
    set->value = value;
    set->function = f;
    set->line = 8;
    return set;
}

void fpt_test_scenario_set_rating(fpt_scenario *s, const fpt_model *m, size_t f, int k, int rating)
{
    char field[64];
    snprintf(field, sizeof field, "rating.%s", fpt_criterion_id(k));
    fpt_set *set = add_set(s, m, f, field, rating);
    set->kind = FPT_SET_RATING;
    set->k = k;
}

void fpt_test_scenario_set_link(fpt_scenario *s, const fpt_model *m, size_t f, size_t g,
                                int strength)
{
    char field[96];
    snprintf(field, sizeof field, "link.%s", m->functions[g].id);
    fpt_set *set = add_set(s, m, f, field, strength);
    set->kind = FPT_SET_LINK;
    set->k = FPT_K_LINKS;
    set->other = g;
}

/* A random subset of exactly n of the four standard levels. */
static unsigned random_level_mask(fpt_test_rng *r, size_t n)
{
    unsigned mask = 0;
    size_t chosen = 0;
    while (chosen < n) {
        unsigned bit = 1u << fpt_test_rng_int(r, 0, FPT_TEST_N_STANDARD_LEVELS - 1);
        if ((mask & bit) == 0) {
            mask |= bit;
            chosen++;
        }
    }
    return mask;
}

static void add_random_locks(fpt_test_rng *r, fpt_scenario *s, const fpt_model *m)
{
    int n = fpt_test_rng_int(r, 1, 2);
    for (int i = 0; i < n; i++) {
        size_t f = (size_t)fpt_test_rng_int(r, 0, (int)m->n_functions - 1);
        size_t l = (size_t)fpt_test_rng_int(r, 0, (int)s->n_levels - 1);
        bool fix = fpt_test_rng_chance(r, 0.3);
        fpt_test_scenario_lock(s, m, f, l, fix ? FPT_LOCK_FIX : FPT_LOCK_FORBID);
    }
}

fpt_scenario *fpt_test_scenario_random(fpt_test_rng *r, const fpt_model *m,
                                       const fpt_test_scenario_spec *spec)
{
    fpt_scenario *s = fpt_test_scenario_standard(m, random_level_mask(r, spec->n_levels));
    for (size_t p = 0; p < m->n_pools; p++) {
        fpt_test_scenario_supply(s, p, false, 0, fpt_test_rng_uniform(r, 5000, 20000));
    }
    if (fpt_test_rng_chance(r, spec->lock_prob)) {
        add_random_locks(r, s, m);
    }
    if (spec->coupled) {
        fpt_test_scenario_couple(r, s, m);
    }
    return s;
}

/* What a plan uses of one group: the budget (pool == SIZE_MAX) or a pool's scarce WTE. */
static double cell_use(const fpt_appraisal *a, size_t f, size_t l, size_t pool)
{
    return pool == SIZE_MAX ? fpt_appraisal_cell(a, f, l)->running_gbp
                            : fpt_appraisal_scarce(a, f, l, pool);
}

/* Least, most and link-blind-best-plan use of a group; false when a function has no level. */
static bool group_range(const fpt_appraisal *a, size_t pool, double *least, double *most,
                        double *best)
{
    *least = *most = *best = 0;
    for (size_t f = 0; f < a->n_functions; f++) {
        double lo = INFINITY, hi = -INFINITY, obj = INFINITY, at_best = 0;
        for (size_t l = 0; l < a->n_levels; l++) {
            const fpt_cell *c = fpt_appraisal_cell(a, f, l);
            if (!c->allowed) {
                continue;
            }
            double use = cell_use(a, f, l, pool);
            lo = fmin(lo, use);
            hi = fmax(hi, use);
            if (c->objective < obj) {
                obj = c->objective;
                at_best = use;
            }
        }
        if (!isfinite(lo)) {
            return false;
        }
        *least += lo;
        *most += hi;
        *best += at_best;
    }
    return true;
}

/* A capacity a random fraction of the way from least towards best (or most); < 0: none. */
static double binding_capacity(fpt_test_rng *r, double least, double most, double best)
{
    double t = fpt_test_rng_uniform(r, 0.15, 0.85);
    double tiny = 1e-6 * fmax(1.0, least);
    if (best - least > tiny) {
        return least + t * (best - least);
    }
    if (most - least > tiny) {
        return least + 0.5 * t * (most - least);
    }
    return -1;
}

void fpt_test_scenario_couple(fpt_test_rng *r, fpt_scenario *s, const fpt_model *m)
{
    fpt_appraisal *a = fpt_test_appraise(m, s);
    double least, most, best;
    if (group_range(a, SIZE_MAX, &least, &most, &best)) {
        double cap = binding_capacity(r, least, most, best);
        if (cap >= 0) {
            fpt_test_scenario_budget(s, cap);
        }
    }
    for (size_t p = 0; p < m->n_pools; p++) {
        if (!group_range(a, p, &least, &most, &best)) {
            continue;
        }
        double cap = binding_capacity(r, least, most, best);
        if (cap >= 0) {
            fpt_test_scenario_supply(s, p, true, cap, a->pool_premium_gbp[p]);
        }
    }
    fpt_appraisal_free(a);
}

/* ---- appraise and solve ---------------------------------------------------------------- */

fpt_appraisal *fpt_test_appraise(const fpt_model *m, const fpt_scenario *s)
{
    fpt_appraisal *a = NULL;
    fpt_error err = {0};
    if (fpt_appraisal_build(m, s, &a, &err) != FPT_OK) {
        fprintf(stderr, "test builder: appraisal failed: %s\n", err.message);
        abort();
    }
    return a;
}

fpt_solution *fpt_test_solve(const fpt_appraisal *a)
{
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_solution *sol = NULL;
    fpt_error err = {0};
    if (fpt_solve(a, &o, &sol, &err) != FPT_OK) {
        fprintf(stderr, "test builder: solve failed: %s\n", err.message);
        abort();
    }
    return sol;
}

bool fpt_test_validate(fpt_model *m, fpt_scenario *s, char *msg, size_t msg_size)
{
    fpt_diags d = {0};
    fpt_status st = fpt_model_validate(m, &d);
    if (st == FPT_OK && s != NULL) {
        st = fpt_scenario_validate_self(s, &d);
    }
    if (st == FPT_OK && s != NULL) {
        st = fpt_scenario_validate_refs(s, m, &d);
    }
    bool ok = st == FPT_OK && d.n == 0;
    if (!ok) {
        snprintf(msg, msg_size, "%s (status %d, %zu findings)",
                 d.n > 0 ? d.items[0].message : "no finding", (int)st, d.n);
    }
    fpt_diags_clear(&d);
    return ok;
}
