/* SPDX-License-Identifier: MIT */
/*
 * Compares two footprint JSON outputs (footprint/diff.h). A solve output is one plan; a sweep
 * output is a list of scenarios, matched by index. For each pair of plans: status, objective,
 * cost per head and the level of every function present in both. Any status change fails;
 * a level change fails when asked; a cost-per-head change fails past the limit. A document
 * that is not what footprint writes (no status, a plan without figures or levels, a zero
 * cost) is refused before anything is compared.
 */
#include "footprint/diff.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

void fpt_diff_options_init(fpt_diff_options *o)
{
    o->max_cost_change_pct = -1;
    o->fail_on_level_change = false;
}

void fpt_diff_report_clear(fpt_diff_report *r)
{
    free(r->text);
    memset(r, 0, sizeof *r);
}

static fpt_status load_json(const fpt_diff_input *in, json_t **out, fpt_error *err)
{
    const char *path = in->name;
    json_error_t jerr;
    if (in->text != NULL) {
        *out = json_loadb(in->text, in->len, JSON_REJECT_DUPLICATES, &jerr);
    } else {
        const char *not_regular = NULL;
        FILE *f = fpt_file_open_regular(path, &not_regular);
        if (not_regular != NULL) {
            return fpt_file_refuse(path, not_regular, err);
        }
        if (f == NULL) {
            return fpt_error_set(err, FPT_EIO, path, 0, "cannot read '%s': %s", path,
                                 strerror(errno));
        }
        *out = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
        fclose(f);
    }
    if (*out == NULL || !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return fpt_error_set(err, FPT_EINVALID, path, jerr.line > 0 ? jerr.line : 0,
                             "not a footprint JSON output: %s (expected the output of "
                             "'footprint solve --format json' or 'footprint sweep --format json')",
                             jerr.text[0] ? jerr.text : "the document is not an object");
    }
    return FPT_OK;
}

/* ---- what a footprint output is ------------------------------------------------------------ */

/* The statuses footprint writes: a solve's (fpt_result_name) and a sweep's "error". */
static const char *const STATUSES[] = {"optimal",    "time limit", "gap limit",
                                       "infeasible", "no plan",    "error"};

static bool has_plan_status(const char *status)
{
    return strcmp(status, "optimal") == 0 || strcmp(status, "time limit") == 0 ||
           strcmp(status, "gap limit") == 0;
}

static fpt_status not_output(const char *path, fpt_error *err, const char *where, const char *what)
{
    return fpt_error_set(err, FPT_EINVALID, path, 0,
                         "not a footprint JSON output: %s%s (expected the output of 'footprint "
                         "solve --format json' or 'footprint sweep --format json')",
                         where, what);
}

/* The status: one of STATUSES. */
static const char *check_status(json_t *o)
{
    json_t *v = json_object_get(o, "status");
    if (v == NULL) {
        return "has no \"status\"";
    }
    const char *status = json_string_value(v);
    for (size_t i = 0; status != NULL && i < sizeof STATUSES / sizeof STATUSES[0]; i++) {
        if (strcmp(status, STATUSES[i]) == 0) {
            return NULL;
        }
    }
    return "has a \"status\" footprint never writes (not optimal, time limit, gap limit, "
           "infeasible, no plan or error)";
}

/* A plan's figures: an objective >= 0 and a cost per head > 0, finite numbers (every plan
 * staffs something, so costs something; a zero would make every change infinite). */
static const char *check_figures(json_t *o)
{
    json_t *obj = json_object_get(o, "objective"), *cost = json_object_get(o, "cost_per_head_gbp");
    if (!json_is_number(obj) || !(json_number_value(obj) >= 0)) {
        return "has a plan without an \"objective\" that is a number >= 0";
    }
    if (!json_is_number(cost) || !(json_number_value(cost) > 0)) {
        return "has a plan without a \"cost_per_head_gbp\" that is a number > 0";
    }
    return NULL;
}

/* A solve's assignments: a non-empty array of {function, level} strings. */
static const char *check_assignments(json_t *root)
{
    json_t *arr = json_object_get(root, "assignments");
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        return "has a plan without \"assignments\" (a non-empty array)";
    }
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *a = json_array_get(arr, i);
        if (!json_is_string(json_object_get(a, "function")) ||
            !json_is_string(json_object_get(a, "level"))) {
            return "has an assignment without a \"function\" and a \"level\" (strings)";
        }
    }
    return NULL;
}

static const char *check_solve(json_t *root)
{
    const char *problem = check_status(root);
    if (problem == NULL && has_plan_status(json_string_value(json_object_get(root, "status")))) {
        problem = check_figures(root);
        problem = problem != NULL ? problem : check_assignments(root);
    }
    return problem;
}

/* One scenario of a sweep: a whole index above the one before, a status, and with a plan its
 * figures and its levels (an object of strings). */
