/* SPDX-License-Identifier: MIT */
/*
 * footprint solve: load → appraise → solve → report for one model and scenario.
 *
 * Outputs named with --output, --report, --write-lp and --write-mps are written atomically, and
 * only after everything they depend on has succeeded, so a failed run leaves no file behind.
 * --time-limit counts from the command's start: the search gets what loading left
 * (docs/model.md "Time limit"). SIGINT and SIGTERM, once the files are loaded, stop the
 * search in progress (the solve's cancellation callback): nothing is written, exit 130.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "cli.h"
#include "cli/progress.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/report.h"
#include "footprint/solve.h"
#include "footprint/stability.h"
#include "footprint/why.h"
#include "mip/formulate.h"
#include "report/html/html_report.h"
#include "report/sweep_report.h"
#include "report/xlsx.h"

typedef struct solve_args {
    const char *model;
    const char *scenario;
    fpt_format format;
    bool xlsx; /* --format xlsx: a workbook instead of format */
    const char *output;
    const char *write_lp;
    const char *write_mps;
    const char *report;
    fpt_solve_options solve;
    bool stability;
    bool why;
    double fragile_below;      /* share of the objective */
    fpt_cli_progress progress; /* the line of --stability's search */
} solve_args;

/* The command line into args; false with *code set after help or a usage error. The format's
 * words are fpt_format_from_name()'s (test-cli-options checks the table against it). */
static bool parse_solve_args(int argc, char **argv, solve_args *args, int *code)
{
    fpt_cli_args a;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_SOLVE, &a, code)) {
        return false;
    }
    memset(args, 0, sizeof *args);
    fpt_solve_options_init(&args->solve);
    args->model = a.positional[0];
    args->scenario = a.positional[1];
    const char *format = fpt_cli_text(&a, FPT_CLI_OPT_FORMAT);
    args->xlsx = format != NULL && strcmp(format, FPT_XLSX_FORMAT) == 0;
    if (format != NULL && !args->xlsx) {
        args->format = (fpt_format)fpt_format_from_name(format);
    }
    if (args->xlsx && (*code = fpt_cli_check_workbook_output(
                           FPT_CLI_CMD_SOLVE, &a, FPT_CLI_OPT_OUTPUT)) != FPT_EXIT_OPTIMAL) {
        return false;
    }
    args->output = fpt_cli_text(&a, FPT_CLI_OPT_OUTPUT);
    args->write_lp = fpt_cli_text(&a, FPT_CLI_OPT_WRITE_LP);
    args->write_mps = fpt_cli_text(&a, FPT_CLI_OPT_WRITE_MPS);
    args->report = fpt_cli_text(&a, FPT_CLI_OPT_REPORT);
    args->stability = fpt_cli_given(&a, FPT_CLI_OPT_STABILITY);
    args->why = !fpt_cli_given(&a, FPT_CLI_OPT_NO_WHY);
    fpt_why_options wo;
    fpt_why_options_init(&wo);
    args->fragile_below = wo.fragile_below;
    if (fpt_cli_given(&a, FPT_CLI_OPT_FRAGILE_BELOW)) {
        args->fragile_below = fpt_cli_value_of(&a, FPT_CLI_OPT_FRAGILE_BELOW)->number / 100.0;
    }
    if (fpt_cli_given(&a, FPT_CLI_OPT_TIME_LIMIT)) {
        args->solve.time_limit_s = fpt_cli_value_of(&a, FPT_CLI_OPT_TIME_LIMIT)->number;
    }
    if (fpt_cli_given(&a, FPT_CLI_OPT_MIP_GAP)) {
        args->solve.mip_gap = fpt_cli_value_of(&a, FPT_CLI_OPT_MIP_GAP)->number;
    }
    if (args->stability && args->solve.time_limit_s > 0) {
        *code = fpt_cli_command_error(FPT_CLI_CMD_SOLVE, "%s",
                                      "--stability cannot be bounded by --time-limit: its "
                                      "hundreds of solves must all be proven optimal");
        return false;
    }
    fpt_cli_progress_start(&args->progress, "solve", &a);
    return true;
}

static int exit_for_result(fpt_result r)
{
    switch (r) {
    case FPT_RESULT_OPTIMAL:
        return FPT_EXIT_OPTIMAL;
    case FPT_RESULT_LIMIT:
    case FPT_RESULT_GAP:
        return FPT_EXIT_LIMIT;
    case FPT_RESULT_INFEASIBLE:
        return FPT_EXIT_INFEASIBLE;
    case FPT_RESULT_NO_PLAN:
        return FPT_EXIT_SOLVER;
    }
    return FPT_EXIT_INTERNAL;
}

