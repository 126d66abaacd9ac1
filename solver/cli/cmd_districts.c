/* SPDX-License-Identifier: MIT */
/*
 * footprint districts: load a geography → partition its CCGs into population-bounded units
 * (districts.h) → print or write the partition (docs/cli.md "districts").
 *
 * Outputs named with --output and --write-mps are written atomically and only once what they
 * depend on exists, so a failed run leaves no file behind. Infeasible bounds are explained
 * on standard error with their numbers, and the output still receives the result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "cli.h"
#include "cli/progress.h"
#include "footprint/districts.h"
#include "footprint/geography.h"
#include "footprint/report.h"
#include "report/sweep_report.h"
#include "report/xlsx.h"

typedef struct districts_args {
    const char *geography;
    fpt_districts_format format;
    bool xlsx; /* --format xlsx: a workbook instead of format */
    const char *output;
    const char *write_mps;
    fpt_districts_options opt;
    fpt_cli_progress progress; /* the line opt.progress draws */
} districts_args;

/* The districting's progress (footprint/districts.h) as the command's line: the phase in
 * words, the incumbent, bound and gap once known (docs/cli.md "Progress"). */
static void show_progress(const fpt_districts_progress *d, void *ctx)
{
    static const char *const stages[] = {
        [FPT_DISTRICTS_PHASE_HEURISTIC] = "heuristic",
        [FPT_DISTRICTS_PHASE_BOUND] = "Lagrangian bound",
        [FPT_DISTRICTS_PHASE_CUTS] = "bound with cuts",
        [FPT_DISTRICTS_PHASE_SEARCH] = "branch and bound",
        [FPT_DISTRICTS_PHASE_DONE] = "done",
    };
    fpt_progress p = {.stage = stages[d->phase],
                      .item = -1,
                      .incumbent = isfinite(d->incumbent) ? d->incumbent : NAN,
                      .bound = d->bound > 0 ? d->bound : NAN,
                      .unit = "person-km"};
    fpt_cli_progress_report(&p, ctx);
}

/* The command line into a; false with *code set after help or a usage error. The format's
 * words are fpt_districts_format_from_name()'s (test-cli-options checks the table against it). */
static bool parse_args(int argc, char **argv, districts_args *a, int *code)
{
    fpt_cli_args p;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_DISTRICTS, &p, code)) {
        return false;
    }
    memset(a, 0, sizeof *a);
    fpt_districts_options_init(&a->opt);
    a->geography = p.positional[0];
    a->output = fpt_cli_text(&p, FPT_CLI_OPT_OUTPUT);
    a->write_mps = fpt_cli_text(&p, FPT_CLI_OPT_WRITE_MPS);
    a->opt.plain = fpt_cli_given(&p, FPT_CLI_OPT_PLAIN);
    a->opt.threads = fpt_cli_given(&p, FPT_CLI_OPT_THREADS)
                         ? (int)fpt_cli_value_of(&p, FPT_CLI_OPT_THREADS)->number
                         : 0; /* all cores: the answer is the same at any count */
    fpt_cli_progress_start(&a->progress, "districts", &p);
    if (a->progress.on) {
        a->opt.progress = show_progress;
        a->opt.progress_ctx = &a->progress;
    }
    const char *format = fpt_cli_text(&p, FPT_CLI_OPT_FORMAT_DISTRICTS);
    a->xlsx = format != NULL && strcmp(format, FPT_XLSX_FORMAT) == 0;
    if (format != NULL && !a->xlsx) {
        a->format = (fpt_districts_format)fpt_districts_format_from_name(format);
    }
    if (a->xlsx && (*code = fpt_cli_check_workbook_output(
                        FPT_CLI_CMD_DISTRICTS, &p, FPT_CLI_OPT_OUTPUT)) != FPT_EXIT_OPTIMAL) {
        return false;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_UNITS) && fpt_cli_given(&p, FPT_CLI_OPT_TARGET_POP)) {
        *code = fpt_cli_command_error(FPT_CLI_CMD_DISTRICTS, "%s",
                                      "give --units or --target-pop, not both");
        return false;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_UNITS)) {
        a->opt.n_units = (size_t)fpt_cli_value_of(&p, FPT_CLI_OPT_UNITS)->number;
        a->opt.target_pop = 0;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_TARGET_POP)) {
        a->opt.target_pop = fpt_cli_value_of(&p, FPT_CLI_OPT_TARGET_POP)->number;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_TOLERANCE)) {
        a->opt.tolerance = fpt_cli_value_of(&p, FPT_CLI_OPT_TOLERANCE)->number;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_TIME_LIMIT)) {
        a->opt.time_limit_s = fpt_cli_value_of(&p, FPT_CLI_OPT_TIME_LIMIT)->number;
    }
    if (fpt_cli_given(&p, FPT_CLI_OPT_MIP_GAP)) {
        a->opt.mip_gap = fpt_cli_value_of(&p, FPT_CLI_OPT_MIP_GAP)->number;
    }
    return true;
}

