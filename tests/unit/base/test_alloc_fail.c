/* SPDX-License-Identifier: MIT */
/*
 * Allocation-failure injection, after SQLite's. A stage of the pipeline runs once clean, then
 * again for N = 1, 2, … with its Nth allocation failing, until a run no longer reaches N.
 * Each failed run must end in FPT_ENOMEM with a message saying so, the OUT pointer NULL,
 * no crash, and every allocation it made freed: the injector counts live allocations, so a
 * leak is caught at its N, not by LeakSanitizer at exit. Every N is tried twice: transient
 * (only the Nth allocation fails) and persistent (the Nth and every later one, so cleanup and
 * error paths get no memory either). The stages: loading the tiny model and scenario, and a
 * scenario on real units (geography CSV and partition file); appraising and solving; the
 * table, CSV and JSON of a solve (feasible, on real units, infeasible, with weight
 * stability); computing weight stability; a six-scenario sweep and its three outputs; a
 * districting of eight CCGs into two units and its four renderings; a sizing curve over two
 * and three hubs and its three renderings; the workbooks of a solve (with weight stability,
 * and infeasible), a sweep, a partition and a sizing curve, whose libxlsxwriter calls are
 * not injected (a shared library) but whose own allocations are. Fixtures are made outside the
 * counted run.
 *
 * Mechanism (tests/support/inject.c). The library (target fpt) is a static archive, so this
 * executable is linked with -Wl,--wrap for each allocating function `nm -u` lists in it:
 * malloc, calloc, realloc, free, strdup, open_memstream (and strndup, should it appear), and
 * fclose; every such call from the library reaches the injector. libxml2's allocations come
 * through xmlMemSetup() (before xmlInitParser()) and Jansson's through json_set_alloc_funcs().
 * Not reached, and why that is acceptable:
 *   - open_memstream's buffer grows inside the C library. The stream is one point when
 *     opened, and its fclose() one more that plays a failed growth as glibc reports one
 *     (fclose() returns EOF, the partial text still handed over); the buffer then counts as
 *     live until freed. glibc's final shrink of the buffer cannot fail and is not played.
 *   - fopen, qsort (it sorts in place when it cannot have its scratch buffer), the printf
 *     family and strerror allocate, if at all, inside the C library.
 *   - GLPK allocates inside libglpk (glp_alloc too) and aborts by design when it cannot: no
 *     injection there, and the solver's memory is not counted. Likewise libgomp's threads.
 *   - libxml2 2.9.14's XML Schema code is not safe against allocation failure (a corrupted
 *     heap when its automata cannot allocate, a NULL dereference when a validation context
 *     lacks its dictionary), so xmlSchemaParse, xmlSchemaValidateDoc and all but the first
 *     allocation of xmlSchemaNewValidCtxt run with injection suspended (inject.c); what they
 *     allocate is still counted as live. Reading and parsing the file, the parser and schema
 *     parser contexts and every attribute and text copy are injected.
 * A run that succeeds although its point failed passes only if that point was inside libxml2
 * and the product is identical to the clean run's (the loaders' product is every string,
 * number and line of the model and scenario, and the JSON report of their solve): libxml2
 * drops what a load never reads (the document's URL, comments) or falls back from interning
 * a string to copying it. Such points are logged as absorbed. The sweep's and stability's
 * per-scenario and per-criterion failures are results, not a failed call: a failure recorded
 * there counts as the run's own. libxml2's one-time set-up (encodings, schema types) and its
 * copy of the last error it raised without a context are libxml2's, so the first run is not
 * counted and that copy is released before counting. libxml2 seeds its dictionaries' hashes
 * at random, so a load's point count can differ by a few between runs.
 *
 * Diagnosis: FPT_INJECT_TRACE=1 prints each N's outcome (and an absorbed point's stack),
 * FPT_INJECT_FROM=n starts at N = n, FPT_INJECT_STACK=k prints the stack of point k of every
 * run, and a breakpoint on inject_failing_here() stops at the failing call. A failed check
 * prints the failing point's stack (executable+offset frames, for addr2line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <libxml/xmlerror.h>

#include "footprint/appraise.h"
#include "footprint/districts.h"
#include "footprint/geography.h"
#include "footprint/load.h"
#include "footprint/report.h"
#include "footprint/sizing.h"
#include "footprint/solve.h"
#include "footprint/stability.h"
#include "footprint/sweep.h"
#include "footprint/why.h"
#include "inject.h"
#include "report/sweep_report.h"
#include "report/xlsx.h"

#define DATA FPT_TEST_DATA

/*
 * A stage of the pipeline: run() makes its product and keeps it in ctx, show() renders the
 * product as text (caller frees), drop() frees it (and accepts having none).
 */
typedef struct stage {
    const char *name;
    fpt_status (*run)(void *ctx, fpt_error *err);
    char *(*show)(void *ctx);
    void (*drop)(void *ctx);
    void *ctx;
} stage;

/* What one run of a stage came to. */
typedef struct outcome {
    fpt_status status;
    fpt_error err;
    bool fired;            /* the chosen point was reached, and failed */
    unsigned long reached; /* points reached */
    size_t live;           /* allocations the run made and did not free */
    char *text;            /* show() of the product, when the run succeeded */
} outcome;

