/* SPDX-License-Identifier: MIT */
/*
 * Renders sweep results (report/sweep_report.h) as CSV or JSON, and hashes input files for
 * the provenance stamp. The per-function summary is the sweep's acceptability tally
 * (fpt_sweep_acceptability, run/sweep.c), nearest-rank percentiles included, so no
 * interpolation can make outputs differ between runs. Text is built in memory; never prints.
 */
#include "report/sweep_report.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/text.h"
#include "footprint/variant.h"
#include "report/report_explain.h"
#include "report/robust_report.h"

/* ---- provenance -------------------------------------------------------------------------- */

/* Fold a file's bytes into the FNV-1a 64 state *h. */
static fpt_status hash_into(const char *path, uint64_t *h, fpt_error *err)
{
    const char *not_regular = NULL;
    FILE *f = fpt_file_open_regular(path, &not_regular);
    if (not_regular != NULL) {
        return fpt_file_refuse(path, not_regular, err);
    }
    if (f == NULL) {
        return fpt_error_set(err, FPT_EIO, path, 0, "cannot read '%s': %s", path, strerror(errno));
    }
    unsigned char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        *h = fpt_fnv1a64(*h, buf, n);
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        return fpt_error_set(err, FPT_EIO, path, 0, "cannot read '%s'", path);
    }
    return FPT_OK;
}

fpt_status fpt_provenance_hash_file(const char *path, char out[17], fpt_error *err)
{
    uint64_t h = FPT_FNV1A64_OFFSET;
    FPT_TRY(hash_into(path, &h, err));
    fpt_fnv1a64_hex(h, out);
    return FPT_OK;
}

/* The geography file and then each partition file, in level order, as one FNV-1a 64. */
static fpt_status hash_data(const fpt_scenario *s, char out[17], fpt_error *err)
{
    uint64_t h = FPT_FNV1A64_OFFSET;
    FPT_TRY(hash_into(s->geography_path, &h, err));
    for (size_t l = 0; l < s->n_levels; l++) {
        if (s->levels[l].grouping == FPT_GROUPING_PARTITION) {
            FPT_TRY(hash_into(s->levels[l].file, &h, err));
        }
    }
    fpt_fnv1a64_hex(h, out);
    return FPT_OK;
}

fpt_status fpt_provenance_fill(fpt_provenance *p, const fpt_model *m, const fpt_scenario *s,
                               const fpt_solve_options *o, fpt_error *err)
{
    memset(p, 0, sizeof *p);
    snprintf(p->footprint, sizeof p->footprint, "%s", FPT_VERSION);
    snprintf(p->glpk, sizeof p->glpk, "%s", fpt_solver_version());
    p->mip_gap = o->mip_gap;
    p->time_limit_s = o->time_limit_s;
    memcpy(p->model_hash, m->fnv1a64, sizeof p->model_hash);
    memcpy(p->scenario_hash, s->fnv1a64, sizeof p->scenario_hash);
    return s->geography_path != NULL ? hash_data(s, p->data_hash, err) : FPT_OK;
}

/* ---- shared -------------------------------------------------------------------------------- */

static const char *status_name(const fpt_sweep_result *r)
{
    return r->status == FPT_OK ? fpt_result_name(r->result) : "error";
}

typedef fpt_status (*render_fn)(FILE *out, const fpt_sweep_report_input *in);

static fpt_status render_with(render_fn fn, const fpt_sweep_report_input *in, char **text,
                              size_t *len, fpt_error *err)
{
    FILE *out = fpt_text_open(text, len);
    fpt_status st = out != NULL ? fn(out, in) : FPT_ENOMEM;
    return fpt_text_close(out, st, text, len, "the sweep", err);
}

/* ---- CSV ----------------------------------------------------------------------------------- */

static void write_scenarios_header(FILE *out, const fpt_sweep_report_input *in)
{
    fputs("index,sample", out);
    for (size_t a = 0; a < in->scenario->n_axes; a++) {
        fputc(',', out);
        fpt_csv_field(out, in->scenario->axes[a].target);
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fprintf(out, ",weight.%s", fpt_criterion_id(k));
    }
    fputs(
        ",population,status,message,objective,gap,tie_broken,cost_gbp,cost_per_head_gbp,setup_gbp",
        out);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fprintf(out, ",%s", in->model->functions[f].id);
    }
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fprintf(out, ",%s_cost_gbp", in->model->functions[f].id);
    }
    fputs(",reason,explanation,clashes\n", out);
}

