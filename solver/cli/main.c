/* SPDX-License-Identifier: MIT */
/*
 * The footprint command: parses argv, runs the pipeline (load → appraise → solve →
 * report), prints, and maps every outcome to the exit codes of docs/cli.md.
 *
 * The only code in the project that prints or exits. Outputs named with --output,
 * --write-lp and --write-mps are written atomically, and only after everything they depend
 * on has succeeded, so a failed run leaves no file behind.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appraise.h"
#include "error.h"
#include "formulate.h"
#include "load.h"
#include "report.h"
#include "solve.h"

/* docs/cli.md "Exit status": the one table of exit codes. */
enum exit_code {
    EXIT_OPTIMAL = 0,    /* a plan, proven optimal */
    EXIT_LIMIT = 1,      /* a plan, not proven optimal: stopped at --time-limit */
    EXIT_USAGE = 2,      /* bad command line */
    EXIT_INPUT = 3,      /* a file is missing, unreadable, malformed or invalid */
    EXIT_INFEASIBLE = 4, /* the scenario admits no plan; the clash is explained */
    EXIT_SOLVER = 5,     /* the solver failed, or stopped before finding any plan */
    EXIT_OUTPUT = 6,     /* an output file could not be written */
    EXIT_INTERNAL = 70   /* a bug or out of memory */
};

static const char USAGE[] =
    "Usage:\n"
    "  footprint solve MODEL SCENARIO [options]\n"
    "  footprint validate FILE...\n"
    "  footprint --help | --version\n"
    "\n"
    "solve: choose the footprint level of every commissioning support function in MODEL\n"
    "under SCENARIO, and print the assignment table.\n"
    "  --format table|csv|json  output format (default table)\n"
    "  --output FILE            write the result to FILE (atomically) instead of stdout\n"
    "  --write-lp FILE          also write the programme in CPLEX LP format\n"
    "  --write-mps FILE         also write the programme in free MPS format\n"
    "  --time-limit S           stop the search after S seconds with the best plan so far\n"
    "  --mip-gap G              stop when the relative gap falls to G (default 0)\n"
    "\n"
    "validate: check model and scenario files (told apart by their root element); a\n"
    "scenario given after a model is also checked against it.\n"
    "\n"
    "Exit status: 0 optimal plan; 1 plan at the time limit; 2 usage; 3 bad input;\n"
    "4 infeasible scenario; 5 solver failure; 6 cannot write output; 70 internal error.\n"
    "See docs/cli.md.\n";

typedef struct solve_args {
    const char *model;
    const char *scenario;
    fpt_format format;
    const char *output;
    const char *write_lp;
    const char *write_mps;
    fpt_solve_options solve;
} solve_args;

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "footprint: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nRun 'footprint --help' for usage.\n");
    va_end(ap);
    return EXIT_USAGE;
}

static bool parse_number(const char *text, double lo, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(v) || v < lo) {
        return false;
    }
    *out = v;
    return true;
}

static int parse_option(solve_args *args, const char *opt, const char *val)
{
    if (val == NULL) {
        return usage_error("option '%s' needs a value", opt);
    }
    if (strcmp(opt, "--format") == 0) {
        int fmt = fpt_format_from_name(val);
        if (fmt < 0) {
            return usage_error("unknown format '%s' (expected table, csv or json)", val);
        }
        args->format = (fpt_format)fmt;
    } else if (strcmp(opt, "--output") == 0) {
        args->output = val;
    } else if (strcmp(opt, "--write-lp") == 0) {
        args->write_lp = val;
    } else if (strcmp(opt, "--write-mps") == 0) {
        args->write_mps = val;
    } else if (strcmp(opt, "--time-limit") == 0) {
        if (!parse_number(val, 0, &args->solve.time_limit_s) || args->solve.time_limit_s <= 0) {
            return usage_error("--time-limit '%s' is not a positive number of seconds", val);
        }
    } else if (strcmp(opt, "--mip-gap") == 0) {
        if (!parse_number(val, 0, &args->solve.mip_gap) || args->solve.mip_gap >= 1) {
            return usage_error("--mip-gap '%s' is not a number in [0, 1)", val);
        }
    } else {
        return usage_error("unknown option '%s'", opt);
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
            i++;
        } else if (n_positional < 2) {
            *(n_positional++ == 0 ? &args->model : &args->scenario) = argv[i];
        } else {
            return usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (n_positional < 2) {
        return usage_error("%s", "solve needs a MODEL and a SCENARIO file");
    }
    return EXIT_OPTIMAL;
}

static void print_diags(const fpt_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const fpt_diag *g = &d->items[i];
        if (g->line > 0) {
            fprintf(stderr, "%s:%ld: %s\n", g->file, g->line, g->message);
        } else {
            fprintf(stderr, "%s: %s\n", g->file, g->message);
        }
    }
}