/*
 * Run a stage with point fail_at failing (0: none; persistent: and every later one), then,
 * with injection stopped, show and
 * drop its product and count what is still live. libxml2 keeps a copy of the last error it
 * raised without a parser context (e.g. "cannot allocate parser context") in process-wide
 * state until the next one: that is libxml2's, so it is released before counting.
 */
static outcome measure(const stage *s, unsigned long fail_at, bool persistent)
{
    outcome o = {0};
    inject_begin(fail_at, persistent);
    o.status = s->run(s->ctx, &o.err);
    inject_stop();
    o.fired = inject_fired();
    o.reached = inject_reached();
    o.text = o.status == FPT_OK ? s->show(s->ctx) : NULL;
    s->drop(s->ctx);
    xmlResetLastError();
    o.live = inject_live();
    return o;
}

/* The points that made the allocations still live, as text for a failure message. */
static const char *leaked_points(char *buf, size_t size)
{
    unsigned long points[8];
    size_t n = inject_leaked_points(points, 8);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        used += (size_t)snprintf(buf + used, size - used, "%s%lu", i > 0 ? ", " : "", points[i]);
    }
    return buf;
}

static bool tracing(void)
{
    const char *v = getenv("FPT_INJECT_TRACE");
    return v != NULL && strcmp(v, "0") != 0;
}

/* A run with no failure: it must succeed and (unless warm) free everything. */
static outcome clean_run(const stage *s, bool warm)
{
    outcome o = measure(s, 0, false);
    cr_assert(o.status == FPT_OK, "%s without failures: %s (%s)", s->name, fpt_strerror(o.status),
              o.err.message);
    cr_assert(warm || o.live == 0, "%s without failures leaves %zu allocations live", s->name,
              o.live);
    return o;
}

/*
 * What is wrong with the run that failed point n, or NULL when it is a clean out of memory
 * or (*absorbed) a failure libxml2 absorbed without changing the product.
 */
static const char *judge(const outcome *o, const char *clean, bool *absorbed)
{
    *absorbed = false;
    if (o->live != 0) {
        return "leaks";
    }
    if (o->status == FPT_OK) {
        *absorbed = true;
        if (inject_failed_origin() != INJECT_LIBXML2) {
            return "succeeds although the failure was not inside libxml2";
        }
        return o->text != NULL && strcmp(o->text, clean) == 0 ? NULL
                                                              : "succeeds with another product";
    }
    if (o->status != FPT_ENOMEM) {
        return "ends in another status";
    }
    if (o->err.status != FPT_ENOMEM || strstr(o->err.message, "out of memory") == NULL) {
        return "leaves no out-of-memory error";
    }
    return NULL;
}

/* Check the run that failed point n; returns whether the failure was absorbed. */
static bool check_failed_run(const char *name, unsigned long n, const outcome *o, const char *clean)
{
    bool absorbed = false;
    const char *wrong = judge(o, clean, &absorbed);
    if (wrong != NULL) {
        char where[128];
        fprintf(stderr, "%s: the stack of failed point N=%lu:\n", name, n);
        inject_print_failure();
        cr_assert_fail("%s: N=%lu of %lu %s: %s (%s, error %d), %zu allocations live (made at "
                       "points %s)",
                       name, n, o->reached, wrong, fpt_strerror(o->status), o->err.message,
                       (int)o->err.status, o->live, leaked_points(where, sizeof where));
    }
    return absorbed;
}

/*
 * Fail point N (persistent: and every later one) for N = 1, 2, … until a run ends before
 * reaching N, which must then match the clean run; log the failures that were absorbed.
 */
static void fail_each_mode(const stage *s, bool persistent, const char *clean)
{
    char name[64], absorbed[256] = "";
    snprintf(name, sizeof name, "%s (%s)", s->name, persistent ? "persistent" : "transient");
    size_t n_absorbed = 0, used = 0;
    const char *from = getenv("FPT_INJECT_FROM");
    for (unsigned long n = from != NULL ? strtoul(from, NULL, 10) : 1;; n++) {
        outcome o = measure(s, n, persistent);
        if (tracing()) {
            fprintf(stderr, "%s N=%lu of %lu: %s, %zu live: %s\n", name, n, o.reached,
                    fpt_strerror(o.status), o.live, o.err.message);
        }
        if (!o.fired) {
            cr_assert(o.status == FPT_OK && o.live == 0 && o.text != NULL &&
                          strcmp(o.text, clean) == 0,
                      "%s: a run past the last point: %s, %zu live, another product", name,
                      fpt_strerror(o.status), o.live);
            free(o.text);
            break;
        }
        if (check_failed_run(name, n, &o, clean)) {
            if (tracing()) {
                inject_print_failure();
            }
            n_absorbed++;
            if (used < sizeof absorbed) {
                used += (size_t)snprintf(absorbed + used, sizeof absorbed - used, " %lu", n);
            }
        }
        free(o.text);
    }
    cr_log_info("%s: %zu absorbed%s%s", name, n_absorbed, n_absorbed > 0 ? " at N =" : "",
                absorbed);
}

