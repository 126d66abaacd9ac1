/* SPDX-License-Identifier: MIT */
/*
 * Output files that never destroy what is at their path (base/outfile.h, docs/cli.md
 * "Outputs"). A regular file is replaced by writing a temporary file beside it and renaming
 * it over the old one, which happens only while the path is still a regular file or absent;
 * a FIFO or a character device is written through, never replaced; anything else is
 * refused. The temporary file is created with the replaced file's mode, or with 0666 less the
 * umask (the kernel applies it) for a new one. Part of base/; it never prints.
 */
#define _XOPEN_SOURCE 700 /* realpath(): the build asks only for POSIX */

#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { SUFFIX_LEN = 6, CREATE_ATTEMPTS = 100, FIFO_WAIT_MS = 5000 };

static const char ALNUM[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode)    ? "a directory"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
           : S_ISLNK(mode)  ? "a symbolic link"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode)  ? "a character device"
                            : "not a regular file";
}

static fpt_status no_memory(const char *path, fpt_error *err)
{
    return fpt_error_set(err, FPT_ENOMEM, path, 0, "out of memory");
}

static fpt_status refuse_kind(const char *path, mode_t mode, fpt_error *err)
{
    return fpt_error_set(err, FPT_EIO, path, 0,
                         "'%s' is %s: outputs replace only regular files and write through "
                         "FIFOs and character devices",
                         path, kind_of(mode));
}

static fpt_status io_error(const char *what, const char *path, int saved, fpt_error *err)
{
    return fpt_error_set(err, FPT_EIO, path, 0, "cannot %s '%s': %s", what, path, strerror(saved));
}

/* Create tmp as target + "." + six letters or digits that name no file yet, with mode (the
 * umask applies). The letters mix the clock, the process and the attempt: no state is kept. */
static int create_beside(const char *target, char *tmp, size_t size, mode_t mode)
{
    size_t base = strlen(target) + 1;
    for (uint64_t attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t seed = ((uint64_t)ts.tv_nsec * UINT64_C(2654435761)) ^ ((uint64_t)getpid() << 24) ^
                        (attempt * UINT64_C(0x9e3779b97f4a7c15));
        snprintf(tmp, size, "%s.", target);
        for (size_t i = 0; i < SUFFIX_LEN; i++, seed /= 62) {
            tmp[base + i] = ALNUM[seed % 62];
        }
        tmp[base + SUFFIX_LEN] = '\0';
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd >= 0 || errno != EEXIST) {
            return fd;
        }
    }
    errno = EEXIST;
    return -1;
}

/* The temporary file beside o->target; old is the file it replaces, NULL for a new one. */
static fpt_status create_temporary(fpt_outfile *o, const struct stat *old, fpt_error *err)
{
    size_t size = strlen(o->target) + SUFFIX_LEN + 2;
    o->write_path = malloc(size);
    if (o->write_path == NULL) {
        return no_memory(o->target, err);
    }
    o->fd = create_beside(o->target, o->write_path, size, old != NULL ? 0600 : 0666);
    if (o->fd < 0) {
        free(o->write_path); /* nothing was created: nothing to remove */
        o->write_path = NULL;
        return io_error("create", o->target, errno, err);
    }
    if (old != NULL) {
        if (fchown(o->fd, old->st_uid, old->st_gid) != 0) { /* only root may give files away */
            (void)fchown(o->fd, (uid_t)-1, old->st_gid);
        }
        if (fchmod(o->fd, old->st_mode & 07777) != 0) { /* after fchown: it clears set-id bits */
            return io_error("create", o->target, errno, err);
        }
    }
    return FPT_OK;
}

bool fpt_outfile_missing_dir(const char *path, char *buf, size_t size)
{
    /* Only "does not exist" counts: a parent that cannot be read is left to the open, whose
     * error says why. From a missing parent, climb while the next one up is missing too. */
    struct stat st;
    snprintf(buf, size, "%s", path);
    char *slash = strrchr(buf, '/');
    if (slash == NULL || slash == buf) {
        return false; /* the current or the root directory */
    }
    *slash = '\0';
    if (stat(buf, &st) == 0 || errno != ENOENT) {
        return false;
    }
    for (;;) {
        char *up = strrchr(buf, '/');
        if (up == NULL || up == buf) {
            return true;
        }
        *up = '\0';
        bool parent_missing = stat(buf, &st) != 0 && errno == ENOENT;
        if (!parent_missing) {
            *up = '/';
            return true;
        }
    }
}

