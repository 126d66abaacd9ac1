/* SPDX-License-Identifier: MIT */
/*
 * footprint-gen-docs: writes the footprint(1) manual page or the bash completion script from
 * the options table (cli/options.c), at build time (solver/CMakeLists.txt, target
 * footprint-docs). `footprint-gen-docs man FILE` or `footprint-gen-docs bash-completion FILE`;
 * a file that cannot be written is removed and the status is 1.
 */
#include <stdio.h>
#include <string.h>

#include "cli/options.h"

int main(int argc, char **argv)
{
    void (*write)(FILE *) = NULL;
    if (argc == 3 && strcmp(argv[1], "man") == 0) {
        write = fpt_cli_write_manpage;
    } else if (argc == 3 && strcmp(argv[1], "bash-completion") == 0) {
        write = fpt_cli_write_completion;
    } else {
        fputs("usage: footprint-gen-docs man|bash-completion FILE\n", stderr);
        return 2;
    }
    FILE *out = fopen(argv[2], "w");
    if (out == NULL) {
        perror(argv[2]);
        return 1;
    }
    write(out);
    if (ferror(out) | fclose(out)) {
        perror(argv[2]);
        remove(argv[2]);
        return 1;
    }
    return 0;
}