/* Both modes, after a run that warms libxml2 up and a clean run that counts the points. */
static void fail_each(const stage *s)
{
    outcome warm = clean_run(s, true); /* libxml2's one-time set-up, kept until cleanup */
    free(warm.text);
    outcome clean = clean_run(s, false);
    cr_log_info("%s: %lu allocation points", s->name, clean.reached);
    fail_each_mode(s, false, clean.text);
    fail_each_mode(s, true, clean.text);
    free(clean.text);
}

/* libxml2 prints the failures it has no context for ("cannot allocate parser context"). */
static void quiet(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void setup(void)
{
    inject_install();
    fpt_xml_init();
    xmlSetGenericErrorFunc(NULL, quiet);
}

static void teardown(void)
{
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}

TestSuite(alloc_fail, .init = setup, .fini = teardown, .timeout = 600);

/* ---- products and how they are shown --------------------------------------------------------- */

typedef struct pipeline pipeline;

/* Renders output i of a render stage into *text. */
typedef fpt_status (*render_fn)(const pipeline *p, size_t i, char **text, size_t *len,
                                fpt_error *err);

/* Everything a stage may make or start from. */
struct pipeline {
    const char *model_path;
    const char *scenario_path;
    fpt_model *model;
    fpt_scenario *scenario;
    fpt_appraisal *appraisal;
    fpt_solution *solution;
    fpt_stability *stability;
    fpt_why *why;
    fpt_sweep_run *run;
    fpt_provenance provenance;
    fpt_geography *geography;
    fpt_partition *partition;
    fpt_sizing *sizing;
    render_fn render; /* a render stage's outputs … */
    size_t n_texts;
    char *texts[4]; /* … and what it rendered */
};

static char *render(const pipeline *p, fpt_format format)
{
    fpt_report_input in = {.model = p->model,
                           .scenario = p->scenario,
                           .appraisal = p->appraisal,
                           .solution = p->solution,
                           .stability = p->stability};
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    cr_assert(fpt_report_render(&in, format, &text, &len, &err) == FPT_OK, "%s", err.message);
    return text;
}

static void solve_pair(pipeline *p)
{
    fpt_error err = {0};
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    cr_assert(fpt_appraisal_build(p->model, p->scenario, &p->appraisal, &err) == FPT_OK);
    cr_assert(fpt_solve(p->appraisal, &o, &p->solution, &err) == FPT_OK, "%s", err.message);
}

static pipeline load_pair(const char *model, const char *scenario)
{
    pipeline p = {.model_path = model, .scenario_path = scenario};
    fpt_error err = {0};
    cr_assert(fpt_model_load(model, &p.model, NULL, &err) == FPT_OK, "%s", err.message);
    cr_assert(fpt_scenario_load(scenario, p.model, &p.scenario, NULL, &err) == FPT_OK, "%s",
              err.message);
    return p;
}

static void drop_solution(pipeline *p)
{
    fpt_solution_free(p->solution);
    fpt_appraisal_free(p->appraisal);
    p->solution = NULL;
    p->appraisal = NULL;
}

static void drop_pair(pipeline *p)
{
    fpt_scenario_free(p->scenario);
    fpt_model_free(p->model);
    p->scenario = NULL;
    p->model = NULL;
}

static bool load_geography(const char *path, fpt_geography **out)
{
    fpt_diags d = {0};
    fpt_error err = {0};
    fpt_status st = fpt_geography_load(path, out, &d, &err);
    fpt_diags_clear(&d);
    return st == FPT_OK;
}

/* ---- (a) loaders ----------------------------------------------------------------------------- */

typedef struct load_case {
    const char *model_path;
    const char *scenario_path;
    pipeline p;
} load_case;

static fpt_status load_run(void *ctx, fpt_error *err)
{
    load_case *c = ctx;
    fpt_diags d = {0};
    fpt_status st = fpt_model_load(c->model_path, &c->p.model, &d, err);
    cr_assert((st == FPT_OK) == (c->p.model != NULL), "model: status %d, out %p", (int)st,
              (void *)c->p.model);
    if (st == FPT_OK) {
        st = fpt_scenario_load(c->scenario_path, c->p.model, &c->p.scenario, &d, err);
        cr_assert((st == FPT_OK) == (c->p.scenario != NULL), "scenario: status %d, out %p", (int)st,
                  (void *)c->p.scenario);
    }
    fpt_diags_clear(&d);
    return st;
}

/* Strings may be NULL (an optional element left out); show that apart from "". */
static const char *str(const char *s)
{
    return s != NULL ? s : "(null)";
}

/* Every string, number and line of a loaded model. */
static void dump_model(FILE *out, const fpt_model *m)
{
    fprintf(out, "model %s|%s|%s|%s|%ld|%ld\n", str(m->file), str(m->id), str(m->title),
            str(m->description), m->line, m->calibration_line);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        const fpt_calibration *c = &m->calibration[k];
        fprintf(out, "table %d %g %g %g %g %g|%s|%d|%ld\n", k, c->value[0], c->value[1],
                c->value[2], c->value[3], c->value[4], str(c->basis), c->present, c->line);
    }
    for (size_t r = 0; r < m->n_pools; r++) {
        const fpt_pool *pool = &m->pools[r];
        fprintf(out, "pool %s|%s|%s|%ld\n", str(pool->id), str(pool->name), str(pool->description),
                pool->line);
    }
    for (size_t f = 0; f < m->n_functions; f++) {
        const fpt_function *fn = &m->functions[f];
        fprintf(out, "function %s|%s|%s|%s|%ld|%g|%g|%s|%ld\n", str(fn->id), str(fn->name),
                str(fn->category), str(fn->description), fn->line, fn->staff_per_100k,
                fn->salary_gbp, str(fn->staff_basis), fn->staff_line);
        for (int k = 0; k < FPT_N_CRITERIA; k++) {
            const fpt_override *o = &fn->override[k];
            fprintf(out, " rating %d %d|%s|%ld|%d override %d %g|%s|%ld\n", k, fn->rating[k],
                    str(fn->rationale[k]), fn->rating_line[k], fn->rating_present[k], o->present,
                    o->value, str(o->source), o->line);
        }
        for (size_t i = 0; i < fn->n_draws; i++) {
            fprintf(out, " draw %s|%zu|%g|%ld\n", str(fn->draws[i].pool_id), fn->draws[i].pool,
                    fn->draws[i].share, fn->draws[i].line);
        }
    }
    for (size_t i = 0; i < m->n_links; i++) {
        const fpt_link *l = &m->links[i];
        fprintf(out, "link %s|%s|%d|%s|%ld\n", str(l->from_id), str(l->to_id), l->strength,
                str(l->rationale), l->line);
    }
}