static void write_plan_fields(FILE *out, const fpt_sweep_report_input *in,
                              const fpt_sweep_result *r)
{
    bool plan = fpt_sweep_result_has_plan(r);
    if (!plan) {
        fputs(",,,,,,", out);
    } else {
        fpt_csv_number(out, r->objective, FPT_CSV_GBP);
        fpt_csv_number(out, r->gap, FPT_CSV_RATIO);
        fprintf(out, ",%s", r->tied ? "yes" : "no");
        fpt_csv_number(out, r->cost_gbp, FPT_CSV_GBP);
        fpt_csv_number(out, r->cost_gbp / r->population, FPT_CSV_GBP);
        fpt_csv_number(out, r->setup_gbp, FPT_CSV_GBP);
    }
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fprintf(out, ",%s", plan ? in->scenario->levels[r->level[f]].id : "");
    }
    for (size_t f = 0; f < in->model->n_functions; f++) {
        fpt_csv_number(out, plan ? r->function_cost_gbp[f] : NAN, FPT_CSV_GBP);
    }
}

/* ---- why a scenario is infeasible ------------------------------------------------------- */

/* One clash's name: "budget", "pool:ID" or "locks:FUNCTION". */
static void write_clash_name(FILE *out, const fpt_model *m, const fpt_clash *c)
{
    if (c->kind == FPT_CLASH_BUDGET) {
        fputs("budget", out);
    } else if (c->kind == FPT_CLASH_POOL) {
        fprintf(out, "pool:%s", m->pools[c->index].id);
    } else {
        fprintf(out, "locks:%s", m->functions[c->index].id);
    }
}

void fpt_sweep_write_reason(FILE *out, const fpt_model *m, const fpt_clash *c, size_t n)
{
    if (n == 0) {
        fputs("unexplained", out);
    }
    for (size_t i = 0; i < n; i++) {
        fputs(i == 0 ? "" : "+", out);
        write_clash_name(out, m, &c[i]);
    }
}

/* A field made by a writer, as one CSV field after a comma; false when out of memory. */
typedef void (*field_fn)(FILE *out, const fpt_sweep_report_input *in, const fpt_sweep_result *r);

static bool write_field(FILE *out, const fpt_sweep_report_input *in, const fpt_sweep_result *r,
                        field_fn fn)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL) {
        return false;
    }
    fn(mem, in, r);
    bool ok = !ferror(mem);
    ok = fclose(mem) == 0 && ok && text != NULL;
    fputc(',', out);
    fpt_csv_field(out, ok ? text : "");
    free(text);
    return ok;
}

static void reason_field(FILE *out, const fpt_sweep_report_input *in, const fpt_sweep_result *r)
{
    fpt_sweep_write_reason(out, in->model, r->clashes, r->n_clashes);
}

/* solve's sentences (report/report_explain.h), joined by "; ". */
static void explanation_field(FILE *out, const fpt_sweep_report_input *in,
                              const fpt_sweep_result *r)
{
    for (size_t i = 0; i < r->n_clashes; i++) {
        fputs(i == 0 ? "" : "; ", out);
        fpt_explain_clash(out, in->model, in->scenario, r->population, &r->clashes[i]);
    }
}

/* "NAME NEEDED/AVAILABLE/LEAST" per clash (locks: the name alone), joined by ";": £ a year
 * to the penny for the budget, scarce WTE to the hundredth for a pool. */
static void clashes_field(FILE *out, const fpt_sweep_report_input *in, const fpt_sweep_result *r)
{
    for (size_t i = 0; i < r->n_clashes; i++) {
        const fpt_clash *c = &r->clashes[i];
        fputs(i == 0 ? "" : ";", out);
        write_clash_name(out, in->model, c);
        if (c->kind != FPT_CLASH_LOCKS) {
            fprintf(out, " %.2f/%.2f/%.2f", c->needed, c->available, c->needed_alone);
        }
    }
}

