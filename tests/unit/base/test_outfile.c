/* SPDX-License-Identifier: MIT */
/*
 * Output files (solver/base/outfile.h), in a scratch directory per test: a regular file is
 * replaced whole and keeps its mode, a new one gets 0666 less the umask, a symbolic link
 * keeps pointing at its replaced target, a FIFO with a reader is written through and stays
 * a FIFO, one without a reader is refused after a short wait, a directory or a link to nothing is
 * refused and left alone, and a path that stops being a regular file while the content is
 * written is not renamed over.
 */
#define _XOPEN_SOURCE 700 /* mknod() of device nodes */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "base/outfile.h"

static char dir[64];

static void make_scratch(void)
{
    snprintf(dir, sizeof dir, "/tmp/fpt-outfile-XXXXXX");
    cr_assert(ne(ptr, mkdtemp(dir), NULL));
}

static void remove_scratch(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect(eq(int, system(cmd), 0));
}

TestSuite(outfile, .init = make_scratch, .fini = remove_scratch);

static const char *in_dir(const char *name)
{
    static char path[3][128];
    static int next;
    next = (next + 1) % 3;
    snprintf(path[next], sizeof path[next], "%s/%s", dir, name);
    return path[next];
}

static void put(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    cr_assert(ne(ptr, f, NULL));
    fputs(text, f);
    fclose(f);
    cr_assert(eq(int, chmod(path, mode), 0));
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    cr_assert(ne(ptr, f, NULL), "cannot open %s", path);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    cr_assert(eq(int, lstat(path, &st), 0), "%s is gone", path);
    return st.st_mode;
}

/* Only the given names are in the scratch directory: no temporary file left behind. */
static void expect_entries(int n)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq %d", dir, n);
    cr_expect(eq(int, system(cmd), 0), "the scratch directory does not hold %d entries", n);
}

Test(outfile, a_regular_file_is_replaced_and_keeps_its_mode)
{
    const char *p = in_dir("plan.txt");
    put(p, "old", 0604);
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outfile_write(p, "new text", 8, &err), FPT_OK), "%s", err.message);
    cr_expect(eq(str, slurp(p), "new text"));
    cr_expect(eq(int, (int)(mode_of(p) & 07777), 0604));
    expect_entries(1);
}

Test(outfile, a_new_file_gets_0666_less_the_umask)
{
    mode_t old = umask(027);
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outfile_write(in_dir("a"), "x", 1, &err), FPT_OK), "%s", err.message);
    umask(077);
    cr_assert(eq(int, fpt_outfile_write(in_dir("b"), "x", 1, &err), FPT_OK), "%s", err.message);
    umask(old);
    cr_expect(eq(int, (int)(mode_of(in_dir("a")) & 07777), 0640));
    cr_expect(eq(int, (int)(mode_of(in_dir("b")) & 07777), 0600));
}

Test(outfile, a_symbolic_link_stays_and_its_target_is_replaced)
{
    put(in_dir("real"), "old", 0640);
    cr_assert(eq(int, symlink("real", in_dir("link")), 0));
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outfile_write(in_dir("link"), "new", 3, &err), FPT_OK), "%s",
              err.message);
    cr_expect(0 != S_ISLNK(mode_of(in_dir("link"))), "the link was replaced");
    cr_expect(eq(str, slurp(in_dir("real")), "new"));
    cr_expect(eq(int, (int)(mode_of(in_dir("real")) & 07777), 0640));
    expect_entries(2);
}

Test(outfile, a_link_to_nothing_is_refused_and_left)
{
    cr_assert(eq(int, symlink("nowhere", in_dir("link")), 0));
    fpt_error err = {0};
    cr_expect(eq(int, fpt_outfile_write(in_dir("link"), "new", 3, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "symbolic link to nothing"), NULL), "%s", err.message);
    cr_expect(0 != S_ISLNK(mode_of(in_dir("link"))));
    expect_entries(1);
}

