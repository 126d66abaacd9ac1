/* SPDX-License-Identifier: MIT */
/*
 * Loading a scenario file (docs/formats.md "Scenario"): parse safely, check the root
 * element and scenarios/scenario.xsd, copy the tree into an fpt_scenario that starts from
 * the documented defaults, make its real units (geo/realunits.c), then run model/validate.c's
 * checks, on their own (fpt_scenario_check) or against a model (fpt_scenario_load, with the
 * sweep's axes checked by model/variant.c).
 *
 * The two choices XSD 1.0 cannot express (a population given both ways or neither, a level
 * with both or neither of units and unit-population) are reported here as meaning findings,
 * since the in-memory scenario cannot hold them. No libxml2 object outlives a load.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "footprint/load.h"
#include "footprint/scenario.h"
#include "footprint/variant.h"
#include "geo/realunits.h"
#include "load/xml.h"
#include "model/validate.h"

static void read_areas(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    size_t n = fpt_xml_count(node, "area");
    s->areas = calloc(n, sizeof *s->areas);
    if (s->areas == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "area"); c != NULL; c = fpt_xml_next(c, "area")) {
        fpt_area *area = &s->areas[s->n_areas++];
        area->line = fpt_xml_line(c);
        area->id = fpt_xml_attr(r, c, "id");
        fpt_xml_attr_double(r, c, "population", &area->population);
    }
}

static void read_geography(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    if (node == NULL) {
        return;
    }
    s->geography_line = fpt_xml_line(node);
    s->geography = fpt_xml_attr(r, node, "file");
}

static void read_population(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    if (node == NULL || s->geography != NULL) {
        if (node != NULL) {
            fpt_xml_finding(r, fpt_xml_line(node),
                            "population: given with a geography (expected one of them: a "
                            "scenario with a geography takes its population from the CCGs)");
        } else if (s->geography == NULL) {
            s->population_line = s->line;
            fpt_xml_finding(r, s->line,
                            "scenario: neither <population> nor <geography> (expected one "
                            "of them)");
        }
        return;
    }
    s->population_line = fpt_xml_line(node);
    bool has_total = fpt_xml_attr_double(r, node, "total", &s->population);
    bool has_areas = fpt_xml_count(node, "area") > 0;
    if (has_total && has_areas) {
        fpt_xml_finding(r, s->population_line,
                        "population: both a total and <area> children "
                        "(expected one of them: the total is the areas' sum)");
    } else if (!has_total && !has_areas) {
        fpt_xml_finding(r, s->population_line,
                        "population: neither a total nor <area> "
                        "children (expected total=\"…\" or one <area> per area)");
    } else if (has_areas) {
        s->population_from_areas = true;
        read_areas(r, node, s);
    }
}

/* A level of a scenario with a geography: a grouping of its CCGs (docs/formats.md). */
static void read_grouped_level(fpt_xml_reader *r, const xmlNode *node, fpt_level *level)
{
    const char *id = level->id ? level->id : "";
    if (fpt_xml_has(node, "units") || fpt_xml_has(node, "unit-population")) {
        fpt_xml_finding(r, level->line,
                        "level '%s': units or unit-population in a scenario with a geography "
                        "(expected grouping=\"ccg|area|region|national|partition\": the "
                        "units come from the CCGs)",
                        id);
        return;
    }
    if (!fpt_xml_has(node, "grouping")) {
        fpt_xml_finding(r, level->line,
                        "level '%s': no grouping (expected "
                        "grouping=\"ccg|area|region|national|partition\" in a scenario with "
                        "a geography)",
                        id);
        return;
    }
    char *name = fpt_xml_attr(r, node, "grouping");
    int g = fpt_grouping_from_name(name);
    if (g < 0) {
        fpt_xml_finding(r, level->line,
                        "level '%s': unknown grouping '%s' (expected ccg, area, region, "
                        "national or partition)",
                        id, name ? name : "");
    }
    free(name);
    level->grouping = g < 0 ? FPT_GROUPING_NONE : (fpt_grouping)g;
    bool has_file = fpt_xml_has(node, "file");
    if (g == FPT_GROUPING_PARTITION && !has_file) {
        fpt_xml_finding(r, level->line,
                        "level '%s': grouping partition without a file (expected "
                        "file=\"…\", a partition written by footprint districts --format csv)",
                        id);
    } else if (g >= 0 && g != FPT_GROUPING_PARTITION && has_file) {
        fpt_xml_finding(r, level->line,
                        "level '%s': a file with grouping %s (expected a file only with "
                        "grouping partition)",
                        id, fpt_grouping_name((fpt_grouping)g));
    } else if (has_file) {
        level->file = fpt_xml_attr(r, node, "file");
    }
}

