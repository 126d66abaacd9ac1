/* SPDX-License-Identifier: MIT */
/*
 * GET /api/model (serve/api_model.h): the model and the served scenario as the page's
 * controls need them. Ratings, staff and salary are the appraisal's inputs (the scenario's
 * sets applied), so a control starts at the value the scenario's own plan was solved with.
 */
#include "serve/api_model.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "footprint/appraise.h"

static const char *const KIND_NAMES[] = {"penalty", "running", "setup"};

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *criteria_json(void)
{
    json_t *arr = json_array();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        json_array_append_new(arr,
                              json_pack("{s:s, s:s, s:s, s:s}", "id", fpt_criterion_id(k), "name",
                                        fpt_criterion_name(k), "parameter", fpt_parameter_id(k),
                                        "kind", KIND_NAMES[fpt_criterion_kind(k)]));
    }
    return arr;
}

static json_t *function_json(const fpt_model *m, const fpt_appraisal *a, size_t f)
{
    const fpt_function *fn = &m->functions[f];
    const fpt_inputs *in = &a->inputs[f];
    json_t *ratings = json_object();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        json_object_set_new(ratings, fpt_criterion_id(k), json_integer(in->rating[k]));
    }
    json_t *pools = json_array();
    for (size_t i = 0; i < fn->n_draws; i++) {
        json_array_append_new(pools, json_string(fn->draws[i].pool_id));
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id", fn->id, "name",
                     fn->name != NULL ? fn->name : fn->id, "category", fn->category, "ratings",
                     ratings, "staff_per_100k", real_or_null(in->staff_per_100k), "salary_gbp",
                     real_or_null(in->salary_gbp), "pools", pools);
}

static const char *level_kind(const fpt_level *lv)
{
    if (lv->grouping != FPT_GROUPING_NONE) {
        return "grouping";
    }
    return lv->kind == FPT_LEVEL_BY_UNITS ? "units" : "unit-population";
}

static json_t *levels_json(const fpt_scenario *s)
{
    json_t *arr = json_array();
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:I, s:o}", "id", lv->id, "name",
                              lv->name != NULL ? lv->name : lv->id, "kind", level_kind(lv), "spec",
                              real_or_null(lv->spec), "units", (json_int_t)lv->n_units,
                              "unit_population", real_or_null(lv->unit_pop));
        if (o != NULL && lv->grouping != FPT_GROUPING_NONE) {
            json_object_set_new(o, "grouping", json_string(fpt_grouping_name(lv->grouping)));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *pools_json(const fpt_model *m, const fpt_scenario *s)
{
    json_t *arr = json_array();
    for (size_t r = 0; r < m->n_pools; r++) {
        const fpt_supply *sp = NULL;
        for (size_t i = 0; i < s->n_supplies; i++) {
            sp = s->supplies[i].pool == r ? &s->supplies[i] : sp;
        }
        bool limited = sp != NULL && sp->limited;
        json_array_append_new(
            arr,
            json_pack("{s:s, s:s, s:b, s:o, s:o}", "id", m->pools[r].id, "name",
                      m->pools[r].name != NULL ? m->pools[r].name : m->pools[r].id, "limited",
                      limited, "supply_wte", limited ? real_or_null(sp->supply_wte) : json_null(),
                      "premium_gbp", real_or_null(sp != NULL ? sp->premium_gbp : 0)));
    }
    return arr;
}

static json_t *finance_json(const fpt_scenario *s)
{
    return json_pack(
        "{s:o, s:o, s:o, s:o}", "allowance-per-head-gbp", real_or_null(s->allowance_per_head_gbp),
        "support-share", real_or_null(s->support_share), "horizon-years",
        real_or_null(s->horizon_years), "discount-rate", real_or_null(s->discount_rate));
}

static json_t *weights_json(const fpt_scenario *s)
{
    json_t *o = json_object();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        json_object_set_new(o, fpt_criterion_id(k), real_or_null(s->weight[k]));
    }
    return o;
}

static json_t *changes_json(const fpt_scenario *s, json_t *root)
{
    json_t *locks = json_array();
    for (size_t i = 0; i < s->n_locks; i++) {
        const fpt_lock *l = &s->locks[i];
        json_array_append_new(locks, json_pack("{s:s, s:s, s:s}", "function", l->function_id,
                                               "level", l->level_id, "mode",
                                               l->mode == FPT_LOCK_FIX ? "fix" : "forbid"));
    }
    json_t *sets = json_array();
    for (size_t i = 0; i < s->n_sets; i++) {
        const fpt_set *set = &s->sets[i];
        json_array_append_new(sets,
                              json_pack("{s:s, s:s, s:o}", "function", set->function_id, "field",
                                        set->field, "value", real_or_null(set->value)));
    }
    json_object_set_new(root, "locks", locks);
    json_object_set_new(root, "sets", sets);
    return root;
}

/* The map: every CCG's centroid and population, and its unit at each grouped level. */
static json_t *map_json(const fpt_scenario *s, const fpt_geography *g)
{
    json_t *ccgs = json_array();
    for (size_t i = 0; i < g->n_ccgs; i++) {
        const fpt_ccg *c = &g->ccgs[i];
        json_array_append_new(ccgs,
                              json_pack("{s:s, s:s, s:o, s:o, s:o}", "code", c->code, "name",
                                        c->name, "lat", real_or_null(c->lat_deg), "lon",
                                        real_or_null(c->lon_deg), "pop", real_or_null(c->pop)));
    }
    json_t *units = json_object();
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        if (lv->units == NULL || lv->n_ccgs != g->n_ccgs) {
            continue;
        }
        json_t *of = json_array();
        for (size_t i = 0; i < lv->n_ccgs; i++) {
            json_array_append_new(of, json_integer((json_int_t)lv->unit_of[i]));
        }
        json_object_set_new(units, lv->id, of);
    }
    return json_pack("{s:o, s:o}", "ccgs", ccgs, "unit_of", units);
}

static json_t *functions_json(const fpt_model *m, const fpt_appraisal *a)
{
    json_t *arr = json_array();
    for (size_t f = 0; f < m->n_functions; f++) {
        json_array_append_new(arr, function_json(m, a, f));
    }
    return arr;
}

static json_t *model_json(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                          const fpt_geography *g)
{
    json_t *root = json_pack(
        "{s:{s:s, s:s}, s:{s:s, s:s, s:s}, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o}", "model", "id",
        m->id, "title", m->title != NULL ? m->title : m->id, "scenario", "id", s->id, "title",
        s->title != NULL ? s->title : s->id, "description",
        s->description != NULL ? s->description : "", "population", real_or_null(s->population),
        "geography", s->geography != NULL, "criteria", criteria_json(), "functions",
        functions_json(m, a), "levels", levels_json(s), "finance", finance_json(s), "weights",
        weights_json(s), "pools", pools_json(m, s));
    if (root == NULL) {
        return NULL;
    }
    json_object_set_new(root, "map", g != NULL ? map_json(s, g) : json_null());
    return changes_json(s, root);
}

fpt_status fpt_api_model_text(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                              char **text, size_t *len, fpt_error *err)
{
    *text = NULL;
    *len = 0;
    fpt_appraisal *a = NULL;
    FPT_TRY(fpt_appraisal_build(m, s, &a, err));
    json_t *root = model_json(m, s, a, g);
    fpt_appraisal_free(a);
    *text = root != NULL
                ? json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(17))
                : NULL;
    json_decref(root);
    if (*text == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory describing the model");
    }
    *len = strlen(*text);
    return FPT_OK;
}