/* path does not exist: a new file, unless path is a symbolic link to nothing or its
 * directory does not exist (named, rather than made: a mistyped path makes nothing). */
static fpt_status begin_new(const char *path, fpt_outfile *o, fpt_error *err)
{
    struct stat link;
    char dir[4096];
    if (lstat(path, &link) == 0) {
        return fpt_error_set(err, FPT_EIO, path, 0,
                             "'%s' is a symbolic link to nothing: not written", path);
    }
    if (fpt_outfile_missing_dir(path, dir, sizeof dir)) {
        return fpt_error_set(err, FPT_EIO, path, 0,
                             "cannot write '%s': the directory '%s' does not exist (create it "
                             "first)",
                             path, dir);
    }
    o->target = strdup(path);
    return o->target == NULL ? no_memory(path, err) : create_temporary(o, NULL, err);
}

/* path is, or links to, the regular file old: replace the file the link leads to. */
static fpt_status begin_replace(const char *path, const struct stat *old, fpt_outfile *o,
                                fpt_error *err)
{
    struct stat link;
    bool is_link = lstat(path, &link) == 0 && S_ISLNK(link.st_mode);
    o->target = is_link ? realpath(path, NULL) : strdup(path);
    if (o->target == NULL) {
        return is_link && errno != ENOMEM ? io_error("resolve", path, errno, err)
                                          : no_memory(path, err);
    }
    return create_temporary(o, old, err);
}

/* Open a FIFO or device for writing without blocking. A FIFO no process reads yet is tried
 * again for FIFO_WAIT_MS, so that a reader started just before the command (`cat fifo &`)
 * is found, and a FIFO nobody reads is an error rather than a wait for ever. */
static int open_through(const char *path)
{
    int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    int fd = open(path, flags);
    for (int waited = 0; fd < 0 && errno == ENXIO && waited < FIFO_WAIT_MS; waited += 20) {
        nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
        fd = open(path, flags);
    }
    return fd;
}

/* path is, or links to, a FIFO or a character device: open it to write through; the writes
 * then block as usual. */
static fpt_status begin_through(const char *path, fpt_outfile *o, fpt_error *err)
{
    o->through = true;
    o->write_path = strdup(path);
    if (o->write_path == NULL) {
        return no_memory(path, err);
    }
    o->fd = open_through(path);
    if (o->fd < 0 && errno == ENXIO) {
        return fpt_error_set(err, FPT_EIO, path, 0,
                             "cannot write '%s': it is a FIFO no process opened for reading "
                             "within %d s",
                             path, FIFO_WAIT_MS / 1000);
    }
    int fl = o->fd < 0 ? -1 : fcntl(o->fd, F_GETFL);
    if (fl < 0 || fcntl(o->fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        return io_error("write", path, errno, err);
    }
    return FPT_OK;
}

fpt_status fpt_outfile_begin(const char *path, fpt_outfile *o, fpt_error *err)
{
    *o = (fpt_outfile){.fd = -1};
    struct stat st;
    fpt_status s;
    if (stat(path, &st) != 0) {
        s = errno == ENOENT ? begin_new(path, o, err) : io_error("write", path, errno, err);
    } else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
        s = begin_through(path, o, err);
    } else if (S_ISREG(st.st_mode)) {
        s = begin_replace(path, &st, o, err);
    } else {
        s = refuse_kind(path, st.st_mode, err);
    }
    if (s != FPT_OK) {
        fpt_outfile_abandon(o);
    }
    return s;
}

static void release(fpt_outfile *o)
{
    free(o->write_path);
    free(o->target);
    *o = (fpt_outfile){.fd = -1};
}

void fpt_outfile_abandon(fpt_outfile *o)
{
    if (o->fd >= 0) {
        close(o->fd);
    }
    if (!o->through && o->write_path != NULL) {
        unlink(o->write_path);
    }
    release(o);
}