static fpt_status write_programme(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                                  const solve_args *args, fpt_error *err)
{
    if (args->write_lp == NULL && args->write_mps == NULL) {
        return FPT_OK;
    }
    fpt_lp *lp = NULL;
    FPT_TRY(fpt_lp_build(a, FPT_LP_APPRAISAL, &lp, err));
    fpt_status st = FPT_OK;
    if (args->write_lp != NULL) {
        st = fpt_lp_write(lp, m, s, args->write_lp, FPT_LP_CPLEX, err);
    }
    if (st == FPT_OK && args->write_mps != NULL) {
        st = fpt_lp_write(lp, m, s, args->write_mps, FPT_LP_MPS, err);
    }
    fpt_lp_free(lp);
    return st;
}

/* The path of a sidecar of --output PATH: PATH less ".csv", then suffix. */
static char *sidecar_path(const char *path, const char *suffix)
{
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".csv") == 0) {
        n -= 4;
    }
    char *out = malloc(n + strlen(suffix) + 1);
    if (out != NULL) {
        memcpy(out, path, n);
        strcpy(out + n, suffix);
    }
    return out;
}

typedef fpt_status (*sidecar_fn)(const fpt_report_input *in, const fpt_provenance *prov,
                                 char **text, size_t *len, fpt_error *err);

static fpt_status totals_of(const fpt_report_input *in, const fpt_provenance *prov, char **text,
                            size_t *len, fpt_error *err)
{
    (void)prov;
    return fpt_report_render_totals_csv(in, text, len, err);
}

static fpt_status provenance_of(const fpt_report_input *in, const fpt_provenance *prov, char **text,
                                size_t *len, fpt_error *err)
{
    return fpt_provenance_render_json(in->model, in->scenario, prov, text, len, err);
}

static fpt_status write_sidecar(const fpt_report_input *in, const fpt_provenance *prov,
                                const char *output, const char *suffix, sidecar_fn fn,
                                fpt_error *err)
{
    char *path = sidecar_path(output, suffix), *text = NULL;
    size_t len = 0;
    if (path == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory");
    }
    fpt_status st = fn(in, prov, &text, &len, err);
    if (st == FPT_OK) {
        st = fpt_write_atomic(path, text, len, err);
    }
    free(text);
    free(path);
    return st;
}

/* --format csv --output FILE.csv, a regular file: the plan's totals and the provenance stamp
 * beside it, as FILE.totals.csv and FILE.provenance.json (docs/cli.md "solve"); nothing for
 * standard output, a FIFO or a device. */