/* False when out of memory. */
static bool write_reason_fields(FILE *out, const fpt_sweep_report_input *in,
                                const fpt_sweep_result *r)
{
    if (r->n_clashes == 0) {
        fputs(",,,", out);
        return true;
    }
    bool ok = write_field(out, in, r, reason_field);
    ok = write_field(out, in, r, explanation_field) && ok;
    return write_field(out, in, r, clashes_field) && ok;
}

/* False when out of memory. */
static bool write_scenario_row(FILE *out, const fpt_sweep_report_input *in, size_t i)
{
    const fpt_sweep_run *run = in->run;
    const fpt_sweep_result *r = &run->results[i];
    fprintf(out, "%zu,%zu", i, fpt_variant_sample(in->scenario, i));
    for (size_t a = 0; a < run->n_axes; a++) {
        fpt_csv_number(out, run->axis_values[i * run->n_axes + a], FPT_CSV_VALUE);
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fpt_csv_number(out, r->weight[k], FPT_CSV_RATIO);
    }
    fpt_csv_number(out, r->population > 0 ? r->population : NAN, FPT_CSV_WHOLE);
    fprintf(out, ",%s,", status_name(r));
    fpt_csv_field(out, r->status == FPT_OK ? "" : r->message);
    write_plan_fields(out, in, r);
    bool ok = write_reason_fields(out, in, r);
    fputc('\n', out);
    return ok;
}

static fpt_status scenarios_csv(FILE *out, const fpt_sweep_report_input *in)
{
    write_scenarios_header(out, in);
    bool ok = true;
    for (size_t i = 0; i < in->run->n_scenarios; i++) {
        if (in->run->results[i].done) {
            ok = write_scenario_row(out, in, i) && ok;
        }
    }
    return ok ? FPT_OK : FPT_ENOMEM;
}

static void write_summary_header(FILE *out, const fpt_sweep_report_input *in)
{
    fputs("function,scenarios_with_plan", out);
    for (size_t l = 0; l < in->scenario->n_levels; l++) {
        fprintf(out, ",share_%s", in->scenario->levels[l].id);
    }
    for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
        fprintf(out, ",cost_per_head_p%g_gbp", fpt_sweep_percentile(p));
    }
    fputc('\n', out);
}

static void write_summary_row(FILE *out, const fpt_sweep_report_input *in, size_t f,
                              const fpt_acceptability *row)
{
    bool plan = f == in->model->n_functions;
    fprintf(out, "%s,%zu", plan ? "plan" : in->model->functions[f].id, row->n_plans);
    for (size_t l = 0; l < in->scenario->n_levels; l++) {
        double share =
            plan || row->n_plans == 0 ? NAN : (double)row->count[l] / (double)row->n_plans;
        fpt_csv_number(out, share, FPT_CSV_RATIO);
    }
    for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
        fpt_csv_number(out, row->cost_per_head_gbp[p], FPT_CSV_GBP);
    }
    fputc('\n', out);
}

static fpt_status summary_csv(FILE *out, const fpt_sweep_report_input *in)
{
    write_summary_header(out, in);
    for (size_t f = 0; f <= in->model->n_functions; f++) {
        fpt_acceptability row;
        FPT_TRY(fpt_sweep_acceptability(in->run, in->scenario->n_levels, f, &row));
        write_summary_row(out, in, f, &row);
        fpt_acceptability_clear(&row);
    }
    return FPT_OK;
}

/* The scenarios a run holds: done, with a plan, infeasible, in error. */
typedef struct counts {
    size_t done, plans, infeasible, failed;
} counts;

static counts count_results(const fpt_sweep_run *run)
{
    counts c = {0};
    for (size_t i = 0; i < run->n_scenarios; i++) {
        const fpt_sweep_result *r = &run->results[i];
        c.done += r->done;
        c.plans += fpt_sweep_result_has_plan(r);
        c.infeasible += fpt_sweep_result_is_infeasible(r);
        c.failed += r->done && r->status != FPT_OK;
    }
    return c;
}

