/* SPDX-License-Identifier: MIT */
/*
 * Makes scenario i of a sweep or Monte Carlo file (footprint/variant.h): resolves axis
 * targets, checks every axis value by applying it to a copy and validating that copy with
 * model/validate.c, and draws Monte Carlo numbers from a splitmix64 generator seeded by
 * (base seed, i).
 *
 * Scenario index i = grid point × samples + sample; grid point g is decoded with the last
 * axis varying fastest. Everything here is a pure function of its inputs.
 */
#include "footprint/variant.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/validate.h"

static const double MAX_SEED = 9007199254740992.0; /* 2^53: every integer below is exact */
static const double MAX_COUNT = 1099511627776.0;   /* 2^40 scenarios */

static const char *const FINANCE_FIELDS[] = {"allowance-per-head-gbp", "support-share",
                                             "horizon-years", "discount-rate"};

/* ---- the generator ----------------------------------------------------------------------- */

typedef struct rng {
    uint64_t state;
} rng;

static uint64_t next_u64(rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform on (0, 1): 53 random bits, never exactly 0. */
static double next_unit(rng *r)
{
    return ((double)(next_u64(r) >> 11) + 0.5) / 9007199254740992.0;
}

/* A stream for scenario index: the base seed and the index mixed, never shared. */
static rng seed_stream(double seed, size_t index)
{
    rng r = {(uint64_t)seed};
    uint64_t mixed = next_u64(&r) ^ ((uint64_t)index * 0xd1b54a32d192ed03u);
    r.state = mixed;
    next_u64(&r);
    return r;
}

/* ---- counting and decoding --------------------------------------------------------------- */

static size_t samples_of(const fpt_scenario *s)
{
    return s->mc.present && s->mc.samples > 0 ? (size_t)s->mc.samples : 1;
}

/* The product of the axis lengths and samples in whole numbers, stopping past MAX_COUNT so
 * that no product can wrap: 0 when it is empty or larger. */
size_t fpt_variant_count(const fpt_scenario *s)
{
    size_t n = samples_of(s);
    for (size_t a = 0; a < s->n_axes; a++) {
        size_t len = s->axes[a].n_values;
        if (len == 0 || n > (size_t)MAX_COUNT / len) {
            return 0;
        }
        n *= len;
    }
    return n >= 1 && n <= (size_t)MAX_COUNT ? n : 0;
}

size_t fpt_variant_sample(const fpt_scenario *s, size_t index)
{
    return index % samples_of(s);
}

void fpt_variant_axis_values(const fpt_scenario *s, size_t index, double *values)
{
    size_t point = index / samples_of(s);
    for (size_t a = s->n_axes; a-- > 0;) {
        const fpt_axis *axis = &s->axes[a];
        values[a] = axis->values[point % axis->n_values];
        point /= axis->n_values;
    }
}

/* ---- applying one axis value ------------------------------------------------------------ */

static fpt_status scale_population(fpt_scenario *s, double factor)
{
    for (size_t i = 0; i < s->n_areas; i++) {
        s->areas[i].population *= factor;
    }
    s->population *= factor;
    return FPT_OK;
}

static fpt_status set_level(fpt_scenario *s, const char *id, fpt_level_kind kind, double value)
{
    long l = fpt_scenario_find_level(s, id);
    if (l < 0) {
        return FPT_EINTERNAL; /* resolved at load time; cannot happen on a checked file */
    }
    s->levels[l].kind = kind;
    s->levels[l].spec = value;
    return FPT_OK;
}

static fpt_supply *find_or_add_supply(fpt_scenario *s, const fpt_model *m, size_t pool, long line)
{
    for (size_t i = 0; i < s->n_supplies; i++) {
        if (s->supplies[i].pool == pool) {
            return &s->supplies[i];
        }
    }
    fpt_supply *grown = realloc(s->supplies, (s->n_supplies + 1) * sizeof *grown);
    if (grown == NULL) {
        return NULL;
    }
    s->supplies = grown;
    fpt_supply *sp = &grown[s->n_supplies];
    *sp = (fpt_supply){.pool_id = strdup(m->pools[pool].id), .pool = pool, .line = line};
    if (sp->pool_id == NULL) {
        return NULL;
    }
    s->n_supplies++;
    return sp;
}

static fpt_status set_field(fpt_scenario *s, const fpt_axis *axis, double value)
{
    for (size_t i = 0; i < s->n_sets; i++) {
        fpt_set *set = &s->sets[i];
        if (strcmp(set->function_id, axis->name) == 0 && strcmp(set->field, axis->field) == 0) {
            set->value = value;
            return FPT_OK;
        }
    }
    fpt_set *grown = realloc(s->sets, (s->n_sets + 1) * sizeof *grown);
    if (grown == NULL) {
        return FPT_ENOMEM;
    }
    s->sets = grown;
    fpt_set *set = &grown[s->n_sets];
    *set = (fpt_set){.function_id = strdup(axis->name),
                     .field = strdup(axis->field),
                     .value = value,
                     .k = -1,
                     .line = axis->line};
    if (set->function_id == NULL || set->field == NULL) {
        free(set->function_id);
        free(set->field);
        return FPT_ENOMEM;
    }
    s->n_sets++;
    return FPT_OK;
}

static double *finance_field(fpt_scenario *s, size_t index)
{
    double *fields[] = {&s->allowance_per_head_gbp, &s->support_share, &s->horizon_years,
                        &s->discount_rate};
    return fields[index];
}

static fpt_status apply_supply(fpt_scenario *s, const fpt_model *m, const fpt_axis *axis,
                               double value)
{
    fpt_supply *sp = find_or_add_supply(s, m, axis->index, axis->line);
    if (sp == NULL) {
        return FPT_ENOMEM;
    }
    if (axis->kind == FPT_AXIS_SUPPLY) {
        sp->limited = true;
        sp->supply_wte = value;
    } else {
        sp->premium_gbp = value;
    }
    return FPT_OK;
}

static fpt_status apply_axis(fpt_scenario *s, const fpt_model *m, const fpt_axis *axis,
                             double value)
{
    switch (axis->kind) {
    case FPT_AXIS_POPULATION:
        return scale_population(s, value / s->population);
    case FPT_AXIS_POPULATION_SCALE:
        return scale_population(s, value);
    case FPT_AXIS_LEVEL_UNITS:
        return set_level(s, axis->name, FPT_LEVEL_BY_UNITS, value);
    case FPT_AXIS_LEVEL_POPULATION:
        return set_level(s, axis->name, FPT_LEVEL_BY_POPULATION, value);
    case FPT_AXIS_FINANCE:
        *finance_field(s, axis->index) = value;
        return FPT_OK;
    case FPT_AXIS_WEIGHT:
        s->weight[axis->index] = value;
        return FPT_OK;
    case FPT_AXIS_SUPPLY:
    case FPT_AXIS_PREMIUM:
        return apply_supply(s, m, axis, value);
    case FPT_AXIS_SET:
        return set_field(s, axis, value);
    }
    return FPT_EINTERNAL;
}

/* ---- Monte Carlo draws ------------------------------------------------------------------- */

/* Weights uniform on the simplex (normalised exponentials), scaled to the base sum. */
static void draw_weights(rng *r, fpt_scenario *s)
{
    double sum = 0, e[FPT_N_CRITERIA];
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        sum += s->weight[k];
    }
    double total = 0;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        e[k] = -log(next_unit(r));
        total += e[k];
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        s->weight[k] = sum * e[k] / total;
    }
}

