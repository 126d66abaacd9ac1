/* SPDX-License-Identifier: MIT */
/*
 * The GLPK guard (solver/base/glpk_guard.h): a GLPK fatal error becomes FPT_EINTERNAL with a
 * message naming GLPK and its reason, the process lives on, and the same thread can solve
 * again afterwards. The misuse is provoked through fpt_glpk_guard_provoke(), compiled only
 * with -DFPT_TEST_HOOKS=ON (tests/cmake/base.cmake adds this test only then).
 */
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include "base/glpk_guard.h"
#include "footprint/appraise.h"
#include "footprint/load.h"
#include "footprint/solve.h"

static fpt_status pass_through(void *ctx, fpt_error *err)
{
    return fpt_error_set(err, *(fpt_status *)ctx, NULL, 0, "the body's own failure");
}

Test(glpk_guard, returns_the_body_status_untouched)
{
    fpt_status want = FPT_ESOLVER;
    fpt_error err = {0};
    cr_expect(eq(int, fpt_glpk_guard(pass_through, &want, "testing", &err), FPT_ESOLVER));
    cr_expect(eq(str, err.message, "the body's own failure"));
}

Test(glpk_guard, misuse_becomes_an_internal_error)
{
    fpt_error err = {0};
    cr_assert(eq(int, fpt_glpk_guard_provoke(&err), FPT_EINTERNAL));
    cr_expect(eq(int, err.status, FPT_EINTERNAL));
    cr_expect(ne(ptr, strstr(err.message, "GLPK stopped on a fatal error while testing"), NULL),
              "%s", err.message);
    cr_expect(ne(ptr, strstr(err.message, "column number out of range"), NULL), "%s", err.message);
}

/* After the guard freed the environment, GLPK starts a fresh one on the next call. */
Test(glpk_guard, the_thread_solves_again_after_a_misuse)
{
    fpt_error err = {0};
    cr_assert(eq(int, fpt_glpk_guard_provoke(&err), FPT_EINTERNAL));
    fpt_xml_init();
    fpt_model *m = NULL;
    fpt_scenario *s = NULL;
    fpt_appraisal *a = NULL;
    fpt_solution *sol = NULL;
    fpt_solve_options o;
    fpt_solve_options_init(&o);
    fpt_error_clear(&err);
    cr_assert(eq(int, fpt_model_load(FPT_TEST_DATA "/tiny-model.xml", &m, NULL, &err), FPT_OK));
    cr_assert(
        eq(int, fpt_scenario_load(FPT_TEST_DATA "/tiny-scenario.xml", m, &s, NULL, &err), FPT_OK));
    cr_assert(eq(int, fpt_appraisal_build(m, s, &a, &err), FPT_OK));
    cr_expect(eq(int, fpt_solve(a, &o, &sol, &err), FPT_OK), "%s", err.message);
    cr_expect(eq(int, sol->result, FPT_RESULT_OPTIMAL));
    fpt_solution_free(sol);
    fpt_appraisal_free(a);
    fpt_scenario_free(s);
    fpt_model_free(m);
    fpt_solve_thread_exit();
    fpt_xml_cleanup();
}