static void read_level(fpt_xml_reader *r, const xmlNode *node, fpt_level *level, bool grouped)
{
    level->line = fpt_xml_line(node);
    level->id = fpt_xml_attr(r, node, "id");
    level->name =
        fpt_xml_has(node, "name") ? fpt_xml_attr(r, node, "name") : fpt_xml_strdup(r, level->id);
    if (grouped) {
        read_grouped_level(r, node, level);
        return;
    }
    if (fpt_xml_has(node, "grouping") || fpt_xml_has(node, "file")) {
        fpt_xml_finding(r, level->line,
                        "level '%s': a grouping without a geography (expected <geography "
                        "file=\"…\"/> before the levels, or units / unit-population)",
                        level->id ? level->id : "");
        return;
    }
    bool by_units = fpt_xml_attr_double(r, node, "units", &level->spec);
    bool by_pop = fpt_xml_has(node, "unit-population");
    if (by_units && by_pop) {
        fpt_xml_finding(r, level->line,
                        "level '%s': both units and unit-population (expected "
                        "exactly one of them)",
                        level->id ? level->id : "");
    } else if (!by_units && !by_pop) {
        fpt_xml_finding(r, level->line,
                        "level '%s': neither units nor unit-population "
                        "(expected exactly one of them)",
                        level->id ? level->id : "");
    } else if (by_pop) {
        level->kind = FPT_LEVEL_BY_POPULATION;
        fpt_xml_attr_double(r, node, "unit-population", &level->spec);
    }
}

static void read_levels(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    if (node == NULL && s->geography != NULL) {
        s->levels_line = s->geography_line;
        fpt_xml_finding(r, s->geography_line,
                        "geography: no <levels> (expected a <levels> list giving each "
                        "level a grouping of the CCGs)");
        return;
    }
    if (node == NULL) {
        if (fpt_scenario_add_default_levels(s, NULL) != FPT_OK) {
            r->status = FPT_ENOMEM;
        }
        return;
    }
    size_t n = fpt_xml_count(node, "level");
    s->levels_line = fpt_xml_line(node);
    s->levels = n > 0 ? calloc(n, sizeof *s->levels) : NULL;
    if (n > 0 && s->levels == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "level"); c != NULL; c = fpt_xml_next(c, "level")) {
        read_level(r, c, &s->levels[s->n_levels++], s->geography != NULL);
    }
}

static void read_finance(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    if (node == NULL) {
        return;
    }
    s->finance_line = fpt_xml_line(node);
    const char *const names[] = {"allowance-per-head-gbp", "support-share", "horizon-years",
                                 "discount-rate"};
    double *fields[] = {&s->allowance_per_head_gbp, &s->support_share, &s->horizon_years,
                        &s->discount_rate};
    for (unsigned i = 0; i < 4; i++) {
        if (fpt_xml_attr_double(r, node, names[i], fields[i])) {
            s->finance_given |= 1u << i;
        }
    }
}

static void read_weights(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    if (node == NULL) {
        return;
    }
    s->weights_line = fpt_xml_line(node);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        if (fpt_xml_attr_double(r, node, fpt_criterion_id(k), &s->weight[k])) {
            s->weights_given |= 1u << k;
        }
    }
    if (fpt_xml_attr_double(r, node, fpt_term_id(FPT_T_TRANSITION), &s->transition.weight)) {
        s->transition.weight_line = s->weights_line;
    }
}

static void read_transition_cost(fpt_xml_reader *r, const xmlNode *node, const char *name,
                                 fpt_transition_cost *cost)
{
    const xmlNode *c = fpt_xml_child(node, name);
    if (c == NULL) {
        return;
    }
    cost->present = true;
    cost->line = fpt_xml_line(c);
    fpt_xml_attr_double(r, c, "months", &cost->months);
    cost->basis = fpt_xml_attr(r, c, "basis");
}

