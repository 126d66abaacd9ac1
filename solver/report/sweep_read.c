/* SPDX-License-Identifier: MIT */
/*
 * Reads a shard's sweep output back into results (report/sweep_read.h). A CSV output must
 * begin with exactly the provenance lines and header this build would write for the same
 * model, scenario and options; each row is then split into fields (RFC 4180 quoting) and
 * checked against the sweep: index in range and not seen, sample and axis values as the
 * scenario file defines them, known statuses, functions and levels, and an infeasible
 * scenario's clashes (known pools and functions, numbers that read exactly). JSON is checked
 * the same.
 */
#include "report/sweep_read.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "footprint/variant.h"

enum { MAX_FIELDS_EXTRA = 16 };

typedef struct reader {
    const char *path;
    long line;
    const fpt_sweep_report_input *in;
    fpt_sweep_run *run;
    fpt_error *err;
} reader;

static fpt_status bad(reader *r, const char *what)
{
    return fpt_error_set(r->err, FPT_EINVALID, r->path, r->line,
                         "%s (expected the output of "
                         "'footprint sweep' for this model and scenario)",
                         what);
}

static fpt_status read_file(const char *path, char **text, fpt_error *err)
{
    const char *not_regular = NULL;
    FILE *f = fpt_file_open_regular(path, &not_regular);
    if (not_regular != NULL) {
        return fpt_file_refuse(path, not_regular, err);
    }
    if (f == NULL) {
        return fpt_error_set(err, FPT_EIO, path, 0, "cannot read '%s': %s", path, strerror(errno));
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    char chunk[65536];
    size_t n;
    while (mem != NULL && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        fwrite(chunk, 1, n, mem);
    }
    bool failed = ferror(f) != 0 || mem == NULL;
    fclose(f);
    if (mem != NULL && fclose(mem) != 0) {
        failed = true;
    }
    if (failed) {
        free(buf);
        return fpt_error_set(err, FPT_EIO, path, 0, "cannot read '%s'", path);
    }
    *text = buf;
    return FPT_OK;
}

static bool result_from_name(const char *name, fpt_sweep_result *res)
{
    if (strcmp(name, "error") == 0) {
        res->status = FPT_EINVALID;
        return true;
    }
    for (int i = FPT_RESULT_OPTIMAL; i <= FPT_RESULT_GAP; i++) {
        if (strcmp(name, fpt_result_name((fpt_result)i)) == 0) {
            res->result = (fpt_result)i;
            return true;
        }
    }
    return false;
}

static bool parse_double(const char *text, double *out)
{
    char *end = NULL;
    if (text[0] == '\0') {
        *out = 0;
        return true;
    }
    *out = strtod(text, &end);
    return *end == '\0';
}

/* The index of a scenario, checked against the sweep. */
static fpt_status check_index(reader *r, double index, double sample, fpt_sweep_result **out)
{
    fpt_sweep_run *run = r->run;
    if (!(index >= 0 && index < (double)run->n_scenarios && index == floor(index))) {
        return bad(r, "a scenario index outside this sweep");
    }
    size_t i = (size_t)index;
    if (run->results[i].done) {
        return bad(r, "a scenario that another shard already holds");
    }
    if (sample != (double)fpt_variant_sample(r->in->scenario, i)) {
        return bad(r, "a sample number that does not match the scenario index");
    }
    *out = &run->results[i];
    return FPT_OK;
}

static fpt_status set_level(reader *r, fpt_sweep_result *res, size_t f, const char *id)
{
    long l = fpt_scenario_find_level(r->in->scenario, id);
    if (l < 0) {
        return bad(r, "an unknown level");
    }
    res->level[f] = (size_t)l;
    return FPT_OK;
}

/* A clash named "budget", "pool:ID" or "locks:FUNCTION" (the model's ids). */
static bool clash_from_name(const fpt_model *m, const char *name, fpt_clash *c)
{
    *c = (fpt_clash){.kind = FPT_CLASH_BUDGET};
    if (strcmp(name, "budget") == 0) {
        return true;
    }
    for (size_t r = 0; strncmp(name, "pool:", 5) == 0 && r < m->n_pools; r++) {
        if (strcmp(name + 5, m->pools[r].id) == 0) {
            *c = (fpt_clash){.kind = FPT_CLASH_POOL, .index = r};
            return true;
        }
    }
    for (size_t f = 0; strncmp(name, "locks:", 6) == 0 && f < m->n_functions; f++) {
        if (strcmp(name + 6, m->functions[f].id) == 0) {
            *c = (fpt_clash){.kind = FPT_CLASH_LOCKS, .index = f};
            return true;
        }
    }
    return false;
}

/* One clash of the CSV's exact column: "NAME NEEDED/AVAILABLE/LEAST", or "locks:F" alone. */
static bool parse_clash(const fpt_model *m, char *item, fpt_clash *c)
{
    char *numbers = strchr(item, ' ');
    if (numbers != NULL) {
        *numbers++ = '\0';
    }
    if (!clash_from_name(m, item, c) || (numbers == NULL) != (c->kind == FPT_CLASH_LOCKS)) {
        return false;
    }
    if (numbers == NULL) {
        return true;
    }
    char *end = NULL;
    c->needed = strtod(numbers, &end);
    bool ok = *end == '/';
    c->available = ok ? strtod(end + 1, &end) : 0;
    ok = ok && *end == '/';
    c->needed_alone = ok ? strtod(end + 1, &end) : 0;
    return ok && *end == '\0';
}

/* An infeasible scenario's clashes from the CSV's exact column (the only one read back: the
 * reason and the explanation are made from it). */
static fpt_status fill_clashes_csv(reader *r, fpt_sweep_result *res, char *text)
{
    size_t cap = r->in->model->n_functions + r->in->model->n_pools + 1, n = 0;
    fpt_clash *c = calloc(cap, sizeof *c);
    if (c == NULL) {
        return fpt_error_set(r->err, FPT_ENOMEM, NULL, 0, "out of memory merging");
    }
    bool ok = true;
    for (char *save = NULL, *item = strtok_r(text, ";", &save); ok && item != NULL;
         item = strtok_r(NULL, ";", &save)) {
        ok = n < cap && parse_clash(r->in->model, item, &c[n++]);
    }
    fpt_status st =
        !ok ? bad(r, "a clash that does not read as one") : fpt_sweep_result_set_clashes(res, c, n);
    free(c);
    return st == FPT_ENOMEM ? fpt_error_set(r->err, st, NULL, 0, "out of memory merging") : st;
}

/* ---- CSV ----------------------------------------------------------------------------------- */

/* Split one CSV line in place into fields; returns the count, or -1 on bad quoting. */
static long split_csv(char *line, char **fields, long max)
{
    long n = 0;
    char *p = line;
    for (;;) {
        if (n == max) {
            return -1;
        }
        char *w = p;
        fields[n++] = w;
        if (*p == '"') {
            for (p++;; p++) {
                if (*p == '\0') {
                    return -1;
                }
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p++;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p;
                }
            }
        } else {
            while (*p != ',' && *p != '\0') {
                *w++ = *p++;
            }
        }
        char next = *p;
        *w = '\0';
        if (next == '\0') {
            return n;
        }
        if (next != ',') {
            return -1;
        }
        p++;
    }
}