static void dump_level(FILE *out, const fpt_level *lv)
{
    fprintf(out, "level %s|%s|%d|%g|%ld|%g|%ld|%d|%s|%g|%g\n", str(lv->id), str(lv->name),
            (int)lv->kind, lv->spec, lv->n_units, lv->unit_pop, lv->line, (int)lv->grouping,
            str(lv->file), lv->distance_km, lv->customers);
    for (size_t u = 0; lv->units != NULL && u < (size_t)lv->n_units; u++) {
        const fpt_real_unit *unit = &lv->units[u];
        fprintf(out, " unit %s|%s|%g|%zu|%g\n", str(unit->label), str(unit->centre), unit->pop,
                unit->n_members, unit->mean_km);
    }
    for (size_t i = 0; lv->unit_of != NULL && i < lv->n_ccgs; i++) {
        fprintf(out, " %zu", lv->unit_of[i]);
    }
    fputc('\n', out);
}

/* Every string, number and line of a loaded scenario (it has no sweep or Monte Carlo). */
static void dump_scenario(FILE *out, const fpt_scenario *s)
{
    fprintf(out, "scenario %s|%s|%s|%ld|%s|%s|%s|%ld|%g|%ld|%d|%ld\n", str(s->file),
            str(s->geography), str(s->geography_path), s->geography_line, str(s->id), str(s->title),
            str(s->description), s->line, s->population, s->population_line, s->levels_default,
            s->levels_line);
    for (size_t i = 0; i < s->n_areas; i++) {
        fprintf(out, "area %s|%g|%ld\n", str(s->areas[i].id), s->areas[i].population,
                s->areas[i].line);
    }
    for (size_t l = 0; l < s->n_levels; l++) {
        dump_level(out, &s->levels[l]);
    }
    fprintf(out, "finance %g %g %g %g %ld weights", s->allowance_per_head_gbp, s->support_share,
            s->horizon_years, s->discount_rate, s->finance_line);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fprintf(out, " %g", s->weight[k]);
    }
    fprintf(out, " %ld\n", s->weights_line);
    for (size_t i = 0; i < s->n_supplies; i++) {
        const fpt_supply *sp = &s->supplies[i];
        fprintf(out, "supply %s|%zu|%d|%g|%g|%ld\n", str(sp->pool_id), sp->pool, sp->limited,
                sp->supply_wte, sp->premium_gbp, sp->line);
    }
    for (size_t i = 0; i < s->n_locks; i++) {
        const fpt_lock *lk = &s->locks[i];
        fprintf(out, "lock %s|%s|%zu|%zu|%d|%ld\n", str(lk->function_id), str(lk->level_id),
                lk->function, lk->level, (int)lk->mode, lk->line);
    }
    for (size_t i = 0; i < s->n_sets; i++) {
        const fpt_set *st = &s->sets[i];
        fprintf(out, "set %s|%s|%g|%zu|%d|%d|%zu|%ld\n", str(st->function_id), str(st->field),
                st->value, st->function, (int)st->kind, st->k, st->other, st->line);
    }
}

/* A loaded pair, shown whole, and by what the rest of the pipeline makes of it. */
static char *load_show(void *ctx)
{
    load_case *c = ctx;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert(out != NULL);
    dump_model(out, c->p.model);
    dump_scenario(out, c->p.scenario);
    solve_pair(&c->p);
    char *json = render(&c->p, FPT_FORMAT_JSON);
    fputs(json, out);
    free(json);
    drop_solution(&c->p);
    cr_assert(fclose(out) == 0);
    return text;
}