/* Rename the temporary file over the target: only over a regular file or nothing, checked
 * again now, since the path may have changed while the content was written. */
static fpt_status replace_target(fpt_outfile *o, fpt_error *err)
{
    int rc = fsync(o->fd);
    int saved = errno;
    if (close(o->fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    o->fd = -1;
    if (rc != 0) {
        return io_error("write", o->target, saved, err);
    }
    struct stat now;
    if (lstat(o->target, &now) == 0 && !S_ISREG(now.st_mode)) {
        return refuse_kind(o->target, now.st_mode, err);
    }
    if (rename(o->write_path, o->target) != 0) {
        return io_error("write", o->target, errno, err);
    }
    return FPT_OK;
}

fpt_status fpt_outfile_commit(fpt_outfile *o, fpt_error *err)
{
    if (o->through) {
        int rc = close(o->fd);
        int saved = errno;
        o->fd = -1;
        fpt_status st = rc == 0 ? FPT_OK : io_error("write", o->write_path, saved, err);
        release(o);
        return st;
    }
    fpt_status st = replace_target(o, err);
    if (st != FPT_OK) {
        fpt_outfile_abandon(o);
    } else {
        release(o);
    }
    return st;
}

int fpt_write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            errno = n == 0 ? EIO : errno;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

fpt_status fpt_outfile_write(const char *path, const char *data, size_t len, fpt_error *err)
{
    fpt_outfile o;
    FPT_TRY(fpt_outfile_begin(path, &o, err));
    if (fpt_write_all(o.fd, data, len) != 0) {
        int saved = errno;
        fpt_outfile_abandon(&o);
        return io_error("write", path, saved, err);
    }
    return fpt_outfile_commit(&o, err);
}

/* Read the whole of path into a NUL-terminated buffer (caller frees); NULL on failure. */
static char *read_back(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t cap = 0;
    *len = 0;
    for (bool more = f != NULL; more;) {
        if (*len + 4096 + 1 > cap) {
            cap = 2 * cap + 4096 + 1;
            char *grown = realloc(text, cap);
            if (grown == NULL) {
                free(text);
                text = NULL;
                break;
            }
            text = grown;
        }
        size_t n = fread(text + *len, 1, cap - *len - 1, f);
        *len += n;
        more = n > 0;
    }
    if (f != NULL && (ferror(f) || text == NULL)) {
        free(text);
        text = NULL;
    }
    if (f != NULL) {
        fclose(f);
    }
    if (text != NULL) {
        text[*len] = '\0';
    }
    return text;
}

static bool ends_with(const char *text, size_t len, const char *trailer)
{
    size_t n = strlen(trailer);
    return len >= n && memcmp(text + len - n, trailer, n) == 0;
}

/* A private temporary file for a writer that needs a name: in $TMPDIR, else /tmp. */
static fpt_status private_temporary(char **out, fpt_error *err)
{
    const char *dir = getenv("TMPDIR");
    dir = dir != NULL && dir[0] != '\0' ? dir : "/tmp";
    size_t size = strlen(dir) + 32;
    char *tmp = malloc(size);
    if (tmp == NULL) {
        return no_memory(NULL, err);
    }
    snprintf(tmp, size, "%s/footprint-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fpt_status st = io_error("create a temporary file in", dir, errno, err);
        free(tmp);
        return st;
    }
    close(fd);
    *out = tmp;
    return FPT_OK;
}

fpt_status fpt_outfile_write_via(const char *path, fpt_outfile_writer write_fn, void *ctx,
                                 const char *trailer, fpt_error *err)
{
    char *tmp = NULL;
    FPT_TRY(private_temporary(&tmp, err));
    int rc = write_fn(ctx, tmp);
    size_t len = 0;
    char *text = rc == 0 ? read_back(tmp, &len) : NULL;
    unlink(tmp);
    free(tmp);
    fpt_status st;
    if (text == NULL || !ends_with(text, len, trailer)) {
        st = fpt_error_set(err, FPT_EIO, path, 0,
                           "cannot write '%s': the content was not produced whole (is the "
                           "temporary directory full?)",
                           path);
    } else {
        st = fpt_outfile_write(path, text, len, err);
    }
    free(text);
    return st;
}
