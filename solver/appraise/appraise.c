/* SPDX-License-Identifier: MIT */
/*
 * Turns a validated model and scenario into the appraisal tables: for every function at
 * every level the eight terms in £ a year (docs/model.md M1–M11), the staff, running and
 * set-up costs, the scarce staff per pool, the link pairs, the budget and pool limits.
 *
 * Sits between validation and formulation; the MIP, the brute-force tests and the reports
 * all read these tables, so a plan's objective is computed in exactly one place. It applies
 * the scenario's <set> overrides to copies, never to the model.
 */
#include "footprint/appraise.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { REFERENCE_POP = 100000 }; /* the reference unit of a_f: 100,000 people */

static fpt_status alloc_tables(fpt_appraisal *a)
{
    size_t nf = a->n_functions, nl = a->n_levels, np = a->n_pools;
    a->n_units = calloc(nl, sizeof *a->n_units);
    a->unit_pop = calloc(nl, sizeof *a->unit_pop);
    a->remoteness = calloc(nl, sizeof *a->remoteness);
    a->spread = calloc(nl, sizeof *a->spread);
    a->inputs = calloc(nf, sizeof *a->inputs);
    a->cells = calloc(nf * nl, sizeof *a->cells);
    a->scarce_wte = calloc(nf * nl * np + 1, sizeof *a->scarce_wte);
    a->pool_limited = calloc(np + 1, sizeof *a->pool_limited);
    a->pool_supply_wte = calloc(np + 1, sizeof *a->pool_supply_wte);
    a->pool_premium_gbp = calloc(np + 1, sizeof *a->pool_premium_gbp);
    a->current = calloc(nf + 1, sizeof *a->current);
    if (!a->current || !a->n_units || !a->unit_pop || !a->remoteness || !a->spread || !a->inputs ||
        !a->cells || !a->scarce_wte || !a->pool_limited || !a->pool_supply_wte ||
        !a->pool_premium_gbp) {
        return FPT_ENOMEM;
    }
    return FPT_OK;
}

/* ln(x / x_1) / ln(x_L / x_1), at least 0: the shape shared by M2, M3, M2r and M3r. */
static double log_share(double x, double first, double last)
{
    double span = log(last / first);
    return span > 0 && x > first ? log(x / first) / span : 0.0;
}

/* Real units' populations, level by level (docs/model.md "Real units"). */
static fpt_status fill_real_units(fpt_appraisal *a, const fpt_scenario *s)
{
    size_t total = 0;
    for (size_t l = 0; l < a->n_levels; l++) {
        total += s->levels[l].units != NULL ? (size_t)s->levels[l].n_units : 0;
    }
    a->real_pop = calloc(total + 1, sizeof *a->real_pop);
    a->real_start = calloc(a->n_levels + 1, sizeof *a->real_start);
    if (a->real_pop == NULL || a->real_start == NULL) {
        return FPT_ENOMEM;
    }
    size_t at = 0;
    for (size_t l = 0; l < a->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        a->real_start[l] = at;
        for (size_t u = 0; lv->units != NULL && u < (size_t)lv->n_units; u++) {
            a->real_pop[at++] = lv->units[u].pop;
        }
    }
    a->real_start[a->n_levels] = at;
    return FPT_OK;
}

/* M2, M3 (equal units) or M2r, M3r (real units): remoteness and customer spread. */
static fpt_status fill_levels(fpt_appraisal *a, const fpt_scenario *s)
{
    size_t nl = a->n_levels;
    const fpt_level *first = &s->levels[0], *last = &s->levels[nl - 1];
    for (size_t l = 0; l < nl; l++) {
        const fpt_level *lv = &s->levels[l];
        a->n_units[l] = lv->n_units;
        a->unit_pop[l] = lv->unit_pop;
        if (s->geography != NULL) {
            a->remoteness[l] = log_share(lv->distance_km, first->distance_km, last->distance_km);
            a->spread[l] = log_share(lv->customers, first->customers, last->customers);
        } else {
            a->remoteness[l] = log_share(lv->unit_pop, first->unit_pop, last->unit_pop);
            a->spread[l] = log_share((double)first->n_units / (double)lv->n_units, 1.0,
                                     (double)first->n_units / (double)last->n_units);
        }
    }
    return fill_real_units(a, s);
}

