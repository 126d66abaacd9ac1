/* SPDX-License-Identifier: MIT */
/*
 * The progress line's text (solver/cli/progress.c), driven through its callback with
 * --progress off a terminal, so that every line is plain and whole: the stage, the steps
 * done, which K are done as ranges, the incumbent, bound and gap, and nothing at all with
 * --quiet; and the beat, which draws a report's text again while nothing new comes (its
 * interval shortened here from a log's ten seconds). Drawing in place on a terminal is
 * tests/cli/progress_test.sh's, under script(1).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "cli/options.h"
#include "cli/progress.h"

/* A progress line started as `footprint size … ARG` would start it. */
static void start(fpt_cli_progress *p, const char *arg)
{
    char *argv[] = {"footprint", "size", "m.xml", "s.xml", "--function", "f", (char *)arg, NULL};
    fpt_cli_args a;
    int code = 0;
    cr_assert(fpt_cli_parse(7, argv, FPT_CLI_CMD_SIZE, &a, &code));
    fpt_cli_progress_start(p, "size", &a);
}

static void report(fpt_cli_progress *p, size_t done, long item)
{
    fpt_progress pr = {.stage = "numbers of units",
                       .done = done,
                       .total = 6,
                       .item = item,
                       .incumbent = NAN,
                       .bound = NAN};
    fpt_cli_progress_report(&pr, p);
}

Test(progress, size_says_which_k_are_done_as_ranges, .init = cr_redirect_stderr)
{
    fpt_cli_progress p;
    start(&p, "--progress");
    cr_assert(p.on);
    cr_assert(fpt_cli_progress_track_k(&p, 3, 8));
    report(&p, 1, 4);
    report(&p, 2, 3);
    report(&p, 3, 8);
    report(&p, 4, 6);
    report(&p, 6, 5); /* the last: drawn whatever the time */
    fpt_cli_progress_end(&p);
    fflush(stderr);
    char buf[4096] = "";
    FILE *f = cr_get_redirected_stderr();
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    cr_expect(strstr(buf, "size: ") == buf, "%s", buf);
    cr_expect(strstr(buf, "numbers of units, 1 of 6 done (K 4)\n") != NULL, "%s", buf);
    cr_expect(strstr(buf, "numbers of units, 6 of 6 done (K 3-6, 8)\n") != NULL, "%s", buf);
    cr_expect(strchr(buf, '\r') == NULL && strchr(buf, '\033') == NULL, "%s", buf);
}

Test(progress, objective_shows_incumbent_bound_and_gap, .init = cr_redirect_stderr)
{
    fpt_cli_progress p;
    start(&p, "--progress");
    fpt_progress pr = {.stage = "branch and bound",
                       .item = -1,
                       .incumbent = 3.2e9,
                       .bound = 3.168e9,
                       .unit = "person-km"};
    fpt_cli_progress_report(&pr, &p);
    pr.stage = "root LP";
    pr.bound = -INFINITY; /* GLPK's before any node is solved: not a bound yet */
    fpt_cli_progress_report(&pr, &p);
    fpt_cli_progress_end(&p);
    fflush(stderr);
    cr_assert_stderr_eq_str("size: 0.0 s, branch and bound, incumbent 3.2000bn person-km, bound "
                            "3.1680bn, gap 1.00%\n"
                            "size: 0.0 s, root LP, incumbent 3.2000bn person-km\n");
}

Test(progress, quiet_draws_nothing, .init = cr_redirect_stderr)
{
    fpt_cli_progress p;
    start(&p, "-q");
    cr_expect(!p.on);
    report(&p, 6, 5);
    fpt_cli_progress_end(&p);
    fflush(stderr);
    cr_assert_stderr_eq_str("");
}

static void pause_s(double s)
{
    struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&t, &t) != 0) {
    }
}

/* Standard error as captured so far, into buf. */
static void captured(char *buf, size_t size)
{
    fflush(stderr);
    FILE *f = cr_get_redirected_stderr();
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
}

