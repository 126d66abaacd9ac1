/* SPDX-License-Identifier: MIT */
/*
 * footprint validate: check model and scenario files, told apart by their root element, and
 * geography CSV files, told apart by not being XML. Every scenario is checked against every
 * model named on the command line, wherever it stands (docs/cli.md "validate"); results
 * are printed in the order the files were given.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "cli.h"
#include "footprint/geography.h"
#include "footprint/load.h"
#include "model/validate.h"

/* One file of the command line: where it was found and what it holds. */
typedef struct checked {
    const char *arg;  /* as given */
    const char *path; /* arg, where the data directory has it (buf), or "<stdin>" */
    char buf[FPT_CLI_PATH_MAX];
    char *text; /* for "-": standard input, read once; NULL for a file */
    size_t len;
    fpt_file_kind kind;
    bool is_xml;
    fpt_model *model; /* a model that loaded */
} checked;

/* Whether the input's first character that is not white space opens an XML document. */
static bool looks_like_xml(const checked *in)
{
    if (in->text != NULL) {
        size_t i = strspn(in->text, " \t\r\n");
        unsigned char first = (unsigned char)in->text[i];
        return i == in->len || first == '<' || first == 0xEF;
    }
    const char *path = in->path;
    const char *not_regular = NULL;
    FILE *f = fpt_file_open_regular(path, &not_regular);
    int c = EOF;
    while (f != NULL && (c = fgetc(f)) != EOF && strchr(" \t\r\n", c) != NULL) {
    }
    if (f != NULL) {
        fclose(f);
    }
    /* an unreadable or irregular file is left to the XML reader, whose message says why */
    return f == NULL || c == '<' || c == 0xEF || c == EOF;
}

/* A geography CSV: checked as `districts` and real-unit scenarios read it. */
static fpt_status check_geography(const checked *c, size_t *n_ccgs, fpt_diags *diags)
{
    fpt_error err = {0};
    fpt_geography *g = NULL;
    fpt_status st = c->text != NULL ? fpt_geography_parse(c->path, c->text, c->len, &g, diags, &err)
                                    : fpt_geography_load(c->path, &g, diags, &err);
    if (st == FPT_OK) {
        *n_ccgs = g->n_ccgs;
    } else if (diags->n == 0) {
        fpt_diags_add(diags, c->path, err.line, "%s", err.message);
    }
    fpt_geography_free(g);
    return st == FPT_EINVALID && diags->n > 0 ? FPT_EINVALID : st;
}

/* Print, as warnings, everything the scenario leaves to a default that changes the answer
 * (docs/formats.md "Defaults"). Returns FPT_OK or FPT_ENOMEM. */
static fpt_status warn_defaults(const fpt_scenario *s, const fpt_model *m)
{
    fpt_diags notes = {0};
    fpt_status st = fpt_scenario_default_notes(s, m, &notes);
    for (size_t i = 0; st == FPT_OK && i < notes.n; i++) {
        const fpt_diag *g = &notes.items[i];
        if (g->line > 0) {
            fprintf(stderr, "%s:%ld: warning: %s\n", g->file, g->line, g->message);
        } else {
            fprintf(stderr, "%s: warning: %s\n", g->file, g->message);
        }
    }
    fpt_diags_clear(&notes);
    return st;
}

/* A scenario: against every model that loaded, or on its own when none did. */
static fpt_status check_scenario(const checked *c, const checked *all, size_t n, fpt_diags *diags)
{
    fpt_error err = {0};
    fpt_status worst = FPT_OK;
    size_t models = 0;
    for (size_t i = 0; i < n; i++) {
        if (all[i].model == NULL) {
            continue;
        }
        fpt_scenario *s = NULL;
        fpt_status st = c->text != NULL ? fpt_scenario_load_text(c->path, c->text, c->len,
                                                                 all[i].model, &s, diags, &err)
                                        : fpt_scenario_load(c->path, all[i].model, &s, diags, &err);
        if (st == FPT_OK) {
            st = warn_defaults(s, all[i].model);
        }
        if (st == FPT_OK) {
            st = fpt_cli_print_warnings(s, all[i].model);
        }
        fpt_scenario_free(s);
        worst = worst == FPT_OK ? st : worst;
        models++;
    }
    if (models > 0) {
        return worst;
    }
    return c->text != NULL ? fpt_scenario_check_text(c->path, c->text, c->len, diags, &err)
                           : fpt_scenario_check(c->path, diags, &err);
}

