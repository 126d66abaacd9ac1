/* SPDX-License-Identifier: MIT */
/*
 * What-ifs (serve/whatif.h): a JSON object {"values": {target: number, …}, "locks": […]}
 * read with Jansson, every member's name and type checked, then applied to copies of the
 * served scenario by the sweep's own setter (fpt_scenario_set_target) and validated by
 * model/validate.c, so that a what-if can mean exactly what a scenario file can and no more.
 * Each value is first tried alone, to name the member a finding is about. No I/O.
 */
#include "serve/whatif.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "footprint/variant.h"
#include "model/validate.h"

/* Names and texts echoed in messages are cut to this many bytes. */
enum { MAX_NAME = 200 };

typedef struct wvalue {
    const char *target; /* borrowed from the JSON document */
    double number;
} wvalue;

typedef struct wlock {
    const char *function; /* borrowed from the JSON document */
    const char *level;
    fpt_lock_mode mode;
} wlock;

typedef struct whatif {
    json_t *root;
    wvalue *values;
    size_t n_values;
    bool has_locks; /* "locks" given: it replaces the scenario's locks */
    wlock *locks;
    size_t n_locks;
} whatif;

static fpt_status problem(fpt_diags *d, fpt_status *status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static fpt_status problem(fpt_diags *d, fpt_status *status, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fpt_diags_note(d, status, field, 0, fmt, ap);
    va_end(ap);
    return *status;
}

/* Copy at most MAX_NAME bytes of s into buf, never cutting a UTF-8 sequence in two. */
static const char *clip(const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) {
            n--;
        }
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static const char *type_name(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "null";
    }
    return "a JSON value";
}

/* ---- reading the JSON ------------------------------------------------------------------ */

static void read_values(whatif *w, json_t *obj, fpt_diags *d, fpt_status *st)
{
    if (!json_is_object(obj)) {
        problem(d, st, "values",
                "is %s (expected an object of sweep targets and numbers, "
                "such as {\"weight.scale\": 2})",
                type_name(obj));
        return;
    }
    size_t n = json_object_size(obj);
    if (n > FPT_WHATIF_MAX_VALUES) {
        problem(d, st, "values", "has %zu members (expected at most %d)", n, FPT_WHATIF_MAX_VALUES);
        return;
    }
    w->values = calloc(n + 1, sizeof *w->values);
    if (w->values == NULL) {
        *st = FPT_ENOMEM;
        return;
    }
    const char *key = NULL;
    json_t *v = NULL;
    json_object_foreach(obj, key, v)
    {
        char name[MAX_NAME + 1], field[MAX_NAME + 16];
        snprintf(field, sizeof field, "values.%s", clip(key, name, sizeof name));
        if (strlen(key) > MAX_NAME) {
            problem(d, st, field, "is a name of %zu bytes (expected a sweep target of at most %d)",
                    strlen(key), MAX_NAME);
        } else if (!json_is_number(v)) {
            problem(d, st, field, "is %s (expected a number)", type_name(v));
        } else {
            w->values[w->n_values++] = (wvalue){key, json_number_value(v)};
        }
    }
}

/* One of a lock's text members: a function or level id, or the mode. */
static const char *lock_text(json_t *lock, const char *member, const char *field,
                             const char *expected, fpt_diags *d, fpt_status *st)
{
    char where[64];
    snprintf(where, sizeof where, "%s.%s", field, member);
    json_t *v = json_object_get(lock, member);
    if (v == NULL) {
        problem(d, st, where, "is missing (expected %s)", expected);
    } else if (!json_is_string(v)) {
        problem(d, st, where, "is %s (expected %s)", type_name(v), expected);
    } else if (json_string_length(v) > MAX_NAME) {
        problem(d, st, where, "is %zu bytes long (expected %s of at most %d bytes)",
                json_string_length(v), expected, MAX_NAME);
    } else {
        return json_string_value(v);
    }
    return NULL;
}