static void load_drop(void *ctx)
{
    drop_pair(&((load_case *)ctx)->p);
}

Test(alloc_fail, loading_the_tiny_model_and_scenario)
{
    load_case c = {DATA "/tiny-model.xml", DATA "/tiny-scenario.xml", {0}};
    fail_each(&(stage){"load tiny", load_run, load_show, load_drop, &c});
}

Test(alloc_fail, loading_a_scenario_on_real_units)
{
    load_case c = {DATA "/tiny-model.xml", DATA "/real-tiny.xml", {0}};
    fail_each(&(stage){"load real units", load_run, load_show, load_drop, &c});
}

/* ---- (b) appraisal and solve ----------------------------------------------------------------- */

static fpt_status solve_run(void *ctx, fpt_error *err)
{
    pipeline *p = ctx;
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_status st = fpt_appraisal_build(p->model, p->scenario, &p->appraisal, err);
    cr_assert((st == FPT_OK) == (p->appraisal != NULL), "appraisal: status %d, out %p", (int)st,
              (void *)p->appraisal);
    if (st == FPT_OK) {
        st = fpt_solve(p->appraisal, &o, &p->solution, err);
        cr_assert((st == FPT_OK) == (p->solution != NULL), "solve: status %d, out %p", (int)st,
                  (void *)p->solution);
    }
    return st;
}

static char *solve_show(void *ctx)
{
    return render(ctx, FPT_FORMAT_JSON);
}

static void solve_drop(void *ctx)
{
    drop_solution(ctx);
}

Test(alloc_fail, appraising_and_solving)
{
    pipeline p = load_pair(DATA "/tiny-model.xml", DATA "/tiny-scenario.xml");
    fail_each(&(stage){"appraise and solve", solve_run, solve_show, solve_drop, &p});
    drop_pair(&p);
}

/* Weight stability (threads = 1); per-criterion failures count as the run's, as for the sweep. */
static fpt_status stability_run(void *ctx, fpt_error *err)
{
    pipeline *p = ctx;
    fpt_stability_options o;
    fpt_stability_options_init(&o);
    o.threads = 1;
    o.grid = 2; /* the default 41 points and 1e-4 take 25,000 allocations: minutes of runs */
    o.tolerance = 0.25;
    fpt_status st = fpt_stability_run(p->model, p->scenario, &o, &p->stability, err);
    cr_assert((st == FPT_OK) == (p->stability != NULL), "stability: status %d, out %p", (int)st,
              (void *)p->stability);
    for (int k = 0; st == FPT_OK && k < FPT_N_CRITERIA; k++) {
        if (p->stability->criterion[k].status != FPT_OK) {
            st = fpt_error_set(err, p->stability->criterion[k].status, NULL, 0, "criterion %d: %s",
                               k, fpt_strerror(p->stability->criterion[k].status));
        }
    }
    return st;
}

static char *stability_show(void *ctx)
{
    return render(ctx, FPT_FORMAT_JSON);
}

static void stability_drop(void *ctx)
{
    pipeline *p = ctx;
    fpt_stability_free(p->stability);
    p->stability = NULL;
}

Test(alloc_fail, computing_weight_stability)
{
    pipeline p = load_pair(DATA "/tiny-model.xml", DATA "/tiny-scenario.xml");
    solve_pair(&p);
    fail_each(&(stage){"stability", stability_run, stability_show, stability_drop, &p});
    drop_solution(&p);
    drop_pair(&p);
}

/* ---- (c) reports ----------------------------------------------------------------------------- */

/* Every output of p->render, one after the other. */
static fpt_status render_run(void *ctx, fpt_error *err)
{
    pipeline *p = ctx;
    fpt_status st = FPT_OK;
    for (size_t i = 0; i < p->n_texts && st == FPT_OK; i++) {
        size_t len = 0;
        st = p->render(p, i, &p->texts[i], &len, err);
        cr_assert((st == FPT_OK) == (p->texts[i] != NULL), "output %zu: status %d, text %p", i,
                  (int)st, (void *)p->texts[i]);
        cr_assert(st != FPT_OK || strlen(p->texts[i]) == len, "output %zu: length %zu", i, len);
    }
    return st;
}

static char *render_show(void *ctx)
{
    const pipeline *p = ctx;
    size_t size = 1;
    for (size_t i = 0; i < p->n_texts; i++) {
        size += strlen(p->texts[i]);
    }
    char *text = malloc(size);
    cr_assert(text != NULL);
    text[0] = '\0';
    for (size_t i = 0; i < p->n_texts; i++) {
        strcat(text, p->texts[i]);
    }
    return text;
}

static void render_drop(void *ctx)
{
    pipeline *p = ctx;
    for (size_t i = 0; i < p->n_texts; i++) {
        free(p->texts[i]);
        p->texts[i] = NULL;
    }
}

static void render_each(const char *name, pipeline *p, render_fn fn, size_t n_texts)
{
    p->render = fn;
    p->n_texts = n_texts;
    fail_each(&(stage){name, render_run, render_show, render_drop, p});
}