static fpt_status fill_pools(fpt_appraisal *a, const fpt_model *m, const fpt_scenario *s)
{
    (void)m;
    for (size_t i = 0; i < s->n_supplies; i++) {
        const fpt_supply *sp = &s->supplies[i];
        a->pool_limited[sp->pool] = sp->limited;
        a->pool_supply_wte[sp->pool] = sp->limited ? sp->supply_wte : 0.0;
        a->pool_premium_gbp[sp->pool] = sp->premium_gbp;
    }
    return FPT_OK;
}

/* Ratings become parameters through the calibration tables, unless overridden. */
static void fill_inputs(fpt_inputs *in, const fpt_model *m, const fpt_function *fn)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        in->rating[k] = fn->rating[k];
    }
    in->staff_per_100k = fn->staff_per_100k;
    in->salary_gbp = fn->salary_gbp;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        in->param_fixed[k] = fn->override[k].present;
        in->param[k] = fn->override[k].present ? fn->override[k].value
                                               : m->calibration[k].value[in->rating[k]];
    }
}

/* A scenario <set> on a rating re-reads the table, unless the model overrides the parameter. */
static void apply_set(fpt_inputs *in, const fpt_model *m, const fpt_set *set)
{
    switch (set->kind) {
    case FPT_SET_RATING:
        in->rating[set->k] = (int)set->value;
        if (!in->param_fixed[set->k]) {
            in->param[set->k] = m->calibration[set->k].value[in->rating[set->k]];
        }
        break;
    case FPT_SET_STAFF_PER_100K:
        in->staff_per_100k = set->value;
        break;
    case FPT_SET_SALARY:
        in->salary_gbp = set->value;
        break;
    case FPT_SET_PARAMETER:
        in->param[set->k] = set->value;
        in->param_fixed[set->k] = true;
        break;
    case FPT_SET_LINK:
        break; /* handled with the pairs */
    }
}

/* Monte Carlo draws act after the scenario's own overrides (variant.h). */
static void apply_draws(fpt_inputs *in, const fpt_model *m, const fpt_perturbation *p, size_t f)
{
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        int r = in->rating[k] + p->rating_delta[f * FPT_N_CRITERIA + (size_t)k];
        in->rating[k] = r < 0 ? 0 : r >= FPT_N_RATINGS ? FPT_N_RATINGS - 1 : r;
        if (!in->param_fixed[k]) {
            in->param[k] = m->calibration[k].value[in->rating[k]];
        }
    }
    in->staff_per_100k *= p->staff_factor[f];
    in->salary_gbp *= p->salary_factor[f];
}

static void fill_all_inputs(fpt_appraisal *a, const fpt_model *m, const fpt_scenario *s,
                            const fpt_perturbation *p)
{
    for (size_t f = 0; f < a->n_functions; f++) {
        fill_inputs(&a->inputs[f], m, &m->functions[f]);
    }
    for (size_t i = 0; i < s->n_sets; i++) {
        const fpt_set *set = &s->sets[i];
        apply_set(&a->inputs[set->function], m, set);
    }
    for (size_t f = 0; p != NULL && f < a->n_functions; f++) {
        apply_draws(&a->inputs[f], m, p, f);
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        fpt_inputs *in = &a->inputs[f];
        in->size_gbp = in->staff_per_100k * (a->population / REFERENCE_POP) * in->salary_gbp;
    }
}

/* M11: the annual equivalent of £1 spent once at the start, over the horizon. */
static double annuity_factor(double rate, double horizon_years)
{
    if (rate <= 0) {
        return 1.0 / horizon_years;
    }
    return rate / (1.0 - pow(1.0 + rate, -horizon_years));
}

static double pool_premium_per_wte(const fpt_appraisal *a, const fpt_function *fn)
{
    double premium = 0;
    for (size_t i = 0; i < fn->n_draws; i++) {
        premium += fn->draws[i].share * a->pool_premium_gbp[fn->draws[i].pool];
    }
    return premium;
}

/* M4: base staff of one unit of pop people. */
static double unit_staff(const fpt_inputs *in, double pop)
{
    return in->staff_per_100k * pow(pop / REFERENCE_POP, in->param[FPT_K_SCALE]);
}

