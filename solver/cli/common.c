/* SPDX-License-Identifier: MIT */
/*
 * Helpers every command shares (cli.h): printing findings, mapping library statuses to the exit
 * codes of docs/cli.md, writing the HTML report and other outputs, and the rule for binary
 * outputs (a workbook needs --output). Usage errors are cli/parse.c's.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csv.h"
#include "cli.h"
#include "footprint/geography.h"
#include "footprint/load.h"
#include "footprint/report.h"
#include "model/validate.h"
#include "report/html/html_report.h"

void fpt_cli_print_diags(const fpt_diags *d)
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
void fpt_cli_print_failure(const fpt_diags *d, const fpt_error *err)
{
    if (d->n > 0) {
        fpt_cli_print_diags(d);
    } else if (err->file[0] != '\0' && err->line > 0) {
        fprintf(stderr, "%s:%ld: %s\n", err->file, err->line, err->message);
    } else if (err->file[0] != '\0') {
        fprintf(stderr, "%s: %s\n", err->file, err->message);
    } else {
        fprintf(stderr, "footprint: %s\n", err->message);
    }
}

int fpt_cli_exit_for_status(fpt_status st)
{
    switch (st) {
    case FPT_OK:
        return FPT_EXIT_OPTIMAL;
    case FPT_EIO:
    case FPT_EXML:
    case FPT_ESCHEMA:
    case FPT_EINVALID:
        return FPT_EXIT_INPUT;
    case FPT_ESOLVER:
        return FPT_EXIT_SOLVER;
    case FPT_EUSAGE:
        return FPT_EXIT_USAGE;
    case FPT_ECANCELLED:
        return FPT_EXIT_INTERRUPTED;
    case FPT_ENOMEM:
    case FPT_EINTERNAL:
        return FPT_EXIT_INTERNAL;
    }
    return FPT_EXIT_INTERNAL;
}

fpt_status fpt_cli_write_report(const fpt_html_report_input *in, const char *path, fpt_error *err)
{
    fpt_html_report_input page = *in;
    fpt_geography *g = NULL;
    if (page.geography == NULL && page.scenario->geography_path != NULL) {
        fpt_diags diags = {0}; /* the scenario's load read this file already */
        fpt_status st = fpt_geography_load(page.scenario->geography_path, &g, &diags, err);
        fpt_diags_clear(&diags);
        FPT_TRY(st);
        page.geography = g;
    }
    char *text = NULL;
    size_t len = 0;
    fpt_status st = fpt_html_report_render(&page, &text, &len, err);
    if (st == FPT_OK) {
        st = fpt_write_atomic(path, text, len, err);
    }
    free(text);
    fpt_geography_free(g);
    return st;
}

bool fpt_cli_is_stdin(const char *arg)
{
    return strcmp(arg, "-") == 0;
}

int fpt_cli_read_stdin(char **text, size_t *len)
{
    fpt_error err = {0};
    fpt_status st = fpt_stream_read(stdin, text, len, &err);
    if (st != FPT_OK) {
        fpt_cli_print_failure(&(fpt_diags){0}, &err);
        return st == FPT_ENOMEM ? FPT_EXIT_INTERNAL : FPT_EXIT_INPUT;
    }
    return FPT_EXIT_OPTIMAL;
}

/* The model named by arg: "-" is standard input, else a file (or the data directory's). */
static fpt_status load_model(const char *arg, fpt_model **m, fpt_diags *d, fpt_error *err)
{
    if (!fpt_cli_is_stdin(arg)) {
        char buf[FPT_CLI_PATH_MAX];
        return fpt_model_load(fpt_cli_data_path(arg, buf, sizeof buf), m, d, err);
    }
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_stream_read(stdin, &text, &len, err)); /* once: the parser allows one "-" */
    fpt_status st = fpt_model_load_text(FPT_STDIN_NAME, text, len, m, d, err);
    free(text);
    return st;
}

/* The scenario named by arg, checked against m, as load_model(). */
static fpt_status load_scenario(const char *arg, const fpt_model *m, fpt_scenario **s, fpt_diags *d,
                                fpt_error *err)
{
    if (!fpt_cli_is_stdin(arg)) {
        char buf[FPT_CLI_PATH_MAX];
        return fpt_scenario_load(fpt_cli_data_path(arg, buf, sizeof buf), m, s, d, err);
    }
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_stream_read(stdin, &text, &len, err)); /* once: the parser allows one "-" */
    fpt_status st = fpt_scenario_load_text(FPT_STDIN_NAME, text, len, m, s, d, err);
    free(text);
    return st;
}

int fpt_cli_load_pair(const char *model_path, const char *scenario_path, fpt_model **m,
                      fpt_scenario **s)
{
    fpt_diags diags = {0};
    fpt_error err = {0};
    *m = NULL;
    *s = NULL;
    const char *failed = model_path;
    fpt_status st = load_model(model_path, m, &diags, &err);
    if (st == FPT_OK) {
        failed = scenario_path;
        st = load_scenario(scenario_path, *m, s, &diags, &err);
    }
    if (st != FPT_OK) {
        fpt_cli_print_failure(&diags, &err);
        if (!fpt_cli_is_stdin(failed)) {
            fpt_cli_data_note(failed);
        }
        fpt_model_free(*m);
        *m = NULL;
    } else {
        st = fpt_cli_print_warnings(*s, *m);
    }
    fpt_diags_clear(&diags);
    return st == FPT_OK ? FPT_EXIT_OPTIMAL : fpt_cli_exit_for_status(st);
}

fpt_status fpt_cli_print_warnings(const fpt_scenario *s, const fpt_model *m)
{
    fpt_diags notes = {0};
    fpt_status st = fpt_scenario_precedence_notes(s, m, &notes);
    for (size_t i = 0; st == FPT_OK && i < notes.n; i++) {
        fprintf(stderr, "%s:%ld: warning: %s\n", notes.items[i].file, notes.items[i].line,
                notes.items[i].message);
    }
    fpt_diags_clear(&notes);
    return st;
}

int fpt_cli_check_workbook_output(fpt_cli_command_id cmd, const fpt_cli_args *a,
                                  fpt_cli_option_id output)
{
    const char *what = fpt_cli_options[output].arg; /* FILE or DIR */
    if (!fpt_cli_given(a, output)) {
        return fpt_cli_command_error(cmd,
                                     "--format xlsx writes a binary workbook: give --output %s "
                                     "(or --output - to send it down a pipe)",
                                     what);
    }
    if (fpt_cli_text(a, output) == NULL && isatty(STDOUT_FILENO)) {
        return fpt_cli_command_error(cmd,
                                     "--format xlsx will not write a binary workbook to a "
                                     "terminal: give --output %s, or redirect standard output",
                                     what);
    }
    return FPT_EXIT_OPTIMAL;
}

fpt_status fpt_cli_write_output(const char *path, const char *data, size_t len, fpt_error *err)
{
    if (path != NULL) {
        return fpt_write_atomic(path, data, len, err);
    }
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
        return fpt_error_set(err, FPT_EIO, NULL, 0, "cannot write to standard output");
    }
    return FPT_OK;
}

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void fpt_cli_catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool fpt_cli_stop_requested(void *ctx)
{
    (void)ctx;
    return stop_requested != 0;
}
