/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the footprint command: the exit codes of docs/cli.md, usage errors,
 * number parsing and the printing of diagnostics. Only cli/ prints or exits; each command
 * lives in its own file (cli/cmd_solve.c, cli/cmd_validate.c) and returns an exit code to main.c.
 */
#ifndef FPT_CLI_H
#define FPT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"

/* docs/cli.md "Exit status": the one table of exit codes. */
enum fpt_exit_code {
    EXIT_OPTIMAL = 0,      /* a plan, proven optimal */
    EXIT_LIMIT = 1,        /* a plan, not proven optimal: stopped at --time-limit */
    EXIT_USAGE = 2,        /* bad command line */
    EXIT_INPUT = 3,        /* a file is missing, unreadable, malformed or invalid */
    EXIT_INFEASIBLE = 4,   /* the scenario admits no plan; the clash is explained */
    EXIT_SOLVER = 5,       /* the solver failed, or stopped before finding any plan */
    EXIT_OUTPUT = 6,       /* an output file could not be written */
    EXIT_DIFF = 7,         /* diff: a status changed or a threshold was passed */
    EXIT_INTERNAL = 70,    /* a bug or out of memory */
    EXIT_INTERRUPTED = 130 /* a sweep stopped by SIGINT or SIGTERM; what finished is written */
};

/** Print "footprint: <message>" and the hint to run --help; return EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Parse a finite number >= lo filling the whole of text. */
bool cli_parse_number(const char *text, double lo, double *out);

/** Print every finding as file:line: message on stderr. */
void cli_print_diags(const fpt_diags *d);

/** Print a failure once: the findings when there are any, else the first error. */
void cli_print_failure(const fpt_diags *d, const fpt_error *err);

/**
 * Load a model and a scenario checked against it. On failure print every problem, free
 * what was loaded and return the exit code; on success return EXIT_OPTIMAL with *m and *s
 * owned by the caller.
 */
int cli_load_pair(const char *model_path, const char *scenario_path, fpt_model **m,
                  fpt_scenario **s);

/** Room for a path found under the data directory. */
#define CLI_PATH_MAX 4096

/**
 * Find an input file (cli/datadir.c): return arg itself when it names an existing file, or
 * when the same relative path names no regular file under the data directory either
 * (FOOTPRINT_DATA_DIR when set, else the installed share/footprint); otherwise write that
 * path into buf (size bytes, CLI_PATH_MAX; a longer path is not looked for) and return buf.
 * This function can't fail.
 */
const char *cli_data_path(const char *arg, char *buf, size_t size);

/**
 * After a failed load of arg: when it was found neither as given nor under the data
 * directory, say on stderr which path was looked for there. Prints nothing otherwise.
 */
void cli_data_note(const char *arg);

/** Map a library status to an exit code. */
int cli_exit_for_status(fpt_status st);

struct fpt_html_report_input;

/**
 * Render the HTML report (--report) and write it to path atomically.
 * Returns FPT_OK, FPT_ENOMEM or FPT_EIO.
 */
fpt_status cli_write_report(const struct fpt_html_report_input *in, const char *path,
                            fpt_error *err);

/** footprint solve …; returns the exit code. */
int cli_solve(int argc, char **argv);

/** footprint diff A.json B.json …; returns the exit code. */
int cli_diff(int argc, char **argv);

/** footprint merge MODEL SCENARIO DIR… --output DIR; returns the exit code. */
int cli_merge(int argc, char **argv);

/** footprint sweep …; returns the exit code. */
int cli_sweep(int argc, char **argv);

/** footprint validate FILE…; returns the exit code. */
int cli_validate(int argc, char **argv);

/** footprint districts GEOGRAPHY …; returns the exit code. */
int cli_districts(int argc, char **argv);

/** footprint size MODEL SCENARIO --function ID …; returns the exit code. */
int cli_size(int argc, char **argv);

#endif
