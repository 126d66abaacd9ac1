/* SPDX-License-Identifier: MIT */
/*
 * A sweep's checkpoint journal (report/sweep_journal.h, docs/formats.md "The sweep's
 * journal"). The journal is started whole by a rename, so it never holds another run's lines,
 * and then only appended to: one line per finished chunk, rendered on the thread that solved
 * it and written by a single write(2) on a descriptor opened with O_APPEND. The lines reach the
 * kernel as each chunk ends, which is what survives the process being killed; they are not flushed
 * to the disk one by one (a line per chunk would then cost a disk flush per 16 scenarios). Never
 * prints.
 */
#include "report/sweep_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"

struct fpt_sweep_journal {
    const fpt_sweep_report_input *in;
    char *path;
    int fd;
    bool *written; /* [i]: scenario i is in the journal */
};

static fpt_status io_error(const char *what, const char *path, int saved, fpt_error *err)
{
    return fpt_error_set(err, FPT_EIO, path, 0, "cannot %s the sweep's journal '%s': %s", what,
                         path, strerror(saved));
}

/* The journal's first line: every scenario the run already holds, replacing any old journal
 * whole. A journal that is not a regular file is refused, never written through. */
static fpt_status write_first_line(fpt_sweep_journal *j, fpt_error *err)
{
    struct stat st;
    if (lstat(j->path, &st) == 0 && !S_ISREG(st.st_mode)) {
        return fpt_error_set(err, FPT_EIO, j->path, 0,
                             "'%s' is not a regular file: the sweep's journal is never written "
                             "through anything else (remove it)",
                             j->path);
    }
    char *text = NULL;
    size_t len = 0;
    FPT_TRY(fpt_sweep_render_record(j->in, 0, j->in->run->n_scenarios, NULL, &text, &len, err));
    fpt_status st_write = fpt_outfile_write(j->path, text, len, err);
    free(text);
    return st_write;
}

fpt_status fpt_sweep_journal_start(const char *dir, const fpt_sweep_report_input *in,
                                   fpt_sweep_journal **out, fpt_error *err)
{
    *out = NULL;
    size_t n = in->run->n_scenarios;
    fpt_sweep_journal *j = calloc(1, sizeof *j);
    size_t size = strlen(dir) + sizeof FPT_SWEEP_JOURNAL_NAME + 1;
    if (j == NULL || (j->path = malloc(size)) == NULL ||
        (j->written = calloc(n + 1, sizeof *j->written)) == NULL) {
        fpt_sweep_journal_free(j);
        return fpt_error_set(err, FPT_ENOMEM, NULL, 0, "out of memory starting the journal");
    }
    j->in = in;
    j->fd = -1;
    snprintf(j->path, size, "%s/%s", dir, FPT_SWEEP_JOURNAL_NAME);
    fpt_status st = write_first_line(j, err);
    if (st == FPT_OK) {
        j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
        st = j->fd >= 0 ? FPT_OK : io_error("open", j->path, errno, err);
    }
    if (st != FPT_OK) {
        fpt_sweep_journal_free(j);
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        j->written[i] = in->run->results[i].done;
    }
    *out = j;
    return FPT_OK;
}

fpt_status fpt_sweep_journal_render(const fpt_sweep_journal *j, size_t first, size_t last,
                                    char **text, size_t *len, fpt_error *err)
{
    *text = NULL;
    *len = 0;
    bool any = false;
    for (size_t i = first; i < last; i++) {
        any = any || (j->in->run->results[i].done && !j->written[i]);
    }
    return any ? fpt_sweep_render_record(j->in, first, last, j->written, text, len, err) : FPT_OK;
}

fpt_status fpt_sweep_journal_append(fpt_sweep_journal *j, size_t first, size_t last,
                                    const char *text, size_t len, fpt_error *err)
{
    if (fpt_write_all(j->fd, text, len) != 0) {
        return io_error("write", j->path, errno, err);
    }
    for (size_t i = first; i < last; i++) {
        j->written[i] = j->written[i] || j->in->run->results[i].done;
    }
    return FPT_OK;
}

fpt_status fpt_sweep_journal_finish(fpt_sweep_journal *j, fpt_error *err)
{
    fpt_status st = FPT_OK;
    if (unlink(j->path) != 0 && errno != ENOENT) {
        st = io_error("remove", j->path, errno, err);
    }
    fpt_sweep_journal_free(j);
    return st;
}

void fpt_sweep_journal_free(fpt_sweep_journal *j)
{
    if (j == NULL) {
        return;
    }
    if (j->fd >= 0) {
        close(j->fd);
    }
    free(j->written);
    free(j->path);
    free(j);
}
