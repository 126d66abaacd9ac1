/* SPDX-License-Identifier: MIT */
/*
 * The in-memory scenario (footprint/scenario.h): allocation with the defaults of
 * docs/formats.md, the four default footprint levels, look-up, deep copy and freeing.
 *
 * load/scenario_xml.c fills a scenario created here and model/validate.c checks it; this
 * file knows nothing of XML. Every function is thread safe on distinct scenarios.
 */
#include "footprint/scenario.h"

#include <stdlib.h>
#include <string.h>

/* docs/formats.md "Scenario": 211 local units are the CCGs of April 2013. */
static const struct {
    const char *id;
    const char *name;
    fpt_level_kind kind;
    double spec;
} default_levels[] = {
    {"local", "Local (CCG)", FPT_LEVEL_BY_UNITS, 211},
    {"hub", "Hub", FPT_LEVEL_BY_POPULATION, 5000000},
    {"sub-national", "Sub-national", FPT_LEVEL_BY_UNITS, 4},
    {"national", "National", FPT_LEVEL_BY_UNITS, 1},
};

enum { N_DEFAULT_LEVELS = sizeof default_levels / sizeof default_levels[0] };

fpt_status fpt_scenario_create(const char *file, fpt_scenario **out, fpt_error *err)
{
    *out = NULL;
    fpt_scenario *s = calloc(1, sizeof *s);
    char *copy = strdup(file != NULL ? file : "");
    if (s == NULL || copy == NULL) {
        free(s);
        free(copy);
        return fpt_error_set(err, FPT_ENOMEM, file, 0, "out of memory creating a scenario");
    }
    s->file = copy;
    s->allowance_per_head_gbp = 25; /* £ per head per year, seeds 003/004 */
    s->support_share = 0.5;         /* seed 003: under 50% for commissioning support */
    s->horizon_years = 5;
    s->discount_rate = 0.035; /* HM Treasury Green Book */
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        s->weight[k] = 1;
    }
    s->transition.weight = 1;
    *out = s;
    return FPT_OK;
}

fpt_status fpt_scenario_add_default_levels(fpt_scenario *s, fpt_error *err)
{
    fpt_level *levels = calloc(N_DEFAULT_LEVELS, sizeof *levels);
    if (levels == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, s->file, 0, "out of memory adding levels");
    }
    for (size_t l = 0; l < N_DEFAULT_LEVELS; l++) {
        levels[l].id = strdup(default_levels[l].id);
        levels[l].name = strdup(default_levels[l].name);
        levels[l].kind = default_levels[l].kind;
        levels[l].spec = default_levels[l].spec;
        if (levels[l].id == NULL || levels[l].name == NULL) {
            for (size_t i = 0; i <= l; i++) {
                free(levels[i].id);
                free(levels[i].name);
            }
            free(levels);
            return fpt_error_set(err, FPT_ENOMEM, s->file, 0, "out of memory adding levels");
        }
    }
    s->levels = levels;
    s->n_levels = N_DEFAULT_LEVELS;
    s->levels_default = true;
    return FPT_OK;
}

static const char *const GROUPING_NAMES[FPT_GROUPING_COUNT] = {
    [FPT_GROUPING_NONE] = "none",         [FPT_GROUPING_CCG] = "ccg",
    [FPT_GROUPING_AREA] = "area",         [FPT_GROUPING_REGION] = "region",
    [FPT_GROUPING_NATIONAL] = "national", [FPT_GROUPING_PARTITION] = "partition",
};

int fpt_grouping_from_name(const char *name)
{
    for (int g = FPT_GROUPING_CCG; name != NULL && g < FPT_GROUPING_COUNT; g++) {
        if (strcmp(name, GROUPING_NAMES[g]) == 0) {
            return g;
        }
    }
    return -1;
}

const char *fpt_grouping_name(fpt_grouping g)
{
    return g >= 0 && g < FPT_GROUPING_COUNT ? GROUPING_NAMES[g] : "none";
}

void fpt_level_clear_units(fpt_level *lv)
{
    for (size_t u = 0; lv->units != NULL && u < (size_t)lv->n_units; u++) {
        free(lv->units[u].label);
        free(lv->units[u].centre);
    }
    free(lv->units);
    free(lv->unit_of);
    lv->units = NULL;
    lv->unit_of = NULL;
    lv->n_ccgs = 0;
}

