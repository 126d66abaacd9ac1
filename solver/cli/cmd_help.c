/* SPDX-License-Identifier: MIT */
/*
 * footprint help [COMMAND]: the usage, or one command's help, as `footprint --help` and
 * `footprint COMMAND --help` print them (cli/help.c).
 */
#include <stdio.h>

#include "cli.h"

int fpt_cli_help(int argc, char **argv)
{
    fpt_cli_args a;
    int code = FPT_EXIT_OPTIMAL;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_CMD_HELP, &a, &code)) {
        return code;
    }
    if (a.n_positional == 0) {
        fpt_cli_print_usage(stdout);
        return FPT_EXIT_OPTIMAL;
    }
    int c = fpt_cli_command_find(a.positional[0]);
    if (c < 0) {
        return fpt_cli_unknown_command(a.positional[0]);
    }
    fpt_cli_print_command_help(stdout, (fpt_cli_command_id)c);
    return FPT_EXIT_OPTIMAL;
}