static const char *check_scenario(json_t *sc, json_int_t *last)
{
    json_t *index = json_object_get(sc, "index");
    if (!json_is_integer(index) || json_integer_value(index) <= *last) {
        return "has no whole \"index\" above the one before";
    }
    *last = json_integer_value(index);
    const char *problem = check_status(sc);
    if (problem != NULL || !has_plan_status(json_string_value(json_object_get(sc, "status")))) {
        return problem;
    }
    problem = check_figures(sc);
    json_t *levels = json_object_get(sc, "levels");
    if (problem == NULL && (!json_is_object(levels) || json_object_size(levels) == 0)) {
        return "has a plan without \"levels\" (an object of function to level)";
    }
    const char *f;
    json_t *l;
    json_object_foreach(levels, f, l)
    {
        if (problem == NULL && !json_is_string(l)) {
            problem = "has a level that is not a string";
        }
    }
    return problem;
}

/* Check root is what footprint writes, so that a stranger's JSON is never compared. */
static fpt_status check_output(const char *path, json_t *root, fpt_error *err)
{
    json_t *scenarios = json_object_get(root, "scenarios");
    if (scenarios == NULL) {
        const char *problem = check_solve(root);
        return problem != NULL ? not_output(path, err, "the document ", problem) : FPT_OK;
    }
    if (!json_is_array(scenarios)) {
        return not_output(path, err, "the document ", "has \"scenarios\" that is not an array");
    }
    json_int_t last = -1;
    for (size_t i = 0; i < json_array_size(scenarios); i++) {
        const char *problem = check_scenario(json_array_get(scenarios, i), &last);
        if (problem != NULL) {
            char where[64];
            snprintf(where, sizeof where, "scenarios[%zu] ", i);
            return not_output(path, err, where, problem);
        }
    }
    return FPT_OK;
}

/* One plan as the two formats hold it. */
typedef struct plan_view {
    const char *status;
    double objective;
    double cost_per_head;
    json_t *levels; /* object function -> level id, or NULL */
} plan_view;

static double number_or_nan(json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* A solve output: "assignments" is an array of {function, level}; levels built into obj. */
static plan_view solve_view(json_t *root, json_t *levels)
{
    plan_view p = {.status = json_string_value(json_object_get(root, "status")),
                   .objective = number_or_nan(json_object_get(root, "objective")),
                   .cost_per_head = number_or_nan(json_object_get(root, "cost_per_head_gbp")),
                   .levels = levels};
    json_t *arr = json_object_get(root, "assignments");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *a = json_array_get(arr, i);
        const char *f = json_string_value(json_object_get(a, "function"));
        json_t *l = json_object_get(a, "level");
        if (f != NULL && json_is_string(l)) {
            json_object_set(levels, f, l);
        }
    }
    return p;
}

static plan_view sweep_view(json_t *scenario)
{
    return (plan_view){.status = json_string_value(json_object_get(scenario, "status")),
                       .objective = number_or_nan(json_object_get(scenario, "objective")),
                       .cost_per_head =
                           number_or_nan(json_object_get(scenario, "cost_per_head_gbp")),
                       .levels = json_object_get(scenario, "levels")};
}

static double pct_change(double a, double b)
{
    if (!isfinite(a) || !isfinite(b)) {
        return NAN;
    }
    return a != 0 ? 100.0 * (b - a) / fabs(a) : (b == 0 ? 0 : INFINITY);
}

static void compare_levels(FILE *out, const char *where, const plan_view *a, const plan_view *b,
                           fpt_diff_report *r)
{
    const char *f;
    json_t *la;
    json_object_foreach(a->levels, f, la)
    {
        json_t *lb = json_object_get(b->levels, f);
        const char *sa = json_string_value(la), *sb = json_string_value(lb);
        if (sa != NULL && sb != NULL && strcmp(sa, sb) != 0) {
            fprintf(out, "%slevel: %s moved from %s to %s\n", where, f, sa, sb);
            r->n_level_changes++;
        } else if (sb == NULL) {
            fprintf(out, "%sfunction %s is only in the first run\n", where, f);
        }
    }
}

static void compare_plans(FILE *out, const char *where, const plan_view *a, const plan_view *b,
                          fpt_diff_report *r)
{
    r->n_compared++;
    const char *sa = a->status ? a->status : "?", *sb = b->status ? b->status : "?";
    if (strcmp(sa, sb) != 0) {
        fprintf(out, "%sstatus: %s -> %s\n", where, sa, sb);
        r->n_status_changes++;
    }
    double d_obj = pct_change(a->objective, b->objective);
    double d_cost = pct_change(a->cost_per_head, b->cost_per_head);
    if (isfinite(d_obj) && a->objective != b->objective) {
        fprintf(out, "%sobjective: %.2f -> %.2f (%+.4f%%)\n", where, a->objective, b->objective,
                d_obj);
    } else if (isinf(d_obj)) { /* from an objective of 0 (every weight 0): no percentage */
        fprintf(out, "%sobjective: %.2f -> %.2f (from zero)\n", where, a->objective, b->objective);
    }
    if (isfinite(d_cost) && a->cost_per_head != b->cost_per_head) {
        fprintf(out, "%scost per head: £%.4f -> £%.4f (%+.4f%%)\n", where, a->cost_per_head,
                b->cost_per_head, d_cost);
    }
    if (isfinite(d_cost) && fabs(d_cost) > r->max_cost_change_pct) {
        r->max_cost_change_pct = fabs(d_cost);
    }
    if (a->levels != NULL && b->levels != NULL) {
        compare_levels(out, where, a, b, r);
    }
}