static void read_lock(whatif *w, json_t *lock, size_t i, fpt_diags *d, fpt_status *st)
{
    char field[32];
    snprintf(field, sizeof field, "locks[%zu]", i);
    if (!json_is_object(lock)) {
        problem(d, st, field,
                "is %s (expected an object {\"function\": …, \"level\": …, "
                "\"mode\": \"fix\" or \"forbid\"})",
                type_name(lock));
        return;
    }
    const char *key = NULL;
    json_t *v = NULL;
    json_object_foreach(lock, key, v)
    {
        if (strcmp(key, "function") != 0 && strcmp(key, "level") != 0 && strcmp(key, "mode") != 0) {
            char name[MAX_NAME + 1], where[MAX_NAME + 40];
            snprintf(where, sizeof where, "%s.%s", field, clip(key, name, sizeof name));
            problem(d, st, where,
                    "is not a member of a lock (expected function, level and "
                    "mode)");
        }
    }
    wlock l = {
        .function = lock_text(lock, "function", field, "a function id", d, st),
        .level = lock_text(lock, "level", field, "a level id", d, st),
    };
    const char *mode = lock_text(lock, "mode", field, "\"fix\" or \"forbid\"", d, st);
    if (mode != NULL && strcmp(mode, "fix") != 0 && strcmp(mode, "forbid") != 0) {
        char name[MAX_NAME + 1], where[48];
        snprintf(where, sizeof where, "%s.mode", field);
        problem(d, st, where, "is '%s' (expected \"fix\" or \"forbid\")",
                clip(mode, name, sizeof name));
        mode = NULL;
    }
    if (l.function != NULL && l.level != NULL && mode != NULL) {
        l.mode = strcmp(mode, "fix") == 0 ? FPT_LOCK_FIX : FPT_LOCK_FORBID;
        w->locks[w->n_locks++] = l;
    }
}

static void read_locks(whatif *w, json_t *arr, fpt_diags *d, fpt_status *st)
{
    w->has_locks = true;
    if (!json_is_array(arr)) {
        problem(d, st, "locks", "is %s (expected an array of locks, [] for none)", type_name(arr));
        return;
    }
    size_t n = json_array_size(arr);
    if (n > FPT_WHATIF_MAX_LOCKS) {
        problem(d, st, "locks", "has %zu items (expected at most %d)", n, FPT_WHATIF_MAX_LOCKS);
        return;
    }
    w->locks = calloc(n + 1, sizeof *w->locks);
    if (w->locks == NULL) {
        *st = FPT_ENOMEM;
        return;
    }
    for (size_t i = 0; i < n && *st != FPT_ENOMEM; i++) {
        read_lock(w, json_array_get(arr, i), i, d, st);
    }
}

static fpt_status read_whatif(whatif *w, const char *text, size_t len, fpt_diags *d)
{
    fpt_status st = FPT_OK;
    json_error_t jerr;
    w->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (w->root == NULL) {
        return problem(d, &st, "",
                       "is not JSON: %s (line %d, column %d; expected an object "
                       "such as {\"values\": {\"weight.scale\": 2}})",
                       jerr.text, jerr.line, jerr.column);
    }
    if (!json_is_object(w->root)) {
        return problem(d, &st, "", "is %s (expected an object with values and locks)",
                       type_name(w->root));
    }
    const char *key = NULL;
    json_t *v = NULL;
    json_object_foreach(w->root, key, v)
    {
        if (strcmp(key, "values") == 0) {
            read_values(w, v, d, &st);
        } else if (strcmp(key, "locks") == 0) {
            read_locks(w, v, d, &st);
        } else {
            char name[MAX_NAME + 1];
            problem(d, &st, clip(key, name, sizeof name),
                    "is not a member of a what-if (expected values and locks)");
        }
        if (st == FPT_ENOMEM) {
            break;
        }
    }
    return st;
}

static void whatif_free(whatif *w)
{
    free(w->values);
    free(w->locks);
    json_decref(w->root);
}

/* ---- applying it ----------------------------------------------------------------------- */

static fpt_status replace_locks(fpt_scenario *s, const whatif *w)
{
    fpt_lock *locks = calloc(w->n_locks + 1, sizeof *locks);
    if (locks == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < s->n_locks; i++) {
        free(s->locks[i].function_id);
        free(s->locks[i].level_id);
    }
    free(s->locks);
    s->locks = locks;
    s->n_locks = 0;
    for (size_t i = 0; i < w->n_locks; i++) {
        fpt_lock *l = &locks[s->n_locks];
        l->function_id = strdup(w->locks[i].function);
        l->level_id = strdup(w->locks[i].level);
        l->mode = w->locks[i].mode;
        s->n_locks++; /* counted before the check, so that the scenario frees both */
        if (l->function_id == NULL || l->level_id == NULL) {
            return FPT_ENOMEM;
        }
    }
    return FPT_OK;
}

static fpt_status validate(fpt_scenario *s, const fpt_model *m, fpt_diags *d)
{
    fpt_status st = fpt_scenario_validate_self(s, d);
    return st == FPT_OK ? fpt_scenario_validate_refs(s, m, d) : st;
}