static fpt_status fill_plan_csv(reader *r, fpt_sweep_result *res, char **field)
{
    size_t nf = r->run->n_functions;
    bool ok = parse_double(field[0], &res->objective) && parse_double(field[1], &res->gap) &&
              parse_double(field[3], &res->cost_gbp) && parse_double(field[5], &res->setup_gbp);
    res->tied = strcmp(field[2], "yes") == 0;
    for (size_t f = 0; ok && f < nf; f++) {
        FPT_TRY(set_level(r, res, f, field[6 + f]));
        ok = parse_double(field[6 + nf + f], &res->function_cost_gbp[f]);
    }
    return ok ? FPT_OK : bad(r, "a number that does not read as one");
}

static fpt_status fill_row_csv(reader *r, char **field, long n_fields)
{
    size_t na = r->run->n_axes, nf = r->run->n_functions;
    if ((size_t)n_fields != 2 + na + FPT_N_CRITERIA + 3 + 6 + 2 * nf + 3) {
        return bad(r, "a row with the wrong number of fields");
    }
    double index = 0, sample = 0;
    fpt_sweep_result *res = NULL;
    if (!parse_double(field[0], &index) || !parse_double(field[1], &sample)) {
        return bad(r, "a scenario index that is not a number");
    }
    FPT_TRY(check_index(r, index, sample, &res));
    char **w = field + 2 + na;
    bool ok = true;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        ok &= parse_double(w[k], &res->weight[k]);
    }
    ok &= parse_double(w[FPT_N_CRITERIA], &res->population);
    if (!ok || !result_from_name(w[FPT_N_CRITERIA + 1], res)) {
        return bad(r, "an unknown status or a weight that is not a number");
    }
    res->done = true;
    r->run->n_done++;
    snprintf(res->message, sizeof res->message, "%s", w[FPT_N_CRITERIA + 2]);
    char *clashes = w[FPT_N_CRITERIA + 3 + 6 + 2 * nf + 2];
    if (fpt_sweep_result_is_infeasible(res) != (clashes[0] != '\0')) {
        return bad(r, "an infeasible scenario without its clashes, or clashes with a plan");
    }
    if (clashes[0] != '\0') {
        FPT_TRY(fill_clashes_csv(r, res, clashes));
    }
    return fpt_sweep_result_has_plan(res) ? fill_plan_csv(r, res, w + FPT_N_CRITERIA + 3) : FPT_OK;
}