static void read_transition(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    if (node == NULL) {
        return;
    }
    fpt_transition *t = &s->transition;
    t->present = true;
    t->line = fpt_xml_line(node);
    read_transition_cost(r, node, "redundancy", &t->redundancy);
    read_transition_cost(r, node, "double-running", &t->double_running);
    read_transition_cost(r, node, "productivity-loss", &t->productivity);
    size_t n = fpt_xml_count(node, "current");
    t->current = n > 0 ? calloc(n, sizeof *t->current) : NULL;
    if (n > 0 && t->current == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "current"); c != NULL; c = fpt_xml_next(c, "current")) {
        fpt_current *cur = &t->current[t->n_current++];
        cur->line = fpt_xml_line(c);
        cur->function_id = fpt_xml_attr(r, c, "function");
        cur->level_id = fpt_xml_attr(r, c, "level");
    }
}

static void read_supplies(fpt_xml_reader *r, const xmlNode *root, fpt_scenario *s)
{
    size_t n = fpt_xml_count(root, "skill-supply");
    s->supplies = n > 0 ? calloc(n, sizeof *s->supplies) : NULL;
    if (n > 0 && s->supplies == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(root, "skill-supply"); c != NULL;
         c = fpt_xml_next(c, "skill-supply")) {
        fpt_supply *supply = &s->supplies[s->n_supplies++];
        supply->line = fpt_xml_line(c);
        supply->pool_id = fpt_xml_attr(r, c, "pool");
        supply->limited = fpt_xml_attr_double(r, c, "supply-wte", &supply->supply_wte);
        supply->premium_given = fpt_xml_attr_double(r, c, "premium-gbp", &supply->premium_gbp);
    }
}

static void read_locks(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    size_t n = fpt_xml_count(node, "lock");
    s->locks = n > 0 ? calloc(n, sizeof *s->locks) : NULL;
    if (n > 0 && s->locks == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "lock"); c != NULL; c = fpt_xml_next(c, "lock")) {
        fpt_lock *lock = &s->locks[s->n_locks++];
        lock->line = fpt_xml_line(c);
        lock->function_id = fpt_xml_attr(r, c, "function");
        lock->level_id = fpt_xml_attr(r, c, "level");
        char *mode = fpt_xml_attr(r, c, "mode");
        lock->mode =
            mode != NULL && mode[0] == 'f' && mode[1] == 'o' ? FPT_LOCK_FORBID : FPT_LOCK_FIX;
        free(mode);
    }
}

static void read_sets(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    size_t n = fpt_xml_count(node, "set");
    s->sets = n > 0 ? calloc(n, sizeof *s->sets) : NULL;
    if (n > 0 && s->sets == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "set"); c != NULL; c = fpt_xml_next(c, "set")) {
        fpt_set *set = &s->sets[s->n_sets++];
        set->line = fpt_xml_line(c);
        set->function_id = fpt_xml_attr(r, c, "function");
        set->field = fpt_xml_attr(r, c, "field");
        fpt_xml_attr_double(r, c, "value", &set->value);
        set->k = -1;
    }
}

enum { MAX_AXIS_VALUES = 100000 }; /* a grid axis longer than this is a mistake */

/* values="a b c": the schema checked the lexical form; count, then read. */
static void read_value_list(fpt_xml_reader *r, const xmlNode *node, fpt_axis *axis)
{
    char *list = fpt_xml_attr(r, node, "values");
    size_t n = 0;
    for (const char *p = list; p != NULL && *p != '\0';) {
        char *end = NULL;
        strtod(p, &end);
        if (end == p) {
            break;
        }
        n++;
        p = end;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        }
    }
    if (n > MAX_AXIS_VALUES) {
        fpt_xml_finding(r, axis->line,
                        "axis '%s': %zu values (expected at most %d values in a list, as in a "
                        "range)",
                        axis->target ? axis->target : "", n, MAX_AXIS_VALUES);
        free(list);
        return;
    }
    axis->values = n > 0 ? calloc(n, sizeof *axis->values) : NULL;
    const char *p = list;
    for (size_t i = 0; axis->values != NULL && i < n; i++) {
        char *end = NULL;
        axis->values[axis->n_values++] = strtod(p, &end);
        p = end;
    }
    if (n > 0 && axis->values == NULL) {
        r->status = FPT_ENOMEM;
    } else if (n == 0) {
        fpt_xml_finding(r, axis->line, "axis '%s': no values (expected at least one number)",
                        axis->target ? axis->target : "");
    }
    free(list);
}

