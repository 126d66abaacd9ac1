/* SPDX-License-Identifier: MIT */
/*
 * Internal: keeps GLPK from killing the process. GLPK aborts on API misuse (a row number out
 * of range, an invalid bound) and on running out of memory; a guard turns that into
 * FPT_EINTERNAL with GLPK's own message. Every public entry point that builds, solves or writes
 * a GLPK problem (fpt_lp_build, fpt_lp_write, fpt_solve, fpt_solver_solve, fpt_districts_solve,
 * fpt_districts_write_mps) runs that work inside one guard; guards do not nest, so code already
 * inside one calls the unguarded internals (mip/lp.h, geo/districts/districts_internal.h).
 */
#ifndef FPT_GLPK_GUARD_H
#define FPT_GLPK_GUARD_H

#include "footprint/error.h"

/** The GLPK work a guard runs: returns a status, records failures in err. */
typedef fpt_status (*fpt_glpk_body)(void *ctx, fpt_error *err);

/**
 * Run body(ctx, err) with GLPK's error hook armed on the calling thread.
 *
 * When GLPK detects a fatal error inside body, the hook jumps back here, the thread's GLPK
 * environment is freed (glp_free_env) and FPT_EINTERNAL is returned with a message naming
 * GLPK, what was being done (doing, e.g. "solving") and GLPK's own words. After that every
 * GLPK object this thread created earlier is gone: the caller must not touch any glp_prob or
 * fpt_lp it held. Memory body's frames took from the C heap is not returned (GLPK-owned
 * memory, fpt_lp included, is). GLPK's terminal output stays off.
 *
 * @param body  the work; must not itself call fpt_glpk_guard()
 * @param ctx   borrowed, handed to body
 * @param doing borrowed; a phrase for the message
 * @return body's status, or FPT_EINTERNAL after a GLPK fatal error.
 * Thread safety: per thread (GLPK's hooks and environment are thread-local).
 */
fpt_status fpt_glpk_guard(fpt_glpk_body body, void *ctx, const char *doing, fpt_error *err);

#ifdef FPT_TEST_HOOKS
/**
 * Test builds only: misuse GLPK on purpose inside a guard (bounds on a column of a problem
 * that has none). Returns what the guard returns: FPT_EINTERNAL.
 */
fpt_status fpt_glpk_guard_provoke(fpt_error *err);
#endif

#endif
