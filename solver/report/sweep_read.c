/* SPDX-License-Identifier: MIT */
/*
 * Reads a shard's sweep.json back into results (report/sweep_read.h); a CSV directory holds
 * it too, since its CSV files round their numbers for reading. Its provenance must be exactly
 * the one this build would write for the same model, scenario and options; each scenario is
 * then checked against the sweep: index in range and not seen, sample as the scenario file
 * defines it, known statuses, functions and levels, and an infeasible scenario's clashes
 * (known pools and functions). Every number is read as strictly as any input and against the
 * floor footprint writes; duplicate keys are refused.
 */
#include "report/sweep_read.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/text.h"
#include "footprint/variant.h"
#include "report/sweep_journal.h"

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

/* The lower end of a field's values: none read back is below what footprint writes there. */
typedef enum floor_kind { ANY, AT_LEAST_ZERO, ABOVE_ZERO } floor_kind;

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

/* A clash's number in JSON: a number, or null as the writer puts one that is not finite. */
static bool clash_json_number(json_t *v, double *out)
{
    *out = json_is_null(v) ? INFINITY : json_number_value(v);
    return json_is_null(v) || json_is_number(v);
}

/* ---- JSON ---------------------------------------------------------------------------------- */

/* A number of a JSON object, present and within its floor. */
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
    const char *status = json_string_value(json_object_get(s, "status"));
    if (status == NULL || !result_from_name(status, res)) {
        return bad(r, "an unknown status");
    }
    if (res->status == FPT_OK || !json_is_null(json_object_get(s, "population"))) {
        FPT_TRY(json_number(r, s, "population", ABOVE_ZERO, &res->population));
    } /* a scenario that could not be built or solved may have none (written as null) */
    const char *message = json_string_value(json_object_get(s, "message"));
    snprintf(res->message, sizeof res->message, "%s", message != NULL ? message : "");
    res->done = true;
    r->run->n_done++;
    if (fpt_sweep_result_is_infeasible(res)) {
        FPT_TRY(fill_clashes_json(r, res, json_object_get(s, "clashes")));
    }
    return fpt_sweep_result_has_plan(res) ? fill_plan_json(r, res, s) : FPT_OK;
}

/* One document of len bytes: sweep.json whole, or one line of the journal (r->line its
 * line number, for messages). */
static fpt_status read_json(reader *r, const char *text, size_t len)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        r->line = r->line > 0 ? r->line : jerr.line;
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

fpt_status fpt_sweep_read_dir(const char *dir, const fpt_sweep_report_input *in, fpt_sweep_run *run,
                              fpt_error *err)
{
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    if (path == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory merging");
    }
    snprintf(path, n, "%s/sweep.json", dir);
    char *text = NULL;
    fpt_status st = read_file(path, &text, err);
    reader r = {.path = path, .line = 0, .in = in, .run = run, .err = err};
    if (st == FPT_OK) {
        st = read_json(&r, text, strlen(text));
    }
    free(text);
    free(path);
    return st;
}

/* The journal's lines, each a document of its own; what follows the last newline is a line a
 * killed run was writing, and is not read. */
static fpt_status read_journal(reader *r, const char *text)
{
    fpt_status st = FPT_OK;
    const char *line = text, *end;
    for (r->line = 1; st == FPT_OK && (end = strchr(line, '\n')) != NULL; r->line++) {
        st = read_json(r, line, (size_t)(end - line));
        line = end + 1;
    }
    return st;
}

fpt_status fpt_sweep_read_resume(const char *dir, const fpt_sweep_report_input *in,
                                 fpt_sweep_run *run, fpt_error *err)
{
    size_t n = strlen(dir) + sizeof FPT_SWEEP_JOURNAL_NAME + 2;
    char *path = malloc(n);
    if (path == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory resuming");
    }
    snprintf(path, n, "%s/%s", dir, FPT_SWEEP_JOURNAL_NAME);
    struct stat st_journal;
    bool journal = lstat(path, &st_journal) == 0;
    fpt_status st = FPT_OK;
    if (journal) {
        char *text = NULL;
        st = read_file(path, &text, err);
        reader r = {.path = path, .line = 0, .in = in, .run = run, .err = err};
        if (st == FPT_OK) {
            st = read_journal(&r, text);
        }
        free(text);
    } else {
        snprintf(path, n, "%s/sweep.json", dir);
        if (access(path, F_OK) == 0 || errno != ENOENT) {
            st = fpt_sweep_read_dir(dir, in, run, err);
        }
    }
    free(path);
    return st;
}
