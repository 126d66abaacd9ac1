/* SPDX-License-Identifier: MIT */
/*
 * footprint solve: load → appraise → solve → report for one model and scenario.
 *
 * Outputs named with --output, --report, --write-lp and --write-mps are written atomically, and
 * only after everything they depend on has succeeded, so a failed run leaves no file behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/report.h"
#include "footprint/solve.h"
#include "footprint/stability.h"
#include "mip/formulate.h"
#include "report/html/html_report.h"

typedef struct solve_args {
    const char *model;
    const char *scenario;
    fpt_format format;
    const char *output;
    const char *write_lp;
    const char *write_mps;
    const char *report;
    fpt_solve_options solve;
    bool stability;
} solve_args;

static int parse_option(solve_args *args, const char *opt, const char *val)
{
    if (strcmp(opt, "--stability") == 0) {
        args->stability = true;
        return EXIT_OPTIMAL;
    }
    if (val == NULL) {
        return cli_usage_error("option '%s' needs a value", opt);
    }
    if (strcmp(opt, "--format") == 0) {
        int fmt = fpt_format_from_name(val);
        if (fmt < 0) {
            return cli_usage_error("unknown format '%s' (expected table, csv or json)", val);
        }
        args->format = (fpt_format)fmt;
    } else if (strcmp(opt, "--output") == 0) {
        args->output = val;
    } else if (strcmp(opt, "--write-lp") == 0) {
        args->write_lp = val;
    } else if (strcmp(opt, "--write-mps") == 0) {
        args->write_mps = val;
    } else if (strcmp(opt, "--report") == 0) {
        args->report = val;
    } else if (strcmp(opt, "--time-limit") == 0) {
        if (!cli_parse_number(val, 0, &args->solve.time_limit_s) || args->solve.time_limit_s <= 0) {
            return cli_usage_error("--time-limit '%s' is not a positive number of seconds", val);
        }
    } else if (strcmp(opt, "--mip-gap") == 0) {
        if (!cli_parse_number(val, 0, &args->solve.mip_gap) || args->solve.mip_gap >= 1) {
            return cli_usage_error("--mip-gap '%s' is not a number in [0, 1)", val);
        }
    } else {
        return cli_usage_error("unknown option '%s'", opt);
    }
    return EXIT_OPTIMAL;
}

static int parse_solve_args(int argc, char **argv, solve_args *args)
{
    memset(args, 0, sizeof *args);
    fpt_solve_options_init(&args->solve);
    int n_positional = 0;
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) == 0) {
            int rc = parse_option(args, argv[i], i + 1 < argc ? argv[i + 1] : NULL);
            if (rc != EXIT_OPTIMAL) {
                return rc;
            }
            i += strcmp(argv[i], "--stability") != 0;
        } else if (n_positional < 2) {
            *(n_positional++ == 0 ? &args->model : &args->scenario) = argv[i];
        } else {
            return cli_usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (n_positional < 2) {
        return cli_usage_error("%s", "solve needs a MODEL and a SCENARIO file");
    }
    return EXIT_OPTIMAL;
}

static int exit_for_result(fpt_result r)
{
    switch (r) {
    case FPT_RESULT_OPTIMAL:
        return EXIT_OPTIMAL;
    case FPT_RESULT_LIMIT:
    case FPT_RESULT_GAP:
        return EXIT_LIMIT;
    case FPT_RESULT_INFEASIBLE:
        return EXIT_INFEASIBLE;
    case FPT_RESULT_NO_PLAN:
        return EXIT_SOLVER;
    }
    return EXIT_INTERNAL;
}

static fpt_status write_programme(const fpt_appraisal *a, const solve_args *args, fpt_error *err)
{
    if (args->write_lp == NULL && args->write_mps == NULL) {
        return FPT_OK;
    }
    fpt_lp *lp = NULL;
    FPT_TRY(fpt_lp_build(a, FPT_LP_APPRAISAL, &lp, err));
    fpt_status st = FPT_OK;
    if (args->write_lp != NULL) {
        st = fpt_lp_write(lp, args->write_lp, FPT_LP_CPLEX, err);
    }
    if (st == FPT_OK && args->write_mps != NULL) {
        st = fpt_lp_write(lp, args->write_mps, FPT_LP_MPS, err);
    }
    fpt_lp_free(lp);
    return st;
}

static fpt_status emit(const fpt_report_input *in, const solve_args *args, fpt_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_report_render(in, args->format, &text, &len, err));
    fpt_status st = FPT_OK;
    if (args->output != NULL) {
        st = fpt_write_atomic(args->output, text, len, err);
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        st = fpt_error_set(err, FPT_EIO, NULL, 0, "cannot write to standard output");
    }
    free(text);
    if (st == FPT_OK && args->report != NULL) {
        fpt_html_report_input html = {.model = in->model,
                                      .scenario = in->scenario,
                                      .appraisal = in->appraisal,
                                      .solution = in->solution,
                                      .stability = in->stability};
        st = cli_write_report(&html, args->report, err);
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
    if (fpt_report_explain(in, &text, &len, &err) == FPT_OK) {
        fputs(text, stderr);
    }
    free(text);
}

/* Solve a loaded pair and emit; returns an exit code. */
static int solve_loaded(const fpt_model *m, const fpt_scenario *s, const solve_args *args)
{
    fpt_error err = {0};
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    int code = EXIT_OPTIMAL;
    fpt_status st = fpt_appraisal_build(m, s, &a, &err);
    if (st == FPT_OK) {
        st = fpt_solve(a, &args->solve, &sol, &err);
    }
    fpt_stability *stability = NULL;
    if (st == FPT_OK && args->stability && sol->result == FPT_RESULT_OPTIMAL) {
        fpt_stability_options so;
        fpt_stability_options_init(&so);
        so.solve = args->solve;
        st = fpt_stability_run(m, s, &so, &stability, &err);
    }
    if (st == FPT_OK) {
        code = exit_for_result(sol->result);
        fpt_report_input in = {
            .model = m, .scenario = s, .appraisal = a, .solution = sol, .stability = stability};
        if (sol->result == FPT_RESULT_INFEASIBLE) {
            explain(&in);
        }
        st = write_programme(a, args, &err);
        if (st == FPT_OK) {
            st = emit(&in, args, &err);
        }
        if (st == FPT_EIO) {
            code = EXIT_OUTPUT;
        }
    }
    if (st != FPT_OK) {
        cli_print_failure(&(fpt_diags){0}, &err);
        code = st == FPT_EIO ? EXIT_OUTPUT : cli_exit_for_status(st);
    }
    fpt_stability_free(stability);
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    return code;
}

int cli_solve(int argc, char **argv)
{
    solve_args args;
    int code = parse_solve_args(argc, argv, &args);
    if (code != EXIT_OPTIMAL) {
        return code;
    }
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    code = cli_load_pair(args.model, args.scenario, &m, &s);
    if (code == EXIT_OPTIMAL) {
        code = solve_loaded(m, s, &args);
    }
    fpt_scenario_free(s);
    fpt_model_free(m);
    return code;
}
