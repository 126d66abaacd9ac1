/* SPDX-License-Identifier: MIT */
/*
 * footprint validate: check model and scenario files, told apart by their root element;
 * a scenario after a model on the command line is also checked against it.
 */
#include <stdio.h>

#include "cli.h"
#include "footprint/load.h"

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

int fpt_cli_validate(int argc, char **argv)
{
    fpt_cli_args a;
    int code = FPT_EXIT_OPTIMAL;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_VALIDATE, &a, &code)) {
        return code;
    }
    fpt_model *last_model = NULL;
    for (size_t i = 0; i < a.n_positional; i++) {
        const char *arg = a.positional[i];
        fpt_diags diags = {0};
        char buf[FPT_CLI_PATH_MAX];
        const char *path = fpt_cli_data_path(arg, buf, sizeof buf);
        fpt_status st = validate_one(path, &last_model, &diags);
        if (st != FPT_OK) {
            fpt_cli_print_diags(&diags);
            if (diags.n == 0) {
                fprintf(stderr, "%s: %s\n", path, fpt_strerror(st));
            }
            fpt_cli_data_note(arg);
            code = code == FPT_EXIT_OPTIMAL ? fpt_cli_exit_for_status(st) : code;
        } else {
            printf("%s: ok\n", arg);
        }
        fpt_diags_clear(&diags);
    }
    fpt_model_free(last_model);
    return code;
}
