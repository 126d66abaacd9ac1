/* SPDX-License-Identifier: MIT */
/*
 * footprint size: load a model and a scenario with a geography → district its CCGs into
 * K = from..to units and appraise one function at each (sizing.h) → print or write the
 * curve, and with --report an HTML page with the curve and the best districting's map
 * (docs/cli.md "size").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "cli.h"
#include "cli/progress.h"
#include "footprint/geography.h"
#include "footprint/report.h"
#include "footprint/sizing.h"
#include "footprint/solve.h"
#include "report/html/html_report.h"
#include "report/sweep_report.h"
#include "report/xlsx.h"

typedef struct size_args {
    const char *model;
    const char *scenario;
    const char *function;
    const char *level;
    const char *output;
    const char *report;
    fpt_sizing_format format;
    bool xlsx;           /* --format xlsx: a workbook instead of format */
    fpt_provenance prov; /* the workbook's: the files as they were read */
    fpt_sizing_options opt;
    fpt_cli_progress progress; /* the line opt.progress draws */
} size_args;

/* The command line into a; false with *code set after help or a usage error. The format's
 * words are fpt_sizing_format_from_name()'s (test-cli-options checks the table against it). */
static bool parse_args(int argc, char **argv, size_args *a, int *code)
{
    fpt_cli_args p;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_SIZE, &p, code)) {
        return false;
    }
    memset(a, 0, sizeof *a);
    fpt_sizing_options_init(&a->opt);
    a->model = p.positional[0];
    a->scenario = p.positional[1];
    a->function = fpt_cli_text(&p, FPT_CLI_OPT_FUNCTION);
    a->level = fpt_cli_text(&p, FPT_CLI_OPT_LEVEL);
    a->output = fpt_cli_text(&p, FPT_CLI_OPT_OUTPUT);
    a->report = fpt_cli_text(&p, FPT_CLI_OPT_REPORT);
    const char *format = fpt_cli_text(&p, FPT_CLI_OPT_FORMAT);
    a->xlsx = format != NULL && strcmp(format, FPT_XLSX_FORMAT) == 0;
    if (format != NULL && !a->xlsx) {
        a->format = (fpt_sizing_format)fpt_sizing_format_from_name(format);
    }
    if (a->xlsx && (*code = fpt_cli_check_workbook_output(
                        FPT_CLI_CMD_SIZE, &p, FPT_CLI_OPT_OUTPUT)) != FPT_EXIT_OPTIMAL) {
        return false;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_UNITS_RANGE)) {
        a->opt.k_min = fpt_cli_value_of(&p, FPT_CLI_OPT_UNITS_RANGE)->first;
        a->opt.k_max = fpt_cli_value_of(&p, FPT_CLI_OPT_UNITS_RANGE)->second;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_TOLERANCE)) {
        a->opt.tolerance = fpt_cli_value_of(&p, FPT_CLI_OPT_TOLERANCE)->number;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_TIME_LIMIT)) {
        a->opt.time_limit_s = fpt_cli_value_of(&p, FPT_CLI_OPT_TIME_LIMIT)->number;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_THREADS)) {
        a->opt.threads = (int)fpt_cli_value_of(&p, FPT_CLI_OPT_THREADS)->number;
    }
    fpt_cli_progress_start(&a->progress, "size", &p);
    return true;
}

/* The sizing curve, with its progress line from the first K to the last. */
static fpt_status run_curve(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                            size_args *a, fpt_sizing **z, fpt_error *err)
{
    if (a->progress.on) {
        fpt_cli_progress_track_k(&a->progress, a->opt.k_min, a->opt.k_max);
        a->opt.progress = fpt_cli_progress_report;
        a->opt.progress_ctx = &a->progress;
        fpt_progress start = {.stage = "numbers of units",
                              .total = a->opt.k_max - a->opt.k_min + 1,
                              .item = -1,
                              .incumbent = NAN,
                              .bound = NAN};
        fpt_cli_progress_report(&start, &a->progress);
    }
    fpt_status st = fpt_sizing_run(m, s, g, &a->opt, z, err);
    fpt_cli_progress_end(&a->progress); /* before anything else reaches the terminal */
    return st;
}

/* The level to district: --level, else the scenario's only partition level. */
static int pick_level(const fpt_scenario *s, const char *id, size_t *out)
{
    if (id != NULL) {
        long l = fpt_scenario_find_level(s, id);
        if (l < 0) {
            return fpt_cli_command_error(FPT_CLI_CMD_SIZE,
                                         "--level '%s' is not a level of scenario '%s'", id, s->id);
        }
        *out = (size_t)l;
        return FPT_EXIT_OPTIMAL;
    }
    long found = -1;
    for (size_t l = 0; l < s->n_levels; l++) {
        if (s->levels[l].grouping == FPT_GROUPING_PARTITION) {
            if (found >= 0) {
                return fpt_cli_command_error(FPT_CLI_CMD_SIZE, "%s",
                                             "the scenario has several partition levels "
                                             "(expected --level ID)");
            }
            found = (long)l;
        }
    }
    if (found < 0) {
        return fpt_cli_command_error(FPT_CLI_CMD_SIZE, "%s",
                                     "the scenario has no partition level (expected --level ID)");
    }
    *out = (size_t)found;
    return FPT_EXIT_OPTIMAL;
}