/* Load every model first, so that a scenario given before its model is checked against it. */
static fpt_status detect_and_load(checked *c, fpt_diags *diags)
{
    fpt_error err = {0};
    c->is_xml = looks_like_xml(c);
    if (!c->is_xml) {
        return FPT_OK;
    }
    if (c->text == NULL) {
        FPT_TRY(fpt_file_detect(c->path, &c->kind, diags, &err));
        return c->kind == FPT_FILE_MODEL ? fpt_model_load(c->path, &c->model, diags, &err) : FPT_OK;
    }
    FPT_TRY(fpt_file_detect_text(c->path, c->text, c->len, &c->kind, diags, &err));
    return c->kind == FPT_FILE_MODEL
               ? fpt_model_load_text(c->path, c->text, c->len, &c->model, diags, &err)
               : FPT_OK;
}

/* Check one file (models were loaded by detect_and_load) and print its verdict. */
static int report_one(const checked *c, const checked *all, size_t n, fpt_status st,
                      fpt_diags *diags)
{
    size_t n_ccgs = 0;
    if (st == FPT_OK && !c->is_xml) {
        st = check_geography(c, &n_ccgs, diags);
    } else if (st == FPT_OK && c->kind == FPT_FILE_SCENARIO) {
        st = check_scenario(c, all, n, diags);
    } else if (st == FPT_OK && c->kind != FPT_FILE_MODEL) {
        fpt_diags_add(diags, c->path, 0,
                      "not a footprint file (expected a <model> or <scenario> root, or a "
                      "geography CSV)");
        st = FPT_ESCHEMA;
    }
    if (st != FPT_OK) {
        fpt_cli_print_diags(diags);
        if (diags->n == 0) {
            fprintf(stderr, "%s: %s\n", c->path, fpt_strerror(st));
        }
        if (c->text == NULL) {
            fpt_cli_data_note(c->arg);
        }
        return fpt_cli_exit_for_status(st);
    }
    const char *name = c->text != NULL ? c->path : c->arg;
    if (!c->is_xml) {
        printf("%s: ok (a geography of %zu CCGs)\n", name, n_ccgs);
    } else {
        printf("%s: ok\n", name);
    }
    return FPT_EXIT_OPTIMAL;
}

int fpt_cli_validate(int argc, char **argv)
{
    fpt_cli_args a;
    int code = FPT_EXIT_OPTIMAL;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_VALIDATE, &a, &code)) {
        return code;
    }
    size_t n = a.n_positional;
    checked *files = calloc(n + 1, sizeof *files);
    fpt_diags *diags = calloc(n + 1, sizeof *diags);
    fpt_status *loaded = calloc(n + 1, sizeof *loaded);
    if (files == NULL || diags == NULL || loaded == NULL) {
        fprintf(stderr, "footprint: out of memory\n");
        code = FPT_EXIT_INTERNAL;
        n = 0;
    }
    for (size_t i = 0; i < n && code == FPT_EXIT_OPTIMAL; i++) {
        files[i].arg = a.positional[i];
        files[i].path = fpt_cli_data_path(a.positional[i], files[i].buf, sizeof files[i].buf);
        if (fpt_cli_is_stdin(files[i].arg)) {
            files[i].path = FPT_STDIN_NAME;
            code = fpt_cli_read_stdin(&files[i].text, &files[i].len);
        }
    }
    for (size_t i = 0; i < n && code == FPT_EXIT_OPTIMAL; i++) {
        loaded[i] = detect_and_load(&files[i], &diags[i]);
    }
    n = code == FPT_EXIT_OPTIMAL ? n : 0;
    for (size_t i = 0; i < n; i++) {
        int one = report_one(&files[i], files, n, loaded[i], &diags[i]);
        code = code == FPT_EXIT_OPTIMAL ? one : code;
    }
    for (size_t i = 0; files != NULL && diags != NULL && i < a.n_positional; i++) {
        fpt_model_free(files[i].model);
        free(files[i].text);
        fpt_diags_clear(&diags[i]);
    }
    free(files);
    free(diags);
    free(loaded);
    return code;
}