/* Ratings ±1 and cost factors, in a fixed order: function by function, criteria in order. */
static void draw_model(rng *r, const fpt_montecarlo *mc, fpt_perturbation *p)
{
    for (size_t f = 0; f < p->n_functions; f++) {
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            double u = next_unit(r);
            int delta = u < mc->rating_up ? 1 : u < mc->rating_up + mc->rating_down ? -1 : 0;
            p->rating_delta[f * FPT_N_CRITERIA + (size_t)k] = k == FPT_K_LINKS ? 0 : delta;
        }
        p->staff_factor[f] = 1 + mc->cost_spread * (2 * next_unit(r) - 1);
        p->salary_factor[f] = 1 + mc->cost_spread * (2 * next_unit(r) - 1);
    }
}

static void reset_perturbation(fpt_perturbation *p)
{
    for (size_t f = 0; f < p->n_functions; f++) {
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            p->rating_delta[f * FPT_N_CRITERIA + (size_t)k] = 0;
        }
        p->staff_factor[f] = 1;
        p->salary_factor[f] = 1;
    }
}

fpt_status fpt_perturbation_init(fpt_perturbation *p, size_t n_functions)
{
    p->n_functions = n_functions;
    p->rating_delta = calloc(n_functions * FPT_N_CRITERIA + 1, sizeof *p->rating_delta);
    p->staff_factor = calloc(n_functions + 1, sizeof *p->staff_factor);
    p->salary_factor = calloc(n_functions + 1, sizeof *p->salary_factor);
    if (p->rating_delta == NULL || p->staff_factor == NULL || p->salary_factor == NULL) {
        fpt_perturbation_free(p);
        return FPT_ENOMEM;
    }
    reset_perturbation(p);
    return FPT_OK;
}