static fpt_status infeasible_csv(FILE *out, const fpt_sweep_report_input *in)
{
    fpt_infeasible_reason *reasons = NULL;
    size_t n = 0;
    FPT_TRY(fpt_sweep_infeasible_reasons(in->run, &reasons, &n));
    counts c = count_results(in->run);
    fputs("reason,scenarios,share_of_scenarios,first_index\n", out);
    for (size_t i = 0; i < n; i++) {
        fpt_sweep_write_reason(out, in->model, reasons[i].clashes, reasons[i].n_clashes);
        fprintf(out, ",%zu", reasons[i].scenarios);
        fpt_csv_number(out, (double)reasons[i].scenarios / (double)c.done, FPT_CSV_RATIO);
        fprintf(out, ",%zu\n", reasons[i].first);
    }
    free(reasons);
    return FPT_OK;
}

static fpt_status robust_csv(FILE *out, const fpt_sweep_report_input *in)
{
    fpt_robust_write_csv(out, in);
    return FPT_OK;
}

fpt_status fpt_sweep_render_robust_csv(const fpt_sweep_report_input *in, char **text, size_t *len,
                                       fpt_error *err)
{
    return render_with(robust_csv, in, text, len, err);
}

fpt_status fpt_sweep_render_infeasible_csv(const fpt_sweep_report_input *in, char **text,
                                           size_t *len, fpt_error *err)
{
    return render_with(infeasible_csv, in, text, len, err);
}

/* "1,000 scenarios: 883 with a plan, 117 infeasible — budget 80, analysts 37". */
static fpt_status counts_line(FILE *out, const fpt_sweep_report_input *in)
{
    fpt_infeasible_reason *reasons = NULL;
    size_t n = 0;
    FPT_TRY(fpt_sweep_infeasible_reasons(in->run, &reasons, &n));
    counts c = count_results(in->run);
    char done[32], plans[32], infeasible[32];
    fpt_text_grouped(done, sizeof done, (double)c.done);
    fpt_text_grouped(plans, sizeof plans, (double)c.plans);
    fpt_text_grouped(infeasible, sizeof infeasible, (double)c.infeasible);
    fprintf(out, "%s scenario%s: %s with a plan, %s infeasible", done, c.done == 1 ? "" : "s",
            plans, infeasible);
    for (size_t i = 0; i < n; i++) {
        fputs(i == 0 ? " — " : ", ", out);
        fpt_sweep_write_reason_short(out, in->model, reasons[i].clashes, reasons[i].n_clashes);
        fprintf(out, " %zu", reasons[i].scenarios);
    }
    if (c.failed > 0) {
        fprintf(out, "; %zu could not be built or solved", c.failed);
    }
    fputc('\n', out);
    free(reasons);
    return FPT_OK;
}

void fpt_sweep_write_reason_short(FILE *out, const fpt_model *m, const fpt_clash *c, size_t n)
{
    if (n == 0) {
        fputs("unexplained", out);
    }
    for (size_t i = 0; i < n; i++) {
        fputs(i == 0 ? "" : "+", out);
        if (c[i].kind == FPT_CLASH_BUDGET) {
            fputs("budget", out);
        } else if (c[i].kind == FPT_CLASH_POOL) {
            fputs(m->pools[c[i].index].id, out);
        } else {
            fprintf(out, "locks on %s", m->functions[c[i].index].id);
        }
    }
}

fpt_status fpt_sweep_render_counts(const fpt_sweep_report_input *in, char **text, size_t *len,
                                   fpt_error *err)
{
    return render_with(counts_line, in, text, len, err);
}

fpt_status fpt_sweep_render_scenarios_csv(const fpt_sweep_report_input *in, char **text,
                                          size_t *len, fpt_error *err)
{
    return render_with(scenarios_csv, in, text, len, err);
}