/* The table, the CSV and the JSON of a solve. */
static fpt_status render_report(const pipeline *p, size_t i, char **text, size_t *len,
                                fpt_error *err)
{
    const fpt_format formats[] = {FPT_FORMAT_TABLE, FPT_FORMAT_CSV, FPT_FORMAT_JSON};
    fpt_report_input in = {.model = p->model,
                           .scenario = p->scenario,
                           .appraisal = p->appraisal,
                           .solution = p->solution,
                           .stability = p->stability};
    return fpt_report_render(&in, formats[i], text, len, err);
}

static void render_pair(const char *name, const char *model, const char *scenario)
{
    pipeline p = load_pair(model, scenario);
    solve_pair(&p);
    render_each(name, &p, render_report, 3);
    drop_solution(&p);
    drop_pair(&p);
}

Test(alloc_fail, rendering_the_table_csv_and_json)
{
    render_pair("render", DATA "/tiny-model.xml", DATA "/tiny-scenario.xml");
}

Test(alloc_fail, rendering_a_plan_on_real_units)
{
    render_pair("render real units", DATA "/tiny-model.xml", DATA "/real-tiny.xml");
}

/* The England model with a pool too small: the JSON explains the clash. */
Test(alloc_fail, rendering_an_infeasible_scenario)
{
    render_pair("render infeasible", FPT_SOURCE_DIR "/models/england2013.xml",
                FPT_SOURCE_DIR "/scenarios/infeasible-pool.xml");
}

Test(alloc_fail, rendering_a_plan_with_its_weight_stability)
{
    pipeline p = load_pair(DATA "/tiny-model.xml", DATA "/tiny-scenario.xml");
    solve_pair(&p);
    fpt_stability_options o;
    fpt_stability_options_init(&o);
    o.threads = 1;
    fpt_error err = {0};
    cr_assert(fpt_stability_run(p.model, p.scenario, &o, &p.stability, &err) == FPT_OK);
    render_each("render stability", &p, render_report, 3);
    fpt_stability_free(p.stability);
    drop_solution(&p);
    drop_pair(&p);
}

/* scenarios.csv, summary.csv and sweep.json. */
static fpt_status render_sweep(const pipeline *p, size_t i, char **text, size_t *len,
                               fpt_error *err)
{
    fpt_sweep_report_input in = {
        .model = p->model, .scenario = p->scenario, .run = p->run, .provenance = &p->provenance};
    switch (i) {
    case 0:
        return fpt_sweep_render_scenarios_csv(&in, text, len, err);
    case 1:
        return fpt_sweep_render_summary_csv(&in, text, len, err);
    default:
        return fpt_sweep_render_json(&in, text, len, err);
    }
}

static void sweep_fixture(pipeline *p)
{
    fpt_sweep_options o;
    fpt_sweep_options_init(&o);
    o.threads = 1;
    fpt_error err = {0};
    cr_assert(fpt_sweep_run_all(p->model, p->scenario, &o, &p->run, &err) == FPT_OK);
    cr_assert(fpt_provenance_fill(&p->provenance, p->model, p->scenario, &o.solve, &err) == FPT_OK,
              "%s", err.message);
}

Test(alloc_fail, rendering_a_sweep)
{
    pipeline p = load_pair(DATA "/twins-model.xml", DATA "/twins-sweep.xml");
    sweep_fixture(&p);
    render_each("render sweep", &p, render_sweep, 3);
    fpt_sweep_run_free(p.run);
    drop_pair(&p);
}

/* The partition's table, CSV, JSON and SVG. */
static fpt_status render_partition(const pipeline *p, size_t i, char **text, size_t *len,
                                   fpt_error *err)
{
    return fpt_partition_render(p->geography, p->partition, (fpt_districts_format)i, text, len,
                                err);
}

static void partition_fixture(pipeline *p)
{
    fpt_error err = {0};
    cr_assert(load_geography(DATA "/geo-tiny.csv", &p->geography));
    fpt_districts_options o;
    fpt_districts_options_init(&o);
    o.n_units = 2;
    o.target_pop = 0;
    cr_assert(fpt_districts_solve(p->geography, &o, &p->partition, &err) == FPT_OK);
}

Test(alloc_fail, rendering_a_partition)
{
    pipeline p = {0};
    partition_fixture(&p);
    render_each("render partition", &p, render_partition, 4);
    fpt_partition_free(p.partition);
    fpt_geography_free(p.geography);
}

/* The sizing curve's table, CSV and JSON. */
static fpt_status render_sizing(const pipeline *p, size_t i, char **text, size_t *len,
                                fpt_error *err)
{
    return fpt_sizing_render(p->model, p->scenario, p->sizing, (fpt_sizing_format)i, text, len,
                             err);
}

/* bi-data's curve on the two-hub level of real-tiny.xml, for two and three hubs. */
static void sizing_fixture(pipeline *p)
{
    fpt_error err = {0};
    cr_assert(load_geography(p->scenario->geography_path, &p->geography));
    fpt_sizing_options o;
    fpt_sizing_options_init(&o);
    o.function = (size_t)fpt_model_find_function(p->model, "bi-data");
    o.level = (size_t)fpt_scenario_find_level(p->scenario, "hub");
    o.k_min = 2;
    o.k_max = 3;
    o.threads = 1;
    cr_assert(fpt_sizing_run(p->model, p->scenario, p->geography, &o, &p->sizing, &err) == FPT_OK,
              "%s", err.message);
}

