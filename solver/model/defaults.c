/* SPDX-License-Identifier: MIT */
/*
 * What a scenario leaves to a default that changes the answer (model/validate.h,
 * docs/formats.md "Defaults"): a drawn skill pool, a finance figure, a weight, the levels,
 * a transition's cost or a function's current level. Each warning names the element, the
 * default taken and where it lives (the model's <pool>, or the scenario format). A default
 * is allowed, so these are notes, never findings; footprint validate prints them. Reads a
 * loaded scenario and its model; prints nothing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "model/validate.h"

/* Where the scenario format's defaults are listed, for every warning that takes one. */
#define FORMAT_DEFAULTS "the scenario format's default (docs/formats.md \"Defaults\")"

static const char *const FINANCE_NAMES[] = {"allowance-per-head-gbp", "support-share",
                                            "horizon-years", "discount-rate"};
enum { N_FINANCE = sizeof FINANCE_NAMES / sizeof FINANCE_NAMES[0] };

/* A list being joined into buf: ", " between items. */
typedef struct joined {
    char buf[512];
    size_t n;
} joined;

static void join(joined *j, const char *item)
{
    size_t used = strlen(j->buf);
    snprintf(j->buf + used, sizeof j->buf - used, "%s%s", j->n > 0 ? ", " : "", item);
    j->n++;
}

/* Whether a sweep axis of s sets the field: then the sweep gives it, not the default. */
static bool axis_sets(const fpt_scenario *s, fpt_axis_kind kind, size_t index)
{
    for (size_t a = 0; a < s->n_axes; a++) {
        if (s->axes[a].kind == kind && s->axes[a].index == index) {
            return true;
        }
    }
    return false;
}

/* ---- skill pools --------------------------------------------------------------------------- */

/* Whether any function of m draws on pool p: only then does its supply change an answer. */
static bool pool_is_drawn(const fpt_model *m, size_t p)
{
    for (size_t f = 0; f < m->n_functions; f++) {
        for (size_t i = 0; i < m->functions[f].n_draws; i++) {
            if (m->functions[f].draws[i].pool == p) {
                return true;
            }
        }
    }
    return false;
}

static const fpt_supply *supply_of(const fpt_scenario *s, size_t p)
{
    const fpt_supply *sp = NULL;
    for (size_t i = 0; i < s->n_supplies; i++) {
        sp = s->supplies[i].pool == p ? &s->supplies[i] : sp;
    }
    return sp;
}

/* A named pool's own defaults: unlimited supply, or a premium of £0. */
static fpt_status note_named_pool(const fpt_scenario *s, const fpt_pool *pool, const fpt_supply *sp,
                                  fpt_diags *notes)
{
    char premium[64];
    fpt_text_grouped(premium, sizeof premium, sp->premium_gbp);
    if (!sp->limited) {
        return fpt_diags_add(notes, s->file, sp->line,
                             "skill-supply of pool '%s' gives no supply-wte: unlimited (at £%s a "
                             "scarce WTE)",
                             pool->id, premium);
    }
    if (!sp->premium_given) {
        return fpt_diags_add(notes, s->file, sp->line,
                             "skill-supply of pool '%s' gives no premium-gbp, so " FORMAT_DEFAULTS
                             " applies: £0 a scarce WTE",
                             pool->id);
    }
    return FPT_OK;
}

static fpt_status note_pool(const fpt_scenario *s, const fpt_model *m, size_t p, fpt_diags *notes)
{
    const fpt_pool *pool = &m->pools[p];
    const fpt_supply *sp = supply_of(s, p);
    if (sp == NULL) {
        return fpt_diags_add(notes, s->file, 0,
                             "skill pool '%s' is left out and model '%s' gives it no default: "
                             "unlimited and free (name it in a <skill-supply> to choose)",
                             pool->id, m->id);
    }
    if (!sp->from_model) {
        return note_named_pool(s, pool, sp, notes);
    }
    char supply[64] = "unlimited", premium[64];
    fpt_text_grouped(premium, sizeof premium, sp->premium_gbp);
    if (sp->limited) {
        fpt_text_grouped(supply, sizeof supply, sp->supply_wte);
        strcat(supply, " WTE");
    }
    return fpt_diags_add(notes, s->file, 0,
                         "skill pool '%s' is left out, so model '%s' gives its default: %s at £%s "
                         "a scarce WTE (name it in a <skill-supply> to choose)",
                         pool->id, m->id, supply, premium);
}

/* ---- finance, weights, levels -------------------------------------------------------------- */