size_t fpt_scenario_current_level(const fpt_scenario *s, size_t f)
{
    size_t level = 0;
    for (size_t i = 0; i < s->transition.n_current; i++) {
        if (s->transition.current[i].function == f) {
            level = s->transition.current[i].level;
        }
    }
    return level;
}

bool fpt_scenario_has_transition(const fpt_scenario *s)
{
    return s->transition.present;
}

long fpt_scenario_find_level(const fpt_scenario *s, const char *id)
{
    for (size_t l = 0; id != NULL && l < s->n_levels; l++) {
        if (s->levels[l].id != NULL && strcmp(s->levels[l].id, id) == 0) {
            return (long)l;
        }
    }
    return -1;
}

static void free_arrays(fpt_scenario *s)
{
    for (size_t i = 0; i < s->n_areas; i++) {
        free(s->areas[i].id);
    }
    for (size_t i = 0; i < s->n_levels; i++) {
        free(s->levels[i].id);
        free(s->levels[i].name);
        free(s->levels[i].file);
        fpt_level_clear_units(&s->levels[i]);
    }
    for (size_t i = 0; i < s->n_supplies; i++) {
        free(s->supplies[i].pool_id);
    }
    for (size_t i = 0; i < s->n_locks; i++) {
        free(s->locks[i].function_id);
        free(s->locks[i].level_id);
    }
    for (size_t i = 0; i < s->n_sets; i++) {
        free(s->sets[i].function_id);
        free(s->sets[i].field);
    }
    for (size_t i = 0; i < s->transition.n_current; i++) {
        free(s->transition.current[i].function_id);
        free(s->transition.current[i].level_id);
    }
    free(s->transition.current);
    free(s->transition.redundancy.basis);
    free(s->transition.double_running.basis);
    free(s->transition.productivity.basis);
}

static void free_axes(fpt_scenario *s)
{
    for (size_t i = 0; i < s->n_axes; i++) {
        free(s->axes[i].target);
        free(s->axes[i].values);
        free(s->axes[i].name);
        free(s->axes[i].field);
    }
    free(s->axes);
}

void fpt_scenario_free(fpt_scenario *s)
{
    if (s == NULL) {
        return;
    }
    free_arrays(s);
    free_axes(s);
    free(s->areas);
    free(s->levels);
    free(s->supplies);
    free(s->locks);
    free(s->sets);
    free(s->file);
    free(s->geography);
    free(s->geography_path);
    free(s->id);
    free(s->title);
    free(s->description);
    free(s);
}

/* ---- deep copy --------------------------------------------------------------------------- */

/* strdup that keeps NULL and records a failure in *ok. */
static char *dup_or_null(const char *text, bool *ok)
{
    if (text == NULL) {
        return NULL;
    }
    char *copy = strdup(text);
    *ok &= copy != NULL;
    return copy;
}

/* A copy of n elements of size bytes (NULL for none); records a failure in *ok. */
static void *dup_array(const void *items, size_t n, size_t size, bool *ok)
{
    if (n == 0 || items == NULL) {
        return NULL;
    }
    void *copy = malloc(n * size);
    *ok &= copy != NULL;
    if (copy != NULL) {
        memcpy(copy, items, n * size);
    }
    return copy;
}

/* A level's strings and real units; a failed copy leaves NULL (freeing stays safe). */
static void copy_level(fpt_level *lv, bool *ok)
{
    lv->id = dup_or_null(lv->id, ok);
    lv->name = dup_or_null(lv->name, ok);
    lv->file = dup_or_null(lv->file, ok);
    size_t n = lv->units != NULL ? (size_t)lv->n_units : 0;
    lv->unit_of = dup_array(lv->unit_of, lv->n_ccgs, sizeof *lv->unit_of, ok);
    fpt_real_unit *units = dup_array(lv->units, n, sizeof *lv->units, ok);
    if (units == NULL) {
        lv->units = NULL;
        return;
    }
    for (size_t u = 0; u < n; u++) {
        units[u].label = dup_or_null(units[u].label, ok);
        units[u].centre = dup_or_null(units[u].centre, ok);
    }
    lv->units = units;
}