Test(outfile, a_directory_is_refused_and_left)
{
    cr_assert(eq(int, mkdir(in_dir("d"), 0755), 0));
    fpt_error err = {0};
    cr_expect(eq(int, fpt_outfile_write(in_dir("d"), "new", 3, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "is a directory"), NULL), "%s", err.message);
    cr_expect(0 != S_ISDIR(mode_of(in_dir("d"))));
    expect_entries(1);
}

Test(outfile, a_missing_directory_is_an_error_with_the_reason)
{
    fpt_error err = {0};
    cr_expect(eq(int, fpt_outfile_write(in_dir("no/such/file"), "x", 1, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "/no' does not exist"), NULL), "%s", err.message);
    expect_entries(0);
}

/* A reader that copies the FIFO into a file, started before the write. */
static pid_t start_reader(const char *fifo, const char *copy)
{
    pid_t pid = fork();
    cr_assert(ge(int, pid, 0));
    if (pid == 0) {
        int in = open(fifo, O_RDONLY), out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        char buf[256];
        ssize_t n;
        while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0) {
            if (write(out, buf, (size_t)n) != n) {
                _exit(1);
            }
        }
        _exit(0);
    }
    return pid;
}

Test(outfile, a_fifo_with_a_reader_is_written_through_and_stays_a_fifo)
{
    const char *fifo = in_dir("pipe");
    cr_assert(eq(int, mkfifo(fifo, 0600), 0));
    pid_t reader = start_reader(fifo, in_dir("copy"));
    fpt_error err = {0};
    fpt_status st = fpt_outfile_write(fifo, "through", 7, &err); /* waits for the reader */
    cr_assert(eq(int, st, FPT_OK), "%s", err.message);
    int status = 0;
    cr_assert(eq(int, waitpid(reader, &status, 0), reader));
    cr_expect(0 != S_ISFIFO(mode_of(fifo)), "the FIFO was replaced");
    cr_expect(eq(str, slurp(in_dir("copy")), "through"));
    expect_entries(2);
}

Test(outfile, a_fifo_nobody_reads_is_refused_after_a_short_wait)
{
    const char *fifo = in_dir("pipe");
    cr_assert(eq(int, mkfifo(fifo, 0600), 0));
    fpt_error err = {0};
    cr_expect(eq(int, fpt_outfile_write(fifo, "x", 1, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "FIFO no process opened for reading"), NULL), "%s",
              err.message);
    cr_expect(0 != S_ISFIFO(mode_of(fifo)));
}

/* The path turns into a directory, or a FIFO, after the output began: the rename would
 * destroy it, so the commit refuses and removes its temporary file. */
Test(outfile, a_path_that_stops_being_a_regular_file_is_not_renamed_over)
{
    const char *p = in_dir("out");
    put(p, "old", 0644);
    fpt_outfile o;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outfile_begin(p, &o, &err), FPT_OK), "%s", err.message);
    cr_assert(eq(int, write(o.fd, "new", 3), 3));
    cr_assert(eq(int, unlink(p), 0));
    cr_assert(eq(int, mkfifo(p, 0600), 0));
    cr_expect(eq(int, fpt_outfile_commit(&o, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "is a FIFO"), NULL), "%s", err.message);
    cr_expect(0 != S_ISFIFO(mode_of(p)));
    expect_entries(1);
}

Test(outfile, an_abandoned_output_leaves_the_old_file)
{
    const char *p = in_dir("out");
    put(p, "old", 0644);
    fpt_outfile o;
    fpt_error err = {0};
    cr_assert(eq(int, fpt_outfile_begin(p, &o, &err), FPT_OK), "%s", err.message);
    cr_assert(eq(int, write(o.fd, "new", 3), 3));
    fpt_outfile_abandon(&o);
    cr_expect(eq(str, slurp(p), "old"));
    cr_expect(eq(int, o.fd, -1));
    expect_entries(1);
}

