/* SPDX-License-Identifier: MIT */
/*
 * The installed data directory: an installed command finds the shipped models, scenarios and
 * data (share/footprint, or FOOTPRINT_DATA_DIR) when a MODEL, SCENARIO or validate FILE
 * argument names no existing file, so `footprint solve models/england2013.xml
 * scenarios/hub5m.xml` works from any directory. An argument that exists is used as given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#ifndef FPT_DATA_DIR
#    error "FPT_DATA_DIR (the installed share/footprint) must be defined"
#endif

/* FOOTPRINT_DATA_DIR when set and not empty, else the directory fixed at configure time. */
static const char *data_dir(void)
{
    const char *env = getenv("FOOTPRINT_DATA_DIR");
    return env != NULL && env[0] != '\0' ? env : FPT_DATA_DIR;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Write data_dir()/arg into buf; false when arg is not a relative path or does not fit. */
static bool join_data_path(const char *arg, char *buf, size_t size)
{
    if (arg[0] == '\0' || arg[0] == '/') {
        return false;
    }
    const char *dir = data_dir();
    size_t len = strlen(dir);
    const char *sep = len > 0 && dir[len - 1] == '/' ? "" : "/";
    int n = snprintf(buf, size, "%s%s%s", dir, sep, arg);
    return n > 0 && (size_t)n < size;
}

const char *fpt_cli_data_path(const char *arg, char *buf, size_t size)
{
    if (exists(arg) || !join_data_path(arg, buf, size)) {
        return arg;
    }
    struct stat st;
    return stat(buf, &st) == 0 && S_ISREG(st.st_mode) ? buf : arg;
}

void fpt_cli_data_note(const char *arg)
{
    char buf[FPT_CLI_PATH_MAX];
    /* Found in either place: the loader's own message already names the path it read. */
    if (exists(arg) || fpt_cli_data_path(arg, buf, sizeof buf) != arg ||
        !join_data_path(arg, buf, sizeof buf)) {
        return;
    }
    fprintf(stderr,
            "footprint: no such file in the data directory either: %s"
            " (FOOTPRINT_DATA_DIR sets the directory)\n",
            buf);
}
