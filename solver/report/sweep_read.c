/* SPDX-License-Identifier: MIT */
/*
 * Reads a shard's sweep output back into results (report/sweep_read.h). A CSV output must
 * begin with exactly the provenance lines and header this build would write for the same
 * model, scenario and options; each row is then split into fields (RFC 4180 quoting) and
 * checked against the sweep: index in range and not seen, sample and axis values as the
 * scenario file defines them, known statuses, functions and levels, and an infeasible
 * scenario's clashes (known pools and functions, numbers that read exactly). Every number is
 * read as strictly as any input (base/text.h: no empty field, nan, 1e999 or hex) and against
 * the floor footprint writes. JSON is checked the same.
 */
#include "report/sweep_read.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/text.h"
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

/* The lower end of a column's values: every number read back is finite and decimal, and
 * none is below what footprint writes there. */
typedef enum floor_kind { ANY, AT_LEAST_ZERO, ABOVE_ZERO } floor_kind;

/*
 * Read one number of a row as strictly as any input (fpt_text_to_double: no empty field, no
 * nan, 1e999 or hex); column names it in the message.
 */
static fpt_status read_number(reader *r, const char *column, const char *text, floor_kind lo,
                              double *out)
{
    const char *problem = fpt_text_to_double(text, out);
    char what[160];
    if (problem == NULL && ((lo == AT_LEAST_ZERO && *out < 0) || (lo == ABOVE_ZERO && *out <= 0))) {
        problem = lo == AT_LEAST_ZERO ? "is below 0" : "is not above 0";
    }
    if (problem == NULL) {
        return FPT_OK;
    }
    snprintf(what, sizeof what, "%s '%.40s' %s", column, text, problem);
    return bad(r, what);
}