/* The text this build writes before the first row: provenance and header. */
static fpt_status expected_prefix(const fpt_sweep_report_input *in, char **text, fpt_error *err)
{
    fpt_sweep_run *empty = NULL;
    if (fpt_sweep_run_create(in->run->n_scenarios, in->run->n_functions, in->run->n_axes, &empty) !=
        FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory merging");
    }
    fpt_sweep_report_input blank = *in;
    blank.run = empty;
    size_t len = 0;
    fpt_status st = fpt_sweep_render_scenarios_csv(&blank, text, &len, err);
    fpt_sweep_run_free(empty);
    return st;
}

static fpt_status read_rows_csv(reader *r, char *rows)
{
    size_t max = 2 + r->run->n_axes + FPT_N_CRITERIA + 9 + 2 * r->run->n_functions + 3;
    char **field = calloc(max + MAX_FIELDS_EXTRA, sizeof *field);
    if (field == NULL) {
        return fpt_error_set(r->err, FPT_ENOMEM, NULL, 0, "out of memory merging");
    }
    fpt_status st = FPT_OK;
    for (char *line = rows; st == FPT_OK && line != NULL && *line != '\0'; r->line++) {
        char *end = strchr(line, '\n');
        if (end != NULL) {
            *end = '\0';
        }
        long n = split_csv(line, field, (long)(max + MAX_FIELDS_EXTRA));
        st = n < 0 ? bad(r, "a row with broken quoting") : fill_row_csv(r, field, n);
        line = end != NULL ? end + 1 : NULL;
    }
    free(field);
    return st;
}

static long count_lines(const char *text)
{
    long n = 0;
    for (const char *p = text; *p; p++) {
        n += *p == '\n';
    }
    return n;
}