/* The curve as text, or as a workbook. */
static fpt_status render(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                         const fpt_sizing *z, const size_args *a, char **text, size_t *len,
                         fpt_error *err)
{
    if (!a->xlsx) {
        return fpt_sizing_render(m, s, z, a->format, text, len, err);
    }
    return fpt_xlsx_render_sizing(m, s, g, z, &a->opt, &a->prov, text, len, err);
}

static fpt_status emit(const fpt_model *m, const fpt_scenario *s, const fpt_geography *g,
                       const fpt_sizing *z, const size_args *a, fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(render(m, s, g, z, a, &text, &len, err));
    /* --report: the scenario's own plan (solved once, by the sizing), the curve and the best
     * districting's map. */
    fpt_html_report_input html = {.model = m,
                                  .scenario = s,
                                  .appraisal = z->base,
                                  .solution = z->plan,
                                  .sizing = z,
                                  .geography = g};
    fpt_status st = a->report != NULL ? fpt_cli_write_report(&html, a->report, err) : FPT_OK;
    if (st == FPT_OK && a->output != NULL) {
        st = fpt_write_atomic(a->output, text, len, err);
    } else if (st == FPT_OK && (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)) {
        st = fpt_error_set(err, FPT_EIO, NULL, 0, "cannot write to standard output");
    }
    free(text);
    return st;
}

/* 0 when every districting was proven optimal (or infeasible), 1 when one stopped at the
 * time limit; with no partition at all, 4 when every K is infeasible and 5 when the time
 * limit stopped some K before any partition. */
static int exit_for_curve(const fpt_sizing *z)
{
    if (z->best < 0) {
        for (size_t i = 0; i < z->n_points; i++) {
            if (z->points[i].districting != FPT_DISTRICTS_INFEASIBLE) {
                return FPT_EXIT_SOLVER;
            }
        }
        return FPT_EXIT_INFEASIBLE;
    }
    for (size_t i = 0; i < z->n_points; i++) {
        if (z->points[i].districting == FPT_DISTRICTS_LIMIT ||
            z->points[i].districting == FPT_DISTRICTS_NO_PARTITION) {
            return FPT_EXIT_LIMIT;
        }
    }
    return FPT_EXIT_OPTIMAL;
}

/* " (did you mean 'bi-data'?)" when id looks like a slip of one of m's functions. */
static void function_hint(const fpt_model *m, const char *id, char *buf, size_t size)
{
    buf[0] = '\0';
    const char **ids = m->n_functions > 0 ? calloc(m->n_functions, sizeof *ids) : NULL;
    for (size_t f = 0; ids != NULL && f < m->n_functions; f++) {
        ids[f] = m->functions[f].id;
    }
    long k = ids != NULL ? fpt_text_nearest(id, strlen(id), ids, m->n_functions) : -1;
    if (k >= 0) {
        snprintf(buf, size, " (did you mean '%s'?)", ids[k]);
    }
    free(ids);
}

static int run_loaded(const fpt_model *m, const fpt_scenario *s, size_args *a)
{
    if (s->geography == NULL) {
        return fpt_cli_command_error(
            FPT_CLI_CMD_SIZE,
            "scenario '%s' names no geography (expected <geography file=\"…\"/> "
            "and grouped levels; see docs/formats.md)",
            s->id);
    }
    long f = fpt_model_find_function(m, a->function);
    if (f < 0) {
        char hint[128];
        function_hint(m, a->function, hint, sizeof hint);
        return fpt_cli_command_error(FPT_CLI_CMD_SIZE,
                                     "--function '%s' is not a function of model '%s'%s",
                                     a->function, m->id, hint);
    }
    a->opt.function = (size_t)f;
    int code = pick_level(s, a->level, &a->opt.level);
    if (code != FPT_EXIT_OPTIMAL) {
        return code;
    }
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_geography *g = NULL;
    fpt_sizing *z = NULL;
    fpt_status st = fpt_geography_load(s->geography_path, &g, &diags, &err);
    if (st == FPT_OK && (g->pop_total != s->population || g->n_ccgs != s->levels[0].n_ccgs)) {
        st = fpt_error_set(&err, FPT_EINVALID, s->geography_path, 0,
                           "the geography changed while it was being read (expected the file "
                           "the scenario was loaded with)");
    }
    if (st == FPT_OK && a->xlsx) {
        fpt_solve_options so; /* the plan's solve, as the sizing runs it */
        fpt_solve_options_init(&so);
        st = fpt_provenance_fill(&a->prov, m, s, &so, &err);
    }
    if (st == FPT_OK) {
        st = run_curve(m, s, g, a, &z, &err);
    }
    if (st == FPT_OK) {
        code = exit_for_curve(z);
        st = emit(m, s, g, z, a, &err);
    }
    if (st != FPT_OK) {
        fpt_cli_print_failure(&diags, &err);
        code = st == FPT_EIO && z != NULL ? FPT_EXIT_OUTPUT : fpt_cli_exit_for_status(st);
    }
    fpt_diags_clear(&diags);
    fpt_sizing_free(z);
    fpt_geography_free(g);
    return code;
}

int fpt_cli_size(int argc, char **argv)
{
    size_args a;
    int code = FPT_EXIT_OPTIMAL;
    if (!parse_args(argc, argv, &a, &code)) {
        return code;
    }
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    code = fpt_cli_load_pair(a.model, a.scenario, &m, &s);
    if (code == FPT_EXIT_OPTIMAL) {
        code = run_loaded(m, s, &a);
    }
    fpt_scenario_free(s);
    fpt_model_free(m);
    return code;
}