fpt_status fpt_sweep_render_summary_csv(const fpt_sweep_report_input *in, char **text, size_t *len,
                                        fpt_error *err)
{
    return render_with(summary_csv, in, text, len, err);
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static json_t *real_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *fpt_sweep_provenance_json(const fpt_sweep_report_input *in)
{
    const fpt_provenance *p = in->provenance;
    json_t *o = json_object();
    o = fpt_json_put(o, "footprint", json_string(p->footprint));
    o = fpt_json_put(o, "glpk", json_string(p->glpk));
    o = fpt_json_put(o, "model", json_string(in->model->id));
    o = fpt_json_put(o, "model_fnv1a64", json_string(p->model_hash));
    o = fpt_json_put(o, "scenario", json_string(in->scenario->id));
    o = fpt_json_put(o, "scenario_fnv1a64", json_string(p->scenario_hash));
    if (p->data_hash[0] != '\0') {
        o = fpt_json_put(o, "data_fnv1a64", json_string(p->data_hash));
    }
    o = fpt_json_put(o, "scenarios", json_integer((json_int_t)in->run->n_scenarios));
    o = fpt_json_put(o, "mip_gap", json_real(p->mip_gap));
    o = fpt_json_put(o, "time_limit_s", json_real(p->time_limit_s));
    return o;
}

/* A single run's stamp: the sweep's without the scenario count. */
static fpt_status solve_provenance_json(FILE *out, const fpt_sweep_report_input *in)
{
    json_t *o = fpt_sweep_provenance_json(in);
    if (o != NULL) {
        json_object_del(o, "scenarios");
    }
    return fpt_json_write(out, o);
}

fpt_status fpt_provenance_render_json(const fpt_model *m, const fpt_scenario *s,
                                      const fpt_provenance *p, char **text, size_t *len,
                                      fpt_error *err)
{
    fpt_sweep_run none = {0};
    fpt_sweep_report_input in = {.model = m, .scenario = s, .run = &none, .provenance = p};
    return render_with(solve_provenance_json, &in, text, len, err);
}

static fpt_status provenance_json(FILE *out, const fpt_sweep_report_input *in)
{
    return fpt_json_write(out, fpt_sweep_provenance_json(in));
}

fpt_status fpt_sweep_render_provenance_json(const fpt_sweep_report_input *in, char **text,
                                            size_t *len, fpt_error *err)
{
    return render_with(provenance_json, in, text, len, err);
}

static json_t *plan_json(const fpt_sweep_report_input *in, const fpt_sweep_result *r, json_t *o)
{
    json_t *levels = json_object(), *costs = json_object();
    for (size_t f = 0; f < in->model->n_functions; f++) {
        const char *id = in->model->functions[f].id;
        levels = fpt_json_put(levels, id, json_string(in->scenario->levels[r->level[f]].id));
        costs = fpt_json_put(costs, id, real_or_null(r->function_cost_gbp[f]));
    }
    o = fpt_json_put(o, "objective", real_or_null(r->objective));
    o = fpt_json_put(o, "gap", real_or_null(r->gap));
    o = fpt_json_put(o, "tie_broken", json_boolean(r->tied));
    o = fpt_json_put(o, "cost_gbp", real_or_null(r->cost_gbp));
    o = fpt_json_put(o, "cost_per_head_gbp", real_or_null(r->cost_gbp / r->population));
    o = fpt_json_put(o, "setup_gbp", real_or_null(r->setup_gbp));
    o = fpt_json_put(o, "levels", levels);
    o = fpt_json_put(o, "costs_gbp", costs);
    return o;
}

/* A string from a writer; NULL when out of memory. */
static json_t *string_of(const fpt_sweep_report_input *in, const fpt_sweep_result *r,
                         const fpt_clash *c,
                         void (*fn)(FILE *, const fpt_sweep_report_input *,
                                    const fpt_sweep_result *, const fpt_clash *))
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL) {
        return NULL;
    }
    fn(mem, in, r, c);
    bool failed = ferror(mem) != 0;
    json_t *v = fclose(mem) == 0 && !failed && text != NULL ? json_string(text) : NULL;
    free(text);
    return v;
}

static void one_reason(FILE *out, const fpt_sweep_report_input *in, const fpt_sweep_result *r,
                       const fpt_clash *c)
{
    (void)c;
    fpt_sweep_write_reason(out, in->model, r->clashes, r->n_clashes);
}

static void one_sentence(FILE *out, const fpt_sweep_report_input *in, const fpt_sweep_result *r,
                         const fpt_clash *c)
{
    fpt_explain_clash(out, in->model, in->scenario, r->population, c);
}

static json_t *clash_json(const fpt_sweep_report_input *in, const fpt_clash *c)
{
    json_t *o = json_object();
    const char *kinds[] = {"locks", "pool", "budget"};
    o = fpt_json_put(o, "kind", json_string(kinds[c->kind]));
    if (c->kind == FPT_CLASH_LOCKS) {
        return fpt_json_put(o, "function", json_string(in->model->functions[c->index].id));
    }
    if (c->kind == FPT_CLASH_POOL) {
        o = fpt_json_put(o, "pool", json_string(in->model->pools[c->index].id));
    }
    o = fpt_json_put(o, "needed", real_or_null(c->needed));
    o = fpt_json_put(o, "available", real_or_null(c->available));
    o = fpt_json_put(o, "shortfall", real_or_null(c->needed - c->available));
    return fpt_json_put(o, "least", real_or_null(c->needed_alone));
}

