/* SPDX-License-Identifier: MIT */
/*
 * The in-memory model (footprint/model.h): the fixed tables of criteria, parameters and
 * categories that docs/formats.md defines, look-ups by identifier, and allocation.
 *
 * The tables are static constant data, so every function here is thread safe. Filling a
 * model is load/model_xml.c's job and checking it model/validate.c's; this file knows nothing
 * of either.
 */
#include "footprint/model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* The eight criteria, indexed by fpt_criterion in the order of docs/formats.md's table "The
 * eight criteria": file identifier, name as the appraisal wrote it, calibrated parameter, and
 * what kind of £ their term is (docs/model.md M1–M11). Every rule that depends on the kind —
 * what counts against the budget, what a sizing curve calls penalty — reads it from here.
 * After them, at FPT_T_TRANSITION, the one term that is no criterion: the cost of moving
 * from the current footprint (M15), which has no rating and no calibrated parameter. */
static const struct criterion_row {
    const char *id;
    const char *name;
    const char *parameter;
    fpt_term_kind kind;
} criteria[FPT_N_TERMS] = {
    {"local-knowledge", "local knowledge of context and business rules required", "knowledge-share",
     FPT_TERM_PENALTY},
    {"visibility", "visibility and buy-in / relationship management", "visibility-share",
     FPT_TERM_PENALTY},
    {"links", "links to other functions", "link-share", FPT_TERM_PENALTY},
    {"scarcity", "scarcity of skills available to the NHS", "scarce-share", FPT_TERM_RUNNING},
    {"min-team", "minimum team required for expertise / resilience", "min-team-wte",
     FPT_TERM_RUNNING},
    {"scale", "economies of scale", "scale-exponent", FPT_TERM_RUNNING},
    {"duplication", "level of duplication and transactional costs per time undertaken",
     "duplication-wte", FPT_TERM_RUNNING},
    {"development", "development costs compared to running costs", "development-multiple",
     FPT_TERM_SETUP},
    {"transition", "cost of moving from the current footprint", NULL, FPT_TERM_TRANSITION}};

static const char *const category_ids[FPT_N_CATEGORIES] = {"health-needs-assessment",
                                                           "business-intelligence",
                                                           "service-redesign",
                                                           "communications-engagement",
                                                           "procurement-market-management",
                                                           "provider-management",
                                                           "back-office"};

static int find_string(const char *const *table, int n, const char *id)
{
    if (id == NULL) {
        return -1;
    }
    for (int i = 0; i < n; i++) {
        if (strcmp(table[i], id) == 0) {
            return i;
        }
    }
    return -1;
}

static bool is_criterion(int k)
{
    return k >= 0 && k < FPT_N_CRITERIA;
}

const char *fpt_criterion_id(int k)
{
    return is_criterion(k) ? criteria[k].id : NULL;
}

const char *fpt_criterion_name(int k)
{
    return is_criterion(k) ? criteria[k].name : NULL;
}

const char *fpt_parameter_id(int k)
{
    return is_criterion(k) ? criteria[k].parameter : NULL;
}

fpt_term_kind fpt_criterion_kind(int k)
{
    assert(is_criterion(k));
    return criteria[k].kind;
}

static bool is_term(int t)
{
    return t >= 0 && t < FPT_N_TERMS;
}

const char *fpt_term_id(int t)
{
    return is_term(t) ? criteria[t].id : NULL;
}

const char *fpt_term_name(int t)
{
    return is_term(t) ? criteria[t].name : NULL;
}

fpt_term_kind fpt_term_kind_of(int t)
{
    assert(is_term(t));
    return criteria[t].kind;
}

bool fpt_criterion_is_penalty(int k)
{
    return is_criterion(k) && criteria[k].kind == FPT_TERM_PENALTY;
}

bool fpt_criterion_is_running(int k)
{
    return is_criterion(k) && criteria[k].kind == FPT_TERM_RUNNING;
}

int fpt_criterion_from_id(const char *id)
{
    for (int k = 0; id != NULL && k < FPT_N_CRITERIA; k++) {
        if (strcmp(criteria[k].id, id) == 0) {
            return k;
        }
    }
    return -1;
}

int fpt_criterion_from_parameter(const char *id)
{
    for (int k = 0; id != NULL && k < FPT_N_CRITERIA; k++) {
        if (strcmp(criteria[k].parameter, id) == 0) {
            return k;
        }
    }
    return -1;
}

const char *const *fpt_category_ids(size_t *n)
{
    if (n != NULL) {
        *n = FPT_N_CATEGORIES;
    }
    return category_ids;
}

int fpt_category_from_id(const char *id)
{
    return find_string(category_ids, FPT_N_CATEGORIES, id);
}

long fpt_model_find_function(const fpt_model *m, const char *id)
{
    for (size_t f = 0; id != NULL && f < m->n_functions; f++) {
        if (m->functions[f].id != NULL && strcmp(m->functions[f].id, id) == 0) {
            return (long)f;
        }
    }
    return -1;
}

long fpt_model_find_pool(const fpt_model *m, const char *id)
{
    for (size_t p = 0; id != NULL && p < m->n_pools; p++) {
        if (m->pools[p].id != NULL && strcmp(m->pools[p].id, id) == 0) {
            return (long)p;
        }
    }
    return -1;
}

fpt_status fpt_model_create(const char *file, fpt_model **out, fpt_error *err)
{
    *out = NULL;
    fpt_model *m = calloc(1, sizeof *m);
    char *copy = file != NULL ? strdup(file) : strdup("");
    if (m == NULL || copy == NULL) {
        free(m);
        free(copy);
        return fpt_error_set(err, FPT_ENOMEM, file, 0, "out of memory creating a model");
    }
    m->file = copy;
    *out = m;
    return FPT_OK;
}

static void free_function(fpt_function *fn)
{
    free(fn->id);
    free(fn->name);
    free(fn->category);
    free(fn->description);
    free(fn->staff_basis);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        free(fn->rationale[k]);
        free(fn->override[k].source);
    }
    for (size_t i = 0; i < fn->n_draws; i++) {
        free(fn->draws[i].pool_id);
    }
    free(fn->draws);
}

static void free_link(fpt_link *ln)
{
    free(ln->from_id);
    free(ln->to_id);
    free(ln->rationale);
}

void fpt_model_free(fpt_model *m)
{
    if (m == NULL) {
        return;
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        free(m->calibration[k].basis);
    }
    for (size_t p = 0; p < m->n_pools; p++) {
        free(m->pools[p].id);
        free(m->pools[p].name);
        free(m->pools[p].description);
    }
    free(m->pools);
    for (size_t f = 0; f < m->n_functions; f++) {
        free_function(&m->functions[f]);
    }
    free(m->functions);
    for (size_t i = 0; i < m->n_links; i++) {
        free_link(&m->links[i]);
    }
    free(m->links);
    free(m->file);
    free(m->id);
    free(m->title);
    free(m->description);
    free(m);
}
