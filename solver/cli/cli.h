/* SPDX-License-Identifier: MIT */
/*
 * Shared pieces of the footprint command: the exit codes of docs/cli.md, the printing of
 * diagnostics and the entry point of each command. Options and their parsing are in
 * cli/options.h. Only cli/ prints or exits; each command lives in its own file
 * (cli/cmd_solve.c, cli/cmd_validate.c, …) and returns an exit code to main.c.
 */
#ifndef FPT_CLI_H
#define FPT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/options.h"
#include "footprint/error.h"
#include "footprint/model.h"
#include "footprint/scenario.h"

/*
 * docs/cli.md "Exit status": the one table of exit codes. X(name, code, brief, meaning): the enum
 * below, the summary in `footprint --help` (brief) and the manual page's EXIT STATUS (meaning)
 * are all made from it.
 */
#define FPT_CLI_EXIT_CODES(X)                                                                      \
    X(FPT_EXIT_OPTIMAL, 0, "optimal plan",                                                         \
      "a plan, proven optimal (within --mip-gap when given); sweep, merge: every scenario was "    \
      "run and the outputs written (single scenarios may be infeasible or in error: see their "    \
      "status); diff: nothing past a threshold; validate: every file is good; serve: stopped by "  \
      "SIGINT or SIGTERM; --help, --version")                                                      \
    X(FPT_EXIT_LIMIT, 1, "plan at the time limit",                                                 \
      "a plan, not proven optimal: the search stopped at --time-limit or --mip-gap; the gap is "   \
      "reported")                                                                                  \
    X(FPT_EXIT_USAGE, 2, "usage",                                                                  \
      "the command line is wrong: an unknown command or option, an option the command does not "   \
      "take, a missing argument or value, a bad value")                                            \
    X(FPT_EXIT_INPUT, 3, "bad input",                                                              \
      "an input file is missing or unreadable, not well-formed XML, has a DOCTYPE or entity, "     \
      "breaks its schema, or means something impossible")                                          \
    X(FPT_EXIT_INFEASIBLE, 4, "infeasible scenario",                                               \
      "the scenario is infeasible: no plan meets its locks, skill pools and affordability; the "   \
      "clash is explained")                                                                        \
    X(FPT_EXIT_SOLVER, 5, "solver failure",                                                        \
      "the solver failed, or stopped at the time limit before finding any plan")                   \
    X(FPT_EXIT_OUTPUT, 6, "cannot write output", "an output file could not be written")            \
    X(FPT_EXIT_DIFF, 7, "diff found a change past its thresholds",                                 \
      "diff: a status changed or a threshold was passed")                                          \
    X(FPT_EXIT_INTERNAL, 70, "internal error",                                                     \
      "an internal error (a bug) or out of memory, GLPK stopping on a fatal error included")       \
    X(FPT_EXIT_INTERRUPTED, 130, "sweep interrupted (finished scenarios written)",                 \
      "sweep was interrupted by SIGINT or SIGTERM; the scenarios finished were written")

#define FPT_CLI_EXIT_ENUM(name, code, brief, meaning) name = code,
enum fpt_exit_code { FPT_CLI_EXIT_CODES(FPT_CLI_EXIT_ENUM) };
#undef FPT_CLI_EXIT_ENUM

/** Print every finding as file:line: message on stderr. */
void fpt_cli_print_diags(const fpt_diags *d);

/** Print a failure once: the findings when there are any, else the first error. */
void fpt_cli_print_failure(const fpt_diags *d, const fpt_error *err);

/**
 * Print on stderr, as "file:line: warning: …", what in s a user would expect to act and
 * cannot (model/validate.h fpt_scenario_precedence_notes). Returns FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_cli_print_warnings(const fpt_scenario *s, const fpt_model *m);

/**
 * Load a model and a scenario checked against it, and print its warnings. On failure print
 * every problem, free what was loaded and return the exit code; on success return
 * FPT_EXIT_OPTIMAL with *m and *s owned by the caller.
 */

int fpt_cli_load_pair(const char *model_path, const char *scenario_path, fpt_model **m,
                      fpt_scenario **s);