static void copy_strings(fpt_scenario *c, bool *ok)
{
    c->file = dup_or_null(c->file, ok);
    c->id = dup_or_null(c->id, ok);
    c->title = dup_or_null(c->title, ok);
    c->description = dup_or_null(c->description, ok);
    for (size_t i = 0; i < c->n_areas; i++) {
        c->areas[i].id = dup_or_null(c->areas[i].id, ok);
    }
    c->geography = dup_or_null(c->geography, ok);
    c->geography_path = dup_or_null(c->geography_path, ok);
    for (size_t i = 0; i < c->n_levels; i++) {
        copy_level(&c->levels[i], ok);
    }
    for (size_t i = 0; i < c->n_supplies; i++) {
        c->supplies[i].pool_id = dup_or_null(c->supplies[i].pool_id, ok);
    }
    for (size_t i = 0; i < c->n_locks; i++) {
        c->locks[i].function_id = dup_or_null(c->locks[i].function_id, ok);
        c->locks[i].level_id = dup_or_null(c->locks[i].level_id, ok);
    }
    for (size_t i = 0; i < c->n_sets; i++) {
        c->sets[i].function_id = dup_or_null(c->sets[i].function_id, ok);
        c->sets[i].field = dup_or_null(c->sets[i].field, ok);
    }
    fpt_transition *t = &c->transition;
    for (size_t i = 0; i < t->n_current; i++) {
        t->current[i].function_id = dup_or_null(t->current[i].function_id, ok);
        t->current[i].level_id = dup_or_null(t->current[i].level_id, ok);
    }
    t->redundancy.basis = dup_or_null(t->redundancy.basis, ok);
    t->double_running.basis = dup_or_null(t->double_running.basis, ok);
    t->productivity.basis = dup_or_null(t->productivity.basis, ok);
}

static void copy_axes(fpt_scenario *c, bool *ok)
{
    for (size_t i = 0; i < c->n_axes; i++) {
        fpt_axis *a = &c->axes[i];
        a->target = dup_or_null(a->target, ok);
        a->values = dup_array(a->values, a->n_values, sizeof *a->values, ok);
        a->name = dup_or_null(a->name, ok);
        a->field = dup_or_null(a->field, ok);
    }
}

/* Point every owned pointer of a shallow copy at fresh memory, or NULL where that failed;
 * counts are zeroed where an array could not be copied, so freeing is always safe. */
static bool deepen(fpt_scenario *c)
{
    bool ok = true;
    c->areas = dup_array(c->areas, c->n_areas, sizeof *c->areas, &ok);
    c->levels = dup_array(c->levels, c->n_levels, sizeof *c->levels, &ok);
    c->supplies = dup_array(c->supplies, c->n_supplies, sizeof *c->supplies, &ok);
    c->locks = dup_array(c->locks, c->n_locks, sizeof *c->locks, &ok);
    c->sets = dup_array(c->sets, c->n_sets, sizeof *c->sets, &ok);
    c->axes = dup_array(c->axes, c->n_axes, sizeof *c->axes, &ok);
    c->transition.current = dup_array(c->transition.current, c->transition.n_current,
                                      sizeof *c->transition.current, &ok);
    c->transition.n_current = c->transition.current != NULL ? c->transition.n_current : 0;
    c->n_areas = c->areas != NULL ? c->n_areas : 0;
    c->n_levels = c->levels != NULL ? c->n_levels : 0;
    c->n_supplies = c->supplies != NULL ? c->n_supplies : 0;
    c->n_locks = c->locks != NULL ? c->n_locks : 0;
    c->n_sets = c->sets != NULL ? c->n_sets : 0;
    c->n_axes = c->axes != NULL ? c->n_axes : 0;
    copy_strings(c, &ok);
    copy_axes(c, &ok);
    return ok;
}

fpt_status fpt_scenario_copy(const fpt_scenario *s, fpt_scenario **out)
{
    *out = NULL;
    fpt_scenario *c = malloc(sizeof *c);
    if (c == NULL) {
        return FPT_ENOMEM;
    }
    *c = *s;
    if (!deepen(c)) {
        fpt_scenario_free(c);
        return FPT_ENOMEM;
    }
    *out = c;
    return FPT_OK;
}