/* An infeasible scenario's reason, its clashes exactly, and solve's sentences, put into o;
 * NULL (o released) when out of memory. */
static json_t *reason_json(const fpt_sweep_report_input *in, const fpt_sweep_result *r, json_t *o)
{
    json_t *clashes = json_array(), *sentences = json_array();
    for (size_t i = 0; i < r->n_clashes; i++) {
        clashes = fpt_json_push(clashes, clash_json(in, &r->clashes[i]));
        sentences = fpt_json_push(sentences, string_of(in, r, &r->clashes[i], one_sentence));
    }
    o = fpt_json_put(o, "reason", string_of(in, r, NULL, one_reason));
    o = fpt_json_put(o, "clashes", clashes);
    return fpt_json_put(o, "explanation", sentences);
}

static json_t *scenario_json(const fpt_sweep_report_input *in, size_t i)
{
    const fpt_sweep_run *run = in->run;
    const fpt_sweep_result *r = &run->results[i];
    json_t *o = json_object(), *axes = json_object(), *weights = json_object();
    o = fpt_json_put(o, "index", json_integer((json_int_t)i));
    o = fpt_json_put(o, "sample", json_integer((json_int_t)fpt_variant_sample(in->scenario, i)));
    for (size_t a = 0; a < run->n_axes; a++) {
        axes = fpt_json_put(axes, in->scenario->axes[a].target,
                            real_or_null(run->axis_values[i * run->n_axes + a]));
    }
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        weights = fpt_json_put(weights, fpt_criterion_id(k), real_or_null(r->weight[k]));
    }
    o = fpt_json_put(o, "axes", axes);
    o = fpt_json_put(o, "weights", weights);
    o = fpt_json_put(o, "population", r->population > 0 ? json_real(r->population) : json_null());
    o = fpt_json_put(o, "status", json_string(status_name(r)));
    if (r->status != FPT_OK) {
        o = fpt_json_put(o, "message", json_string(r->message));
    }
    if (r->n_clashes > 0) {
        o = reason_json(in, r, o);
    }
    return fpt_sweep_result_has_plan(r) ? plan_json(in, r, o) : o;
}

static json_t *summary_json(const fpt_sweep_report_input *in, size_t f,
                            const fpt_acceptability *row)
{
    json_t *o = json_object(), *pct = json_object();
    bool plan = f == in->model->n_functions;
    o = fpt_json_put(o, "function", json_string(plan ? "plan" : in->model->functions[f].id));
    o = fpt_json_put(o, "scenarios_with_plan", json_integer((json_int_t)row->n_plans));
    if (!plan) {
        json_t *shares = json_object();
        for (size_t l = 0; l < in->scenario->n_levels; l++) {
            double share = row->n_plans > 0 ? (double)row->count[l] / (double)row->n_plans : NAN;
            shares = fpt_json_put(shares, in->scenario->levels[l].id, real_or_null(share));
        }
        o = fpt_json_put(o, "level_shares", shares);
    }
    for (size_t p = 0; p < FPT_N_PERCENTILES; p++) {
        char key[16];
        snprintf(key, sizeof key, "p%g", fpt_sweep_percentile(p));
        pct = fpt_json_put(pct, key, real_or_null(row->cost_per_head_gbp[p]));
    }
    o = fpt_json_put(o, "cost_per_head_gbp", pct);
    return o;
}

/* How many scenarios are infeasible, and for which reasons, most first; NULL when out of
 * memory. */