/** Whether an input argument is "-", standard input (docs/cli.md "The command line"). */
bool fpt_cli_is_stdin(const char *arg);

/** From here on SIGINT and SIGTERM set the flag fpt_cli_stop_requested() reads (the
 * commands stop cleanly on it: exit 130). */
void fpt_cli_catch_stop_signals(void);

/** Whether SIGINT or SIGTERM arrived since fpt_cli_catch_stop_signals(); ctx unused (the
 * form of fpt_solve_options.cancelled). Async-signal-safe to read from any thread. */
bool fpt_cli_stop_requested(void *ctx);

/**
 * Read standard input whole into memory, once, for an argument of "-": the command parses and
 * hashes the buffer, never the stream again. On failure print why ("<stdin>: …") and return
 * FPT_EXIT_INPUT (FPT_EXIT_INTERNAL when out of memory); else FPT_EXIT_OPTIMAL with *text
 * (NUL-terminated, *len bytes) owned by the caller.
 */
int fpt_cli_read_stdin(char **text, size_t *len);

/** Room for a path found under the data directory. */
#define FPT_CLI_PATH_MAX 4096

/**
 * Find an input file (cli/datadir.c): return arg itself when it names an existing file, or
 * when the same relative path names no regular file under the data directory either
 * (FOOTPRINT_DATA_DIR when set, else the installed share/footprint); otherwise write that
 * path into buf (size bytes, FPT_CLI_PATH_MAX; a longer path is not looked for) and return buf.
 * This function can't fail.
 */
const char *fpt_cli_data_path(const char *arg, char *buf, size_t size);

/**
 * After a failed load of arg: when it was found neither as given nor under the data
 * directory, say on stderr which path was looked for there. Prints nothing otherwise.
 */
void fpt_cli_data_note(const char *arg);

/** Map a library status to an exit code. */
int fpt_cli_exit_for_status(fpt_status st);

struct fpt_html_report_input;

/**
 * Render the HTML report (--report) and write it to path atomically.
 * Returns FPT_OK, FPT_ENOMEM or FPT_EIO.
 */
fpt_status fpt_cli_write_report(const struct fpt_html_report_input *in, const char *path,
                                fpt_error *err);

/**
 * --format xlsx writes a binary workbook, never onto a terminal: check that the option
 * `output` (--output FILE or DIR) was given, and that when it is "-" standard output is not
 * a terminal. Prints the usage error and returns FPT_EXIT_USAGE when not; else
 * FPT_EXIT_OPTIMAL.
 */
int fpt_cli_check_workbook_output(fpt_cli_command_id cmd, const fpt_cli_args *a,
                                  fpt_cli_option_id output);

/**
 * Write len bytes to path atomically (fpt_write_atomic()), or to standard output when path is
 * NULL. Returns FPT_OK, FPT_EIO (with a message) or FPT_ENOMEM.
 */
fpt_status fpt_cli_write_output(const char *path, const char *data, size_t len, fpt_error *err);

/** footprint solve …; returns the exit code. */
int fpt_cli_solve(int argc, char **argv);

/** footprint diff A.json B.json …; returns the exit code. */
int fpt_cli_diff(int argc, char **argv);

/** footprint merge MODEL SCENARIO DIR… --output DIR; returns the exit code. */
int fpt_cli_merge(int argc, char **argv);

/** footprint sweep …; returns the exit code. */
int fpt_cli_sweep(int argc, char **argv);

/** footprint validate FILE…; returns the exit code. */
int fpt_cli_validate(int argc, char **argv);

/** footprint districts GEOGRAPHY …; returns the exit code. */
int fpt_cli_districts(int argc, char **argv);

/** footprint size MODEL SCENARIO --function ID …; returns the exit code. */
int fpt_cli_size(int argc, char **argv);

/** footprint serve MODEL SCENARIO …; returns the exit code. */
int fpt_cli_serve(int argc, char **argv);

/** footprint help [COMMAND]; returns the exit code. */
int fpt_cli_help(int argc, char **argv);

#endif