/* As root, device nodes made in the scratch directory: the null device is written through
 * and stays a device; a full device's error is reported; a block device is refused. */
Test(outfile, device_nodes_are_written_through_or_refused)
{
    if (geteuid() != 0) {
        cr_skip_test("device nodes need root");
    }
    cr_assert(eq(int, mknod(in_dir("null"), S_IFCHR | 0666, makedev(1, 3)), 0));
    cr_assert(eq(int, mknod(in_dir("full"), S_IFCHR | 0666, makedev(1, 7)), 0));
    cr_assert(eq(int, mknod(in_dir("block"), S_IFBLK | 0600, makedev(7, 200)), 0));
    fpt_error err = {0};
    cr_expect(eq(int, fpt_outfile_write(in_dir("null"), "x", 1, &err), FPT_OK), "%s", err.message);
    cr_expect(0 != S_ISCHR(mode_of(in_dir("null"))));
    fpt_error_clear(&err);
    cr_expect(eq(int, fpt_outfile_write(in_dir("full"), "x", 1, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "No space left on device"), NULL), "%s", err.message);
    cr_expect(0 != S_ISCHR(mode_of(in_dir("full"))));
    fpt_error_clear(&err);
    cr_expect(eq(int, fpt_outfile_write(in_dir("block"), "x", 1, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "is a block device"), NULL), "%s", err.message);
    cr_expect(0 != S_ISBLK(mode_of(in_dir("block"))));
    expect_entries(3);
}

static int write_text(void *ctx, const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return 1;
    }
    fputs(ctx, f);
    return fclose(f) != 0;
}

/* A writer that can only write to a name (GLPK's) goes through a private file, checked whole
 * by its last line: one cut short (a failed final flush GLPK ignores) never reaches the path. */
Test(outfile, a_named_writer_is_checked_by_its_last_line)
{
    const char *p = in_dir("p.mps");
    put(p, "old", 0640);
    fpt_error err = {0};
    cr_expect(
        eq(int, fpt_outfile_write_via(p, write_text, "ROWS\nEND", "\nENDATA\n", &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "not produced whole"), NULL), "%s", err.message);
    cr_expect(eq(str, slurp(p), "old"));
    fpt_error_clear(&err);
    cr_assert(
        eq(int, fpt_outfile_write_via(p, write_text, "ROWS\nENDATA\n", "\nENDATA\n", &err), FPT_OK),
        "%s", err.message);
    cr_expect(eq(str, slurp(p), "ROWS\nENDATA\n"));
    cr_expect(eq(int, (int)(mode_of(p) & 07777), 0640));
    expect_entries(1);
}

/* A missing directory on the way is named, the one nearest the root, and nothing is made. */
Test(outfile, a_missing_directory_is_named_and_not_made)
{
    char buf[256];
    cr_assert(eq(int, mkdir(in_dir("have"), 0755), 0));
    cr_expect(
        eq(int, fpt_outfile_missing_dir(in_dir("have/no/such/plan.txt"), buf, sizeof buf), 1));
    cr_expect(eq(str, buf, (char *)in_dir("have/no")));
    cr_expect(eq(int, fpt_outfile_missing_dir(in_dir("gone/plan.txt"), buf, sizeof buf), 1));
    cr_expect(eq(str, buf, (char *)in_dir("gone")));
    cr_expect(eq(int, fpt_outfile_missing_dir(in_dir("have/plan.txt"), buf, sizeof buf), 0));
    cr_expect(eq(int, fpt_outfile_missing_dir("plan.txt", buf, sizeof buf), 0), "here");
    fpt_error err = {0};
    cr_expect(eq(int, fpt_outfile_write(in_dir("have/no/plan.txt"), "x", 1, &err), FPT_EIO));
    cr_expect(ne(ptr, strstr(err.message, "does not exist (create it first)"), NULL), "%s",
              err.message);
    expect_entries(1);
}