/* The lines of buf that say text after the seconds; their seconds in order into at. */
static size_t lines_saying(const char *buf, const char *text, double *at, size_t max)
{
    size_t found = 0;
    for (const char *line = buf; *line != '\0' && found < max;) {
        const char *end = strchr(line, '\n');
        size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
        double s = 0;
        int used = 0;
        if (sscanf(line, "size: %lf s, %n", &s, &used) == 1 && used > 0 &&
            len - (size_t)used == strlen(text) && strncmp(line + used, text, strlen(text)) == 0) {
            at[found++] = s;
        }
        line += len + (end != NULL);
    }
    return found;
}

Test(progress, a_report_is_drawn_again_while_nothing_new_comes, .init = cr_redirect_stderr)
{
    fpt_cli_progress p;
    start(&p, "--progress");
    p.beat_s = 0.05;
    report(&p, 1, -1);
    pause_s(0.6);
    fpt_cli_progress_end(&p); /* stops the beat: no line after it */
    char buf[16384], after[256];
    captured(buf, sizeof buf);
    pause_s(0.2);
    captured(after, sizeof after);
    cr_expect_str_empty(after, "a line after the end");
    double at[64];
    size_t n = lines_saying(buf, "numbers of units, 1 of 6 done", at, 64);
    cr_expect(n >= 3, "the beat drew the line %zu times in 0.6 s: %s", n, buf);
    for (size_t i = 1; i < n; i++) {
        cr_expect(at[i] >= at[i - 1], "the seconds went back: %s", buf);
    }
    cr_expect(n > 0 && at[n - 1] >= 0.1, "the seconds did not move: %s", buf);
}

Test(progress, a_report_too_soon_to_be_drawn_is_drawn_by_the_beat, .init = cr_redirect_stderr)
{
    fpt_cli_progress p;
    start(&p, "--progress");
    p.beat_s = 1000; /* no beat over a line that stands: only the report held back */
    fpt_progress pr = {.stage = "branch and bound",
                       .item = -1,
                       .incumbent = 3.2e9,
                       .bound = 3.168e9,
                       .unit = "person-km"};
    fpt_cli_progress_report(&pr, &p); /* a new stage: drawn at once, and the beat begins */
    pause_s(0.01);                    /* the beat asleep for beat_s by now */
    pr.incumbent = 3.18e9;            /* within the second: held back, the beat woken */
    fpt_cli_progress_report(&pr, &p);
    pause_s(1.5);
    fpt_cli_progress_end(&p);
    char buf[4096];
    captured(buf, sizeof buf);
    double at[8];
    cr_expect(lines_saying(buf,
                           "branch and bound, incumbent 3.2000bn person-km, bound 3.1680bn, "
                           "gap 1.00%",
                           at, 8) == 1,
              "%s", buf);
    size_t late = lines_saying(buf,
                               "branch and bound, incumbent 3.1800bn person-km, bound 3.1680bn, "
                               "gap 0.38%",
                               at, 8);
    cr_expect(late == 1 && at[0] >= 0.9, "the held-back report, a second on: %s", buf);
}

Test(progress, a_sweep_line_is_not_drawn_again, .init = cr_redirect_stderr)
{
    fpt_cli_progress p;
    start(&p, "--progress");
    p.beat_s = 0.05;
    report(&p, 1, -1); /* the beat begins */
    pause_s(0.01);
    /* a line after it, final so as to be drawn within the second */
    fpt_cli_progress_line(&p, true, "%d of %d scenarios, about %d s left", 3, 10, 7);
    pause_s(0.4);
    fpt_cli_progress_end(&p);
    char buf[16384];
    captured(buf, sizeof buf);
    double at[64];
    cr_expect(lines_saying(buf, "3 of 10 scenarios, about 7 s left", at, 64) == 1,
              "a rate and a time left would not stay true: %s", buf);
    const char *line = strstr(buf, "3 of 10 scenarios");
    cr_assert(line != NULL && lines_saying(buf, "numbers of units, 1 of 6 done", at, 64) >= 1, "%s",
              buf);
    cr_expect(lines_saying(line, "numbers of units, 1 of 6 done", at, 64) == 0,
              "the report's text drawn again after the line: %s", buf);
}
