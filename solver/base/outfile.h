/* SPDX-License-Identifier: MIT */
/*
 * Writing an output file without ever destroying what is at its path (docs/cli.md
 * "Outputs"): a regular file is replaced whole by a rename, keeping its mode; a FIFO or a
 * character device is written through; anything else is refused. Part of base/, so every
 * writer — reports, sweeps, the programme files GLPK writes — uses the same rule.
 */
#ifndef FPT_OUTFILE_H
#define FPT_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "footprint/error.h"

/** An output being written: begun by fpt_outfile_begin(), ended by exactly one of
 * fpt_outfile_commit() and fpt_outfile_abandon(). */
typedef struct fpt_outfile {
    char *write_path; /* where the content goes: a temporary file beside target, or the FIFO
                         or device itself */
    char *target;     /* the regular file the temporary one is renamed over; NULL when
                         writing through */
    int fd;           /* open for writing on write_path; owned, closed at the end */
    bool through;     /* writing straight into a FIFO or a character device */
} fpt_outfile;

/**
 * Decide how to write path and open it; o->fd is open for writing on o->write_path, and a
 * writer that needs a name (GLPK) may open o->write_path again instead. When path is (or is
 * a symbolic link to) a FIFO or a character device, o->write_path is path itself and the
 * content is written through it; a FIFO must have a reader within 5 s, so that nothing
 * waits for ever. Otherwise o->target is the regular file path names (a symbolic link is followed,
 * so the link stays and its target is replaced) or the new file it will be, and
 * o->write_path a new, empty temporary file beside it: with the existing file's mode (and
 * owner and group where allowed), or 0666 less the umask for a new file.
 * @param path borrowed
 * @param o    OUT: the output begun; left with fd -1 and no strings on failure
 * Returns FPT_OK; FPT_EIO, with a message naming path, when path is a directory, a block
 * device, a socket, a symbolic link to nothing or a FIFO no process reads, or the file cannot
 * be opened or created; FPT_ENOMEM. Thread-safe for distinct paths.
 */
fpt_status fpt_outfile_begin(const char *path, fpt_outfile *o, fpt_error *err);

/**
 * Finish an output whose content is now in o->write_path: flush the temporary file to disk
 * and rename it over the target — only when the target is still absent or a regular file —
 * or, when writing through, only close it. Closes o->fd and frees o's strings in every case,
 * and on failure removes the temporary file. Returns FPT_OK, FPT_EIO (with a message naming
 * the target).
 */
fpt_status fpt_outfile_commit(fpt_outfile *o, fpt_error *err);

/** Give up an output: close o->fd, remove the temporary file, if any, and free o's strings.
 * Can't fail. */
void fpt_outfile_abandon(fpt_outfile *o);

/**
 * Write len bytes of data to path by the rule of fpt_outfile_begin(): whole or not at all
 * for a regular file, through for a FIFO or a character device.
 * Returns FPT_OK, FPT_EIO (with a message naming path and the system's reason), FPT_ENOMEM.
 */
fpt_status fpt_outfile_write(const char *path, const char *data, size_t len, fpt_error *err);

/** Write all of data[0..len) to fd, retrying short writes and EINTR. Returns 0, or -1 with
 * errno set (EIO for a write that wrote nothing). */
int fpt_write_all(int fd, const char *data, size_t len);

/** A writer that can only write to a named file (GLPK's): returns 0 when it succeeded. */
typedef int (*fpt_outfile_writer)(void *ctx, const char *path);

/**
 * Write path with write_fn's content, by the rule of fpt_outfile_write(). write_fn writes a
 * private temporary file (in $TMPDIR, else /tmp), which is read back, checked to end with
 * trailer — a writer that ignores a failed final flush (GLPK does) leaves it cut short — and
 * removed; only then is path written. So a full disk or device never leaves a truncated
 * output, and a FIFO or device receives the content through checked writes.
 * @param trailer the bytes the content must end with ("ENDATA\n" for MPS, "End\n" for LP)
 * Returns FPT_OK, FPT_EIO (with a message naming path), FPT_ENOMEM.
 */
fpt_status fpt_outfile_write_via(const char *path, fpt_outfile_writer write_fn, void *ctx,
                                 const char *trailer, fpt_error *err);

/**
 * Whether a directory on the way to path is missing, and which: the one nearest the root
 * that does not exist (for "out/new/dir/plan.csv" with only "out" existing, "out/new"),
 * written into buf (size bytes). Only ENOENT counts. Can't fail.
 */
bool fpt_outfile_missing_dir(const char *path, char *buf, size_t size);

#endif