/* from/to/step: from, from + step, … up to to (inclusive, within a 1e-9 relative margin). */
static void read_value_range(fpt_xml_reader *r, const xmlNode *node, fpt_axis *axis)
{
    double from = 0, to = 0, step = 0;
    bool ok = fpt_xml_attr_double(r, node, "from", &from) &
              fpt_xml_attr_double(r, node, "to", &to) & fpt_xml_attr_double(r, node, "step", &step);
    double n = ok && step > 0 && to >= from ? floor((to - from) / step * (1 + 1e-9) + 1e-9) + 1 : 0;
    if (!ok || !(n >= 1 && n <= MAX_AXIS_VALUES)) {
        fpt_xml_finding(r, axis->line,
                        "axis '%s': from/to/step do not make a range (expected from <= to, "
                        "step > 0, all finite, and at most %d values; or values=\"…\")",
                        axis->target ? axis->target : "", MAX_AXIS_VALUES);
        return;
    }
    axis->values = calloc((size_t)n, sizeof *axis->values);
    if (axis->values == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (size_t i = 0; i < (size_t)n; i++) {
        axis->values[axis->n_values++] = from + (double)i * step;
    }
}

static void read_axis(fpt_xml_reader *r, const xmlNode *node, fpt_axis *axis)
{
    axis->line = fpt_xml_line(node);
    axis->target = fpt_xml_attr(r, node, "target");
    bool listed = fpt_xml_has(node, "values");
    bool ranged = fpt_xml_has(node, "from") || fpt_xml_has(node, "to") || fpt_xml_has(node, "step");
    if (listed == ranged) {
        fpt_xml_finding(r, axis->line,
                        "axis '%s': %s (expected either values=\"…\" or from, to and step)",
                        axis->target ? axis->target : "", listed ? "both forms" : "no values");
    } else if (listed) {
        read_value_list(r, node, axis);
    } else {
        read_value_range(r, node, axis);
    }
}

static void read_sweep(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    size_t n = fpt_xml_count(node, "axis");
    s->axes = n > 0 ? calloc(n, sizeof *s->axes) : NULL;
    if (n > 0 && s->axes == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "axis"); c != NULL; c = fpt_xml_next(c, "axis")) {
        read_axis(r, c, &s->axes[s->n_axes++]);
    }
}

static void read_montecarlo(fpt_xml_reader *r, const xmlNode *node, fpt_scenario *s)
{
    if (node == NULL) {
        return;
    }
    fpt_montecarlo *mc = &s->mc;
    double samples = 0;
    mc->present = true;
    mc->line = fpt_xml_line(node);
    fpt_xml_attr_double(r, node, "samples", &samples);
    mc->samples = samples >= 1 && samples <= 1e9 && samples == floor(samples) ? (long)samples : 0;
    fpt_xml_attr_double(r, node, "seed", &mc->seed);
    char *weights = fpt_xml_has(node, "weights") ? fpt_xml_attr(r, node, "weights") : NULL;
    mc->weights = weights != NULL && (strcmp(weights, "true") == 0 || strcmp(weights, "1") == 0);
    free(weights);
    fpt_xml_attr_double(r, node, "rating-up", &mc->rating_up);
    fpt_xml_attr_double(r, node, "rating-down", &mc->rating_down);
    fpt_xml_attr_double(r, node, "cost-spread", &mc->cost_spread);
    if (mc->samples == 0) {
        fpt_xml_finding(r, mc->line,
                        "monte-carlo: samples is %g (expected a whole number from 1 to 10^9)",
                        samples);
    }
}

/* Returns FPT_OK, FPT_EINVALID (findings made here) or FPT_ENOMEM. */
static fpt_status read_scenario(fpt_xml_reader *r, const xmlNode *root, fpt_scenario *s)
{
    const xmlNode *description = fpt_xml_child(root, "description");
    s->line = fpt_xml_line(root);
    s->id = fpt_xml_attr(r, root, "id");
    s->title = fpt_xml_text(r, fpt_xml_child(root, "title"));
    s->description = description != NULL ? fpt_xml_text(r, description) : fpt_xml_strdup(r, "");
    read_geography(r, fpt_xml_child(root, "geography"), s);
    read_population(r, fpt_xml_child(root, "population"), s);
    read_levels(r, fpt_xml_child(root, "levels"), s);
    read_finance(r, fpt_xml_child(root, "finance"), s);
    read_weights(r, fpt_xml_child(root, "weights"), s);
    read_supplies(r, root, s);
    read_transition(r, fpt_xml_child(root, "transition"), s);
    read_locks(r, fpt_xml_child(root, "locks"), s);
    read_sets(r, fpt_xml_child(root, "overrides"), s);
    read_sweep(r, fpt_xml_child(root, "sweep"), s);
    read_montecarlo(r, fpt_xml_child(root, "monte-carlo"), s);
    return r->status;
}