/* M4–M11 and T1, T2 for function f at level l. */
static void fill_cell(fpt_appraisal *a, const fpt_function *fn, size_t f, size_t l)
{
    const fpt_inputs *in = &a->inputs[f];
    fpt_cell *c = &a->cells[f * a->n_levels + l];
    double units = (double)a->n_units[l];
    double min_team = in->param[FPT_K_MIN_TEAM];
    double base = 0, top_up = 0, wte = 0; /* over all the level's units (M4, M5) */
    if (a->real_start[l + 1] > a->real_start[l]) {
        for (size_t u = a->real_start[l]; u < a->real_start[l + 1]; u++) {
            double b = unit_staff(in, a->real_pop[u]);
            base += b;
            top_up += min_team > b ? min_team - b : 0.0;
        }
        wte = base + top_up;
    } else {
        double b = unit_staff(in, a->unit_pop[l]);
        double t = min_team > b ? min_team - b : 0.0;
        base = units * b;
        top_up = units * t;
        wte = units * (b + t);
    }
    double scarce = in->param[FPT_K_SCARCITY] * wte;
    double reference_cost = in->staff_per_100k * in->salary_gbp;

    c->wte = wte;
    c->term_gbp[FPT_K_KNOWLEDGE] = in->param[FPT_K_KNOWLEDGE] * a->remoteness[l] * in->size_gbp;
    c->term_gbp[FPT_K_VISIBILITY] = in->param[FPT_K_VISIBILITY] * a->spread[l] * in->size_gbp;
    c->term_gbp[FPT_K_LINKS] = 0.0;
    c->term_gbp[FPT_K_SCARCITY] = scarce * pool_premium_per_wte(a, fn);
    c->term_gbp[FPT_K_MIN_TEAM] = top_up * in->salary_gbp;
    c->term_gbp[FPT_K_SCALE] = base * in->salary_gbp;
    c->term_gbp[FPT_K_DUPLICATION] = units * in->param[FPT_K_DUPLICATION] * in->salary_gbp;
    c->setup_gbp = units * in->param[FPT_K_DEVELOPMENT] * reference_cost;
    c->term_gbp[FPT_K_DEVELOPMENT] = c->setup_gbp * a->annuity;
    c->running_gbp = 0;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        c->running_gbp += fpt_criterion_is_running(k) ? c->term_gbp[k] : 0.0;
    }
    c->objective = 0;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        c->objective += a->weight[k] * c->term_gbp[k];
    }
    c->allowed = true;
    for (size_t i = 0; i < fn->n_draws; i++) {
        size_t r = fn->draws[i].pool;
        a->scarce_wte[(f * a->n_levels + l) * a->n_pools + r] += fn->draws[i].share * scarce;
    }
}

/* M15: the one-off cost of moving f from its current level to l, in £, and its annual
 * equivalent over the horizon; weighted into the cell's objective. The months of each cost
 * turn a year's salary or running cost into a one-off sum (months / 12 of it). */
static void fill_transition(fpt_appraisal *a, const fpt_transition *t, size_t f, size_t l)
{
    const fpt_inputs *in = &a->inputs[f];
    fpt_cell *c = &a->cells[f * a->n_levels + l];
    size_t now = a->current[f];
    if (!a->has_transition || l == now) {
        return;
    }
    double freed = a->cells[f * a->n_levels + now].wte - c->wte;
    c->freed_wte = freed > 0 ? freed : 0.0;
    c->redundancy_gbp = t->redundancy.months / 12.0 * in->salary_gbp * c->freed_wte;
    c->double_running_gbp = t->double_running.months / 12.0 * c->running_gbp;
    c->productivity_gbp = t->productivity.months / 12.0 * c->wte * in->salary_gbp;
    c->transition_gbp = c->redundancy_gbp + c->double_running_gbp + c->productivity_gbp;
    c->transition_term_gbp = c->transition_gbp * a->annuity;
    c->objective += a->transition_weight * c->transition_term_gbp;
}

static void fill_transitions(fpt_appraisal *a, const fpt_scenario *s)
{
    for (size_t f = 0; a->has_transition && f < a->n_functions; f++) {
        a->current[f] = fpt_scenario_current_level(s, f);
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        for (size_t l = 0; l < a->n_levels; l++) {
            fill_transition(a, &s->transition, f, l);
        }
    }
}

static void apply_locks(fpt_appraisal *a, const fpt_scenario *s)
{
    for (size_t i = 0; i < s->n_locks; i++) {
        const fpt_lock *lock = &s->locks[i];
        for (size_t l = 0; l < a->n_levels; l++) {
            bool hit = l == lock->level;
            bool keep = lock->mode == FPT_LOCK_FIX ? hit : !hit;
            if (!keep) {
                a->cells[lock->function * a->n_levels + l].allowed = false;
            }
        }
    }
}

/* The strength of the f–g link after the scenario's link sets (the last set wins). */
static int link_strength(const fpt_scenario *s, size_t f, size_t g, int model_strength)
{
    int strength = model_strength;
    for (size_t i = 0; i < s->n_sets; i++) {
        const fpt_set *set = &s->sets[i];
        if (set->kind == FPT_SET_LINK &&
            ((set->function == f && set->other == g) || (set->function == g && set->other == f))) {
            strength = (int)set->value;
        }
    }
    return strength;
}