void fpt_perturbation_free(fpt_perturbation *p)
{
    free(p->rating_delta);
    free(p->staff_factor);
    free(p->salary_factor);
    memset(p, 0, sizeof *p);
}

/* ---- making scenario i ------------------------------------------------------------------- */

static void drop_sweep(fpt_scenario *s)
{
    for (size_t a = 0; a < s->n_axes; a++) {
        free(s->axes[a].target);
        free(s->axes[a].values);
        free(s->axes[a].name);
        free(s->axes[a].field);
    }
    free(s->axes);
    s->axes = NULL;
    s->n_axes = 0;
    s->mc.present = false;
}

static fpt_status apply_all(fpt_scenario *c, const fpt_model *m, const fpt_scenario *base,
                            size_t index, fpt_perturbation *p)
{
    double values[64];
    double *v = base->n_axes <= 64 ? values : calloc(base->n_axes, sizeof *v);
    if (v == NULL) {
        return FPT_ENOMEM;
    }
    fpt_variant_axis_values(base, index, v);
    fpt_status st = FPT_OK;
    for (size_t a = 0; a < base->n_axes && st == FPT_OK; a++) {
        st = apply_axis(c, m, &base->axes[a], v[a]);
    }
    if (v != values) {
        free(v);
    }
    rng r = seed_stream(base->mc.seed, index);
    if (st == FPT_OK && base->mc.present && base->mc.weights) {
        draw_weights(&r, c);
    }
    if (p != NULL) {
        reset_perturbation(p);
        if (base->mc.present) {
            draw_model(&r, &base->mc, p);
        }
    }
    return st;
}

fpt_status fpt_variant_make(const fpt_model *m, const fpt_scenario *base, size_t index,
                            fpt_scenario **out, fpt_perturbation *p, fpt_diags *d)
{
    *out = NULL;
    fpt_scenario *c = NULL;
    FPT_TRY(fpt_scenario_copy(base, &c));
    drop_sweep(c);
    fpt_status st = apply_all(c, m, base, index, p);
    if (st == FPT_OK) {
        st = fpt_scenario_validate_self(c, d);
    }
    if (st == FPT_OK) {
        st = fpt_scenario_validate_refs(c, m, d);
    }
    if (st != FPT_OK) {
        fpt_scenario_free(c);
        return st;
    }
    *out = c;
    return FPT_OK;
}

/* ---- checking a file's sweep ------------------------------------------------------------- */

static bool split_target(const char *target, char *head, char *middle, char *tail, size_t size)
{
    const char *dot1 = strchr(target, '.');
    if (dot1 == NULL || (size_t)(dot1 - target) >= size) {
        return false;
    }
    snprintf(head, size, "%.*s", (int)(dot1 - target), target);
    const char *rest = dot1 + 1;
    const char *dot2 = strchr(rest, '.');
    if (dot2 == NULL) {
        snprintf(middle, size, "%s", rest);
        tail[0] = '\0';
        return strlen(rest) < size;
    }
    if ((size_t)(dot2 - rest) >= size || strlen(dot2 + 1) >= size) {
        return false;
    }
    snprintf(middle, size, "%.*s", (int)(dot2 - rest), rest);
    snprintf(tail, size, "%s", dot2 + 1);
    return true;
}

