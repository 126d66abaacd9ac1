/* SPDX-License-Identifier: MIT */
/*
 * The requests `footprint serve` answers (serve/api.h). A what-if becomes a validated
 * scenario (serve/whatif.c), is appraised and solved on the calling thread, and comes back as
 * exactly the JSON `footprint solve --format json` prints for that scenario, with the why of
 * each function beside it (serve/why.c); or as a scenario file (serve/scenario_write.c).
 * Nothing here touches a file, a socket or a global: the server carries bytes in and out.
 */
#include "serve/api.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "footprint/appraise.h"
#include "footprint/report.h"
#include "footprint/solve.h"
#include "footprint/why.h"
#include "serve/api_model.h"
#include "serve/scenario_write.h"
#include "serve/whatif.h"
#include "serve/why.h"

/* The page, compiled in (solver/CMakeLists.txt, cmake/EmbedFile.cmake). */
extern const char fpt_serve_page_html[];
extern const size_t fpt_serve_page_html_len;
extern const char fpt_serve_page_css[];
extern const size_t fpt_serve_page_css_len;
extern const char fpt_serve_page_js[];
extern const size_t fpt_serve_page_js_len;

static const char JSON_TYPE[] = "application/json";

struct fpt_api {
    const fpt_model *model;
    fpt_scenario *scenario; /* the API's own copy, paths made absolute */
    fpt_solve_options solve;
    char *model_json; /* GET /api/model, made once */
    size_t model_json_len;
};

void fpt_api_reply_clear(fpt_api_reply *r)
{
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* A reply of this status whose body is root (the reference is taken). */
/* JSON text of root (the reference is taken), compact, reals to 17 digits as the reports
 * write them; NULL when out of memory. */
static char *dump_compact(json_t *root)
{
    size_t flags = JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(17);
    char *text = root != NULL ? json_dumps(root, flags) : NULL;
    json_decref(root);
    return text;
}

static fpt_status json_reply(fpt_api_reply *out, int status, json_t *root)
{
    char *text = dump_compact(root);
    if (text == NULL) {
        return FPT_ENOMEM;
    }
    *out = (fpt_api_reply){.status = status, .type = JSON_TYPE, .body = text, .len = strlen(text)};
    return FPT_OK;
}

fpt_status fpt_api_error_reply(fpt_api_reply *out, int status, const char *message)
{
    return json_reply(out, status, json_pack("{s:s}", "error", message));
}

/* A copy of borrowed bytes as the body. */
static fpt_status bytes_reply(fpt_api_reply *out, const char *type, const char *data, size_t len)
{
    char *copy = malloc(len + 1);
    if (copy == NULL) {
        return FPT_ENOMEM;
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    *out = (fpt_api_reply){.status = 200, .type = type, .body = copy, .len = len};
    return FPT_OK;
}

/* 400: {"error": …, "problems": [{"field": …, "message": …}, …]}. */
static fpt_status problems_reply(fpt_api_reply *out, const fpt_diags *problems)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < problems->n; i++) {
        /* json_pack refuses text that is not UTF-8; say so rather than lose the problem */
        const fpt_diag *d = &problems->items[i];
        json_t *p = json_pack("{s:s, s:s}", "field", d->file, "message", d->message);
        if (p == NULL) {
            p = json_pack("{s:s, s:s}", "field", "", "message",
                          "(a problem whose text is not "
                          "UTF-8)");
        }
        json_array_append_new(arr, p);
    }
    return json_reply(
        out, 400,
        json_pack("{s:s, s:o*}", "error", "the what-if is not a valid scenario", "problems", arr));
}

/* ---- POST /api/solve ---------------------------------------------------------------------- */

static bool has_plan(const fpt_solution *sol)
{
    return sol->result == FPT_RESULT_OPTIMAL || sol->result == FPT_RESULT_LIMIT ||
           sol->result == FPT_RESULT_GAP;
}

/*
 * /api/solve: {"result": …, "why": […] or null} (docs/serve.md); /api/why: {"result": …} with
 * the library's why (prices, margins, fragility) in the result. The result is spliced in as
 * the very text `footprint solve --format json` prints, rather than parsed and written again
 * (which cost more than the solve).
 */
static fpt_status solve_text(const fpt_report_input *in, bool prices, char **body, size_t *len,
                             fpt_error *err)
{
    char *result = NULL, *why = NULL;
    size_t result_len = 0;
    FPT_TRY(fpt_report_render(in, FPT_FORMAT_JSON, &result, &result_len, err));
    bool want_why = !prices && has_plan(in->solution);
    why = want_why
              ? dump_compact(fpt_why_json(in->model, in->scenario, in->appraisal, in->solution))
              : NULL;
    const char *open = "{\"result\": ", *mid = prices ? "" : ", \"why\": ";
    const char *why_text = prices ? "" : (why != NULL ? why : "null");
    size_t n = strlen(open) + result_len + strlen(mid) + strlen(why_text) + 1;
    *body = (want_why && why == NULL) ? NULL : malloc(n + 1);
    if (*body != NULL) {
        snprintf(*body, n + 1, "%s%s%s%s}", open, result, mid, why_text);
        *len = n;
    }
    free(result);
    free(why);
    return *body != NULL ? FPT_OK : fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory");
}