static bool model_has_link(const fpt_model *m, size_t f, size_t g)
{
    for (size_t e = 0; e < m->n_links; e++) {
        const fpt_link *link = &m->links[e];
        if ((link->from == f && link->to == g) || (link->from == g && link->to == f)) {
            return true;
        }
    }
    return false;
}

static void add_pair(fpt_appraisal *a, const fpt_model *m, size_t f, size_t g, int strength)
{
    if (strength <= 0) {
        return;
    }
    fpt_pair *p = &a->pairs[a->n_pairs++];
    p->f = f < g ? f : g;
    p->g = f < g ? g : f;
    p->strength = strength;
    double smaller = fmin(a->inputs[f].size_gbp, a->inputs[g].size_gbp);
    p->coef_gbp = m->calibration[FPT_K_LINKS].value[strength] * smaller;
}

/* Pairs: the model's links (with scenario strengths), then links the scenario adds. */
static fpt_status fill_pairs(fpt_appraisal *a, const fpt_model *m, const fpt_scenario *s)
{
    a->pairs = calloc(m->n_links + s->n_sets + 1, sizeof *a->pairs);
    if (a->pairs == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t e = 0; e < m->n_links; e++) {
        const fpt_link *link = &m->links[e];
        add_pair(a, m, link->from, link->to,
                 link_strength(s, link->from, link->to, link->strength));
    }
    for (size_t i = 0; i < s->n_sets; i++) {
        const fpt_set *set = &s->sets[i];
        if (set->kind != FPT_SET_LINK || model_has_link(m, set->function, set->other)) {
            continue;
        }
        bool seen = false; /* a pair set twice is added once, at its last strength */
        for (size_t j = i + 1; j < s->n_sets; j++) {
            const fpt_set *later = &s->sets[j];
            seen |= later->kind == FPT_SET_LINK &&
                    ((later->function == set->function && later->other == set->other) ||
                     (later->function == set->other && later->other == set->function));
        }
        if (!seen) {
            add_pair(a, m, set->function, set->other, (int)set->value);
        }
    }
    return FPT_OK;
}

fpt_status fpt_appraisal_build(const fpt_model *m, const fpt_scenario *s, fpt_appraisal **out,
                               fpt_error *err)
{
    return fpt_appraisal_build_perturbed(m, s, NULL, out, err);
}

fpt_status fpt_appraisal_build_perturbed(const fpt_model *m, const fpt_scenario *s,
                                         const fpt_perturbation *p, fpt_appraisal **out,
                                         fpt_error *err)
{
    *out = NULL;
    fpt_appraisal *a = calloc(1, sizeof *a);
    if (a == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory building the appraisal");
    }
    a->n_functions = m->n_functions;
    a->n_levels = s->n_levels;
    a->n_pools = m->n_pools;
    a->population = s->population;
    memcpy(a->weight, s->weight, sizeof a->weight);
    a->budget_gbp = s->allowance_per_head_gbp * s->population * s->support_share;
    a->annuity = annuity_factor(s->discount_rate, s->horizon_years);
    a->has_transition = fpt_scenario_has_transition(s);
    a->transition_weight = s->transition.weight;
    fpt_status st = alloc_tables(a);
    if (st == FPT_OK) {
        st = fill_levels(a, s);
    }
    if (st == FPT_OK) {
        st = fill_pools(a, m, s);
    }
    if (st == FPT_OK) {
        fill_all_inputs(a, m, s, p);
        for (size_t f = 0; f < a->n_functions; f++) {
            for (size_t l = 0; l < a->n_levels; l++) {
                fill_cell(a, &m->functions[f], f, l);
            }
        }
        fill_transitions(a, s);
        apply_locks(a, s);
        st = fill_pairs(a, m, s);
    }
    if (st != FPT_OK) {
        fpt_appraisal_free(a);
        return fpt_error_set(err, st, NULL, 0, "out of memory building the appraisal");
    }
    *out = a;
    return FPT_OK;
}

void fpt_appraisal_free(fpt_appraisal *a)
{
    if (a == NULL) {
        return;
    }
    free(a->n_units);
    free(a->unit_pop);
    free(a->remoteness);
    free(a->spread);
    free(a->real_pop);
    free(a->real_start);
    free(a->inputs);
    free(a->cells);
    free(a->scarce_wte);
    free(a->pairs);
    free(a->pool_limited);
    free(a->pool_supply_wte);
    free(a->pool_premium_gbp);
    free(a->current);
    free(a);
}