static json_t *infeasible_json(const fpt_sweep_report_input *in)
{
    fpt_infeasible_reason *reasons = NULL;
    size_t n = 0;
    if (fpt_sweep_infeasible_reasons(in->run, &reasons, &n) != FPT_OK) {
        return NULL;
    }
    counts c = count_results(in->run);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        fpt_sweep_result probe = {.clashes = (fpt_clash *)reasons[i].clashes,
                                  .n_clashes = reasons[i].n_clashes};
        json_t *o = json_object();
        o = fpt_json_put(o, "reason", string_of(in, &probe, NULL, one_reason));
        o = fpt_json_put(o, "scenarios", json_integer((json_int_t)reasons[i].scenarios));
        o = fpt_json_put(o, "share", real_or_null((double)reasons[i].scenarios / (double)c.done));
        o = fpt_json_put(o, "first_index", json_integer((json_int_t)reasons[i].first));
        list = fpt_json_push(list, o);
    }
    free(reasons);
    json_t *o = json_object();
    o = fpt_json_put(o, "scenarios", json_integer((json_int_t)c.infeasible));
    return fpt_json_put(o, "reasons", list);
}

/* The whole document, or NULL when any part of it could not be allocated. */
static json_t *build_json(const fpt_sweep_report_input *in)
{
    json_t *root = json_object(), *scenarios = json_array(), *summary = json_array();
    root = fpt_json_put(root, "provenance", fpt_sweep_provenance_json(in));
    for (size_t i = 0; i < in->run->n_scenarios; i++) {
        if (in->run->results[i].done) {
            scenarios = fpt_json_push(scenarios, scenario_json(in, i));
        }
    }
    root = fpt_json_put(root, "scenarios", scenarios);
    for (size_t f = 0; f <= in->model->n_functions; f++) {
        fpt_acceptability row;
        if (fpt_sweep_acceptability(in->run, in->scenario->n_levels, f, &row) != FPT_OK) {
            json_decref(summary);
            json_decref(root);
            return NULL;
        }
        summary = fpt_json_push(summary, summary_json(in, f, &row));
        fpt_acceptability_clear(&row);
    }
    root = fpt_json_put(root, "summary", summary);
    root = fpt_json_put(root, "infeasible", infeasible_json(in));
    return in->robust != NULL ? fpt_json_put(root, "robust", fpt_robust_json(in)) : root;
}

static fpt_status sweep_json(FILE *out, const fpt_sweep_report_input *in)
{
    json_t *root = build_json(in);
    fpt_status st = root != NULL ? FPT_OK : FPT_ENOMEM;
    if (st == FPT_OK &&
        json_dumpf(root, out, JSON_INDENT(1) | JSON_REAL_PRECISION(17) | JSON_ENSURE_ASCII) != 0) {
        st = FPT_ENOMEM;
    }
    fputc('\n', out);
    json_decref(root);
    return st;
}

fpt_status fpt_sweep_render_json(const fpt_sweep_report_input *in, char **text, size_t *len,
                                 fpt_error *err)
{
    return render_with(sweep_json, in, text, len, err);
}

/* ---- the checkpoint journal ---------------------------------------------------------------- */

/* The journal's lines are written directly rather than built as Jansson objects: a line per
 * chunk of every sweep is on the sweep's path, and building the objects cost as much again as
 * the rest of the rendering (bench/README.md "Sweeps: what checkpointing costs"). They hold
 * the fields the reader takes back (report/sweep_read.c), with the numbers as sweep.json has
 * them: 17 significant digits, null where not finite. */
static void put_number(FILE *out, double v)
{
    if (isfinite(v)) {
        fprintf(out, "%.17g", v);
    } else {
        fputs("null", out);
    }
}

/* A JSON string: quotes, backslashes and control characters escaped, other bytes as they are
 * (the model's ids are UTF-8, checked at load). */
static void put_string(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
        if (*c == '"' || *c == '\\') {
            fputc('\\', out);
            fputc(*c, out);
        } else if (*c < 0x20) {
            fprintf(out, "\\u%04x", *c);
        } else {
            fputc(*c, out);
        }
    }
    fputc('"', out);
}

static void put_key(FILE *out, const char *key, bool first)
{
    if (!first) {
        fputc(',', out);
    }
    put_string(out, key);
    fputc(':', out);
}