/* Which part of the what-if a trial applies: one value, the locks, or everything. */
typedef enum part { PART_VALUE, PART_LOCKS, PART_ALL } part;

static fpt_status apply_part(fpt_scenario *c, const fpt_model *m, const whatif *w, part p, size_t i,
                             fpt_diags *d)
{
    if (p == PART_VALUE) {
        return fpt_scenario_set_target(c, m, w->values[i].target, w->values[i].number,
                                       "what-if field", 0, d);
    }
    fpt_status st = FPT_OK;
    for (size_t v = 0; p == PART_ALL && v < w->n_values && st == FPT_OK; v++) {
        st = fpt_scenario_set_target(c, m, w->values[v].target, w->values[v].number,
                                     "what-if field", 0, d);
    }
    return st == FPT_OK && w->has_locks ? replace_locks(c, w) : st;
}

/* Apply a part to a copy of base and validate it; findings move to problems under field.
 * On success with keep set, *kept receives the copy. */
static fpt_status trial(const fpt_model *m, const fpt_scenario *base, const whatif *w, part p,
                        size_t i, const char *field, fpt_diags *problems, fpt_scenario **kept)
{
    fpt_scenario *c = NULL;
    FPT_TRY(fpt_scenario_copy(base, &c));
    fpt_diags found = {0};
    fpt_status st = apply_part(c, m, w, p, i, &found);
    if (st == FPT_OK) {
        st = validate(c, m, &found);
    }
    fpt_status moved = st == FPT_ENOMEM ? FPT_ENOMEM : FPT_OK;
    for (size_t k = 0; k < found.n && moved != FPT_ENOMEM; k++) {
        problem(problems, &moved, field, "%s", found.items[k].message);
    }
    fpt_diags_clear(&found);
    if (st == FPT_OK && kept != NULL) {
        *kept = c;
        return FPT_OK;
    }
    fpt_scenario_free(c);
    return moved == FPT_ENOMEM ? FPT_ENOMEM : st;
}

static fpt_status apply_whatif(const fpt_model *m, const fpt_scenario *base, const whatif *w,
                               fpt_scenario **out, fpt_diags *problems)
{
    fpt_status st = FPT_OK;
    for (size_t i = 0; i < w->n_values && st != FPT_ENOMEM; i++) {
        char name[MAX_NAME + 1], field[MAX_NAME + 16];
        snprintf(field, sizeof field, "values.%s", clip(w->values[i].target, name, sizeof name));
        fpt_status one = trial(m, base, w, PART_VALUE, i, field, problems, NULL);
        st = st == FPT_OK ? one : st;
    }
    if (w->has_locks && st != FPT_ENOMEM) {
        fpt_status one = trial(m, base, w, PART_LOCKS, 0, "locks", problems, NULL);
        st = st == FPT_OK ? one : st;
    }
    if (st != FPT_OK) {
        return st;
    }
    return trial(m, base, w, PART_ALL, 0, "", problems, out);
}

static fpt_status summarise(const whatif *w, char **summary)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = fpt_text_open(&text, &len);
    if (out == NULL) {
        return FPT_ENOMEM;
    }
    for (size_t i = 0; i < w->n_values; i++) {
        fprintf(out, "%s%s = %.17g", i > 0 ? "; " : "", w->values[i].target, w->values[i].number);
    }
    if (w->has_locks) {
        fprintf(out, "%slocks replaced by %zu", w->n_values > 0 ? "; " : "", w->n_locks);
    }
    if (w->n_values == 0 && !w->has_locks) {
        fputs("no change", out);
    }
    fpt_status st = fpt_text_close(out, FPT_OK, &text, &len, "the what-if summary", NULL);
    *summary = text;
    return st;
}

fpt_status fpt_whatif_apply(const fpt_model *m, const fpt_scenario *base, const char *text,
                            size_t len, fpt_scenario **out, char **summary, fpt_diags *problems)
{
    *out = NULL;
    if (summary != NULL) {
        *summary = NULL;
    }
    whatif w = {0};
    fpt_status st = read_whatif(&w, text, len, problems);
    if (st == FPT_OK) {
        st = apply_whatif(m, base, &w, out, problems);
    }
    if (st == FPT_OK && summary != NULL) {
        st = summarise(&w, summary);
    }
    if (st != FPT_OK) {
        fpt_scenario_free(*out);
        *out = NULL;
    }
    whatif_free(&w);
    return st;
}
