/* SPDX-License-Identifier: MIT */
/*
 * The in-memory scenario (see scenario.h): allocation with the defaults of
 * docs/formats.md, the four default footprint levels, look-up and freeing.
 *
 * scenario_xml.c fills a scenario created here and validate.c checks it; this file knows
 * nothing of XML. Every function is thread safe on distinct scenarios.
 */
#include "scenario.h"

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
}

void fpt_scenario_free(fpt_scenario *s)
{
    if (s == NULL) {
        return;
    }
    free_arrays(s);
    free(s->areas);
    free(s->levels);
    free(s->supplies);
    free(s->locks);
    free(s->sets);
    free(s->file);
    free(s->id);
    free(s->title);
    free(s->description);
    free(s);
}