const fpt_cell *fpt_appraisal_cell(const fpt_appraisal *a, size_t f, size_t l)
{
    assert(f < a->n_functions && l < a->n_levels);
    return &a->cells[f * a->n_levels + l];
}

double fpt_appraisal_scarce(const fpt_appraisal *a, size_t f, size_t l, size_t r)
{
    assert(f < a->n_functions && l < a->n_levels && r < a->n_pools);
    return a->scarce_wte[(f * a->n_levels + l) * a->n_pools + r];
}

/* One pair's links term with its functions at levels lf and lg (M9). */
static double pair_term_at(const fpt_appraisal *a, const fpt_pair *p, size_t lf, size_t lg)
{
    return p->coef_gbp * fabs(a->remoteness[lf] - a->remoteness[lg]);
}

static double pair_term(const fpt_appraisal *a, const fpt_pair *p, const size_t *level)
{
    return pair_term_at(a, p, level[p->f], level[p->g]);
}

double fpt_appraisal_links_at(const fpt_appraisal *a, const size_t *plan, size_t f, size_t level)
{
    double sum = 0;
    for (size_t e = 0; plan != NULL && e < a->n_pairs; e++) {
        const fpt_pair *p = &a->pairs[e];
        if (p->f == f || p->g == f) {
            sum += pair_term_at(a, p, level, plan[p->f == f ? p->g : p->f]);
        }
    }
    return sum;
}

double fpt_appraisal_link_share(const fpt_appraisal *a, const size_t *level, size_t f)
{
    double share = 0;
    for (size_t e = 0; e < a->n_pairs; e++) {
        const fpt_pair *p = &a->pairs[e];
        if (p->f == f || p->g == f) {
            share += 0.5 * pair_term(a, p, level);
        }
    }
    return share;
}

/* Budget and pools hold within a relative tolerance that matches the MIP's feasibility. */
bool fpt_appraisal_within(double used, double cap)
{
    return used <= cap + 1e-7 * fmax(1.0, fabs(cap));
}

void fpt_appraisal_eval(const fpt_appraisal *a, const size_t *level, fpt_plan_eval *out,
                        double *pool_use)
{
    memset(out, 0, sizeof *out);
    out->feasible = true;
    for (size_t r = 0; pool_use != NULL && r < a->n_pools; r++) {
        pool_use[r] = 0;
    }
    for (size_t f = 0; f < a->n_functions; f++) {
        const fpt_cell *c = fpt_appraisal_cell(a, f, level[f]);
        out->objective += c->objective;
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            out->term_gbp[k] += c->term_gbp[k];
        }
        out->running_gbp += c->running_gbp;
        out->setup_gbp += c->setup_gbp;
        out->wte += c->wte;
        out->transition_gbp += c->transition_gbp;
        out->transition_term_gbp += c->transition_term_gbp;
        out->feasible &= c->allowed;
    }
    for (size_t e = 0; e < a->n_pairs; e++) {
        double t = pair_term(a, &a->pairs[e], level);
        out->term_gbp[FPT_K_LINKS] += t;
        out->objective += a->weight[FPT_K_LINKS] * t;
    }
    out->feasible &= fpt_appraisal_within(out->running_gbp, a->budget_gbp);
    for (size_t r = 0; r < a->n_pools; r++) {
        double used = 0;
        for (size_t f = 0; f < a->n_functions; f++) {
            used += fpt_appraisal_scarce(a, f, level[f], r);
        }
        if (pool_use != NULL) {
            pool_use[r] = used;
        }
        out->feasible &= !a->pool_limited[r] || fpt_appraisal_within(used, a->pool_supply_wte[r]);
    }
}

void fpt_appraisal_payback(const fpt_appraisal *a, const fpt_plan_eval *e, fpt_payback *out)
{
    memset(out, 0, sizeof *out);
    out->from_local = true;
    for (size_t f = 0; f < a->n_functions; f++) {
        out->baseline_running_gbp += fpt_appraisal_cell(a, f, a->current[f])->running_gbp;
        out->from_local &= a->current[f] == 0;
    }
    out->investment_gbp = e->setup_gbp + e->transition_gbp;
    out->saving_gbp = out->baseline_running_gbp - e->running_gbp;
    out->years = out->saving_gbp > 0 ? out->investment_gbp / out->saving_gbp : NAN;
}
