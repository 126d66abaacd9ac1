/* SPDX-License-Identifier: MIT */
/*
 * Writing a sweep's output directory (cli/sweep_output.h). The files of one output appear
 * together as far as a directory allows: all of them are written in full first, so a full
 * disk or any write error leaves the old set whole; then they are renamed into place in a
 * fixed order ending with sweep.json, the file --resume and merge trust, so that a
 * sweep.json from this run means every other file is from it too. A run killed during the
 * renames leaves its journal, and --resume writes the set again.
 */
#define _DEFAULT_SOURCE /* flock(2), which the output directory's lock needs */
#include "cli/sweep_output.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "cli.h"

/* The files a sweep or merge writes into its directory, whose temporaries a killed run may
 * leave: fpt_outfile names them NAME.XXXXXX, six letters or digits. */
static const char *const SET_NAMES[] = {"sweep.json",     "provenance.json", "scenarios.csv",
                                        "infeasible.csv", "robust.csv",      "summary.csv",
                                        "sweep.xlsx",     "sweep.journal"};
enum { TEMP_SUFFIX = 6 };

static fpt_status make_dir(const char *dir, fpt_error *err)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
            return FPT_OK;
        }
    }
    int saved = errno;
    char missing[FPT_CLI_PATH_MAX];
    if (saved == ENOENT && fpt_outfile_missing_dir(dir, missing, sizeof missing)) {
        return fpt_error_set(err, FPT_EIO, dir, 0,
                             "cannot create the output directory '%s': the directory '%s' does "
                             "not exist (create it first)",
                             dir, missing);
    }
    return fpt_error_set(err, FPT_EIO, dir, 0, "cannot create the output directory '%s': %s", dir,
                         strerror(saved));
}

/*
 * Lock the output directory against another footprint command writing it (docs/cli.md
 * "Outputs"): an advisory flock(2) on the directory itself, so nothing is added to it, taken
 * without waiting and let go when *fd is closed. A second writer is refused, not queued: two
 * runs into one directory are a mistake to report, not to serialise.
 */
static fpt_status lock_dir(const char *dir, int *fd, fpt_error *err)
{
    *fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*fd < 0) {
        return fpt_error_set(err, FPT_EIO, dir, 0, "cannot open the output directory '%s': %s", dir,
                             strerror(errno));
    }
    if (flock(*fd, LOCK_EX | LOCK_NB) == 0) {
        return FPT_OK;
    }
    int saved = errno;
    close(*fd);
    *fd = -1;
    if (saved == EWOULDBLOCK) {
        return fpt_error_set(err, FPT_EIO, dir, 0,
                             "another command is writing the output directory '%s' (expected one "
                             "writer at a time: wait for it, or give another --output)",
                             dir);
    }
    return fpt_error_set(err, FPT_EIO, dir, 0, "cannot lock the output directory '%s': %s", dir,
                         strerror(saved));
}

/* Whether name is NAME.XXXXXX for a file of the set. */
static bool is_set_temporary(const char *name)
{
    for (size_t k = 0; k < sizeof SET_NAMES / sizeof *SET_NAMES; k++) {
        size_t n = strlen(SET_NAMES[k]);
        if (strncmp(name, SET_NAMES[k], n) != 0 || name[n] != '.' ||
            strlen(name + n + 1) != TEMP_SUFFIX) {
            continue;
        }
        bool alnum = true;
        for (const char *c = name + n + 1; *c != '\0'; c++) {
            alnum = alnum && isalnum((unsigned char)*c);
        }
        if (alnum) {
            return true;
        }
    }
    return false;
}

/* Remove the temporaries a killed writer left; the lock is held, so none is being written. */
static void clear_temporaries(int dir_fd)
{
    int fd = dup(dir_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (d == NULL) {
        if (fd >= 0) {
            close(fd);
        }
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (is_set_temporary(e->d_name) &&
            fstatat(dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
            (void)unlinkat(dir_fd, e->d_name, 0);
        }
    }
    closedir(d);
}

fpt_status fpt_cli_sweep_dir_open(const char *dir, int *fd, fpt_error *err)
{
    *fd = -1;
    FPT_TRY(make_dir(dir, err));
    FPT_TRY(lock_dir(dir, fd, err));
    clear_temporaries(*fd);
    return FPT_OK;
}

/* Begin and fill out[i] for every file; on failure abandon those begun. */
static fpt_status write_all_files(const char *dir, const fpt_cli_out_file *files, size_t n,
                                  fpt_outfile *out, fpt_error *err)
{
    fpt_status st = FPT_OK;
    size_t begun = 0;
    char path[FPT_CLI_PATH_MAX];
    for (; st == FPT_OK && begun < n; begun++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[begun].name);
        st = fpt_outfile_begin(path, &out[begun], err);
        if (st == FPT_OK &&
            fpt_write_all(out[begun].fd, files[begun].text, files[begun].len) != 0) {
            st = fpt_error_set(err, FPT_EIO, path, 0, "cannot write '%s': %s", path,
                               strerror(errno));
            begun++; /* abandon this one too */
            break;
        }
    }
    if (st != FPT_OK) {
        for (size_t i = 0; i < begun; i++) {
            fpt_outfile_abandon(&out[i]);
        }
    }
    return st;
}

fpt_status fpt_cli_sweep_dir_write(const char *dir, const fpt_cli_out_file *files, size_t n,
                                   fpt_error *err)
{
    fpt_outfile *out = calloc(n + 1, sizeof *out);
    if (out == NULL) {
        return fpt_error_set(err, FPT_ENOMEM, dir, 0, "out of memory writing '%s'", dir);
    }
    for (size_t i = 0; i < n; i++) {
        out[i].fd = -1;
    }
    fpt_status st = write_all_files(dir, files, n, out, err);
    size_t i = 0;
    for (; st == FPT_OK && i < n; i++) {
        fpt_cli_test_kill_point("final", (long)i);
        st = fpt_outfile_commit(&out[i], err);
    }
    for (; st != FPT_OK && i < n; i++) { /* the renames not reached after a failed one */
        fpt_outfile_abandon(&out[i]);
    }
    if (st == FPT_OK) {
        fpt_cli_test_kill_point("final", (long)n); /* every file renamed, the journal left */
    }
    free(out);
    return st;
}

void fpt_cli_test_kill_point(const char *where, long count)
{
#ifdef FPT_TEST_HOOKS
    const char *v = getenv("FPT_TEST_KILL_AT");
    size_t n = strlen(where);
    if (v != NULL && strncmp(v, where, n) == 0 && v[n] == ':' && atol(v + n + 1) == count) {
        raise(SIGKILL);
    }
#else
    (void)where;
    (void)count;
#endif
}