static fpt_status write_sidecars(const fpt_report_input *in, const fpt_provenance *prov,
                                 const solve_args *args, fpt_error *err)
{
    struct stat sb;
    if (args->xlsx || args->format != FPT_FORMAT_CSV || args->output == NULL ||
        stat(args->output, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        return FPT_OK;
    }
    FPT_TRY(write_sidecar(in, prov, args->output, ".totals.csv", totals_of, err));
    return write_sidecar(in, prov, args->output, ".provenance.json", provenance_of, err);
}

static fpt_status emit(const fpt_report_input *in, const fpt_provenance *prov,
                       const solve_args *args, fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (args->xlsx) {
        FPT_TRY(fpt_xlsx_render_solve(in, prov, &text, &len, err));
    } else {
        FPT_TRY(fpt_report_render(in, args->format, &text, &len, err));
    }
    fpt_status st = fpt_cli_write_output(args->output, text, len, err);
    free(text);
    if (st == FPT_OK) {
        st = write_sidecars(in, prov, args, err);
    }
    if (st == FPT_OK && args->report != NULL) {
        fpt_html_report_input html = {.model = in->model,
                                      .scenario = in->scenario,
                                      .appraisal = in->appraisal,
                                      .solution = in->solution,
                                      .stability = in->stability,
                                      .why = in->why};
        st = fpt_cli_write_report(&html, args->report, err);
    }
    return st;
}

static void explain(const fpt_report_input *in)
{
    char *text = NULL;
    size_t len = 0;
    fpt_error err = {0};
    fprintf(stderr, "footprint: scenario '%s' is infeasible: no plan meets it.\n",
            in->scenario->id);
    if (in->solution->n_clashes == 0) { /* mip/solve.c: the explanation met the deadline */
        fputs("footprint: the time limit stopped the explanation before it found the clashes\n",
              stderr);
    }
    if (fpt_report_explain(in, &text, &len, &err) == FPT_OK) {
        fputs(text, stderr);
    }
    free(text);
}

/* The why of an optimal plan (docs/model.md "Why here"); *out stays NULL otherwise. Not under
 * --time-limit: its solves (one per function and other level, and the weight band) would run
 * past the deadline, which counts from the command's start (docs/model.md "Time limit"). */
static fpt_status explain_plan(const fpt_model *m, const fpt_scenario *s, const fpt_appraisal *a,
                               const fpt_solution *sol, const solve_args *args, fpt_why **out,
                               fpt_error *err)
{
    if (!args->why || args->solve.time_limit_s > 0 || sol->result != FPT_RESULT_OPTIMAL) {
        return FPT_OK;
    }
    fpt_why_options o;
    fpt_why_options_init(&o);
    o.solve = args->solve;
    o.fragile_below = args->fragile_below;
    return fpt_why_run(m, s, a, sol, &o, out, err);
}

static fpt_status stability_of(const fpt_model *m, const fpt_scenario *s, const fpt_solution *sol,
                               solve_args *args, fpt_stability **out, fpt_error *err)
{
    if (!args->stability || sol->result != FPT_RESULT_OPTIMAL) {
        return FPT_OK;
    }
    fpt_stability_options so;
    fpt_stability_options_init(&so);
    so.solve = args->solve;
    if (args->progress.on) {
        so.progress = fpt_cli_progress_report;
        so.progress_ctx = &args->progress;
        fpt_progress start = {.stage = "weight stability",
                              .total = FPT_N_CRITERIA,
                              .item = -1,
                              .incumbent = NAN,
                              .bound = NAN};
        fpt_cli_progress_report(&start, &args->progress);
    }
    fpt_status st = fpt_stability_run(m, s, &so, out, err);
    fpt_cli_progress_end(&args->progress); /* before anything else reaches the terminal */
    return st;
}

/* Write the programme and the outputs of a solved pair; returns an exit code. */
static int emit_solved(const fpt_report_input *in, const fpt_provenance *prov,
                       const solve_args *args, fpt_error *err, fpt_status *st)
{
    int code = exit_for_result(in->solution->result);
    if (in->solution->result == FPT_RESULT_INFEASIBLE) {
        explain(in);
    }
    *st = write_programme(in->model, in->scenario, in->appraisal, args, err);
    if (*st == FPT_OK) {
        *st = emit(in, prov, args, err);
    }
    return *st == FPT_EIO ? FPT_EXIT_OUTPUT : code;
}

/* From here on SIGINT and SIGTERM cancel the solves (the search, the why, --stability). */
static void install_signals(solve_args *args)
{
    fpt_cli_catch_stop_signals();
    args->solve.cancelled = fpt_cli_stop_requested;
}

/* The end of a run a signal stopped before its outputs were written. */
static int interrupted(void)
{
    fprintf(stderr, "footprint: interrupted; nothing was written\n");
    return FPT_EXIT_INTERRUPTED;
}

/* Solve a loaded pair and emit; returns an exit code. started_s: the command's start, from
 * which --time-limit counts; the search gets what is left (at least a millisecond, so that
 * it stops at once with "no plan" when loading took it all). */
static int solve_loaded(const fpt_model *m, const fpt_scenario *s, solve_args *args,
                        double started_s)
{
    fpt_error err = {0};
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_stability *stability = NULL;
    fpt_why *why = NULL;
    int code = FPT_EXIT_OPTIMAL;
    fpt_provenance prov = {0}; /* the workbook's provenance sheet, or a CSV's sidecar */
    bool stamped = args->xlsx || (args->format == FPT_FORMAT_CSV && args->output != NULL);
    if (stamped && fpt_provenance_fill(&prov, m, s, &args->solve, &err) != FPT_OK) {
        fpt_cli_print_failure(&(fpt_diags){0}, &err);
        return FPT_EXIT_INPUT;
    }
    install_signals(args);
    fpt_status st = fpt_appraisal_build(m, s, &a, &err);
    fpt_solve_options o = args->solve;
    if (o.time_limit_s > 0) {
        o.time_limit_s = fmax(1e-3, o.time_limit_s - (fpt_clock_s() - started_s));
    }
    if (st == FPT_OK) {
        st = fpt_solve(a, &o, &sol, &err);
    }
    if (st == FPT_OK) {
        st = explain_plan(m, s, a, sol, args, &why, &err);
    }
    if (st == FPT_OK) {
        st = stability_of(m, s, sol, args, &stability, &err);
    }
    if (st == FPT_OK && fpt_cli_stop_requested(NULL)) {
        st = FPT_ECANCELLED; /* after the last search: still nothing written */
    }
    if (st == FPT_OK) {
        fpt_report_input in = {.model = m,
                               .scenario = s,
                               .appraisal = a,
                               .solution = sol,
                               .stability = stability,
                               .why = why};
        code = emit_solved(&in, &prov, args, &err, &st);
    }
    if (st == FPT_ECANCELLED) {
        code = interrupted();
    } else if (st != FPT_OK) {
        fpt_cli_print_failure(&(fpt_diags){0}, &err);
        code = st == FPT_EIO ? FPT_EXIT_OUTPUT : fpt_cli_exit_for_status(st);
    }
    fpt_why_free(why);
    fpt_stability_free(stability);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    return code;
}

int fpt_cli_solve(int argc, char **argv)
{
    double started_s = fpt_clock_s();
    solve_args args;
    int code = FPT_EXIT_OPTIMAL;
    if (!parse_solve_args(argc, argv, &args, &code)) {
        return code;
    }
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    code = fpt_cli_load_pair(args.model, args.scenario, &m, &s);
    if (code == FPT_EXIT_OPTIMAL) {
        code = solve_loaded(m, s, &args, started_s);
    }
    fpt_scenario_free(s);
    fpt_model_free(m);
    return code;
}