static fpt_status sizing_run(void *ctx, fpt_error *err)
{
    pipeline *p = ctx;
    fpt_sizing_options o;
    fpt_sizing_options_init(&o);
    o.function = (size_t)fpt_model_find_function(p->model, "bi-data");
    o.level = (size_t)fpt_scenario_find_level(p->scenario, "hub");
    o.k_min = 2;
    o.k_max = 3;
    o.threads = 1;
    fpt_status st = fpt_sizing_run(p->model, p->scenario, p->geography, &o, &p->sizing, err);
    cr_assert((st == FPT_OK) == (p->sizing != NULL), "sizing: status %d, out %p", (int)st,
              (void *)p->sizing);
    return st;
}

static char *sizing_show(void *ctx)
{
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    cr_assert(render_sizing(ctx, 2, &text, &len, &err) == FPT_OK);
    return text;
}

static void sizing_drop(void *ctx)
{
    pipeline *p = ctx;
    fpt_sizing_free(p->sizing);
    p->sizing = NULL;
}

Test(alloc_fail, sizing_two_and_three_hubs)
{
    pipeline p = load_pair(DATA "/tiny-model.xml", DATA "/real-tiny.xml");
    cr_assert(load_geography(p.scenario->geography_path, &p.geography));
    fail_each(&(stage){"sizing", sizing_run, sizing_show, sizing_drop, &p});
    fpt_geography_free(p.geography);
    drop_pair(&p);
}

Test(alloc_fail, rendering_a_sizing_curve)
{
    pipeline p = load_pair(DATA "/tiny-model.xml", DATA "/real-tiny.xml");
    sizing_fixture(&p);
    render_each("render sizing", &p, render_sizing, 3);
    fpt_sizing_free(p.sizing);
    fpt_geography_free(p.geography);
    drop_pair(&p);
}

/* ---- (c2) workbooks ----------------------------------------------------------------------------
 */

/* A workbook's bytes as text for render_run and render_show: each zero byte written '0'. */
static fpt_status as_text(fpt_status st, char *data, size_t len)
{
    for (size_t k = 0; st == FPT_OK && k < len; k++) {
        data[k] = data[k] == '\0' ? '0' : data[k];
    }
    return st;
}

/* The workbook of a solve, a sweep, a partition or a sizing curve, by what p holds. */
static fpt_status render_workbook(const pipeline *p, size_t i, char **text, size_t *len,
                                  fpt_error *err)
{
    (void)i;
    fpt_status st;
    if (p->sizing != NULL) {
        fpt_sizing_options o;
        fpt_sizing_options_init(&o);
        st = fpt_xlsx_render_sizing(p->model, p->scenario, p->geography, p->sizing, &o,
                                    &p->provenance, text, len, err);
    } else if (p->partition != NULL) {
        fpt_districts_options o;
        fpt_districts_options_init(&o);
        st = fpt_xlsx_render_partition(p->geography, p->partition, &o, "0123456789abcdef", text,
                                       len, err);
    } else if (p->run != NULL) {
        fpt_sweep_report_input in = {.model = p->model,
                                     .scenario = p->scenario,
                                     .run = p->run,
                                     .provenance = &p->provenance};
        st = fpt_xlsx_render_sweep(&in, text, len, err);
    } else {
        fpt_report_input in = {.model = p->model,
                               .scenario = p->scenario,
                               .appraisal = p->appraisal,
                               .solution = p->solution,
                               .stability = p->stability,
                               .why = p->why};
        st = fpt_xlsx_render_solve(&in, &p->provenance, text, len, err);
    }
    return as_text(st, *text, *len);
}

static void provenance_fixture(pipeline *p)
{
    fpt_error err = {0};
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    cr_assert(fpt_provenance_fill(&p->provenance, p->model, p->scenario, &o, &err) == FPT_OK, "%s",
              err.message);
}

Test(alloc_fail, rendering_the_workbook_of_a_plan_with_its_why_and_weight_stability)
{
    pipeline p = load_pair(DATA "/tiny-model.xml", DATA "/real-tiny.xml");
    solve_pair(&p);
    provenance_fixture(&p);
    fpt_stability_options o;
    fpt_stability_options_init(&o);
    o.threads = 1;
    fpt_error err = {0};
    cr_assert(fpt_stability_run(p.model, p.scenario, &o, &p.stability, &err) == FPT_OK);
    fpt_why_options wo;
    fpt_why_options_init(&wo);
    wo.threads = 1;
    cr_assert(fpt_why_run(p.model, p.scenario, p.appraisal, p.solution, &wo, &p.why, &err) ==
                  FPT_OK,
              "%s", err.message);
    render_each("workbook of a plan", &p, render_workbook, 1);
    fpt_why_free(p.why);
    fpt_stability_free(p.stability);
    drop_solution(&p);
    drop_pair(&p);
}

