/* SPDX-License-Identifier: MIT */
/*
 * footprint diff A.json B.json [--max-cost-change PCT] [--fail-on-level-change]: prints what
 * changed between two runs and exits EXIT_DIFF when a status changed or a threshold was
 * passed (docs/cli.md "diff").
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "footprint/diff.h"

static int parse_args(int argc, char **argv, const char **a, const char **b, fpt_diff_options *o)
{
    int n = 0;
    fpt_diff_options_init(o);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--fail-on-level-change") == 0) {
            o->fail_on_level_change = true;
        } else if (strcmp(argv[i], "--max-cost-change") == 0) {
            if (i + 1 >= argc || !cli_parse_number(argv[i + 1], 0, &o->max_cost_change_pct)) {
                return cli_usage_error("--max-cost-change needs a percentage >= 0");
            }
            i++;
        } else if (strncmp(argv[i], "--", 2) == 0) {
            return cli_usage_error("unknown diff option '%s'", argv[i]);
        } else if (n < 2) {
            *(n++ == 0 ? a : b) = argv[i];
        } else {
            return cli_usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    return n == 2 ? EXIT_OPTIMAL : cli_usage_error("diff needs two JSON files");
}

int cli_diff(int argc, char **argv)
{
    const char *a = NULL, *b = NULL;
    fpt_diff_options o;
    int code = parse_args(argc, argv, &a, &b, &o);
    if (code != EXIT_OPTIMAL) {
        return code;
    }
    fpt_diff_report r;
    fpt_error err = {0};
    fpt_status st = fpt_diff_files(a, b, &o, &r, &err);
    if (st != FPT_OK) {
        cli_print_failure(&(fpt_diags){0}, &err);
        return cli_exit_for_status(st);
    }
    fwrite(r.text, 1, r.len, stdout);
    code = r.exceeded ? EXIT_DIFF : EXIT_OPTIMAL;
    fpt_diff_report_clear(&r);
    return code;
}