static int exit_for_result(fpt_districts_result r)
{
    switch (r) {
    case FPT_DISTRICTS_OPTIMAL:
        return FPT_EXIT_OPTIMAL;
    case FPT_DISTRICTS_LIMIT:
        return FPT_EXIT_LIMIT;
    case FPT_DISTRICTS_INFEASIBLE:
        return FPT_EXIT_INFEASIBLE;
    case FPT_DISTRICTS_NO_PARTITION:
        return FPT_EXIT_SOLVER;
    }
    return FPT_EXIT_INTERNAL;
}

static void explain(const fpt_partition *p)
{
    fprintf(stderr, "footprint: no partition into %zu units of %.0f to %.0f people exists:\n",
            p->n_units, p->pop_min, p->pop_max);
    for (size_t r = 0; r < p->n_reasons; r++) {
        fprintf(stderr, "  %s\n", p->reasons[r]);
    }
}

static fpt_status emit(const fpt_geography *g, const fpt_partition *p, const districts_args *a,
                       const char *geography_hash, fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    if (a->xlsx) {
        FPT_TRY(fpt_xlsx_render_partition(g, p, &a->opt, geography_hash, &text, &len, err));
    } else {
        FPT_TRY(fpt_partition_render(g, p, a->format, &text, &len, err));
    }
    fpt_status st = fpt_cli_write_output(a->output, text, len, err);
    free(text);
    return st;
}

/* The geography named by arg: "-" is standard input, read once and parsed from memory. */
static fpt_status load_geography(const char *arg, fpt_geography **g, fpt_diags *d, fpt_error *err)
{
    if (!fpt_cli_is_stdin(arg)) {
        return fpt_geography_load(arg, g, d, err);
    }
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_stream_read(stdin, &text, &len, err));
    fpt_status st = fpt_geography_parse(FPT_STDIN_NAME, text, len, g, d, err);
    free(text);
    return st;
}

/* Solve a loaded geography and emit; returns an exit code. */
static int run_loaded(const fpt_geography *g, districts_args *a)
{
    fpt_error err = {0};
    fpt_partition *p = NULL;
    int code = FPT_EXIT_OPTIMAL;
    const char *hash = g->fnv1a64; /* the workbook's provenance: the bytes the load parsed */
    fpt_status st = FPT_OK;
    if (a->write_mps != NULL) {
        st = fpt_districts_write_mps(g, &a->opt, a->write_mps, &err);
    }
    if (st == FPT_OK) {
        st = fpt_districts_solve(g, &a->opt, &p, &err);
    }
    fpt_cli_progress_end(&a->progress); /* before anything else reaches the terminal */
    if (st == FPT_OK) {
        code = exit_for_result(p->result);
        if (p->result == FPT_DISTRICTS_INFEASIBLE) {
            explain(p);
        }
        st = emit(g, p, a, hash, &err);
    }
    if (st != FPT_OK) {
        fpt_cli_print_failure(&(fpt_diags){0}, &err);
        code = st == FPT_EIO ? FPT_EXIT_OUTPUT : fpt_cli_exit_for_status(st);
        if (a->write_mps != NULL && st != FPT_EIO) {
            remove(a->write_mps);
        }
    }
    fpt_partition_free(p);
    return code;
}

int fpt_cli_districts(int argc, char **argv)
{
    districts_args a;
    int code = FPT_EXIT_OPTIMAL;
    if (!parse_args(argc, argv, &a, &code)) {
        return code;
    }
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_geography *g = NULL;
    fpt_status st = load_geography(a.geography, &g, &diags, &err);
    if (st != FPT_OK) {
        fpt_cli_print_failure(&diags, &err);
        code = fpt_cli_exit_for_status(st);
    } else {
        code = run_loaded(g, &a);
    }
    fpt_diags_clear(&diags);
    fpt_geography_free(g);
    return code;
}
