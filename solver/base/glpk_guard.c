/* SPDX-License-Identifier: MIT */
/*
 * The GLPK fatal-error guard (base/glpk_guard.h). glp_error_hook's hook may not return (GLPK
 * would abort), so it longjmps back to the guard, which frees the thread's GLPK environment
 * as GLPK's manual requires. GLPK prints its reason just before calling the hook; a terminal
 * hook catches that text for the message, so nothing reaches the terminal.
 */
#include "base/glpk_guard.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <glpk.h>

enum { REASON_MAX = 256 };

typedef struct guard {
    jmp_buf jump;
    char reason[REASON_MAX]; /* GLPK's first line of output once the error began */
    bool have_reason;
    bool lost; /* GLPK called the error hook */
} guard;

/* Keep GLPK's first line (its own diagnosis, e.g. "glp_set_col_bnds: j = 1; column number
 * out of range"); the following "Error detected in file …" line adds nothing. Returning
 * nonzero keeps the text off the terminal. */
static int catch_text(void *info, const char *s)
{
    guard *g = info;
    if (!g->have_reason) {
        snprintf(g->reason, sizeof g->reason, "%s", s);
        g->reason[strcspn(g->reason, "\n")] = '\0';
        g->have_reason = true;
    }
    return 1;
}

static void on_fatal(void *info)
{
    guard *g = info;
    g->lost = true;
    longjmp(g->jump, 1);
}

static void disarm(void)
{
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_term_out(GLP_OFF);
}

/* The setjmp lives here, not in fpt_glpk_guard, so that nothing local to this function
 * changes between setjmp and longjmp (C11 7.13.2.1p3): g belongs to the caller. */
static fpt_status run_armed(guard *g, fpt_glpk_body body, void *ctx, fpt_error *err)
{
    glp_term_out(GLP_OFF); /* GLPK turns it on itself to print a fatal error's reason */
    glp_term_hook(catch_text, g);
    glp_error_hook(on_fatal, g);
    if (setjmp(g->jump) != 0) {
        return FPT_EINTERNAL;
    }
    fpt_status st = body(ctx, err);
    disarm();
    return st;
}

fpt_status fpt_glpk_guard(fpt_glpk_body body, void *ctx, const char *doing, fpt_error *err)
{
    guard g = {.have_reason = false, .lost = false};
    fpt_status st = run_armed(&g, body, ctx, err);
    if (!g.lost) {
        return st;
    }
    glp_free_env(); /* the only call GLPK allows after a fatal error; hooks go with it */
    return fpt_error_set(err, FPT_EINTERNAL, NULL, 0,
                         "GLPK stopped on a fatal error while %s (%s); this is a bug in "
                         "footprint, please report it with the input files",
                         doing, g.have_reason ? g.reason : "no reason given");
}

#ifdef FPT_TEST_HOOKS
static fpt_status misuse(void *ctx, fpt_error *err)
{
    (void)ctx;
    (void)err;
    glp_prob *p = glp_create_prob();
    glp_set_col_bnds(p, 1, GLP_LO, 0.0, 0.0); /* p has no column 1: GLPK's fatal error */
    glp_delete_prob(p);
    return FPT_OK;
}

fpt_status fpt_glpk_guard_provoke(fpt_error *err)
{
    return fpt_glpk_guard(misuse, NULL, "testing the guard", err);
}
#endif