Test(alloc_fail, rendering_the_workbook_of_an_infeasible_scenario)
{
    pipeline p = load_pair(FPT_SOURCE_DIR "/models/england2013.xml",
                           FPT_SOURCE_DIR "/scenarios/infeasible-pool.xml");
    solve_pair(&p);
    provenance_fixture(&p);
    render_each("workbook infeasible", &p, render_workbook, 1);
    drop_solution(&p);
    drop_pair(&p);
}

Test(alloc_fail, rendering_the_workbooks_of_a_sweep_a_partition_and_a_sizing_curve)
{
    pipeline p = load_pair(DATA "/twins-model.xml", DATA "/twins-sweep.xml");
    sweep_fixture(&p);
    render_each("workbook of a sweep", &p, render_workbook, 1);
    fpt_sweep_run_free(p.run);
    drop_pair(&p);
    pipeline d = {0};
    partition_fixture(&d);
    render_each("workbook of a partition", &d, render_workbook, 1);
    fpt_partition_free(d.partition);
    fpt_geography_free(d.geography);
    pipeline z = load_pair(DATA "/tiny-model.xml", DATA "/real-tiny.xml");
    sizing_fixture(&z);
    provenance_fixture(&z);
    render_each("workbook of a sizing curve", &z, render_workbook, 1);
    fpt_sizing_free(z.sizing);
    fpt_geography_free(z.geography);
    drop_pair(&z);
}

/* ---- (d) a sweep and a districting ----------------------------------------------------------- */

/* The run's status, or the first scenario's failure when the run itself succeeded. */
static fpt_status sweep_run(void *ctx, fpt_error *err)
{
    pipeline *p = ctx;
    fpt_sweep_options o;
    fpt_sweep_options_init(&o);
    o.threads = 1;
    fpt_status st = fpt_sweep_run_all(p->model, p->scenario, &o, &p->run, err);
    cr_assert((st == FPT_OK) == (p->run != NULL), "sweep: status %d, run %p", (int)st,
              (void *)p->run);
    for (size_t i = 0; p->run != NULL && i < p->run->n_scenarios && st == FPT_OK; i++) {
        const fpt_sweep_result *r = &p->run->results[i];
        cr_assert(r->done, "scenario %zu was not run", i);
        if (r->status != FPT_OK) {
            cr_assert(r->message[0] != '\0', "scenario %zu failed without a message", i);
            st = fpt_error_set(err, r->status, NULL, 0, "scenario %zu: %s", i, r->message);
        }
    }
    return st;
}

/* Each scenario's result, objective and levels. */
static char *sweep_show(void *ctx)
{
    const fpt_sweep_run *run = ((pipeline *)ctx)->run;
    size_t size = 64 * run->n_scenarios * (run->n_functions + 2), used = 0;
    char *text = malloc(size);
    cr_assert(text != NULL);
    text[0] = '\0';
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        used += (size_t)snprintf(text + used, size - used, "%zu %d %.9g", i, (int)r->result,
                                 r->objective);
        for (size_t f = 0; r->level != NULL && f < run->n_functions; f++) {
            used += (size_t)snprintf(text + used, size - used, " %zu", r->level[f]);
        }
        used += (size_t)snprintf(text + used, size - used, "\n");
    }
    return text;
}

static void sweep_drop(void *ctx)
{
    pipeline *p = ctx;
    fpt_sweep_run_free(p->run);
    p->run = NULL;
}

Test(alloc_fail, sweeping_six_scenarios)
{
    pipeline p = load_pair(DATA "/twins-model.xml", DATA "/twins-sweep.xml");
    fail_each(&(stage){"sweep", sweep_run, sweep_show, sweep_drop, &p});
    drop_pair(&p);
}

static fpt_status districts_run(void *ctx, fpt_error *err)
{
    pipeline *p = ctx;
    fpt_diags d = {0};
    fpt_status st = fpt_geography_load(DATA "/geo-tiny.csv", &p->geography, &d, err);
    cr_assert((st == FPT_OK) == (p->geography != NULL), "geography: status %d, out %p", (int)st,
              (void *)p->geography);
    if (st == FPT_OK) {
        fpt_districts_options o;
        fpt_districts_options_init(&o);
        o.n_units = 2;
        o.target_pop = 0;
        st = fpt_districts_solve(p->geography, &o, &p->partition, err);
        cr_assert((st == FPT_OK) == (p->partition != NULL), "districts: status %d, out %p", (int)st,
                  (void *)p->partition);
    }
    fpt_diags_clear(&d);
    return st;
}

static char *districts_show(void *ctx)
{
    const pipeline *p = ctx;
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    cr_assert(fpt_partition_render(p->geography, p->partition, FPT_DISTRICTS_JSON, &text, &len,
                                   &err) == FPT_OK);
    return text;
}

static void districts_drop(void *ctx)
{
    pipeline *p = ctx;
    fpt_partition_free(p->partition);
    fpt_geography_free(p->geography);
    p->partition = NULL;
    p->geography = NULL;
}

Test(alloc_fail, districting_eight_ccgs)
{
    pipeline p = {0};
    fail_each(&(stage){"districts", districts_run, districts_show, districts_drop, &p});
}
