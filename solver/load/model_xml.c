/* SPDX-License-Identifier: MIT */
/*
 * Loading a model file (docs/formats.md "Model"): parse safely, check the root element
 * and models/model.xsd, copy the tree into an fpt_model, then run model/validate.c's checks.
 *
 * After the schema has passed, the structure is known to be right, so the readers here
 * only copy. The few problems an in-memory model cannot represent (a second table or
 * rating for the same criterion, a table naming the wrong parameter) are reported here as
 * meaning findings; everything else is validate.c's job. No libxml2 object outlives a load.
 */
#include <stdlib.h>
#include <string.h>

#include "footprint/load.h"
#include "footprint/model.h"
#include "load/xml.h"
#include "model/validate.h"

/* An optional element's text, "" when the element is absent, so readers need no NULL case. */
static char *text_or_empty(fpt_xml_reader *r, const xmlNode *node)
{
    return node != NULL ? fpt_xml_text(r, node) : fpt_xml_strdup(r, "");
}

/* xs:list of five xs:double, whitespace separated (the schema checked the lexical form). */
static void read_values(fpt_xml_reader *r, const xmlNode *node, double *value)
{
    char *list = fpt_xml_attr(r, node, "values");
    const char *p = list;
    for (int i = 0; p != NULL && i < FPT_N_RATINGS; i++) {
        char *end = NULL;
        value[i] = strtod(p, &end);
        if (end == p) {
            fpt_xml_finding(r, fpt_xml_line(node), "calibration values '%s' (expected %d numbers)",
                            list, FPT_N_RATINGS);
            break;
        }
        p = end;
    }
    free(list);
}

static void read_table(fpt_xml_reader *r, const xmlNode *node, fpt_model *m)
{
    long line = fpt_xml_line(node);
    char *criterion = fpt_xml_attr(r, node, "criterion");
    char *parameter = fpt_xml_attr(r, node, "parameter");
    int k = fpt_criterion_from_id(criterion);
    if (k < 0) {
        fpt_xml_finding(r, line,
                        "calibration table for unknown criterion '%s' (expected one "
                        "of the eight criteria of docs/formats.md)",
                        criterion ? criterion : "");
    } else if (m->calibration[k].present) {
        fpt_xml_finding(r, line,
                        "calibration: a second table for '%s' (expected exactly one "
                        "per criterion; the first is at line %ld)",
                        criterion, m->calibration[k].line);
    } else {
        fpt_calibration *c = &m->calibration[k];
        if (parameter == NULL || strcmp(parameter, fpt_parameter_id(k)) != 0) {
            fpt_xml_finding(r, line,
                            "calibration table for '%s' names parameter '%s' (expected "
                            "'%s', the parameter of that criterion)",
                            criterion, parameter ? parameter : "", fpt_parameter_id(k));
        }
        c->present = true;
        c->line = line;
        c->basis = fpt_xml_attr(r, node, "basis");
        read_values(r, node, c->value);
    }
    free(criterion);
    free(parameter);
}

static void read_calibration(fpt_xml_reader *r, const xmlNode *node, fpt_model *m)
{
    m->calibration_line = fpt_xml_line(node);
    for (xmlNode *t = fpt_xml_child(node, "table"); t != NULL; t = fpt_xml_next(t, "table")) {
        read_table(r, t, m);
    }
}

static void read_pools(fpt_xml_reader *r, const xmlNode *node, fpt_model *m)
{
    size_t n = fpt_xml_count(node, "pool");
    if (n == 0) {
        return;
    }
    m->pools = calloc(n, sizeof *m->pools);
    if (m->pools == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *p = fpt_xml_child(node, "pool"); p != NULL; p = fpt_xml_next(p, "pool")) {
        fpt_pool *pool = &m->pools[m->n_pools++];
        pool->line = fpt_xml_line(p);
        pool->id = fpt_xml_attr(r, p, "id");
        pool->name =
            fpt_xml_has(p, "name") ? fpt_xml_attr(r, p, "name") : fpt_xml_strdup(r, pool->id);
        pool->description = fpt_xml_text(r, p);
        pool->default_limited = fpt_xml_attr_double(r, p, "supply-wte", &pool->default_supply_wte);
        bool priced = fpt_xml_attr_double(r, p, "premium-gbp", &pool->default_premium_gbp);
        pool->has_default = pool->default_limited || priced;
    }
}