static fpt_status read_csv(reader *r, char *text)
{
    char *prefix = NULL;
    FPT_TRY(expected_prefix(r->in, &prefix, r->err));
    size_t n = strlen(prefix);
    bool same = strncmp(text, prefix, n) == 0;
    r->line = count_lines(prefix) + 1;
    free(prefix);
    if (!same) {
        r->line = 1;
        return bad(r, "another sweep: its provenance or columns differ from this one's");
    }
    return read_rows_csv(r, text + n);
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static double num(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : 0;
}

static fpt_status fill_plan_json(reader *r, fpt_sweep_result *res, json_t *s)
{
    res->objective = num(s, "objective");
    res->gap = num(s, "gap");
    res->tied = json_is_true(json_object_get(s, "tie_broken"));
    res->cost_gbp = num(s, "cost_gbp");
    res->setup_gbp = num(s, "setup_gbp");
    json_t *levels = json_object_get(s, "levels"), *costs = json_object_get(s, "costs_gbp");
    for (size_t f = 0; f < r->run->n_functions; f++) {
        const char *id = r->in->model->functions[f].id;
        const char *level = json_string_value(json_object_get(levels, id));
        FPT_TRY(set_level(r, res, f, level != NULL ? level : ""));
        res->function_cost_gbp[f] = num(costs, id);
    }
    return FPT_OK;
}

static bool clash_from_json(const fpt_model *m, json_t *o, fpt_clash *c)
{
    const char *kind = json_string_value(json_object_get(o, "kind"));
    char name[512];
    if (kind == NULL) {
        return false;
    }
    if (strcmp(kind, "budget") == 0) {
        snprintf(name, sizeof name, "budget");
    } else {
        const char *id =
            json_string_value(json_object_get(o, strcmp(kind, "pool") == 0 ? "pool" : "function"));
        snprintf(name, sizeof name, "%s:%s", kind, id != NULL ? id : "");
    }
    if (!clash_from_name(m, name, c)) {
        return false;
    }
    c->needed = num(o, "needed");
    c->available = num(o, "available");
    c->needed_alone = num(o, "least");
    return true;
}

static fpt_status fill_clashes_json(reader *r, fpt_sweep_result *res, json_t *list)
{
    size_t n = json_array_size(list);
    fpt_clash *c = calloc(n + 1, sizeof *c);
    if (c == NULL) {
        return fpt_error_set(r->err, FPT_ENOMEM, NULL, 0, "out of memory merging");
    }
    bool ok = n > 0;
    for (size_t i = 0; ok && i < n; i++) {
        ok = clash_from_json(r->in->model, json_array_get(list, i), &c[i]);
    }
    fpt_status st = !ok ? bad(r, "an infeasible scenario without clashes that read as such")
                        : fpt_sweep_result_set_clashes(res, c, n);
    free(c);
    return st == FPT_ENOMEM ? fpt_error_set(r->err, st, NULL, 0, "out of memory merging") : st;
}

static fpt_status fill_scenario_json(reader *r, json_t *s)
{
    fpt_sweep_result *res = NULL;
    FPT_TRY(check_index(r, num(s, "index"), num(s, "sample"), &res));
    json_t *weights = json_object_get(s, "weights");
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        res->weight[k] = num(weights, fpt_criterion_id(k));
    }
    res->population = num(s, "population");
    const char *status = json_string_value(json_object_get(s, "status"));
    if (status == NULL || !result_from_name(status, res)) {
        return bad(r, "an unknown status");
    }
    const char *message = json_string_value(json_object_get(s, "message"));
    snprintf(res->message, sizeof res->message, "%s", message != NULL ? message : "");
    res->done = true;
    r->run->n_done++;
    if (fpt_sweep_result_is_infeasible(res)) {
        FPT_TRY(fill_clashes_json(r, res, json_object_get(s, "clashes")));
    }
    return fpt_sweep_result_has_plan(res) ? fill_plan_json(r, res, s) : FPT_OK;
}

static fpt_status read_json(reader *r, const char *text)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (root == NULL) {
        r->line = jerr.line;
        return bad(r, "JSON that does not parse");
    }
    json_t *expected = fpt_sweep_provenance_json(r->in);
    fpt_status st = json_equal(expected, json_object_get(root, "provenance"))
                        ? FPT_OK
                        : bad(r, "another sweep: its provenance differs from this one's");
    json_decref(expected);
    json_t *scenarios = json_object_get(root, "scenarios");
    for (size_t i = 0; st == FPT_OK && i < json_array_size(scenarios); i++) {
        st = fill_scenario_json(r, json_array_get(scenarios, i));
    }
    json_decref(root);
    return st;
}

fpt_status fpt_sweep_read_dir(const char *dir, bool json, const fpt_sweep_report_input *in,
                              fpt_sweep_run *run, fpt_error *err)
{
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    if (path == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory merging");
    }
    snprintf(path, n, "%s/%s", dir, json ? "sweep.json" : "scenarios.csv");
    char *text = NULL;
    fpt_status st = read_file(path, &text, err);
    reader r = {.path = path, .line = 0, .in = in, .run = run, .err = err};
    if (st == FPT_OK) {
        st = json ? read_json(&r, text) : read_csv(&r, text);
    }
    free(text);
    free(path);
    return st;
}