/* A whole number >= 0 of a row (index, sample). */
static fpt_status read_count(reader *r, const char *column, const char *text, double *out)
{
    FPT_TRY(read_number(r, column, text, AT_LEAST_ZERO, out));
    return *out == floor(*out) ? FPT_OK : bad(r, "an index or sample that is not a whole number");
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

/* A clash's number: decimal, or "inf" as the writer puts a group no level can serve. */
static bool clash_number(const char *text, double *out)
{
    if (strcmp(text, "inf") == 0) {
        *out = INFINITY;
        return true;
    }
    return fpt_text_to_double(text, out) == NULL;
}

/* A clash's number in JSON: a number, or null as the writer puts one that is not finite. */
static bool clash_json_number(json_t *v, double *out)
{
    *out = json_is_null(v) ? INFINITY : json_number_value(v);
    return json_is_null(v) || json_is_number(v);
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
    char *available = strchr(numbers, '/');
    char *least = available != NULL ? strchr(available + 1, '/') : NULL;
    if (least == NULL) {
        return false;
    }
    *available++ = '\0';
    *least++ = '\0';
    return clash_number(numbers, &c->needed) && clash_number(available, &c->available) &&
           clash_number(least, &c->needed_alone);
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
    double per_head = 0;
    FPT_TRY(read_number(r, "objective", field[0], AT_LEAST_ZERO, &res->objective));
    FPT_TRY(read_number(r, "gap", field[1], AT_LEAST_ZERO, &res->gap));
    FPT_TRY(read_number(r, "cost_gbp", field[3], ABOVE_ZERO, &res->cost_gbp));
    FPT_TRY(read_number(r, "cost_per_head_gbp", field[4], ABOVE_ZERO, &per_head));
    FPT_TRY(read_number(r, "setup_gbp", field[5], AT_LEAST_ZERO, &res->setup_gbp));
    if (strcmp(field[2], "yes") != 0 && strcmp(field[2], "no") != 0) {
        return bad(r, "a tie_broken that is neither yes nor no");
    }
    res->tied = strcmp(field[2], "yes") == 0;
    for (size_t f = 0; f < nf; f++) {
        FPT_TRY(set_level(r, res, f, field[6 + f]));
        FPT_TRY(read_number(r, "a function's cost_gbp", field[6 + nf + f], AT_LEAST_ZERO,
                            &res->function_cost_gbp[f]));
    }
    return FPT_OK;
}

/* The axis values of scenario i as the scenario file defines them, to the last bit. */
static fpt_status check_axes_csv(reader *r, size_t i, char **field)
{
    size_t na = r->run->n_axes;
    double want[64];
    if (na > 64) {
        return FPT_OK; /* a sweep of more axes than any file has: the index decides them */
    }
    fpt_variant_axis_values(r->in->scenario, i, want);
    for (size_t a = 0; a < na; a++) {
        double v = 0;
        FPT_TRY(read_number(r, "an axis value", field[a], ANY, &v));
        if (v != want[a]) {
            return bad(r, "an axis value that is not the scenario's for its index");
        }
    }
    return FPT_OK;
}

static fpt_status fill_row_csv(reader *r, char **field, long n_fields)
{
    size_t na = r->run->n_axes, nf = r->run->n_functions;
    if ((size_t)n_fields != 2 + na + FPT_N_CRITERIA + 3 + 6 + 2 * nf + 3) {
        return bad(r, "a row with the wrong number of fields");
    }
    double index = 0, sample = 0;
    fpt_sweep_result *res = NULL;
    FPT_TRY(read_count(r, "index", field[0], &index));
    FPT_TRY(read_count(r, "sample", field[1], &sample));
    FPT_TRY(check_index(r, index, sample, &res));
    FPT_TRY(check_axes_csv(r, (size_t)index, field + 2));
    char **w = field + 2 + na;
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        FPT_TRY(read_number(r, "a weight", w[k], AT_LEAST_ZERO, &res->weight[k]));
    }
    FPT_TRY(read_number(r, "population", w[FPT_N_CRITERIA], ABOVE_ZERO, &res->population));
    if (!result_from_name(w[FPT_N_CRITERIA + 1], res)) {
        return bad(r, "an unknown status");
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

/* A number of a JSON object, present and within its floor, as read_number for CSV. */
static fpt_status json_number(reader *r, json_t *o, const char *key, floor_kind lo, double *out)
{
    json_t *v = json_object_get(o, key);
    char what[160];
    if (!json_is_number(v)) {
        snprintf(what, sizeof what, "a scenario whose \"%.40s\" is missing or not a number", key);
        return bad(r, what);
    }
    *out = json_number_value(v);
    if ((lo == AT_LEAST_ZERO && *out < 0) || (lo == ABOVE_ZERO && *out <= 0)) {
        snprintf(what, sizeof what, "a scenario whose \"%.40s\" %s", key,
                 lo == AT_LEAST_ZERO ? "is below 0" : "is not above 0");
        return bad(r, what);
    }
    return FPT_OK;
}

static fpt_status fill_plan_json(reader *r, fpt_sweep_result *res, json_t *s)
{
    double per_head = 0;
    FPT_TRY(json_number(r, s, "objective", AT_LEAST_ZERO, &res->objective));
    FPT_TRY(json_number(r, s, "gap", AT_LEAST_ZERO, &res->gap));
    FPT_TRY(json_number(r, s, "cost_gbp", ABOVE_ZERO, &res->cost_gbp));
    FPT_TRY(json_number(r, s, "cost_per_head_gbp", ABOVE_ZERO, &per_head));
    FPT_TRY(json_number(r, s, "setup_gbp", AT_LEAST_ZERO, &res->setup_gbp));
    if (!json_is_boolean(json_object_get(s, "tie_broken"))) {
        return bad(r, "a scenario whose \"tie_broken\" is not true or false");
    }
    res->tied = json_is_true(json_object_get(s, "tie_broken"));
    json_t *levels = json_object_get(s, "levels"), *costs = json_object_get(s, "costs_gbp");
    for (size_t f = 0; f < r->run->n_functions; f++) {
        const char *id = r->in->model->functions[f].id;
        const char *level = json_string_value(json_object_get(levels, id));
        FPT_TRY(set_level(r, res, f, level != NULL ? level : ""));
        FPT_TRY(json_number(r, costs, id, AT_LEAST_ZERO, &res->function_cost_gbp[f]));
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
    if (c->kind == FPT_CLASH_LOCKS) {
        return true;
    }
    return clash_json_number(json_object_get(o, "needed"), &c->needed) &&
           clash_json_number(json_object_get(o, "available"), &c->available) &&
           clash_json_number(json_object_get(o, "least"), &c->needed_alone);
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
    json_t *index = json_object_get(s, "index"), *sample = json_object_get(s, "sample");
    if (!json_is_integer(index) || !json_is_integer(sample)) {
        return bad(r, "a scenario whose \"index\" or \"sample\" is not a whole number");
    }
    FPT_TRY(check_index(r, (double)json_integer_value(index), (double)json_integer_value(sample),
                        &res));
    json_t *weights = json_object_get(s, "weights");
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        FPT_TRY(json_number(r, weights, fpt_criterion_id(k), AT_LEAST_ZERO, &res->weight[k]));
    }
    FPT_TRY(json_number(r, s, "population", ABOVE_ZERO, &res->population));
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
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
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