static void put_clash(FILE *out, const fpt_model *m, const fpt_clash *c)
{
    const char *kinds[] = {"locks", "pool", "budget"};
    put_key(out, "kind", true);
    put_string(out, kinds[c->kind]);
    if (c->kind == FPT_CLASH_LOCKS) {
        put_key(out, "function", false);
        put_string(out, m->functions[c->index].id);
        return;
    }
    if (c->kind == FPT_CLASH_POOL) {
        put_key(out, "pool", false);
        put_string(out, m->pools[c->index].id);
    }
    put_key(out, "needed", false);
    put_number(out, c->needed);
    put_key(out, "available", false);
    put_number(out, c->available);
    put_key(out, "least", false);
    put_number(out, c->needed_alone);
}

static void put_plan(FILE *out, const fpt_sweep_report_input *in, const fpt_sweep_result *r)
{
    const double fields[] = {r->objective, r->gap, r->cost_gbp, r->cost_gbp / r->population,
                             r->setup_gbp};
    const char *keys[] = {"objective", "gap", "cost_gbp", "cost_per_head_gbp", "setup_gbp"};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        put_key(out, keys[k], false);
        put_number(out, fields[k]);
    }
    put_key(out, "tie_broken", false);
    fputs(r->tied ? "true" : "false", out);
    put_key(out, "levels", false);
    fputc('{', out);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        put_key(out, in->model->functions[f].id, f == 0);
        put_string(out, in->scenario->levels[r->level[f]].id);
    }
    fputc('}', out);
    put_key(out, "costs_gbp", false);
    fputc('{', out);
    for (size_t f = 0; f < in->model->n_functions; f++) {
        put_key(out, in->model->functions[f].id, f == 0);
        put_number(out, r->function_cost_gbp[f]);
    }
    fputc('}', out);
}

/* One scenario as the journal holds it: what fill_scenario_json() reads back. */
static void put_scenario(FILE *out, const fpt_sweep_report_input *in, size_t i)
{
    const fpt_sweep_result *r = &in->run->results[i];
    fprintf(out, "{\"index\":%zu,\"sample\":%zu", i, fpt_variant_sample(in->scenario, i));
    put_key(out, "weights", false);
    for (int k = 0; k < FPT_N_CRITERIA; k++) {
        fputc(k == 0 ? '{' : ',', out);
        put_key(out, fpt_criterion_id(k), true);
        put_number(out, r->weight[k]);
    }
    fputc('}', out);
    put_key(out, "population", false);
    put_number(out, r->population > 0 ? r->population : NAN);
    put_key(out, "status", false);
    put_string(out, status_name(r));
    if (r->status != FPT_OK) {
        put_key(out, "message", false);
        put_string(out, r->message);
    }
    if (r->n_clashes > 0) {
        put_key(out, "clashes", false);
        for (size_t c = 0; c < r->n_clashes; c++) {
            fputs(c == 0 ? "[{" : ",{", out);
            put_clash(out, in->model, &r->clashes[c]);
            fputc('}', out);
        }
        fputc(']', out);
    }
    if (fpt_sweep_result_has_plan(r)) {
        put_plan(out, in, r);
    }
    fputc('}', out);
}

/* One line: the provenance, then the scenarios of first..last that are done and not written. */
static fpt_status record_line(FILE *out, const fpt_sweep_report_input *in, size_t first,
                              size_t last, const bool *written)
{
    char *provenance = NULL;
    json_t *p = fpt_sweep_provenance_json(in);
    if (p != NULL) {
        provenance = json_dumps(p, JSON_COMPACT | JSON_REAL_PRECISION(17) | JSON_ENSURE_ASCII);
    }
    json_decref(p);
    if (provenance == NULL) {
        return FPT_ENOMEM;
    }
    fprintf(out, "{\"provenance\":%s,\"scenarios\":[", provenance);
    free(provenance);
    bool any = false;
    for (size_t i = first; i < last; i++) {
        if (in->run->results[i].done && (written == NULL || !written[i])) {
            fputs(any ? "," : "", out);
            put_scenario(out, in, i);
            any = true;
        }
    }
    fputs("]}\n", out);
    return FPT_OK;
}

fpt_status fpt_sweep_render_record(const fpt_sweep_report_input *in, size_t first, size_t last,
                                   const bool *written, char **text, size_t *len, fpt_error *err)
{
    FILE *out = fpt_text_open(text, len);
    fpt_status st = out != NULL ? record_line(out, in, first, last, written) : FPT_ENOMEM;
    return fpt_text_close(out, st, text, len, "the sweep's journal", err);
}