static long index_of(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* Whether an axis changes the population or a level's units. */
static bool varies_units(const fpt_axis *a)
{
    return a->kind == FPT_AXIS_POPULATION || a->kind == FPT_AXIS_POPULATION_SCALE ||
           a->kind == FPT_AXIS_LEVEL_UNITS || a->kind == FPT_AXIS_LEVEL_POPULATION;
}

/* Resolve "level.<id>.units" and friends; false when the target names nothing. */
static bool resolve_target(fpt_axis *a, const fpt_scenario *s, const fpt_model *m)
{
    char head[128], mid[128], tail[128];
    if (!split_target(a->target, head, mid, tail, sizeof head)) {
        return false;
    }
    long i = -1;
    if (strcmp(head, "population") == 0 && tail[0] == '\0') {
        a->kind = strcmp(mid, "scale") == 0 ? FPT_AXIS_POPULATION_SCALE : FPT_AXIS_POPULATION;
        return strcmp(mid, "scale") == 0 || strcmp(mid, "total") == 0;
    }
    if (strcmp(head, "level") == 0 && fpt_scenario_find_level(s, mid) >= 0) {
        a->kind = strcmp(tail, "units") == 0 ? FPT_AXIS_LEVEL_UNITS : FPT_AXIS_LEVEL_POPULATION;
        a->name = strdup(mid);
        return a->name != NULL &&
               (strcmp(tail, "units") == 0 || strcmp(tail, "unit-population") == 0);
    }
    if (strcmp(head, "finance") == 0 && tail[0] == '\0' &&
        (i = index_of(FINANCE_FIELDS, 4, mid)) >= 0) {
        a->kind = FPT_AXIS_FINANCE;
    } else if (strcmp(head, "weight") == 0 && tail[0] == '\0' &&
               (i = fpt_criterion_from_id(mid)) >= 0) {
        a->kind = FPT_AXIS_WEIGHT;
    } else if (strcmp(head, "supply") == 0 && (i = fpt_model_find_pool(m, mid)) >= 0 &&
               (strcmp(tail, "supply-wte") == 0 || strcmp(tail, "premium-gbp") == 0)) {
        a->kind = strcmp(tail, "supply-wte") == 0 ? FPT_AXIS_SUPPLY : FPT_AXIS_PREMIUM;
    } else if (strcmp(head, "set") == 0 && fpt_model_find_function(m, mid) >= 0 && tail[0]) {
        a->kind = FPT_AXIS_SET;
        a->name = strdup(mid);
        a->field = strdup(tail);
        return a->name != NULL && a->field != NULL;
    } else {
        return false;
    }
    a->index = (size_t)i;
    return true;
}

/*
 * Apply each value of axis a alone to a copy of base (s without its sweep, so that a copy
 * costs the same whatever the axes' lengths) and validate it; one finding per bad value.
 */
static fpt_status check_axis_values(const fpt_scenario *s, const fpt_scenario *base,
                                    const fpt_model *m, const fpt_axis *a, fpt_diags *d,
                                    fpt_status *status)
{
    for (size_t v = 0; v < a->n_values; v++) {
        fpt_scenario *c = NULL;
        fpt_diags trial = {0};
        FPT_TRY(fpt_scenario_copy(base, &c));
        fpt_status st = isfinite(a->values[v]) ? apply_axis(c, m, a, a->values[v]) : FPT_EINVALID;
        if (st == FPT_OK) {
            st = fpt_scenario_validate_self(c, &trial);
        }
        if (st == FPT_OK) {
            st = fpt_scenario_validate_refs(c, m, &trial);
        }
        if (st != FPT_OK && st != FPT_ENOMEM) {
            fpt_status add = fpt_diags_add(
                d, s->file, a->line, "axis '%s': value %g makes the scenario invalid: %s",
                a->target, a->values[v],
                trial.n > 0 ? trial.items[0].message : "(expected a finite number)");
            *status = add == FPT_OK ? FPT_EINVALID : FPT_ENOMEM;
        }
        fpt_diags_clear(&trial);
        fpt_scenario_free(c);
        if (st == FPT_ENOMEM) {
            return FPT_ENOMEM;
        }
    }
    return FPT_OK;
}

static fpt_status note(fpt_diags *d, fpt_status *status, const char *file, long line,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static fpt_status note(fpt_diags *d, fpt_status *status, const char *file, long line,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fpt_diags_note(d, status, file, line, fmt, ap);
    va_end(ap);
    return *status;
}

static void check_montecarlo(const fpt_scenario *s, fpt_diags *d, fpt_status *status)
{
    const fpt_montecarlo *mc = &s->mc;
    if (!mc->present) {
        return;
    }
    if (!(mc->seed >= 0 && mc->seed < MAX_SEED && mc->seed == floor(mc->seed))) {
        note(d, status, s->file, mc->line,
             "monte-carlo: seed is %g (expected a whole number from 0 to 2^53 - 1)", mc->seed);
    }
    bool probabilities =
        mc->rating_up >= 0 && mc->rating_down >= 0 && mc->rating_up + mc->rating_down <= 1;
    if (!probabilities) {
        note(d, status, s->file, mc->line,
             "monte-carlo: rating-up %g and rating-down %g (expected probabilities >= 0 "
             "with a sum of at most 1)",
             mc->rating_up, mc->rating_down);
    }
    if (!(mc->cost_spread >= 0 && mc->cost_spread < 1)) {
        note(d, status, s->file, mc->line,
             "monte-carlo: cost-spread is %g (expected a finite number in [0, 1))",
             mc->cost_spread);
    }
}

/* Resolve a target for s; false after a finding naming it as `what` ("axis target"). */
static bool resolve_checked(fpt_axis *axis, const fpt_scenario *s, const fpt_model *m,
                            const char *what, fpt_diags *d, fpt_status *status)
{
    if (!resolve_target(axis, s, m)) {
        note(d, status, s->file, axis->line,
             "%s '%s' names nothing to vary (expected population.total, "
             "population.scale, level.<level>.units, level.<level>.unit-population, "
             "finance.<attribute>, weight.<criterion>, supply.<pool>.supply-wte, "
             "supply.<pool>.premium-gbp or set.<function>.<field>)",
             what, axis->target ? axis->target : "");
        return false;
    }
    if (s->geography != NULL && varies_units(axis)) {
        note(d, status, s->file, axis->line,
             "%s '%s' in a scenario with a geography (expected a target other "
             "than population.* and level.*: the population and the units come from the "
             "CCGs; footprint size varies the number of districted units)",
             what, axis->target);
        return false;
    }
    return true;
}

fpt_status fpt_scenario_set_target(fpt_scenario *s, const fpt_model *m, const char *target,
                                   double value, const char *what, long line, fpt_diags *d)
{
    fpt_axis axis = {.target = (char *)target, .line = line};
    fpt_status status = FPT_OK;
    if (resolve_checked(&axis, s, m, what, d, &status)) {
        status = apply_axis(s, m, &axis, value);
    }
    free(axis.name);
    free(axis.field);
    return status;
}

/* Resolve every axis and check each of its values alone; FPT_ENOMEM or FPT_OK. */
static fpt_status check_axes(fpt_scenario *s, const fpt_model *m, fpt_diags *d, fpt_status *status)
{
    fpt_scenario *base = NULL;
    FPT_TRY(fpt_scenario_copy(s, &base));
    drop_sweep(base);
    fpt_status st = FPT_OK;
    for (size_t a = 0; a < s->n_axes && st == FPT_OK; a++) {
        fpt_axis *axis = &s->axes[a];
        if (resolve_checked(axis, s, m, "axis target", d, status)) {
            st = check_axis_values(s, base, m, axis, d, status);
        }
    }
    fpt_scenario_free(base);
    return st;
}

fpt_status fpt_scenario_validate_sweep(fpt_scenario *s, const fpt_model *m, fpt_diags *d)
{
    fpt_status status = FPT_OK;
    check_montecarlo(s, d, &status);
    /* Counted before any value is checked: a file of 10^25 scenarios is refused at once. */
    if (status == FPT_OK && (s->n_axes > 0 || s->mc.present) && fpt_variant_count(s) == 0) {
        return note(d, &status, s->file, s->line,
                    "the sweep stands for more than 2^40 scenarios (expected fewer axis "
                    "values or samples: at most 1099511627776 scenarios in all)");
    }
    if (check_axes(s, m, d, &status) != FPT_OK) {
        return FPT_ENOMEM;
    }
    return status;
}
