/* SPDX-License-Identifier: MIT */
/*
 * Reading the project's CSV files (geographies, partitions): a whole file into memory with
 * a size cap, one physical line at a time, and RFC 4180 fields split in place. Part of base/,
 * used by geo/geography.c and geo/realunits.c; it knows nothing of what the columns mean and
 * never prints.
 */
#ifndef FPT_CSV_H
#define FPT_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "footprint/error.h"

/**
 * Open path for reading when it is a regular file (or a symbolic link to one), and only then:
 * a FIFO, a device (/dev/zero), a directory or a socket is refused without blocking or
 * reading a byte, so that a reader can never hang on one (docs/cli.md "Errors").
 * @param not_regular OUT: NULL when the file is returned or open() failed (errno says why);
 * otherwise a static phrase for a message, "is a FIFO (named pipe), not a regular file"
 * @return the stream, owned by the caller (fclose()), or NULL. Thread-safe.
 */
FILE *fpt_file_open_regular(const char *path, const char **not_regular);

/**
 * The fpt_error for a path fpt_file_open_regular() refused as not regular: FPT_EIO, with the
 * path, the phrase and what is expected. Returns FPT_EIO.
 */
fpt_status fpt_file_refuse(const char *path, const char *not_regular, fpt_error *err);

/**
 * Read a whole file into memory (at most 64 MiB), a regular file only.
 * @param text OUT: the bytes, NUL-terminated, owned by the caller (free()); NULL on failure
 * @return FPT_OK, FPT_EIO (cannot open or read, not a regular file, or too big; err says
 * which) or FPT_ENOMEM.
 */
fpt_status fpt_file_read(const char *path, char **text, size_t *len, fpt_error *err);

/** What findings call an input read from standard input (an argument of "-"). */
#define FPT_STDIN_NAME "<stdin>"

/**
 * Read the whole of in (standard input: a pipe, a terminal or a file) into memory, at most
 * 64 MiB, once: the command reads an argument of "-" with this and parses and hashes the
 * buffer, since a pipe cannot be read twice.
 * @param text OUT: the bytes, NUL-terminated, owned by the caller (free()); NULL on failure
 * @return FPT_OK, FPT_EIO (a read error, or too big; err names FPT_STDIN_NAME) or FPT_ENOMEM.
 * Thread safety: reads in; touches nothing else.
 */
fpt_status fpt_stream_read(FILE *in, char **text, size_t *len, fpt_error *err);

/**
 * Copy the physical line at *pos of text into *buf (grown as needed; caller frees), without
 * its newline or a trailing CR, and move *pos past it. Returns FPT_OK or FPT_ENOMEM.
 */
fpt_status fpt_csv_next_line(const char *text, size_t len, size_t *pos, char **buf, size_t *cap);

/**
 * Split one line into fields, in place: quotes are removed and "" becomes ". Returns the
 * number of fields (up to max stored), or -1 for an unterminated quote or text after a
 * closing quote.
 */
int fpt_csv_split(char *line, char **fields, int max);

#endif