/* The why of an optimal plan, on this thread alone (the server runs one solve a thread). */
static fpt_status price_plan(const fpt_api *api, const fpt_scenario *s, const fpt_appraisal *a,
                             const fpt_solution *sol, fpt_why **out, fpt_error *err)
{
    *out = NULL;
    if (sol->result != FPT_RESULT_OPTIMAL) {
        return FPT_OK;
    }
    fpt_why_options o;
    fpt_why_options_init(&o);
    o.solve = api->solve;
    o.threads = 1;
    return fpt_why_run(api->model, s, a, sol, &o, out, err);
}

static fpt_status solve_reply(const fpt_api *api, const fpt_scenario *s, bool prices,
                              fpt_api_reply *out)
{
    fpt_error err = {0};
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_why *why = NULL;
    char *body = NULL;
    size_t len = 0;
    fpt_status st = fpt_appraisal_build(api->model, s, &a, &err);
    if (st == FPT_OK) {
        st = fpt_solve(a, &api->solve, &sol, &err);
    }
    if (st == FPT_OK && prices) {
        st = price_plan(api, s, a, sol, &why, &err);
    }
    if (st == FPT_OK) {
        fpt_report_input in = {
            .model = api->model, .scenario = s, .appraisal = a, .solution = sol, .why = why};
        st = solve_text(&in, prices, &body, &len, &err);
    }
    fpt_why_free(why);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    if (st == FPT_OK) {
        *out = (fpt_api_reply){.status = 200, .type = JSON_TYPE, .body = body, .len = len};
        return FPT_OK;
    }
    if (st == FPT_ENOMEM) {
        return fpt_api_error_reply(out, 503, "out of memory: the server is too busy");
    }
    return fpt_api_error_reply(out, 500, err.message[0] != '\0' ? err.message : fpt_strerror(st));
}

/* Make the what-if's scenario; FPT_OK with *s, or a reply already in out (*s NULL). */
static fpt_status read_whatif(const fpt_api *api, const char *body, size_t len, fpt_scenario **s,
                              char **summary, fpt_api_reply *out)
{
    fpt_diags problems = {0};
    fpt_status st = fpt_whatif_apply(api->model, api->scenario, body != NULL ? body : "", len, s,
                                     summary, &problems);
    if (st == FPT_EINVALID) {
        st = problems_reply(out, &problems);
    }
    fpt_diags_clear(&problems);
    return st;
}

static fpt_status post_solve(const fpt_api *api, const char *body, size_t len, bool prices,
                             fpt_api_reply *out)
{
    fpt_scenario *s = NULL;
    FPT_TRY(read_whatif(api, body, len, &s, NULL, out));
    if (s == NULL) {
        return FPT_OK; /* the 400 */
    }
    fpt_status st = solve_reply(api, s, prices, out);
    fpt_scenario_free(s);
    return st;
}

/* ---- POST /api/scenario ------------------------------------------------------------------- */

static fpt_status post_scenario(const fpt_api *api, const char *body, size_t len,
                                fpt_api_reply *out)
{
    fpt_scenario *s = NULL;
    char *summary = NULL;
    FPT_TRY(read_whatif(api, body, len, &s, &summary, out));
    if (s == NULL) {
        return FPT_OK;
    }
    char *note = NULL;
    size_t n = strlen(summary) + 128;
    char *text = NULL;
    size_t text_len = 0;
    fpt_status st = FPT_ENOMEM;
    if ((note = malloc(n)) != NULL) {
        snprintf(note, n, "What-if on scenario '%s' from footprint serve: %s.", s->id, summary);
        st = fpt_scenario_write_xml(s, note, &text, &text_len, NULL);
    }
    if (st == FPT_OK) {
        *out = (fpt_api_reply){.status = 200,
                               .type = "application/xml; charset=utf-8",
                               .body = text,
                               .len = text_len,
                               .attach = "what-if.xml"};
    }
    free(note);
    free(summary);
    fpt_scenario_free(s);
    return st;
}

/* ---- routing ------------------------------------------------------------------------------ */

typedef enum route_kind {
    ROUTE_STATIC,
    ROUTE_MODEL,
    ROUTE_SOLVE,
    ROUTE_WHY,
    ROUTE_SCENARIO
} route_kind;

typedef struct route {
    const char *path;
    const char *method; /* GET routes answer HEAD too */
    route_kind kind;
    const char *type;
    const char *data;
    const size_t *len;
} route;

