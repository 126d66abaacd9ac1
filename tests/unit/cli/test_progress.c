/* SPDX-License-Identifier: MIT */
/*
 * The progress line's text (solver/cli/progress.c), driven through its callback with
 * --progress off a terminal, so that every line is plain and whole: the stage, the steps
 * done, which K are done as ranges, the incumbent, bound and gap, and nothing at all with
 * --quiet. Drawing in place on a terminal is tests/cli/progress_test.sh's, under script(1).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

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
