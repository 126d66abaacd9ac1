/* SPDX-License-Identifier: MIT */
/*
 * Reading the project's CSV files (base/csv.h): regular files only, whole with a size cap, lines
 * and RFC 4180 fields. Shared by the geography loader (geo/geography.c) and the partition
 * reader (geo/realunits.c); it reports a file it cannot read through err and never prints.
 */
#include "base/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE_BYTES (64L * 1024 * 1024)

/* Read the rest of fp into a growing buffer; false on a read error or over the size cap.
 * On success *len < the buffer's size, so the caller may terminate it. */
static bool read_stream(FILE *fp, char **buf, size_t *len, bool *nomem)
{
    size_t cap = 0;
    for (;;) {
        if (*len == cap) {
            cap = cap == 0 ? 65536 : 2 * cap;
            char *grown = cap <= 2 * (size_t)MAX_FILE_BYTES ? realloc(*buf, cap) : NULL;
            if (grown == NULL) {
                *nomem = cap <= 2 * (size_t)MAX_FILE_BYTES;
                return false;
            }
            *buf = grown;
        }
        *len += fread(*buf + *len, 1, cap - *len, fp);
        if (*len > (size_t)MAX_FILE_BYTES || ferror(fp)) {
            return false;
        }
        if (feof(fp)) {
            return *len < cap;
        }
    }
}

static const char *kind_of(mode_t mode)
{
    if (S_ISFIFO(mode)) {
        return "is a FIFO (named pipe), not a regular file";
    }
    if (S_ISCHR(mode)) {
        return "is a character device, not a regular file";
    }
    if (S_ISBLK(mode)) {
        return "is a block device, not a regular file";
    }
    if (S_ISDIR(mode)) {
        return "is a directory, not a regular file";
    }
    if (S_ISSOCK(mode)) {
        return "is a socket, not a regular file";
    }
    return "is not a regular file";
}

/* O_NONBLOCK: opening a FIFO with no writer must not wait for one; it is cleared again
 * once fstat has shown a regular file, where it means nothing anyway. */
FILE *fpt_file_open_regular(const char *path, const char **not_regular)
{
    *not_regular = NULL;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return NULL;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int saved = errno;
        *not_regular = fstat(fd, &sb) == 0 ? kind_of(sb.st_mode) : NULL;
        close(fd);
        errno = saved;
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    FILE *fp = flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 ? fdopen(fd, "rb") : NULL;
    if (fp == NULL) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return fp;
}

fpt_status fpt_file_refuse(const char *path, const char *not_regular, fpt_error *err)
{
    return fpt_error_set(err, FPT_EIO, path, 0,
                         "'%s' %s (expected a regular file: inputs are read only from regular "
                         "files)",
                         path, not_regular);
}

fpt_status fpt_file_read(const char *path, char **text, size_t *len, fpt_error *err)
{
    *text = NULL;
    *len = 0;
    const char *not_regular = NULL;
    FILE *fp = fpt_file_open_regular(path, &not_regular);
    if (not_regular != NULL) {
        return fpt_file_refuse(path, not_regular, err);
    }
    if (fp == NULL) {
        return fpt_error_set(err, FPT_EIO, path, 0, "cannot open: %s", strerror(errno));
    }
    char *buf = NULL;
    size_t n = 0;
    bool nomem = false;
    bool ok = read_stream(fp, &buf, &n, &nomem);
    fclose(fp);
    if (!ok) {
        free(buf);
        return nomem ? fpt_error_set(err, FPT_ENOMEM, path, 0, "out of memory reading the file")
                     : fpt_error_set(err, FPT_EIO, path, 0, "cannot read, or larger than %ld bytes",
                                     MAX_FILE_BYTES);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return FPT_OK;
}

fpt_status fpt_stream_read(FILE *in, char **text, size_t *len, fpt_error *err)
{
    *text = NULL;
    *len = 0;
    char *buf = NULL;
    size_t n = 0;
    bool nomem = false;
    if (!read_stream(in, &buf, &n, &nomem)) {
        free(buf);
        return nomem ? fpt_error_set(err, FPT_ENOMEM, FPT_STDIN_NAME, 0,
                                     "out of memory reading standard input")
                     : fpt_error_set(err, FPT_EIO, FPT_STDIN_NAME, 0,
                                     "cannot read standard input, or it is larger than %ld bytes",
                                     MAX_FILE_BYTES);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return FPT_OK;
}

fpt_status fpt_csv_next_line(const char *text, size_t len, size_t *pos, char **buf, size_t *cap)
{
    size_t end = *pos;
    while (end < len && text[end] != '\n') {
        end++;
    }
    size_t n = end - *pos;
    if (n + 1 > *cap) {
        char *grown = realloc(*buf, n + 1);
        if (grown == NULL) {
            return FPT_ENOMEM;
        }
        *buf = grown;
        *cap = n + 1;
    }
    memcpy(*buf, text + *pos, n);
    if (n > 0 && (*buf)[n - 1] == '\r') {
        n--;
    }
    (*buf)[n] = '\0';
    *pos = end < len ? end + 1 : end;
    return FPT_OK;
}

int fpt_csv_split(char *line, char **fields, int max)
{
    int n = 0;
    char *src = line;
    for (;;) {
        char *dst = src;
        char *start = src;
        if (*src == '"') {
            src++;
            for (;;) {
                if (*src == '\0') {
                    return -1;
                }
                if (*src == '"' && src[1] == '"') {
                    *dst++ = '"';
                    src += 2;
                } else if (*src == '"') {
                    src++;
                    break;
                } else {
                    *dst++ = *src++;
                }
            }
            if (*src != ',' && *src != '\0') {
                return -1;
            }
        } else {
            while (*src != ',' && *src != '\0') {
                *dst++ = *src++;
            }
        }
        char sep = *src;
        *dst = '\0';
        if (n < max) {
            fields[n] = start;
        }
        n++;
        if (sep == '\0') {
            return n;
        }
        src++;
    }
}