static const route ROUTES[] = {
    {"/", "GET", ROUTE_STATIC, "text/html; charset=utf-8", fpt_serve_page_html,
     &fpt_serve_page_html_len},
    {"/page.css", "GET", ROUTE_STATIC, "text/css; charset=utf-8", fpt_serve_page_css,
     &fpt_serve_page_css_len},
    {"/page.js", "GET", ROUTE_STATIC, "text/javascript; charset=utf-8", fpt_serve_page_js,
     &fpt_serve_page_js_len},
    {"/api/model", "GET", ROUTE_MODEL, NULL, NULL, NULL},
    {"/api/solve", "POST", ROUTE_SOLVE, NULL, NULL, NULL},
    {"/api/why", "POST", ROUTE_WHY, NULL, NULL, NULL},
    {"/api/scenario", "POST", ROUTE_SCENARIO, NULL, NULL, NULL},
};

static const route *find_route(const char *path)
{
    for (size_t i = 0; i < sizeof ROUTES / sizeof ROUTES[0]; i++) {
        if (strcmp(ROUTES[i].path, path) == 0) {
            return &ROUTES[i];
        }
    }
    return NULL;
}

static bool method_fits(const route *r, const char *method)
{
    return strcmp(r->method, method) == 0 ||
           (strcmp(r->method, "GET") == 0 && strcmp(method, "HEAD") == 0);
}

bool fpt_api_solves(const char *method, const char *path)
{
    const route *r = find_route(path);
    return r != NULL && (r->kind == ROUTE_SOLVE || r->kind == ROUTE_WHY) && method_fits(r, method);
}

fpt_status fpt_api_handle(const fpt_api *api, const char *method, const char *path,
                          const char *body, size_t len, fpt_api_reply *out)
{
    memset(out, 0, sizeof *out);
    const route *r = find_route(path);
    if (r == NULL) {
        return fpt_api_error_reply(out, 404,
                                   "no such page (expected /, /api/model, "
                                   "/api/solve, /api/why or /api/scenario)");
    }
    if (!method_fits(r, method)) {
        char message[96];
        snprintf(message, sizeof message, "%s takes %s only", r->path, r->method);
        FPT_TRY(fpt_api_error_reply(out, 405, message));
        out->allow = strcmp(r->method, "GET") == 0 ? "GET, HEAD" : r->method;
        return FPT_OK;
    }
    switch (r->kind) {
    case ROUTE_STATIC:
        return bytes_reply(out, r->type, r->data, *r->len);
    case ROUTE_MODEL:
        return bytes_reply(out, JSON_TYPE, api->model_json, api->model_json_len);
    case ROUTE_SOLVE:
        return post_solve(api, body, len, false, out);
    case ROUTE_WHY:
        return post_solve(api, body, len, true, out);
    case ROUTE_SCENARIO:
        return post_scenario(api, body, len, out);
    }
    return fpt_api_error_reply(out, 500, "no handler for this route");
}

/* ---- making the API ----------------------------------------------------------------------- */

/* Replace *path with its absolute form; a path that cannot be resolved is kept as it is
 * (the file was read at load time, so only a file removed since gets here). */
static void make_absolute(char **path)
{
    char *resolved = *path != NULL ? realpath(*path, NULL) : NULL;
    if (resolved != NULL) {
        free(*path);
        *path = resolved;
    }
}

static fpt_status own_scenario(const fpt_scenario *s, fpt_scenario **out, fpt_error *err)
{
    if (s->n_axes > 0 || s->mc.present) {
        return fpt_error_set(err, FPT_EUSAGE, s->file, 0,
                             "serve explores one scenario, and this one has a sweep or Monte "
                             "Carlo (expected a scenario without <sweep> and <monte-carlo>)");
    }
    if (fpt_scenario_copy(s, out) != FPT_OK) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory copying the scenario");
    }
    make_absolute(&(*out)->geography_path);
    for (size_t l = 0; l < (*out)->n_levels; l++) {
        if ((*out)->levels[l].grouping == FPT_GROUPING_PARTITION) {
            make_absolute(&(*out)->levels[l].file);
        }
    }
    return FPT_OK;
}

fpt_status fpt_api_create(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                          const fpt_solve_options *solve, fpt_api **out, fpt_error *err)
{
    *out = NULL;
    fpt_api *api = calloc(1, sizeof *api);
    if (api == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory");
    }
    api->model = m;
    api->solve = *solve;
    fpt_status st = own_scenario(s, &api->scenario, err);
    if (st == FPT_OK) {
        st = fpt_api_model_text(m, api->scenario, g, &api->model_json, &api->model_json_len, err);
    }
    if (st != FPT_OK) {
        fpt_api_free(api);
        return st;
    }
    *out = api;
    return FPT_OK;
}

void fpt_api_free(fpt_api *api)
{
    if (api == NULL) {
        return;
    }
    fpt_scenario_free(api->scenario);
    free(api->model_json);
    free(api);
}