static void read_staff(fpt_xml_reader *r, const xmlNode *node, fpt_function *fn)
{
    fn->staff_line = fpt_xml_line(node);
    fpt_xml_attr_double(r, node, "per-100k", &fn->staff_per_100k);
    fpt_xml_attr_double(r, node, "salary-gbp", &fn->salary_gbp);
    fn->staff_basis =
        fpt_xml_has(node, "basis") ? fpt_xml_attr(r, node, "basis") : fpt_xml_strdup(r, "");
}

static void read_rating(fpt_xml_reader *r, const xmlNode *node, fpt_function *fn)
{
    long line = fpt_xml_line(node);
    char *criterion = fpt_xml_attr(r, node, "criterion");
    int k = fpt_criterion_from_id(criterion);
    if (k < 0) {
        fpt_xml_finding(r, line,
                        "function '%s': rating for unknown criterion '%s' (expected "
                        "one of the eight criteria)",
                        fn->id, criterion ? criterion : "");
    } else if (fn->rating_present[k]) {
        fpt_xml_finding(r, line,
                        "function '%s': a second rating for '%s' (expected exactly "
                        "one per criterion; the first is at line %ld)",
                        fn->id, criterion, fn->rating_line[k]);
    } else {
        fn->rating_present[k] = true;
        fn->rating_line[k] = line;
        fpt_xml_attr_int(r, node, "value", &fn->rating[k]);
        fn->rationale[k] = fpt_xml_text(r, node);
    }
    free(criterion);
}

static void read_draws(fpt_xml_reader *r, const xmlNode *node, fpt_function *fn)
{
    size_t n = fpt_xml_count(node, "draws");
    if (n == 0) {
        return;
    }
    fn->draws = calloc(n, sizeof *fn->draws);
    if (fn->draws == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "draws"); c != NULL; c = fpt_xml_next(c, "draws")) {
        fpt_draw *draw = &fn->draws[fn->n_draws++];
        draw->line = fpt_xml_line(c);
        draw->pool_id = fpt_xml_attr(r, c, "pool");
        fpt_xml_attr_double(r, c, "share", &draw->share);
    }
}

static void read_override(fpt_xml_reader *r, const xmlNode *node, fpt_function *fn)
{
    long line = fpt_xml_line(node);
    char *parameter = fpt_xml_attr(r, node, "parameter");
    int k = fpt_criterion_from_parameter(parameter);
    if (k < 0) {
        fpt_xml_finding(r, line,
                        "function '%s': override of unknown parameter '%s' (expected "
                        "a parameter of docs/formats.md)",
                        fn->id, parameter ? parameter : "");
    } else if (fn->override[k].present) {
        fpt_xml_finding(r, line,
                        "function '%s': a second override of '%s' (expected at most "
                        "one per parameter; the first is at line %ld)",
                        fn->id, parameter, fn->override[k].line);
    } else {
        fpt_override *o = &fn->override[k];
        o->present = true;
        o->line = line;
        fpt_xml_attr_double(r, node, "value", &o->value);
        o->source = fpt_xml_attr(r, node, "source");
    }
    free(parameter);
}

static void read_function(fpt_xml_reader *r, const xmlNode *node, fpt_function *fn)
{
    fn->line = fpt_xml_line(node);
    fn->id = fpt_xml_attr(r, node, "id");
    fn->name = fpt_xml_attr(r, node, "name");
    fn->category = fpt_xml_attr(r, node, "category");
    fn->description = text_or_empty(r, fpt_xml_child(node, "description"));
    read_staff(r, fpt_xml_child(node, "staff"), fn);
    for (xmlNode *c = fpt_xml_child(node, "rating"); c != NULL; c = fpt_xml_next(c, "rating")) {
        read_rating(r, c, fn);
    }
    read_draws(r, node, fn);
    for (xmlNode *c = fpt_xml_child(node, "override"); c != NULL; c = fpt_xml_next(c, "override")) {
        read_override(r, c, fn);
    }
}