static fpt_status note_finance(const fpt_scenario *s, fpt_diags *notes)
{
    const double values[] = {s->allowance_per_head_gbp, s->support_share, s->horizon_years,
                             s->discount_rate};
    joined j = {{0}, 0};
    for (unsigned i = 0; i < N_FINANCE; i++) {
        if (!(s->finance_given & (1u << i)) && !axis_sets(s, FPT_AXIS_FINANCE, i)) {
            char item[96];
            snprintf(item, sizeof item, "%s %.6g", FINANCE_NAMES[i], values[i]);
            join(&j, item);
        }
    }
    if (j.n == 0) {
        return FPT_OK;
    }
    if (s->finance_line == 0) {
        return fpt_diags_add(notes, s->file, 0,
                             "<finance> is left out, so " FORMAT_DEFAULTS " applies: %s", j.buf);
    }
    return fpt_diags_add(notes, s->file, s->finance_line,
                         "<finance> leaves out %s, so " FORMAT_DEFAULTS " applies: %s",
                         j.n == 1 ? "a figure" : "figures", j.buf);
}

static fpt_status note_weights(const fpt_scenario *s, fpt_diags *notes)
{
    joined j = {{0}, 0};
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        if (!(s->weights_given & (1u << k)) && !axis_sets(s, FPT_AXIS_WEIGHT, (size_t)k)) {
            char item[96];
            snprintf(item, sizeof item, "%s %g", fpt_criterion_id(k), s->weight[k]);
            join(&j, item);
        }
    }
    if (s->transition.present && s->transition.weight_line == 0) {
        char item[96];
        snprintf(item, sizeof item, "%s %g", fpt_term_id(FPT_T_TRANSITION), s->transition.weight);
        join(&j, item);
    }
    if (j.n == 0) {
        return FPT_OK;
    }
    if (s->weights_line == 0) {
        return fpt_diags_add(notes, s->file, 0,
                             "<weights> is left out, so " FORMAT_DEFAULTS " applies: %s", j.buf);
    }
    return fpt_diags_add(notes, s->file, s->weights_line,
                         "<weights> leaves out %s, so " FORMAT_DEFAULTS " applies: %s",
                         j.n == 1 ? "a weight" : "weights", j.buf);
}

static fpt_status note_levels(const fpt_scenario *s, fpt_diags *notes)
{
    if (!s->levels_default) {
        return FPT_OK;
    }
    joined j = {{0}, 0};
    for (size_t l = 0; l < s->n_levels; l++) {
        const fpt_level *lv = &s->levels[l];
        char item[160], number[64];
        fpt_text_grouped(number, sizeof number, lv->spec);
        if (lv->kind == FPT_LEVEL_BY_POPULATION) {
            snprintf(item, sizeof item, "%s (units of %s people)", lv->id, number);
        } else {
            snprintf(item, sizeof item, "%s (%s unit%s)", lv->id, number, lv->spec == 1 ? "" : "s");
        }
        join(&j, item);
    }
    return fpt_diags_add(notes, s->file, 0,
                         "<levels> is left out, so " FORMAT_DEFAULTS " applies: %s", j.buf);
}

/* ---- transition ---------------------------------------------------------------------------- */

static fpt_status note_transition_costs(const fpt_scenario *s, fpt_diags *notes)
{
    const fpt_transition *t = &s->transition;
    const fpt_transition_cost *costs[] = {&t->redundancy, &t->double_running, &t->productivity};
    const char *const names[] = {"<redundancy>", "<double-running>", "<productivity-loss>"};
    joined j = {{0}, 0};
    for (size_t i = 0; i < 3; i++) {
        if (!costs[i]->present) {
            char item[96];
            snprintf(item, sizeof item, "%s %g months", names[i], costs[i]->months);
            join(&j, item);
        }
    }
    if (j.n == 0) {
        return FPT_OK;
    }
    return fpt_diags_add(notes, s->file, t->line,
                         "<transition> leaves out %s, so " FORMAT_DEFAULTS " applies: %s",
                         j.n == 1 ? "a cost" : "costs", j.buf);
}

static fpt_status note_current(const fpt_scenario *s, const fpt_model *m, fpt_diags *notes)
{
    const fpt_transition *t = &s->transition;
    size_t unnamed = m->n_functions;
    for (size_t f = 0; f < m->n_functions; f++) {
        for (size_t i = 0; i < t->n_current; i++) {
            if (t->current[i].function == f) {
                unnamed--;
                break;
            }
        }
    }
    if (unnamed == 0 || s->n_levels == 0) {
        return FPT_OK;
    }
    return fpt_diags_add(notes, s->file, t->line,
                         "<transition> names no <current> for %zu of the model's %zu functions, "
                         "so " FORMAT_DEFAULTS " applies: they sit today at the most local "
                         "level, '%s'",
                         unnamed, m->n_functions, s->levels[0].id);
}

fpt_status fpt_scenario_default_notes(const fpt_scenario *s, const fpt_model *m, fpt_diags *notes)
{
    for (size_t p = 0; p < m->n_pools; p++) {
        if (pool_is_drawn(m, p)) {
            FPT_TRY(note_pool(s, m, p, notes));
        }
    }
    FPT_TRY(note_finance(s, notes));
    FPT_TRY(note_weights(s, notes));
    FPT_TRY(note_levels(s, notes));
    if (s->transition.present) {
        FPT_TRY(note_transition_costs(s, notes));
        FPT_TRY(note_current(s, m, notes));
    }
    return FPT_OK;
}
