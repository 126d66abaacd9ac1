/* SPDX-License-Identifier: MIT */
/*
 * footprint help [COMMAND]: the usage, or one command's help, as `footprint --help` and
 * `footprint COMMAND --help` print them (cli/help.c).
 */
#include <stdio.h>

#include "cli.h"

int cli_help(int argc, char **argv)
{
    cli_args a;
    int code = EXIT_OPTIMAL;
    if (!cli_parse(argc, argv, CLI_CMD_HELP, &a, &code)) {
        return code;
    }
    if (a.n_positional == 0) {
        cli_print_usage(stdout);
        return EXIT_OPTIMAL;
    }
    int c = cli_command_find(a.positional[0]);
    if (c < 0) {
        return cli_unknown_command(a.positional[0]);
    }
    cli_print_command_help(stdout, (cli_command_id)c);
    return EXIT_OPTIMAL;
}
