/* SPDX-License-Identifier: MIT */
/*
 * The output directory of sweep and merge (docs/cli.md "Outputs"): made, locked against a
 * second writer for the whole run, cleared of the temporary files a killed run left, and
 * written as one set — every file written in full beside its target before the first is
 * renamed into place, sweep.json last (docs/cli.md "Interruption and resume").
 */
#ifndef FPT_CLI_SWEEP_OUTPUT_H
#define FPT_CLI_SWEEP_OUTPUT_H

#include <stddef.h>

#include "footprint/error.h"

/** One file of the set: its name in the directory and its content (borrowed). */
typedef struct fpt_cli_out_file {
    const char *name;
    const char *text;
    size_t len;
} fpt_cli_out_file;

/**
 * Make dir if needed (its parent must exist), lock it (flock(2) on the directory itself,
 * without waiting) and remove what a killed writer of the set left: regular files named like
 * a set file's temporary one (sweep.json.Ab3xYz). *fd holds the lock; close it to let go.
 * @return FPT_OK; FPT_EIO with a message naming dir (cannot create it, another command holds
 *         the lock).
 */
fpt_status fpt_cli_sweep_dir_open(const char *dir, int *fd, fpt_error *err);

/**
 * Write files[0..n) into dir as one set: each written whole to a temporary file beside its
 * target, and only when all are written are they renamed into place, in the order given (the
 * caller puts sweep.json last). A failure before the renames leaves every existing file as it
 * was.
 * @return FPT_OK, FPT_EIO (naming the file), FPT_ENOMEM.
 */
fpt_status fpt_cli_sweep_dir_write(const char *dir, const fpt_cli_out_file *files, size_t n,
                                   fpt_error *err);

/**
 * FPT_TEST_HOOKS builds: when FPT_TEST_KILL_AT is "WHERE:COUNT" and count equals COUNT, the
 * process kills itself with SIGKILL, so that a test stops a run at an exact point. Otherwise
 * (and in every other build) it does nothing.
 */
void fpt_cli_test_kill_point(const char *where, long count);

#endif
