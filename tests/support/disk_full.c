/* SPDX-License-Identifier: MIT */
/*
 * Test support: a full disk, by LD_PRELOAD (tests/cli/durability_test.sh). Every write(2) to
 * a file under the directory FPT_FULL_DIR counts against a budget of FPT_FULL_AFTER bytes
 * (default 0) shared by the whole process; the write that would pass it writes what is left
 * and the next fails with ENOSPC, as a filling disk does. Other descriptors (standard
 * output and error, files elsewhere) are untouched. Only built in -DFPT_TEST_HOOKS=ON
 * builds; never linked into footprint itself.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t count);

static long long spent; /* bytes written under the directory so far */

/* Whether fd is a file under FPT_FULL_DIR. */
static int is_full(int fd)
{
    const char *dir = getenv("FPT_FULL_DIR");
    if (dir == NULL || dir[0] == '\0') {
        return 0;
    }
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) {
        return 0;
    }
    path[n] = '\0';
    size_t len = strlen(dir);
    return strncmp(path, dir, len) == 0 && path[len] == '/';
}

ssize_t write(int fd, const void *buf, size_t count)
{
    ssize_t (*real)(int, const void *, size_t) =
        (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (!is_full(fd)) {
        return real(fd, buf, count);
    }
    const char *after = getenv("FPT_FULL_AFTER");
    long long budget = after != NULL ? atoll(after) : 0;
    long long left = budget - spent;
    if (left <= 0) {
        errno = ENOSPC;
        return -1;
    }
    size_t n = (long long)count < left ? count : (size_t)left;
    ssize_t done = real(fd, buf, n);
    if (done > 0) {
        spent += done;
    }
    return done;
}
