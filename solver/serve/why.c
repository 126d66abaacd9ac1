/* SPDX-License-Identifier: MIT */
/*
 * The why of a plan (serve/why.h). For function f and each level l: the £ terms of f at l
 * (docs/model.md M4–M11, fpt_appraisal_cell) with the whole links term of f's pairs against
 * the plan (M9, fpt_appraisal_links_at) and, with a transition, its term there (M15), their
 * weighted sum (f's share of the objective M12 when only f moves), and whether moving f alone to l
 * keeps the plan feasible (fpt_appraisal_eval) and, when not, which limit it breaks.
 */
#include "serve/why.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Jansson refuses non-finite reals; they become null (as in the reports). */
static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* The unweighted terms of f at l, the links term against the rest of the plan. */
static void terms_at(const fpt_appraisal *a, const fpt_solution *sol, size_t f, size_t l,
                     double *term)
{
    const fpt_cell *c = fpt_appraisal_cell(a, f, l);
    memcpy(term, c->term_gbp, sizeof c->term_gbp);
    term[FPT_K_LINKS] = fpt_appraisal_links_at(a, sol->level, f, l);
}

static json_t *terms_json(const double *term, const double *weight)
{
    json_t *o = json_object();
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        double w = weight != NULL ? weight[k] : 1.0;
        json_object_set_new(o, fpt_criterion_id(k), real_or_null(w * term[k]));
    }
    return o;
}

/* Past a limit by more than fpt_appraisal_eval's tolerance (relative 1e-7). */
static bool over(double used, double cap)
{
    return used > cap + 1e-7 * fmax(1.0, fabs(cap));
}

/* Which limits moving f alone to l breaks: "lock", "budget", "pool:<id>". The test of each is
 * the appraisal's feasibility rule (fpt_appraisal_eval); this only names the limit. */
static json_t *blocked_by(const fpt_model *m, const fpt_appraisal *a, size_t f, size_t l,
                          size_t *plan, double *pool_use)
{
    json_t *arr = json_array();
    size_t was = plan[f];
    plan[f] = l;
    fpt_plan_eval ev;
    fpt_appraisal_eval(a, plan, &ev, pool_use);
    plan[f] = was;
    if (ev.feasible) {
        return arr;
    }
    if (!fpt_appraisal_cell(a, f, l)->allowed) {
        json_array_append_new(arr, json_string("lock"));
    }
    if (over(ev.running_gbp, a->budget_gbp)) {
        json_array_append_new(arr, json_string("budget"));
    }
    for (size_t r = 0; r < a->n_pools; r++) {
        if (a->pool_limited[r] && over(pool_use[r], a->pool_supply_wte[r])) {
            char name[96];
            snprintf(name, sizeof name, "pool:%s", m->pools[r].id);
            json_array_append_new(arr, json_string(name));
        }
    }
    return arr;
}

static json_t *level_json(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                          const fpt_solution *sol, size_t f, size_t l, size_t *plan,
                          double *pool_use)
{
    const fpt_cell *c = fpt_appraisal_cell(a, f, l);
    double term[FPT_N_CRITERIA], here[FPT_N_CRITERIA];
    terms_at(a, sol, f, l, term);
    terms_at(a, sol, f, sol->level[f], here);
    double weighted = 0, chosen = 0;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        weighted += a->weight[k] * term[k];
        chosen += a->weight[k] * here[k];
    }
    if (a->has_transition) { /* M15: moving f from where it is today */
        weighted += a->transition_weight * c->transition_term_gbp;
        chosen +=
            a->transition_weight * fpt_appraisal_cell(a, f, sol->level[f])->transition_term_gbp;
    }
    json_t *blocked = blocked_by(m, a, f, l, plan, pool_use);
    json_t *o = json_object();
    json_object_set_new(o, "level", json_string(s->levels[l].id));
    json_object_set_new(o, "allowed", json_boolean(c->allowed));
    json_object_set_new(o, "feasible_alone", json_boolean(json_array_size(blocked) == 0));
    json_object_set_new(o, "blocked_by", blocked);
    json_object_set_new(o, "weighted_gbp", real_or_null(weighted));
    json_object_set_new(o, "delta_gbp", real_or_null(weighted - chosen));
    json_object_set_new(o, "running_gbp", real_or_null(c->running_gbp));
    json_object_set_new(o, "setup_gbp", real_or_null(c->setup_gbp));
    json_object_set_new(o, "wte", real_or_null(c->wte));
    json_t *terms = terms_json(term, NULL), *weighted_terms = terms_json(term, a->weight);
    if (a->has_transition) {
        const char *id = fpt_term_id(FPT_T_TRANSITION);
        json_object_set_new(terms, id, real_or_null(c->transition_term_gbp));
        json_object_set_new(weighted_terms, id,
                            real_or_null(a->transition_weight * c->transition_term_gbp));
    }
    json_object_set_new(o, "terms_gbp", terms);
    json_object_set_new(o, "weighted_terms_gbp", weighted_terms);
    return o;
}

static json_t *function_json(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                             const fpt_solution *sol, size_t f, size_t *plan, double *pool_use)
{
    json_t *levels = json_array();
    for (size_t l = 0; l < a->n_levels; l++) {
        json_array_append_new(levels, level_json(m, s, a, sol, f, l, plan, pool_use));
    }
    json_t *o = json_object();
    json_object_set_new(o, "function", json_string(m->functions[f].id));
    json_object_set_new(o, "level", json_string(s->levels[sol->level[f]].id));
    json_object_set_new(o, "levels", levels);
    return o;
}

json_t *fpt_why_json(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                     const fpt_solution *sol)
{
    size_t *plan = calloc(a->n_functions + 1, sizeof *plan);
    double *pool_use = calloc(a->n_pools + 1, sizeof *pool_use);
    json_t *arr = plan != NULL && pool_use != NULL ? json_array() : NULL;
    if (arr != NULL) {
        memcpy(plan, sol->level, a->n_functions * sizeof *plan);
        for (size_t f = 0; f < a->n_functions; f++) {
            json_array_append_new(arr, function_json(m, s, a, sol, f, plan, pool_use));
        }
    }
    free(plan);
    free(pool_use);
    return arr;
}