/* Print a failure once: the diagnostics when there are any, else the first error. */
static void print_failure(const fpt_diags *d, const fpt_error *err)
{
    if (d->n > 0) {
        print_diags(d);
    } else if (err->file[0] != '\0' && err->line > 0) {
        fprintf(stderr, "%s:%ld: %s\n", err->file, err->line, err->message);
    } else if (err->file[0] != '\0') {
        fprintf(stderr, "%s: %s\n", err->file, err->message);
    } else {
        fprintf(stderr, "footprint: %s\n", err->message);
    }
}

static int exit_for_status(fpt_status st)
{
    switch (st) {
    case FPT_OK:
        return EXIT_OPTIMAL;
    case FPT_EIO:
    case FPT_EXML:
    case FPT_ESCHEMA:
    case FPT_EINVALID:
        return EXIT_INPUT;
    case FPT_ESOLVER:
        return EXIT_SOLVER;
    case FPT_EUSAGE:
        return EXIT_USAGE;
    case FPT_ENOMEM:
    case FPT_EINTERNAL:
        return EXIT_INTERNAL;
    }
    return EXIT_INTERNAL;
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
    if (st == FPT_OK) {
        code = exit_for_result(sol->result);
        fpt_report_input in = {.model = m, .scenario = s, .appraisal = a, .solution = sol};
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
        print_failure(&(fpt_diags){0}, &err);
        code = st == FPT_EIO ? EXIT_OUTPUT : exit_for_status(st);
    }
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    return code;
}

static int cmd_solve(int argc, char **argv)
{
    solve_args args;
    int code = parse_solve_args(argc, argv, &args);
    if (code != EXIT_OPTIMAL) {
        return code;
    }
    fpt_diags diags = {0};
    fpt_error err = {0};
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_status st = fpt_model_load(args.model, &m, &diags, &err);
    if (st == FPT_OK) {
        st = fpt_scenario_load(args.scenario, m, &s, &diags, &err);
    }
    if (st != FPT_OK) {
        print_failure(&diags, &err);
        code = exit_for_status(st);
    } else {
        code = solve_loaded(m, s, &args);
    }
    fpt_diags_clear(&diags);
    fpt_scenario_free(s);
    fpt_model_free(m);
    return code;
}

/* Validate one file; a scenario is checked against the last valid model before it. */
static fpt_status validate_one(const char *path, fpt_model **last_model, fpt_diags *diags)
{
    fpt_error err = {0};
    fpt_file_kind kind = FPT_FILE_UNKNOWN;
    FPT_TRY(fpt_file_detect(path, &kind, diags, &err));
    if (kind == FPT_FILE_MODEL) {
        fpt_model *m = NULL;
        FPT_TRY(fpt_model_load(path, &m, diags, &err));
        fpt_model_free(*last_model);
        *last_model = m;
        return FPT_OK;
    }
    if (kind == FPT_FILE_SCENARIO && *last_model != NULL) {
        fpt_scenario *s = NULL;
        fpt_status st = fpt_scenario_load(path, *last_model, &s, diags, &err);
        fpt_scenario_free(s);
        return st;
    }
    if (kind == FPT_FILE_SCENARIO) {
        return fpt_scenario_check(path, diags, &err);
    }
    fpt_diags_add(diags, path, 0, "not a footprint file (expected a <model> or <scenario> root)");
    return FPT_ESCHEMA;
}

static int cmd_validate(int argc, char **argv)
{
    if (argc < 3) {
        return usage_error("%s", "validate needs at least one FILE");
    }
    fpt_model *last_model = NULL;
    int code = EXIT_OPTIMAL;
    for (int i = 2; i < argc; i++) {
        fpt_diags diags = {0};
        fpt_status st = validate_one(argv[i], &last_model, &diags);
        if (st != FPT_OK) {
            print_diags(&diags);
            if (diags.n == 0) {
                fprintf(stderr, "%s: %s\n", argv[i], fpt_strerror(st));
            }
            code = code == EXIT_OPTIMAL ? exit_for_status(st) : code;
        } else {
            printf("%s: ok\n", argv[i]);
        }
        fpt_diags_clear(&diags);
    }
    fpt_model_free(last_model);
    return code;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return EXIT_OPTIMAL;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("footprint %s (GLPK %s)\n", FPT_VERSION, fpt_solver_version());
        return EXIT_OPTIMAL;
    }
    if (strcmp(cmd, "solve") == 0) {
        return cmd_solve(argc, argv);
    }
    if (strcmp(cmd, "validate") == 0) {
        return cmd_validate(argc, argv);
    }
    return usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
    fpt_xml_init();
    int code = run(argc, argv);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
    return code;
}