static void read_functions(fpt_xml_reader *r, const xmlNode *node, fpt_model *m)
{
    size_t n = fpt_xml_count(node, "function");
    if (n == 0) {
        return;
    }
    m->functions = calloc(n, sizeof *m->functions);
    if (m->functions == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "function"); c != NULL; c = fpt_xml_next(c, "function")) {
        read_function(r, c, &m->functions[m->n_functions++]);
    }
}

static void read_links(fpt_xml_reader *r, const xmlNode *node, fpt_model *m)
{
    size_t n = fpt_xml_count(node, "link");
    if (n == 0) {
        return;
    }
    m->links = calloc(n, sizeof *m->links);
    if (m->links == NULL) {
        r->status = FPT_ENOMEM;
        return;
    }
    for (xmlNode *c = fpt_xml_child(node, "link"); c != NULL; c = fpt_xml_next(c, "link")) {
        fpt_link *link = &m->links[m->n_links++];
        link->line = fpt_xml_line(c);
        link->from_id = fpt_xml_attr(r, c, "from");
        link->to_id = fpt_xml_attr(r, c, "to");
        fpt_xml_attr_int(r, c, "strength", &link->strength);
        link->rationale = fpt_xml_text(r, c);
    }
}

/* Returns FPT_OK, FPT_EINVALID (findings made here) or FPT_ENOMEM. */
static fpt_status read_model(fpt_xml_reader *r, const xmlNode *root, fpt_model *m)
{
    m->line = fpt_xml_line(root);
    m->id = fpt_xml_attr(r, root, "id");
    m->title = fpt_xml_text(r, fpt_xml_child(root, "title"));
    m->description = text_or_empty(r, fpt_xml_child(root, "description"));
    read_calibration(r, fpt_xml_child(root, "calibration"), m);
    read_pools(r, fpt_xml_child(root, "skill-pools"), m);
    read_functions(r, fpt_xml_child(root, "functions"), m);
    read_links(r, fpt_xml_child(root, "links"), m);
    return r->status;
}

/* Parse, check the root and the schema; the document is the caller's on success. */
static fpt_status parse_model(const fpt_xml_source *src, xmlDoc **doc, char *hash, fpt_diags *d)
{
    const char *path = src->name;
    FPT_TRY(fpt_xml_parse_source(src, doc, hash, d));
    FPT_TRY(fpt_xml_check_root(path, *doc, "model", d));
    return fpt_xml_validate(path, *doc, fpt_model_xsd, fpt_model_xsd_len, "model.xsd", d);
}

static fpt_status load(const fpt_xml_source *src, fpt_model **out, fpt_diags *diags, fpt_error *err)
{
    const char *path = src->name;
    *out = NULL;
    fpt_diags local = {0};
    fpt_diags *d = diags != NULL ? diags : &local;
    size_t first = d->n;
    xmlDoc *doc = NULL;
    fpt_model *m = NULL;
    char hash[17] = "";
    fpt_status st;
    FPT_TRY_GOTO(st, parse_model(src, &doc, hash, d), out);
    FPT_TRY_GOTO(st, fpt_model_create(path, &m, NULL), out);
    memcpy(m->fnv1a64, hash, sizeof hash);
    fpt_xml_reader r = {.file = path, .diags = d};
    st = read_model(&r, xmlDocGetRootElement(doc), m);
    if (st != FPT_ENOMEM) {
        /* Validate even after read findings, so that every problem is reported at once. */
        fpt_status vst = fpt_model_validate(m, d);
        st = st == FPT_OK || vst == FPT_ENOMEM ? vst : st;
    }
out:
    xmlFreeDoc(doc);
    if (st != FPT_OK) {
        fpt_xml_fail(st, d, first, path, err);
        fpt_model_free(m);
        m = NULL;
    }
    fpt_diags_clear(&local);
    *out = m;
    return st;
}

fpt_status fpt_model_load(const char *path, fpt_model **out, fpt_diags *diags, fpt_error *err)
{
    return load(&(fpt_xml_source){.name = path}, out, diags, err);
}

fpt_status fpt_model_load_text(const char *name, const char *text, size_t len, fpt_model **out,
                               fpt_diags *diags, fpt_error *err)
{
    return load(&(fpt_xml_source){.name = name, .text = text, .len = len}, out, diags, err);
}