/* Parse, check the root and the schema, and copy into a new scenario. */
static fpt_status read_file(const fpt_xml_source *src, fpt_scenario **out, fpt_diags *d)
{
    const char *path = src->name;
    xmlDoc *doc = NULL;
    char hash[17] = "";
    fpt_status st;
    FPT_TRY_GOTO(st, fpt_xml_parse_source(src, &doc, hash, d), out);
    FPT_TRY_GOTO(st, fpt_xml_check_root(path, doc, "scenario", d), out);
    FPT_TRY_GOTO(
        st, fpt_xml_validate(path, doc, fpt_scenario_xsd, fpt_scenario_xsd_len, "scenario.xsd", d),
        out);
    FPT_TRY_GOTO(st, fpt_scenario_create(path, out, NULL), out);
    memcpy((*out)->fnv1a64, hash, sizeof hash);
    fpt_xml_reader r = {.file = path, .diags = d};
    st = read_scenario(&r, xmlDocGetRootElement(doc), *out);
out:
    xmlFreeDoc(doc);
    return st;
}

/* Worse of two statuses: out of memory beats findings, findings beat success. */
static fpt_status worse(fpt_status a, fpt_status b)
{
    return a == FPT_OK || b == FPT_ENOMEM ? b : a;
}

/* Load and validate; model NULL checks the scenario on its own. */
static fpt_status load(const fpt_xml_source *src, const fpt_model *model, fpt_scenario **out,
                       fpt_diags *d, fpt_error *err)
{
    const char *path = src->name;
    size_t first = d->n;
    fpt_scenario *s = NULL;
    fpt_status st = read_file(src, &s, d);
    if (s != NULL && st == FPT_OK) {
        st = fpt_scenario_make_units(s, d, NULL);
    }
    if (s != NULL && st != FPT_ENOMEM) {
        st = worse(st, fpt_scenario_validate_self(s, d));
        if (model != NULL && st != FPT_ENOMEM) {
            st = worse(st, fpt_scenario_validate_refs(s, model, d));
        }
        if (model != NULL && st == FPT_OK) {
            st = fpt_scenario_validate_sweep(s, model, d);
        }
    }
    if (st != FPT_OK) {
        fpt_xml_fail(st, d, first, path, err);
        fpt_scenario_free(s);
        s = NULL;
    }
    *out = s;
    return st;
}

fpt_status fpt_scenario_load(const char *path, const fpt_model *model, fpt_scenario **out,
                             fpt_diags *diags, fpt_error *err)
{
    *out = NULL;
    fpt_diags local = {0};
    fpt_status st =
        load(&(fpt_xml_source){.name = path}, model, out, diags != NULL ? diags : &local, err);
    fpt_diags_clear(&local);
    return st;
}

fpt_status fpt_scenario_check(const char *path, fpt_diags *diags, fpt_error *err)
{
    fpt_diags local = {0};
    fpt_scenario *s = NULL;
    fpt_status st =
        load(&(fpt_xml_source){.name = path}, NULL, &s, diags != NULL ? diags : &local, err);
    fpt_scenario_free(s);
    fpt_diags_clear(&local);
    return st;
}

fpt_status fpt_scenario_load_text(const char *name, const char *text, size_t len,
                                  const fpt_model *model, fpt_scenario **out, fpt_diags *diags,
                                  fpt_error *err)
{
    *out = NULL;
    fpt_diags local = {0};
    fpt_status st = load(&(fpt_xml_source){.name = name, .text = text, .len = len}, model, out,
                         diags != NULL ? diags : &local, err);
    fpt_diags_clear(&local);
    return st;
}

fpt_status fpt_scenario_check_text(const char *name, const char *text, size_t len, fpt_diags *diags,
                                   fpt_error *err)
{
    fpt_diags local = {0};
    fpt_scenario *s = NULL;
    fpt_status st = load(&(fpt_xml_source){.name = name, .text = text, .len = len}, NULL, &s,
                         diags != NULL ? diags : &local, err);
    fpt_scenario_free(s);
    fpt_diags_clear(&local);
    return st;
}
