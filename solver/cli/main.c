/* SPDX-License-Identifier: MIT */
/*
 * The footprint command's entry point: initialises libxml2, answers --help and --version,
 * dispatches to a command (cli/cmd_solve.c, cli/cmd_validate.c, …; the table of commands is
 * cli/options.c) and returns its exit code (docs/cli.md). The only code in the project that
 * parses argv, prints or exits lives in cli/.
 */
#include <stdio.h>

#ifdef __GLIBC__
#    include <malloc.h>
#endif

#include "cli.h"
#include "footprint/load.h"
#include "footprint/solve.h"

#ifdef FPT_MPI
#    include <mpi.h>
#    define MPI_STATE "on"
#else
#    define MPI_STATE "off"
#endif

typedef int (*command_fn)(int argc, char **argv);

/* Each command's entry point, by fpt_cli_command_id (the table of commands is cli/options.c). */
static const command_fn COMMANDS[FPT_CLI_N_COMMANDS] = {
    [FPT_CLI_CMD_SOLVE] = fpt_cli_solve,       [FPT_CLI_CMD_SWEEP] = fpt_cli_sweep,
    [FPT_CLI_CMD_MERGE] = fpt_cli_merge,       [FPT_CLI_CMD_DIFF] = fpt_cli_diff,
    [FPT_CLI_CMD_VALIDATE] = fpt_cli_validate, [FPT_CLI_CMD_DISTRICTS] = fpt_cli_districts,
    [FPT_CLI_CMD_SIZE] = fpt_cli_size,         [FPT_CLI_CMD_SERVE] = fpt_cli_serve,
    [FPT_CLI_CMD_HELP] = fpt_cli_help,
};

/* footprint --help, footprint --version: the options before any command. */
static int top_level(int argc, char **argv)
{
    fpt_cli_args a;
    int code = FPT_EXIT_OPTIMAL;
    if (!fpt_cli_parse(argc, argv, FPT_CLI_TOP, &a, &code)) {
        return code;
    }
    if (fpt_cli_given(&a, FPT_CLI_OPT_VERSION)) {
        printf("footprint %s (GLPK %s, MPI %s)\n", FPT_VERSION, fpt_solver_version(), MPI_STATE);
        return FPT_EXIT_OPTIMAL;
    }
    fpt_cli_print_usage(stderr);
    return FPT_EXIT_USAGE;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        fpt_cli_print_usage(stderr);
        return FPT_EXIT_USAGE;
    }
    const char *word = argv[1];
    if (word[0] == '-' && word[1] != '\0') {
        return top_level(argc, argv);
    }
    int c = fpt_cli_command_find(word);
    if (c < 0) {
        return fpt_cli_unknown_command(word);
    }
    return COMMANDS[c](argc, argv);
}

/* GLPK allocates and frees a programme's work arrays at every search. With glibc's defaults
 * each free above 128 KiB gives the top of the heap back to the system and the next search
 * takes it again, page by page: on a 40-function model with chained links, 1.4 million page
 * faults and 2.1 s of system time over 9.8 s of user time (bench/README.md "The allocator").
 * Keeping up to 64 MiB of freed heap, and taking blocks below 32 MiB from the heap rather
 * than from mmap, removes them; the resident memory stays the same. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
#ifdef FPT_MPI
    int provided = 0; /* one thread at a time calls MPI (run/sweep_mpi.c) */
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
#endif
    fpt_xml_init();
    int code = run(argc, argv);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
#ifdef FPT_MPI
    MPI_Finalize();
#endif
    return code;
}
