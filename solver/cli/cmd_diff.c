/* SPDX-License-Identifier: MIT */
/*
 * footprint diff A.json B.json [--max-cost-change PCT] [--fail-on-level-change]: prints what
 * changed between two runs and exits FPT_EXIT_DIFF when a status changed or a threshold was
 * passed (docs/cli.md "diff").
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/csv.h"
#include "cli.h"
#include "footprint/diff.h"

static bool parse_args(int argc, char **argv, const char **a, const char **b, fpt_diff_options *o,
                       int *code)
{
    fpt_cli_args args;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_DIFF, &args, code)) {
        return false;
    }
    fpt_diff_options_init(o);
    *a = args.positional[0];
    *b = args.positional[1];
    o->fail_on_level_change = fpt_cli_given(&args, FPT_CLI_OPT_FAIL_ON_LEVEL_CHANGE);
    if (fpt_cli_given(&args, FPT_CLI_OPT_MAX_COST_CHANGE)) {
        o->max_cost_change_pct = fpt_cli_value_of(&args, FPT_CLI_OPT_MAX_COST_CHANGE)->number;
    }
    return true;
}

int fpt_cli_diff(int argc, char **argv)
{
    const char *a = NULL, *b = NULL;
    fpt_diff_options o;
    int code = FPT_EXIT_OPTIMAL;
    if (!parse_args(argc, argv, &a, &b, &o, &code)) {
        return code;
    }
    fpt_diff_input in[2] = {{.name = a}, {.name = b}};
    char *text = NULL; /* standard input, for the one side that is "-" */
    size_t len = 0;
    for (size_t i = 0; i < 2; i++) {
        if (fpt_cli_is_stdin(in[i].name)) {
            code = fpt_cli_read_stdin(&text, &len);
            in[i] = (fpt_diff_input){.name = FPT_STDIN_NAME, .text = text, .len = len};
        }
    }
    if (code != FPT_EXIT_OPTIMAL) {
        return code;
    }
    fpt_diff_report r;
    fpt_error err = {0};
    fpt_status st = fpt_diff_inputs(&in[0], &in[1], &o, &r, &err);
    free(text);
    if (st != FPT_OK) {
        fpt_cli_print_failure(&(fpt_diags){0}, &err);
        return fpt_cli_exit_for_status(st);
    }
    fwrite(r.text, 1, r.len, stdout);
    code = r.exceeded ? FPT_EXIT_DIFF : FPT_EXIT_OPTIMAL;
    fpt_diff_report_clear(&r);
    return code;
}
