/* SPDX-License-Identifier: MIT */
/*
 * Scenario files written back (serve/scenario_write.h): the elements of docs/formats.md in
 * the schema's order, numbers to 17 significant digits (strtod reads them back exactly), text
 * escaped. Only the served scenario's what-ifs are written here; load/ reads the result with
 * the same schema and checks as any scenario file, so nothing here needs to check anything.
 */
#include "serve/scenario_write.h"

#include <stdio.h>

#include "base/text.h"
#include "footprint/model.h"

static const char *const FINANCE_NAMES[] = {"allowance-per-head-gbp", "support-share",
                                            "horizon-years", "discount-rate"};

/* name="value" with value escaped; nothing when value is NULL. */
static void attr(FILE *out, const char *name, const char *value)
{
    if (value == NULL) {
        return;
    }
    fprintf(out, " %s=\"", name);
    fpt_text_escape_xml(out, value);
    fputc('"', out);
}

static void number(FILE *out, const char *name, double value)
{
    fprintf(out, " %s=\"%.17g\"", name, value);
}

static void write_head(FILE *out, const fpt_scenario *s, const char *note)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<scenario", out);
    attr(out, "id", s->id);
    fputs(">\n  <title>", out);
    fpt_text_escape_xml(out, s->title != NULL ? s->title : s->id);
    fputs("</title>\n", out);
    if (s->description != NULL || note != NULL) {
        fputs("  <description>", out);
        fpt_text_escape_xml(out, s->description);
        if (s->description != NULL && note != NULL) {
            fputs("\n", out);
        }
        fpt_text_escape_xml(out, note);
        fputs("</description>\n", out);
    }
}

static void write_population(FILE *out, const fpt_scenario *s)
{
    if (s->geography != NULL) {
        fputs("  <geography", out);
        attr(out, "file", s->geography_path != NULL ? s->geography_path : s->geography);
        fputs("/>\n", out);
        return;
    }
    if (!s->population_from_areas) {
        fputs("  <population", out);
        number(out, "total", s->population);
        fputs("/>\n", out);
        return;
    }
    fputs("  <population>\n", out);
    for (size_t i = 0; i < s->n_areas; i++) {
        fputs("    <area", out);
        attr(out, "id", s->areas[i].id);
        number(out, "population", s->areas[i].population);
        fputs("/>\n", out);
    }
    fputs("  </population>\n", out);
}

static void write_level(FILE *out, const fpt_level *lv)
{
    fputs("    <level", out);
    attr(out, "id", lv->id);
    attr(out, "name", lv->name);
    if (lv->grouping != FPT_GROUPING_NONE) {
        attr(out, "grouping", fpt_grouping_name(lv->grouping));
        attr(out, "file", lv->grouping == FPT_GROUPING_PARTITION ? lv->file : NULL);
    } else {
        number(out, lv->kind == FPT_LEVEL_BY_UNITS ? "units" : "unit-population", lv->spec);
    }
    fputs("/>\n", out);
}

static void write_numbers(FILE *out, const fpt_scenario *s)
{
    fputs("  <levels>\n", out);
    for (size_t l = 0; l < s->n_levels; l++) {
        write_level(out, &s->levels[l]);
    }
    fputs("  </levels>\n  <finance", out);
    const double finance[] = {s->allowance_per_head_gbp, s->support_share, s->horizon_years,
                              s->discount_rate};
    for (size_t i = 0; i < 4; i++) {
        number(out, FINANCE_NAMES[i], finance[i]);
    }
    fputs("/>\n  <weights", out);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        number(out, fpt_criterion_id(k), s->weight[k]);
    }
    if (fpt_scenario_has_transition(s)) {
        number(out, fpt_term_id(FPT_T_TRANSITION), s->transition.weight);
    }
    fputs("/>\n", out);
    for (size_t i = 0; i < s->n_supplies; i++) {
        const fpt_supply *sp = &s->supplies[i];
        fputs("  <skill-supply", out);
        attr(out, "pool", sp->pool_id);
        if (sp->limited) {
            number(out, "supply-wte", sp->supply_wte);
        }
        number(out, "premium-gbp", sp->premium_gbp);
        fputs("/>\n", out);
    }
}

static void write_cost(FILE *out, const char *name, const fpt_transition_cost *c)
{
    if (!c->present) {
        return;
    }
    fprintf(out, "    <%s", name);
    number(out, "months", c->months);
    attr(out, "basis", c->basis);
    fputs("/>\n", out);
}

/* The transition (docs/formats.md "Transition"), between the supplies and the locks. */
static void write_transition(FILE *out, const fpt_scenario *s)
{
    const fpt_transition *t = &s->transition;
    if (!t->present) {
        return;
    }
    fputs("  <transition>\n", out);
    write_cost(out, "redundancy", &t->redundancy);
    write_cost(out, "double-running", &t->double_running);
    write_cost(out, "productivity-loss", &t->productivity);
    for (size_t i = 0; i < t->n_current; i++) {
        fputs("    <current", out);
        attr(out, "function", t->current[i].function_id);
        attr(out, "level", t->current[i].level_id);
        fputs("/>\n", out);
    }
    fputs("  </transition>\n", out);
}

static void write_changes(FILE *out, const fpt_scenario *s)
{
    if (s->n_locks > 0) {
        fputs("  <locks>\n", out);
        for (size_t i = 0; i < s->n_locks; i++) {
            fputs("    <lock", out);
            attr(out, "function", s->locks[i].function_id);
            attr(out, "level", s->locks[i].level_id);
            attr(out, "mode", s->locks[i].mode == FPT_LOCK_FIX ? "fix" : "forbid");
            fputs("/>\n", out);
        }
        fputs("  </locks>\n", out);
    }
    if (s->n_sets > 0) {
        fputs("  <overrides>\n", out);
        for (size_t i = 0; i < s->n_sets; i++) {
            fputs("    <set", out);
            attr(out, "function", s->sets[i].function_id);
            attr(out, "field", s->sets[i].field);
            number(out, "value", s->sets[i].value);
            fputs("/>\n", out);
        }
        fputs("  </overrides>\n", out);
    }
}

fpt_status fpt_scenario_write_xml(const fpt_scenario *s, const char *note, char **text, size_t *len,
                                  fpt_error *err)
{
    FILE *out = fpt_text_open(text, len);
    if (out != NULL) {
        write_head(out, s, note);
        write_population(out, s);
        write_numbers(out, s);
        write_transition(out, s);
        write_changes(out, s);
        fputs("</scenario>\n", out);
    }
    return fpt_text_close(out, out != NULL ? FPT_OK : FPT_ENOMEM, text, len, "the scenario file",
                          err);
}