static bool is_sweep(json_t *root)
{
    return json_is_array(json_object_get(root, "scenarios"));
}

static void compare_sweeps(FILE *out, json_t *ra, json_t *rb, fpt_diff_report *r)
{
    json_t *sa = json_object_get(ra, "scenarios"), *sb = json_object_get(rb, "scenarios");
    size_t j = 0, nb = json_array_size(sb);
    for (size_t i = 0; i < json_array_size(sa); i++) {
        json_t *a = json_array_get(sa, i);
        json_int_t index = json_integer_value(json_object_get(a, "index"));
        while (j < nb &&
               json_integer_value(json_object_get(json_array_get(sb, j), "index")) < index) {
            j++;
        }
        json_t *b = json_array_get(sb, j);
        if (b == NULL || json_integer_value(json_object_get(b, "index")) != index) {
            fprintf(out, "scenario %lld: only in the first run\n", (long long)index);
            r->n_status_changes++;
            continue;
        }
        char where[48];
        snprintf(where, sizeof where, "scenario %lld: ", (long long)index);
        plan_view pa = sweep_view(a), pb = sweep_view(b);
        compare_plans(out, where, &pa, &pb, r);
    }
    if (json_array_size(sa) != nb) {
        fprintf(out, "scenarios: %zu in the first run, %zu in the second\n", json_array_size(sa),
                nb);
        r->n_status_changes += json_array_size(sa) < nb ? nb - json_array_size(sa) : 0;
    }
}

static void compare_solves(FILE *out, json_t *ra, json_t *rb, fpt_diff_report *r)
{
    json_t *la = json_object(), *lb = json_object();
    plan_view pa = solve_view(ra, la), pb = solve_view(rb, lb);
    compare_plans(out, "", &pa, &pb, r);
    json_decref(la);
    json_decref(lb);
}

static void summarise(FILE *out, const fpt_diff_options *o, fpt_diff_report *r)
{
    bool cost = o->max_cost_change_pct >= 0 && r->max_cost_change_pct > o->max_cost_change_pct;
    bool level = o->fail_on_level_change && r->n_level_changes > 0;
    r->exceeded = r->n_status_changes > 0 || cost || level;
    fprintf(out,
            "%zu compared: %zu status change%s, %zu level change%s, largest cost-per-head "
            "change %.4f%%",
            r->n_compared, r->n_status_changes, r->n_status_changes == 1 ? "" : "s",
            r->n_level_changes, r->n_level_changes == 1 ? "" : "s", r->max_cost_change_pct);
    if (o->max_cost_change_pct >= 0) {
        fprintf(out, " (limit %.4f%%)", o->max_cost_change_pct);
    }
    fprintf(out, ": %s\n", r->exceeded ? "FAIL" : "ok");
}

static fpt_status compare_roots(const char *pa, json_t *ra, const char *pb, json_t *rb,
                                const fpt_diff_options *o, fpt_diff_report *r, fpt_error *err)
{
    if (is_sweep(ra) != is_sweep(rb)) {
        return fpt_error_set(err, FPT_EINVALID, pb, 0,
                             "'%s' is a %s output but '%s' is a %s output (expected two of a kind)",
                             pa, is_sweep(ra) ? "sweep" : "solve", pb,
                             is_sweep(rb) ? "sweep" : "solve");
    }
    FILE *out = open_memstream(&r->text, &r->len);
    if (out == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory comparing runs");
    }
    if (is_sweep(ra)) {
        compare_sweeps(out, ra, rb, r);
    } else {
        compare_solves(out, ra, rb, r);
    }
    summarise(out, o, r);
    if (fclose(out) != 0) {
        fpt_diff_report_clear(r);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory comparing runs");
    }
    return FPT_OK;
}

fpt_status fpt_diff_files(const char *a, const char *b, const fpt_diff_options *o,
                          fpt_diff_report *out, fpt_error *err)
{
    return fpt_diff_inputs(&(fpt_diff_input){.name = a}, &(fpt_diff_input){.name = b}, o, out, err);
}

fpt_status fpt_diff_inputs(const fpt_diff_input *in_a, const fpt_diff_input *in_b,
                           const fpt_diff_options *o, fpt_diff_report *out, fpt_error *err)
{
    const char *a = in_a->name, *b = in_b->name;
    memset(out, 0, sizeof *out);
    json_t *ra = NULL, *rb = NULL;
    fpt_status st = load_json(in_a, &ra, err);
    if (st == FPT_OK) {
        st = check_output(a, ra, err);
    }
    if (st == FPT_OK) {
        st = load_json(in_b, &rb, err);
    }
    if (st == FPT_OK) {
        st = check_output(b, rb, err);
    }
    if (st == FPT_OK) {
        st = compare_roots(a, ra, b, rb, o, out, err);
    }
    json_decref(ra);
    json_decref(rb);
    return st;
}
